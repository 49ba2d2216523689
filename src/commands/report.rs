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
    if let Some(output) = &args.output {
        refuse_to_overwrite_inputs(ctx, output)?;
    }
    let mut built;
    let mut milestones = Vec::new();
    if args.format == ReportFormat::Html {
        // The page shows milestones too, which need every plan at once, whole.
        let (plans, refs) = ctx.plans_and_refs()?;
        let schedules = ctx.schedules(plans);
        built = report::report(plans, &schedules, today, depth);
        let list = ctx.milestones(plans, &schedules)?;
        milestones = report::milestones(&list, plans, &schedules, today);
        let resolved = crate::links::resolve(plans, refs);
        crate::links::attach(&mut built, plans, &resolved);
    } else {
        built = summarised(ctx, today, depth, args.format)?;
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

/// The report made plan by plan, each plan read, summarised and let go (with what
/// links need of it kept), then links joined to the rows they belong to.
fn summarised(
    ctx: &Context,
    today: chrono::NaiveDate,
    depth: usize,
    format: ReportFormat,
) -> Result<Report, Error> {
    let settings = ctx.settings();
    let paths = ctx.plan_paths()?;
    let history = ctx.history;
    let work_trees = crate::history::WorkTrees::default();
    let summarise = |path: &PlanPath| -> Result<Summarised, Error> {
        context::look_at(path, |text| {
            let text = if could_hold_anything(text.as_bytes()) {
                text
            } else {
                ""
            };
            let mut plan = Plan::parse_for_counts(path.shown.clone(), text);
            plan.name = path.name.clone();
            if history && crate::history::wants(&plan) && work_trees.may_have_history(&path.real) {
                // Following tasks through history takes their text: the plan read
                // whole, its dates given to the counting one (the same tasks).
                let whole = Plan::parse_named(path.shown.clone(), &path.name, text);
                let found = crate::history::infer(&whole, &path.real, today);
                crate::history::apply(&mut plan, &found);
            }
            let schedule = context::schedule_of(&settings, &plan);
            let summary = report::plan_report(&plan, schedule.as_ref(), today, depth);
            // What links need of a plan, without its tasks (a vault's plans are
            // never all in memory): its names and sections, and only the links
            // that belong to a row shown, with the section each belongs to.
            let rows: std::collections::HashSet<usize> =
                summary.sections.iter().map(|s| s.index).collect();
            let holding = plan.holding();
            let marks: Vec<crate::plan::LinkMark> = plan
                .link_marks
                .iter()
                .filter(|m| {
                    crate::links::home(&plan, &holding, m.line, m.in_list)
                        .is_some_and(|h| rows.contains(&h))
                })
                .copied()
                .collect();
            let refs = crate::plan::Refs::of(text, &marks);
            let homes = crate::links::homes(&plan, &holding, &refs);
            plan.tasks = Vec::new();
            plan.link_marks = Vec::new();
            // A plan no shown link starts from is only a name a link may give
            // (its title): the sections of one a link reaches are read again.
            if marks.is_empty() {
                plan.sections = plan.title().cloned().into_iter().collect();
            }
            Summarised {
                summary,
                sections_only: plan,
                homes,
                refs,
            }
        })
    };
    let summaries = crate::parallel::map(&paths, context::PLANS_IN_PARALLEL, summarise)
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    let linking = summaries.iter().any(|s| !s.refs.links.is_empty());
    let mut plans = Vec::with_capacity(summaries.len());
    let mut refs = Vec::with_capacity(summaries.len());
    let mut homes = Vec::with_capacity(summaries.len());
    let mut summarised = Vec::with_capacity(summaries.len());
    for s in summaries {
        summarised.push(s.summary);
        plans.push(s.sections_only);
        homes.push(s.homes);
        refs.push(s.refs);
    }
    let mut built = Report::new(today, summarised);
    if linking {
        let found = Found { plans, refs, homes };
        link_rows(ctx, &mut built, &paths, found, format)?;
    }
    Ok(built)
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

/// One plan's summary, and what its links need of it.
struct Summarised {
    summary: PlanReport,
    /// The plan with its sections and names but no tasks.
    sections_only: Plan,
    /// Which of its sections hold tasks.
    homes: Vec<Option<usize>>,
    /// Its aliases, and the links that belong to a row shown.
    refs: crate::plan::Refs,
}

/// Every plan as [`Summarised`] keeps it, for the links.
struct Found {
    plans: Vec<Plan>,
    refs: Vec<crate::plan::Refs>,
    homes: Vec<Vec<Option<usize>>>,
}

/// Puts each link's progress on the row it belongs to. `plans` hold sections and
/// too few tasks to count; only the plans links reach are read again, whole, to
/// count theirs.
fn link_rows(
    ctx: &Context,
    built: &mut Report,
    paths: &[PlanPath],
    found: Found,
    format: ReportFormat,
) -> Result<(), Error> {
    let Found {
        mut plans,
        refs,
        homes,
    } = found;
    // Names first: the plans links reach, read again whole; then their sections.
    let named = crate::links::resolve_held(&plans, &refs, &homes, |_, _| true);
    let mut targets: Vec<usize> = named
        .iter()
        .filter(|l| l.plans.len() == 1)
        .flat_map(|l| l.plans.iter().copied())
        .collect();
    targets.sort_unstable();
    targets.dedup();
    let read = crate::parallel::map(&targets, context::PLANS_IN_PARALLEL, |&t| {
        let path = &paths[t];
        context::look_at(path, |text| {
            Plan::parse_named(path.shown.clone(), &path.name, text)
        })
    });
    for (&t, plan) in targets.iter().zip(read) {
        plans[t] = plan?;
    }
    let resolved = crate::links::resolve_held(&plans, &refs, &homes, |_, _| true);
    crate::links::attach(built, &plans, &resolved);
    if format == ReportFormat::Json {
        let schedules = ctx.schedules(&plans);
        linked_next_json(built, &plans, &schedules)?;
    }
    ctx.keep_until_exit(plans);
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
