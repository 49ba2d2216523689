//! Selectors: how `check` names tasks.
//!
//! In order of precedence a selector is a task ID as printed (`go-backend#3fa9c1`),
//! a location `FILE:LINE` as editors print it (`plans/go-backend.md:25`), or else a
//! case-insensitive substring of task texts. A query must match exactly one task
//! unless `--all` is given; when exactly one task's whole text equals the query, that
//! task is meant even if longer texts contain it too.

use std::collections::{BTreeSet, HashMap};
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
    /// For many selectors, [`resolve_all`] indexes the tasks once.
    pub fn resolve(&self, plans: &[Plan], cwd: &Path, all: bool) -> Result<Vec<TaskRef>, Error> {
        Index::new(plans).resolve(self, cwd, all)
    }
}

/// Finds the tasks all `selectors` name, as [`Selector::resolve`] does for each, with
/// the tasks indexed once by ID and by line: `check` with the 100,000 IDs that
/// `xargs` passes at once takes one pass over the tasks, not one per selector.
pub fn resolve_all(
    selectors: &[Selector],
    plans: &[Plan],
    cwd: &Path,
    all: bool,
) -> Result<BTreeSet<TaskRef>, Error> {
    let mut index = Index::new(plans);
    let mut hits = BTreeSet::new();
    for selector in selectors {
        hits.extend(index.resolve(selector, cwd, all)?);
    }
    Ok(hits)
}

/// The plans' tasks by ID, the plans a `FILE` names (looked up once per `FILE`),
/// and the tasks' lower-cased texts (made when a query first needs them).
struct Index<'p> {
    plans: &'p [Plan],
    ids: HashMap<&'p str, Vec<TaskRef>>,
    files: HashMap<String, Option<usize>>,
    lowered: Option<Vec<Vec<String>>>,
}

impl<'p> Index<'p> {
    fn new(plans: &'p [Plan]) -> Index<'p> {
        let mut ids: HashMap<&str, Vec<TaskRef>> = HashMap::new();
        for (p, plan) in plans.iter().enumerate() {
            for (t, task) in plan.tasks.iter().enumerate() {
                ids.entry(task.id.as_str())
                    .or_default()
                    .push(TaskRef { plan: p, task: t });
            }
        }
        Index {
            plans,
            ids,
            files: HashMap::new(),
            lowered: None,
        }
    }

    fn resolve(
        &mut self,
        selector: &Selector,
        cwd: &Path,
        all: bool,
    ) -> Result<Vec<TaskRef>, Error> {
        let plans = self.plans;
        let wanted = selector.0.trim();
        if let Some(by_id) = self.ids.get(wanted) {
            return Ok(by_id.clone());
        }
        if let Some((file, line)) = selector.location() {
            let plan = *self
                .files
                .entry(file.to_string())
                .or_insert_with(|| plans.iter().position(|p| names_file(p, file, cwd)));
            if let Some(plan) = plan {
                return at_line(plans, plan, file, line);
            }
        }
        let needle = wanted.to_lowercase();
        let lowered = self.lowered.get_or_insert_with(|| {
            plans
                .iter()
                .map(|p| p.tasks.iter().map(|t| t.text.to_lowercase()).collect())
                .collect()
        });
        let mut matched = Vec::new();
        let mut exact = Vec::new();
        for (p, texts) in lowered.iter().enumerate() {
            for (t, text) in texts.iter().enumerate() {
                if text.contains(&needle) {
                    matched.push(TaskRef { plan: p, task: t });
                    if *text == needle {
                        exact.push(TaskRef { plan: p, task: t });
                    }
                }
            }
        }
        match matched.len() {
            0 => Err(Error::NoMatch {
                selector: selector.0.clone(),
            }),
            1 => Ok(matched),
            _ if all => Ok(matched),
            _ if exact.len() == 1 => Ok(exact),
            _ => Err(Error::Ambiguous {
                selector: selector.0.clone(),
                candidates: matched.iter().map(|&h| candidate(plans, h)).collect(),
            }),
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
    // Tasks come in document order: the first on `line` or after it, by bisection.
    let first = tasks.partition_point(|t| t.line < line);
    if tasks.get(first).is_some_and(|t| t.line == line) {
        return Ok(vec![TaskRef { plan, task: first }]);
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
    fn resolving_all_at_once_finds_what_each_finds() {
        let plans = plans();
        let id = plans[0].tasks[2].id.to_string();
        let texts = [
            id.as_str(),
            "plans/a.md:3",
            "b.md:1",
            "BUFFERED",
            "горутины",
        ];
        let selectors: Vec<Selector> = texts.iter().map(|t| Selector::parse(t).unwrap()).collect();
        let one_by_one: BTreeSet<TaskRef> = selectors
            .iter()
            .flat_map(|s| s.resolve(&plans, Path::new("/nowhere"), true).unwrap())
            .collect();
        let at_once = resolve_all(&selectors, &plans, Path::new("/nowhere"), true).unwrap();
        assert_eq!(at_once, one_by_one);
        assert_eq!(at_once.len(), 3);
        // Every line of a plan with nested tasks, found by bisection.
        let nested = vec![Plan::parse(
            "n.md".into(),
            "- [ ] a\n  - [ ] b\n    - [ ] c\n\n- [ ] d\n".into(),
        )];
        for (line, task) in [(1, 0), (2, 1), (3, 2), (5, 3)] {
            let s = Selector::parse(&format!("n.md:{line}")).unwrap();
            assert_eq!(
                s.resolve(&nested, Path::new("/"), false).unwrap(),
                [TaskRef { plan: 0, task }]
            );
        }
        let s = Selector::parse("n.md:4").unwrap();
        assert!(matches!(
            s.resolve(&nested, Path::new("/"), false),
            Err(Error::NoTaskAtLine { .. })
        ));
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
