//! Selectors: how `check` names tasks.
//!
//! In order of precedence a selector is a task ID as printed (`go-backend#3fa9c1`,
//! or `plan#3fa9c1` for `work/plan#3fa9c1`, as a command that saw one plan called
//! `plan` printed it), a location `FILE:LINE` as editors print it
//! (`plans/go-backend.md:25`), or else a case-insensitive substring of task texts.
//! Each must name exactly one task unless `--all` is given; when exactly one task's
//! whole text equals a query, that task is meant even if longer texts contain it too.

use crate::error::{Candidate, Error};
use crate::plan::{Plan, TaskRef};

/// A selector as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector(String);

impl Selector {
    /// Checks a selector: it must not be blank.
    ///
    /// ```
    /// assert!(roadmap::selector::Selector::parse("  ").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Selector, Error> {
        if text.trim().is_empty() {
            return Err(Error::EmptySelector);
        }
        Ok(Selector(text.to_string()))
    }

    /// The selector's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `(FILE, LINE)` when the selector has that form.
    pub fn location(&self) -> Option<(&str, usize)> {
        let (file, line) = self.0.rsplit_once(':')?;
        let line: usize = line.parse().ok()?;
        (!file.is_empty()).then_some((file, line))
    }

    /// Finds the tasks this selector names. `located` is the plan that `FILE` in a
    /// `FILE:LINE` selector names, worked out by the caller (it takes the file
    /// system): the path as typed first, else a bare file name.
    pub fn resolve(
        &self,
        plans: &[Plan],
        located: Option<usize>,
        all: bool,
    ) -> Result<Vec<TaskRef>, Error> {
        let wanted = self.0.trim();
        let by_id = hits(plans, |_, t| t.id.as_str() == wanted);
        let by_id = if by_id.is_empty() {
            by_short_id(plans, wanted)
        } else {
            by_id
        };
        if !by_id.is_empty() {
            // An ID names one task: one that names several is refused even with
            // --all, which is for queries.
            return self.one_unless_all(plans, by_id, false);
        }
        if let (Some((file, line)), Some(plan)) = (self.location(), located) {
            return at_line(plans, plan, file, line);
        }
        let needle = wanted.to_lowercase();
        let matched: Vec<TaskRef> = hits(plans, |_, t| t.text.to_lowercase().contains(&needle));
        if matched.is_empty() {
            return Err(Error::NoMatch {
                selector: self.0.clone(),
            });
        }
        if matched.len() > 1 && !all {
            let exact: Vec<TaskRef> = matched
                .iter()
                .copied()
                .filter(|h| plans[h.plan].tasks[h.task].text.to_lowercase() == needle)
                .collect();
            if exact.len() == 1 {
                return Ok(exact);
            }
        }
        self.one_unless_all(plans, matched, all)
    }

    /// `hits` when there is one or `--all` was given; else the ambiguity error.
    fn one_unless_all(
        &self,
        plans: &[Plan],
        hits: Vec<TaskRef>,
        all: bool,
    ) -> Result<Vec<TaskRef>, Error> {
        if hits.len() == 1 || all {
            return Ok(hits);
        }
        Err(Error::Ambiguous {
            selector: self.0.clone(),
            candidates: hits.iter().map(|&h| candidate(plans, h)).collect(),
        })
    }
}

/// Tasks whose ID has the hash of `wanted` and whose plan answers to its name: an
/// ID printed by a command that saw other plans (`plan#3fa9c1` when this one saw
/// two plans called `plan` and calls it `work/plan#3fa9c1`, or the reverse).
fn by_short_id(plans: &[Plan], wanted: &str) -> Vec<TaskRef> {
    let Some((name, hash)) = wanted.rsplit_once('#') else {
        return Vec::new();
    };
    if name.is_empty() || hash.is_empty() {
        return Vec::new();
    }
    hits(plans, |plan, t| {
        plan.name.answers_to(name)
            && t.id
                .as_str()
                .rsplit_once('#')
                .is_some_and(|(_, h)| h == hash)
    })
}

