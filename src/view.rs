//! Which tasks a command shows: the filters of `list` and the choice of `next`.
//! Pure functions over parsed plans.

use crate::plan::{Plan, Status, Task, TaskRef};

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
    fn list_filters_by_status_and_section() {
        assert_eq!(list(&plans(), Filter::Open, None).len(), 3);
        assert_eq!(list(&plans(), Filter::Is(Status::Skipped), None).len(), 1);
        assert_eq!(list(&plans(), Filter::All, Some("TWO")).len(), 3);
    }
}
