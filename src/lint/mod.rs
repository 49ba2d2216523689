//! `roadmap lint`: what is wrong with a plan, and the fixes that are safe to make.
//!
//! Pure: a plan's text (and what the command gathered about it: the config's
//! `stamp`, whether it sits in git, the dates history gives, the links that did not
//! resolve) in, findings out. Each [`Rule`] has a name and a test. A finding may
//! carry a [`Fix`]: the mojibake repair rewrites the whole text; every other fix is
//! a byte splice of the repaired text, never a reformat. [`lint`] runs the repair
//! first and the other rules on the repaired text, so one write makes every fix.
//!
//! The rules themselves are in `rules.rs`; the code-page repair in `mojibake.rs`.

pub mod mojibake;
mod rules;

use chrono::NaiveDate;
use serde::Serialize;

use crate::edit::{self, Splice};
use crate::plan::{Plan, PlanName, Status};

/// A rule of `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// UTF-8 text read as a single-byte code page and saved again as UTF-8.
    Mojibake,
    /// A done task with open subtasks.
    ParentDoneChildrenOpen,
    /// An open task whose subtasks are all done.
    ChildrenDoneParentOpen,
    /// A done task with no ✅ date, where dates are kept.
    DoneWithoutDate,
    /// An Obsidian Tasks field followed by text: the plugin reads it as text.
    FieldNotAtEnd,
    /// U+FE0F or a no-break space among the fields.
    OddWhitespace,
    /// A list item that opens with what looks like a box but is text to GitHub.
    UnknownBox,
    /// A heading that reads like a schedule but does not parse, or weeks out of order.
    ScheduleWords,
    /// The same task twice under one heading.
    DuplicateTask,
    /// A 📖 link to a plan or section that is not there.
    BrokenLink,
}

impl Rule {
    /// Every rule, in the order findings of one line are listed.
    pub const ALL: [Rule; 10] = [
        Rule::Mojibake,
        Rule::ParentDoneChildrenOpen,
        Rule::ChildrenDoneParentOpen,
        Rule::DoneWithoutDate,
        Rule::FieldNotAtEnd,
        Rule::OddWhitespace,
        Rule::UnknownBox,
        Rule::ScheduleWords,
        Rule::DuplicateTask,
        Rule::BrokenLink,
    ];

    /// The rule's name, as printed: `mojibake`, `parent-done-children-open`, ….
    pub fn name(self) -> &'static str {
        match self {
            Rule::Mojibake => "mojibake",
            Rule::ParentDoneChildrenOpen => "parent-done-children-open",
            Rule::ChildrenDoneParentOpen => "children-done-parent-open",
            Rule::DoneWithoutDate => "done-without-date",
            Rule::FieldNotAtEnd => "field-not-at-end",
            Rule::OddWhitespace => "odd-whitespace",
            Rule::UnknownBox => "unknown-box",
            Rule::ScheduleWords => "schedule-words",
            Rule::DuplicateTask => "duplicate-task",
            Rule::BrokenLink => "broken-link",
        }
    }

    /// How bad a finding of this rule is: an error when roadmap (or GitHub, or the
    /// Obsidian plugin) reads the plan otherwise than its writer meant; a warning
    /// when the plan reads as meant but disagrees with itself.
    pub fn severity(self) -> Severity {
        match self {
            Rule::Mojibake
            | Rule::FieldNotAtEnd
            | Rule::UnknownBox
            | Rule::ScheduleWords
            | Rule::BrokenLink => Severity::Error,
            Rule::ParentDoneChildrenOpen
            | Rule::ChildrenDoneParentOpen
            | Rule::DoneWithoutDate
            | Rule::OddWhitespace
            | Rule::DuplicateTask => Severity::Warning,
        }
    }
}

/// How bad a finding is (see [`Rule::severity`]). Both make `lint` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The plan is read otherwise than meant.
    Error,
    /// The plan disagrees with itself.
    Warning,
}

/// One thing wrong with a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule that found it.
    pub rule: Rule,
    /// Its 1-based line: the parent's for the nested rules, the second copy's for
    /// duplicates, 1 for mojibake (the sample's own line is in `sample`).
    pub line: usize,
    /// What is wrong, in a sentence.
    pub message: String,
    /// What `--fix` would do about it, if anything is safe to do.
    pub fix: Option<Fix>,
    /// For mojibake: a line as it is and as repaired.
    pub sample: Option<mojibake::Sample>,
}

