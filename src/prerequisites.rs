//! Why a task cannot be studied yet: its 🛫 start date is still ahead, or a task it
//! waits for (⛔, naming a 🆔 or a roadmap ID) is still open. `next` passes such
//! tasks over and says why with `--explain`; `check` warns before ticking one.
//!
//! A ⛔ that names no task the command sees blocks nothing (the plugin reads it so
//! too); a prerequisite that is done or skipped is out of the way. Pure: today is
//! passed in.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::plan::{Plan, Task, TaskRef};

/// Why a task is passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Passed {
    /// Its 🛫 start date is after today.
    NotYet(NaiveDate),
    /// The tasks it waits for that are still open, by the IDs its ⛔ names.
    Blocked(Vec<String>),
}

impl Passed {
    /// The reason in words, for the text output and JSON.
    pub fn reason(&self) -> String {
        match self {
            Passed::NotYet(day) => format!("starts {day}"),
            Passed::Blocked(ids) => format!("waits for {}", ids.join(", ")),
        }
    }
}

/// The tasks of some plans by the IDs a ⛔ may name: 🆔 values and roadmap IDs.
/// Empty, and free, when no task names a prerequisite.
pub struct Prerequisites<'p> {
    plans: &'p [Plan],
    by_id: HashMap<&'p str, Vec<TaskRef>>,
}

impl<'p> Prerequisites<'p> {
    /// Indexes `plans` when any of their tasks waits for another.
    pub fn new(plans: &'p [Plan]) -> Prerequisites<'p> {
        let mut by_id: HashMap<&str, Vec<TaskRef>> = HashMap::new();
        let waits = plans
            .iter()
            .flat_map(|p| &p.tasks)
            .any(|t| !t.fields().depends_on.is_empty());
        if waits {
            for (p, plan) in plans.iter().enumerate() {
                for (t, task) in plan.tasks.iter().enumerate() {
                    let hit = TaskRef { plan: p, task: t };
                    if let Some(id) = task.fields().id.as_deref() {
                        by_id.entry(id).or_default().push(hit);
                    }
                    by_id.entry(task.id.as_str()).or_default().push(hit);
                }
            }
        }
        Prerequisites { plans, by_id }
    }

    /// The tasks `id` names: by 🆔 or whole roadmap ID, else by a roadmap ID whose
    /// plan name is given another way (`plan#3fa9c1` for `work/plan#3fa9c1`).
    fn named(&self, id: &str) -> Vec<TaskRef> {
        if let Some(hits) = self.by_id.get(id) {
            return hits.clone();
        }
        let Some((name, hash)) = id.rsplit_once('#') else {
            return Vec::new();
        };
        let mut hits = Vec::new();
        for (p, plan) in self.plans.iter().enumerate() {
            if !plan.name.answers_to(name) {
                continue;
            }
            for (t, task) in plan.tasks.iter().enumerate() {
                if task
                    .id
                    .as_str()
                    .rsplit_once('#')
                    .is_some_and(|(_, h)| h == hash)
                {
                    hits.push(TaskRef { plan: p, task: t });
                }
            }
        }
        hits
    }

    /// The IDs of `task`'s prerequisites that are still open.
    pub fn open(&self, task: &Task) -> Vec<String> {
        task.fields()
            .depends_on
            .iter()
            .filter(|id| {
                self.named(id).iter().any(|r| {
                    let other = &self.plans[r.plan].tasks[r.task];
                    other.status.is_open() && !std::ptr::eq(other, task)
                })
            })
            .cloned()
            .collect()
    }

    /// Why `task` cannot be studied on `today`, if it cannot.
    pub fn passed(&self, task: &Task, today: Option<NaiveDate>) -> Option<Passed> {
        if let (Some(start), Some(today)) = (task.fields().start, today)
            && start > today
        {
            return Some(Passed::NotYet(start));
        }
        let open = self.open(task);
        (!open.is_empty()).then_some(Passed::Blocked(open))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn open_prerequisites_block_and_done_ones_do_not() {
        let text = "- [ ] a 🆔 a1\n- [x] b 🆔 b1\n- [ ] c ⛔ a1,b1\n- [ ] d ⛔ b1\n\
                    - [ ] e ⛔ nowhere\n- [ ] f 🛫 2026-12-05\n";
        let plans = vec![Plan::parse("p.md".into(), text.into())];
        let pre = Prerequisites::new(&plans);
        let why = |t: usize, today| pre.passed(&plans[0].tasks[t], Some(today));
        assert_eq!(why(2, day(1)), Some(Passed::Blocked(vec!["a1".into()])));
        assert_eq!(
            why(3, day(1)),
            None,
            "a done prerequisite is out of the way"
        );
        assert_eq!(why(4, day(1)), None, "an unknown ID blocks nothing");
        assert_eq!(why(5, day(4)), Some(Passed::NotYet(day(5))));
        assert_eq!(why(5, day(5)), None, "the start day itself is open");
    }

    #[test]
    fn a_roadmap_id_names_a_prerequisite_too() {
        let first = Plan::parse("p.md".into(), "- [ ] a\n".into());
        let id = first.tasks[0].id.to_string();
        let text = format!("- [ ] b ⛔ {id}\n");
        let plans = vec![first, Plan::parse("q.md".into(), text)];
        let pre = Prerequisites::new(&plans);
        assert_eq!(
            pre.passed(&plans[1].tasks[0], None),
            Some(Passed::Blocked(vec![id]))
        );
    }
}