/// Describes a task for a message.
pub fn candidate(plans: &[Plan], hit: TaskRef) -> Candidate {
    let plan = &plans[hit.plan];
    let task = &plan.tasks[hit.task];
    Candidate {
        id: task.id.to_string(),
        location: format!("{}:{}", crate::escape::path(&plan.path), task.line),
        text: task.text.clone(),
    }
}

fn hits(plans: &[Plan], mut keep: impl FnMut(&Plan, &crate::plan::Task) -> bool) -> Vec<TaskRef> {
    let mut out = Vec::new();
    for (p, plan) in plans.iter().enumerate() {
        for (t, task) in plan.tasks.iter().enumerate() {
            if keep(plan, task) {
                out.push(TaskRef { plan: p, task: t });
            }
        }
    }
    out
}

fn at_line(plans: &[Plan], plan: usize, file: &str, line: usize) -> Result<Vec<TaskRef>, Error> {
    let tasks = &plans[plan].tasks;
    if let Some(task) = tasks.iter().position(|t| t.line == line) {
        return Ok(vec![TaskRef { plan, task }]);
    }
    let nearest = tasks
        .iter()
        .enumerate()
        .min_by_key(|(_, t)| t.line.abs_diff(line))
        .map(|(task, _)| candidate(plans, TaskRef { plan, task }));
    Err(Error::NoTaskAtLine {
        path: file.to_string(),
        line,
        nearest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn plans() -> Vec<Plan> {
        vec![
            Plan::parse(
                PathBuf::from("plans/a.md"),
                "# A\n- [ ] Каналы\n- [ ] Каналы: buffered\n- [ ] Горутины\n".into(),
            ),
            Plan::parse(
                PathBuf::from("plans/b.md"),
                "- [ ] горутины и каналы\n".into(),
            ),
        ]
    }

    fn resolve(s: &str, all: bool) -> Result<Vec<TaskRef>, Error> {
        let plans = plans();
        let located = Selector::parse(s)?
            .location()
            .and_then(|(file, _)| plans.iter().position(|p| p.path.ends_with(file)));
        Selector::parse(s)?.resolve(&plans, located, all)
    }

    #[test]
    fn ids_locations_and_queries() {
        let id = plans()[0].tasks[2].id.to_string();
        assert_eq!(resolve(&id, false).unwrap(), [TaskRef { plan: 0, task: 2 }]);
        assert_eq!(
            resolve("plans/a.md:3", false).unwrap(),
            [TaskRef { plan: 0, task: 1 }]
        );
        assert_eq!(
            resolve("b.md:1", false).unwrap(),
            [TaskRef { plan: 1, task: 0 }]
        );
        assert_eq!(
            resolve("BUFFERED", false).unwrap(),
            [TaskRef { plan: 0, task: 1 }]
        );
    }

    #[test]
    fn queries_are_case_insensitive_in_cyrillic_and_can_be_ambiguous() {
        match resolve("ГОРУТ", false) {
            Err(Error::Ambiguous { candidates, .. }) => assert_eq!(candidates.len(), 2),
            other => panic!("{other:?}"),
        }
        assert_eq!(resolve("горутины", true).unwrap().len(), 2);
        // An exact text wins over longer texts containing it.
        assert_eq!(
            resolve("каналы", false).unwrap(),
            [TaskRef { plan: 0, task: 0 }]
        );
    }

    #[test]
    fn misses_are_errors() {
        assert!(matches!(resolve("", false), Err(Error::EmptySelector)));
        assert!(matches!(
            resolve("nothing like it", false),
            Err(Error::NoMatch { .. })
        ));
        match resolve("plans/a.md:1", false) {
            Err(Error::NoTaskAtLine {
                nearest: Some(c), ..
            }) => assert!(c.location.ends_with(":2")),
            other => panic!("{other:?}"),
        }
    }
}
