//! The `text` format of the summaries: `report`, `milestone` and `week` — summary
//! lines that wrap under themselves at the terminal's width, and tables whose names
//! take a line of their own rather than being cut. `report` and `week` end with the
//! row of study days (`text/streak.rs`).

use std::io::{self, Write};

use super::{list, plan_header, sanitize};
use crate::milestone::State;
use crate::plan::Plan;
use crate::progress::{self, PaceState};
use crate::render::style::{self, Look};
use crate::report::{MilestoneReport, Report, ScheduleState};
use crate::schedule::Schedule;

/// Writes `report` for people: per plan a summary, then one line per section.
pub fn report(out: &mut dyn Write, look: &Look, report: &Report) -> io::Result<()> {
    let p = &look.palette;
    for (i, plan) in report.plans.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        plan_header(out, look, &plan.plan, plan.title.as_deref())?;
        let c = &plan.counts;
        let skipped = match c.skipped {
            0 => String::new(),
            n => format!(", {n} skipped"),
        };
        labelled(
            out,
            look,
            "progress",
            (&format!("{}/{} done", c.done, c.planned()), p.done),
            &format!(
                "{:>3}%  {}  {} in progress{skipped}",
                plan.percent,
                progress::bar(c.fraction(), 20),
                c.doing
            ),
        )?;
        if let Some(s) = &plan.schedule {
            let style = match s.status {
                ScheduleState::Behind => p.overdue,
                ScheduleState::Done | ScheduleState::Ahead | ScheduleState::OnSchedule => p.done,
            };
            let end = s.end.map(|e| format!(", ends {e}")).unwrap_or_default();
            labelled(
                out,
                look,
                "schedule",
                (&s.verdict(), style),
                &format!(
                    "— {} (from {}, pace {}{end}); {}",
                    s.when(),
                    s.start,
                    s.pace,
                    s.expected()
                ),
            )?;
        }
        let pace = &plan.pace;
        let outlook_style = match pace.state {
            PaceState::Done | PaceState::Projected => p.done,
            PaceState::Stalled => p.overdue,
            PaceState::TooEarly | PaceState::NoDates => p.muted,
        };
        let rest = match pace.state {
            PaceState::NoDates => String::new(),
            _ => format!(
                "— {} done in the last 7 days, {} in 28; {:.1} a week over {}",
                pace.last_7_days,
                pace.last_28_days,
                pace.per_week,
                crate::report::count(pace.window_days.unsigned_abs(), "day", "days")
            ),
        };
        labelled(out, look, "pace", (&pace.outlook(), outlook_style), &rest)?;
        if plan.sections.is_empty() {
            continue;
        }
        writeln!(out)?;
        let rows: Vec<Row> = plan
            .sections
            .iter()
            .map(|s| Row {
                indent: 2 * (s.depth - 1),
                name: sanitize(&s.title).into_owned(),
                cells: vec![
                    Cell::plain(format!("{:>4}/{:<4}", s.counts.done, s.counts.planned())),
                    Cell::plain(format!("{:>3}%", s.percent)),
                    Cell::painted(progress::bar(s.counts.fraction(), 10), p.done),
                    Cell::plain(s.due.map(|d| format!("due {d}")).unwrap_or_default()),
                    Cell::painted(linked(&s.links), p.muted),
                ],
            })
            .collect();
        table(out, look, 2, &rows)?;
    }
    super::study(out, look, &report.study)
}

/// `📖 linux 3/7 42%`: each link's progress there, beside the section's own.
fn linked(links: &[crate::report::LinkReport]) -> String {
    let each: Vec<String> = links
        .iter()
        .map(|l| sanitize(&l.summary()).into_owned())
        .collect();
    each.join(", ")
}

/// `  label     LEAD rest`: a summary line whose text wraps, at the terminal's width,
/// under itself; the lead (a verdict) is painted.
fn labelled(
    out: &mut dyn Write,
    look: &Look,
    label: &str,
    lead: (&str, owo_colors::Style),
    rest: &str,
) -> io::Result<()> {
    let margin = 12;
    let text = format!("{} {rest}", lead.0).trim_end().to_string();
    let lines = match look.width {
        Some(w) => style::wrap(&text, w.saturating_sub(margin)),
        None => vec![text],
    };
    for (i, line) in lines.iter().enumerate() {
        let head = if i == 0 {
            format!("  {label:<8}  ")
        } else {
            " ".repeat(margin)
        };
        match line.strip_prefix(lead.0).filter(|_| i == 0) {
            Some(after) => writeln!(out, "{head}{}{after}", look.palette.paint(lead.1, lead.0))?,
            None => writeln!(out, "{head}{line}")?,
        }
    }
    Ok(())
}

/// One row of a table: a name (indented by `indent` columns) and cells after it.
struct Row {
    indent: usize,
    name: String,
    cells: Vec<Cell>,
}

/// A table cell: its text, and the style it is painted in.
struct Cell {
    text: String,
    style: Option<owo_colors::Style>,
}

impl Cell {
    fn plain(text: String) -> Cell {
        Cell {
            text: text.trim_end().to_string(),
            style: None,
        }
    }

    fn painted(text: String, style: owo_colors::Style) -> Cell {
        Cell {
            text,
            style: Some(style),
        }
    }
}

