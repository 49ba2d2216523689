//! Selectors: how `check` names tasks.
//!
//! In order of precedence a selector is a task ID as printed (`go-backend#3fa9c1`),
//! a location `FILE:LINE` as editors print it (`plans/go-backend.md:25`), or else a
//! case-insensitive substring of task texts. A query must match exactly one task
//! unless `--all` is given; when exactly one task's whole text equals the query, that
//! task is meant even if longer texts contain it too.

use std::path::Path;

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

    /// Finds the tasks this selector names. `cwd` resolves `FILE` in `FILE:LINE`.
    pub fn resolve(&self, plans: &[Plan], cwd: &Path, all: bool) -> Result<Vec<TaskRef>, Error> {
        let wanted = self.0.trim();
        let by_id: Vec<TaskRef> = hits(plans, |_, t| t.id.as_str() == wanted);
        if !by_id.is_empty() {
            return Ok(by_id);
        }
        if let Some((file, line)) = self.location()
            && let Some(plan) = plans.iter().position(|p| names_file(p, file, cwd))
        {
            return at_line(plans, plan, file, line);
        }
        let needle = wanted.to_lowercase();
        let matched: Vec<TaskRef> = hits(plans, |_, t| t.text.to_lowercase().contains(&needle));
        match matched.len() {
            0 => Err(Error::NoMatch {
                selector: self.0.clone(),
            }),
            1 => Ok(matched),
            _ if all => Ok(matched),
            _ => {
                let exact: Vec<TaskRef> = matched
                    .iter()
                    .copied()
                    .filter(|h| plans[h.plan].tasks[h.task].text.to_lowercase() == needle)
                    .collect();
                if exact.len() == 1 {
                    return Ok(exact);
                }
                Err(Error::Ambiguous {
                    selector: self.0.clone(),
                    candidates: matched.iter().map(|&h| candidate(plans, h)).collect(),
                })
            }
        }
    }
}

/// Describes a task for a message.
pub fn candidate(plans: &[Plan], hit: TaskRef) -> Candidate {
    let plan = &plans[hit.plan];
    let task = &plan.tasks[hit.task];
    Candidate {
        id: task.id.to_string(),
        location: format!("{}:{}", plan.path.display(), task.line),
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

/// Whether `file` in `FILE:LINE` names this plan: as shown, as a path from `cwd`, or
/// by its file name.
pub fn names_file(plan: &Plan, file: &str, cwd: &Path) -> bool {
    let given = Path::new(file);
    if plan.path == given || plan.path.file_name() == Some(given.as_os_str()) {
        return true;
    }
    let full = |p: &Path| std::fs::canonicalize(cwd.join(p)).ok();
    matches!((full(&plan.path), full(given)), (Some(a), Some(b)) if a == b)
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
        Selector::parse(s)?.resolve(&plans(), Path::new("/nowhere"), all)
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
