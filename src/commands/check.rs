//! `roadmap check`: change task statuses in the plan files, one write per file.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use crate::cli::CheckArgs;
use crate::context::{self, Context};
use crate::discover::PlanPath;
use crate::edit;
use crate::error::{Error, Outcome};
use crate::files;
use crate::plan::{Plan, Status, TaskRef};
use crate::render;
use crate::selector::Selector;
use crate::view;

/// Runs `check`.
pub fn run(
    ctx: &Context,
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    // With no selector a person at a terminal picks; a script gets an error.
    if args.selectors.is_empty() && !ctx.interactive {
        return Err(Error::NoSelector);
    }
    let selectors = args
        .selectors
        .iter()
        .map(|s| Selector::parse(s))
        .collect::<Result<Vec<_>, _>>()?;

    let mut paths = ctx.plan_paths()?;
    // `FILE:LINE` may name a Markdown file outside the configured plans.
    for selector in &selectors {
        if let Some((file, _)) = selector.location() {
            let real = ctx.absolute(file.as_ref());
            let known = paths.iter().any(|p| {
                p.real == real
                    || files::plan_dir(&p.real) == files::plan_dir(&real)
                        && p.real.file_name() == real.file_name()
            });
            if !known && real.is_file() {
                paths.push(PlanPath {
                    real,
                    shown: file.into(),
                });
            }
        }
    }

    // Hold every plan directory's lock from reading to writing, so that concurrent
    // `roadmap check` runs never lose each other's updates.
    let locks: BTreeMap<_, _> = if args.dry_run {
        BTreeMap::new()
    } else {
        let dirs: BTreeSet<_> = paths.iter().map(|p| files::plan_dir(&p.real)).collect();
        dirs.into_iter()
            .map(|d| files::lock_dir(&d).map(|lock| (d, lock)))
            .collect::<Result<_, _>>()?
    };

    // The files' bytes stay here, lent as text to the parse, the edit and the write.
    let (snapshots, bytes): (Vec<_>, Vec<_>) =
        crate::parallel::map(&paths, context::PLANS_IN_PARALLEL, |p| {
            files::read(&p.real, &p.shown)
        })
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .unzip();
    let texts = paths
        .iter()
        .zip(&bytes)
        .map(|(p, b)| Ok((p, files::text(&p.shown, b)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    let plans = crate::parallel::map(&texts, context::PLANS_IN_PARALLEL, |(p, text)| {
        Plan::parse_to_look(p.shown.clone(), text)
    });

    let mut hits = crate::selector::resolve_all(&selectors, &plans, &ctx.cwd, args.all)?;
    if selectors.is_empty() {
        match pick(&plans)? {
            Some(hit) => hits.insert(hit),
            None => return Ok(Outcome::Negative),
        };
    }

    let to = if args.undo {
        Status::Todo
    } else if args.start {
        Status::Doing
    } else if args.skip {
        Status::Skipped
    } else {
        Status::Done
    };
    let stamping = if args.stamp {
        true
    } else if args.no_stamp {
        false
    } else {
        ctx.settings().stamp.unwrap_or(false)
    };
    let stamp = stamping
        .then(|| edit::stamp_date(ctx.today()))
        .transpose()?;

    let mut by_plan: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for hit in &hits {
        by_plan.entry(hit.plan).or_default().push(hit.task);
    }
    for (p, tasks) in by_plan {
        let plan = &plans[p];
        let mut splices = Vec::new();
        let mut changed = Vec::new();
        let mut verifying = false;
        for &t in &tasks {
            let task = &plan.tasks[t];
            let more = edit::set_status(task, to, stamp);
            if more.is_empty() {
                let note: &mut dyn Write = if args.dry_run { &mut *err } else { &mut *out };
                render::text::unchanged(note, plan, task)?;
            } else {
                verifying |= edit::needs_verifying(task, to, &more);
                let stamped = more.iter().any(|s| s.range.is_empty());
                changed.push((t, stamped));
                splices.extend(more);
            }
        }
        if splices.is_empty() {
            continue;
        }
        let text = texts[p].1;
        let new = edit::apply(text, &splices);
        if verifying {
            let after = Plan::parse_to_look(plan.path.clone(), &new);
            let changes: Vec<(usize, Status)> = changed.iter().map(|&(t, _)| (t, to)).collect();
            if let Err(line) = edit::verify(plan, &after, &changes) {
                return Err(Error::WriteRefused {
                    path: plan.path.clone(),
                    reason: format!(
                        "line {line}: after this change Markdown would no longer read it as the \
                         same task ({} is read differently from {} there); edit it by hand",
                        to.mark(),
                        plan.tasks[changed[0].0].status.mark()
                    ),
                });
            }
        }
        if args.dry_run {
            render::diff::unified(out, &plan.path, &ctx.cwd, text, &new)?;
            continue;
        }
        let Some(lock) = locks.get(&files::plan_dir(&snapshots[p].real)) else {
            return Err(Error::WriteRefused {
                path: plan.path.clone(),
                reason: "its directory is not locked".into(),
            });
        };
        files::write(&snapshots[p], text, &new, lock)?;
        for (t, stamped) in changed {
            render::text::changed(out, &ctx.look, plan, &plan.tasks[t], to, stamped)?;
        }
    }
    context::release(plans);
    Ok(Outcome::Success)
}

/// Lets a person pick one of the open tasks of each plan's current stage (the stage
/// of its next task), with fuzzy search. `None` when they cancel with Esc.
fn pick(plans: &[Plan]) -> Result<Option<TaskRef>, Error> {
    let mut choices: Vec<TaskRef> = Vec::new();
    for next in view::next(plans, 1, None) {
        let plan = &plans[next.plan];
        let stages = view::stages(plan);
        let current = view::stage_of(plan, &stages, &plan.tasks[next.task]);
        for (t, task) in plan.tasks.iter().enumerate() {
            if task.status.is_open() && view::stage_of(plan, &stages, task) == current {
                choices.push(TaskRef {
                    plan: next.plan,
                    task: t,
                });
            }
        }
    }
    if choices.is_empty() {
        return Err(Error::NothingOpen);
    }
    let items: Vec<String> = choices
        .iter()
        .map(|r| {
            let plan = &plans[r.plan];
            let task = &plan.tasks[r.task];
            format!(
                "{} {}  · {}",
                task.status.mark(),
                render::sanitize(&task.text),
                plan.stem()
            )
        })
        .collect();
    dialoguer::FuzzySelect::new()
        .with_prompt("Mark done (type to search, Enter to choose, Esc to cancel)")
        .items(&items)
        .default(0)
        .max_length(15)
        .interact_opt()
        .map(|picked| picked.and_then(|i| choices.get(i).copied()))
        .map_err(|e| Error::Usage {
            message: format!("cannot ask at the terminal: {e}"),
        })
}
