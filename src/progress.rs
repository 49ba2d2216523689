//! Progress maths: counts by status, percentages, bars, and the pace read from done
//! dates. Pure functions of tasks and dates.
//!
//! Skipped tasks leave the denominator: a plan with 10 tasks, 2 skipped and 4 done is
//! 4 / 8 = 50% done. A set with nothing left to do (every task skipped, or none) is
//! 100% when it has tasks and 0% when it has none.

use chrono::NaiveDate;
use serde::Serialize;

use crate::plan::{Status, Task};

/// How many tasks have each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// `[x]`
    pub done: usize,
    /// `[ ]`
    pub todo: usize,
    /// `[/]`
    pub doing: usize,
    /// `[-]`
    pub skipped: usize,
    /// All of them.
    pub total: usize,
}

impl Counts {
    /// Counts a set of tasks.
    pub fn of<'a>(tasks: impl IntoIterator<Item = &'a Task>) -> Counts {
        let mut c = Counts::default();
        for task in tasks {
            c.add(task.status);
        }
        c
    }

    /// Counts one more task.
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Done => self.done += 1,
            Status::Todo => self.todo += 1,
            Status::Doing => self.doing += 1,
            Status::Skipped => self.skipped += 1,
        }
        self.total += 1;
    }

    /// Tasks that count: all but the skipped.
    pub fn planned(&self) -> usize {
        self.total - self.skipped
    }

    /// Tasks still to do (todo and doing).
    pub fn open(&self) -> usize {
        self.todo + self.doing
    }

    /// Done over planned, from 0.0 to 1.0. Nothing planned (no tasks, or all
    /// skipped) is nothing left to do: 1.0, as a milestone with nothing open is done.
    pub fn fraction(&self) -> f64 {
        match self.planned() {
            0 => 1.0,
            planned => self.done as f64 / planned as f64,
        }
    }

    /// Whole percent done, rounded down (99.6% is not 100%).
    pub fn percent(&self) -> u32 {
        let whole = (self.fraction() * 100.0).floor() as u32;
        if whole == 100 && self.open() > 0 {
            99
        } else {
            whole
        }
    }
}

/// A bar of `width` cells: `█` done, `░` not.
///
/// ```
/// assert_eq!(roadmap::progress::bar(0.5, 10), "█████░░░░░");
/// assert_eq!(roadmap::progress::bar(0.96, 10), "█████████░");
/// assert_eq!(roadmap::progress::bar(0.01, 10), "█░░░░░░░░░");
/// ```
pub fn bar(fraction: f64, width: usize) -> String {
    let fraction = fraction.clamp(0.0, 1.0);
    // Rounded, but full only when all is done and empty only when nothing is.
    let filled = ((fraction * width as f64).round() as usize).clamp(
        usize::from(fraction > 0.0 && width > 1),
        if fraction < 1.0 {
            width.saturating_sub(1)
        } else {
            width
        },
    );
    let mut out = "█".repeat(filled);
    out.push_str(&"░".repeat(width - filled));
    out
}

/// What done dates say about the pace.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pace {
    /// Tasks done in the 7 days up to and including today.
    pub last_7_days: usize,
    /// Tasks done in the 28 days up to and including today.
    pub last_28_days: usize,
    /// The days the pace is measured over: 28, or fewer when the plan started
    /// later (see [`pace`]).
    pub window_days: i64,
    /// Tasks done in that window.
    pub done_in_window: usize,
    /// Tasks per week over the window.
    pub per_week: f64,
    /// When the open tasks are done at that pace, when it can be told; `None` too
    /// when that day is beyond the last the calendar holds.
    pub finish: Option<NaiveDate>,
    /// What can be said: `done`, `projected`, `too_early`, `stalled` or `no_dates`.
    pub state: PaceState,
}

/// What done dates allow to say about when a plan is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaceState {
    /// Nothing left to do.
    Done,
    /// A pace, and the day the open tasks are done at it.
    Projected,
    /// Fewer than 7 days of history: too early to tell.
    TooEarly,
    /// Done dates, but none in the window: no line to infinity.
    Stalled,
    /// No done dates at all.
    NoDates,
}

/// Days of history a projection needs.
const HISTORY_DAYS: i64 = 7;

