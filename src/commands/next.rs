//! `roadmap next`: what to study now, per plan. Exit 1 when nothing is left.

use std::io::Write;

use crate::cli::{NextArgs, TaskFormat};
use crate::context::{self, Context};
use crate::error::{Error, Outcome};
use crate::render;
use crate::view;

/// Runs `next`.
pub fn run(
    ctx: &Context,
    args: &NextArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let plans = ctx.load_plans()?;
    let count = usize::try_from(args.count).unwrap_or(usize::MAX);
    let section = args.section.as_deref();
    let shown = view::next(&plans, count, section);
    let finished: Vec<usize> = (0..plans.len())
        .filter(|&p| shown.iter().all(|r| r.plan != p))
        .collect();
    let schedules = ctx.schedules(&plans);
    // The clock is read only when a schedule needs it.
    let today = schedules.iter().flatten().next().map(|_| ctx.today());
    match args.format {
        TaskFormat::Text if !shown.is_empty() => {
            render::text::next(out, &ctx.look, &plans, &shown, &finished, &schedules, today)?
        }
        TaskFormat::Text => {}
        TaskFormat::Json => render::json::tasks(out, &plans, &shown, &schedules)?,
        TaskFormat::Plain => render::plain::tasks(out, &plans, &shown)?,
    }
    let outcome = if shown.is_empty() {
        let scope = match section {
            Some(s) => format!(" under sections matching `{s}`"),
            None => String::new(),
        };
        let total: usize = plans.iter().map(|p| p.tasks.len()).sum();
        writeln!(
            err,
            "roadmap: nothing left to study{scope} ({total} task{} in {} plan{})",
            if total == 1 { "" } else { "s" },
            plans.len(),
            if plans.len() == 1 { "" } else { "s" }
        )?;
        Outcome::Negative
    } else {
        Outcome::Success
    };
    context::release(plans);
    Ok(outcome)
}
