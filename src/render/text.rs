//! The `text` format, for people: tasks under their headings, the next task with its
//! section, and one line per change made by `check`. The summaries (`report`,
//! `milestone`, `week`) are in `text/summary.rs`, the links between plans in
//! `text/links.rs`, the row of study days in `text/streak.rs`.

use std::io::{self, Write};

mod links;
mod streak;
mod summary;

pub use links::{linked_next, links};
pub use streak::{row as study_row, study};
pub use summary::{NO_MILESTONES, milestones, report, week, week_counts};

use super::sanitize;
use super::style::{self, Look};
use crate::plan::{Plan, Section, Status, Task, TaskRef};
use crate::prerequisites::Passed;
use crate::progress;
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
    /// With `--explain`: for each task shown, the tasks passed over before it.
    pub passed_over: Option<&'a [&'a [(TaskRef, Passed)]]>,
    /// Plans with nothing left to study (under the section asked for).
    pub finished: &'a [usize],
    /// Plans whose open tasks all wait (🛫, ⛔), with how many.
    pub stuck: &'a [(usize, usize)],
    /// Plans without the section asked for, and the section.
    pub missing: Option<(&'a [usize], &'a str)>,
    /// For each shown task, the links over it as written and their linked progress
    /// (empty: none).
    pub linked: &'a [Vec<(String, crate::links::Joined)>],
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
        passed_over,
        finished,
        stuck,
        missing,
        linked,
    } = *view;
    let p = &look.palette;
    let mut current_plan = None;
    let mut last_section: Option<Option<usize>> = None;
    for (i, r) in shown.iter().enumerate() {
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
        let schedule = schedules.get(r.plan).and_then(Option::as_ref);
        next_task(out, look, plan, r.task, schedule, today)?;
        for (written, joined) in linked.get(i).into_iter().flatten() {
            linked_next(out, look, plans, written, joined)?;
        }
        let passed = passed_over
            .and_then(|p| p.get(i).copied())
            .unwrap_or_default();
        passed_lines(out, look, plans, passed)?;
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
    for &(s, waiting) in stuck {
        if let Some(plan) = plans.get(s) {
            writeln!(out)?;
            let line = format!(
                "{}: nothing to start now ({} for a start date or another task)",
                crate::escape::path(&plan.path),
                count(waiting, "task waits", "tasks wait")
            );
            writeln!(out, "{}", p.paint(p.muted, line))?;
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

/// `passed over ID TEXT: why`, one line each, under a task `next --explain` shows.
fn passed_lines(
    out: &mut dyn Write,
    look: &Look,
    plans: &[Plan],
    passed: &[(TaskRef, Passed)],
) -> io::Result<()> {
    let p = &look.palette;
    for (skipped, why) in passed {
        let other = &plans[skipped.plan].tasks[skipped.task];
        let line = format!(
            "passed over {} {}: {}",
            sanitize(other.id.as_str()),
            sanitize(&other.text),
            why.reason()
        );
        let line = match look.width {
            Some(w) => style::fit(&line, w.saturating_sub(6).max(10)).into_owned(),
            None => line,
        };
        writeln!(out, "      {}", p.paint(p.muted, line))?;
    }
    Ok(())
}

/// One task of `next`: its box and text (wrapped), its due date, its ID and place.
fn next_task(
    out: &mut dyn Write,
    look: &Look,
    plan: &Plan,
    index: usize,
    schedule: Option<&Schedule>,
    today: Option<NaiveDate>,
) -> io::Result<()> {
    let p = &look.palette;
    let task = &plan.tasks[index];
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
    let due = due_note(look, schedule, index, task.status, task.done_on, today);
    if !due.0.is_empty() {
        writeln!(out, "     {}", due.0)?;
    }
    let file_line = format!("{}:{}", crate::escape::path(&plan.path), task.line);
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
            )
        }
        _ => writeln!(out, "      {}", p.paint(p.muted, together)),
    }
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
    let date = if to == Status::Skipped {
        "cancelled date"
    } else {
        "done date"
    };
    if task.status == to {
        return writeln!(
            out,
            "{}:{}: {date} added: {}",
            crate::escape::path(&plan.path),
            task.line,
            sanitize(&task.text)
        );
    }
    let stamp = if stamped {
        format!(" ({date} added)")
    } else {
        String::new()
    };
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
