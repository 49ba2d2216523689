//! Selectors: how `check` names tasks.
//!
//! In order of precedence a selector is a task ID as printed (`go-backend#3fa9c1`,
//! or `plan#3fa9c1` for `work/plan#3fa9c1`, as a command that saw one plan called
//! `plan` printed it), a location `FILE:LINE` as editors print it
//! (`plans/go-backend.md:25`), or else a case-insensitive substring of task texts.
//! An ID or a location names one task, always; a query must match exactly one task
//! unless `--all` is given, and when exactly one task's whole text equals a query,
//! that task is meant even if longer texts contain it too.
//!
//! Which plan `FILE` names takes the file system (the path as typed first), so the
//! caller works it out and passes it in: everything here is pure.

use std::collections::{BTreeSet, HashMap};

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

    /// Finds the tasks this selector names. `located` is the plan that `FILE` of a
    /// `FILE:LINE` selector names. For many selectors, [`resolve_all`] indexes the
    /// tasks once.
    pub fn resolve(
        &self,
        plans: &[Plan],
        located: Option<usize>,
        all: bool,
    ) -> Result<Vec<TaskRef>, Error> {
        Index::scanning(plans).resolve(self, located, all)
    }
}

/// Finds the tasks all `selectors` name, as [`Selector::resolve`] does for each
/// (`located` parallels them). Many selectors (`check` with the 100,000 IDs that
/// `xargs` passes at once) share an index of the tasks by ID, one pass over them;
/// a few scan the tasks each, for on a long plan building the index costs more
/// than the scans (647,765 tasks: 0.7 s against milliseconds).
pub fn resolve_all(
    selectors: &[Selector],
    located: &[Option<usize>],
    plans: &[Plan],
    all: bool,
) -> Result<BTreeSet<TaskRef>, Error> {
    let mut index = if selectors.len() > SCANS_BEFORE_AN_INDEX {
        Index::new(plans)
    } else {
        Index::scanning(plans)
    };
    let mut hits = BTreeSet::new();
    for (i, selector) in selectors.iter().enumerate() {
        let at = located.get(i).copied().flatten();
        hits.extend(index.resolve(selector, at, all)?);
    }
    Ok(hits)
}

/// How many selectors scan the tasks each before an index pays.
const SCANS_BEFORE_AN_INDEX: usize = 8;

/// The plans' tasks by ID and by the part of the ID after `#` (or none, to scan
/// them), and their lower-cased texts (made when a query first needs them).
struct Index<'p> {
    plans: &'p [Plan],
    maps: Option<Maps<'p>>,
    lowered: Option<Vec<Vec<String>>>,
}

/// The tasks by whole ID, and by the part after `#`.
struct Maps<'p> {
    ids: HashMap<&'p str, Vec<TaskRef>>,
    hashes: HashMap<&'p str, Vec<TaskRef>>,
}

