//! The `text` format, for people: tasks under their headings, the next task with its
//! section, and one line per change made by `check`.

use std::io::{self, Write};

use super::sanitize;
use super::style::{self, Look};
use crate::plan::{Plan, Section, Status, Task, TaskRef};

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
pub fn list(out: &mut dyn Write, look: &Look, plans: &[Plan], shown: &[TaskRef]) -> io::Result<()> {
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
            let done = plan
                .tasks
                .iter()
                .filter(|t| t.status == Status::Done)
                .count();
            writeln!(
                out,
                "{} ({done}/{} done)",
                p.paint(p.heading, sanitize(&plan.path.display().to_string())),
                plan.tasks.len()
            )?;
            current_plan = Some(r.plan);
            printed.clear();
        }
        let chain = chain(plan, task);
        let common = printed
            .iter()
            .zip(&chain)
            .take_while(|(a, b)| a == b)
            .count();
        for &s in &chain[common..] {
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
        let text = sanitize(&task.text);
        let text = match look.width {
            Some(w) => {
                let fixed = indent.len() + 6 + 2 + style::width(task.id.as_str());
                style::fit(&text, w.saturating_sub(fixed).max(10)).into_owned()
            }
            None => text.into_owned(),
        };
        writeln!(
            out,
            "{indent}- {} {text}  {}",
            mark(look, task.status),
            p.paint(p.muted, &task.id)
        )?;
    }
    Ok(())
}

/// Writes the next tasks, grouped by plan, each under its section path.
/// `finished` names plans with no open task left.
pub fn next(
    out: &mut dyn Write,
    look: &Look,
    plans: &[Plan],
    shown: &[TaskRef],
    finished: &[usize],
) -> io::Result<()> {
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
            let mut header = sanitize(&plan.path.display().to_string()).into_owned();
            if let Some(t) = title(plan) {
                header = format!("{header} — {}", sanitize(&t.title));
            }
            if let Some(w) = look.width {
                header = style::fit(&header, w).into_owned();
            }
            writeln!(out, "{}", p.paint(p.heading, header))?;
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
        let file_line = format!(
            "{}:{}",
            sanitize(&plan.path.display().to_string()),
            task.line
        );
        let together = format!("{}  {file_line}", task.id);
        match look.width {
            // Too narrow for both on one line: one under the other, each cut to fit.
            Some(w) if 6 + style::width(&together) > w => {
                let room = w.saturating_sub(6).max(10);
                writeln!(
                    out,
                    "      {}",
                    p.paint(p.muted, style::fit(task.id.as_str(), room))
                )?;
                writeln!(
                    out,
                    "      {}",
                    p.paint(p.muted, style::fit_left(&file_line, room))
                )?;
            }
            _ => writeln!(out, "      {}", p.paint(p.muted, together))?,
        }
    }
    for &f in finished {
        if let Some(plan) = plans.get(f) {
            if !shown.is_empty() || f != finished[0] {
                writeln!(out)?;
            }
            let line = format!(
                "{}: nothing left to study ({} tasks)",
                sanitize(&plan.path.display().to_string()),
                plan.tasks.len()
            );
            writeln!(out, "{}", p.paint(p.done, line))?;
        }
    }
    Ok(())
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
    let stamp = if stamped { " (done date added)" } else { "" };
    writeln!(
        out,
        "{}:{}: {} → {} {}{stamp}",
        sanitize(&plan.path.display().to_string()),
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
        sanitize(&plan.path.display().to_string()),
        task.line,
        task.status.word(),
        sanitize(&task.text)
    )
}

/// The plan's title: a level-1 heading that is its first section and the only one
/// of its level.
pub fn title(plan: &Plan) -> Option<&Section> {
    let first = plan.sections.first()?;
    let h1s = plan.sections.iter().filter(|s| s.level == 1).count();
    (first.level == 1 && h1s == 1).then_some(first)
}

/// The task's section path without the plan's title, joined with ` › `.
fn section_line(plan: &Plan, task: &Task) -> String {
    let title = title(plan).map(|s| s.line);
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
