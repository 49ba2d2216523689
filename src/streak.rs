//! Study days and streaks: the days of the last four weeks on which a task got
//! done, and the runs of them, for the row of marks `report` and `week` show and the
//! HTML report's calendar. Pure: done dates and today in, values out.
//!
//! A day is a study day when a done task (`[x]`) has it as its done date — written
//! by `check --stamp`, or found by [`crate::history`] for a task ticked by hand.
//! Done dates after today are ignored: a typo, or a `--today` in the past, before
//! they happened. Several tasks done on one day make one study day.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::plan::{Status, Task};

/// The days the row covers: today and the 27 before it.
pub const WINDOW_DAYS: u64 = 28;

/// The study days of the last [`WINDOW_DAYS`] days and the streaks in them. Its
/// JSON is `study_days`, `streak` and `longest_streak`, at the top level of the
/// object that holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Streak {
    /// The window's first day: 27 days before today (later only at the start of
    /// the calendar).
    #[serde(skip)]
    pub from: NaiveDate,
    /// The window's last day.
    #[serde(skip)]
    pub today: NaiveDate,
    /// The study days in the window, oldest first.
    #[serde(rename = "study_days")]
    pub days: Vec<NaiveDate>,
    /// Consecutive study days ending today — or ending yesterday while today has
    /// none yet, so that a streak lives until the day is over. Counted over every
    /// done date, so it may be longer than the window.
    #[serde(rename = "streak")]
    pub current: usize,
    /// The longest run of consecutive study days within the window.
    #[serde(rename = "longest_streak")]
    pub longest: usize,
    /// Whether any done task has a done date on or before today. Plans never
    /// dated say nothing about study days, so nothing is shown for them.
    #[serde(skip)]
    pub dated: bool,
}

/// The done dates of the done tasks among `tasks`.
pub fn done_dates<'a>(
    tasks: impl IntoIterator<Item = &'a Task>,
) -> impl Iterator<Item = NaiveDate> {
    tasks
        .into_iter()
        .filter(|t| t.status == Status::Done)
        .filter_map(|t| t.done_on)
}

/// The study days and streaks as of `today`, from done dates (see [`done_dates`];
/// repeats and dates after today are fine).
pub fn streak(done_on: impl IntoIterator<Item = NaiveDate>, today: NaiveDate) -> Streak {
    let mut dates: Vec<NaiveDate> = done_on.into_iter().filter(|&d| d <= today).collect();
    dates.sort_unstable();
    dates.dedup();
    let from = (1..WINDOW_DAYS)
        .map_while(|back| today.checked_sub_days(Days::new(back)))
        .last()
        .unwrap_or(today);
    let days: Vec<NaiveDate> = dates.iter().copied().filter(|&d| d >= from).collect();
    // Walk back from the last study day while each is the day before the one after.
    let mut expected = if dates.last() == Some(&today) {
        Some(today)
    } else {
        today.pred_opt()
    };
    let mut current = 0;
    for &day in dates.iter().rev() {
        if Some(day) != expected {
            break;
        }
        current += 1;
        expected = day.pred_opt();
    }
    let (mut longest, mut run) = (0, 0);
    let mut previous: Option<NaiveDate> = None;
    for &day in &days {
        run = if previous.and_then(|p| p.succ_opt()) == Some(day) {
            run + 1
        } else {
            1
        };
        longest = usize::max(longest, run);
        previous = Some(day);
    }
    Streak {
        from,
        today,
        days,
        current,
        longest,
        dated: !dates.is_empty(),
    }
}

impl Streak {
    /// Every day of the window, oldest first, and whether it is a study day.
    pub fn window(&self) -> Vec<(NaiveDate, bool)> {
        // Not `iter_days`: it never yields the calendar's last day.
        std::iter::successors(Some(self.from), |d| d.succ_opt())
            .take_while(|&d| d <= self.today)
            .map(|d| (d, self.days.binary_search(&d).is_ok()))
            .collect()
    }

