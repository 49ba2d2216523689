//! `roadmap init`: write a bundled plan into `./plans/` and a starter `roadmap.toml`,
//! never overwriting a file without `--force`.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use crate::cli::InitArgs;
use crate::config;
use crate::context::Context;
use crate::error::{Error, Outcome};
use crate::files;
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
    let files = [
        (plan_rel.clone(), template.text.to_string()),
        (
            PathBuf::from(config::FILE_NAME),
            starter_config(template, ctx),
        ),
    ];
    // Refuse before writing anything, so a refusal leaves no half-made folder.
    if !args.force {
        let existing: Vec<String> = files
            .iter()
            .filter(|(rel, _)| fs::symlink_metadata(ctx.cwd.join(rel)).is_ok())
            .map(|(rel, _)| rel.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(Error::Usage {
                message: format!(
                    "{} already exist{}; nothing written (use --force to overwrite)",
                    existing.join(" and "),
                    if existing.len() == 1 { "s" } else { "" }
                ),
            });
        }
    }
    fs::create_dir_all(ctx.cwd.join("plans")).map_err(|source| Error::Io {
        path: PathBuf::from("plans"),
        action: "cannot create directory",
        source,
    })?;
    // Through the same atomic path as `check`: a full disk or a kill leaves the old
    // file whole, and an existing file keeps its mode, owner and attributes.
    let how = if args.force {
        files::Create::Replace
    } else {
        files::Create::New
    };
    for (rel, text) in &files {
        files::create(&ctx.cwd.join(rel), rel, text.as_bytes(), how)?;
        writeln!(out, "wrote {}", rel.display())?;
    }
    writeln!(out, "next: roadmap next")?;
    Ok(Outcome::Success)
}

/// A commented `roadmap.toml` that starts the schedule today.
fn starter_config(template: &Template, ctx: &Context) -> String {
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
        today = ctx.today().format("%Y-%m-%d"),
        milestones = template.milestones,
    )
}
