//! Done dates from git history: the day of the commit that ticked a task.
//!
//! Learners commit their plans, and a box ticked by hand in an editor has no ✅
//! date. When the plan is in a git work tree, such a task is dated by its history:
//! the author day, in the commit's own time zone, of the first commit in which its
//! box is `x` after one in which it was not (`[ ]`, `[/]` or `[-]`); a task ticked,
//! unticked and ticked again takes the last tick, the one that stuck. A task ticked
//! since the last commit is dated today. A task that was never seen open (done
//! since the version that added it, or since the file's first commit, or new and
//! done since the last commit) gets no date: nothing says when it was done.
//!
//! How: the versions of the file come newest first from `git log --follow` (renames
//! followed; see [`git::Log::start`] for the order and merges), and each task asked
//! about is followed from the file on disk back through them, one version to the
//! next older: by its section path and text (the n-th task with both), or else by
//! its text alone where that text is unique in both versions (a line moved to
//! another section, or a heading renamed). The walk stops as soon as every task
//! asked about has its answer, so a recent tick costs a few versions, not the whole
//! history. A version the same as the one before it (a rename) is not read again,
//! and one that differs from it only by boxes (most commits to a plan: ticks) is
//! not parsed again.
//!
//! What it costs when it is not wanted: nothing. Only a plan that has a done task
//! without a done date asks, and only when a `.git` is found in its folder or above
//! ([`in_work_tree`]) does it start git, two processes per plan. Any failure — git
//! not on `PATH`, not a work tree after all, dubious ownership, a shallow clone's
//! edge, a file never committed — means fewer dates or none, never an error or a
//! message.
//!
//! Used by [`crate::context::Context`] for `list`, `report` and `week`
//! (`history = false` in `roadmap.toml` turns it off), and by `lint`'s
//! `done-without-date`. `next` and `check` never ask: `check --stamp` still sees a
//! hand-ticked task as undated, and dates it today.

mod git;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::ffi::OsString;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::plan::{DoneSource, Plan, Status};

/// An inferred done date and where it comes from ([`DoneSource::Git`] or
/// [`DoneSource::Worktree`]), or none.
pub type Inferred = Option<(NaiveDate, DoneSource)>;

/// Whether a plan has a done task without a done date: only such a plan asks git.
pub fn wants(plan: &Plan) -> bool {
    plan.tasks.iter().any(undated)
}

/// A done task without a done date.
fn undated(task: &crate::plan::Task) -> bool {
    task.status == Status::Done && task.done_on.is_none()
}

/// Whether the file at `path` (behind any symlink) is in a git work tree: whether a
/// `.git`, folder or file, is in its folder or one above. Looks at the file system
/// only; starts no process.
pub fn in_work_tree(path: &Path) -> bool {
    locate(path).is_some()
}

/// Whether the file at `path` may have a history: it is in a git work tree and git
/// tracks it (one `git ls-files` per work tree and run). What callers ask before
/// they read a plan again, whole, for [`infer`].
pub fn may_have_history(path: &Path) -> bool {
    located(path).is_some_and(|(dir, name, top)| tracked(&dir.join(name), &top))
}

/// The folder git runs in and the file name it is asked about: the file behind
/// any symlink, when a `.git` is in its folder or above.
fn locate(path: &Path) -> Option<(PathBuf, OsString)> {
    located(path).map(|(dir, name, _)| (dir, name))
}

/// [`locate`], with the folder whose `.git` was found: the work tree's top.
fn located(path: &Path) -> Option<(PathBuf, OsString, PathBuf)> {
    let real = std::fs::canonicalize(path).ok()?;
    let dir = real.parent()?;
    let name = real.file_name()?;
    let top = dir
        .ancestors()
        .find(|d| std::fs::symlink_metadata(d.join(".git")).is_ok())?;
    Some((dir.to_path_buf(), name.to_os_string(), top.to_path_buf()))
}

