//! Which tasks a command shows: the filters of `list` and the choice of `next`.
//! Pure functions over parsed plans.

use chrono::NaiveDate;

pub use crate::plan::TaskRef;
use crate::plan::{Plan, Priority, Section, Status, Task};
use crate::prerequisites::{Passed, Prerequisites};

/// A status filter, as `list --status` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Exactly this status.
    Is(Status),
    /// Todo or doing.
    Open,
    /// Everything.
    All,
}

impl Filter {
    /// Whether a task passes.
    pub fn keeps(self, status: Status) -> bool {
        match self {
            Filter::Is(s) => s == status,
            Filter::Open => status.is_open(),
            Filter::All => true,
        }
    }
}

/// Whether the task sits under a section whose title contains `needle`,
/// compared in lower case (Unicode).
pub fn in_section(plan: &Plan, task: &Task, needle: &str) -> bool {
    let needle = needle.to_lowercase();
    plan.section_chain(task.section)
        .any(|s| s.title.to_lowercase().contains(&needle))
}

/// The tasks `list` shows, in document order, plan by plan.
pub fn list(plans: &[Plan], filter: Filter, section: Option<&str>) -> Vec<TaskRef> {
    let mut out = Vec::new();
    for (p, plan) in plans.iter().enumerate() {
        for (t, task) in plan.tasks.iter().enumerate() {
            if filter.keeps(task.status) && section.is_none_or(|s| in_section(plan, task, s)) {
                out.push(TaskRef { plan: p, task: t });
            }
        }
    }
    out
}

/// What `next` is asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct NextAsk<'a> {
    /// Tasks per plan.
    pub count: usize,
    /// Only under sections whose titles contain this.
    pub section: Option<&'a str>,
    /// The day a 🛫 start date is compared with; `None` when no task has one.
    pub today: Option<NaiveDate>,
    /// Open tasks by priority (highest first) rather than in document order.
    pub by_priority: bool,
}

/// A task `next` shows, with the tasks passed over before it in its plan, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    /// The task to study.
    pub task: TaskRef,
    /// Tasks that came before it but cannot be studied yet.
    pub passed_over: Vec<(TaskRef, Passed)>,
}

/// What `next` chose: the picks, and the tasks passed over after the last pick of
/// each plan (all a plan's open tasks, when every one of them waits).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chosen {
    /// The tasks to study, plan by plan.
    pub picks: Vec<Pick>,
    /// Open tasks that wait, not before a pick.
    pub waiting: Vec<(TaskRef, Passed)>,
}

/// Up to `count` tasks to study next in each plan: tasks in progress first, then
/// open tasks in document order (or by priority when asked), passing over tasks
/// that start later or wait for an open task (see [`crate::prerequisites`]).
pub fn next(plans: &[Plan], ask: &NextAsk) -> Vec<Pick> {
    choose(plans, ask).picks
}

/// [`next`], with the tasks that wait.
pub fn choose(plans: &[Plan], ask: &NextAsk) -> Chosen {
    let prerequisites = Prerequisites::new(plans);
    let mut out = Vec::new();
    let mut waiting = Vec::new();
    for (p, plan) in plans.iter().enumerate() {
        let candidates = |status: Status| {
            plan.tasks.iter().enumerate().filter(move |(_, task)| {
                task.status == status && ask.section.is_none_or(|s| in_section(plan, task, s))
            })
        };
        let mut open: Vec<(usize, &Task)> = candidates(Status::Doing)
            .chain(candidates(Status::Todo))
            .collect();
        if ask.by_priority {
            // Stable: tasks in progress stay first, ties keep document order.
            open.sort_by_key(|(_, t)| {
                (
                    t.status != Status::Doing,
                    Priority::rank(t.fields().priority),
                )
            });
        }
        let mut passed_over = Vec::new();
        let mut picked = 0;
        for (t, task) in open {
            if picked == ask.count {
                break;
            }
            let task_ref = TaskRef { plan: p, task: t };
            match prerequisites.passed(task, ask.today) {
                Some(why) => passed_over.push((task_ref, why)),
                None => {
                    picked += 1;
                    out.push(Pick {
                        task: task_ref,
                        passed_over: std::mem::take(&mut passed_over),
                    });
                }
            }
        }
        waiting.extend(passed_over);
    }
    Chosen {
        picks: out,
        waiting,
    }
}

/// The task of plan `p` to study first among those `keep` takes, as `next` picks
/// it: in progress first, then open in document order, passing over tasks that
/// start later than `today` or wait for an open task. For a linked plan's next
/// task there.
pub fn first_to_study(
    plans: &[Plan],
    p: usize,
    keep: impl Fn(&Task) -> bool,
    waits: &Prerequisites,
    today: Option<NaiveDate>,
) -> Option<usize> {
    let plan = plans.get(p)?;
    let first = |status: Status| {
        plan.tasks
            .iter()
            .position(|t| t.status == status && keep(t) && waits.passed(t, today).is_none())
    };
    first(Status::Doing).or_else(|| first(Status::Todo))
}

/// Whether any task of `plans` has a 🛫 start date, which `next` compares with
/// today (so the clock is read only then).
pub fn any_start_date(plans: &[Plan]) -> bool {
    plans
        .iter()
        .flat_map(|p| &p.tasks)
        .any(|t| t.fields().start.is_some())
}

