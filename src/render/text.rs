//! The `text` format, for people: tasks under their headings, the next task with its
//! section, and one line per change made by `check`.

use std::io::{self, Write};

use super::sanitize;
use super::style::{self, Look};
use crate::milestone::State;
use crate::plan::{Plan, Section, Status, Task, TaskRef};
use crate::progress::{self, PaceState};
use crate::report::{MilestoneReport, Report, ScheduleState};
use crate::schedule::Schedule;
use chrono::NaiveDate;

/// The box of a status, coloured by it.
fn mark(look: &Look, status: Status) -> String {
    let p = &look.palette;
    let style = match status {
        Status::Todo => p.todo,
        Status::Done => p.done,
        Status::Doing => p.doing,
        Status::Skipped => p.muted,
    };
    p.paint(style, status.mark())
}

/// Writes tasks as a tree under the headings that hold them, plan by plan, each
/// task with its box and ID.
///
/// Each plan's header says how far it is, as `report` does (done over planned,
/// skipped tasks left out and counted apart); with `counted` false, where the lines
/// above already give the counts of a part (a milestone), only its path.
pub fn list(
    out: &mut dyn Write,
    look: &Look,
    plans: &[Plan],
    shown: &[TaskRef],
    schedules: &[Option<Schedule>],
    today: Option<NaiveDate>,
    counted: bool,
) -> io::Result<()> {
    let p = &look.palette;
    let mut current_plan = None;
    let mut printed: Vec<usize> = Vec::new(); // section chain already on screen
    for r in shown {
        let plan = &plans[r.plan];
        let task = &plan.tasks[r.task];
        if current_plan != Some(r.plan) {
            if current_plan.is_some() {
                writeln!(out)?;
            }
            let path = p.paint(p.heading, crate::escape::path(&plan.path));
            if counted {
                let c = progress::Counts::of(&plan.tasks);
                let skipped = match c.skipped {
                    0 => String::new(),
                    n => format!(", {n} skipped"),
                };
                writeln!(out, "{path} ({}/{} done{skipped})", c.done, c.planned())?;
            } else {
                writeln!(out, "{path}")?;
            }
            current_plan = Some(r.plan);
            printed.clear();
        }
        let chain = chain(plan, task);
        let common = printed
            .iter()
            .zip(&chain)
            .take_while(|(a, b)| a == b)
            .count();
        // Leaving a bold label (or a deeper section) without entering a new one
        // would leave the task under the last heading shown: show its own again.
        let from = if common == chain.len() && common < printed.len() {
            common.saturating_sub(1)
        } else {
            common
        };
        for &s in &chain[from..] {
            if let Some(section) = plan.sections.get(s) {
                let line = heading(section);
                let line = match look.width {
                    Some(w) => style::fit(&line, w).into_owned(),
                    None => line,
                };
                writeln!(out, "{}", p.paint(p.heading, line))?;
            }
        }
        printed = chain;
        let indent = "  ".repeat(task.depth);
        let due = due_note(
            look,
            schedules.get(r.plan).and_then(Option::as_ref),
            r.task,
            task.status,
            task.done_on,
            today,
        );
        let text = sanitize(&task.text);
        let id = sanitize(task.id.as_str());
        let text = match look.width {
            Some(w) => {
                let fixed = indent.len() + 6 + 2 + style::width(&id) + due.1;
                style::fit(&text, w.saturating_sub(fixed).max(10)).into_owned()
            }
            None => text.into_owned(),
        };
        writeln!(
            out,
            "{indent}- {} {text}  {}{}",
            mark(look, task.status),
            p.paint(p.muted, &id),
            due.0
        )?;
    }
    Ok(())
}

/// What `next` shows: the tasks, the plans with no open task left, and, with
/// `--section`, the plans that have no such section at all, with the section asked.
pub struct NextView<'a> {
    /// The next tasks, plan by plan.
    pub shown: &'a [TaskRef],
    /// Plans with nothing left to study (under the section asked for).
    pub finished: &'a [usize],
    /// Plans without the section asked for, and the section.
    pub missing: Option<(&'a [usize], &'a str)>,
}

