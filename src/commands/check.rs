//! `roadmap check`: change task statuses in the plan files, one write per file.
//!
//! The path of one run: selectors are read (`FILE:LINE` finds its file first), every
//! plan is read and parsed without locks, and the selectors (or the person at the
//! terminal, picking) name the tasks. Only then are the folders of the plans to be
//! written locked, those plans read again and, if another `roadmap` changed them
//! meanwhile, everything is resolved again on what they hold now. Every edit is made
//! and verified before the first file is written; a write that is refused stops the
//! run and the message names what was and was not written.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cli::CheckArgs;
use crate::context::{self, Context};
use crate::discover::{self, PlanPath};
use crate::edit;
use crate::error::{Error, Outcome};
use crate::files;
use crate::plan::{Plan, Status, TaskRef};
use crate::render;
use crate::selector::Selector;
use crate::view;

/// How many times the plans are read again when other `roadmap` runs keep changing
/// them between the first read and the locks.
const ATTEMPTS: usize = 8;

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
    let located = locate_files(ctx, &selectors, &mut paths)?;
    let change = Change {
        to: target_status(args),
        stamp: stamping(ctx, args).then(|| ctx.today()),
    };

    let mut snapshots = Vec::with_capacity(paths.len());
    let mut bytes = Vec::with_capacity(paths.len());
    for read in crate::parallel::map(&paths, context::PLANS_IN_PARALLEL, |p| {
        files::read(&p.real, &p.shown)
    }) {
        let (snapshot, b) = read?;
        snapshots.push(snapshot);
        bytes.push(b);
    }
    // The task picked at the terminal, by ID and plan.
    let mut picked: Option<(Selector, usize)> = None;
    for _ in 0..ATTEMPTS {
        let texts = paths
            .iter()
            .zip(&bytes)
            .map(|(p, b)| files::text(&p.shown, b))
            .collect::<Result<Vec<&str>, Error>>()?;
        let plans = crate::parallel::map(
            &paths.iter().zip(&texts).collect::<Vec<_>>(),
            context::PLANS_IN_PARALLEL,
            |(p, text)| Plan::parse_named(p.shown.clone(), &p.name, text),
        );
        if selectors.is_empty() && picked.is_none() {
            // Pick before taking any lock: a person may take their time.
            match pick(&plans)? {
                Some(hit) => {
                    let id = plans[hit.plan].tasks[hit.task].id.as_str();
                    picked = Some((Selector::parse(id)?, hit.plan));
                }
                None => return Ok(Outcome::Negative),
            }
        }
        let hits = match &picked {
            // The picked task must still stand when its plan is read again.
            Some((id, plan)) => {
                id.resolve(&plans, None, false)
                    .map_err(|_| Error::ChangedOnDisk {
                        path: paths[*plan].shown.clone(),
                    })?
            }
            None => resolve(&selectors, &located, &plans, args.all)?,
        };
        let (edits, notes) = plan_edits(&plans, &texts, &hits, change)?;
        if args.dry_run {
            err.write_all(&notes)?;
            for e in &edits {
                render::diff::unified(out, &plans[e.plan].path, &ctx.cwd, texts[e.plan], &e.new)?;
            }
            return Ok(Outcome::Success);
        }
        // Lock the folders of the plans to write, then look at those plans again:
        // another `roadmap` may have written them since they were read.
        let dirs: BTreeSet<PathBuf> = edits
            .iter()
            .map(|e| files::plan_dir(&paths[e.plan].real))
            .collect();
        let locks = dirs
            .iter()
            .map(|d| files::lock_dir(d).map(|lock| (d.clone(), lock)))
            .collect::<Result<BTreeMap<_, _>, _>>()?;
        let mut fresh = Vec::new();
        for e in &edits {
            let p = &paths[e.plan];
            let (snapshot, now) = files::read(&p.real, &p.shown)?;
            if now != bytes[e.plan] {
                fresh.push((e.plan, snapshot, now));
            } else {
                snapshots[e.plan] = snapshot;
            }
        }
        if fresh.is_empty() {
            out.write_all(&notes)?;
            let plans_written = write_all(ctx, &plans, &texts, &edits, &snapshots, &locks, out)?;
            return flushed(out, plans_written);
        }
        drop(texts);
        for (p, snapshot, now) in fresh {
            snapshots[p] = snapshot;
            bytes[p] = now;
        }
    }
    Err(Error::WriteRefused {
        path: paths.first().map(|p| p.shown.clone()).unwrap_or_default(),
        reason: format!("other runs changed the plans {ATTEMPTS} times while this one waited"),
    })
}

