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

    /// Done over planned, from 0.0 to 1.0.
    pub fn fraction(&self) -> f64 {
        match self.planned() {
            0 if self.total > 0 => 1.0,
            0 => 0.0,
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
/// ```
pub fn bar(fraction: f64, width: usize) -> String {
    let filled = ((fraction.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
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
    /// Tasks per week over the last 28 days.
    pub per_week: f64,
    /// When the open tasks are done at that pace; `None` at a pace of zero, or when
    /// that day is beyond the last the calendar holds.
    pub finish: Option<NaiveDate>,
}

/// The pace of `tasks` as of `today`, from their done dates.
///
/// The projection: `open / per_week` weeks from today, rounded up to a whole day.
pub fn pace<'a>(tasks: impl IntoIterator<Item = &'a Task>, today: NaiveDate) -> Pace {
    let mut counts = Counts::default();
    let (mut week, mut month) = (0, 0);
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
        }
    }
    let per_week = month as f64 / 4.0;
    let finish = if counts.open() == 0 {
        Some(today)
    } else if per_week > 0.0 {
        // `as` saturates; a day beyond the calendar's last is no projection.
        let days = (counts.open() as f64 / per_week * 7.0).ceil() as i64;
        crate::schedule::shift(today, days)
    } else {
        None
    };
    Pace {
        last_7_days: week,
        last_28_days: month,
        per_week,
        finish,
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
        assert_eq!(Counts::default().percent(), 0);
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
        let p = pace(&plan.tasks, date(2026, 11, 22));
        assert_eq!(p.last_7_days, 3);
        assert_eq!(p.last_28_days, 4);
        assert_eq!(p.per_week, 1.0);
        assert_eq!(p.finish, Some(date(2026, 12, 13)));
        // No recent done dates: no projection.
        let p = pace(&plan.tasks, date(2027, 6, 1));
        assert_eq!((p.per_week, p.finish), (0.0, None));
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
        let p = pace(&tasks, last - chrono::Duration::days(2));
        assert_eq!((p.last_7_days, p.per_week), (1, 0.25));
        assert_eq!(p.finish, None, "56 days after is beyond the calendar");
        let p = pace(&tasks, last - chrono::Duration::days(60));
        assert_eq!(p.last_7_days, 0, "done in the future of today");
    }
}