impl<'p> Index<'p> {
    fn new(plans: &'p [Plan]) -> Index<'p> {
        let mut ids: HashMap<&str, Vec<TaskRef>> = HashMap::new();
        let mut hashes: HashMap<&str, Vec<TaskRef>> = HashMap::new();
        for (hit, task) in tasks(plans) {
            ids.entry(task.id.as_str()).or_default().push(hit);
            if let Some((_, hash)) = task.id.as_str().rsplit_once('#') {
                hashes.entry(hash).or_default().push(hit);
            }
        }
        Index {
            plans,
            maps: Some(Maps { ids, hashes }),
            lowered: None,
        }
    }

    fn scanning(plans: &'p [Plan]) -> Index<'p> {
        Index {
            plans,
            maps: None,
            lowered: None,
        }
    }

    /// The tasks whose ID is `id`.
    fn with_id(&self, id: &str) -> Vec<TaskRef> {
        match &self.maps {
            Some(maps) => maps.ids.get(id).cloned().unwrap_or_default(),
            None => tasks(self.plans)
                .filter(|(_, t)| t.id.as_str() == id)
                .map(|(hit, _)| hit)
                .collect(),
        }
    }

    /// The tasks whose ID ends in `#hash`.
    fn with_hash(&self, hash: &str) -> Vec<TaskRef> {
        match &self.maps {
            Some(maps) => maps.hashes.get(hash).cloned().unwrap_or_default(),
            None => tasks(self.plans)
                .filter(|(_, t)| {
                    t.id.as_str()
                        .rsplit_once('#')
                        .is_some_and(|(_, h)| h == hash)
                })
                .map(|(hit, _)| hit)
                .collect(),
        }
    }

    fn resolve(
        &mut self,
        selector: &Selector,
        located: Option<usize>,
        all: bool,
    ) -> Result<Vec<TaskRef>, Error> {
        let plans = self.plans;
        let wanted = selector.0.trim();
        // An ID names one task: one that names several is refused even with --all,
        // which is for queries.
        let by_id = self.with_id(wanted);
        if !by_id.is_empty() {
            return one_unless_all(selector, plans, by_id, false);
        }
        let by_short = self.by_short_id(wanted);
        if !by_short.is_empty() {
            return one_unless_all(selector, plans, by_short, false);
        }
        if let (Some((file, line)), Some(plan)) = (selector.location(), located) {
            return at_line(plans, plan, file, line);
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
        if matched.is_empty() {
            return Err(match selector.location() {
                // `plans/typo.md:25` named a file that is not there.
                Some((file, _)) if looks_like_file(file) => Error::NoSuchFile {
                    selector: selector.0.clone(),
                    file: file.to_string(),
                },
                _ => Error::NoMatch {
                    selector: selector.0.clone(),
                },
            });
        }
        if matched.len() > 1 && !all && exact.len() == 1 {
            return Ok(exact);
        }
        one_unless_all(selector, plans, matched, all)
    }

    /// Tasks whose ID has the part after `#` of `wanted` and whose plan answers to
    /// the part before: an ID printed by a command that saw other plans
    /// (`plan#3fa9c1` when this one calls it `work/plan#3fa9c1`, or the reverse).
    fn by_short_id(&self, wanted: &str) -> Vec<TaskRef> {
        let Some((name, hash)) = wanted.rsplit_once('#') else {
            return Vec::new();
        };
        if name.is_empty() {
            return Vec::new();
        }
        let mut hits = self.with_hash(hash);
        hits.retain(|h| self.plans[h.plan].name.answers_to(name));
        hits
    }
}

/// Every task of `plans` with where it is.
fn tasks(plans: &[Plan]) -> impl Iterator<Item = (TaskRef, &crate::plan::Task)> {
    plans.iter().enumerate().flat_map(|(p, plan)| {
        plan.tasks
            .iter()
            .enumerate()
            .map(move |(t, task)| (TaskRef { plan: p, task: t }, task))
    })
}

/// `hits` when there is one or `all` is set; else the ambiguity error.
fn one_unless_all(
    selector: &Selector,
    plans: &[Plan],
    hits: Vec<TaskRef>,
    all: bool,
) -> Result<Vec<TaskRef>, Error> {
    if hits.len() == 1 || all {
        return Ok(hits);
    }
    Err(Error::Ambiguous {
        selector: selector.0.clone(),
        candidates: hits.iter().map(|&h| candidate(plans, h)).collect(),
    })
}

/// Whether `FILE` of a `FILE:LINE` that names no plan was meant as a file.
fn looks_like_file(file: &str) -> bool {
    file.contains('/') || file.ends_with(".md") || file.ends_with(".markdown")
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

    fn located(plans: &[Plan], s: &str) -> Option<usize> {
        Selector::parse(s)
            .ok()?
            .location()
            .and_then(|(file, _)| plans.iter().position(|p| p.path.ends_with(file)))
    }

    fn resolve(s: &str, all: bool) -> Result<Vec<TaskRef>, Error> {
        let plans = plans();
        Selector::parse(s)?.resolve(&plans, located(&plans, s), all)
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
        let located_in = located;
        let located: Vec<Option<usize>> = texts.iter().map(|t| located_in(&plans, t)).collect();
        let one_by_one: BTreeSet<TaskRef> = selectors
            .iter()
            .zip(&located)
            .flat_map(|(s, at)| s.resolve(&plans, *at, true).unwrap())
            .collect();
        let at_once = resolve_all(&selectors, &located, &plans, true).unwrap();
        assert_eq!(at_once, one_by_one);
        assert_eq!(at_once.len(), 3);
        // Past SCANS_BEFORE_AN_INDEX selectors, an index answers as the scans do.
        let hash = id.rsplit_once('#').unwrap().1;
        let short = format!("{}#{hash}", plans[0].name.short);
        let many: Vec<&str> = texts
            .iter()
            .chain(&[short.as_str()])
            .copied()
            .cycle()
            .take(12)
            .collect();
        assert!(many.len() > SCANS_BEFORE_AN_INDEX);
        let selectors: Vec<Selector> = many.iter().map(|t| Selector::parse(t).unwrap()).collect();
        let places: Vec<Option<usize>> = many.iter().map(|t| located_in(&plans, t)).collect();
        let indexed = resolve_all(&selectors, &places, &plans, true).unwrap();
        let scanned: BTreeSet<TaskRef> = selectors
            .iter()
            .zip(&places)
            .flat_map(|(s, at)| s.resolve(&plans, *at, true).unwrap())
            .collect();
        assert_eq!(indexed, scanned);
        assert_eq!(indexed, at_once);
        // Every line of a plan with nested tasks, found by bisection.
        let nested = vec![Plan::parse(
            "n.md".into(),
            "- [ ] a\n  - [ ] b\n    - [ ] c\n\n- [ ] d\n".into(),
        )];
        for (line, task) in [(1, 0), (2, 1), (3, 2), (5, 3)] {
            let s = Selector::parse(&format!("n.md:{line}")).unwrap();
            assert_eq!(
                s.resolve(&nested, Some(0), false).unwrap(),
                [TaskRef { plan: 0, task }]
            );
        }
        let s = Selector::parse("n.md:4").unwrap();
        assert!(matches!(
            s.resolve(&nested, Some(0), false),
            Err(Error::NoTaskAtLine { .. })
        ));
    }

    #[test]
    fn an_id_never_names_several_tasks_even_with_all() {
        // Two plans whose tasks share a hash, and a short ID that names both.
        let text = "# A\n- [ ] same\n";
        let plans = vec![
            Plan::parse("work/plan.md".into(), text.into()),
            Plan::parse("home/plan.md".into(), text.into()),
        ];
        let id = plans[0].tasks[0].id.to_string();
        let s = Selector::parse(&id).unwrap();
        for all in [false, true] {
            assert!(matches!(
                s.resolve(&plans, None, all),
                Err(Error::Ambiguous { .. })
            ));
        }
        let qualified = id.replacen("plan#", "work/plan#", 1);
        let s = Selector::parse(&qualified).unwrap();
        assert_eq!(
            s.resolve(&plans, None, true).unwrap(),
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
        assert!(matches!(
            resolve("plans/typo.md:25", false),
            Err(Error::NoSuchFile { .. })
        ));
        match resolve("plans/a.md:1", false) {
            Err(Error::NoTaskAtLine {
                nearest: Some(c), ..
            }) => assert!(c.location.ends_with(":2")),
            other => panic!("{other:?}"),
        }
    }
}
