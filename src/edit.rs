//! Edits: new file text from old text and status changes, by splicing.
//!
//! A status change overwrites the one ASCII status byte at [`Task::offset`]. Marking
//! a task done may also insert ` ✅ YYYY-MM-DD` at [`Task::stamp_at`]; leaving done
//! removes exactly the done date's bytes ([`Task::done_span`]). Every other byte of
//! the file is copied through untouched: line endings, BOM, tabs, trailing blanks
//! and a missing final newline included. Nothing here reads or writes files.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use crate::error::Error;
use crate::plan::{Plan, Status, Task};

/// One replacement of a byte range of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    /// Bytes of the original text to replace.
    pub range: Range<usize>,
    /// What goes there.
    pub with: String,
}

/// The done date `check --stamp` writes on `today`. A done date is `YYYY-MM-DD`
/// (the Obsidian Tasks format): a day outside the years 0000 to 9999 cannot be
/// written so, and would not be read back as a done date.
pub fn stamp_date(today: NaiveDate) -> Result<NaiveDate, Error> {
    if (0..=9999).contains(&today.year()) {
        Ok(today)
    } else {
        Err(Error::Usage {
            message: format!(
                "cannot write the done date {today}: done dates are YYYY-MM-DD, \
                 in the years 0000 to 9999"
            ),
        })
    }
}

/// The splices that give `task` the status `to`; none when it already has it.
///
/// `stamp` is the date to write when the task becomes done (` ✅ DATE`) or skipped
/// (` ❌ DATE`, the Obsidian Tasks cancelled date). A task already done or skipped
/// but never dated (ticked by hand) gets the date alone; one that has a date keeps
/// it. Leaving done removes the done date, leaving skipped the cancelled date.
pub fn set_status(task: &Task, to: Status, stamp: Option<NaiveDate>) -> Vec<Splice> {
    let cancelled = task.fields().cancelled_span.as_ref();
    if task.status == to {
        return match (to, &task.done_span, cancelled, stamp) {
            (Status::Done, None, _, Some(date)) => vec![insert(task, "✅", date)],
            (Status::Skipped, _, None, Some(date)) => vec![insert(task, "❌", date)],
            _ => Vec::new(),
        };
    }
    let mut splices = vec![Splice {
        range: task.offset..task.offset + 1,
        with: char::from(to.byte()).to_string(),
    }];
    let dated = |span: &Range<usize>, mark: &str, date: NaiveDate| Splice {
        range: span.clone(),
        // `NaiveDate`'s Display is `%Y-%m-%d`, without parsing a format each time.
        with: format!(" {mark} {date}"),
    };
    let removed = |span: &Range<usize>| Splice {
        range: span.clone(),
        with: String::new(),
    };
    match (to, &task.done_span, stamp) {
        (Status::Done, None, Some(date)) => splices.push(insert(task, "✅", date)),
        // A stale date on a task that was not done: stamping puts today's in its place.
        (Status::Done, Some(span), Some(date)) => splices.push(dated(span, "✅", date)),
        (Status::Todo | Status::Doing | Status::Skipped, Some(span), _) => {
            splices.push(removed(span));
            // A done date among the fields goes too: a task that is not done has none.
            let among = task.fields().done.as_ref().filter(|(_, s)| s != span);
            if let Some((_, other)) = among {
                splices.push(removed(other));
            }
        }
        _ => {}
    }
    match (to, cancelled, stamp) {
        (Status::Skipped, None, Some(date)) => splices.push(insert(task, "❌", date)),
        (Status::Skipped, Some(span), Some(date)) => splices.push(dated(span, "❌", date)),
        (Status::Todo | Status::Doing | Status::Done, Some(span), _) => {
            splices.push(removed(span));
        }
        _ => {}
    }
    splices
}

/// ` MARK DATE` inserted where a stamp goes: the end of the task's first line.
fn insert(task: &Task, mark: &str, date: NaiveDate) -> Splice {
    Splice {
        range: task.stamp_at..task.stamp_at,
        with: format!(" {mark} {date}"),
    }
}

