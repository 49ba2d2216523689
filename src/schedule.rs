//! Schedules read from a plan's own words: every section title (heading or bold label)
//! that names weeks, days or a duration places the section on the calendar, and every
//! task is due on the last day of the innermost placed section above it.
//!
//! The words, in Russian and English, case-insensitive, with `-`, `–` or `—` in ranges:
//!
//! | title says | kind | example |
//! | --- | --- | --- |
//! | word, then number(s) | a position | `Неделя 4`, `Недели 5-6`, `(Weeks 1-3)`, `День 1-2`, `Day 3` |
//! | number(s), then word | a duration | `(6-8 недель)`, `(4 недели)`, `(6-9 месяцев)`, `(2 weeks)` |
//!
//! Rules:
//! - Week `N` starts `7 × (N − 1)` days after its anchor: the start of the nearest
//!   enclosing section that has a duration, else the plan's start. So `Недели 3-4`
//!   inside `ЭТАП 1.2 (4-6 недель)` count from that stage's start, while `Неделя 4`
//!   in a plan whose stages say `(Недели 4-7)` counts from day one.
//! - Days `A-B` are days of the enclosing placed section (a week).
//! - Durations run one after another inside their parent: the first starts where
//!   the parent starts, the next where the previous ended. A range takes its min, its
//!   middle (rounded up to a day) or its max, by `pace`. A week is 7 days, a month 30.
//! - A section ends no earlier than the last of its children, so a level never ends
//!   before its stages.
//! - Sections without such words inherit their parent's window; a task with no placed
//!   section above it has no due date.
//! - A section whose window would fall outside the calendar chrono holds (about
//!   262,000 years either side of year 0: `Week 99999999`, `(4294967295 months)`) is
//!   out of range: it has no window, and neither has anything under it, anything it
//!   must contain (its labelled ancestors, which end no earlier than it does) or any
//!   duration that would follow one of those; their tasks have no due date. Every
//!   date is computed with checked arithmetic, so no title can make a date overflow.

use chrono::{NaiveDate, TimeDelta};

use crate::config::Pace;
use serde::Serialize;

use crate::plan::{Plan, Status};

mod label;

pub use label::{Label, Part, PartKind, label_trouble, parse_label, parse_part, read_label};

/// Days a duration takes at a pace.
fn length(min: u32, max: u32, pace: Pace) -> i64 {
    match pace {
        Pace::Min => i64::from(min),
        Pace::Max => i64::from(max),
        Pace::Mid => (i64::from(min) + i64::from(max) + 1) / 2,
    }
}

/// `day` moved by `days` days, when the result is a date chrono can hold.
pub fn shift(day: NaiveDate, days: i64) -> Option<NaiveDate> {
    day.checked_add_signed(TimeDelta::try_days(days)?)
}

/// A plan placed on the calendar.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Day one of week one.
    pub start: NaiveDate,
    /// Which end of a range such as "6-8 недель" it takes.
    pub pace: Pace,
    /// Each section's window `[from, to)`, by section index, when it has one.
    pub windows: Vec<Option<(NaiveDate, NaiveDate)>>,
    /// Each task's due date, by task index.
    pub due: Vec<Option<NaiveDate>>,
    /// Each section's latest due date of the tasks and placed sections under it, at
    /// any depth; `None` for a section that holds no task with a due date.
    latest: Vec<Option<NaiveDate>>,
}

impl Schedule {
    /// Places `plan` on the calendar from `start`.
    pub fn build(plan: &Plan, start: NaiveDate, pace: Pace) -> Schedule {
        let mut placer = Placer::new(plan, start, pace);
        // Sections come in document order, so parents are placed before children.
        for i in 0..plan.sections.len() {
            placer.place(i);
        }
        let windows = placer.windows_inherited();
        let due = task_dues(plan, &windows);
        let latest = latest_dues(plan, &windows, &due);
        Schedule {
            start,
            pace,
            windows,
            due,
            latest,
        }
    }

