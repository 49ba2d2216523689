//! The week in review: what was done in a window of days (by done date), what is in
//! progress, what is due in the next 7 days and what is overdue, with the pace.
//! Pure: plans, schedules and days in, task lists out.
//!
//! Overdue follows the one rule of [`crate::schedule::Schedule::standing`]: an open
//! task whose due date is before today. Due soon: a task not yet started that is due
//! today or in the 6 days after (one in progress is listed as such). A plan without
//! a schedule has no due dates: its next open tasks are listed apart, as `next`
//! would find them, so the review always says what comes next.

use chrono::NaiveDate;

use crate::plan::{Plan, Status, TaskRef};
use crate::progress::{self, Pace};
use crate::schedule::Schedule;
use crate::streak::{self, Streak};

/// The next open tasks offered for a plan with no schedule.
const NEXT_WITHOUT_SCHEDULE: usize = 5;

/// One week in review.
#[derive(Debug, Clone)]
pub struct Week {
    /// The first day of the window.
    pub since: NaiveDate,
    /// Its last day: today.
    pub until: NaiveDate,
    /// Tasks done in the window, by done date, in plan and document order.
    pub done: Vec<TaskRef>,
    /// Tasks in progress.
    pub in_progress: Vec<TaskRef>,
    /// Tasks not started that are due in the next 7 days.
    pub due: Vec<TaskRef>,
    /// Open tasks due before today.
    pub overdue: Vec<TaskRef>,
    /// For each plan without a schedule, its next tasks not started.
    pub next: Vec<TaskRef>,
    /// Whether any plan has a schedule, and whether any has none.
    pub scheduled: bool,
    pub unscheduled: bool,
    /// Each plan's pace as `report` gives it.
    pub paces: Vec<Pace>,
    /// The study days of the 28 days up to today (not the window's) over all the
    /// plans, and the streaks, as `report` gives them.
    pub study: Streak,
}

/// The week from `since` to `today` (both included).
pub fn review(
    plans: &[Plan],
    schedules: &[Option<Schedule>],
    since: NaiveDate,
    today: NaiveDate,
) -> Week {
    let soon = crate::schedule::shift(today, 7);
    let mut week = Week {
        since,
        until: today,
        done: Vec::new(),
        in_progress: Vec::new(),
        due: Vec::new(),
        overdue: Vec::new(),
        next: Vec::new(),
        scheduled: false,
        unscheduled: false,
        paces: Vec::new(),
        study: streak::streak(
            plans.iter().flat_map(|p| streak::done_dates(&p.tasks)),
            today,
        ),
    };
    for (p, plan) in plans.iter().enumerate() {
        let schedule = schedules.get(p).and_then(Option::as_ref);
        for (t, task) in plan.tasks.iter().enumerate() {
            let here = TaskRef { plan: p, task: t };
            let due = schedule.and_then(|s| s.due.get(t).copied().flatten());
            match task.status {
                Status::Done if task.done_on.is_some_and(|d| d >= since && d <= today) => {
                    week.done.push(here)
                }
                Status::Doing => week.in_progress.push(here),
                _ => {}
            }
            if !task.status.is_open() {
                continue;
            }
            match due {
                Some(day) if day < today => week.overdue.push(here),
                Some(day) if task.status == Status::Todo && soon.is_none_or(|end| day < end) => {
                    week.due.push(here)
                }
                _ => {}
            }
        }
        week.scheduled |= schedule.is_some();
        week.unscheduled |= schedule.is_none();
        if schedule.is_none() {
            week.next.extend(
                plan.tasks
                    .iter()
                    .enumerate()
                    .filter(|(_, task)| task.status == Status::Todo)
                    .take(NEXT_WITHOUT_SCHEDULE)
                    .map(|(t, _)| TaskRef { plan: p, task: t }),
            );
        }
        week.paces.push(progress::pace(
            &plan.tasks,
            today,
            schedule.map(|s| s.start),
        ));
    }
    week
}

impl Week {
    /// The lists to show, titled, in order: done, in progress, and what comes —
    /// due and overdue where a plan has a schedule, next where one has none.
    pub fn lists(&self) -> Vec<(&'static str, &[TaskRef])> {
        let mut lists: Vec<(&'static str, &[TaskRef])> =
            vec![("Done", &self.done), ("In progress", &self.in_progress)];
        if self.scheduled || !self.unscheduled {
            lists.push(("Due in the next 7 days", &self.due));
            lists.push(("Overdue", &self.overdue));
        }
        if self.unscheduled {
            let title = if self.scheduled {
                "Next in plans without a schedule"
            } else {
                "Next"
            };
            lists.push((title, &self.next));
        }
        lists
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Pace as PaceSetting;

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn a_week_sorts_tasks_by_what_happened_and_what_is_next() {
        let text = "# P\n## Week 1\n- [x] early ✅ 2026-11-03\n- [x] this week ✅ 2026-11-10\n- [ ] late\n## Week 2\n- [/] doing\n- [ ] soon\n## Week 4\n- [ ] later\n";
        let plan = Plan::parse("p.md".into(), text.into());
        let schedule = Schedule::build(&plan, date(2), PaceSetting::Min);
        let week = review(
            std::slice::from_ref(&plan),
            &[Some(schedule)],
            date(9),
            date(15),
        );
        let texts = |refs: &[TaskRef]| -> Vec<String> {
            refs.iter()
                .map(|r| plan.tasks[r.task].text.clone())
                .collect()
        };
        assert_eq!(texts(&week.done), ["this week"]);
        assert_eq!(texts(&week.in_progress), ["doing"]);
        assert_eq!(texts(&week.overdue), ["late"]);
        assert_eq!(
            texts(&week.due),
            ["soon"],
            "week 2 is due 11-15, today; `doing` is in progress, not due"
        );
        assert!(week.next.is_empty());
        // Without a schedule, the next tasks not started are what comes.
        let week = review(std::slice::from_ref(&plan), &[None], date(9), date(15));
        assert_eq!(texts(&week.next), ["late", "soon", "later"]);
        assert!(week.due.is_empty() && week.overdue.is_empty());
        let titles: Vec<&str> = week.lists().iter().map(|(t, _)| *t).collect();
        assert_eq!(titles, ["Done", "In progress", "Next"]);
    }
}