/// Whether the new file must be parsed again to be sure the change is only a change
/// of status. A GFM box (`[ ]`, `[x]`) and an Obsidian box (`[/]`, `[-]`) are read
/// differently by Markdown (the first is a task marker, the second text), so in rare
/// corners — a box with nothing after it over a `-` line, which makes a heading; a
/// table in the item — one is a task and the other is not. Inserting or removing a
/// done date changes text, too. Switching within a kind never needs it.
pub fn needs_verifying(task: &Task, to: Status, splices: &[Splice]) -> bool {
    let gfm = |s: Status| matches!(s, Status::Todo | Status::Done);
    gfm(task.status) != gfm(to) || splices.iter().any(|s| s.range.len() != s.with.len())
}

/// Checks that `new` holds the same tasks as `old`, on the same lines, with the same
/// text, depth, sections and IDs, and the statuses `old` had except where `changes`
/// says otherwise.
/// Returns the 1-based line of the first task that would not survive.
pub fn verify(old: &Plan, new: &Plan, changes: &[(usize, Status)]) -> Result<(), usize> {
    if old.tasks.len() != new.tasks.len() {
        let first = old
            .tasks
            .iter()
            .zip(&new.tasks)
            .find(|(a, b)| a.line != b.line)
            .map_or_else(|| old.tasks.last().map_or(1, |t| t.line), |(a, _)| a.line);
        return Err(first);
    }
    // Every task's expected status, looked up by index: one pass over the changes,
    // not a search of them per task (quadratic with `check --all` on a long plan).
    let mut expected: Vec<Status> = old.tasks.iter().map(|t| t.status).collect();
    for &(t, s) in changes {
        if let Some(slot) = expected.get_mut(t) {
            *slot = s;
        }
    }
    for ((a, b), &status) in old.tasks.iter().zip(&new.tasks).zip(&expected) {
        let same_place = old.section_path(a) == new.section_path(b) && a.id == b.id;
        if a.line != b.line
            || a.text != b.text
            || a.depth != b.depth
            || b.status != status
            || !same_place
        {
            return Err(a.line);
        }
    }
    Ok(())
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
        // Found by the fuzzer: a box followed by a tab and no text kept its tab.
        let text = "- [ ] a  \r\n- [ ] b\\\n  c\n- [ ]\t\n- [ ]  \t\n- [ ] \n- [ ] d";
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
    fn a_box_that_markdown_reads_differently_is_caught() {
        // `[ ]` with nothing after it over a `-` line stays a task (GFM marker), but
        // `[/]` there makes the item's paragraph a heading: no task.
        let text = "- [ ] \n  -\n";
        let p = plan(text);
        assert_eq!(p.tasks.len(), 1);
        let splices = set_status(&p.tasks[0], Status::Doing, None);
        assert!(needs_verifying(&p.tasks[0], Status::Doing, &splices));
        let new = plan(&apply(text, &splices));
        assert_eq!(verify(&p, &new, &[(0, Status::Doing)]), Err(1));
        // Ticking within a kind needs no second parse.
        let splices = set_status(&p.tasks[0], Status::Done, None);
        assert!(!needs_verifying(&p.tasks[0], Status::Done, &splices));
        let new = plan(&apply(text, &splices));
        assert_eq!(verify(&p, &new, &[(0, Status::Done)]), Ok(()));
    }

    #[test]
    fn no_change_means_no_splice() {
        let p = plan("- [X] a ✅ 2026-01-01\n- [x] b\n");
        assert!(set_status(&p.tasks[0], Status::Done, date()).is_empty());
        assert!(set_status(&p.tasks[1], Status::Done, None).is_empty());
    }

    #[test]
    fn a_done_task_without_a_date_gets_one_when_stamping() {
        let text = "- [X] ticked by hand  \n";
        let p = plan(text);
        let new = apply(text, &set_status(&p.tasks[0], Status::Done, date()));
        assert_eq!(new, "- [X] ticked by hand ✅ 2026-11-24  \n");
    }
}