/// Writes rows with the names in one column and the cells aligned after them. When
/// that does not fit the terminal, each name gets its own line (wrapped, never cut)
/// and its cells the next, so that no name loses its end to the numbers.
fn table(out: &mut dyn Write, look: &Look, margin: usize, rows: &[Row]) -> io::Result<()> {
    let columns = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let cell_width = |c: usize| {
        rows.iter()
            .filter_map(|r| r.cells.get(c))
            .map(|cell| style::width(&cell.text))
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..columns).map(cell_width).collect();
    let cells_width: usize = widths.iter().map(|w| w + 2).sum();
    let name_width = rows
        .iter()
        .map(|r| r.indent + style::width(&r.name))
        .max()
        .unwrap_or(0);
    let one_line = look
        .width
        .is_none_or(|w| margin + name_width + cells_width <= w);
    let cells = |row: &Row| {
        let mut line = String::new();
        for (c, cell) in row.cells.iter().enumerate() {
            let pad = widths[c].saturating_sub(style::width(&cell.text));
            let text = match cell.style {
                Some(s) => look.palette.paint(s, &cell.text),
                None => cell.text.clone(),
            };
            line.push_str("  ");
            line.push_str(&text);
            if c + 1 < row.cells.len() {
                line.push_str(&" ".repeat(pad));
            }
        }
        line.trim_end().to_string()
    };
    for row in rows {
        let lead = " ".repeat(margin + row.indent);
        if one_line {
            let pad = name_width.saturating_sub(row.indent + style::width(&row.name));
            writeln!(out, "{lead}{}{}{}", row.name, " ".repeat(pad), cells(row))?;
            continue;
        }
        let room = look.width.unwrap_or(80).saturating_sub(margin + row.indent);
        for line in style::wrap(&row.name, room) {
            writeln!(out, "{lead}{line}")?;
        }
        writeln!(out, "{lead}  {}", cells(row).trim_start())?;
    }
    Ok(())
}

/// Writes the week in review: a summary line, then each list under its heading,
/// its tasks under their sections as `list` shows them, and each plan's pace.
pub fn week(
    out: &mut dyn Write,
    look: &Look,
    plans: &[Plan],
    schedules: &[Option<Schedule>],
    review: &crate::week::Week,
) -> io::Result<()> {
    let p = &look.palette;
    let header = format!(
        "Week {} — {}: {}",
        review.since,
        review.until,
        week_counts(review)
    );
    for line in fitted(look, &header, "") {
        writeln!(out, "{}", p.paint(p.heading, line))?;
    }
    for (title, refs) in review.lists() {
        if refs.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            p.paint(p.heading, format!("{title} ({})", refs.len()))
        )?;
        list(out, look, plans, refs, schedules, Some(review.until), false)?;
    }
    writeln!(out)?;
    writeln!(out, "{}", p.paint(p.heading, "Pace"))?;
    for (plan, pace) in plans.iter().zip(&review.paces) {
        let line = format!(
            "{}: {:.1} a week over {}; {}",
            crate::escape::path(&plan.path),
            pace.per_week,
            crate::report::count(pace.window_days.unsigned_abs(), "day", "days"),
            pace.outlook()
        );
        for (i, part) in fitted(look, &line, "  ").iter().enumerate() {
            let indent = if i == 0 { "  " } else { "    " };
            writeln!(out, "{indent}{part}")?;
        }
    }
    super::study(out, look, &review.study)
}

/// `text` broken at spaces to fit the terminal after `indent` (and two more columns
/// for the lines after the first), or whole where the width is not known.
fn fitted(look: &Look, text: &str, indent: &str) -> Vec<String> {
    match look.width {
        Some(width) => style::wrap(text, width.saturating_sub(indent.len() + 2)),
        None => vec![text.to_string()],
    }
}

/// `3 done, 1 in progress, 4 due in the next 7 days, 2 overdue`: each list's size.
pub fn week_counts(review: &crate::week::Week) -> String {
    review
        .lists()
        .iter()
        .map(|(title, refs)| format!("{} {}", refs.len(), title.to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `milestone` says when there are none.
pub const NO_MILESTONES: &str =
    "no milestones: no plan has sections, and no [[milestone]] is in roadmap.toml";

/// Writes milestones for people, one line each (two where the terminal is narrow).
pub fn milestones(out: &mut dyn Write, look: &Look, list: &[MilestoneReport]) -> io::Result<()> {
    if list.is_empty() {
        return writeln!(out, "{NO_MILESTONES}");
    }
    let p = &look.palette;
    let rows: Vec<Row> = list
        .iter()
        .map(|m| {
            let due = m
                .due
                .map_or_else(|| "no due date".to_string(), |d| format!("due {d}"));
            let style = match m.status {
                State::Done | State::OnTrack => p.done,
                State::Overdue | State::Behind => p.overdue,
                State::InProgress => p.doing,
                State::NotStarted => p.muted,
            };
            let mut notes = Vec::new();
            if let (State::Behind, Some(e)) = (m.status, m.expected_done) {
                notes.push(format!("{e} expected by today"));
            }
            if m.counts.skipped > 0 {
                notes.push(format!("{} skipped", m.counts.skipped));
            }
            let expected = if notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", notes.join("; "))
            };
            Row {
                indent: 0,
                name: sanitize(&m.name).into_owned(),
                cells: vec![
                    Cell::plain(format!("{:>4}/{:<4}", m.counts.done, m.counts.planned())),
                    Cell::plain(format!("{:>3}%", m.percent)),
                    Cell::painted(progress::bar(m.counts.fraction(), 10), p.done),
                    Cell::plain(due),
                    Cell::painted(format!("{}{expected}", m.status.words()), style),
                ],
            }
        })
        .collect();
    table(out, look, 0, &rows)
}
