//! Milestones: named sets of tasks with a due date, and where each stands today.
//!
//! They come from `[[milestone]]` tables (`through = "Неделя 3"`: every task from the
//! start of the plan to the end of that section; `section = "ЭТАП 2"`: that section's
//! tasks), or, with none configured, from each plan's stages (see
//! [`view::stages`](crate::view::stages)). A milestone is due on its `due` date, else
//! on the last day of its section's window in the schedule.

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::{MilestoneConfig, Scope};
use crate::plan::Plan;
use crate::progress::Counts;
use crate::schedule::Schedule;
use crate::view;

/// A milestone, resolved against the plans.
#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    /// Its name.
    pub name: String,
    /// Index of its plan.
    pub plan: usize,
    /// Its tasks (indexes into the plan), in document order.
    pub tasks: Vec<usize>,
    /// When it is due.
    pub due: Option<NaiveDate>,
}

/// Where a milestone stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Nothing left to do.
    Done,
    /// Its due date has passed with work left.
    Overdue,
    /// Fewer tasks done than the schedule expects by today.
    Behind,
    /// Nothing done or started yet, and nothing expected yet.
    NotStarted,
    /// Started, and at least where the schedule expects.
    OnTrack,
    /// Started; no schedule to compare with.
    InProgress,
}

impl State {
    /// The words shown to people.
    pub fn words(self) -> &'static str {
        match self {
            State::Done => "done",
            State::Overdue => "overdue",
            State::Behind => "behind",
            State::NotStarted => "not started",
            State::OnTrack => "on track",
            State::InProgress => "in progress",
        }
    }
}

/// A milestone's counts and state today.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    /// Its tasks by status.
    pub counts: Counts,
    /// Tasks the schedule expects done by today, when there is a schedule.
    pub expected: Option<usize>,
    /// The verdict.
    pub state: State,
}

/// Why a configured milestone cannot be resolved; the caller names the config line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `plan = "…"` names no plan.
    NoPlan(String),
    /// The section is in no plan.
    NoSection(String),
    /// The section matches several sections.
    Ambiguous(String, Vec<String>),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::NoPlan(p) => write!(f, "plan `{p}` is not among the plans"),
            Problem::NoSection(s) => write!(f, "no section `{s}` in the plan"),
            Problem::Ambiguous(s, titles) => {
                write!(f, "`{s}` matches several sections: {}", titles.join("; "))
            }
        }
    }
}

