//! The rules of `lint`, one function per rule (the nested pair shares one), each
//! from a parsed plan (and its text where bytes matter) to findings.

use rustc_hash::FxHashMap;

use super::mojibake::Mojibake;
use super::{Edit, Finding, Fix, Knowledge, Rule};
use crate::edit::{self, Splice};
use crate::escape;
use crate::plan::{DoneSource, Plan, Status, Task};
use crate::schedule::{Label, read_label};

/// At most this many characters of a line in a message.
const QUOTE_MAX: usize = 60;

/// At most this many characters of the mojibake sample's lines in JSON.
const SAMPLE_MAX: usize = 400;

fn finding(rule: Rule, line: usize, message: String, fix: Option<Fix>) -> Finding {
    Finding {
        rule,
        line,
        message,
        fix,
        sample: None,
    }
}

/// `text` cut to [`QUOTE_MAX`] characters, control characters escaped.
fn quote(text: &str) -> String {
    let cut: String = text.chars().take(QUOTE_MAX).collect();
    let more = if cut.len() < text.len() { "…" } else { "" };
    format!("{}{more}", escape::text(&cut))
}

/// The finding for a file that is mojibake, at line 1.
pub(super) fn mojibake_finding(found: &Mojibake) -> Finding {
    let sample = &found.sample;
    // A sample line may be a whole file of one line: JSON carries its start.
    let cut = |line: &str| line.chars().take(SAMPLE_MAX).collect::<String>();
    Finding {
        rule: Rule::Mojibake,
        line: 1,
        message: format!(
            "UTF-8 read as {} and saved again: line {} `{}` is `{}`",
            found.code_page.name(),
            sample.line,
            quote(&sample.before),
            quote(&sample.after),
        ),
        fix: Some(Fix {
            what: format!("repair the garbled text through {}", found.code_page.name()),
            edit: Edit::Repair,
        }),
        sample: Some(super::mojibake::Sample {
            line: sample.line,
            before: cut(&sample.before),
            after: cut(&sample.after),
        }),
    }
}

/// `parent-done-children-open` and `children-done-parent-open`, at the parent's
/// line. A parent ticked for its open subtasks is not fixed (which is wrong is the
/// learner's call); a parent left open when all its subtasks are done is ticked,
/// dated as its latest subtask where dates are kept.
pub(super) fn nested(plan: &Plan, knowledge: &Knowledge) -> Vec<Finding> {
    // Per task: subtasks, open ones, done ones, the latest done date among them.
    #[derive(Clone, Copy, Default)]
    struct Kids {
        all: usize,
        open: usize,
        done: usize,
        latest: Option<chrono::NaiveDate>,
    }
    if plan.tasks.iter().all(|t| t.parent.is_none()) {
        return Vec::new();
    }
    let mut kids = vec![Kids::default(); plan.tasks.len()];
    for task in &plan.tasks {
        if let Some(k) = task.parent.and_then(|p| kids.get_mut(p)) {
            k.all += 1;
            k.open += usize::from(task.status.is_open());
            if task.status == Status::Done {
                k.done += 1;
                k.latest = k.latest.max(task.done_on);
            }
        }
    }
    // The open subtasks' lines of each done parent, for the message: one pass.
    let mut open_kids: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for task in plan.tasks.iter().filter(|t| t.status.is_open()) {
        if let Some(p) = task.parent
            && plan.tasks.get(p).is_some_and(|t| t.status == Status::Done)
        {
            open_kids.entry(p).or_default().push(task.line);
        }
    }
    let mut found = Vec::new();
    for (p, (parent, k)) in plan.tasks.iter().zip(&kids).enumerate() {
        if k.all == 0 {
            continue;
        }
        if parent.status == Status::Done && k.open > 0 {
            let open = open_kids.get(&p).map_or(&[][..], Vec::as_slice);
            let message = match (k.open, k.all) {
                (_, 1) => format!("done, but its subtask is open ({})", lines_list(open)),
                (1, n) => format!(
                    "done, but 1 of its {n} subtasks is open ({})",
                    lines_list(open)
                ),
                (o, n) => format!(
                    "done, but {o} of its {n} subtasks are open ({})",
                    lines_list(open)
                ),
            };
            found.push(finding(
                Rule::ParentDoneChildrenOpen,
                parent.line,
                message,
                None,
            ));
        } else if parent.status.is_open() && k.open == 0 && k.done > 0 {
            let stamp = knowledge
                .dates_kept
                .then(|| k.latest.or(knowledge.today))
                .flatten();
            let splices = edit::set_status(parent, Status::Done, stamp);
            let what = match stamp {
                Some(day) => format!("tick it, dated {day}"),
                None => "tick it".to_string(),
            };
            let message = match (k.all, k.done == k.all) {
                (1, _) => "open, but its subtask is done".to_string(),
                (2, true) => "open, but both its subtasks are done".to_string(),
                (n, true) => format!("open, but all {n} of its subtasks are done"),
                (n, false) => format!(
                    "open, but its {n} subtasks are done ({}) or skipped",
                    k.done
                ),
            };
            found.push(finding(
                Rule::ChildrenDoneParentOpen,
                parent.line,
                message,
                Some(Fix {
                    what,
                    edit: Edit::Splices(splices),
                }),
            ));
        }
    }
    found
}

