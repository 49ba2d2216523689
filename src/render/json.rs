//! The `json` format. Shapes change only additively; the README documents each.

use std::io::{self, Write};

use serde::Serialize;

use crate::plan::TaskRef;
use crate::plan::{Plan, Status};

/// One task as `list` and `next` print it.
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

/// The JSON form of one task.
pub fn task<'a>(plan: &'a Plan, index: usize) -> TaskJson<'a> {
    let task = &plan.tasks[index];
    TaskJson {
        plan: plan.path.display().to_string(),
        line: task.line,
        id: task.id.as_str(),
        status: task.status,
        text: &task.text,
        section: plan.section_path(task),
        depth: task.depth,
        done_on: task.done_on.map(|d| d.format("%Y-%m-%d").to_string()),
        due: None,
    }
}

/// Writes tasks as one JSON array, one task per line.
pub fn tasks(out: &mut dyn Write, plans: &[Plan], shown: &[TaskRef]) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, s) in shown.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &task(&plans[s.plan], s.task))?;
    }
    out.write_all(if shown.is_empty() { b"]\n" } else { b"\n]\n" })?;
    Ok(())
}
