//! Done dates from git history: the day of the commit that ticked a task.
//!
//! Learners commit their plans, and a box ticked by hand in an editor has no ✅
//! date. When the plan is in a git work tree, such a task is dated by its history:
//! the author day, in the commit's own time zone, of the commit that ticked it on
//! the line of history it was made on: the first commit in which its box is `x`
//! after one in which it was not (`[ ]`, `[/]` or `[-]`); a task ticked, unticked
//! and ticked again takes the last tick, the one that stuck. A task ticked since
//! the last commit is dated today. A task that was never seen open (done since the
//! version that added it, or since the file's first commit, or new and done since
//! the last commit) gets no date: nothing says when it was done.
//!
//! History is a graph, not a line: a tick made on a branch and one made meanwhile
//! on main meet in a merge, which holds both. Each task is followed from the file
//! on disk back through the graph of the file's versions (see [`Walk`]): from a
//! version into each version it came from in which the task is done too, so a
//! tick that arrived by a merge is found on the side that made it, and a merge
//! dates a tick only where every side had the task open (a tick made while
//! resolving it). A task ticked on both sides takes the earlier tick.
//!
//! How: the versions of the file come from `git log` with their parents, each
//! before the versions it came from (see [`git::Log::start`]), and the older name
//! of a renamed file from `git diff-tree -M` where it first appears under its name,
//! then another `git log` from there. A task is followed from one version to an
//! older one by its section path and text (the n-th task with both), or else by
//! its text alone where that text is unique in both versions (a line moved to
//! another section, or a heading renamed). The walk reads only the versions a task
//! still followed came from, and stops as soon as every task asked about has its
//! answer, so a recent tick costs a few versions, not the whole history. A version
//! that differs from the one it is reached from only by boxes (most commits to a
//! plan: ticks) is not parsed again.
//!
//! What it costs when it is not wanted: nothing. Only a plan that has a done task
//! without a done date asks, and only when a `.git` is found in its folder or above
//! ([`in_work_tree`]) does it start git, two processes per plan, and one more
//! where a task still followed reaches the commit in which the file first appears
//! under its name (a rename?). Any failure — git
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
use std::ffi::{OsStr, OsString};
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

/// The folder git runs in and the file name it is asked about: the file behind
/// any symlink, when a `.git` is in its folder or above.
fn locate(path: &Path) -> Option<(PathBuf, OsString)> {
    located(path).map(|(dir, name, _)| (dir, name))
}

/// [`locate`], with the folder whose `.git` was found: the work tree's top.
fn located(path: &Path) -> Option<(PathBuf, OsString, PathBuf)> {
    located_by(path, work_tree_top)
}

/// [`located`], the top of the file's folder found by `top_of`.
fn located_by(
    path: &Path,
    top_of: impl Fn(&Path) -> Option<PathBuf>,
) -> Option<(PathBuf, OsString, PathBuf)> {
    let real = std::fs::canonicalize(path).ok()?;
    let dir = real.parent()?;
    let name = real.file_name()?;
    let top = top_of(dir)?;
    Some((dir.to_path_buf(), name.to_os_string(), top))
}

/// The nearest folder from `dir` up that holds a `.git` (folder or file).
fn work_tree_top(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| std::fs::symlink_metadata(d.join(".git")).is_ok())
        .map(Path::to_path_buf)
}

/// Work trees found, by folder: a command that asks of many plans asks the file
/// system once per folder (a vault's plans share few folders, and each would
/// otherwise `stat` every folder above it). Made for one run: a `.git` made
/// since is not seen.
#[derive(Debug, Default)]
pub struct WorkTrees {
    tops: std::sync::Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

impl WorkTrees {
    /// [`in_work_tree`], each folder asked once: a file that is no symlink is in
    /// its folder's work tree, the folder followed to where it really is once.
    pub fn hold(&self, path: &Path) -> bool {
        match std::fs::symlink_metadata(path) {
            Ok(meta) if !meta.file_type().is_symlink() => {
                let dir = match path.parent() {
                    Some(dir) if !dir.as_os_str().is_empty() => dir,
                    _ => Path::new("."),
                };
                self.top(dir).is_some()
            }
            Ok(_) => located_by(path, |dir| self.top(dir)).is_some(),
            Err(_) => false,
        }
    }

