//! The `plain` format: task text only, one task per line, for shell pipelines.

use std::io::{self, Write};

use crate::plan::Plan;
use crate::plan::TaskRef;

/// Writes each task's text on its own line.
pub fn tasks(out: &mut dyn Write, plans: &[Plan], shown: &[TaskRef]) -> io::Result<()> {
    for s in shown {
        let task = &plans[s.plan].tasks[s.task];
        writeln!(out, "{}", super::sanitize(&task.text))?;
    }
    Ok(())
}