/// Where the first line of `task` ends: looked for from where a stamp would go,
/// the end of its content (not from the box: every rule asks, for every task).
fn first_line_end(text: &str, task: &Task) -> usize {
    crate::markdown::line_end(text, task.stamp_at.max(task.offset))
}

/// `12, 14 and 15`, as lines: at most five, then how many more. Made in one
/// string (a vault's plans have tens of thousands of such lists).
fn lines_list(lines: &[usize]) -> String {
    use std::fmt::Write;
    let shown = lines.get(..lines.len().min(5)).unwrap_or_default();
    let more = lines.len() - shown.len();
    let mut out = String::from(if shown.len() == 1 { "line " } else { "lines " });
    for (i, line) in shown.iter().enumerate() {
        let before = match i {
            0 => "",
            _ if i + 1 == shown.len() && more == 0 => " and ",
            _ => ", ",
        };
        // Writing to a String cannot fail.
        let _ = write!(out, "{before}{line}");
    }
    if more > 0 {
        let _ = write!(out, " and {more} more");
    }
    out
}

/// `done-without-date`: done tasks with no ✅ date, where dates are kept. History's
/// date, when it has one, is offered as the fix.
pub(super) fn undated(plan: &Plan, text: &str, knowledge: &Knowledge) -> Vec<Finding> {
    if !knowledge.dates_kept {
        return Vec::new();
    }
    plan.tasks
        .iter()
        .enumerate()
        // No ✅ in the file: a date history gave is not written there.
        .filter(|(_, t)| t.status == Status::Done && t.done_span.is_none())
        .map(|(i, task)| {
            // A ✅ the line holds but that reads as no date (`✅ 2026-02-30`): say
            // so, and write no second one.
            let line_end = first_line_end(text, task);
            let marked = text
                .get(task.offset..line_end)
                .is_some_and(|line| line.contains('✅'));
            if marked {
                return finding(
                    Rule::DoneWithoutDate,
                    task.line,
                    "done, and its ✅ is followed by no date (YYYY-MM-DD, a day that exists)"
                        .to_string(),
                    None,
                );
            }
            let known = knowledge.dates.get(i).copied().flatten();
            let fix = known.map(|(day, source)| Fix {
                what: match source {
                    DoneSource::Worktree => {
                        format!("write ✅ {day}: ticked since the last commit")
                    }
                    DoneSource::Git | DoneSource::Stamp => {
                        format!("write ✅ {day}, the day of the commit that ticked it")
                    }
                },
                edit: Edit::Splices(edit::set_status(task, Status::Done, Some(day))),
            });
            finding(
                Rule::DoneWithoutDate,
                task.line,
                "done, with no ✅ date".to_string(),
                fix,
            )
        })
        .collect()
}