    /// Whether the file at `path` may have a history: it is in a git work tree
    /// and git tracks it (one `git ls-files` per work tree and run). What callers
    /// ask before they read a plan again, whole, for [`infer`].
    pub fn may_have_history(&self, path: &Path) -> bool {
        located_by(path, |dir| self.top(dir))
            .is_some_and(|(dir, name, top)| tracked(&dir.join(name), &top))
    }

    /// The work tree's top of the folder `dir` (as given, or where it really is).
    fn top(&self, dir: &Path) -> Option<PathBuf> {
        let tops = || {
            self.tops
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(top) = tops().get(dir) {
            return top.clone();
        }
        let top = std::fs::canonicalize(dir)
            .ok()
            .and_then(|real| work_tree_top(&real));
        tops().insert(dir.to_path_buf(), top.clone());
        top
    }
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
    if walk.is_over() {
        return walk.finish();
    }
    let Some((dir, name, top)) = located(real_path) else {
        return walk.finish();
    };
    let real = dir.join(&name);
    let Ok(rel) = real.strip_prefix(&top) else {
        return walk.finish();
    };
    if !tracked(&real, &top) {
        return walk.finish();
    }
    let mut path = rel.as_os_str().to_os_string();
    let mut from: Option<String> = None;
    let mut blobs: Option<git::Blobs> = None;
    let mut bytes = Vec::new();
    // One `git log` for the file's name, then one for each older name a rename
    // gave it (a bound on them, should renames go round in circles).
    for _ in 0..RENAMES {
        let Some(mut log) = git::Log::start(&top, from.as_deref(), &path) else {
            break;
        };
        while !walk.is_over() {
            let Some(version) = log.next() else { break };
            if !walk.wants(&version.commit) {
                continue;
            }
            let content = match &version.content {
                git::Content::Gone => Content::Gone,
                git::Content::Unknown => Content::Unknown,
                git::Content::Blob(blob) => {
                    if blobs.is_none() {
                        blobs = git::Blobs::start(&top);
                    }
                    let Some(reader) = blobs.as_mut() else { break };
                    match reader.read(blob, &mut bytes) {
                        None => break,
                        // A version that cannot be read is passed over.
                        Some(false) => Content::Unknown,
                        Some(true) => Content::Text(&mut bytes),
                    }
                }
            };
            walk.version(&version.commit, &version.parents, version.day, content);
        }
        drop(log);
        walk.end_of_log();
        // Where the file first appears under this name: a rename?
        let Some((commit, older)) = walk.next_start(|commit| {
            use std::os::unix::ffi::OsStrExt;
            git::renamed_from(&top, commit, &path).map(|p| OsStr::from_bytes(&p).to_os_string())
        }) else {
            break;
        };
        from = Some(format!("{commit}^1"));
        path = older;
    }
    walk.finish()
}

/// How many `git log`s one plan's history may take: its name and older names.
const RENAMES: usize = 64;

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

/// What a version of the plan holds, as [`Walk::version`] is given it.
enum Content<'a> {
    /// The file's bytes (swapped with a spare buffer, to read the next into).
    Text(&'a mut Vec<u8>),
    /// No such file there.
    Gone,
    /// Not known: the same as in the versions it came from.
    Unknown,
}

/// What the version a task is followed from is: the file on disk, or a commit of
/// that day. A task done there and in none of the versions it came from was
/// ticked there: today (not committed yet) or that day.
#[derive(Debug, Clone, Copy)]
enum Newer {
    Disk,
    Commit(Option<NaiveDate>),
}

/// A version of the plan reached by the walk, with the tasks followed through it,
/// kept until every version it came from has been read.
struct Node {
    newer_is: Newer,
    shape: Shape,
    /// Its bytes (none for the file on disk) and where its tasks' boxes are, to
    /// tell a version that differs from it only by ticks without parsing it.
    bytes: Option<(Vec<u8>, Vec<usize>)>,
    /// The tasks done here and followed: each one's index on disk and here.
    following: Vec<(usize, usize)>,
    /// For each of them: whether it is done in a version this one came from (its
    /// tick is further back), and whether it is open in one.
    done_before: Vec<bool>,
    open_before: Vec<bool>,
    /// How many of the versions it came from are still to be read.
    waiting: usize,
}

impl Node {
    fn new(newer_is: Newer, shape: Shape, bytes: Option<(Vec<u8>, Vec<usize>)>) -> Node {
        Node {
            newer_is,
            shape,
            bytes,
            following: Vec::new(),
            done_before: Vec::new(),
            open_before: Vec::new(),
            waiting: 0,
        }
    }