/// A fix: what it does, in words, and the edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, for people (`write ✅ 2026-11-20, the day of the commit
    /// that ticked it`).
    pub what: String,
    /// The edit.
    pub edit: Edit,
}

/// The edit a fix makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// The whole text, repaired (mojibake).
    Repair,
    /// Byte splices of the (repaired) text.
    Splices(Vec<Splice>),
}

/// What `lint` knows about a plan besides its text.
#[derive(Debug, Clone, Default)]
pub struct Knowledge {
    /// Whether done tasks are to carry ✅ dates: the config says `stamp = true`, or
    /// the plan sits in a git work tree.
    pub dates_kept: bool,
    /// Dates for undated done tasks, by task index, when git history gives them
    /// (see [`crate::history::infer`]).
    pub dates: Vec<crate::history::Inferred>,
    /// The date a fix ticking a task writes, when dates are kept: today.
    pub today: Option<NaiveDate>,
}

/// The text lint reads a plan by: the mojibake repair of `text` when it is
/// mojibake, else `text` itself, with the finding that says so.
pub fn repaired(text: &str) -> (Option<Finding>, Option<String>) {
    match mojibake::detect(text) {
        Some(found) => {
            let finding = rules::mojibake_finding(&found);
            (Some(finding), Some(found.repaired))
        }
        None => (None, None),
    }
}

/// Lints a plan: `text` is what lint reads (repaired when it was mojibake, see
/// [`repaired`]) and `plan` its parse; `mojibake` the repair's finding, if any.
/// The findings come by line, then by rule. Their fixes are offered, not yet
/// checked: [`fixed`] makes and checks them.
pub fn lint(
    plan: &Plan,
    text: &str,
    knowledge: &Knowledge,
    mojibake: Option<Finding>,
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = mojibake.into_iter().collect();
    findings.extend(rules::nested(plan, knowledge));
    findings.extend(rules::undated(plan, text, knowledge));
    findings.extend(rules::fields(plan, text));
    findings.extend(rules::look_alikes(plan, text));
    findings.extend(rules::schedule_words(plan));
    findings.extend(rules::duplicates(plan, text));
    findings.sort_by_key(|f| (f.line, f.rule));
    findings
}

/// The text with every fix of `findings` made, when any has one: `text` (what
/// [`lint`] read, repaired) with the splice fixes, checked by parsing it again:
/// the tasks must be the same, on the same lines, with the same text and the
/// statuses the fixes give. Should the check fail, the splice fixes are withdrawn
/// (their findings stay, without a fix) and only a repair is made.
pub fn fixed(plan: &Plan, text: &str, findings: &mut [Finding], name: &PlanName) -> Option<String> {
    let repair = findings
        .iter()
        .any(|f| f.fix.as_ref().is_some_and(|x| x.edit == Edit::Repair));
    let splices: Vec<Splice> = findings
        .iter()
        .filter_map(|f| match &f.fix {
            Some(Fix {
                edit: Edit::Splices(s),
                ..
            }) => Some(s.iter().cloned()),
            _ => None,
        })
        .flatten()
        .collect();
    if splices.is_empty() {
        return repair.then(|| text.to_string());
    }
    let new = edit::apply(text, &splices);
    // The status byte each splice writes, by offset: one look per task.
    let bytes: std::collections::HashMap<usize, u8> = splices
        .iter()
        .filter(|s| s.range.len() == 1)
        .filter_map(|s| Some((s.range.start, *s.with.as_bytes().first()?)))
        .collect();
    let changes: Vec<(usize, Status)> = plan
        .tasks
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((i, Status::from_byte(*bytes.get(&t.offset)?)?)))
        .collect();
    // Both read whole, text and IDs: `plan` may have been read without them.
    let before = Plan::parse_named(plan.path.clone(), name, text);
    let again = Plan::parse_named(plan.path.clone(), name, &new);
    if edit::verify(&before, &again, &changes).is_ok() {
        return Some(new);
    }
    for finding in findings.iter_mut() {
        if matches!(
            finding.fix,
            Some(Fix {
                edit: Edit::Splices(_),
                ..
            })
        ) {
            finding.fix = None;
        }
    }
    repair.then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::Rule;

    #[test]
    fn every_rule_is_listed_once_in_its_own_order() {
        // `lint`'s text output finds a rule's painted name by `rule as usize`.
        for (i, rule) in Rule::ALL.iter().enumerate() {
            assert_eq!(*rule as usize, i, "{}", rule.name());
        }
    }
}