/// Writes the next tasks, grouped by plan, each under its section path.
pub fn next(
    out: &mut dyn Write,
    look: &Look,
    plans: &[Plan],
    view: &NextView,
    schedules: &[Option<Schedule>],
    today: Option<NaiveDate>,
) -> io::Result<()> {
    let NextView {
        shown,
        finished,
        missing,
    } = *view;
    let p = &look.palette;
    let mut current_plan = None;
    let mut last_section: Option<Option<usize>> = None;
    for r in shown {
        let plan = &plans[r.plan];
        let task = &plan.tasks[r.task];
        if current_plan != Some(r.plan) {
            if current_plan.is_some() {
                writeln!(out)?;
            }
            let title = plan.title().map(|t| t.title.as_str());
            plan_header(out, look, &crate::escape::path(&plan.path), title)?;
            current_plan = Some(r.plan);
            last_section = None;
        }
        if last_section != Some(task.section) {
            let path = sanitize(&section_line(plan, task)).into_owned();
            if !path.is_empty() {
                let path = match look.width {
                    Some(w) => style::fit_left(&path, w.saturating_sub(2).max(10)).into_owned(),
                    None => path,
                };
                writeln!(out, "  {}", p.paint(p.heading, path))?;
            }
            last_section = Some(task.section);
        }
        let text = sanitize(&task.text);
        let lines = match look.width {
            Some(w) => style::wrap(&text, w.saturating_sub(6)),
            None => vec![text.into_owned()],
        };
        for (i, line) in lines.iter().enumerate() {
            if i == 0 {
                writeln!(out, "  {} {line}", mark(look, task.status))?;
            } else {
                writeln!(out, "      {line}")?;
            }
        }
        let file_line = format!("{}:{}", crate::escape::path(&plan.path), task.line);
        let due = due_note(
            look,
            schedules.get(r.plan).and_then(Option::as_ref),
            r.task,
            task.status,
            task.done_on,
            today,
        );
        if !due.0.is_empty() {
            writeln!(out, "     {}", due.0)?;
        }
        let id = sanitize(task.id.as_str());
        let together = format!("{id}  {file_line}");
        match look.width {
            // Too narrow for both on one line: one under the other, each cut to fit.
            Some(w) if 6 + style::width(&together) > w => {
                let room = w.saturating_sub(6).max(10);
                writeln!(out, "      {}", p.paint(p.muted, style::fit(&id, room)))?;
                writeln!(
                    out,
                    "      {}",
                    p.paint(p.muted, style::fit_left(&file_line, room))
                )?;
            }
            _ => writeln!(out, "      {}", p.paint(p.muted, together))?,
        }
    }
    for &f in finished.iter() {
        if let Some(plan) = plans.get(f) {
            if !shown.is_empty() || f != finished[0] {
                writeln!(out)?;
            }
            let line = format!(
                "{}: nothing left to study ({})",
                crate::escape::path(&plan.path),
                count(plan.tasks.len(), "task", "tasks")
            );
            writeln!(out, "{}", p.paint(p.done, line))?;
        }
    }
    if let Some((missing, section)) = missing {
        for &m in missing {
            if let Some(plan) = plans.get(m) {
                writeln!(out)?;
                let line = format!(
                    "{}: no section matches `{}`",
                    crate::escape::path(&plan.path),
                    sanitize(section)
                );
                writeln!(out, "{}", p.paint(p.muted, line))?;
            }
        }
    }
    Ok(())
}

/// `1 task`, `2 tasks`: a count with its noun.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `  due 2026-11-22` (or `  overdue since …` for an open task past it), and its width.
fn due_note(
    look: &Look,
    schedule: Option<&Schedule>,
    task: usize,
    status: Status,
    done_on: Option<NaiveDate>,
    today: Option<NaiveDate>,
) -> (String, usize) {
    let p = &look.palette;
    // A done task shows when it was done, not when it was due.
    if status == Status::Done {
        return match done_on {
            Some(day) => {
                let note = format!(" ✅ {day}");
                let width = style::width(&note) + 1;
                (format!(" {}", p.paint(p.done, note)), width)
            }
            None => (String::new(), 0),
        };
    }
    match schedule.and_then(|s| s.due.get(task).copied().flatten()) {
        Some(day) if status.is_open() && today.is_some_and(|t| day < t) => {
            let note = format!(" overdue since {day}");
            let width = style::width(&note) + 1;
            (format!(" {}", p.paint(p.overdue, note)), width)
        }
        Some(day) => {
            let note = format!(" due {day}");
            let width = style::width(&note) + 1;
            (format!(" {}", p.paint(p.muted, note)), width)
        }
        None => (String::new(), 0),
    }
}