    /// The date a task done here and in none of the versions it came from gets.
    fn ticked(&self, today: NaiveDate) -> Inferred {
        match self.newer_is {
            Newer::Disk => Some((today, DoneSource::Worktree)),
            Newer::Commit(day) => day.map(|d| (d, DoneSource::Git)),
        }
    }
}

/// The walk back through the versions of a plan, from the file on disk, in the
/// graph of the file's history: each version read before the ones it came from.
///
/// A task done in a version is followed into each version it came from (by
/// [`Shape::find`]) in which it is done too: its tick is further back on that
/// line. A version in which it is done, open in a version it came from and done
/// in none, ticked it (a commit's ordinary tick; a merge ticks only where every
/// side had the task open); one where it is in none of them (added done, or the
/// start of the history) says nothing. Where several lines of history each
/// ticked a task (ticked on both sides of a merge), the earliest tick is its
/// date. On one line, the tick found is the last after which the task stayed
/// done: a task ticked, unticked and ticked again is dated by the last tick.
struct Walk {
    today: NaiveDate,
    /// The answer so far, one entry per task on disk.
    found: Vec<Inferred>,
    /// The versions reached: their tasks' trail, until resolved.
    nodes: Vec<Node>,
    /// For each commit still to be read: the versions (in `nodes`) that came from
    /// it, one entry for each time.
    pending: HashMap<String, Vec<usize>>,
    /// The versions the next version read came from, whatever its commit: the
    /// file on disk for the first, a renamed file's first version for the first
    /// version under its older name.
    first: Vec<usize>,
    /// Versions that came from no version of the file under its name, with
    /// tasks still followed: where the file was created, or renamed from another.
    starts: Vec<(String, usize)>,
}

impl Walk {
    fn new(plan: &Plan, today: NaiveDate) -> Walk {
        let following: Vec<(usize, usize)> = plan
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| undated(t))
            .map(|(i, _)| (i, i))
            .collect();
        let mut walk = Walk {
            today,
            found: vec![None; plan.tasks.len()],
            nodes: Vec::new(),
            pending: HashMap::new(),
            first: Vec::new(),
            starts: Vec::new(),
        };
        if !following.is_empty() {
            let mut disk = Node::new(Newer::Disk, Shape::of(plan), None);
            disk.done_before = vec![false; following.len()];
            disk.open_before = vec![false; following.len()];
            disk.following = following;
            disk.waiting = 1;
            walk.nodes.push(disk);
            walk.first.push(0);
        }
        walk
    }

    /// Whether every task asked about has its answer, as far as this `git log`
    /// can give it (a version where a rename may start another is left for
    /// [`Walk::next_start`]).
    fn is_over(&self) -> bool {
        self.pending.is_empty() && self.first.is_empty()
    }

    /// Whether the version of `commit` is needed: a version reached came from it.
    fn wants(&self, commit: &str) -> bool {
        !self.first.is_empty() || self.pending.contains_key(commit)
    }

