//! The `text` format, for people: tasks under their headings, the next task with its
//! section, and one line per change made by `check`.

use std::io::{self, Write};

use super::sanitize;
use crate::plan::{Plan, Section, Status, Task, TaskRef};

/// Writes tasks as a tree under the headings that hold them, plan by plan, each
/// task with its box and ID.
pub fn list(out: &mut dyn Write, plans: &[Plan], shown: &[TaskRef]) -> io::Result<()> {
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
                sanitize(&plan.path.display().to_string()),
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
                writeln!(out, "{}", heading(section))?;
            }
        }
        printed = chain;
        writeln!(
            out,
            "{}- {} {}  {}",
            "  ".repeat(task.depth),
            task.status.mark(),
            sanitize(&task.text),
            task.id
        )?;
    }
    Ok(())
}

/// Writes the next tasks, grouped by plan, each under its section path.
/// `finished` names plans with no open task left.
pub fn next(
    out: &mut dyn Write,
    plans: &[Plan],
    shown: &[TaskRef],
    finished: &[usize],
) -> io::Result<()> {
    let mut current_plan = None;
    let mut last_section: Option<Option<usize>> = None;
    for r in shown {
        let plan = &plans[r.plan];
        let task = &plan.tasks[r.task];
        if current_plan != Some(r.plan) {
            if current_plan.is_some() {
                writeln!(out)?;
            }
            match title(plan) {
                Some(t) => writeln!(
                    out,
                    "{} — {}",
                    sanitize(&plan.path.display().to_string()),
                    sanitize(&t.title)
                )?,
                None => writeln!(out, "{}", sanitize(&plan.path.display().to_string()))?,
            }
            current_plan = Some(r.plan);
            last_section = None;
        }
        if last_section != Some(task.section) {
            let path = section_line(plan, task);
            if !path.is_empty() {
                writeln!(out, "  {}", sanitize(&path))?;
            }
            last_section = Some(task.section);
        }
        writeln!(out, "  {} {}", task.status.mark(), sanitize(&task.text))?;
        writeln!(
            out,
            "      {}  {}:{}",
            task.id,
            sanitize(&plan.path.display().to_string()),
            task.line
        )?;
    }
    for &p in finished {
        if let Some(plan) = plans.get(p) {
            if !shown.is_empty() || p != finished[0] {
                writeln!(out)?;
            }
            writeln!(
                out,
                "{}: nothing left to study ({} tasks)",
                sanitize(&plan.path.display().to_string()),
                plan.tasks.len()
            )?;
        }
    }
    Ok(())
}

/// One line for a status change `check` made or would make.
pub fn changed(
    out: &mut dyn Write,
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
        task.status.mark(),
        to.mark(),
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