/// Whether git tracks the file at `real` (a path [`located`] gave) in the work
/// tree whose top is `top`: a file never added has no history, and `git log
/// --follow` on it would walk every commit of the repository to find none (a vault
/// of untracked plans in a repository took seconds). One `git ls-files` per work
/// tree and run, kept. When git cannot say, the file is taken as tracked.
fn tracked(real: &Path, top: &Path) -> bool {
    type Listing = std::sync::Arc<Option<std::collections::HashSet<Vec<u8>>>>;
    static LISTED: std::sync::LazyLock<std::sync::Mutex<HashMap<PathBuf, Listing>>> =
        std::sync::LazyLock::new(Default::default);
    let Ok(rel) = real.strip_prefix(top) else {
        return true;
    };
    let listing = {
        let mut listed = LISTED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        listed
            .entry(top.to_path_buf())
            .or_insert_with(|| std::sync::Arc::new(git::tracked_files(top)))
            .clone()
    };
    use std::os::unix::ffi::OsStrExt;
    listing
        .as_ref()
        .as_ref()
        .is_none_or(|files| files.contains(rel.as_os_str().as_bytes()))
}

/// The done dates history gives the tasks of `plan`, the plan as read from the file
/// at `real_path` (the path to open, as [`crate::discover::PlanPath::real`]): one
/// entry per task, `Some` only for a done task without a done date that history
/// dates — `(day, DoneSource::Git)`, or `(today, DoneSource::Worktree)` for a tick
/// not committed yet. All `None` outside a work tree or when git cannot answer.
///
/// For `lint --fix`, which offers to write these as ✅ dates: a `Worktree` date is
/// today's, and becomes a `Git` one of another day once committed.
pub fn infer(plan: &Plan, real_path: &Path, today: NaiveDate) -> Vec<Inferred> {
    let mut walk = Walk::new(plan, today);
    if walk.trail.is_over() {
        return walk.trail.found;
    }
    let Some((dir, name, top)) = located(real_path) else {
        return walk.trail.found;
    };
    if !tracked(&dir.join(&name), &top) {
        return walk.trail.found;
    }
    let Some(mut log) = git::Log::start(&dir, &name) else {
        return walk.trail.found;
    };
    let mut blobs: Option<git::Blobs> = None;
    let mut bytes = Vec::new();
    let mut last: Option<String> = None;
    while !walk.trail.is_over() {
        let Some(version) = log.next() else { break };
        if version.blob.is_some() && version.blob == last {
            walk.trail.unchanged(version.day);
            continue;
        }
        let Some(blob) = version.blob else {
            walk.gone(version.day);
            last = None;
            continue;
        };
        if blobs.is_none() {
            blobs = git::Blobs::start(&dir);
        }
        let Some(reader) = blobs.as_mut() else { break };
        match reader.read(&blob, &mut bytes) {
            None => break,
            // A version that cannot be read is passed over.
            Some(false) => continue,
            Some(true) => {}
        }
        if walk.version(version.day, &mut bytes) {
            last = Some(blob);
        }
    }
    walk.trail.found
}

/// Fills in the done dates [`infer`] found (one entry per task): `done_on` and
/// `done_source` of the tasks it dates. `done_span` stays `None`, so nothing tries
/// to remove from the file a date that is not in it.
pub fn apply(plan: &mut Plan, inferred: &[Inferred]) {
    if inferred.len() != plan.tasks.len() {
        return;
    }
    for (task, found) in plan.tasks.iter_mut().zip(inferred) {
        if let (Some((day, source)), true) = (*found, undated(task)) {
            task.done_on = Some(day);
            task.done_source = Some(source);
        }
    }
}

/// The walk back through the versions of a plan: the trail of the tasks followed,
/// and the bytes of the last version, to tell a version that differs from it only
/// by ticks without parsing it.
struct Walk {
    trail: Trail,
    today: NaiveDate,
    /// The last version's bytes (none yet for the file on disk) and where its
    /// tasks' boxes are.
    newer: Option<(Vec<u8>, Vec<usize>)>,
}

impl Walk {
    fn new(plan: &Plan, today: NaiveDate) -> Walk {
        Walk {
            trail: Trail::new(plan),
            today,
            newer: None,
        }
    }