    /// A plan with no start of its own placed by its tasks' own dates (📅, and
    /// ➕ 🛫 ⏳ for where it starts): its section titles place nothing, since nothing
    /// says when their weeks begin. `None` when no task has a due date of its own.
    pub fn from_own_dates(plan: &Plan, pace: Pace) -> Option<Schedule> {
        plan.tasks.iter().find_map(|t| t.own_due())?;
        let start = plan
            .tasks
            .iter()
            .filter_map(|t| t.fields.as_deref())
            .flat_map(|f| [f.created, f.start, f.scheduled, f.due])
            .flatten()
            .min()?;
        let windows = vec![None; plan.sections.len()];
        let due = task_dues(plan, &windows);
        let latest = latest_dues(plan, &windows, &due);
        Some(Schedule {
            start,
            pace,
            windows,
            due,
            latest,
        })
    }

    /// The schedule's last day: the latest due date of a task or of a section that
    /// holds tasks (a stage may end after its last task is due). A section without
    /// tasks (`После 36 месяцев`) sets no date.
    pub fn end(&self) -> Option<NaiveDate> {
        (0..self.latest.len())
            .filter(|&s| self.latest[s].is_some())
            .filter_map(|s| self.due_of(s))
            .max()
    }

    /// When a section is due: the last day of its window, or the latest due date of
    /// its tasks when that is later (a task's own 📅) or when its title places it
    /// nowhere (a plan's title over its weeks).
    pub fn due_of(&self, section: usize) -> Option<NaiveDate> {
        let window = self
            .windows
            .get(section)
            .copied()
            .flatten()
            .and_then(|(_, to)| to.pred_opt());
        let latest = self.latest.get(section).copied().flatten();
        // A task's own 📅 after the window moves the section's end with it.
        match (window, latest) {
            (Some(w), Some(l)) => Some(w.max(l)),
            (w, l) => w.or(l),
        }
    }

    /// The 1-based week of the plan that `day` falls in (0 or less before the start).
    pub fn week_of(&self, day: NaiveDate) -> i64 {
        (day - self.start).num_days().div_euclid(7) + 1
    }

    /// How many of `tasks` (indexes) are due on or before `day`, and how many of
    /// them have a due date at all.
    pub fn expected_by(
        &self,
        tasks: impl Iterator<Item = usize>,
        day: NaiveDate,
    ) -> (usize, usize) {
        let mut due_by = 0;
        let mut dated = 0;
        for t in tasks {
            if let Some(Some(d)) = self.due.get(t) {
                dated += 1;
                if *d <= day {
                    due_by += 1;
                }
            }
        }
        (due_by, dated)
    }

    /// Where `tasks` of `plan` stand against this schedule on `today`: the one rule
    /// `report`, `milestone`, `next` and every format use.
    ///
    /// The tasks that count are the planned ones (skipped tasks leave every count)
    /// that have a due date. A task is **expected** by today when its due date is
    /// before today: a task due today is not late yet. The learner is **behind**
    /// when fewer of them are done than are expected, by as many days as the first
    /// one their count of done tasks does not cover was due ago; else **ahead** by
    /// the days from today to the due date of the last one it covers (when that is
    /// later than today), or **on schedule**. With nothing left to do the tasks are
    /// **done**, however late: never behind.
    pub fn standing(
        &self,
        plan: &Plan,
        tasks: impl Iterator<Item = usize>,
        today: NaiveDate,
    ) -> Standing {
        let mut dues: Vec<NaiveDate> = Vec::new();
        let mut done = 0;
        let mut open = 0;
        let mut any = false;
        for t in tasks {
            let Some(task) = plan.tasks.get(t) else {
                continue;
            };
            any = true;
            match task.status {
                Status::Skipped => continue,
                Status::Done => {}
                Status::Todo | Status::Doing => open += 1,
            }
            if let Some(Some(due)) = self.due.get(t) {
                dues.push(*due);
                done += usize::from(task.status == Status::Done);
            }
        }
        dues.sort_unstable();
        let expected = dues.partition_point(|d| *d < today);
        let days = |day: NaiveDate| (day - today).num_days();
        let (state, days_ahead) = if any && open == 0 {
            let early = dues.last().map_or(0, |&d| days(d).max(0));
            (ScheduleState::Done, early)
        } else if done < expected {
            (
                ScheduleState::Behind,
                dues.get(done).map_or(0, |&d| days(d)),
            )
        } else {
            match done
                .checked_sub(1)
                .and_then(|k| dues.get(k))
                .map_or(0, |&d| days(d).max(0))
            {
                0 => (ScheduleState::OnSchedule, 0),
                ahead => (ScheduleState::Ahead, ahead),
            }
        };
        Standing {
            expected,
            scheduled: dues.len(),
            done,
            days_ahead,
            state,
        }
    }
}

