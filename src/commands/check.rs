//! `roadmap check`: change task statuses in the plan files, one write per file.
//!
//! The path of one run: selectors are read (`FILE:LINE` finds its file first), every
//! plan is read and parsed without locks, and the selectors (or the person at the
//! terminal, picking) name the tasks — from then on by their IDs. Every edit is
//! made and verified before the first file is written. Then folder by folder: its
//! lock is taken, its plans read again, and where another program changed one
//! meanwhile, the edit is made again on what it holds now, for the same tasks (a
//! task that is gone refuses that plan). One folder's lock at a time: no two runs
//! can wait on each other, and no run needs a file descriptor per folder. A write
//! that is refused stops the run and the message names what was and was not
//! written; what was written is printed once no lock is held.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cli::CheckArgs;
use crate::context::{self, Context};
use crate::discover::{self, PlanPath};
use crate::edit;
use crate::error::{Error, Outcome};
use crate::files;
use crate::plan::{Plan, Status, TaskId, TaskRef};
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
    let located = locate_files(ctx, &selectors, &mut paths)?;
    let change = Change {
        to: target_status(args),
        stamp: stamping(ctx, args)
            .then(|| edit::stamp_date(ctx.today()))
            .transpose()?,
    };

    let mut snapshots = Vec::with_capacity(paths.len());
    let mut bytes = Vec::with_capacity(paths.len());
    for read in crate::parallel::map(&paths, context::PLANS_IN_PARALLEL, |p| {
        files::read(&p.real, &p.shown)
    }) {
        let (snapshot, read) = read?;
        snapshots.push(snapshot);
        bytes.push(read);
    }
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
    let hits = if selectors.is_empty() {
        // Nothing is locked yet: a person may take their time.
        match pick(&plans)? {
            Some(hit) => vec![hit],
            None => return Ok(Outcome::Negative),
        }
    } else {
        crate::selector::resolve_all(&selectors, &located, &plans, args.all)?
            .into_iter()
            .collect()
    };
    let (edits, notes) = plan_edits(&plans, &texts, &hits, change)?;
    warn_waiting(&plans, &hits, change.to, err)?;
    if args.dry_run {
        err.write_all(&notes)?;
        for e in &edits {
            let path = &plans[e.plan].path;
            let terminal = ctx.look.terminal;
            render::diff::unified(out, path, &ctx.cwd, texts[e.plan], &e.new, terminal)?;
        }
        return Ok(Outcome::Success);
    }
    // The tasks each plan is asked to change, by ID: how they are found again in a
    // plan that changed before its folder was locked.
    let mut wanted: BTreeMap<usize, Vec<TaskId>> = BTreeMap::new();
    for hit in &hits {
        wanted
            .entry(hit.plan)
            .or_default()
            .push(plans[hit.plan].tasks[hit.task].id.clone());
    }
    let batch = Batch {
        ctx,
        paths: &paths,
        plans: &plans,
        texts: &texts,
        snapshots: &snapshots,
        bytes: &bytes,
        wanted,
        change,
    };
    let mut lines = notes;
    let written = batch.write(&edits, &mut lines);
    ctx.keep_until_exit(plans);
    // Printed with no lock held: a reader that is slow to take it blocks no one.
    let printed = out.write_all(&lines);
    let written = written?;
    printed.map_err(|source| match written.is_empty() {
        true => Error::Output(source),
        false => Error::OutputAfterWrite {
            written: written.clone(),
            source,
        },
    })?;
    flushed(out, written)
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

/// Whether the change writes a date: `--stamp`, else `stamp` in roadmap.toml, which
/// is about done dates: a cancelled date (` ❌`, on `--skip`) only when asked for.
fn stamping(ctx: &Context, args: &CheckArgs) -> bool {
    if args.stamp {
        true
    } else if args.no_stamp || args.skip {
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
                crate::escape::path(&p.shown) == file
                    || p.real
                        .file_name()
                        .is_some_and(|n| crate::escape::name(n) == file)
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
                        .map(|&i| crate::escape::path(&paths[i].shown))
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

/// What the write phase needs of what was read, parsed and asked.
struct Batch<'a> {
    ctx: &'a Context,
    paths: &'a [PlanPath],
    plans: &'a [Plan],
    texts: &'a [&'a str],
    /// How each plan was when it was read, and its bytes then.
    snapshots: &'a [files::Snapshot],
    bytes: &'a [Vec<u8>],
    /// The tasks each plan is asked to change, by ID.
    wanted: BTreeMap<usize, Vec<TaskId>>,
    change: Change,
}

/// A folder as the file system knows it: its device and inode (its path where
/// there are none), so that a folder reached by two paths (a bind mount, a
/// symlink) is one folder, locked once.
type FolderKey = Result<(u64, u64), PathBuf>;