    /// The next older version, the file as `bytes` held it after a commit of
    /// `day` (the buffer is swapped with one to read the next into). False when
    /// it is no text, and so passed over.
    fn version(&mut self, day: Option<NaiveDate>, bytes: &mut Vec<u8>) -> bool {
        // Most commits to a plan tick tasks and do nothing else: the same bytes
        // but for boxes, so the same tasks and sections, with other statuses.
        let newer = self.newer.take();
        let flipped = newer
            .as_ref()
            .and_then(|(newer, boxes)| flips(newer, bytes, boxes));
        let (mut spare, boxes) = match (flipped, newer) {
            (Some(flips), Some((spare, boxes))) => {
                self.trail.flipped(&flips, day, self.today);
                (spare, boxes)
            }
            (_, newer) => {
                let Ok(text) = std::str::from_utf8(bytes) else {
                    self.newer = newer;
                    return false;
                };
                let older = Plan::parse_to_look(PathBuf::new(), text);
                self.trail.older(&older, day, self.today);
                let boxes = older.tasks.iter().map(|t| t.offset).collect();
                (newer.map(|(spare, _)| spare).unwrap_or_default(), boxes)
            }
        };
        std::mem::swap(&mut spare, bytes);
        self.newer = Some((spare, boxes));
        true
    }

    /// The next older version has no such file (deleted, or something else than
    /// a file): no task lives on across it.
    fn gone(&mut self, day: Option<NaiveDate>) {
        let none = Plan::parse_to_look(PathBuf::new(), "");
        self.trail.older(&none, day, self.today);
        self.newer = None;
    }
}

/// Where `older` differs from `newer` only in the boxes of tasks (`boxes`, the
/// offsets of their status bytes in `newer`), each switched within its kind (` `
/// and `x`, or `/` and `-`, which Markdown reads alike): those tasks and their
/// status in `older`. `None` for any other difference.
fn flips(newer: &[u8], older: &[u8], boxes: &[usize]) -> Option<Vec<(usize, Status)>> {
    const BLOCK: usize = 64;
    if newer.len() != older.len() {
        return None;
    }
    let gfm = |s: Status| matches!(s, Status::Todo | Status::Done);
    let mut flips = Vec::new();
    for (block, (a, b)) in newer.chunks(BLOCK).zip(older.chunks(BLOCK)).enumerate() {
        if a == b {
            continue;
        }
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            if x == y {
                continue;
            }
            let task = boxes.binary_search(&(block * BLOCK + i)).ok()?;
            let (then, now) = (Status::from_byte(*y)?, Status::from_byte(*x)?);
            if gfm(then) != gfm(now) {
                return None;
            }
            flips.push((task, then));
        }
    }
    Some(flips)
}

/// What the version followed from is: the file on disk, or a commit of that day.
#[derive(Debug, Clone, Copy)]
enum Newer {
    Disk,
    Commit(Option<NaiveDate>),
}

/// Tasks followed back through the versions of a plan, newest first.
struct Trail {
    /// The last version looked at (first, the file on disk).
    newer: Shape,
    /// Where it comes from.
    newer_is: Newer,
    /// Each task still followed: its index in the plan on disk, and in `newer`.
    following: Vec<(usize, usize)>,
    /// The answer so far, one entry per task on disk.
    found: Vec<Inferred>,
}

