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
use crate::files;
use crate::plan::Plan;
use crate::render;
use crate::report::{self, PlanReport, Report};

/// Runs `report`.
pub fn run(ctx: &Context, args: &ReportArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let depth = usize::try_from(args.depth).unwrap_or(1);
    let today = ctx.today();
    let settings = ctx.settings();

    if let Some(output) = &args.output {
        refuse_to_overwrite_inputs(ctx, output)?;
    }
    let mut built;
    let mut milestones = Vec::new();
    // Whether a row shown may carry a link: only then are the plans read again.
    let linking;
    if args.format == ReportFormat::Html {
        // The page shows milestones too, which need every plan at once.
        let (plans, _) = ctx.plans_and_refs()?;
        let schedules = ctx.schedules(plans);
        built = report::report(plans, &schedules, today, depth);
        let list = ctx.milestones(plans, &schedules)?;
        milestones = report::milestones(&list, plans, &schedules, today);
        linking = true;
    } else {
        let paths = ctx.plan_paths()?;
        let summarise = |path: &PlanPath| -> Result<(PlanReport, bool), Error> {
            context::look_at(path, |text| {
                let lines = crate::plan::mark_lines(text);
                let text = if could_hold_anything(text.as_bytes()) {
                    text
                } else {
                    ""
                };
                let plan = Plan::parse_for_counts(path.shown.clone(), text);
                let schedule = context::schedule_of(&settings, &plan);
                let summary = report::plan_report(&plan, schedule.as_ref(), today, depth);
                let rows: Vec<usize> = summary.sections.iter().map(|s| s.index).collect();
                let links = crate::links::may_belong(&plan, &lines, &rows);
                (summary, links)
            })
        };
        let summaries = crate::parallel::map(&paths, context::PLANS_IN_PARALLEL, summarise)
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?;
        linking = summaries.iter().any(|(_, links)| *links);
        built = Report {
            today,
            plans: summaries.into_iter().map(|(summary, _)| summary).collect(),
        };
    }
    if linking {
        // Linked progress needs every plan whole: read them again, only now.
        let (plans, refs) = ctx.plans_and_refs()?;
        let schedules = ctx.schedules(plans);
        if args.format != ReportFormat::Html {
            built = report::report(plans, &schedules, today, depth);
        }
        let resolved = crate::links::resolve(plans, refs);
        crate::links::attach(&mut built, plans, &resolved);
        if args.format == ReportFormat::Json {
            linked_next_json(&mut built, plans, &schedules)?;
        }
    }

    let mut buffer = Vec::new();
    // A file gets no colours and no cut to the terminal's width.
    let (sink, look): (&mut dyn Write, _) = if args.output.is_some() {
        (&mut buffer, crate::render::style::Look::default())
    } else {
        (out, ctx.look)
    };
    match args.format {
        ReportFormat::Text => render::text::report(sink, &look, &built)?,
        ReportFormat::Json => render::json::value(sink, &built)?,
        ReportFormat::Markdown => render::markdown::report(sink, &built)?,
        ReportFormat::Html => render::html::report(sink, &built, &milestones)?,
    }
    if let Some(path) = &args.output {
        files::create(&ctx.absolute(path), path, &buffer, files::Create::Output)?;
    }
    Ok(Outcome::Success)
}

/// Writes each link's next task in the task JSON shape.
fn linked_next_json(
    built: &mut Report,
    plans: &[Plan],
    schedules: &[Option<crate::schedule::Schedule>],
) -> Result<(), Error> {
    for row in built.plans.iter_mut().flat_map(|p| p.sections.iter_mut()) {
        for link in &mut row.links {
            if let Some(task) = link.next_task {
                link.next = Some(render::json::one(plans, task, schedules)?);
            }
        }
    }
    Ok(())
}

/// Refuses an output file that is one of the plans the report reads, or the
/// config: `-o plans/go-backend.md` would replace the plan with its own report.
fn refuse_to_overwrite_inputs(ctx: &Context, output: &std::path::Path) -> Result<(), Error> {
    let Some(out) = std::fs::metadata(ctx.absolute(output))
        .ok()
        .as_ref()
        .and_then(files::inode)
    else {
        return Ok(());
    };
    let same = |path: &std::path::Path| {
        std::fs::metadata(path).ok().as_ref().and_then(files::inode) == Some(out)
    };
    // Every plan the setup knows, not only those --plan chose.
    let mut plans = ctx.plan_paths()?;
    plans.extend(ctx.configured_plan_paths().unwrap_or_default());
    let input = plans
        .into_iter()
        .find(|p| same(&p.real))
        .map(|p| ("a plan", p.shown))
        .or_else(|| {
            let found = ctx.config.as_ref()?;
            same(&ctx.absolute(&found.path)).then(|| ("the config", found.path.clone()))
        });
    match input {
        Some((what, path)) => Err(Error::WriteRefused {
            path: output.to_path_buf(),
            reason: format!(
                "it is {what} ({}); write the report to another file",
                crate::escape::path(&path)
            ),
        }),
        None => Ok(()),
    }
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
