//! The `markdown` format: GitHub-flavoured tables to paste into an issue or append
//! to `$GITHUB_STEP_SUMMARY`.

use std::io::{self, Write};

use crate::progress;
use crate::report::{MilestoneReport, Report};

/// Text from a plan as Markdown that shows it as it is: control characters
/// escaped as everywhere, and the characters that would make it markup — emphasis,
/// code, links, HTML, tables, strikethrough — escaped with a backslash
/// (`<img onerror=…>` in a task shows as text, never as HTML).
pub fn text(text: &str) -> String {
    let text = super::sanitize(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A code span holding `text` as it is: fenced with more backticks than it holds
/// in a row, and spaced when it starts or ends with one.
pub fn code(text: &str) -> String {
    let text = super::sanitize(text);
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A table cell: [`text`].
fn cell(text: &str) -> String {
    self::text(text)
}

/// Writes the report: a heading and summary per plan, and a table of its sections.
/// Like every Markdown output it ends with a blank line, so that another one can
/// follow it in the same file (`>> $GITHUB_STEP_SUMMARY`) without joining its table.
pub fn report(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    for (i, plan) in report.plans.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let title = plan
            .title
            .as_deref()
            .map(|t| format!(" — {}", cell(t)))
            .unwrap_or_default();
        writeln!(out, "### {}{title}", cell(&plan.plan))?;
        writeln!(out)?;
        let c = &plan.counts;
        let mut summary = format!(
            "**{}/{} done ({}%)** · {} in progress · {} skipped",
            c.done,
            c.planned(),
            plan.percent,
            c.doing,
            c.skipped
        );
        if let Some(s) = &plan.schedule {
            summary.push_str(&format!(
                " · {} of the schedule: {}, {}",
                s.when(),
                s.expected(),
                s.verdict()
            ));
        }
        summary.push_str(&format!(
            " · pace {:.1} a week: {}",
            plan.pace.per_week,
            plan.pace.outlook()
        ));
        writeln!(out, "{summary}")?;
        if plan.sections.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "| Section | Done | % | Progress | Due |")?;
        writeln!(out, "| --- | ---: | ---: | --- | --- |")?;
        for s in &plan.sections {
            let indent = "&nbsp;&nbsp;".repeat(s.depth - 1);
            writeln!(
                out,
                "| {indent}{} | {}/{} | {}% | `{}` | {} |",
                cell(&s.title),
                s.counts.done,
                s.counts.planned(),
                s.percent,
                progress::bar(s.counts.fraction(), 10),
                s.due.map(|d| d.to_string()).unwrap_or_default()
            )?;
        }
    }
    writeln!(out)
}

/// Writes milestones as one table.
pub fn milestones(out: &mut dyn Write, list: &[MilestoneReport]) -> io::Result<()> {
    writeln!(
        out,
        "| Milestone | Plan | Done | % | Progress | Due | Status |"
    )?;
    writeln!(out, "| --- | --- | ---: | ---: | --- | --- | --- |")?;
    for m in list {
        writeln!(
            out,
            "| {} | {} | {}/{} | {}% | `{}` | {} | {} |",
            cell(&m.name),
            cell(&m.plan),
            m.counts.done,
            m.counts.planned(),
            m.percent,
            progress::bar(m.counts.fraction(), 10),
            m.due.map(|d| d.to_string()).unwrap_or_default(),
            m.status.words()
        )?;
    }
    writeln!(out)
}
