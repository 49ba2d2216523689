//! `roadmap next`: what to study now, per plan. Exit 1 when nothing is left.

use std::io::Write;

use crate::cli::{NextArgs, NextOrder, TaskFormat};
use crate::context::Context;
use crate::error::{Error, Outcome};
use crate::links;
use crate::plan::{Plan, Refs};
use crate::prerequisites::Passed;
use crate::render;
use crate::view;

/// Runs `next`.
pub fn run(
    ctx: &Context,
    args: &NextArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    // Text and JSON show, with a task, the next task of a plan its section links to.
    let (plans, refs) = if args.format == TaskFormat::Plain {
        (ctx.plans()?, None)
    } else {
        let (plans, refs) = ctx.plans_and_refs()?;
        (plans, Some(refs))
    };
    let section = args.section.as_deref();
    let ask = view::NextAsk {
        count: usize::try_from(args.count).unwrap_or(usize::MAX),
        section,
        // The clock is read only when a task has a start date to compare.
        today: view::any_start_date(plans).then(|| ctx.today()),
        by_priority: args.by == NextOrder::Priority,
    };
    let view::Chosen { picks, waiting } = view::choose(plans, &ask);
    let shown: Vec<view::TaskRef> = picks.iter().map(|p| p.task).collect();
    let passed: Vec<&[(view::TaskRef, Passed)]> =
        picks.iter().map(|p| p.passed_over.as_slice()).collect();
    let explained = args.explain.then_some(passed.as_slice());
    let linked = refs.map_or_else(Vec::new, |refs| links_over(plans, refs, &shown));
    // With --section, a plan without such a section is not finished: it lacks it.
    let has_section = |p: usize| {
        section.is_none_or(|s| {
            plans[p]
                .tasks
                .iter()
                .any(|t| view::in_section(&plans[p], t, s))
        })
    };
    let missing: Vec<usize> = (0..plans.len()).filter(|&p| !has_section(p)).collect();
    if let Some(s) = section
        && missing.len() == plans.len()
    {
        return Err(Error::NoSection {
            section: s.to_string(),
            plans: plans.iter().map(|p| crate::escape::path(&p.path)).collect(),
        });
    }
    // A plan with nothing to show is finished, or its open tasks all wait.
    let waits = |p: usize| waiting.iter().filter(|(r, _)| r.plan == p).count();
    let (stuck, finished): (Vec<usize>, Vec<usize>) = (0..plans.len())
        .filter(|&p| has_section(p) && shown.iter().all(|r| r.plan != p))
        .partition(|&p| waits(p) > 0);
    let stuck: Vec<(usize, usize)> = stuck.into_iter().map(|p| (p, waits(p))).collect();
    let schedules = ctx.schedules(plans);
    // The clock is read only when a schedule needs it.
    let today = schedules.iter().flatten().next().map(|_| ctx.today());
    let joined = links::over_tasks(plans, &linked, &shown, ask.today);
    match args.format {
        TaskFormat::Text if !shown.is_empty() => {
            let over = joined
                .into_iter()
                .map(|list| {
                    let written = |j: &links::Joined| linked[j.link].written();
                    list.into_iter().map(|j| (written(&j), j)).collect()
                })
                .collect::<Vec<_>>();
            let view = render::text::NextView {
                shown: &shown,
                passed_over: explained,
                finished: &finished,
                stuck: &stuck,
                missing: section.map(|s| (missing.as_slice(), s)),
                linked: &over,
            };
            render::text::next(out, &ctx.look, plans, &view, &schedules, today)?
        }
        TaskFormat::Text => {}
        TaskFormat::Json => {
            let mut extra = Vec::with_capacity(shown.len());
            for (i, over) in joined.iter().enumerate() {
                let mut more = render::json::links_over(plans, &linked, over, &schedules)?;
                if let Some(passed) = explained.and_then(|p| p.get(i)) {
                    more.extend(render::json::passed_over(plans, passed)?);
                }
                extra.push(more);
            }
            render::json::tasks_with(out, plans, &shown, &schedules, &extra)?
        }
        TaskFormat::Plain => render::plain::tasks(out, plans, &shown)?,
    }
    let nothing = Nothing {
        shown: &shown,
        waiting: &waiting,
        section,
        explain: args.explain,
    };
    nothing.say(plans, err)
}

/// The links over the tasks shown, resolved: those of their sections and the
/// sections above them, of all a plan holds.
fn links_over(plans: &[Plan], refs: &[Refs], shown: &[view::TaskRef]) -> Vec<links::Link> {
    let over: std::collections::HashSet<(usize, Option<usize>)> = shown
        .iter()
        .flat_map(|r| {
            let plan = &plans[r.plan];
            let chain = std::iter::successors(Some(plan.tasks[r.task].section), |at| {
                at.map(|i| plan.sections.get(i).and_then(|s| s.parent))
            });
            chain.map(move |s| (r.plan, s))
        })
        .collect();
    links::resolve_where(plans, refs, |p, s| over.contains(&(p, s)))
}

/// What `next` says on stderr when it shows nothing, and its outcome.
struct Nothing<'a> {
    shown: &'a [view::TaskRef],
    waiting: &'a [(view::TaskRef, Passed)],
    section: Option<&'a str>,
    explain: bool,
}

impl Nothing<'_> {
    fn say(&self, plans: &[Plan], err: &mut dyn Write) -> Result<Outcome, Error> {
        let Nothing {
            shown,
            waiting,
            section,
            explain,
        } = *self;
        let outcome = if shown.is_empty() && !waiting.is_empty() {
            writeln!(
                err,
                "roadmap: nothing to start now: {} for a start date or another task \
                 (next --explain says which)",
                render::text::count(waiting.len(), "task waits", "tasks wait")
            )?;
            if explain {
                for (r, why) in waiting {
                    let task = &plans[r.plan].tasks[r.task];
                    writeln!(
                        err,
                        "  {} {}: {}",
                        render::sanitize(task.id.as_str()),
                        render::sanitize(&task.text),
                        why.reason()
                    )?;
                }
            }
            Outcome::Negative
        } else if shown.is_empty() {
            let scope = match section {
                Some(s) => format!(" under sections matching `{s}`"),
                None => String::new(),
            };
            let total: usize = plans.iter().map(|p| p.tasks.len()).sum();
            writeln!(
                err,
                "roadmap: nothing left to study{scope} ({} in {})",
                render::text::count(total, "task", "tasks"),
                render::text::count(plans.len(), "plan", "plans")
            )?;
            Outcome::Negative
        } else {
            Outcome::Success
        };
        Ok(outcome)
    }
}
