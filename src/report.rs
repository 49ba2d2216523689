//! The values `report` and `milestone` print, computed once and rendered by every
//! format (text, JSON, Markdown, HTML). Pure: plans, schedules and today in, values
//! out. The JSON forms are these structs serialised; fields are only ever added.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Pace as PaceSetting;
use crate::milestone::{self, Milestone, State};
use crate::plan::{Plan, Status};
use crate::progress::{self, Counts, Pace, PaceState};
use crate::schedule::Schedule;
use crate::streak::{self, Streak};
use crate::view;

/// `report`: every plan's progress.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The day the report is for.
    pub today: NaiveDate,
    /// The study days of the last 28 days over all the plans, and the streaks
    /// (`study_days`, `streak`, `longest_streak` in JSON).
    #[serde(flatten)]
    pub study: Streak,
    /// One entry per plan.
    pub plans: Vec<PlanReport>,
}

impl Report {
    /// The report of these plans' summaries, with the study days of them all.
    pub fn new(today: NaiveDate, plans: Vec<PlanReport>) -> Report {
        let done_on = plans
            .iter()
            .flat_map(|p| p.done_by_day.iter().map(|d| d.day));
        Report {
            today,
            study: streak::streak(done_on, today),
            plans,
        }
    }
}

/// One plan's progress.
#[derive(Debug, Clone, Serialize)]
pub struct PlanReport {
    /// The plan's path as given or found.
    pub plan: String,
    /// Its title (its only H1), if it has one.
    pub title: Option<String>,
    /// Its tasks by status.
    pub counts: Counts,
    /// Whole percent done (skipped tasks left out).
    pub percent: u32,
    /// The pace read from done dates.
    pub pace: Pace,
    /// Where the schedule says the learner should be, when `[schedule] start` is set.
    pub schedule: Option<ScheduleReport>,
    /// Sections down to the requested depth, in document order.
    pub sections: Vec<SectionReport>,
    /// Tasks done per day, from done dates, oldest first (for a burn-up chart).
    pub done_by_day: Vec<DayCount>,
    /// Planned tasks due per day by the schedule, oldest first (`done` is the count
    /// due that day); empty without a schedule.
    pub due_by_day: Vec<DayCount>,
}

/// Tasks done on one day.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DayCount {
    /// The day.
    pub day: NaiveDate,
    /// Tasks with that done date.
    pub done: usize,
}

/// The schedule's view of a plan today.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleReport {
    /// Day one of week one.
    pub start: NaiveDate,
    /// `min`, `mid` or `max`.
    pub pace: &'static str,
    /// The week of the plan today falls in (1-based); `null` before the start.
    pub week: Option<i64>,
    /// Before the start: the days until it.
    pub starts_in_days: Option<i64>,
    /// The plan's last due date.
    pub end: Option<NaiveDate>,
    /// Planned tasks due before today (one due today is not late yet).
    pub expected_done: usize,
    /// Planned tasks (skipped ones left out) that have a due date.
    pub scheduled: usize,
    /// Whole percent of the scheduled tasks due before today.
    pub expected_percent: u32,
    /// Days ahead of the schedule (negative: behind; never negative for a plan
    /// with nothing left to do).
    pub days_ahead: i64,
    /// `done`, `ahead`, `on_schedule` or `behind`.
    pub status: ScheduleState,
}

pub use crate::schedule::ScheduleState;

impl ScheduleReport {
    /// `done` (`done, N days ahead` when finished early), `on schedule`,
    /// `N days ahead` or `N days behind`.
    pub fn verdict(&self) -> String {
        let days = |d: i64| count(d.unsigned_abs(), "day", "days");
        match (self.status, self.days_ahead) {
            (ScheduleState::Done, d) if d > 0 => format!("done, {} ahead", days(d)),
            (ScheduleState::Done, _) => "done".to_string(),
            (_, 0) => "on schedule".to_string(),
            (_, d) if d > 0 => format!("{} ahead", days(d)),
            (_, d) => format!("{} behind", days(d)),
        }
    }