/// `field-not-at-end` and `odd-whitespace`, from each task's first line.
pub(super) fn fields(plan: &Plan, text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    for task in &plan.tasks {
        let from = task.offset + 2;
        let to = first_line_end(text, task);
        let Some(line) = text.get(from..to) else {
            continue;
        };
        let trouble = crate::plan::field_trouble(line);
        for range in &trouble.misplaced {
            let field = line.get(range.clone()).unwrap_or("");
            found.push(finding(
                Rule::FieldNotAtEnd,
                task.line,
                format!(
                    "`{}` is followed by text: Obsidian Tasks reads fields only at the end \
                     of the line, so it is text",
                    quote(field)
                ),
                None,
            ));
        }
        if !trouble.odd.is_empty() {
            let names: Vec<&str> = trouble
                .odd
                .iter()
                .map(|(r, _)| match line.get(r.clone()) {
                    Some("\u{fe0f}") => "U+FE0F",
                    _ => "a no-break space",
                })
                .collect();
            let mut names = names;
            names.dedup();
            let splices = trouble
                .odd
                .iter()
                .map(|(r, with)| Splice {
                    range: from + r.start..from + r.end,
                    with: (*with).to_string(),
                })
                .collect();
            found.push(finding(
                Rule::OddWhitespace,
                task.line,
                format!("{} among the fields", names.join(" and ")),
                Some(Fix {
                    what: "remove U+FE0F, turn no-break spaces into spaces".to_string(),
                    edit: Edit::Splices(splices),
                }),
            ));
        }
    }
    found
}

/// `unknown-box`: list items that open with a look-alike of a box.
pub(super) fn look_alikes(plan: &Plan, text: &str) -> Vec<Finding> {
    let mut lines = crate::markdown::LineCursor::new(text);
    plan.look_alikes
        .iter()
        .map(|&at| {
            let close = text
                .get(at..)
                .and_then(|rest| rest.find(']'))
                .map_or(at, |i| at + i + 1);
            let written = text.get(at..close).unwrap_or("[");
            let written = &*escape::text(written);
            let message = if matches!(written, "[х]" | "[Х]") {
                format!(
                    "`{written}` holds a Cyrillic х, not a Latin x: GitHub reads the item \
                     as text, not a task"
                )
            } else if matches!(written, "[x]" | "[X]" | "[ ]" | "[/]" | "[-]") {
                format!("`{written}` with no blank after it is text to GitHub: the item is no task")
            } else {
                format!(
                    "`{}` looks like a box but is text to GitHub: the item is no task \
                     (a box is `[ ]` or `[x]`)",
                    written
                        .replace('\u{a0}', "\\u{a0}")
                        .replace('\u{3000}', "\\u{3000}")
                )
            };
            finding(Rule::UnknownBox, lines.line(at), message, None)
        })
        .collect()
}

/// `schedule-words`: headings and labels that read like a schedule but do not
/// parse, and weeks (or days) out of order among the sections of one parent.
pub(super) fn schedule_words(plan: &Plan) -> Vec<Finding> {
    let mut found = Vec::new();
    // The last numbered section of each kind seen under each parent.
    let mut last: FxHashMap<(Option<usize>, bool), (u32, u32, usize)> = FxHashMap::default();
    for (index, section) in plan.sections.iter().enumerate() {
        // A position has a number; most titles have none.
        if !section.title.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let (label, trouble) = read_label(&section.title);
        if let Some(problem) = &trouble {
            found.push(finding(
                Rule::ScheduleWords,
                section.line,
                format!("`{}`: {problem}", quote(&section.title)),
                None,
            ));
        }
        // Read as the schedule reads it, troubled or not: what follows is compared
        // with that.
        let (weeks, from, to) = match label {
            Some(Label::Weeks(a, b)) => (true, a, b),
            Some(Label::Days(a, b)) => (false, a, b),
            _ => continue,
        };
        let key = (section.parent, weeks);
        if let Some(&(before_from, before_to, before)) = last.get(&key)
            && from <= before_to
            && trouble.is_none()
        {
            let earlier = &plan.sections[before];
            let unit = if weeks { "weeks" } else { "days" };
            let how = if from < before_from {
                format!(
                    "comes after `{}` (line {}): {unit} out of order",
                    quote(&earlier.title),
                    earlier.line
                )
            } else {
                format!(
                    "overlaps `{}` (line {}): {unit} counted twice",
                    quote(&earlier.title),
                    earlier.line
                )
            };
            found.push(finding(
                Rule::ScheduleWords,
                section.line,
                format!("`{}` {how}", quote(&section.title)),
                None,
            ));
        }
        last.insert(key, (from, to, index));
    }
    found
}