impl Trail {
    /// Starts at the plan on disk, following its done tasks without a done date.
    fn new(plan: &Plan) -> Trail {
        let following: Vec<(usize, usize)> = plan
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| undated(t))
            .map(|(i, _)| (i, i))
            .collect();
        Trail {
            newer: if following.is_empty() {
                Shape::default()
            } else {
                Shape::of(plan)
            },
            newer_is: Newer::Disk,
            following,
            found: vec![None; plan.tasks.len()],
        }
    }

    /// Whether every task asked about has its answer.
    fn is_over(&self) -> bool {
        self.following.is_empty()
    }

    /// The next older version holds the same as the last: its commit is older, and
    /// any tick in it older too.
    fn unchanged(&mut self, day: Option<NaiveDate>) {
        if let Newer::Commit(_) = self.newer_is {
            self.newer_is = Newer::Commit(day);
        }
    }

    /// The next older version is the last with the tasks `flips` in another box
    /// (see [`flips`]), made by a commit of `day`.
    fn flipped(&mut self, flips: &[(usize, Status)], day: Option<NaiveDate>, today: NaiveDate) {
        let ticked = self.ticked(today);
        for &(task, status) in flips {
            if let Some(slot) = self.newer.status.get_mut(task) {
                *slot = status;
            }
        }
        let status = &self.newer.status;
        let found = &mut self.found;
        self.following.retain(|&(task, at)| {
            let done = status.get(at) == Some(&Status::Done);
            if !done && let Some(slot) = found.get_mut(task) {
                *slot = ticked;
            }
            done
        });
        self.newer_is = Newer::Commit(day);
    }

    /// The date a task done in the last version and not in the next older one gets.
    fn ticked(&self, today: NaiveDate) -> Inferred {
        match self.newer_is {
            Newer::Disk => Some((today, DoneSource::Worktree)),
            Newer::Commit(day) => day.map(|d| (d, DoneSource::Git)),
        }
    }

    /// The next older version, `plan`, made by a commit of `day`. A task done in
    /// the newer version and not done in this one was ticked by the newer one; a
    /// task not in this one was born there, done, and has no date.
    fn older(&mut self, plan: &Plan, day: Option<NaiveDate>, today: NaiveDate) {
        let shape = Shape::of(plan);
        let ticked = self.ticked(today);
        let newer = &self.newer;
        let found = &mut self.found;
        self.following
            .retain_mut(|(task, at)| match shape.find(newer, *at) {
                Some(then) if shape.status.get(then) == Some(&Status::Done) => {
                    *at = then;
                    true
                }
                Some(_) => {
                    if let Some(slot) = found.get_mut(*task) {
                        *slot = ticked;
                    }
                    false
                }
                None => false,
            });
        self.newer = shape;
        self.newer_is = Newer::Commit(day);
    }
}

/// What following tasks from one version of a plan to another needs of it.
#[derive(Default)]
struct Shape {
    /// Each task's status.
    status: Vec<Status>,
    /// Each task's place: a hash of its section path and text, and how many tasks
    /// before it have the same.
    place: Vec<(u64, u32)>,
    /// Each task's text, hashed.
    text: Vec<u64>,
    /// Tasks by place.
    by_place: HashMap<(u64, u32), usize, Hashed>,
    /// For each text: how many tasks have it, and the last of them.
    by_text: HashMap<u64, (u32, usize), Hashed>,
}

/// Maps keyed by hashes hash them no further.
type Hashed = BuildHasherDefault<Spread>;

/// A hasher for keys that are already hashes: spreads them over the word.
#[derive(Default)]
struct Spread(u64);

impl Hasher for Spread {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// 64-bit FNV-1a, continued from `hash`.
fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

impl Shape {
    fn of(plan: &Plan) -> Shape {
        // Sections come after their parents: each path is hashed once.
        let mut paths: Vec<u64> = Vec::with_capacity(plan.sections.len());
        for section in &plan.sections {
            let parent = section.parent.and_then(|p| paths.get(p).copied());
            let start = fnv1a(parent.unwrap_or(FNV_OFFSET), b"\x1f");
            paths.push(fnv1a(start, section.title.as_bytes()));
        }
        let n = plan.tasks.len();
        let mut shape = Shape {
            status: Vec::with_capacity(n),
            place: Vec::with_capacity(n),
            text: Vec::with_capacity(n),
            by_place: HashMap::with_capacity_and_hasher(n, Default::default()),
            by_text: HashMap::with_capacity_and_hasher(n, Default::default()),
        };
        for (i, task) in plan.tasks.iter().enumerate() {
            let text = fnv1a(FNV_OFFSET, task.text.as_bytes());
            let path = task.section.and_then(|s| paths.get(s).copied());
            let mut key = Spread(path.unwrap_or(FNV_OFFSET));
            key.write_u64(text);
            let key = key.finish();
            let mut nth = 0;
            // Equal tasks in one section are rare: the first probe is the last.
            loop {
                match shape.by_place.entry((key, nth)) {
                    Entry::Vacant(slot) => {
                        slot.insert(i);
                        break;
                    }
                    Entry::Occupied(_) => nth += 1,
                }
            }
            let seen = shape.by_text.entry(text).or_insert((0, i));
            *seen = (seen.0 + 1, i);
            shape.status.push(task.status);
            shape.place.push((key, nth));
            shape.text.push(text);
        }
        shape
    }

