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

/// Writes the report: a heading and summary per plan, a table of its sections, and
/// the study days of them all.
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
                " · {}: {}, {}",
                s.where_in_it(),
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
        // Linked progress in a column of its own, when a row has any.
        let linking = plan.sections.iter().any(|s| !s.links.is_empty());
        let (head, rule) = match linking {
            true => (" Linked |", " --- |"),
            false => ("", ""),
        };
        writeln!(out, "| Section | Done | % | Progress | Due |{head}")?;
        writeln!(out, "| --- | ---: | ---: | --- | --- |{rule}")?;
        for s in &plan.sections {
            let indent = "&nbsp;&nbsp;".repeat(s.depth - 1);
            let linked = match linking {
                true => {
                    let each: Vec<String> = s.links.iter().map(|l| cell(&l.summary())).collect();
                    format!(" {} |", each.join("<br>"))
                }
                false => String::new(),
            };
            writeln!(
                out,
                "| {indent}{} | {}/{} | {}% | `{}` | {} |{linked}",
                cell(&s.title),
                s.counts.done,
                s.counts.planned(),
                s.percent,
                progress::bar(s.counts.fraction(), 10),
                s.due.map(|d| d.to_string()).unwrap_or_default()
            )?;
        }
    }
    study(out, &report.study)?;
    writeln!(out)
}

/// `### Study days`: the count and the streak, then the row of marks between the
/// window's dates, as the text format shows them; nothing when the plans have no
/// done date.
fn study(out: &mut dyn Write, study: &crate::streak::Streak) -> io::Result<()> {
    if !study.dated {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "### Study days")?;
    writeln!(out)?;
    writeln!(out, "{}", text(&study.summary()))?;
    writeln!(out)?;
    writeln!(
        out,
        "{} {} {}",
        study.from,
        code(&super::text::study_row(study)),
        study.today
    )
}

/// Writes the week in review as Markdown to paste into a weekly report or an issue:
/// a heading, the counts, each list as task items with their sections and dates,
/// each plan's pace, and the study days.
pub fn week(
    out: &mut dyn Write,
    plans: &[crate::plan::Plan],
    schedules: &[Option<crate::schedule::Schedule>],
    review: &crate::week::Week,
) -> io::Result<()> {
    writeln!(out, "## Week {} — {}", review.since, review.until)?;
    writeln!(out)?;
    writeln!(out, "**{}**", super::text::week_counts(review))?;
    let several = plans.len() > 1;
    for (title, refs) in review.lists() {
        writeln!(out)?;
        writeln!(out, "### {title}")?;
        writeln!(out)?;
        if refs.is_empty() {
            writeln!(out, "None.")?;
            continue;
        }
        for r in refs.iter() {
            let plan = &plans[r.plan];
            let task = &plan.tasks[r.task];
            let mut line = format!("- {} {}", task.status.mark(), text(&task.text));
            let path = super::text::section_line(plan, task);
            if !path.is_empty() {
                line.push_str(&format!(" — {}", text(&path)));
            }
            if several {
                line.push_str(&format!(" ({})", text(&crate::escape::path(&plan.path))));
            }
            let due = schedules
                .get(r.plan)
                .and_then(Option::as_ref)
                .and_then(|s| s.due.get(r.task).copied().flatten());
            match (task.done_on, due) {
                (Some(day), _) if task.status == crate::plan::Status::Done => {
                    line.push_str(&format!(" ✅ {day}"))
                }
                (_, Some(day)) if day < review.until => {
                    line.push_str(&format!(" · overdue since {day}"))
                }
                (_, Some(day)) => line.push_str(&format!(" · due {day}")),
                _ => {}
            }
            line.push_str(&format!(" {}", code(task.id.as_str())));
            writeln!(out, "{line}")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "### Pace")?;
    writeln!(out)?;
    for (plan, pace) in plans.iter().zip(&review.paces) {
        writeln!(
            out,
            "- {}: {:.1} a week; {}",
            text(&crate::escape::path(&plan.path)),
            pace.per_week,
            text(&pace.outlook())
        )?;
    }
    study(out, &review.study)?;
    writeln!(out)
}

/// Writes milestones as one table.
pub fn milestones(out: &mut dyn Write, list: &[MilestoneReport]) -> io::Result<()> {
    if list.is_empty() {
        return writeln!(
            out,
            "No milestones: no plan has sections, and no `[[milestone]]` is in `roadmap.toml`."
        );
    }
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
