//! Which tasks a command shows: the filters of `list` and the choice of `next`.
//! Pure functions over parsed plans.

use crate::plan::{Plan, Section, Status, Task, TaskRef};

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

/// Up to `count` tasks to study next in each plan: tasks in progress first, then
/// open tasks in document order.
pub fn next(plans: &[Plan], count: usize, section: Option<&str>) -> Vec<TaskRef> {
    let mut out = Vec::new();
    for (p, plan) in plans.iter().enumerate() {
        let candidates = |status: Status| {
            plan.tasks.iter().enumerate().filter(move |(_, task)| {
                task.status == status && section.is_none_or(|s| in_section(plan, task, s))
            })
        };
        let picked = candidates(Status::Doing)
            .chain(candidates(Status::Todo))
            .take(count)
            .map(|(t, _)| TaskRef { plan: p, task: t });
        out.extend(picked);
    }
    out
}

/// A plan's stages: the sections at the shallowest heading level that holds tasks,
/// not counting a title (an H1 that is the plan's only one). These are the `ЭТАП`s
/// of go-backend and the `УРОВЕНЬ`s of backend-roadmap. In document order.
pub fn stages(plan: &Plan) -> Vec<usize> {
    let title = plan.sections.first().filter(|first| {
        first.level == 1 && plan.sections.iter().filter(|s| s.level == 1).count() == 1
    });
    let skip_title = title.is_some();
    let mut holding = vec![false; plan.sections.len()]; // sections that hold tasks
    for task in &plan.tasks {
        let mut at = task.section;
        while let Some(i) = at {
            match holding.get_mut(i) {
                Some(seen) if !*seen => *seen = true,
                _ => break,
            }
            at = plan.sections.get(i).and_then(|s| s.parent);
        }
    }
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

    #[test]
    fn next_prefers_tasks_in_progress_then_document_order() {
        let got: Vec<usize> = next(&plans(), 3, None).iter().map(|r| r.task).collect();
        assert_eq!(got, [3, 1, 2]);
        let got: Vec<usize> = next(&plans(), 5, Some("two"))
            .iter()
            .map(|r| r.task)
            .collect();
        assert_eq!(got, [3, 2]);
        let got: Vec<usize> = next(&plans(), 5, Some("ONE"))
            .iter()
            .map(|r| r.task)
            .collect();
        assert_eq!(got, [3, 1, 2], "any heading of the path matches");
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