    /// `week 3`, or `starts in 5 days` before the start.
    pub fn when(&self) -> String {
        match (self.week, self.starts_in_days) {
            (_, Some(days)) => format!("starts in {}", count(days.unsigned_abs(), "day", "days")),
            (Some(week), _) => format!("week {week}"),
            (None, None) => String::new(),
        }
    }

    /// `week 3 of the schedule`, or `the schedule starts in 5 days`.
    pub fn where_in_it(&self) -> String {
        match self.starts_in_days {
            Some(_) => format!("the schedule {}", self.when()),
            None => format!("{} of the schedule", self.when()),
        }
    }

    /// `38 of 163 scheduled tasks due before today (23%)`.
    pub fn expected(&self) -> String {
        format!(
            "{} of {} due before today ({}%)",
            self.expected_done,
            count(self.scheduled as u64, "scheduled task", "scheduled tasks"),
            self.expected_percent
        )
    }
}

impl Pace {
    /// What the pace says about the finish: `done by 2027-01-10`, `too early to
    /// tell`, `stalled`, `done`, or that there is nothing to project from.
    pub fn outlook(&self) -> String {
        match (self.state, self.finish) {
            (PaceState::Done, _) => "done".into(),
            (PaceState::Projected, Some(day)) => format!("at this pace done by {day}"),
            (PaceState::Projected, None) => {
                "at this pace not done by the last day of the calendar".into()
            }
            (PaceState::TooEarly, _) => format!(
                "too early to tell ({} of history)",
                count(self.window_days.unsigned_abs(), "day", "days")
            ),
            (PaceState::Stalled, _) => {
                format!(
                    "stalled: nothing done in the last {} days",
                    self.window_days
                )
            }
            (PaceState::NoDates, _) => "no done dates to project from".into(),
        }
    }
}

/// `1 task`, `2 tasks`: a count with its noun.
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One section's progress.
#[derive(Debug, Clone, Serialize)]
pub struct SectionReport {
    /// Its title.
    pub title: String,
    /// Its path, outermost first, itself included.
    pub path: Vec<String>,
    /// 1 for a stage, 2 for a part of a stage, and so on.
    pub depth: usize,
    /// Its tasks by status.
    pub counts: Counts,
    /// Whole percent done.
    pub percent: u32,
    /// Its last scheduled day.
    pub due: Option<NaiveDate>,
    /// The progress of what its links name in other plans, beside its own (see
    /// [`crate::links::attach`]); never part of `counts`.
    pub links: Vec<LinkReport>,
    /// Its index among the plan's sections.
    #[serde(skip)]
    pub index: usize,
}

/// A section's link to another plan, and the progress there.
#[derive(Debug, Clone, Serialize)]
pub struct LinkReport {
    /// The linked plan's path.
    pub plan: String,
    /// The titles of the linked sections (`[]`: the whole plan).
    pub sections: Vec<String>,
    /// Linked tasks done.
    pub done: usize,
    /// Linked tasks, skipped ones included (as `counts.total`).
    pub total: usize,
    /// Whole percent done there (skipped tasks left out).
    pub percent: u32,
    /// The 1-based line of the link in this plan.
    pub line: usize,
    /// The linked plan's next task there, in the task JSON shape, or `null`.
    pub next: Option<Box<serde_json::value::RawValue>>,
    /// That task.
    #[serde(skip)]
    pub next_task: Option<crate::plan::TaskRef>,
    /// The linked tasks by status.
    #[serde(skip)]
    pub counts: Counts,
    /// The link as written (`План Linux → Этап 1`).
    #[serde(skip)]
    pub written: String,
    /// The linked plan's short name, as its task IDs carry it (`linux`).
    #[serde(skip)]
    pub name: String,
    /// The linked plan's index in the report, and the index of its deepest section
    /// shown that holds the first linked section (`None`: the plan), for the HTML
    /// page's anchors.
    #[serde(skip)]
    pub anchor: (usize, Option<usize>),
}

impl LinkReport {
    /// `📖 linux 3/7 42%`: the linked plan's name and its progress there, as the
    /// text and Markdown reports show it beside a row's own counts.
    pub fn summary(&self) -> String {
        format!(
            "📖 {} {}/{} {}%",
            self.name,
            self.done,
            self.counts.planned(),
            self.percent
        )
    }
}