    /// The version of `commit` (of `day`), which came from the versions of
    /// `parents`.
    fn version(
        &mut self,
        commit: &str,
        parents: &[String],
        day: Option<NaiveDate>,
        content: Content<'_>,
    ) {
        let mut newer = std::mem::take(&mut self.first);
        newer.extend(self.pending.remove(commit).unwrap_or_default());
        if newer.is_empty() {
            return;
        }
        let made = match content {
            Content::Text(bytes) => self.node_of(newer[0], day, bytes),
            Content::Unknown => None,
            Content::Gone => {
                for n in newer {
                    self.read_one(n);
                }
                return;
            }
        };
        // No text, or not known: the versions it came from stand in for it.
        let Some((node, same)) = made else {
            for n in newer {
                if parents.is_empty() {
                    self.read_one(n);
                    continue;
                }
                // Once for each commit, however many ways it is reached.
                let mut added = 0;
                for parent in parents {
                    let waiting = self.pending.entry(parent.clone()).or_default();
                    if !waiting.contains(&n) {
                        waiting.push(n);
                        added += 1;
                    }
                }
                if let Some(node) = self.nodes.get_mut(n) {
                    node.waiting += added;
                }
                self.read_one(n);
            }
            return;
        };
        let mut here = node;
        let merged = newer.len() > 1;
        let mut seen = std::collections::HashSet::new();
        for (k, &n) in newer.iter().enumerate() {
            let Some(child) = self.nodes.get_mut(n) else {
                continue;
            };
            for (i, &(task, at)) in child.following.iter().enumerate() {
                let then = if k == 0 && same {
                    Some(at)
                } else {
                    here.shape.find(&child.shape, at)
                };
                let Some(then) = then else { continue };
                if here.shape.status.get(then) == Some(&Status::Done) {
                    child.done_before[i] = true;
                    if !merged || seen.insert((task, then)) {
                        here.following.push((task, then));
                    }
                } else {
                    child.open_before[i] = true;
                }
            }
            self.read_one(n);
        }
        if here.following.is_empty() {
            return;
        }
        here.done_before = vec![false; here.following.len()];
        here.open_before = vec![false; here.following.len()];
        let mut parents: Vec<&String> = parents.iter().collect();
        parents.sort_unstable();
        parents.dedup();
        here.waiting = parents.len().max(1);
        let at = self.nodes.len();
        self.nodes.push(here);
        if parents.is_empty() {
            self.starts.push((commit.to_string(), at));
        }
        for parent in parents {
            self.pending.entry(parent.clone()).or_default().push(at);
        }
    }

    /// The node of a version holding `bytes`, made by a commit of `day`, and
    /// whether it was made from that of `newer` (a version that differs from it
    /// only by boxes: the same tasks, at the same indices). `None` when it is no
    /// text.
    fn node_of(
        &mut self,
        newer: usize,
        day: Option<NaiveDate>,
        bytes: &mut Vec<u8>,
    ) -> Option<(Node, bool)> {
        let newer_is = Newer::Commit(day);
        // Most commits to a plan tick tasks and do nothing else: the same bytes
        // but for boxes, so the same tasks and sections, with other statuses.
        if let Some(node) = self.nodes.get_mut(newer)
            && let Some((old, boxes)) = &node.bytes
            && let Some(flips) = flips(old, bytes, boxes)
        {
            // The last version to come from it takes its shape; another copies.
            let (mut shape, mut spare, boxes) = if node.waiting == 1 {
                let (spare, boxes) = node.bytes.take().unwrap_or_default();
                (std::mem::take(&mut node.shape), spare, boxes)
            } else {
                (node.shape.clone(), Vec::new(), boxes.clone())
            };
            for (task, status) in flips {
                if let Some(slot) = shape.status.get_mut(task) {
                    *slot = status;
                }
            }
            std::mem::swap(&mut spare, bytes);
            return Some((Node::new(newer_is, shape, Some((spare, boxes))), true));
        }
        let text = std::str::from_utf8(bytes).ok()?;
        let older = Plan::parse_to_look(PathBuf::new(), text);
        let boxes = older.tasks.iter().map(|t| t.offset).collect();
        let shape = Shape::of(&older);
        let node = Node::new(newer_is, shape, Some((std::mem::take(bytes), boxes)));
        Some((node, false))
    }