/// Places sections on the calendar one by one, in document order (the rules are
/// in the module docs).
struct Placer<'p> {
    plan: &'p Plan,
    start: NaiveDate,
    pace: Pace,
    labels: Vec<Option<Label>>,
    windows: Vec<Option<(NaiveDate, NaiveDate)>>,
    /// Sections out of the calendar's range (see the module docs).
    lost: Vec<bool>,
    /// Where the next duration child of each section starts; the root is `None`.
    /// `None` inside: after a child out of range, nowhere.
    cursor: Vec<Option<Option<NaiveDate>>>,
    root_cursor: Option<NaiveDate>,
    /// The section whose start week numbers count from: the nearest enclosing one
    /// with a duration.
    anchors: Vec<Option<usize>>,
    /// The last week any label under an anchor names.
    last_week: Vec<u32>,
}

impl<'p> Placer<'p> {
    fn new(plan: &'p Plan, start: NaiveDate, pace: Pace) -> Placer<'p> {
        let n = plan.sections.len();
        let labels: Vec<Option<Label>> = plan
            .sections
            .iter()
            .map(|s| parse_label(&s.title))
            .collect();
        let anchors: Vec<Option<usize>> = (0..n)
            .map(|i| {
                ancestors(plan, plan.sections[i].parent)
                    .find(|&a| matches!(labels[a], Some(Label::Duration { .. })))
            })
            .collect();
        let mut last_week = vec![0u32; n];
        for i in 0..n {
            if let (Some(Label::Weeks(_, b)), Some(a)) = (labels[i], anchors[i]) {
                last_week[a] = last_week[a].max(b);
            }
        }
        Placer {
            plan,
            start,
            pace,
            labels,
            windows: vec![None; n],
            lost: vec![false; n],
            cursor: vec![None; n],
            root_cursor: Some(start),
            anchors,
            last_week,
        }
    }

    fn parent(&self, i: usize) -> Option<usize> {
        self.plan.sections.get(i).and_then(|s| s.parent)
    }

    /// Places section `i`, its parents placed already.
    fn place(&mut self, i: usize) {
        if ancestors(self.plan, self.parent(i)).any(|a| self.lost[a]) {
            self.lost[i] = true;
            return;
        }
        let window = self.window_of(i);
        self.windows[i] = window;
        if self.labels[i].is_none() {
            return;
        }
        match window {
            Some((_, to)) => self.stretch(i, to),
            None => self.lose(i),
        }
    }

    /// The window section `i`'s own label gives it (its parent's without one).
    fn window_of(&self, i: usize) -> Option<(NaiveDate, NaiveDate)> {
        let parent_window = self.parent(i).and_then(|p| self.windows[p]);
        let anchor_window = self.anchors[i].and_then(|a| self.windows[a]);
        let anchor = anchor_window.map_or(self.start, |(from, _)| from);
        // Weeks 1-8 inside a stage of "6-8 недель" taken at pace min are squeezed
        // into its 6 weeks, proportionally.
        let (room, named) = match (anchor_window, self.anchors[i]) {
            (Some((from, to)), Some(a)) => {
                ((to - from).num_days(), 7 * i64::from(self.last_week[a]))
            }
            _ => (0, 0),
        };
        let week_day = |w: u32| -> Option<i64> {
            let days = 7 * i64::from(w);
            if named > room && room > 0 {
                i64::try_from(i128::from(days) * i128::from(room) / i128::from(named)).ok()
            } else {
                Some(days)
            }
        };
        let placed = |from: Option<NaiveDate>, days: Option<i64>, to: Option<i64>| {
            let from = from?;
            Some((shift(from, days?)?, shift(from, to?)?))
        };
        match self.labels[i] {
            Some(Label::Weeks(a, b)) => placed(Some(anchor), week_day(a - 1), week_day(b)),
            Some(Label::Days(a, b)) => {
                let base = parent_window.map_or(anchor, |(from, _)| from);
                placed(Some(base), Some(i64::from(a) - 1), Some(i64::from(b)))
            }
            Some(Label::Duration { min, max }) => {
                let from = match self.parent(i) {
                    Some(p) => self.cursor[p]
                        .unwrap_or_else(|| self.windows[p].map(|w| w.0).or(self.root_cursor)),
                    None => self.root_cursor,
                };
                placed(from, Some(0), Some(length(min, max, self.pace)))
            }
            None => parent_window,
        }
    }

    /// Section `i` is out of range: so are the labelled sections that must contain
    /// it, and any duration that would start after it.
    fn lose(&mut self, i: usize) {
        self.lost[i] = true;
        let mut child = i;
        while let Some(p) = self.parent(child) {
            self.cursor[p] = Some(None);
            if self.labels[p].is_some() {
                self.lost[p] = true;
                self.windows[p] = None;
            }
            child = p;
        }
        self.root_cursor = None;
    }

    /// A placed child moves its parent's cursor, and a section ends no earlier than
    /// its last child: stretch the labelled ancestors, moving their parents' cursors
    /// in turn, so the next stage starts after this one.
    fn stretch(&mut self, i: usize, to: NaiveDate) {
        let mut child = i;
        while let Some(p) = self.parent(child) {
            if let Some(at) = self.cursor[p].get_or_insert(Some(to)) {
                *at = (*at).max(to);
            }
            match self.windows[p] {
                Some((from, end)) if self.labels[p].is_some() && end < to => {
                    self.windows[p] = Some((from, to));
                }
                _ if self.labels[p].is_some() => break,
                _ => {}
            }
            child = p;
        }
        if self.parent(child).is_none() {
            self.root_cursor = self.root_cursor.map(|at| at.max(to));
        }
    }

    /// The final windows, where unlabelled sections take their nearest labelled
    /// ancestor's.
    fn windows_inherited(mut self) -> Vec<Option<(NaiveDate, NaiveDate)>> {
        for i in 0..self.windows.len() {
            if self.labels[i].is_none() {
                self.windows[i] = ancestors(self.plan, self.parent(i))
                    .find(|&a| self.labels[a].is_some())
                    .and_then(|a| self.windows[a]);
            }
        }
        self.windows
    }
}

/// Each task's due date: its own (📅), else the last day of the innermost placed
/// section above it.
fn task_dues(plan: &Plan, windows: &[Option<(NaiveDate, NaiveDate)>]) -> Vec<Option<NaiveDate>> {
    plan.tasks
        .iter()
        .map(|task| {
            task.own_due().or_else(|| {
                task.section
                    .and_then(|s| windows.get(s).copied().flatten())
                    .and_then(|(_, to)| to.pred_opt())
            })
        })
        .collect()
}

/// Each section's latest due date of the tasks and placed sections under it.
fn latest_dues(
    plan: &Plan,
    windows: &[Option<(NaiveDate, NaiveDate)>],
    due: &[Option<NaiveDate>],
) -> Vec<Option<NaiveDate>> {
    let n = plan.sections.len();
    let mut latest: Vec<Option<NaiveDate>> = vec![None; n];
    for (task, day) in plan.tasks.iter().zip(due) {
        let Some(day) = *day else { continue };
        for s in ancestors(plan, task.section) {
            match &mut latest[s] {
                Some(l) if *l >= day => break,
                slot => *slot = Some(day),
            }
        }
    }
    // A section ends no earlier than the placed sections under it: children come
    // after their parents, so walking back carries each one's end up.
    for s in (0..n).rev() {
        let Some(own) = latest[s] else { continue };
        let end = windows[s]
            .and_then(|(_, to)| to.pred_opt())
            .map_or(own, |w| w.max(own));
        if let Some(p) = plan.sections[s].parent {
            latest[p] = Some(latest[p].map_or(end, |l| l.max(end)));
        }
    }
    latest
}

/// Where a set of tasks stands against the schedule on a day (see
/// [`Schedule::standing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Planned tasks due before the day.
    pub expected: usize,
    /// Planned tasks with a due date.
    pub scheduled: usize,
    /// Of those, the done ones.
    pub done: usize,
    /// Days ahead of the schedule; negative when behind, never for done tasks.
    pub days_ahead: i64,
    /// The verdict.
    pub state: ScheduleState,
}

