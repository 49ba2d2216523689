//! `roadmap report`: progress per plan and per section, in four formats.

use std::io::Write;

use crate::cli::{ReportArgs, ReportFormat};
use crate::context::Context;
use crate::error::{Error, Outcome};
use crate::render;
use crate::report;

/// Runs `report`.
pub fn run(ctx: &Context, args: &ReportArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let plans = ctx.load_plans()?;
    let schedules = ctx.schedules(&plans);
    let pace = ctx.settings().schedule.map(|s| s.pace).unwrap_or_default();
    let depth = usize::try_from(args.depth).unwrap_or(1);
    let built = report::report(&plans, &schedules, pace, ctx.today(), depth);

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
        ReportFormat::Html => {
            let milestones = ctx.milestones(&plans, &schedules)?;
            let milestones = report::milestones(&milestones, &plans, &schedules, ctx.today());
            render::html::report(sink, &built, &milestones)?
        }
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