    /// One of the versions node `n` came from has been read (or is not to be):
    /// once all are, its tasks done in none of them and open in one were ticked
    /// there.
    fn read_one(&mut self, n: usize) {
        let today = self.today;
        let Some(node) = self.nodes.get_mut(n) else {
            return;
        };
        node.waiting = node.waiting.saturating_sub(1);
        if node.waiting > 0 {
            return;
        }
        let ticked = node.ticked(today);
        for (i, &(task, _)) in node.following.iter().enumerate() {
            let before = (node.done_before.get(i), node.open_before.get(i));
            if before != (Some(&false), Some(&true)) {
                continue;
            }
            if let (Some(slot), Some(tick)) = (self.found.get_mut(task), ticked)
                && slot.is_none_or(|(day, _)| tick.0 < day)
            {
                *slot = Some(tick);
            }
        }
        // Resolved: what it held is no longer needed.
        *node = Node::new(node.newer_is, Shape::default(), None);
    }

    /// The end of one `git log`: commits it never showed (past a shallow clone's
    /// edge, or stopped early) hold no version of the file.
    fn end_of_log(&mut self) {
        let mut unread: Vec<usize> = std::mem::take(&mut self.first);
        for (_, nodes) in self.pending.drain() {
            unread.extend(nodes);
        }
        for n in unread {
            self.read_one(n);
        }
    }

    /// The next version where the file first appears under its name with tasks
    /// still followed, whose older name `renamed` gives: its commit and that
    /// name, with the walk set to go on from the older name's first version.
    /// Versions with no older name are the start of their history.
    fn next_start(
        &mut self,
        mut renamed: impl FnMut(&str) -> Option<OsString>,
    ) -> Option<(String, OsString)> {
        while let Some((commit, n)) = self.starts.pop() {
            if let Some(older) = renamed(&commit) {
                self.first.push(n);
                return Some((commit, older));
            }
            self.read_one(n);
        }
        None
    }

