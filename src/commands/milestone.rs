//! `roadmap milestone [NAME]`: every milestone and where it stands, or the tasks left
//! in one. `--fail-on` turns a state into exit 1 for CI.

use std::io::Write;

use serde::Serialize;

use crate::cli::{FailOn, MilestoneArgs, MilestoneFormat};
use crate::context::Context;
use crate::error::{Error, Outcome};
use crate::milestone::State;
use crate::plan::TaskRef;
use crate::render;
use crate::report::{self, MilestoneReport};

/// Runs `milestone`.
pub fn run(ctx: &Context, args: &MilestoneArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let plans = ctx.load_plans()?;
    let schedules = ctx.schedules(&plans);
    // The clock is read only when a schedule needs it.
    let today = schedules.iter().flatten().next().map(|_| ctx.today());
    let milestones = ctx.milestones(&plans, &schedules)?;
    let reports = report::milestones(&milestones, &plans, &schedules, ctx.today());

    let failing = |m: &MilestoneReport| match args.fail_on {
        Some(FailOn::Overdue) => m.status == State::Overdue,
        Some(FailOn::Behind) => matches!(m.status, State::Overdue | State::Behind),
        None => false,
    };

    let Some(name) = &args.name else {
        match args.format {
            MilestoneFormat::Text => render::text::milestones(out, &ctx.look, &reports)?,
            MilestoneFormat::Json => render::json::value(out, &reports)?,
            MilestoneFormat::Markdown => render::markdown::milestones(out, &reports)?,
        }
        return Ok(if reports.iter().any(failing) {
            Outcome::Negative
        } else {
            Outcome::Success
        });
    };

    // A name is a selector over milestone names, as text is over tasks.
    let needle = name.trim().to_lowercase();
    if needle.is_empty() {
        return Err(Error::EmptySelector);
    }
    let matches: Vec<usize> = (0..reports.len())
        .filter(|&i| reports[i].name.to_lowercase().contains(&needle))
        .collect();
    let exact: Vec<usize> = matches
        .iter()
        .copied()
        .filter(|&i| reports[i].name.to_lowercase() == needle)
        .collect();
    let chosen = match (matches.as_slice(), exact.as_slice()) {
        ([one], _) | (_, [one]) => *one,
        ([], _) => {
            return Err(Error::NoMilestone {
                name: name.clone(),
                known: reports.iter().map(|m| m.name.clone()).collect(),
            });
        }
        (many, _) => {
            return Err(Error::AmbiguousMilestone {
                name: name.clone(),
                candidates: many
                    .iter()
                    .map(|&i| {
                        format!(
                            "{} ({}, {})",
                            reports[i].name,
                            reports[i].plan,
                            reports[i].status.words()
                        )
                    })
                    .collect(),
            });
        }
    };
    let milestone = &milestones[chosen];
    let left: Vec<TaskRef> = milestone
        .tasks
        .iter()
        .copied()
        .filter(|&t| plans[milestone.plan].tasks[t].status.is_open())
        .map(|t| TaskRef {
            plan: milestone.plan,
            task: t,
        })
        .collect();
    match args.format {
        MilestoneFormat::Text => {
            render::text::milestones(out, &ctx.look, std::slice::from_ref(&reports[chosen]))?;
            writeln!(out)?;
            if left.is_empty() {
                writeln!(out, "nothing left")?;
            } else {
                render::text::list(out, &ctx.look, &plans, &left, &schedules, today, false)?;
            }
        }
        MilestoneFormat::Json => {
            #[derive(Serialize)]
            struct Detail<'a> {
                #[serde(flatten)]
                milestone: &'a MilestoneReport,
                left: Box<serde_json::value::RawValue>,
            }
            let detail = Detail {
                milestone: &reports[chosen],
                left: render::json::embedded(&plans, &left, &schedules)?,
            };
            render::json::value(out, &detail)?;
        }
        MilestoneFormat::Markdown => {
            render::markdown::milestones(out, std::slice::from_ref(&reports[chosen]))?;
            for r in &left {
                let task = &plans[r.plan].tasks[r.task];
                writeln!(
                    out,
                    "- [ ] {} ({})",
                    render::markdown::text(&task.text),
                    render::markdown::code(task.id.as_str())
                )?;
            }
            writeln!(out)?;
        }
    }
    Ok(if failing(&reports[chosen]) {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}
