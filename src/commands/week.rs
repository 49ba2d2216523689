//! `roadmap week`: the week in review, in text, Markdown or JSON.

use std::io::Write;

use serde::Serialize;

use crate::cli::{WeekArgs, WeekFormat};
use crate::context::{self, Context};
use crate::error::{Error, Outcome};
use crate::progress::Pace;
use crate::render;
use crate::week;

/// Runs `week`.
pub fn run(ctx: &Context, args: &WeekArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let today = ctx.today();
    let since = match &args.since {
        Some(text) => context::parse_date(text).ok_or_else(|| Error::Usage {
            message: format!("--since {text}: not a date (expected YYYY-MM-DD)"),
        })?,
        None => crate::schedule::shift(today, -6).unwrap_or(today),
    };
    if since > today {
        return Err(Error::Usage {
            message: format!("--since {since}: after today ({today})"),
        });
    }
    let plans = ctx.plans()?;
    let schedules = ctx.schedules(plans);
    let review = week::review(plans, &schedules, since, today);
    match args.format {
        WeekFormat::Text => render::text::week(out, &ctx.look, plans, &schedules, &review)?,
        WeekFormat::Markdown => render::markdown::week(out, plans, &schedules, &review)?,
        WeekFormat::Json => {
            #[derive(Serialize)]
            struct Counts {
                done: usize,
                in_progress: usize,
                due: usize,
                overdue: usize,
                next: usize,
            }
            #[derive(Serialize)]
            struct PlanPace<'a> {
                plan: String,
                #[serde(flatten)]
                pace: &'a Pace,
            }
            #[derive(Serialize)]
            struct WeekJson<'a> {
                since: chrono::NaiveDate,
                until: chrono::NaiveDate,
                #[serde(flatten)]
                study: &'a crate::streak::Streak,
                counts: Counts,
                pace: Vec<PlanPace<'a>>,
                done: Box<serde_json::value::RawValue>,
                in_progress: Box<serde_json::value::RawValue>,
                due: Box<serde_json::value::RawValue>,
                overdue: Box<serde_json::value::RawValue>,
                next: Box<serde_json::value::RawValue>,
            }
            let list =
                |refs: &[crate::plan::TaskRef]| render::json::embedded(plans, refs, &schedules);
            let json = WeekJson {
                since,
                until: today,
                study: &review.study,
                counts: Counts {
                    done: review.done.len(),
                    in_progress: review.in_progress.len(),
                    due: review.due.len(),
                    overdue: review.overdue.len(),
                    next: review.next.len(),
                },
                pace: plans
                    .iter()
                    .zip(&review.paces)
                    .map(|(p, pace)| PlanPace {
                        plan: crate::escape::path(&p.path),
                        pace,
                    })
                    .collect(),
                done: list(&review.done)?,
                in_progress: list(&review.in_progress)?,
                due: list(&review.due)?,
                overdue: list(&review.overdue)?,
                next: list(&review.next)?,
            };
            render::json::value(out, &json)?;
        }
    }
    Ok(Outcome::Success)
}