/// One line for a status change `check` made or would make.
pub fn changed(
    out: &mut dyn Write,
    look: &Look,
    plan: &Plan,
    task: &Task,
    to: Status,
    stamped: bool,
) -> io::Result<()> {
    if task.status == to {
        return writeln!(
            out,
            "{}:{}: done date added: {}",
            crate::escape::path(&plan.path),
            task.line,
            sanitize(&task.text)
        );
    }
    let stamp = if stamped { " (done date added)" } else { "" };
    writeln!(
        out,
        "{}:{}: {} → {} {}{stamp}",
        crate::escape::path(&plan.path),
        task.line,
        mark(look, task.status),
        mark(look, to),
        sanitize(&task.text)
    )
}

/// One line for a task that already had the status asked for.
pub fn unchanged(out: &mut dyn Write, plan: &Plan, task: &Task) -> io::Result<()> {
    writeln!(
        out,
        "{}:{}: already {}: {}",
        crate::escape::path(&plan.path),
        task.line,
        task.status.word(),
        sanitize(&task.text)
    )
}

/// `plans/x.md — Title`, cut to the width, in the heading style.
fn plan_header(
    out: &mut dyn Write,
    look: &Look,
    path: &str,
    title: Option<&str>,
) -> io::Result<()> {
    let mut header = sanitize(path).into_owned();
    if let Some(title) = title {
        header = format!("{header} — {}", sanitize(title));
    }
    if let Some(w) = look.width {
        header = style::fit(&header, w).into_owned();
    }
    writeln!(out, "{}", look.palette.paint(look.palette.heading, header))
}

/// The task's section path without the plan's title, joined with ` › `.
pub fn section_line(plan: &Plan, task: &Task) -> String {
    let title = plan.title().map(|s| s.line);
    let mut titles: Vec<&str> = plan
        .section_chain(task.section)
        .filter(|s| Some(s.line) != title || s.level != 1)
        .map(|s| s.title.as_str())
        .collect();
    titles.reverse();
    titles.join(" › ")
}

/// Section indexes from the outermost down to the task's own.
fn chain(plan: &Plan, task: &Task) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = task.section;
    while let Some(i) = at {
        out.push(i);
        at = plan.sections.get(i).and_then(|s| s.parent);
    }
    out.reverse();
    out
}

fn heading(section: &Section) -> String {
    let title = sanitize(&section.title);
    if section.level == Section::LABEL_LEVEL {
        format!("**{title}**")
    } else {
        format!("{} {title}", "#".repeat(usize::from(section.level)))
    }
}

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
                ],
            })
            .collect();
        table(out, look, 2, &rows)?;
    }
    Ok(())
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
    let scheduled = schedules.iter().any(Option::is_some);
    let due_label = if scheduled {
        "Due in the next 7 days"
    } else {
        "Next"
    };
    writeln!(
        out,
        "{}",
        p.paint(
            p.heading,
            format!(
                "Week {} — {}: {}",
                review.since,
                review.until,
                week_counts(review, due_label)
            )
        )
    )?;
    let lists = [
        ("Done", &review.done),
        ("In progress", &review.in_progress),
        (due_label, &review.due),
        ("Overdue", &review.overdue),
    ];
    for (title, refs) in lists {
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
        writeln!(
            out,
            "  {}: {:.1} a week over {}; {}",
            crate::escape::path(&plan.path),
            pace.per_week,
            crate::report::count(pace.window_days.unsigned_abs(), "day", "days"),
            pace.outlook()
        )?;
    }
    Ok(())
}

/// `3 done, 1 in progress, 4 due in the next 7 days, 2 overdue`.
pub fn week_counts(review: &crate::week::Week, due_label: &str) -> String {
    format!(
        "{} done, {} in progress, {} {}, {} overdue",
        review.done.len(),
        review.in_progress.len(),
        review.due.len(),
        due_label.to_lowercase(),
        review.overdue.len()
    )
}

/// Writes milestones for people, one line each (two where the terminal is narrow).
pub fn milestones(out: &mut dyn Write, look: &Look, list: &[MilestoneReport]) -> io::Result<()> {
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
            let expected = match (m.status, m.expected_done) {
                (State::Behind, Some(e)) => format!(" ({e} expected by today)"),
                _ => String::new(),
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
