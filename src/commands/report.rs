//! `roadmap report`: progress per plan and per section, in four formats.
//!
//! Plans are read, parsed and summarised in parallel, one plan at a time per thread
//! into a buffer the thread keeps, and dropped as soon as their summary is made, so
//! a vault of thousands of plans never sits in memory at once. A file that cannot
//! hold a task or a title (none of the boxes `[ ]`, `[x]`, `[X]`, `[/]`, `[-]` and
//! no `#` or `=`) is not parsed: its summary is known to be empty.

use std::io::Write;

use crate::cli::{ReportArgs, ReportFormat};
use crate::context::{self, Context};
use crate::discover::PlanPath;
use crate::error::{Error, Outcome};
use crate::plan::Plan;
use crate::render;
use crate::report::{self, PlanReport, Report};
use crate::schedule::Schedule;

/// Runs `report`.
pub fn run(ctx: &Context, args: &ReportArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let depth = usize::try_from(args.depth).unwrap_or(1);
    let settings = ctx.settings();
    let pace = settings
        .schedule
        .as_ref()
        .map(|s| s.pace)
        .unwrap_or_default();
    let start = settings.schedule.as_ref().and_then(|s| s.start);
    let today = ctx.today();

    let built;
    let mut milestones = Vec::new();
    if args.format == ReportFormat::Html {
        // The page shows milestones too, which need every plan at once.
        let plans = ctx.load_plans()?;
        let schedules = ctx.schedules(&plans);
        built = report::report(&plans, &schedules, pace, today, depth);
        let list = ctx.milestones(&plans, &schedules)?;
        milestones = report::milestones(&list, &plans, &schedules, today);
    } else {
        let paths = ctx.plan_paths()?;
        let summarise = |path: &PlanPath| -> Result<PlanReport, Error> {
            context::look_at(path, |text| {
                let text = if could_hold_anything(text.as_bytes()) {
                    text
                } else {
                    ""
                };
                let plan = Plan::parse_for_counts(path.shown.clone(), text);
                let schedule = start.map(|s| Schedule::build(&plan, s, pace));
                report::plan_report(&plan, schedule.as_ref(), pace, today, depth)
            })
        };
        built = Report {
            today,
            plans: crate::parallel::map(&paths, context::PLANS_IN_PARALLEL, summarise)
                .into_iter()
                .collect::<Result<_, _>>()?,
        };
    }

    let mut buffer = Vec::new();
    let sink: &mut dyn Write = if args.output.is_some() {
        &mut buffer
    } else {
        out
    };
    match args.format {
        ReportFormat::Text => render::text::report(sink, &ctx.look, &built)?,
        ReportFormat::Json => render::json::value(sink, &built)?,
        ReportFormat::Markdown => render::markdown::report(sink, &built)?,
        ReportFormat::Html => render::html::report(sink, &built, &milestones)?,
    }
    if let Some(path) = &args.output {
        std::fs::write(ctx.absolute(path), &buffer).map_err(|source| Error::Io {
            path: path.clone(),
            action: "cannot write",
            source,
        })?;
    }
    Ok(Outcome::Success)
}

/// Whether a file may hold a task or a title; when not, parsing it is provably
/// useless for a report.
fn could_hold_anything(bytes: &[u8]) -> bool {
    let boxes = memchr::memchr_iter(b'[', bytes).any(|i| {
        matches!(bytes.get(i + 1), Some(b' ' | b'x' | b'X' | b'/' | b'-'))
            && bytes.get(i + 2) == Some(&b']')
    });
    boxes || memchr::memchr2(b'#', b'=', bytes).is_some()
}