/// The status and the done date a run gives the tasks it names.
#[derive(Debug, Clone, Copy)]
struct Change {
    to: Status,
    stamp: Option<NaiveDate>,
}

fn target_status(args: &CheckArgs) -> Status {
    if args.undo {
        Status::Todo
    } else if args.start {
        Status::Doing
    } else if args.skip {
        Status::Skipped
    } else {
        Status::Done
    }
}

fn stamping(ctx: &Context, args: &CheckArgs) -> bool {
    if args.stamp {
        true
    } else if args.no_stamp {
        false
    } else {
        ctx.settings().stamp.unwrap_or(false)
    }
}

/// For each selector of the form `FILE:LINE`, the plan `FILE` names: the file at
/// that path from the working directory when there is one (added to the plans when
/// it is not among them: any Markdown file can be checked this way), else the one
/// plan with that file name or shown path. A bare name that several plans have is
/// ambiguous. `None` where `FILE` names nothing: the selector is then a query.
fn locate_files(
    ctx: &Context,
    selectors: &[Selector],
    paths: &mut Vec<PlanPath>,
) -> Result<Vec<Option<usize>>, Error> {
    let mut located = Vec::with_capacity(selectors.len());
    let mut added = false;
    for selector in selectors {
        let Some((file, _)) = selector.location() else {
            located.push(None);
            continue;
        };
        let typed = ctx.absolute(file.as_ref());
        let identity = std::fs::metadata(&typed)
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|m| files::inode(&m));
        if let Some(identity) = identity {
            let same = |p: &PlanPath| {
                p.real == typed
                    || identity.is_some()
                        && std::fs::metadata(&p.real)
                            .ok()
                            .as_ref()
                            .and_then(files::inode)
                            == identity
            };
            match paths.iter().position(same) {
                Some(i) => located.push(Some(i)),
                None => {
                    paths.push(PlanPath {
                        real: typed,
                        shown: file.into(),
                        name: crate::plan::PlanName::default(),
                    });
                    added = true;
                    located.push(Some(paths.len() - 1));
                }
            }
            continue;
        }
        let by_name: Vec<usize> = (0..paths.len())
            .filter(|&i| {
                let p = &paths[i];
                p.shown.as_os_str() == file || p.real.file_name().is_some_and(|n| n == file)
            })
            .collect();
        match by_name.as_slice() {
            [] => located.push(None),
            [one] => located.push(Some(*one)),
            many => {
                return Err(Error::AmbiguousFile {
                    selector: selector.as_str().to_string(),
                    file: file.to_string(),
                    candidates: many
                        .iter()
                        .map(|&i| paths[i].shown.display().to_string())
                        .collect(),
                });
            }
        }
    }
    if added {
        // A plan added from outside may share a stem with one found before.
        discover::name_plans(paths);
    }
    Ok(located)
}

/// The tasks the selectors name, each once, in plan and document order.
fn resolve(
    selectors: &[Selector],
    located: &[Option<usize>],
    plans: &[Plan],
    all: bool,
) -> Result<Vec<TaskRef>, Error> {
    let mut hits: BTreeSet<TaskRef> = BTreeSet::new();
    for (i, selector) in selectors.iter().enumerate() {
        let at = located.get(i).copied().flatten();
        hits.extend(selector.resolve(plans, at, all)?);
    }
    Ok(hits.into_iter().collect())
}

/// One plan's new text and the tasks it changes, with whether each got a date.
struct PlanEdit {
    plan: usize,
    new: String,
    to: Status,
    changed: Vec<(usize, bool)>,
}

