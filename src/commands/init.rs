//! `roadmap init`: write a bundled plan into `./plans/`, and start `roadmap.toml` or
//! add to it. A plan file is never overwritten without `--force`.
//!
//! With no `roadmap.toml`, a commented starter is written whose schedule starts
//! today. With one, only what the new plan needs is added, through `toml_edit` so
//! that comments, order and every other setting stay as the learner left them: its
//! path to `plans` when no glob there matches it, a `[[plan]]` table with its own
//! start (today, so that the first plan's dates do not move), and the template's
//! milestones when the config has none for it. Every file goes through the atomic
//! write of [`files::create`].

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml_edit::{DocumentMut, Item, Table, value};

use crate::cli::InitArgs;
use crate::config;
use crate::context::Context;
use crate::discover;
use crate::error::{Error, Outcome};
use crate::files;
use crate::markdown::LineIndex;
use crate::templates::{self, Template};

/// Runs `init`.
pub fn run(ctx: &Context, args: &InitArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    if args.list {
        for t in templates::TEMPLATES {
            writeln!(out, "{:<16} {}", t.name, t.summary)?;
        }
        return Ok(Outcome::Success);
    }
    let template = template(&args.template)?;
    let plan_rel = PathBuf::from("plans").join(format!("{}.md", template.name));
    let plan_path = ctx.cwd.join(&plan_rel);
    let plan_exists = fs::symlink_metadata(&plan_path).is_ok();
    // Refuse before writing anything, so a refusal leaves no half-made folder.
    if plan_exists && !args.force {
        return Err(Error::Usage {
            message: format!(
                "{} already exists; nothing written (use --force to overwrite it)",
                plan_rel.display()
            ),
        });
    }
    // The config the other commands would read here: `--config`, or the nearest
    // `roadmap.toml` upwards, or a new one in this folder.
    let config_path = ctx
        .config_file
        .clone()
        .unwrap_or_else(|| ctx.cwd.join(config::FILE_NAME));
    let config_rel = discover::relative(&config_path, &ctx.cwd);
    let addition = Addition {
        template,
        today: ctx.today(),
        new_plan: !plan_exists,
        config_dir: config_path.parent().unwrap_or(&ctx.cwd).to_path_buf(),
        plan_path: plan_path.clone(),
        home: ctx.home.clone(),
    };
    let config = match fs::symlink_metadata(&config_path) {
        Err(_) => Some((addition.starter()?, files::Create::New)),
        Ok(_) => {
            let text = files::read_text_file(&config_path, &config_rel)?;
            addition
                .add_to(&text)
                .map_err(|(line, message)| Error::Config {
                    path: config_rel.clone(),
                    line,
                    message,
                })?
                .map(|text| (text, files::Create::Replace))
        }
    };

    let plans_dir = ctx.cwd.join("plans");
    let made_dir = !plans_dir.exists();
    fs::create_dir_all(&plans_dir).map_err(|source| Error::Io {
        path: PathBuf::from("plans"),
        action: "cannot create directory",
        source,
    })?;
    // With --force, the plan it replaces, to put back if the config cannot be
    // written: a plan the config does not know, or a config naming a plan that is
    // not there, would break every command that follows.
    // (Only a regular file is read: anything else is refused by the write below.)
    let before = if fs::metadata(&plan_path).is_ok_and(|m| m.is_file()) {
        Some(fs::read(&plan_path).map_err(|source| Error::Io {
            path: plan_rel.clone(),
            action: "cannot read",
            source,
        })?)
    } else {
        None
    };
    let how = if plan_exists {
        files::Create::Replace
    } else {
        files::Create::New
    };
    files::create(&plan_path, &plan_rel, template.text.as_bytes(), how)?;
    let config_written = match &config {
        Some((text, how)) => files::create(&config_path, &config_rel, text.as_bytes(), *how),
        None => Ok(()),
    };
    if let Err(e) = config_written {
        put_back(
            &plan_path,
            &plan_rel,
            before,
            made_dir.then_some(&plans_dir),
        )?;
        return Err(e);
    }
    writeln!(out, "wrote {}", crate::escape::path(&plan_rel))?;
    let config_shown = crate::escape::path(&config_rel);
    match config {
        Some((_, files::Create::New)) => writeln!(out, "wrote {config_shown}")?,
        Some(_) => writeln!(
            out,
            "added {} to {config_shown} (its schedule starts {})",
            template.name, addition.today
        )?,
        None => writeln!(out, "{config_shown} already has what it needs")?,
    }
    writeln!(out, "next: roadmap next")?;
    Ok(Outcome::Success)
}