    /// The answer: whatever is still followed is at the start of its history.
    fn finish(mut self) -> Vec<Inferred> {
        self.end_of_log();
        while self.next_start(|_| None).is_some() {}
        self.found
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

/// What following tasks from one version of a plan to another needs of it.
#[derive(Default, Clone)]
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
    /// its commit day, each made from the next) as `infer` does with git's.
    fn trace(disk: &str, versions: &[(u32, &str)]) -> Vec<Inferred> {
        let n = versions.len();
        let parents: Vec<Vec<usize>> = (1..=n).map(|p| (p..n).take(1).collect()).collect();
        let graph: Vec<(u32, &str, &[usize])> = versions
            .iter()
            .zip(&parents)
            .map(|(&(d, text), parents)| (d, text, parents.as_slice()))
            .collect();
        walk(disk, &graph)
    }

    /// Follows the tasks of `disk` back through a graph of versions, in an order
    /// that never shows a version before one made from it: each with its commit
    /// day, its text and the indices of the versions it was made from.
    fn walk(disk: &str, versions: &[(u32, &str, &[usize])]) -> Vec<Inferred> {
        let disk = plan(disk);
        let mut walk = Walk::new(&disk, day(TODAY).unwrap());
        let id = |i: usize| format!("{i:040x}");
        for (i, (d, text, parents)) in versions.iter().enumerate() {
            if walk.is_over() {
                break;
            }
            let parents: Vec<String> = parents.iter().map(|&p| id(p)).collect();
            let mut bytes = text.as_bytes().to_vec();
            walk.version(&id(i), &parents, day(*d), Content::Text(&mut bytes));
        }
        walk.finish()
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
    fn a_tick_on_either_side_of_a_merge_is_dated_by_its_own_commit() {
        // 0: merge of 1 (main) and 2 (branch); both from 3.
        let found = walk(
            "- [x] a\n- [x] b\n- [ ] c\n",
            &[
                (10, "- [x] a\n- [x] b\n- [ ] c\n", &[1, 2]),
                (3, "- [ ] a\n- [x] b\n- [ ] c\n", &[3]),
                (5, "- [x] a\n- [ ] b\n- [ ] c\n", &[3]),
                (1, "- [ ] a\n- [ ] b\n- [ ] c\n", &[]),
            ],
        );
        assert_eq!(found, [git(5), git(3), None]);
    }

    #[test]
    fn a_merge_ticks_only_what_every_side_had_open_and_both_sides_take_the_earlier() {
        let found = walk(
            "- [x] a\n- [x] b\n",
            &[
                // A merge that ticked b itself (an edit while resolving it).
                (10, "- [x] a\n- [x] b\n", &[1, 2]),
                (7, "- [x] a\n- [ ] b\n", &[3]),
                (4, "- [x] a\n- [ ] b\n", &[3]),
                (1, "- [ ] a\n- [ ] b\n", &[]),
            ],
        );
        assert_eq!(found, [git(4), git(10)]);
    }

    #[test]
    fn criss_cross_merges_reach_each_version_once_and_date_the_first_tick() {
        // 0 merges 1 and 2; each of them merges 3 and 4; 3 and 4 come from 5.
        let found = walk(
            "- [x] a\n- [x] b\n",
            &[
                (20, "- [x] a\n- [x] b\n", &[1, 2]),
                (12, "- [x] a\n- [x] b\n", &[3, 4]),
                (11, "- [x] a\n- [x] b\n", &[4, 3]),
                (6, "- [x] a\n- [ ] b\n", &[5]),
                (8, "- [ ] a\n- [x] b\n", &[5]),
                (2, "- [ ] a\n- [ ] b\n", &[]),
            ],
        );
        assert_eq!(found, [git(6), git(8)]);
    }

    #[test]
    fn stamped_and_open_tasks_are_not_asked_about() {
        let disk = plan("- [x] a ✅ 2026-11-01\n- [ ] b\n");
        assert!(!wants(&disk));
        let walk = Walk::new(&disk, day(TODAY).unwrap());
        assert!(walk.is_over());
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
    fn work_trees_answer_as_in_work_tree_each_folder_asked_once() {
        let dir = tempfile::tempdir().unwrap();
        let files = ["a/p.md", "a/q.md", "b/r.md"].map(|f| dir.path().join(f));
        for f in &files {
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            std::fs::write(f, "- [x] a\n").unwrap();
        }
        let trees = WorkTrees::default();
        for f in &files {
            assert_eq!(trees.hold(f), in_work_tree(f), "{}", f.display());
        }
        assert!(!trees.hold(&dir.path().join("a/missing.md")));
        // Two folders asked, whatever the number of plans in them.
        assert_eq!(trees.tops.lock().unwrap().len(), 2);
        // A `.git` made since is seen by the trees of a new run.
        std::fs::write(dir.path().join(".git"), "gitdir: nowhere\n").unwrap();
        let next_run = WorkTrees::default();
        assert!(files.iter().all(|f| next_run.hold(f)));
        // A plan linked from elsewhere is where its link leads; a folder named
        // by a relative path is the same folder.
        let elsewhere = tempfile::tempdir().unwrap();
        let link = elsewhere.path().join("linked.md");
        std::os::unix::fs::symlink(&files[0], &link).unwrap();
        let third_run = WorkTrees::default();
        assert!(third_run.hold(&link));
        assert!(!third_run.hold(&elsewhere.path().join("x.md")));
        let beside = elsewhere.path().join("plain.md");
        std::fs::write(&beside, "- [ ] a\n").unwrap();
        assert_eq!(third_run.hold(&beside), in_work_tree(&beside));
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