    /// The task of this version that is task `at` of `newer`, if any.
    fn find(&self, newer: &Shape, at: usize) -> Option<usize> {
        let place = newer.place.get(at)?;
        if let Some(&here) = self.by_place.get(place) {
            return Some(here);
        }
        let text = newer.text.get(at)?;
        match (newer.by_text.get(text), self.by_text.get(text)) {
            (Some(&(1, _)), Some(&(1, here))) => Some(here),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(text: &str) -> Plan {
        Plan::parse("p.md".into(), text.into())
    }

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 11, d)
    }

    const TODAY: u32 = 24;

    /// Follows the tasks of `disk` back through `versions` (newest first, each with
    /// its commit day) as `infer` does with git's.
    fn trace(disk: &str, versions: &[(u32, &str)]) -> Vec<Inferred> {
        let disk = plan(disk);
        let mut walk = Walk::new(&disk, day(TODAY).unwrap());
        for (d, text) in versions {
            if walk.trail.is_over() {
                break;
            }
            assert!(walk.version(day(*d), &mut text.as_bytes().to_vec()));
        }
        walk.trail.found
    }

    fn git(d: u32) -> Inferred {
        Some((day(d).unwrap(), DoneSource::Git))
    }

    #[test]
    fn a_tick_is_dated_by_the_commit_that_made_it() {
        let found = trace(
            "# P\n- [x] a\n- [x] b\n- [ ] c\n",
            &[
                (12, "# P\n- [x] a\n- [x] b\n- [ ] c\n"),
                (11, "# P\n- [x] a\n- [ ] b\n- [ ] c\n"),
                (10, "# P\n- [ ] a\n- [ ] b\n- [ ] c\n"),
            ],
        );
        assert_eq!(found, [git(11), git(12), None]);
    }

    #[test]
    fn a_tick_since_the_last_commit_is_today_s() {
        let found = trace("- [x] a\n- [x] b\n", &[(12, "- [ ] a\n- [x] b\n")]);
        assert_eq!(found[0], Some((day(TODAY).unwrap(), DoneSource::Worktree)));
        assert_eq!(found[1], None, "done since the first commit: no date");
    }

    #[test]
    fn the_last_tick_that_stuck_counts() {
        let found = trace(
            "- [x] a\n",
            &[
                (14, "- [x] a\n"),
                (13, "- [ ] a\n"),
                (12, "- [x] a\n"),
                (11, "- [ ] a\n"),
            ],
        );
        assert_eq!(found, [git(14)]);
    }

    #[test]
    fn a_task_born_done_has_no_date() {
        let found = trace(
            "- [x] a\n- [x] new\n",
            &[(12, "- [x] a\n"), (11, "- [ ] a\n")],
        );
        assert_eq!(found, [git(12), None]);
    }

    #[test]
    fn a_task_moved_to_another_section_is_followed_by_its_text() {
        let found = trace(
            "# A\n# B\n- [x] moved\n- [x] twin\n# C\n- [x] twin\n",
            &[
                (12, "# A\n- [x] moved\n- [x] twin\n# B\n# C\n- [x] twin\n"),
                (11, "# A\n- [ ] moved\n- [ ] twin\n# B\n# C\n- [ ] twin\n"),
            ],
        );
        // "twin" is in two sections: the one that moved cannot be told apart.
        assert_eq!(found, [git(12), None, git(12)]);
    }