/// One milestone today.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneReport {
    /// Its name.
    pub name: String,
    /// Its plan's path.
    pub plan: String,
    /// Its tasks by status.
    pub counts: Counts,
    /// Whole percent done.
    pub percent: u32,
    /// When it is due.
    pub due: Option<NaiveDate>,
    /// Tasks the schedule expects done by today.
    pub expected_done: Option<usize>,
    /// `done`, `overdue`, `behind`, `not_started`, `on_track` or `in_progress`.
    pub status: State,
}

fn pace_word(pace: PaceSetting) -> &'static str {
    match pace {
        PaceSetting::Min => "min",
        PaceSetting::Mid => "mid",
        PaceSetting::Max => "max",
    }
}

/// Builds the report.
pub fn report(
    plans: &[Plan],
    schedules: &[Option<Schedule>],
    today: NaiveDate,
    depth: usize,
) -> Report {
    let plans = plans
        .iter()
        .enumerate()
        .map(|(p, plan)| {
            plan_report(
                plan,
                schedules.get(p).and_then(Option::as_ref),
                today,
                depth,
            )
        })
        .collect();
    Report::new(today, plans)
}

/// One plan's part of the report.
pub fn plan_report(
    plan: &Plan,
    schedule: Option<&Schedule>,
    today: NaiveDate,
    depth: usize,
) -> PlanReport {
    let counts = Counts::of(&plan.tasks);
    let mut by_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for task in &plan.tasks {
        if let (Status::Done, Some(day)) = (task.status, task.done_on) {
            *by_day.entry(day).or_default() += 1;
        }
    }
    PlanReport {
        plan: crate::escape::path(&plan.path),
        title: plan.title().map(|s| s.title.clone()),
        counts,
        percent: counts.percent(),
        pace: progress::pace(&plan.tasks, today, schedule.map(|s| s.start)),
        schedule: schedule.map(|s| schedule_report(plan, s, today)),
        sections: sections(plan, schedule, depth),
        done_by_day: by_day
            .into_iter()
            .map(|(day, done)| DayCount { day, done })
            .collect(),
        due_by_day: schedule.map(|s| due_by_day(plan, s)).unwrap_or_default(),
    }
}

/// Planned tasks falling due on each day, oldest first: the schedule's line.
fn due_by_day(plan: &Plan, schedule: &Schedule) -> Vec<DayCount> {
    let mut by_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for (task, due) in plan.tasks.iter().zip(&schedule.due) {
        if let (false, Some(day)) = (task.status == Status::Skipped, due) {
            *by_day.entry(*day).or_default() += 1;
        }
    }
    by_day
        .into_iter()
        .map(|(day, done)| DayCount { day, done })
        .collect()
}

fn schedule_report(plan: &Plan, s: &Schedule, today: NaiveDate) -> ScheduleReport {
    let standing = s.standing(plan, 0..plan.tasks.len(), today);
    let percent = (standing.expected * 100)
        .checked_div(standing.scheduled)
        .unwrap_or(0) as u32;
    let end = s.end();
    let days_to_start = (s.start - today).num_days();
    ScheduleReport {
        start: s.start,
        pace: pace_word(s.pace),
        week: (days_to_start <= 0).then(|| s.week_of(today)),
        starts_in_days: (days_to_start > 0).then_some(days_to_start),
        end,
        expected_done: standing.expected,
        scheduled: standing.scheduled,
        expected_percent: percent,
        days_ahead: standing.days_ahead,
        status: standing.state,
    }
}

