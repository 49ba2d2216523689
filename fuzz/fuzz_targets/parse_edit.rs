//! Fuzz target: parse → select → edit on arbitrary text, asserting the promises.
//!
//! - parsing never panics, and every task's status byte is one of ` xX/-`;
//! - setting any task to any status changes exactly its status byte, and parsing
//!   the result gives the same tasks with only that status changed — always within
//!   a kind of box (`[ ]`/`[x]`, `[/]`/`[-]`), and across kinds whenever
//!   `edit::verify` (which `check` runs) accepts the change;
//! - check then undo restores the bytes (bar `[X]`, which comes back as `[x]`);
//!   stamp then undo restores them too;
//! - selectors (the ID, `FILE:LINE`, a piece of text) find the task or fail cleanly;
//! - parsing in chunks (as a long plan is parsed on every core), cut as finely as
//!   allowed, finds the same sections and tasks as one parse.

#![no_main]

use libfuzzer_sys::fuzz_target;
use roadmap::edit;
use roadmap::plan::{Plan, Status};
use roadmap::selector::Selector;

const STATUSES: [Status; 4] = [Status::Todo, Status::Done, Status::Doing, Status::Skipped];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let plan = Plan::parse("fuzz.md".into(), text.to_string());
    let cut = Plan::parse_in_chunks("fuzz.md".into(), text.to_string(), 1);
    assert_eq!(cut.sections, plan.sections);
    assert_eq!(cut.tasks, plan.tasks);
    let plans = std::slice::from_ref(&plan);
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 24);
    for (i, task) in plan.tasks.iter().enumerate().take(16) {
        assert!(b" xX/-".contains(&text.as_bytes()[task.offset]));
        assert_eq!(Status::from_byte(text.as_bytes()[task.offset]), Some(task.status));

        let by_id = Selector::parse(task.id.as_str()).unwrap();
        let found = by_id.resolve(plans, None, false).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].task, i);
        let by_line = Selector::parse(&format!("fuzz.md:{}", task.line)).unwrap();
        let found = by_line.resolve(plans, Some(0), false).unwrap();
        assert_eq!(plan.tasks[found[0].task].line, task.line);
        if let Ok(query) = Selector::parse(&task.text) {
            let _ = query.resolve(plans, None, true);
        }

        for to in STATUSES {
            let splices = edit::set_status(task, to, None);
            let new = edit::apply(text, &splices);
            if edit::needs_verifying(task, to, &splices) {
                // `check` parses again and refuses a change Markdown would read as
                // more than a change of status; when it accepts, the rest holds.
                let again = Plan::parse("fuzz.md".into(), new.clone());
                if edit::verify(&plan, &again, &[(i, to)]).is_err() {
                    continue;
                }
            }
            if task.done_span.is_none() {
                assert_eq!(new.len(), text.len());
                let changed: Vec<usize> = (0..text.len())
                    .filter(|&b| text.as_bytes()[b] != new.as_bytes()[b])
                    .collect();
                if task.status == to {
                    assert!(changed.is_empty());
                } else {
                    assert_eq!(changed, [task.offset]);
                }
            }
            let again = Plan::parse("fuzz.md".into(), new.clone());
            assert_eq!(again.tasks.len(), plan.tasks.len());
            // Removing a done date moves the bytes after it; nothing else moves.
            let shift = text.len() - new.len();
            for (j, (a, b)) in again.tasks.iter().zip(&plan.tasks).enumerate() {
                let moved = if j > i { shift } else { 0 };
                assert_eq!((a.offset + moved, &a.text, a.depth, &a.id), (b.offset, &b.text, b.depth, &b.id));
                assert_eq!(a.status, if j == i { to } else { b.status });
            }
            let back = edit::apply(&new, &edit::set_status(&again.tasks[i], task.status, None));
            if task.done_span.is_none() && text.as_bytes()[task.offset] != b'X' {
                assert_eq!(back, text);
            }
        }
        if task.status == Status::Todo {
            let stamped = edit::apply(text, &edit::set_status(task, Status::Done, date));
            let again = Plan::parse("fuzz.md".into(), stamped.clone());
            if edit::verify(&plan, &again, &[(i, Status::Done)]).is_err() {
                continue; // `check` refuses this change
            }
            assert_eq!(again.tasks[i].done_on, date);
            let undone = edit::apply(&stamped, &edit::set_status(&again.tasks[i], Status::Todo, None));
            if task.done_span.is_none() {
                assert_eq!(undone, text);
            }
        }
    }
});