/// The pace of `tasks` as of `today`, from their done dates. `since` is when the
/// plan started (its schedule's start), if known.
///
/// The window is the last 28 days, shortened to the days since the start — or,
/// without a schedule, since the first done date — when that is later: from
/// 2026-11-02 to 2026-11-16 it is 14 days, and 4 tasks done in it are 2.0 a week.
/// With fewer than 7 days of history nothing is projected (too early to tell);
/// with done dates but none in the window the plan is stalled; a plan with nothing
/// left is done, never behind. Else the projection is `open / per_week` weeks from
/// today, rounded up to a whole day.
pub fn pace<'a>(
    tasks: impl IntoIterator<Item = &'a Task>,
    today: NaiveDate,
    since: Option<NaiveDate>,
) -> Pace {
    let mut counts = Counts::default();
    let (mut week, mut month) = (0, 0);
    let mut dates: Vec<NaiveDate> = Vec::new();
    for task in tasks {
        counts.add(task.status);
        if task.status != Status::Done {
            continue;
        }
        if let Some(day) = task.done_on {
            let ago = (today - day).num_days();
            if (0..7).contains(&ago) {
                week += 1;
            }
            if (0..28).contains(&ago) {
                month += 1;
            }
            dates.push(day);
        }
    }
    let start = since.or_else(|| dates.iter().min().copied());
    let since_start = start.map_or(0, |s| (today - s).num_days());
    let window_days = since_start.clamp(0, 28);
    let done_in_window = if since_start >= 28 {
        month
    } else {
        start.map_or(0, |s| {
            dates.iter().filter(|&&d| d >= s && d <= today).count()
        })
    };
    // Two decimals are all a pace can mean (and JSON shows no float noise).
    let per_week = if window_days > 0 {
        (done_in_window as f64 / window_days as f64 * 700.0).round() / 100.0
    } else {
        0.0
    };
    let state = if counts.total > 0 && counts.open() == 0 {
        PaceState::Done
    } else if dates.is_empty() {
        PaceState::NoDates
    } else if window_days < HISTORY_DAYS {
        PaceState::TooEarly
    } else if done_in_window == 0 {
        PaceState::Stalled
    } else {
        PaceState::Projected
    };
    let finish = match state {
        // `as` saturates; a day beyond the calendar's last is no projection.
        PaceState::Projected => {
            let days = (counts.open() as f64 / per_week * 7.0).ceil() as i64;
            crate::schedule::shift(today, days)
        }
        _ => None,
    };
    Pace {
        last_7_days: week,
        last_28_days: month,
        window_days,
        done_in_window,
        per_week,
        finish,
        state,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Plan;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn skipped_tasks_leave_the_denominator() {
        let plan = Plan::parse(
            "p.md".into(),
            "- [x] a\n- [x] b\n- [ ] c\n- [/] d\n- [-] e\n- [-] f\n".into(),
        );
        let c = Counts::of(&plan.tasks);
        assert_eq!(
            (c.done, c.todo, c.doing, c.skipped, c.total),
            (2, 1, 1, 2, 6)
        );
        // 2 done of 6 - 2 skipped = 4 planned: 50%.
        assert_eq!(c.percent(), 50);
        assert_eq!(c.open(), 2);
        // Nothing planned is nothing left to do.
        assert_eq!(Counts::default().percent(), 100);
        let all_skipped = Counts {
            skipped: 3,
            total: 3,
            ..Counts::default()
        };
        assert_eq!(all_skipped.percent(), 100);
        // 199 of 200 is 99%, never a rounded-up 100% with work left.
        let almost = Counts {
            done: 199,
            todo: 1,
            total: 200,
            ..Counts::default()
        };
        assert_eq!(almost.percent(), 99);
    }

    #[test]
    fn bars_round_to_cells() {
        assert_eq!(bar(0.0, 4), "░░░░");
        assert_eq!(bar(1.0, 4), "████");
        assert_eq!(bar(0.3, 10), "███░░░░░░░");
        assert_eq!(bar(2.0, 3), "███");
    }

    #[test]
    fn pace_and_projection_by_hand() {
        // Today 2026-11-22. Done dates: 11-22, 11-20, 11-16 (in the last 7 days: 3;
        // 11-16 is 6 days ago), 11-01 (21 days ago), 10-20 (33 days: too old).
        // Last 28 days: 4 tasks, so 4 / 4 = 1 task a week. Open: 3 (2 todo, 1 doing),
        // so 3 weeks = 21 days: 2026-12-13.
        let text = "- [x] a ✅ 2026-11-22\n- [x] b ✅ 2026-11-20\n- [x] c ✅ 2026-11-16\n\
                    - [x] d ✅ 2026-11-01\n- [x] e ✅ 2026-10-20\n- [x] f\n- [ ] g\n- [ ] h\n- [/] i\n- [-] j\n";
        let plan = Plan::parse("p.md".into(), text.into());
        let p = pace(&plan.tasks, date(2026, 11, 22), None);
        assert_eq!(p.last_7_days, 3);
        assert_eq!(p.last_28_days, 4);
        assert_eq!(p.per_week, 1.0);
        assert_eq!(p.finish, Some(date(2026, 12, 13)));
        // No recent done dates: stalled, no projection.
        let p = pace(&plan.tasks, date(2027, 6, 1), None);
        assert_eq!(
            (p.per_week, p.finish, p.state),
            (0.0, None, PaceState::Stalled)
        );
    }

    #[test]
    fn the_window_is_the_days_since_the_start_when_that_is_fewer_than_28() {
        // Issue 11: start 2026-11-02, today 2026-11-16: 14 days; 4 done: 2.0 a week.
        let text = "- [x] a ✅ 2026-11-03\n- [x] b ✅ 2026-11-05\n- [x] c ✅ 2026-11-10\n\
                    - [x] d ✅ 2026-11-16\n- [ ] e\n- [ ] f\n";
        let plan = Plan::parse("p.md".into(), text.into());
        let p = pace(&plan.tasks, date(2026, 11, 16), Some(date(2026, 11, 2)));
        assert_eq!((p.window_days, p.done_in_window, p.per_week), (14, 4, 2.0));
        assert_eq!(p.state, PaceState::Projected);
        assert_eq!(
            p.finish,
            Some(date(2026, 11, 23)),
            "2 open at 2 a week: 7 days"
        );
        // Day 4 of the plan, two done: too early to tell, no line to 2033.
        let early = plan.tasks.iter().take(2).chain(plan.tasks.iter().skip(4));
        let p = pace(early, date(2026, 11, 6), Some(date(2026, 11, 2)));
        assert_eq!(
            (p.window_days, p.state, p.finish),
            (4, PaceState::TooEarly, None)
        );
        // Without a schedule the window starts at the first done date.
        let p = pace(&plan.tasks, date(2026, 11, 16), None);
        assert_eq!(p.window_days, 13);
        // A finished plan is done; one with no dates has nothing to project from.
        let done = Plan::parse("p.md".into(), "- [x] a ✅ 2026-11-03\n- [-] b\n".into());
        assert_eq!(
            pace(&done.tasks, date(2027, 1, 1), None).state,
            PaceState::Done
        );
        let none = Plan::parse("p.md".into(), "- [x] a\n- [ ] b\n".into());
        assert_eq!(
            pace(&none.tasks, date(2027, 1, 1), None).state,
            PaceState::NoDates
        );
    }

    #[test]
    fn a_projection_beyond_the_calendar_is_none() {
        // Issue 10, item 7: `today + days` overflowed near the calendar's last day.
        let last = NaiveDate::MAX;
        let plan = Plan::parse(
            "p.md".into(),
            format!("- [x] a ✅ {last}\n- [ ] b\n- [ ] c\n"),
        );
        // The done date is not YYYY-MM-DD, so put it in by hand.
        let mut tasks = plan.tasks.clone();
        tasks[0].done_on = Some(last - chrono::Duration::days(3));
        let since = Some(last - chrono::Duration::days(100));
        let p = pace(&tasks, last - chrono::Duration::days(2), since);
        assert_eq!((p.last_7_days, p.per_week), (1, 0.25));
        assert_eq!(p.finish, None, "56 days after is beyond the calendar");
        let p = pace(&tasks, last - chrono::Duration::days(60), since);
        assert_eq!(p.last_7_days, 0, "done in the future of today");
    }
}