/// A plan's stages: the sections at the shallowest heading level that holds tasks,
/// not counting a title (an H1 that is the plan's only one). These are the `ЭТАП`s
/// of go-backend and the `УРОВЕНЬ`s of backend-roadmap. In document order.
pub fn stages(plan: &Plan) -> Vec<usize> {
    let skip_title = plan.title().is_some();
    let holding = plan.holding();
    let held = || {
        plan.sections
            .iter()
            .enumerate()
            .filter(|&(i, _)| holding[i])
    };
    let level = held()
        .map(|(_, s)| s)
        .filter(|s| s.level < Section::LABEL_LEVEL && !(skip_title && s.level == 1))
        .map(|s| s.level)
        .min();
    let Some(level) = level else {
        return Vec::new();
    };
    held()
        .filter(|(_, s)| s.level == level)
        .map(|(i, _)| i)
        .collect()
}

/// The stage a task belongs to, if any (see [`stages`]).
pub fn stage_of(plan: &Plan, stages: &[usize], task: &Task) -> Option<usize> {
    stages.iter().copied().find(|&s| plan.is_under(task, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plans() -> Vec<Plan> {
        let text = "# One\n- [x] a\n- [ ] b\n## Two\n- [ ] c\n- [/] d\n- [-] e\n";
        vec![Plan::parse("p.md".into(), text.into())]
    }

    fn picked(plans: &[Plan], count: usize, section: Option<&str>) -> Vec<usize> {
        let ask = NextAsk {
            count,
            section,
            ..NextAsk::default()
        };
        next(plans, &ask).iter().map(|r| r.task.task).collect()
    }

    #[test]
    fn next_prefers_tasks_in_progress_then_document_order() {
        assert_eq!(picked(&plans(), 3, None), [3, 1, 2]);
        assert_eq!(picked(&plans(), 5, Some("two")), [3, 2]);
        assert_eq!(
            picked(&plans(), 5, Some("ONE")),
            [3, 1, 2],
            "any heading of the path matches"
        );
    }

    #[test]
    fn next_passes_over_blocked_and_later_tasks_and_orders_by_priority_when_asked() {
        let text = "- [ ] a 🛫 2026-12-09\n- [ ] b ⛔ c1\n- [ ] c 🔽 🆔 c1\n- [ ] d ⏫\n";
        let plans = vec![Plan::parse("p.md".into(), text.into())];
        let today = NaiveDate::from_ymd_opt(2026, 12, 2);
        let ask = NextAsk {
            count: 1,
            today,
            ..NextAsk::default()
        };
        let picks = next(&plans, &ask);
        assert_eq!(picks.len(), 1);
        assert_eq!(picks[0].task.task, 2, "a starts later, b waits for c");
        let reasons: Vec<String> = picks[0]
            .passed_over
            .iter()
            .map(|(_, w)| w.reason())
            .collect();
        assert_eq!(reasons, ["starts 2026-12-09", "waits for c1"]);
        let by_priority = NextAsk {
            count: 4,
            today,
            by_priority: true,
            ..NextAsk::default()
        };
        let order: Vec<usize> = next(&plans, &by_priority)
            .iter()
            .map(|p| p.task.task)
            .collect();
        assert_eq!(order, [3, 2], "high first, then no priority ones, then low");
    }

    #[test]
    fn stages_are_the_shallowest_levels_holding_tasks_below_the_title() {
        let text =
            "# Title\n## Intro\ntext\n## Stage 1\n### Week 1\n- [ ] a\n## Stage 2\n- [ ] b\n";
        let plan = Plan::parse("p.md".into(), text.into());
        let titles: Vec<&str> = stages(&plan)
            .iter()
            .map(|&i| plan.sections[i].title.as_str())
            .collect();
        assert_eq!(titles, ["Stage 1", "Stage 2"]);
        let plan = Plan::parse("p.md".into(), "# A\n- [ ] a\n# B\n- [ ] b\n".into());
        assert_eq!(stages(&plan).len(), 2, "several H1s are stages");
        let plan = Plan::parse("p.md".into(), "- [ ] loose\n".into());
        assert!(stages(&plan).is_empty());
    }

    #[test]
    fn bundled_plans_have_their_stages() {
        let go = Plan::parse("g.md".into(), include_str!("../plans/go-backend.md").into());
        let titles: Vec<&str> = stages(&go)
            .iter()
            .map(|&i| go.sections[i].title.as_str())
            .collect();
        assert_eq!(titles.len(), 6);
        assert!(titles[0].starts_with("🎯 ЭТАП 1"));
        assert!(titles[3].starts_with("📊 ЭТАП 4"));
        let road = Plan::parse(
            "b.md".into(),
            include_str!("../plans/backend-roadmap.md").into(),
        );
        let titles: Vec<&str> = stages(&road)
            .iter()
            .map(|&i| road.sections[i].title.as_str())
            .collect();
        assert!(titles[0].contains("УРОВЕНЬ 1"));
        assert!(titles[4].contains("УРОВЕНЬ 5"));
    }

    #[test]
    fn list_filters_by_status_and_section() {
        assert_eq!(list(&plans(), Filter::Open, None).len(), 3);
        assert_eq!(list(&plans(), Filter::Is(Status::Skipped), None).len(), 1);
        assert_eq!(list(&plans(), Filter::All, Some("TWO")).len(), 3);
    }
}