/// Sections holding tasks, from the stages (depth 1) down to `depth`.
fn sections(plan: &Plan, schedule: Option<&Schedule>, depth: usize) -> Vec<SectionReport> {
    // Counts for every section in one pass: each task counts for all its ancestors.
    let mut counts = vec![Counts::default(); plan.sections.len()];
    for task in &plan.tasks {
        let mut at = task.section;
        while let Some(i) = at {
            if let Some(c) = counts.get_mut(i) {
                c.add(task.status);
            }
            at = plan.sections.get(i).and_then(|s| s.parent);
        }
    }
    let mut level: Vec<usize> = view::stages(plan);
    let mut chosen: Vec<(usize, usize)> = Vec::new(); // (section, depth)
    for d in 1..=depth {
        chosen.extend(level.iter().map(|&s| (s, d)));
        if d == depth {
            break;
        }
        // The next depth: sections whose parent is at this depth and that hold tasks.
        let mut at_this_depth = vec![false; plan.sections.len()];
        for &s in &level {
            at_this_depth[s] = true;
        }
        level = (0..plan.sections.len())
            .filter(|&i| plan.sections[i].parent.is_some_and(|p| at_this_depth[p]))
            .filter(|&i| counts[i].total > 0)
            .collect();
        if level.is_empty() {
            break;
        }
    }
    chosen.sort();
    chosen
        .into_iter()
        .map(|(s, d)| {
            let path = plan
                .section_titles(Some(s))
                .into_iter()
                .map(String::from)
                .collect();
            SectionReport {
                title: plan.sections[s].title.clone(),
                path,
                depth: d,
                counts: counts[s],
                percent: counts[s].percent(),
                due: schedule.and_then(|sc| sc.due_of(s)),
                links: Vec::new(),
                index: s,
            }
        })
        .collect()
}

/// Where every milestone stands.
pub fn milestones(
    list: &[Milestone],
    plans: &[Plan],
    schedules: &[Option<Schedule>],
    today: NaiveDate,
) -> Vec<MilestoneReport> {
    list.iter()
        .map(|m| {
            let plan = &plans[m.plan];
            let standing = milestone::standing(
                m,
                plan,
                schedules.get(m.plan).and_then(Option::as_ref),
                today,
            );
            MilestoneReport {
                name: m.name.clone(),
                plan: crate::escape::path(&plan.path),
                counts: standing.counts,
                percent: standing.counts.percent(),
                due: m.due,
                expected_done: standing.expected,
                status: standing.state,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_learner_with_one_week_done_is_on_schedule_until_week_two_is_late() {
        // Week 1's 2 tasks done, week 2's 2 not. On 2026-11-15, week 2's last day,
        // its tasks are due today: not late yet, so 2 are expected and 2 are done.
        // The next day 4 are expected: behind by the 1 day since week 2's were due.
        let text =
            "# P\n## Week 1\n- [x] a\n- [x] b\n## Week 2\n- [ ] c\n- [ ] d\n## Week 3\n- [ ] e\n";
        let plan = Plan::parse("p.md".into(), text.into());
        let s = Schedule::build(&plan, date(2026, 11, 2), PaceSetting::Min);
        let on = |day| {
            report(std::slice::from_ref(&plan), &[Some(s.clone())], day, 1).plans[0]
                .schedule
                .clone()
                .unwrap()
        };
        let sched = on(date(2026, 11, 15));
        assert_eq!(
            (sched.week, sched.expected_done, sched.scheduled),
            (Some(2), 2, 5)
        );
        assert_eq!(sched.expected_percent, 40);
        assert_eq!(
            (sched.days_ahead, sched.status),
            (0, ScheduleState::OnSchedule)
        );
        let sched = on(date(2026, 11, 16));
        assert_eq!((sched.expected_done, sched.days_ahead), (4, -1));
        assert_eq!(sched.verdict(), "1 day behind");
        let sched = on(date(2026, 11, 20));
        assert_eq!(sched.verdict(), "5 days behind");
        // Before the start: no week, the days to it.
        let sched = on(date(2026, 10, 30));
        assert_eq!((sched.week, sched.starts_in_days), (None, Some(3)));
        assert_eq!(sched.when(), "starts in 3 days");
        let r = report(
            std::slice::from_ref(&plan),
            &[Some(s.clone())],
            date(2026, 11, 15),
            1,
        );
        assert_eq!(r.plans[0].sections.len(), 3);
        assert_eq!(r.plans[0].sections[1].due, Some(date(2026, 11, 15)));
        assert_eq!(r.plans[0].percent, 40);
    }
}
