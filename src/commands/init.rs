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
    let template = templates::find(&args.template).ok_or_else(|| Error::Usage {
        message: format!(
            "no bundled plan named `{}` (bundled: {})",
            args.template,
            templates::TEMPLATES
                .iter()
                .map(|t| t.name)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })?;
    let plan_rel = PathBuf::from("plans").join(format!("{}.md", template.name));
    let config_rel = PathBuf::from(config::FILE_NAME);
    let plan_path = ctx.cwd.join(&plan_rel);
    let config_path = ctx.cwd.join(&config_rel);
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
    let today = ctx.today();
    let config = match fs::symlink_metadata(&config_path) {
        Err(_) => Some((starter_config(template, today), files::Create::New)),
        Ok(_) => {
            let text = files::read_text_file(&config_path, &config_rel)?;
            add_plan(&text, template, today, !plan_exists)
                .map_err(|(line, message)| Error::Config {
                    path: config_rel.clone(),
                    line,
                    message,
                })?
                .map(|text| (text, files::Create::Replace))
        }
    };
    fs::create_dir_all(ctx.cwd.join("plans")).map_err(|source| Error::Io {
        path: PathBuf::from("plans"),
        action: "cannot create directory",
        source,
    })?;
    let how = if args.force {
        files::Create::Replace
    } else {
        files::Create::New
    };
    files::create(&plan_path, &plan_rel, template.text.as_bytes(), how)?;
    writeln!(out, "wrote {}", plan_rel.display())?;
    match config {
        Some((text, files::Create::New)) => {
            files::create(
                &config_path,
                &config_rel,
                text.as_bytes(),
                files::Create::New,
            )?;
            writeln!(out, "wrote {}", config_rel.display())?;
        }
        Some((text, how)) => {
            files::create(&config_path, &config_rel, text.as_bytes(), how)?;
            writeln!(
                out,
                "added {} to {} (its schedule starts {today})",
                template.name,
                config_rel.display()
            )?;
        }
        None => writeln!(out, "{} already has what it needs", config_rel.display())?,
    }
    writeln!(out, "next: roadmap next")?;
    Ok(Outcome::Success)
}

/// A commented `roadmap.toml` that starts the schedule today.
fn starter_config(template: &Template, today: NaiveDate) -> String {
    format!(
        r#"# roadmap.toml: settings for `roadmap` in this folder and below. All optional.

# Which Markdown files are plans (globs, relative to this file).
plans = ["plans/*.md"]

# `roadmap check` writes a done date, " ✅ YYYY-MM-DD", on the task's line.
stamp = true

[schedule]
# Day one of week one: due dates count from here.
start = {today}
# Ranges such as "6-8 недель": take the min, mid or max.
pace = "min"

{milestones}"#,
        today = today.format("%Y-%m-%d"),
        milestones = template.milestones,
    )
}

/// The config `text` with what the plan of `template` needs added, or `None` when
/// it has it all. `new_plan` says whether the plan file is new: only a new plan
/// gets its own start, for a plan already studied must keep its dates.
fn add_plan(
    text: &str,
    template: &Template,
    today: NaiveDate,
    new_plan: bool,
) -> Result<Option<String>, (Option<usize>, String)> {
    // The config must already be one roadmap reads.
    config::parse(text)?;
    let lines = LineIndex::new(text);
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        let line = e.span().map(|s| lines.line(s.start));
        (line, e.message().to_string())
    })?;
    let path = format!("plans/{}.md", template.name);
    let mut changed = false;

    if let Some(globs) = doc.get_mut("plans").and_then(Item::as_array_mut)
        && !globs
            .iter()
            .filter_map(|g| g.as_str())
            .any(|g| glob_matches(g, &path))
    {
        globs.push(path.as_str());
        changed = true;
    }

    let named = |t: &Table| t.get("name").and_then(Item::as_str) == Some(template.name);
    let has_entry = doc
        .get("plan")
        .and_then(Item::as_array_of_tables)
        .is_some_and(|plans| plans.iter().any(named));
    let adding = new_plan && !has_entry;
    if adding {
        let mut entry = Table::new();
        entry.insert("name", value(template.name));
        let start: toml_edit::Datetime = today
            .format("%Y-%m-%d")
            .to_string()
            .parse()
            .map_err(|_| (None, "today is not a TOML date".to_string()))?;
        entry.insert("start", value(start));
        entry
            .decor_mut()
            .set_prefix(format!("\n# {}: its own day one.\n", template.name));
        match doc.get_mut("plan").and_then(Item::as_array_of_tables_mut) {
            Some(plans) => plans.push(entry),
            None => {
                let mut plans = toml_edit::ArrayOfTables::new();
                plans.push(entry);
                doc.insert("plan", Item::ArrayOfTables(plans));
            }
        }
        changed = true;
    }
    let mut out = doc.to_string();

    let has_milestones = config::parse(text)?
        .milestones
        .iter()
        .any(|m| m.plan.as_deref() == Some(template.name));
    if adding && !has_milestones {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
        out.push_str(template.milestones);
        changed = true;
    }
    // What was added must read back as a config roadmap accepts.
    config::parse(&out)?;
    Ok(changed.then_some(out))
}

/// Whether a `plans` glob matches `path` (both relative to the config's folder).
fn glob_matches(glob: &str, path: &str) -> bool {
    globset::GlobBuilder::new(glob)
        .literal_separator(true)
        .build()
        .is_ok_and(|g| g.compile_matcher().is_match(Path::new(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
    }

    fn backend() -> &'static Template {
        templates::find("backend-roadmap").unwrap()
    }

    #[test]
    fn a_second_plan_is_added_keeping_everything_else() {
        let first = starter_config(
            templates::find("go-backend").unwrap(),
            date() - chrono::Duration::days(90),
        );
        let added = add_plan(&first, backend(), date(), true).unwrap().unwrap();
        assert!(
            added.starts_with(&first),
            "nothing before is touched:\n{added}"
        );
        let config = config::parse(&added).unwrap();
        assert_eq!(config.plan_settings[0].name, "backend-roadmap");
        assert_eq!(config.plan_settings[0].start, Some(date()));
        assert_eq!(config.milestones.len(), 4, "go-backend's milestones stay");
        // Adding it again adds nothing.
        assert_eq!(add_plan(&added, backend(), date(), true).unwrap(), None);
    }

    #[test]
    fn a_plan_outside_the_globs_is_added_to_them() {
        let text = "# mine\nplans = [\"notes/*.md\"]  # my notes\n";
        let added = add_plan(text, backend(), date(), true).unwrap().unwrap();
        assert!(
            added.starts_with(
                "# mine\nplans = [\"notes/*.md\", \"plans/backend-roadmap.md\"]  # my notes\n"
            ),
            "{added}"
        );
    }

    #[test]
    fn a_plan_that_was_there_keeps_its_dates() {
        let first = starter_config(backend(), date());
        assert_eq!(add_plan(&first, backend(), date(), false).unwrap(), None);
    }

    #[test]
    fn a_broken_config_is_named_and_left_alone() {
        let (line, _) =
            add_plan("plans = [\"a\"]\nstamp = \n", backend(), date(), true).unwrap_err();
        assert_eq!(line, Some(2));
    }
}