/// The bundled plan `name`, or an error that lists them.
fn template(name: &str) -> Result<&'static Template, Error> {
    templates::find(name).ok_or_else(|| Error::Usage {
        message: format!(
            "no bundled plan named `{name}` (bundled: {})",
            templates::TEMPLATES
                .iter()
                .map(|t| t.name)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

/// Undoes the plan's write when the config could not be written: the plan it
/// replaced (`before`) goes back, or the new plan goes, with the `plans` folder
/// made for it (`made_dir`).
fn put_back(
    plan_path: &Path,
    plan_rel: &Path,
    before: Option<Vec<u8>>,
    made_dir: Option<&PathBuf>,
) -> Result<(), Error> {
    match before {
        Some(bytes) => files::create(plan_path, plan_rel, &bytes, files::Create::Replace)?,
        None => {
            let _ = fs::remove_file(plan_path);
            if let Some(dir) = made_dir {
                let _ = fs::remove_dir(dir);
            }
        }
    }
    Ok(())
}

/// A bundled plan on its way into a folder, and what the config needs for it.
struct Addition {
    template: &'static Template,
    today: NaiveDate,
    /// Whether the plan file is new: only a new plan gets its own start, for a
    /// plan already studied must keep its dates.
    new_plan: bool,
    /// The folder of the config, which its globs and plan paths are relative to.
    config_dir: PathBuf,
    /// Where the plan goes (absolute).
    plan_path: PathBuf,
    /// For `~/` in globs.
    home: Option<PathBuf>,
}

impl Addition {
    /// The plan's path as a glob relative to the config's folder, its special
    /// characters escaped.
    fn glob(&self) -> Result<String, (Option<usize>, String)> {
        self.path_glob(&self.plan_path)
    }

    fn path_glob(&self, path: &Path) -> Result<String, (Option<usize>, String)> {
        let rel = discover::relative(path, &self.config_dir);
        rel.to_str().map(globset::escape).ok_or_else(|| {
            (
                None,
                format!(
                    "{}: a path that is not UTF-8 cannot be written in roadmap.toml",
                    crate::escape::path(&rel)
                ),
            )
        })
    }

    /// Whether `name` (a `[[plan]]` name or a milestone's `plan`) names this plan:
    /// its stem, file name, or path from the config's folder.
    fn names(&self, name: &str) -> bool {
        let file = format!("{}.md", self.template.name);
        name == self.template.name
            || name == file
            || (name.contains('/')
                && discover::relative(&self.config_dir.join(name), &self.config_dir)
                    == discover::relative(&self.plan_path, &self.config_dir))
    }

    /// A commented `roadmap.toml` that starts the schedule today.
    fn starter(&self) -> Result<String, Error> {
        let folder = self
            .plan_path
            .parent()
            .map(|dir| self.path_glob(dir))
            .transpose()
            .map_err(|(_, message)| Error::Usage { message })?
            .unwrap_or_default();
        let glob = if folder.is_empty() {
            "*.md".to_string()
        } else {
            format!("{folder}/*.md")
        };
        let plans = toml_edit::Value::from(glob.as_str()).to_string();
        Ok(format!(
            r#"# roadmap.toml: settings for `roadmap` in this folder and below. All optional.

# Which Markdown files are plans (globs, relative to this file).
plans = [{plans}]

# `roadmap check` writes a done date, " ✅ YYYY-MM-DD", on the task's line.
stamp = true

[schedule]
# Day one of week one: due dates count from here.
start = {today}
# Ranges such as "6-8 недель": take the min, mid or max.
pace = "min"

{milestones}"#,
            plans = plans.trim(),
            today = self.today.format("%Y-%m-%d"),
            milestones = self.template.milestones,
        ))
    }

    /// The config `text` with what the plan needs added, or `None` when it has it
    /// all: its path in `plans` when no glob there takes it in, a `[[plan]]` with
    /// its own start, and the template's milestones when none names the plan. The
    /// rest of the file, its byte order mark and line endings included, is kept.
    fn add_to(&self, text: &str) -> Result<Option<String>, (Option<usize>, String)> {
        let (bom, body) = match text.strip_prefix('\u{feff}') {
            Some(body) => ("\u{feff}", body),
            None => ("", text),
        };
        // The config must already be one roadmap reads.
        let config = config::parse(body)?;
        let lines = LineIndex::new(body);
        let mut doc: DocumentMut = body.parse().map_err(|e: toml_edit::TomlError| {
            let line = e.span().map(|s| lines.line(s.start));
            (line, e.message().to_string())
        })?;
        let mut changed = false;

        // Without `plans`, roadmap looks in ./plans/, where the plan goes.
        let covered = config.plans.as_ref().is_none_or(|globs| {
            globs.iter().any(|g| {
                discover::would_match(&self.config_dir, g, self.home.as_deref(), &self.plan_path)
            })
        });
        if !covered && let Some(globs) = doc.get_mut("plans").and_then(Item::as_array_mut) {
            globs.push(self.glob()?);
            changed = true;
        }

        let has_entry = config.plan_settings.iter().any(|p| self.names(&p.name));
        let adding = self.new_plan && !has_entry;
        let has_milestones = config
            .milestones
            .iter()
            .any(|m| m.plan.as_deref().is_some_and(|name| self.names(name)));
        let mut appended = String::new();
        if adding {
            self.add_entry(&mut doc)?;
            if !has_milestones {
                appended = self.add_milestones(&mut doc)?;
            }
            changed = true;
        }
        if !changed {
            return Ok(None);
        }
        let mut out = doc.to_string();
        if !appended.is_empty() {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push('\n');
            out.push_str(&appended);
        }
        // What was added must read back as a config roadmap accepts.
        config::parse(&out)?;
        // Lines added end as the file's lines do.
        if body.contains("\r\n") && !body.replace("\r\n", "").contains('\n') {
            out = out.replace("\r\n", "\n").replace('\n', "\r\n");
        }
        Ok(Some(format!("{bom}{out}")))
    }

    /// Adds the plan's `[[plan]]` with its own start, in the form the file uses.
    fn add_entry(&self, doc: &mut DocumentMut) -> Result<(), (Option<usize>, String)> {
        let name = self.template.name;
        let mut entry = Table::new();
        entry.insert("name", value(name));
        let start: toml_edit::Datetime = self
            .today
            .format("%Y-%m-%d")
            .to_string()
            .parse()
            .map_err(|_| (None, "today is not a TOML date".to_string()))?;
        entry.insert("start", value(start));
        match doc.get_mut("plan") {
            // `plan = [{ name = "go" }]`: one more inline table.
            Some(Item::Value(toml_edit::Value::Array(plans))) => {
                plans.push(entry.into_inline_table());
            }
            Some(Item::ArrayOfTables(plans)) => {
                entry
                    .decor_mut()
                    .set_prefix(format!("\n# {name}: its own day one.\n"));
                plans.push(entry);
            }
            Some(_) => return Err((None, "`plan` is not a list of tables".into())),
            None => {
                entry
                    .decor_mut()
                    .set_prefix(format!("\n# {name}: its own day one.\n"));
                let mut plans = toml_edit::ArrayOfTables::new();
                plans.push(entry);
                doc.insert("plan", Item::ArrayOfTables(plans));
            }
        }
        Ok(())
    }

    /// Adds the template's milestones: into `milestone = [...]` when the file
    /// writes them inline, or else returned as text to append, comments and all.
    fn add_milestones(&self, doc: &mut DocumentMut) -> Result<String, (Option<usize>, String)> {
        let Some(Item::Value(toml_edit::Value::Array(list))) = doc.get_mut("milestone") else {
            return Ok(self.template.milestones.to_string());
        };
        let template: DocumentMut = self
            .template
            .milestones
            .parse()
            .map_err(|_| (None, "a bundled milestone is not TOML".to_string()))?;
        if let Some(milestones) = template.get("milestone").and_then(Item::as_array_of_tables) {
            for m in milestones.iter() {
                list.push(m.clone().into_inline_table());
            }
        }
        Ok(String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
    }

    /// `backend-roadmap` going into `/learn/plans/`, with the config in `/learn`.
    fn backend(new_plan: bool) -> Addition {
        adding("backend-roadmap", "/learn", new_plan)
    }

    fn adding(name: &str, config_dir: &str, new_plan: bool) -> Addition {
        Addition {
            template: templates::find(name).unwrap(),
            today: date(),
            new_plan,
            config_dir: PathBuf::from(config_dir),
            plan_path: PathBuf::from(format!("/learn/plans/{name}.md")),
            home: None,
        }
    }

    #[test]
    fn a_second_plan_is_added_keeping_everything_else() {
        let mut go = adding("go-backend", "/learn", true);
        go.today = date() - chrono::Duration::days(90);
        let first = go.starter().unwrap();
        let added = backend(true).add_to(&first).unwrap().unwrap();
        assert!(
            added.starts_with(&first),
            "nothing before is touched:\n{added}"
        );
        let config = config::parse(&added).unwrap();
        assert_eq!(config.plan_settings[0].name, "backend-roadmap");
        assert_eq!(config.plan_settings[0].start, Some(date()));
        assert_eq!(config.milestones.len(), 4, "go-backend's milestones stay");
        // Adding it again adds nothing.
        assert_eq!(backend(true).add_to(&added).unwrap(), None);
    }

    #[test]
    fn a_plan_outside_the_globs_is_added_to_them() {
        let text = "# mine\nplans = [\"notes/*.md\"]  # my notes\n";
        let added = backend(true).add_to(text).unwrap().unwrap();
        assert!(
            added.starts_with(
                "# mine\nplans = [\"notes/*.md\", \"plans/backend-roadmap.md\"]  # my notes\n"
            ),
            "{added}"
        );
    }

    #[test]
    fn globs_are_relative_to_the_config_and_escaped() {
        let mut deep = adding("backend-roadmap", "/learn", true);
        deep.plan_path = PathBuf::from("/learn/year [2]/plans/backend-roadmap.md");
        let added = deep.add_to("plans = [\"notes/*.md\"]\n").unwrap().unwrap();
        let config = config::parse(&added).unwrap();
        assert_eq!(
            config.plans.unwrap()[1],
            "year [[]2[]]/plans/backend-roadmap.md"
        );
        let starter = config::parse(&deep.starter().unwrap()).unwrap();
        assert_eq!(starter.plans.unwrap(), ["year [[]2[]]/plans/*.md"]);
        // A glob already taking the plan in is enough.
        assert_eq!(
            backend(false).add_to("plans = [\"**/*.md\"]\n").unwrap(),
            None
        );
    }

    #[test]
    fn a_plan_that_was_there_keeps_its_dates() {
        let first = backend(true).starter().unwrap();
        assert_eq!(backend(false).add_to(&first).unwrap(), None);
    }

    #[test]
    fn any_name_of_the_plan_counts_as_its_entry() {
        for name in [
            "backend-roadmap",
            "backend-roadmap.md",
            "plans/backend-roadmap.md",
            "./plans/backend-roadmap.md",
        ] {
            let text = format!("[[plan]]\nname = \"{name}\"\nstart = 2026-01-01\n");
            assert_eq!(backend(true).add_to(&text).unwrap(), None, "{name}");
        }
    }

    #[test]
    fn inline_tables_get_inline_additions() {
        let text = "plan = [{ name = \"backend-roadmap\", start = 2026-01-01 }]\n\
                    milestone = [{ name = \"M\", plan = \"backend-roadmap\", through = \"x\" }]\n";
        let added = adding("go-backend", "/learn", true)
            .add_to(text)
            .unwrap()
            .unwrap();
        let config = config::parse(&added).unwrap();
        assert_eq!(config.plan_settings.len(), 2, "{added}");
        assert_eq!(config.plan_settings[1].name, "go-backend");
        assert_eq!(config.milestones.len(), 5, "{added}");
        assert!(
            config.milestones[1..]
                .iter()
                .all(|m| m.plan.as_deref() == Some("go-backend")),
            "{added}"
        );
        assert!(
            added.starts_with("plan = [{ name = \"backend-roadmap\""),
            "{added}"
        );
    }

    #[test]
    fn line_endings_and_byte_order_mark_are_kept() {
        let text = "\u{feff}# mine\r\nplans = [\"notes/*.md\"]\r\n";
        let added = backend(true).add_to(text).unwrap().unwrap();
        assert!(added.starts_with("\u{feff}# mine\r\n"), "{added:?}");
        assert!(
            !added.replace("\r\n", "").contains('\n'),
            "every line ends in CRLF: {added:?}"
        );
    }

    #[test]
    fn a_broken_config_is_named_and_left_alone() {
        let (line, _) = backend(true)
            .add_to("plans = [\"a\"]\nstamp = \n")
            .unwrap_err();
        assert_eq!(line, Some(2));
    }
}
