//! Edits: new file text from old text and status changes, by splicing.
//!
//! A status change overwrites the one ASCII status byte at [`Task::offset`]. Marking
//! a task done may also insert ` ✅ YYYY-MM-DD` at [`Task::stamp_at`]; leaving done
//! removes exactly the done date's bytes ([`Task::done_span`]). Every other byte of
//! the file is copied through untouched: line endings, BOM, tabs, trailing blanks
//! and a missing final newline included. Nothing here reads or writes files.

use std::ops::Range;

use chrono::NaiveDate;

use crate::plan::{Status, Task};

/// One replacement of a byte range of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    /// Bytes of the original text to replace.
    pub range: Range<usize>,
    /// What goes there.
    pub with: String,
}

/// The splices that give `task` the status `to`; none when it already has it.
///
/// `stamp` is the done date to write when the task becomes done (stamping on).
pub fn set_status(task: &Task, to: Status, stamp: Option<NaiveDate>) -> Vec<Splice> {
    if task.status == to {
        return Vec::new();
    }
    let mut splices = vec![Splice {
        range: task.offset..task.offset + 1,
        with: char::from(to.byte()).to_string(),
    }];
    match (to, &task.done_span, stamp) {
        (Status::Done, None, Some(date)) => splices.push(Splice {
            range: task.stamp_at..task.stamp_at,
            with: format!(" ✅ {}", date.format("%Y-%m-%d")),
        }),
        (Status::Todo | Status::Doing | Status::Skipped, Some(span), _) => splices.push(Splice {
            range: span.clone(),
            with: String::new(),
        }),
        _ => {}
    }
    splices
}

/// Applies splices to `text`. Splices must not overlap; they may come in any order.
pub fn apply(text: &str, splices: &[Splice]) -> String {
    let mut sorted: Vec<&Splice> = splices.iter().collect();
    sorted.sort_by_key(|s| (s.range.start, s.range.end));
    let extra: usize = sorted.iter().map(|s| s.with.len()).sum();
    let mut out = String::with_capacity(text.len() + extra);
    let mut at = 0;
    for splice in sorted {
        if splice.range.start < at {
            continue; // overlapping: the earlier splice wins
        }
        out.push_str(text.get(at..splice.range.start).unwrap_or(""));
        out.push_str(&splice.with);
        at = splice.range.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Plan;

    fn plan(text: &str) -> Plan {
        Plan::parse("t.md".into(), text.into())
    }

    fn date() -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 11, 24)
    }

    #[test]
    fn only_the_status_byte_changes() {
        let text = "\u{feff}# T\r\n- [ ] a  \r\n\t- [ ] b";
        let p = plan(text);
        for task in &p.tasks {
            let new = apply(text, &set_status(task, Status::Done, None));
            let diff: Vec<usize> = (0..text.len())
                .filter(|&i| text.as_bytes()[i] != new.as_bytes()[i])
                .collect();
            assert_eq!(diff, [task.offset]);
        }
    }

    #[test]
    fn stamp_then_undo_is_byte_exact() {
        let text = "- [ ] a  \r\n- [ ] b\\\n  c\n- [ ] d";
        let p = plan(text);
        for (i, task) in p.tasks.iter().enumerate() {
            let stamped = apply(text, &set_status(task, Status::Done, date()));
            let again = plan(&stamped);
            assert_eq!(again.tasks[i].done_on, date());
            assert_eq!(again.tasks[i].text, task.text);
            let undone = apply(&stamped, &set_status(&again.tasks[i], Status::Todo, None));
            assert_eq!(undone, text);
        }
        let stamped = apply(text, &set_status(&p.tasks[1], Status::Done, date()));
        assert!(stamped.contains("- [x] b ✅ 2026-11-24\\\n"), "{stamped}");
    }

    #[test]
    fn no_change_means_no_splice() {
        let p = plan("- [X] a\n");
        assert!(set_status(&p.tasks[0], Status::Done, date()).is_empty());
    }
}