/// A task as `duplicate-task` compares it: its section, its parent task, its line
/// as written. Compared whole; hashed by its place, its length and its ends, where
/// lines that differ mostly do (every task of a plan is hashed).
#[derive(PartialEq, Eq)]
struct Written<'t> {
    section: Option<usize>,
    parent: Option<usize>,
    text: &'t str,
}

impl std::hash::Hash for Written<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.section.hash(state);
        self.parent.hash(state);
        let bytes = self.text.as_bytes();
        state.write_usize(bytes.len());
        match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
            (Some(first), Some(last)) if bytes.len() > 16 => {
                state.write(first);
                state.write(last);
            }
            _ => state.write(bytes),
        }
    }
}

/// `duplicate-task`: a task written as one before it in the same section and
/// under the same parent task (its line after the box, done date aside, the
/// same), at the second copy's line. `Практика` under each week's task is no
/// duplicate. Read from the text, so a plan parsed without task text (for speed)
/// is linted alike.
pub(super) fn duplicates(plan: &Plan, text: &str) -> Vec<Finding> {
    /// The first copy of a task, and whether it is the whole task (no text goes
    /// on past its first line), asked only when a second copy comes.
    struct First<'t> {
        task: &'t Task,
        whole: Option<bool>,
    }
    let whole = |task: &Task| !crate::plan::paragraph_goes_on(text, first_line_end(text, task));
    let mut seen: FxHashMap<Written, First> =
        FxHashMap::with_capacity_and_hasher(plan.tasks.len(), Default::default());
    let mut found = Vec::new();
    for task in &plan.tasks {
        let end = task.done_span.as_ref().map_or(task.stamp_at, |d| d.start);
        let written = text.get(task.offset + 2..end).unwrap_or("").trim();
        if written.is_empty() {
            continue;
        }
        let key = Written {
            section: task.section,
            parent: task.parent,
            text: written,
        };
        let Some(first) = seen.get_mut(&key) else {
            seen.insert(key, First { task, whole: None });
            continue;
        };
        // A task whose text goes on past its first line is told apart by the
        // rest: it is no copy, nor has it any.
        if !whole(task) {
            continue;
        }
        if !*first.whole.get_or_insert_with(|| whole(first.task)) {
            *first = First {
                task,
                whole: Some(true),
            };
            continue;
        }
        found.push(finding(
            Rule::DuplicateTask,
            task.line,
            format!(
                "the same task as line {} under the same heading: `{}`",
                first.task.line,
                quote(written)
            ),
            None,
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_listed_in_words() {
        let cases: [(&[usize], &str); 5] = [
            (&[12], "line 12"),
            (&[12, 14], "lines 12 and 14"),
            (&[12, 14, 15], "lines 12, 14 and 15"),
            (&[1, 2, 3, 4, 5], "lines 1, 2, 3, 4 and 5"),
            (&[1, 2, 3, 4, 5, 6, 7], "lines 1, 2, 3, 4, 5 and 2 more"),
        ];
        for (lines, want) in cases {
            assert_eq!(lines_list(lines), want);
        }
    }
}
