//! `roadmap.toml`: its types, how it is found, and errors that name the line.
//!
//! The file is optional. It is looked up walking up from the working directory, or
//! given with `--config`. Unknown keys are errors, so a typo never silently does
//! nothing.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::error::Error;
use crate::markdown::LineIndex;

/// The file name looked for in the working directory and its parents.
pub const FILE_NAME: &str = "roadmap.toml";

/// The contents of `roadmap.toml`, checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Globs naming the plans, relative to the file's directory.
    pub plans: Option<Vec<String>>,
    /// Whether `check` writes a ` ✅ YYYY-MM-DD` done date.
    pub stamp: Option<bool>,
    /// Whether done tasks without a done date are dated from git history
    /// (`history = false` turns it off; see [`crate::history`]).
    pub history: Option<bool>,
    /// `[schedule]`: when the plan starts and how fast ranges are taken.
    pub schedule: Option<ScheduleConfig>,
    /// `[[milestone]]` tables, in file order.
    pub milestones: Vec<MilestoneConfig>,
    /// `[[plan]]` tables: settings of one plan, in file order.
    pub plan_settings: Vec<PlanConfig>,
}

/// One `[[plan]]`: what one plan does differently from `[schedule]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanConfig {
    /// The plan: its stem, file name or path.
    pub name: String,
    /// Its own day one (a second plan is often started months after the first).
    pub start: Option<NaiveDate>,
    /// Its own pace.
    pub pace: Option<Pace>,
    /// 1-based line of its `name`, for errors.
    pub line: usize,
}

/// Which end of a range such as "6-8 недель" a schedule takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Pace {
    /// The shorter end: 6 weeks.
    #[default]
    Min,
    /// The middle: 7 weeks.
    Mid,
    /// The longer end: 8 weeks.
    Max,
}

/// `[schedule]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleConfig {
    /// Day one of week one.
    pub start: Option<NaiveDate>,
    /// Which end of a range such as "6-8 недель" to take.
    pub pace: Pace,
}

/// How a `[[milestone]]` names its tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// `through = "Неделя 3"`: every task up to the end of that section.
    Through(String),
    /// `section = "ЭТАП 2"`: the tasks of that section only.
    Section(String),
}

/// One `[[milestone]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneConfig {
    /// Its name.
    pub name: String,
    /// The plan it belongs to (stem, file name or path); the first plan when absent.
    pub plan: Option<String>,
    /// Which tasks it holds.
    pub scope: Scope,
    /// When it is due; else from the schedule.
    pub due: Option<NaiveDate>,
    /// 1-based line of its `through` or `section` key, for errors.
    pub line: usize,
}

/// The file as TOML gives it, before checks that need line numbers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    plans: Option<Vec<String>>,
    stamp: Option<bool>,
    history: Option<bool>,
    schedule: Option<RawSchedule>,
    #[serde(default)]
    milestone: Vec<RawMilestone>,
    #[serde(default)]
    plan: Vec<RawPlan>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    name: Spanned<String>,
    start: Option<Spanned<toml::value::Datetime>>,
    pace: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    start: Option<Spanned<toml::value::Datetime>>,
    pace: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMilestone {
    name: Spanned<String>,
    plan: Option<String>,
    through: Option<Spanned<String>>,
    section: Option<Spanned<String>>,
    due: Option<Spanned<toml::value::Datetime>>,
}

/// A config file found on disk, with the directory its globs are relative to.
#[derive(Debug, Clone)]
pub struct Found {
    /// The file's path as shown to the user (relative to the working directory).
    pub path: PathBuf,
    /// The directory holding it.
    pub dir: PathBuf,
    /// What it says.
    pub config: Config,
}