/// Where a set of tasks stands against its schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleState {
    /// Nothing left to do (skipped tasks aside), however late it was finished.
    Done,
    /// Work left, and further than the schedule expects by today.
    Ahead,
    /// Work left, where the schedule expects.
    OnSchedule,
    /// Work left, and fewer tasks done than the schedule expects by today.
    Behind,
}

/// Section indexes from `index` up to the outermost (parallel to `section_chain`).
fn ancestors(plan: &Plan, index: Option<usize>) -> impl Iterator<Item = usize> + '_ {
    let mut at = index;
    std::iter::from_fn(move || {
        let i = at?;
        at = plan.sections.get(i)?.parent;
        Some(i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn labels_in_russian_and_english() {
        use Label::*;
        let cases = [
            ("Неделя 4: Базы данных", Some(Weeks(4, 4))),
            ("Week 12", Some(Weeks(12, 12))),
            ("🎯 ЭТАП 1: Основы языка Go (Недели 1-3)", Some(Weeks(1, 3))),
            ("(Weeks 4–7)", Some(Weeks(4, 7))),
            ("Недели 5-6: Системное администрирование", Some(Weeks(5, 6))),
            (
                "ЭТАП 1.2: Сети (4-6 недель)",
                Some(Duration { min: 28, max: 42 }),
            ),
            ("Stage (6-8 weeks)", Some(Duration { min: 42, max: 56 })),
            (
                "УРОВЕНЬ 1 (6-9 месяцев)",
                Some(Duration { min: 180, max: 270 }),
            ),
            ("Финал (3-6 months)", Some(Duration { min: 90, max: 180 })),
            ("Повторение (2 недели)", Some(Duration { min: 14, max: 14 })),
            ("День 1-2: Настройка окружения", Some(Days(1, 2))),
            ("День 5-7", Some(Days(5, 7))),
            ("Day 3", Some(Days(3, 3))),
            ("ЭТАП 1.1: Компьютерная грамотность", None),
            ("Проекты этапа", None),
            ("Метрики прогресса", None),
        ];
        for (title, want) in cases {
            assert_eq!(parse_label(title), want, "{title}");
        }
    }

    fn plan(text: &str) -> Plan {
        Plan::parse("p.md".into(), text.into())
    }

    #[test]
    fn go_backend_weeks_and_days_are_absolute() {
        let plan = plan(include_str!("../plans/go-backend.md"));
        let s = Schedule::build(&plan, date(2026, 11, 2), Pace::Min);
        let due = |text: &str| {
            let i = plan
                .tasks
                .iter()
                .position(|t| t.text.starts_with(text))
                .unwrap();
            s.due[i]
        };
        // Неделя 1, День 1-2: days 1 and 2.
        assert_eq!(due("Установка Go"), Some(date(2026, 11, 3)));
        // Неделя 1, День 5-7: the week's last day.
        assert_eq!(due("Условные операторы"), Some(date(2026, 11, 8)));
        // Неделя 3, День 4-7: 2026-11-16 + 6.
        assert_eq!(due("Создание и запуск горутин"), Some(date(2026, 11, 22)));
        let stage = plan
            .sections
            .iter()
            .position(|x| x.title.starts_with("🎯 ЭТАП 1"))
            .unwrap();
        assert_eq!(
            s.windows[stage],
            Some((date(2026, 11, 2), date(2026, 11, 23)))
        );
        let stage4 = plan
            .sections
            .iter()
            .position(|x| x.title.starts_with("📊 ЭТАП 4"))
            .unwrap();
        assert_eq!(
            s.windows[stage4].unwrap().1,
            date(2026, 11, 2) + Duration::days(16 * 7)
        );
        assert_eq!(s.week_of(date(2026, 11, 22)), 3);
        assert_eq!(s.week_of(date(2026, 11, 23)), 4);
    }

    #[test]
    fn backend_roadmap_durations_follow_one_another() {
        let plan = plan(include_str!("../plans/backend-roadmap.md"));
        let find = |t: &str| {
            plan.sections
                .iter()
                .position(|x| x.title.contains(t))
                .unwrap()
        };
        let start = date(2026, 11, 2);
        let min = Schedule::build(&plan, start, Pace::Min);
        let (e11, e12) = (find("ЭТАП 1.1"), find("ЭТАП 1.2"));
        assert_eq!(min.windows[e11], Some((start, start + Duration::days(42))));
        assert_eq!(min.windows[e12].unwrap().0, start + Duration::days(42));
        // "Недели 3-4" inside ЭТАП 1.2 (4-6 недель) count from that stage's start;
        // at pace min its weeks 1-6 are squeezed into 4: week 4 ends at 28 × 4/6 days.
        let i = plan
            .tasks
            .iter()
            .position(|t| t.text.starts_with("TCP: соединения"))
            .unwrap();
        let label = plan.tasks[i].section.unwrap();
        assert!(
            plan.sections[label].title.starts_with("Недели 3-4"),
            "{}",
            plan.sections[label].title
        );
        assert_eq!(
            min.due[i],
            Some(start + Duration::days(42 + 28 * 28 / 42 - 1))
        );
        // At pace max the stage has room for all six weeks.
        let max_due = Schedule::build(&plan, start, Pace::Max).due[i];
        assert_eq!(max_due, Some(start + Duration::days(56 + 28 - 1)));
        let max = Schedule::build(&plan, start, Pace::Max);
        assert_eq!(max.windows[e12].unwrap().0, start + Duration::days(56));
        let mid = Schedule::build(&plan, start, Pace::Mid);
        assert_eq!(mid.windows[e11].unwrap().1, start + Duration::days(49));
        // УРОВЕНЬ 2 starts after УРОВЕНЬ 1, which lasts at least as long as its stages.
        let (l1, l2) = (find("УРОВЕНЬ 1"), find("УРОВЕНЬ 2"));
        assert_eq!(min.windows[l2].unwrap().0, min.windows[l1].unwrap().1);
        assert!(min.windows[l1].unwrap().1 >= start + Duration::days(180));
    }

    #[test]
    fn plans_without_schedule_words_have_no_due_dates() {
        let plan = plan("# Checklist\n- [ ] a\n## Section\n- [ ] b\n");
        let s = Schedule::build(&plan, date(2026, 1, 1), Pace::Min);
        assert!(s.due.iter().all(Option::is_none));
        assert_eq!(s.expected_by(0..2, date(2027, 1, 1)), (0, 0));
    }

    #[test]
    fn huge_numbers_saturate_and_stay_labels() {
        assert_eq!(
            parse_label("Месяц 4294967295"),
            Some(Label::Days(u32::MAX, u32::MAX))
        );
        assert_eq!(
            parse_label("(99999999999 weeks)"),
            Some(Label::Duration {
                min: u32::MAX,
                max: u32::MAX
            })
        );
        assert_eq!(
            parse_label("Week 4294967295"),
            Some(Label::Weeks(u32::MAX, u32::MAX))
        );
    }

    /// Issue 10, item 7: a section that would end beyond the calendar chrono holds has
    /// no window, nor has what is under it, what must contain it, or a duration that
    /// would follow it; everything else keeps its dates.
    #[test]
    fn sections_out_of_the_calendar_have_no_window() {
        let start = date(2026, 11, 2);
        let due = |text: &str| {
            let plan = plan(text);
            let s = Schedule::build(&plan, start, Pace::Mid);
            plan.tasks
                .iter()
                .zip(&s.due)
                .map(|(t, d)| (t.text.clone(), d.map(|d| d.to_string())))
                .collect::<Vec<_>>()
        };
        let some = |t: &str, d: &str| (t.to_string(), Some(d.to_string()));
        let none = |t: &str| (t.to_string(), None);
        for title in [
            "Week 99999999",
            "Weeks 2-4294967295",
            "Day 999999999",
            "(4294967295 months)",
            "(3-99999999 недель)",
            "Месяц 99999999",
        ] {
            let text = format!(
                "# P\n## Week 1\n- [ ] a\n## {title}\n- [ ] b\n### Day 1\n- [ ] c\n\
                 ## Week 3\n- [ ] d\n## Then (1 week)\n- [ ] e\n"
            );
            assert_eq!(
                due(&text),
                [
                    some("a", "2026-11-08"),
                    none("b"),
                    none("c"),
                    some("d", "2026-11-22"),
                    none("e"),
                ],
                "{title}"
            );
        }
        // A stage that lasts beyond the calendar is out of range with everything in
        // it, and so is the duration after it; an absolute week is not.
        let text = "## A (2 weeks)\n### Week 1\n- [ ] a\n## B (99999999 weeks)\n- [ ] b0\n\
                    ### Week 1\n- [ ] b1\n## C (1 week)\n- [ ] c\n## Week 5\n- [ ] d\n";
        assert_eq!(
            due(text),
            [
                some("a", "2026-11-08"),
                none("b0"),
                none("b1"),
                none("c"),
                some("d", "2026-12-06"),
            ]
        );
        // A section ends no earlier than its children: weeks 1-3 that must hold day
        // 999999999 are out of range too, but their day 1 before it keeps its date.
        let text = "## S (Недели 1-3)\n- [ ] s\n### Day 1\n- [ ] s1\n### Day 999999999\n- [ ] s2\n";
        assert_eq!(due(text), [none("s"), some("s1", "2026-11-02"), none("s2")]);
        // Near the calendar's last day, a week that is usually fine is not.
        let plan = plan("## Week 1\n- [ ] a\n## Week 2\n- [ ] b\n");
        let last = NaiveDate::MAX;
        let s = Schedule::build(&plan, last - Duration::days(10), Pace::Min);
        assert_eq!(s.due, [Some(last - Duration::days(4)), None]);
        // And a week 0 never comes: it is not a label.
        assert_eq!(parse_label("Week 0"), None);
    }

    #[test]
    fn weeks_squeezed_into_a_huge_stage_stay_inside_it() {
        // Weeks named beyond a stage's length are squeezed into it, however many:
        // week 4294967295 of a 9,999,999-day stage ends with the stage.
        let plan = plan("## S (9999999 days)\n### Week 4294967295\n- [ ] a\n");
        let start = date(2026, 11, 2);
        let s = Schedule::build(&plan, start, Pace::Min);
        assert_eq!(s.due[0], Some(start + Duration::days(9_999_999 - 1)));
    }

    #[test]
    fn expected_progress_counts_tasks_due_by_a_day() {
        let plan = plan("## Week 1\n- [ ] a\n- [ ] b\n## Week 2\n- [ ] c\n## Extra\n- [ ] d\n");
        let s = Schedule::build(&plan, date(2026, 11, 2), Pace::Min);
        assert_eq!(s.due[0], Some(date(2026, 11, 8)));
        assert_eq!(s.due[2], Some(date(2026, 11, 15)));
        assert_eq!(s.due[3], None);
        assert_eq!(s.expected_by(0..4, date(2026, 11, 8)), (2, 3));
        assert_eq!(s.expected_by(0..4, date(2026, 11, 7)), (0, 3));
    }
}