impl Batch<'_> {
    /// Writes the edited plans folder by folder, each folder under its lock with its
    /// plans read again, and appends what changed to `lines`. A refused write stops
    /// the run; the error then names the plans written before it and those not
    /// written after it. Returns the plans written.
    fn write(&self, edits: &[PlanEdit], lines: &mut Vec<u8>) -> Result<Vec<PathBuf>, Error> {
        let mut folders: BTreeMap<FolderKey, (PathBuf, Vec<&PlanEdit>)> = BTreeMap::new();
        for e in edits {
            let dir = files::plan_dir(&self.paths[e.plan].real);
            let key = std::fs::metadata(&dir)
                .ok()
                .as_ref()
                .and_then(files::inode)
                .ok_or_else(|| dir.clone());
            folders
                .entry(key)
                .or_insert_with(|| (dir, Vec::new()))
                .1
                .push(e);
        }
        let order: Vec<usize> = folders
            .values()
            .flat_map(|(_, es)| es.iter().map(|e| e.plan))
            .collect();
        let mut written: Vec<PathBuf> = Vec::new();
        let mut done = 0;
        for (dir, members) in folders.values() {
            let result = files::lock_dir(dir).and_then(|lock| {
                for e in members {
                    if self.write_one(e, &lock, lines)? {
                        written.push(self.plans[e.plan].path.clone());
                    }
                    done += 1;
                }
                Ok(())
            });
            if let Err(failed) = result {
                let not_written: Vec<PathBuf> = order[done + 1..]
                    .iter()
                    .map(|&p| self.plans[p].path.clone())
                    .collect();
                return Err(Error::not_all_written(failed, written, not_written));
            }
        }
        Ok(written)
    }

    /// Writes one plan, its folder locked: as edited when it still holds what was
    /// read; else edited again, for the same tasks found by ID in what it holds now.
    /// Whether anything was written.
    fn write_one(
        &self,
        e: &PlanEdit,
        lock: &files::DirLock,
        lines: &mut Vec<u8>,
    ) -> Result<bool, Error> {
        let p = e.plan;
        let path = &self.paths[p];
        // Untouched since it was read, by its metadata: written as edited (the write
        // compares the bytes before its rename). Else read again.
        if self.snapshots[p].unchanged() {
            files::write(&self.snapshots[p], self.texts[p], &e.new, lock)?;
            record(lines, self.ctx, &self.plans[p], e)?;
            return Ok(true);
        }
        let (snapshot, now) = files::read(&path.real, &path.shown)?;
        if now == self.bytes[p] {
            files::write(&snapshot, self.texts[p], &e.new, lock)?;
            record(lines, self.ctx, &self.plans[p], e)?;
            return Ok(true);
        }
        let text = files::text(&path.shown, &now)?;
        let fresh = Plan::parse_named(path.shown.clone(), &path.name, text);
        let ids = self.wanted.get(&p).map_or(&[][..], Vec::as_slice);
        let hits = again(&fresh, ids)?;
        let (redone, notes) =
            plan_edits(std::slice::from_ref(&fresh), &[text], &hits, self.change)?;
        lines.extend(notes);
        let Some(e) = redone.first() else {
            return Ok(false);
        };
        files::write(&snapshot, text, &e.new, lock)?;
        record(lines, self.ctx, &fresh, e)?;
        Ok(true)
    }
}

/// The tasks of `plan` (index 0 of a one-plan list) with these IDs; any gone means
/// the plan changed under the run: it is refused.
fn again(plan: &Plan, ids: &[TaskId]) -> Result<Vec<TaskRef>, Error> {
    ids.iter()
        .map(|id| {
            plan.tasks
                .iter()
                .position(|t| &t.id == id)
                .map(|task| TaskRef { plan: 0, task })
                .ok_or_else(|| Error::ChangedOnDisk {
                    path: plan.path.clone(),
                })
        })
        .collect()
}

/// Appends the lines for an edit made to `plan`.
fn record(lines: &mut Vec<u8>, ctx: &Context, plan: &Plan, e: &PlanEdit) -> Result<(), Error> {
    for &(t, stamped) in &e.changed {
        render::text::changed(lines, &ctx.look, plan, &plan.tasks[t], e.to, stamped)?;
    }
    Ok(())
}

/// Warns, on stderr, about each task ticked or started while a task it waits for
/// (⛔) is still open: the change is made all the same, for the learner knows best.
fn warn_waiting(
    plans: &[Plan],
    hits: &[TaskRef],
    to: Status,
    err: &mut dyn Write,
) -> Result<(), Error> {
    if !matches!(to, Status::Done | Status::Doing) {
        return Ok(());
    }
    let prerequisites = crate::prerequisites::Prerequisites::new(plans);
    for hit in hits {
        let task = &plans[hit.plan].tasks[hit.task];
        let open = prerequisites.open(task);
        if task.status != to && !open.is_empty() {
            writeln!(
                err,
                "roadmap: warning: {} waits for {}, still open",
                render::sanitize(task.id.as_str()),
                render::sanitize(&open.join(", "))
            )?;
        }
    }
    Ok(())
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
    let ask = view::NextAsk {
        count: 1,
        ..view::NextAsk::default()
    };
    for next in view::next(plans, &ask).into_iter().map(|pick| pick.task) {
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