    /// `Studied 9 of the last 28 days · streak 3 days`, with `, up to yesterday`
    /// while today has no study yet, and `· longest 5 days` when an earlier run in
    /// the window was longer than the current streak.
    pub fn summary(&self) -> String {
        let days = |n: usize| crate::report::count(n as u64, "day", "days");
        let length = self.window().len();
        let mut line = format!(
            "Studied {} of the last {} · streak {}",
            self.days.len(),
            days(length),
            days(self.current)
        );
        if self.current > 0 && self.days.last() != Some(&self.today) {
            line.push_str(", up to yesterday");
        }
        if self.longest > self.current {
            line.push_str(&format!(" · longest {}", days(self.longest)));
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    /// Today for these tests: Tuesday 2026-11-24, as the CLI tests' sandbox.
    fn today() -> NaiveDate {
        day(11, 24)
    }

    #[test]
    fn no_done_dates_is_no_study_and_nothing_to_show() {
        let s = streak([], today());
        assert_eq!((s.days.len(), s.current, s.longest), (0, 0, 0));
        assert!(!s.dated);
        assert_eq!(s.from, day(10, 28));
        assert_eq!(s.window().len(), 28);
        assert!(s.window().iter().all(|&(_, studied)| !studied));
        assert_eq!(s.summary(), "Studied 0 of the last 28 days · streak 0 days");
    }

    #[test]
    fn a_task_done_today_is_a_streak_of_one_day() {
        let s = streak([today(), today()], today());
        assert_eq!(s.days, [today()]);
        assert_eq!((s.current, s.longest), (1, 1));
        assert_eq!(s.window().last(), Some(&(today(), true)));
        assert_eq!(s.summary(), "Studied 1 of the last 28 days · streak 1 day");
    }

    #[test]
    fn a_streak_ending_yesterday_lives_until_today_is_over() {
        let s = streak([day(11, 21), day(11, 22), day(11, 23)], today());
        assert_eq!(s.current, 3, "today has no study yet");
        assert_eq!(
            s.summary(),
            "Studied 3 of the last 28 days · streak 3 days, up to yesterday"
        );
        // Two days ago ends it.
        let s = streak([day(11, 21), day(11, 22)], today());
        assert_eq!((s.current, s.longest), (0, 2));
        assert_eq!(
            s.summary(),
            "Studied 2 of the last 28 days · streak 0 days · longest 2 days"
        );
    }

    #[test]
    fn a_gap_ends_a_run_and_the_longest_run_is_kept() {
        // 11-01..11-04 (4 days), a gap on 11-05, 11-06, then 11-22..11-24 (3).
        let dates = [1, 2, 3, 4, 6, 22, 23, 24].map(|d| day(11, d));
        let s = streak(dates, today());
        assert_eq!(s.days.len(), 8);
        assert_eq!((s.current, s.longest), (3, 4));
        let marks: String = s
            .window()
            .iter()
            .map(|&(_, on)| if on { 'x' } else { '.' })
            .collect();
        assert_eq!(marks, "....xxxx.x...............xxx");
    }

    #[test]
    fn done_dates_after_today_are_ignored() {
        let s = streak([day(11, 25), day(12, 31)], today());
        assert!(s.days.is_empty());
        assert_eq!(s.current, 0);
        assert!(!s.dated, "nothing has happened by today");
        let s = streak([day(11, 23), day(11, 25)], today());
        assert_eq!((s.days.as_slice(), s.current), (&[day(11, 23)][..], 1));
    }

    #[test]
    fn the_window_holds_day_28_back_and_not_day_29() {
        // Counting today as day 1, day 28 is 27 days back: 10-28; day 29 is 10-27.
        let s = streak([day(10, 27), day(10, 28)], today());
        assert_eq!(s.days, [day(10, 28)]);
        assert_eq!(s.longest, 1, "the run is cut at the window's start");
        assert!(
            s.dated,
            "a date before the window still says the plan is dated"
        );
        assert_eq!(s.window().first(), Some(&(day(10, 28), true)));
        let s = streak([day(10, 27)], today());
        assert!(s.days.is_empty() && s.dated);
    }

    #[test]
    fn the_current_streak_counts_days_before_the_window() {
        let dates: Vec<NaiveDate> = day(9, 1)
            .iter_days()
            .take_while(|&d| d <= today())
            .collect();
        let s = streak(dates, today());
        assert_eq!(s.days.len(), 28);
        assert_eq!(s.longest, 28);
        assert_eq!(s.current, 85, "2026-09-01 to 11-24");
        assert_eq!(
            s.summary(),
            "Studied 28 of the last 28 days · streak 85 days"
        );
    }

    #[test]
    fn only_done_tasks_count() {
        let plan = crate::plan::Plan::parse(
            "p.md".into(),
            "- [x] a ✅ 2026-11-20\n- [ ] b ✅ 2026-11-21\n- [-] c ✅ 2026-11-22\n- [x] d\n".into(),
        );
        let s = streak(done_dates(&plan.tasks), today());
        assert_eq!(s.days, [day(11, 20)]);
    }

    #[test]
    fn the_ends_of_the_calendar_do_not_panic() {
        let s = streak([NaiveDate::MIN], NaiveDate::MIN);
        assert_eq!((s.days.len(), s.current, s.window().len()), (1, 1, 1));
        assert_eq!(s.summary(), "Studied 1 of the last 1 day · streak 1 day");
        let s = streak([NaiveDate::MAX], NaiveDate::MAX);
        assert_eq!((s.current, s.window().len()), (1, 28));
    }
}
