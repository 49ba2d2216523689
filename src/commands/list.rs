//! `roadmap list`: every task under its headings, filtered by status and section.

use std::io::Write;

use crate::cli::{ListArgs, StatusFilter, TaskFormat};
use crate::context::Context;
use crate::error::{Error, Outcome};
use crate::plan::Status;
use crate::render;
use crate::view::{self, Filter};

/// Runs `list`.
pub fn run(ctx: &Context, args: &ListArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let plans = ctx.plans()?;
    let filter = match args.status {
        StatusFilter::Todo => Filter::Is(Status::Todo),
        StatusFilter::Done => Filter::Is(Status::Done),
        StatusFilter::Doing => Filter::Is(Status::Doing),
        StatusFilter::Skipped => Filter::Is(Status::Skipped),
        StatusFilter::Open => Filter::Open,
        StatusFilter::All => Filter::All,
    };
    let shown = view::list(plans, filter, args.section.as_deref());
    let schedules = ctx.schedules(plans);
    // The clock is read only when a schedule needs it.
    let today = schedules.iter().flatten().next().map(|_| ctx.today());
    match args.format {
        TaskFormat::Text => {
            render::text::list(out, &ctx.look, plans, &shown, &schedules, today, true)?
        }
        TaskFormat::Json => render::json::tasks(out, plans, &shown, &schedules)?,
        TaskFormat::Plain => render::plain::tasks(out, plans, &shown)?,
    }
    Ok(Outcome::Success)
}
