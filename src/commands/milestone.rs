//! `roadmap milestone [NAME]`: every milestone and where it stands, or the tasks left
//! in one. `--fail-on` turns a state into exit 1 for CI.

use std::io::Write;

use serde::Serialize;

use crate::cli::{FailOn, MilestoneArgs, MilestoneFormat};
use crate::context::Context;
use crate::error::{Error, Outcome};
use crate::milestone::Milestone;
use crate::milestone::State;
use crate::plan::{Plan, TaskRef};
use crate::render;
use crate::report::{self, MilestoneReport};
use crate::schedule::Schedule;

/// Runs `milestone`.
pub fn run(ctx: &Context, args: &MilestoneArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let plans = ctx.plans()?;
    let schedules = ctx.schedules(plans);
    let milestones = ctx.milestones(plans, &schedules)?;
    let reports = report::milestones(&milestones, plans, &schedules, ctx.today());
    let failing = |m: &MilestoneReport| match args.fail_on {
        Some(FailOn::Overdue) => m.status == State::Overdue,
        Some(FailOn::Behind) => matches!(m.status, State::Overdue | State::Behind),
        None => false,
    };
    let shown: &[MilestoneReport] = match &args.name {
        None => {
            match args.format {
                MilestoneFormat::Text => render::text::milestones(out, &ctx.look, &reports)?,
                MilestoneFormat::Json => render::json::value(out, &reports)?,
                MilestoneFormat::Markdown => render::markdown::milestones(out, &reports)?,
            }
            &reports
        }
        Some(name) => {
            let chosen = choose(&reports, name)?;
            let one = One {
                ctx,
                plans,
                schedules: &schedules,
                milestone: &milestones[chosen],
                report: &reports[chosen],
            };
            one.render(out, args.format)?;
            std::slice::from_ref(&reports[chosen])
        }
    };
    Ok(if shown.iter().any(failing) {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

/// The milestone `name` names: a selector over milestone names, as text is over
/// tasks (a part of the name, any case; a whole name wins over longer ones).
fn choose(reports: &[MilestoneReport], name: &str) -> Result<usize, Error> {
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
    match (matches.as_slice(), exact.as_slice()) {
        ([one], _) | (_, [one]) => Ok(*one),
        ([], _) => Err(Error::NoMilestone {
            name: name.to_string(),
            known: reports.iter().map(|m| m.name.clone()).collect(),
        }),
        (many, _) => Err(Error::AmbiguousMilestone {
            name: name.to_string(),
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
        }),
    }
}

/// One milestone asked for by name, and what it is shown with.
struct One<'a> {
    ctx: &'a Context,
    plans: &'a [Plan],
    schedules: &'a [Option<Schedule>],
    milestone: &'a Milestone,
    report: &'a MilestoneReport,
}

impl One<'_> {
    /// Writes the milestone's line and the tasks left in it.
    fn render(&self, out: &mut dyn Write, format: MilestoneFormat) -> Result<(), Error> {
        let (ctx, plans, schedules, milestone) =
            (self.ctx, self.plans, self.schedules, self.milestone);
        // The clock is read only when a schedule needs it.
        let today = schedules.iter().flatten().next().map(|_| ctx.today());
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
        match format {
            MilestoneFormat::Text => {
                render::text::milestones(out, &ctx.look, std::slice::from_ref(self.report))?;
                writeln!(out)?;
                if left.is_empty() {
                    writeln!(out, "nothing left")?;
                } else {
                    render::text::list(out, &ctx.look, plans, &left, schedules, today, false)?;
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
                    milestone: self.report,
                    left: render::json::embedded(plans, &left, schedules)?,
                };
                render::json::value(out, &detail)?;
            }
            MilestoneFormat::Markdown => {
                render::markdown::milestones(out, std::slice::from_ref(self.report))?;
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
        Ok(())
    }
}