/// The edit of every plan the hits fall in, each verified, and the notes for tasks
/// that already have the status asked for (they change nothing). Nothing is
/// written here.
fn plan_edits(
    plans: &[Plan],
    texts: &[&str],
    hits: &[TaskRef],
    change: Change,
) -> Result<(Vec<PlanEdit>, Vec<u8>), Error> {
    let mut notes = Vec::new();
    let mut by_plan: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for hit in hits {
        by_plan.entry(hit.plan).or_default().push(hit.task);
    }
    let mut edits = Vec::new();
    for (p, tasks) in by_plan {
        let plan = &plans[p];
        let mut splices = Vec::new();
        let mut changed = Vec::new();
        let mut verifying = false;
        for t in tasks {
            let task = &plan.tasks[t];
            let more = edit::set_status(task, change.to, change.stamp);
            if more.is_empty() {
                render::text::unchanged(&mut notes, plan, task)?;
                continue;
            }
            verifying |= edit::needs_verifying(task, change.to, &more);
            changed.push((t, more.iter().any(|s| s.range.is_empty())));
            splices.extend(more);
        }
        if splices.is_empty() {
            continue;
        }
        let new = edit::apply(texts[p], &splices);
        if verifying {
            let after = Plan::parse_named(plan.path.clone(), &plan.name, &new);
            let changes: Vec<(usize, Status)> =
                changed.iter().map(|&(t, _)| (t, change.to)).collect();
            if let Err(line) = edit::verify(plan, &after, &changes) {
                return Err(Error::WriteRefused {
                    path: plan.path.clone(),
                    reason: format!(
                        "line {line}: after this change Markdown would no longer read it as the \
                         same task ({} is read differently from {} there); edit it by hand",
                        change.to.mark(),
                        plan.tasks[changed[0].0].status.mark()
                    ),
                });
            }
        }
        edits.push(PlanEdit {
            plan: p,
            new,
            to: change.to,
            changed,
        });
    }
    Ok((edits, notes))
}

/// Writes every edited plan, in order, printing its changes once it is written. A
/// refused write stops the run; the error then names the plans written before it
/// and those not written after it. Returns the plans written.
fn write_all(
    ctx: &Context,
    plans: &[Plan],
    texts: &[&str],
    edits: &[PlanEdit],
    snapshots: &[files::Snapshot],
    locks: &BTreeMap<PathBuf, files::DirLock>,
    out: &mut dyn Write,
) -> Result<Vec<PathBuf>, Error> {
    let mut written = Vec::new();
    let mut lines = Vec::new();
    for (i, e) in edits.iter().enumerate() {
        let plan = &plans[e.plan];
        let snapshot = &snapshots[e.plan];
        let result = match locks.get(&files::plan_dir(&snapshot.real)) {
            Some(lock) => files::write(snapshot, texts[e.plan], &e.new, lock),
            None => Err(Error::WriteRefused {
                path: plan.path.clone(),
                reason: "its directory is not locked".into(),
            }),
        };
        if let Err(failed) = result {
            // What was written is said on stdout as usual; the error says the rest.
            let _ = out.write_all(&lines);
            let not_written = edits[i + 1..]
                .iter()
                .map(|e| plans[e.plan].path.clone())
                .collect::<Vec<_>>();
            if written.is_empty() && not_written.is_empty() {
                return Err(failed);
            }
            return Err(Error::NotAllWritten {
                failed: Box::new(failed),
                written,
                not_written,
            });
        }
        written.push(plan.path.clone());
        for &(t, stamped) in &e.changed {
            render::text::changed(&mut lines, &ctx.look, plan, &plan.tasks[t], e.to, stamped)?;
        }
    }
    out.write_all(&lines)?;
    Ok(written)
}

/// Flushes what `check` printed; a failure after plans were written says so, for
/// the plans are changed whether or not the output could be shown.
fn flushed(out: &mut dyn Write, written: Vec<PathBuf>) -> Result<Outcome, Error> {
    match out.flush() {
        Ok(()) => Ok(Outcome::Success),
        Err(source) if written.is_empty() => Err(Error::Output(source)),
        Err(source) => Err(Error::OutputAfterWrite { written, source }),
    }
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
                render::sanitize(&plan.name.short)
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