impl Found {
    /// The config with plans named by path (`plan = "plans/go.md"` in a
    /// `[[milestone]]`, `name = "work/plan.md"` in a `[[plan]]`) made relative to
    /// `cwd`, as plans are shown, from the config's folder, which they are written
    /// relative to (as its globs are): so that they name the same plan from any
    /// folder below.
    pub fn rebased(mut self, cwd: &Path) -> Found {
        let dir = cwd.join(&self.dir);
        let rebase = |name: &mut String| {
            if name.contains('/') {
                let path = crate::discover::relative(&dir.join(&*name), cwd);
                if let Some(path) = path.to_str() {
                    *name = path.to_string();
                }
            }
        };
        self.config
            .plan_settings
            .iter_mut()
            .for_each(|p| rebase(&mut p.name));
        self.config
            .milestones
            .iter_mut()
            .filter_map(|m| m.plan.as_mut())
            .for_each(rebase);
        self
    }
}

/// Finds the nearest `roadmap.toml` from `start` upwards.
pub fn find_upwards(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Reads and checks a config file; `shown` is how messages name it.
pub fn load(path: &Path, shown: &Path) -> Result<Found, Error> {
    // The same guards as a plan: a FIFO would wait forever, `/dev/zero` never end.
    let text = crate::files::read_text_file(path, shown).map_err(|e| match e {
        Error::PlanMissing { path } => Error::Config {
            path,
            line: None,
            message: "no such file".into(),
        },
        other => other,
    })?;
    let config = parse(&text).map_err(|(line, message)| Error::Config {
        path: shown.to_path_buf(),
        line,
        message,
    })?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok(Found {
        path: shown.to_path_buf(),
        dir,
        config,
    })
}

/// Parses config text; an error carries the 1-based line when TOML knows it.
///
/// ```
/// let err = roadmap::config::parse("plans = [\"a.md\"]\nstmp = true\n").unwrap_err();
/// assert_eq!(err.0, Some(2));
/// assert!(err.1.contains("unknown field `stmp`"));
/// ```
pub fn parse(text: &str) -> Result<Config, (Option<usize>, String)> {
    let lines = LineIndex::new(text);
    let line_of = |span: std::ops::Range<usize>| Some(lines.line(span.start));
    let raw: RawConfig = toml::from_str(text).map_err(|e: toml::de::Error| {
        let line = e.span().and_then(line_of);
        (line, e.message().trim().replace('\n', "; "))
    })?;
    let date = |value: &Spanned<toml::value::Datetime>, key: &str| {
        let d = value.get_ref();
        match (d.date, d.time) {
            (Some(date), None) => NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            )
            .ok_or_else(|| (line_of(value.span()), format!("{key}: not a calendar date"))),
            _ => Err((
                line_of(value.span()),
                format!("{key}: expected a date such as 2026-11-02, without a time"),
            )),
        }
    };
    let pace = |p: &Spanned<String>| match p.get_ref().as_str() {
        "min" => Ok(Pace::Min),
        "mid" => Ok(Pace::Mid),
        "max" => Ok(Pace::Max),
        other => Err((
            line_of(p.span()),
            format!("pace: `{other}` is not one of min, mid, max"),
        )),
    };
    let schedule = match raw.schedule {
        None => None,
        Some(s) => Some(ScheduleConfig {
            start: s.start.as_ref().map(|v| date(v, "start")).transpose()?,
            pace: s.pace.as_ref().map(pace).transpose()?.unwrap_or_default(),
        }),
    };
    let mut plan_settings = Vec::new();
    for p in raw.plan {
        let line = line_of(p.name.span()).unwrap_or(1);
        if p.name.get_ref().trim().is_empty() {
            return Err((Some(line), "plan: name is empty".into()));
        }
        plan_settings.push(PlanConfig {
            name: p.name.into_inner(),
            start: p.start.as_ref().map(|v| date(v, "start")).transpose()?,
            pace: p.pace.as_ref().map(pace).transpose()?,
            line,
        });
    }
    let mut milestones = Vec::new();
    for m in raw.milestone {
        let line = line_of(m.name.span());
        let name = m.name.into_inner();
        if name.trim().is_empty() {
            return Err((line, "milestone: name is empty".into()));
        }
        let (scope, scope_line) = match (m.through, m.section) {
            (Some(t), None) => (Scope::Through(t.get_ref().clone()), line_of(t.span())),
            (None, Some(s)) => (Scope::Section(s.get_ref().clone()), line_of(s.span())),
            (Some(_), Some(_)) => {
                return Err((
                    line,
                    format!("milestone `{name}`: give `through` or `section`, not both"),
                ));
            }
            (None, None) => {
                return Err((
                    line,
                    format!(
                        "milestone `{name}`: needs `through = \"SECTION\"` or `section = \"SECTION\"`"
                    ),
                ));
            }
        };
        milestones.push(MilestoneConfig {
            name,
            plan: m.plan,
            scope,
            due: m.due.as_ref().map(|v| date(v, "due")).transpose()?,
            line: scope_line.or(line).unwrap_or(1),
        });
    }
    Ok(Config {
        plans: raw.plans,
        stamp: raw.stamp,
        history: raw.history,
        schedule,
        milestones,
        plan_settings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_config_parses() {
        let c = parse("plans = [\"plans/*.md\"]\nstamp = true\nhistory = false\n").unwrap();
        assert_eq!(c.plans, Some(vec!["plans/*.md".to_string()]));
        assert_eq!(c.stamp, Some(true));
        assert_eq!(c.history, Some(false));
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn schedule_and_milestones_parse() {
        let text = "[schedule]\nstart = 2026-11-02\npace = \"mid\"\n\n[[milestone]]\nname = \"Базовые\"\nplan = \"go-backend\"\nthrough = \"Неделя 3\"\ndue = 2026-11-23\n";
        let c = parse(text).unwrap();
        let s = c.schedule.unwrap();
        assert_eq!(s.start, NaiveDate::from_ymd_opt(2026, 11, 2));
        assert_eq!(s.pace, Pace::Mid);
        assert_eq!(c.milestones[0].scope, Scope::Through("Неделя 3".into()));
        assert_eq!(c.milestones[0].line, 8);
        assert_eq!(c.milestones[0].due, NaiveDate::from_ymd_opt(2026, 11, 23));
    }

    #[test]
    fn bad_schedule_values_name_their_line() {
        let (line, m) = parse("[schedule]\nstart = 2026-02-30\n").unwrap_err();
        assert_eq!(line, Some(2), "{m}");
        let (line, m) = parse("[schedule]\npace = \"fast\"\n").unwrap_err();
        assert_eq!(line, Some(2));
        assert!(m.contains("min, mid, max"));
        let (line, _) = parse("[schedule]\nstart = 2026-11-02T10:00:00\n").unwrap_err();
        assert_eq!(line, Some(2));
        let (line, m) = parse("[[milestone]]\nname = \"x\"\n").unwrap_err();
        assert_eq!(line, Some(2));
        assert!(m.contains("through"));
        let (line, _) =
            parse("[[milestone]]\nname = \"x\"\nthrough = \"a\"\ncolor = 1\n").unwrap_err();
        assert_eq!(line, Some(4));
    }

    #[test]
    fn each_plan_can_have_its_own_start_and_pace() {
        let text = "[schedule]\nstart = 2026-11-02\n\n[[plan]]\nname = \"backend-roadmap\"\nstart = 2027-03-01\npace = \"max\"\n";
        let c = parse(text).unwrap();
        assert_eq!(
            c.plan_settings,
            [PlanConfig {
                name: "backend-roadmap".into(),
                start: NaiveDate::from_ymd_opt(2027, 3, 1),
                pace: Some(Pace::Max),
                line: 5,
            }]
        );
        let (line, m) = parse("[[plan]]\nname = \"x\"\npace = \"slow\"\n").unwrap_err();
        assert_eq!(line, Some(3), "{m}");
        let (line, _) = parse("[[plan]]\nname = \"x\"\nstrat = 2026-01-01\n").unwrap_err();
        assert_eq!(line, Some(3));
    }

    #[test]
    fn bad_values_name_their_line() {
        let (line, message) = parse("\n\nstamp = \"yes\"\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(message.contains("bool"), "{message}");
        let (line, _) = parse("plans = [\n").unwrap_err();
        assert!(line.is_some());
    }
}