/// Whether `title` contains `query` as whole words, case-insensitively
/// (`Неделя 1` is in `Неделя 1: Синтаксис` but not in `Неделя 12`).
fn names(title: &str, query: &str) -> bool {
    let title = title.to_lowercase();
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return false;
    }
    let alnum_at = |s: &str| s.chars().next().is_some_and(char::is_alphanumeric);
    let mut from = 0;
    while let Some(at) = title.get(from..).and_then(|t| t.find(&query)) {
        let start = from + at;
        let end = start + query.len();
        let before_ok = !title[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let after_ok = !alnum_at(&title[end..]);
        if before_ok && after_ok {
            return true;
        }
        from = start + query.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// The one section of `plan` that `query` names.
pub fn find_section(plan: &Plan, query: &str) -> Result<usize, Problem> {
    let matches: Vec<usize> = (0..plan.sections.len())
        .filter(|&i| names(&plan.sections[i].title, query))
        .collect();
    let exact: Vec<usize> = matches
        .iter()
        .copied()
        .filter(|&i| plan.sections[i].title.to_lowercase() == query.trim().to_lowercase())
        .collect();
    match (matches.as_slice(), exact.as_slice()) {
        ([one], _) | (_, [one]) => Ok(*one),
        ([], _) => Err(Problem::NoSection(query.to_string())),
        (many, _) => Err(Problem::Ambiguous(
            query.to_string(),
            many.iter()
                .map(|&i| plan.sections[i].title.clone())
                .collect(),
        )),
    }
}

/// Tasks under a section.
pub fn tasks_in(plan: &Plan, section: usize) -> Vec<usize> {
    (0..plan.tasks.len())
        .filter(|&t| plan.is_under(&plan.tasks[t], section))
        .collect()
}

/// Every task from the start of the plan to the end of a section.
fn tasks_through(plan: &Plan, section: usize) -> Vec<usize> {
    let inside = tasks_in(plan, section);
    let end = match inside.last() {
        Some(&last) => last + 1,
        // An empty section: the tasks before it.
        None => plan
            .tasks
            .iter()
            .position(|t| t.line > plan.sections[section].line)
            .unwrap_or(plan.tasks.len()),
    };
    (0..end).collect()
}

/// The due date a section gets from the schedule: its window's last day.
fn scheduled_due(schedule: Option<&Schedule>, section: usize) -> Option<NaiveDate> {
    schedule.and_then(|s| s.due_of(section))
}

/// Whether `plan = "…"` in a milestone names this plan: its stem, file name or path.
pub fn is_named(plan: &Plan, name: &str) -> bool {
    plan.stem() == name
        || plan
            .path
            .file_name()
            .is_some_and(|f| crate::escape::name(f) == name)
        || crate::escape::path(&plan.path) == name
}

/// Resolves configured milestones; an error carries the milestone's index.
pub fn configured(
    specs: &[MilestoneConfig],
    plans: &[Plan],
    schedules: &[Option<Schedule>],
) -> Result<Vec<Milestone>, (usize, Problem)> {
    let mut out = Vec::new();
    for (m, spec) in specs.iter().enumerate() {
        let candidates: Vec<usize> = match &spec.plan {
            Some(name) => {
                let found: Vec<usize> = (0..plans.len())
                    .filter(|&p| is_named(&plans[p], name))
                    .collect();
                if found.is_empty() {
                    return Err((m, Problem::NoPlan(name.clone())));
                }
                found
            }
            None => (0..plans.len()).collect(),
        };
        let query = match &spec.scope {
            Scope::Through(q) | Scope::Section(q) => q,
        };
        let mut found = None;
        let mut last_problem = Problem::NoSection(query.clone());
        for &p in &candidates {
            match find_section(&plans[p], query) {
                Ok(s) if found.is_none() => found = Some((p, s)),
                Ok(s) => {
                    return Err((
                        m,
                        Problem::Ambiguous(query.clone(), vec![plans[p].sections[s].title.clone()]),
                    ));
                }
                Err(Problem::NoSection(_)) => {}
                Err(other) => last_problem = other,
            }
        }
        let Some((p, section)) = found else {
            return Err((m, last_problem));
        };
        let plan = &plans[p];
        let tasks = match spec.scope {
            Scope::Through(_) => tasks_through(plan, section),
            Scope::Section(_) => tasks_in(plan, section),
        };
        let due = spec
            .due
            .or_else(|| scheduled_due(schedules.get(p).and_then(Option::as_ref), section));
        out.push(Milestone {
            name: spec.name.clone(),
            plan: p,
            tasks,
            due,
        });
    }
    Ok(out)
}

/// With no `[[milestone]]`: each plan's stages.
pub fn stages(plans: &[Plan], schedules: &[Option<Schedule>]) -> Vec<Milestone> {
    let mut out = Vec::new();
    for (p, plan) in plans.iter().enumerate() {
        for section in view::stages(plan) {
            out.push(Milestone {
                name: plan.sections[section].title.clone(),
                plan: p,
                tasks: tasks_in(plan, section),
                due: scheduled_due(schedules.get(p).and_then(Option::as_ref), section),
            });
        }
    }
    out
}

/// Where a milestone stands on `today`.
pub fn standing(
    milestone: &Milestone,
    plan: &Plan,
    schedule: Option<&Schedule>,
    today: NaiveDate,
) -> Standing {
    let counts = Counts::of(milestone.tasks.iter().filter_map(|&t| plan.tasks.get(t)));
    // The one rule of what is expected by today, which `report` uses too.
    let on_schedule = schedule.map(|s| s.standing(plan, milestone.tasks.iter().copied(), today));
    let expected = on_schedule.map(|s| s.expected);
    // Nothing left to do is done, however late, and a milestone with nothing in it
    // has nothing left to do.
    let state = if counts.open() == 0 {
        State::Done
    } else if milestone.due.is_some_and(|due| due < today) {
        State::Overdue
    } else if on_schedule.is_some_and(|s| s.state == crate::schedule::ScheduleState::Behind) {
        State::Behind
    } else if counts.done == 0 && counts.doing == 0 {
        State::NotStarted
    } else if milestone.due.is_some() {
        State::OnTrack
    } else {
        State::InProgress
    };
    Standing {
        counts,
        expected,
        state,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Pace, Scope};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn section_names_match_whole_words() {
        assert!(names("Неделя 1: Синтаксис", "неделя 1"));
        assert!(!names("Неделя 12: Kubernetes", "Неделя 1"));
        assert!(names("🎯 ЭТАП 2: Backend (Недели 4-7)", "этап 2"));
        assert!(!names("ЭТАП 2.1", "ЭТАП 2.1x"));
    }

    fn go() -> (Vec<Plan>, Vec<Option<Schedule>>) {
        let plan = Plan::parse(
            "plans/go-backend.md".into(),
            include_str!("../plans/go-backend.md").into(),
        );
        let schedule = Schedule::build(&plan, date(2026, 11, 2), Pace::Min);
        (vec![plan], vec![Some(schedule)])
    }

    fn spec(name: &str, scope: Scope, due: Option<NaiveDate>) -> MilestoneConfig {
        MilestoneConfig {
            name: name.into(),
            plan: Some("go-backend".into()),
            scope,
            due,
            line: 1,
        }
    }

    #[test]
    fn through_a_week_takes_everything_before_its_end() {
        let (plans, schedules) = go();
        let specs = [
            spec("Базовые", Scope::Through("Неделя 3".into()), None),
            spec(
                "Этап 2",
                Scope::Section("ЭТАП 2".into()),
                Some(date(2026, 12, 20)),
            ),
        ];
        let ms = configured(&specs, &plans, &schedules).unwrap();
        // Weeks 1-3 hold every task of stage 1: 38.
        assert_eq!(ms[0].tasks.len(), 38);
        assert_eq!(ms[0].due, Some(date(2026, 11, 22)));
        assert_eq!(ms[1].tasks.len(), 41);
        assert_eq!(ms[1].due, Some(date(2026, 12, 20)));
        // On its due date, the tasks due that day are not late yet: 32 of its 38
        // were due before (the last week's last days are due on 11-22).
        let s = standing(&ms[0], &plans[0], schedules[0].as_ref(), date(2026, 11, 22));
        assert_eq!(s.state, State::Behind);
        assert_eq!(s.expected, Some(32));
        let s = standing(&ms[0], &plans[0], schedules[0].as_ref(), date(2026, 11, 23));
        assert_eq!(s.state, State::Overdue);
        let s = standing(&ms[1], &plans[0], schedules[0].as_ref(), date(2026, 11, 22));
        assert_eq!(s.state, State::NotStarted);
    }

    #[test]
    fn unknown_and_ambiguous_sections_are_problems() {
        let (plans, schedules) = go();
        let bad = [spec("x", Scope::Through("Неделя 99".into()), None)];
        assert!(matches!(
            configured(&bad, &plans, &schedules),
            Err((0, Problem::NoSection(_)))
        ));
        let bad = [spec("x", Scope::Section("День 1-2".into()), None)];
        assert!(matches!(
            configured(&bad, &plans, &schedules),
            Err((0, Problem::Ambiguous(..)))
        ));
        let mut other = spec("x", Scope::Section("ЭТАП 1".into()), None);
        other.plan = Some("nope".into());
        assert!(matches!(
            configured(&[other], &plans, &schedules),
            Err((0, Problem::NoPlan(_)))
        ));
    }

    #[test]
    fn default_milestones_are_stages_with_states() {
        let (mut plans, schedules) = go();
        let ms = stages(&plans, &schedules);
        assert_eq!(ms.len(), 6);
        assert_eq!(ms[0].due, Some(date(2026, 11, 22)));
        assert_eq!(ms[3].due, Some(date(2027, 2, 21)));
        assert_eq!(ms[4].due, None, "criteria have no schedule words");
        // Tick all of stage 1: done.
        let text = include_str!("../plans/go-backend.md").replacen("- [ ]", "- [x]", 38);
        plans[0] = Plan::parse("plans/go-backend.md".into(), text);
        let s = standing(&ms[0], &plans[0], schedules[0].as_ref(), date(2026, 11, 30));
        assert_eq!(s.state, State::Done);
        let s = standing(&ms[4], &plans[0], None, date(2026, 11, 30));
        assert_eq!(s.state, State::NotStarted);
    }
}
