//! The `json` format. Shapes change only additively; the README documents each.

use std::io::{self, Write};

use serde::Serialize;

use crate::plan::{Plan, Status, TaskRef};
use crate::schedule::Schedule;

/// One task as `list`, `next` and `milestone NAME` print it.
#[derive(Debug, Serialize)]
pub struct TaskJson<'a> {
    /// The plan's path as given or found.
    pub plan: String,
    /// 1-based line of the box.
    pub line: usize,
    /// The task's ID.
    pub id: &'a str,
    /// `todo`, `done`, `doing` or `skipped`.
    pub status: Status,
    /// Plain text.
    pub text: &'a str,
    /// Section titles, outermost first.
    pub section: Vec<&'a str>,
    /// Enclosing list items.
    pub depth: usize,
    /// The done date, `YYYY-MM-DD`.
    pub done_on: Option<String>,
    /// The due date from the schedule, `YYYY-MM-DD`.
    pub due: Option<String>,
}

/// The JSON form of one task; `schedule` is its plan's, when there is one.
pub fn task<'a>(plan: &'a Plan, index: usize, schedule: Option<&Schedule>) -> TaskJson<'a> {
    let task = &plan.tasks[index];
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    TaskJson {
        plan: plan.path.display().to_string(),
        line: task.line,
        id: task.id.as_str(),
        status: task.status,
        text: &task.text,
        section: plan.section_path(task),
        depth: task.depth,
        done_on: task.done_on.map(day),
        due: schedule
            .and_then(|s| s.due.get(index).copied().flatten())
            .map(day),
    }
}

/// Writes tasks as one JSON array, one task per line. `schedules` parallels `plans`.
pub fn tasks(
    out: &mut dyn Write,
    plans: &[Plan],
    shown: &[TaskRef],
    schedules: &[Option<Schedule>],
) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, s) in shown.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        let schedule = schedules.get(s.plan).and_then(Option::as_ref);
        serde_json::to_writer(&mut *out, &task(&plans[s.plan], s.task, schedule))?;
    }
    out.write_all(if shown.is_empty() { b"]\n" } else { b"\n]\n" })?;
    Ok(())
}

/// Writes any value as indented JSON and a final newline.
pub fn value<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