    #[test]
    fn equal_tasks_in_one_section_are_followed_in_order() {
        let found = trace(
            "- [x] same\n- [x] same\n",
            &[
                (12, "- [x] same\n- [x] same\n"),
                (11, "- [x] same\n- [ ] same\n"),
                (10, "- [ ] same\n- [ ] same\n"),
            ],
        );
        assert_eq!(found, [git(11), git(12)]);
    }

    #[test]
    fn a_version_that_only_flips_boxes_is_not_parsed_again() {
        let newer = b"# P\n- [x] a\n- [ ] b\n- [-] c\n";
        let boxes = [7, 15, 23];
        assert_eq!(newer[7], b'x');
        let flips = |older: &[u8]| super::flips(newer, older, &boxes);
        assert_eq!(flips(newer), Some(vec![]));
        assert_eq!(
            flips(b"# P\n- [ ] a\n- [X] b\n- [/] c\n"),
            Some(vec![
                (0, Status::Todo),
                (1, Status::Done),
                (2, Status::Doing)
            ])
        );
        // `[/]` is text to Markdown where `[ ]` is a box: a parse decides.
        assert_eq!(flips(b"# P\n- [/] a\n- [ ] b\n- [-] c\n"), None);
        assert_eq!(flips(b"# Q\n- [x] a\n- [ ] b\n- [-] c\n"), None);
        assert_eq!(flips(b"# P\n- [x] a\n- [ ] b\n- [-] c\n\n"), None);
        assert_eq!(flips(b"# P\n- [x] a\n- [?] b\n- [-] c\n"), None);
    }

    #[test]
    fn a_task_in_progress_before_its_tick_was_open() {
        let found = trace(
            "- [x] a\n- [x] b\n",
            &[
                (13, "- [x] a\n- [x] b\n"),
                (12, "- [/] a\n- [x] b\n"),
                (11, "- [ ] a\n- [-] b\n"),
            ],
        );
        assert_eq!(found, [git(13), git(12)]);
    }

    #[test]
    fn stamped_and_open_tasks_are_not_asked_about() {
        let disk = plan("- [x] a ✅ 2026-11-01\n- [ ] b\n");
        assert!(!wants(&disk));
        let trail = Trail::new(&disk);
        assert!(trail.is_over());
        assert_eq!(disk.tasks[0].done_source, Some(DoneSource::Stamp));
        assert_eq!(disk.tasks[1].done_source, None);
    }

    #[test]
    fn applied_dates_fill_only_undated_done_tasks() {
        let mut disk = plan("- [x] a\n- [x] b ✅ 2026-11-01\n- [ ] c\n");
        let span = disk.tasks[0].done_span.clone();
        apply(&mut disk, &[git(12), git(13), git(14)]);
        assert_eq!(disk.tasks[0].done_on, day(12));
        assert_eq!(disk.tasks[0].done_source, Some(DoneSource::Git));
        assert_eq!(
            disk.tasks[0].done_span, span,
            "no stamp in the file to undo"
        );
        assert_eq!(disk.tasks[1].done_on, day(1));
        assert_eq!(disk.tasks[1].done_source, Some(DoneSource::Stamp));
        assert_eq!(disk.tasks[2].done_on, None);
        // A list of another length (another version of the plan) changes nothing.
        apply(&mut disk, &[git(20)]);
        assert_eq!(disk.tasks[0].done_on, day(12));
    }

    #[test]
    fn outside_a_work_tree_nothing_is_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.md");
        std::fs::write(&path, "- [x] a\n").unwrap();
        // The temp folder may itself sit in a work tree; a `.git` file makes one.
        let inside = in_work_tree(&path);
        let disk = plan("- [x] a\n");
        if !inside {
            assert_eq!(infer(&disk, &path, day(TODAY).unwrap()), [None]);
        }
        std::fs::write(dir.path().join(".git"), "gitdir: nowhere\n").unwrap();
        assert!(in_work_tree(&path));
        // git cannot read that repository: nothing, and no error.
        assert_eq!(infer(&disk, &path, day(TODAY).unwrap()), [None]);
        assert!(!in_work_tree(&dir.path().join("missing.md")));
    }
}
