//! The `git` processes history is read through: `git log` for the versions of one
//! file with the versions each came from, `git diff-tree` for the name a file was
//! renamed from, and `git cat-file --batch` for what each version holds. Nothing
//! here knows about plans.
//!
//! git runs against whatever the user's configuration says, so every option whose
//! default a config key could change is given on the command line, paths go after
//! `--` as they are (bytes, not text) and are taken literally, and the output is
//! NUL-separated. Every failure is `None`: git missing, not a work tree, dubious
//! ownership, a file never committed, output that does not parse. git's stderr goes
//! nowhere, so none of it reaches the user.

use std::ffi::OsStr;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use chrono::NaiveDate;

/// Variables that would point git at another repository than the one around the
/// plan (a hook sets `GIT_DIR` and `GIT_INDEX_FILE`, relative to its own folder):
/// the repository asked is the one whose `.git` was found above the plan.
const ELSEWHERE: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
];

/// Past this size a version is not read (the plan on disk was read whole; a
/// version this large is something else that once had its name).
const LARGEST: u64 = 256 << 20;

/// `git` in `dir`, with the options every call shares.
fn git(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command.arg("--no-pager");
    for setting in [
        "color.ui=never",
        // A signature check would write gpg's lines into the log.
        "log.showSignature=false",
        // `-m` below: one diff per parent, whatever this says (git 2.32 and later).
        "log.diffMerges=separate",
        // The first commit's file is a version too.
        "log.showRoot=true",
        // `--follow` (which this would imply) keeps no parents: see `Log::start`.
        "log.follow=false",
    ] {
        command.args(["-c", setting]);
    }
    command.arg("--literal-pathspecs").arg("-C").arg(dir);
    for name in ELSEWHERE {
        command.env_remove(name);
    }
    // Read-only: take no lock a concurrent `git commit` would trip on, and never
    // fetch a missing blob of a partial clone over the network (git 2.44 and later).
    command
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    command
}

/// The files git tracks in the work tree whose top is `top`, as paths from the top
/// (bytes); `None` when git cannot say.
pub(super) fn tracked_files(top: &Path) -> Option<std::collections::HashSet<Vec<u8>>> {
    let out = git(top)
        .args(["ls-files", "-z", "--full-name", "--"])
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Some(
        out.stdout
            .split(|&b| b == 0)
            .filter(|p| !p.is_empty())
            .map(<[u8]>::to_vec)
            .collect(),
    )
}

/// One version of the file: the commit that made it, the versions it came from,
/// the author day of the commit (in the commit's own time zone) and what the file
/// holds there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Version {
    /// The commit's ID, in hex.
    pub commit: String,
    /// Its parents in the history of the file, as git simplified it: each the
    /// last commit before it on that line of history that changed the file.
    pub parents: Vec<String>,
    /// The calendar day of the author date, as the author's clock showed it.
    pub day: Option<NaiveDate>,
    /// What the file is there.
    pub content: Content,
}

/// What a version of the file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Content {
    /// A regular file: the blob's ID, in hex.
    Blob(String),
    /// No file (deleted), or something else than a regular file.
    Gone,
    /// git showed the commit with no diff of the file: the same as its parents.
    Unknown,
}

/// A commit's header as read, before its raw line.
struct Header {
    commit: String,
    parents: Vec<String>,
    day: Option<NaiveDate>,
    /// Whether its version was given already (`-m` repeats a merge's header and
    /// raw line for each parent).
    given: bool,
}

/// `git log` over one file, read as it comes: its versions, each before the ones
/// it came from.
pub(super) struct Log {
    child: Child,
    out: BufReader<ChildStdout>,
    token: Vec<u8>,
    /// The commit whose raw lines come next.
    header: Option<Header>,
}

impl Log {
    /// Starts `git log` on the file at `path` (from the top of the work tree
    /// `top`), from `from` (a revision; `HEAD` when `None`).
    ///
    /// No `--follow`: its rename tracking is one path for the whole walk, made for
    /// a single line of history. A rename is found where the file first appears
    /// under its name ([`renamed_from`]), and its older name read by another `Log`.
    ///
    /// `--parents` gives each version the versions it came from: the history of
    /// the file as `--simplify-merges` leaves it, where a commit's parents are the
    /// last commits on each line before it that changed the file, and a merge is
    /// kept only where both sides changed it (not a merge that brought in other
    /// files, nor one from a side that left the file alone). `--topo-order` never
    /// shows a version before one that came from it, whatever the dates. `-m`
    /// gives a merge a raw line (its diff to each parent that differs: the first
    /// is read, the new blob is the same in all); a merge whose file is the same
    /// as every parent's has none, and is [`Content::Unknown`].
    pub fn start(top: &Path, from: Option<&str>, path: &OsStr) -> Option<Log> {
        let mut child = git(top)
            .args([
                "log",
                "--parents",
                "--simplify-merges",
                "--topo-order",
                "-m",
                "--no-renames",
                "--raw",
                "--no-abbrev",
                "-z",
                "--no-color",
                "--no-notes",
                "--no-ext-diff",
                "--no-textconv",
                "--format=%H%x1f%P%x1f%ai",
            ])
            .args(from)
            .arg("--")
            .arg(path)
            .stdin(Stdio::null())
            .spawn()
            .ok()?;
        let out = BufReader::with_capacity(64 * 1024, child.stdout.take()?);
        Some(Log {
            child,
            out,
            token: Vec::new(),
            header: None,
        })
    }

    /// The next version; `None` at the end of the history, or where the output
    /// stops making sense.
    pub fn next(&mut self) -> Option<Version> {
        loop {
            if !self.read_token() {
                // A last header with no raw line.
                return self.header.take().and_then(unknown);
            }
            let token = trimmed(&self.token);
            match token.first() {
                None => continue,
                Some(b':') => {
                    let (blob, paths) = raw(token)?;
                    for _ in 0..paths {
                        if !self.read_token() {
                            return None;
                        }
                    }
                    let header = self.header.as_mut()?;
                    if header.given {
                        continue;
                    }
                    header.given = true;
                    return Some(Version {
                        commit: header.commit.clone(),
                        parents: header.parents.clone(),
                        day: header.day,
                        content: blob.map_or(Content::Gone, Content::Blob),
                    });
                }
                Some(_) => {
                    let (commit, parents, day) = header(token)?;
                    if self.header.as_ref().is_some_and(|h| h.commit == commit) {
                        continue;
                    }
                    let last = self.header.replace(Header {
                        commit,
                        parents,
                        day,
                        given: false,
                    });
                    if let Some(version) = last.and_then(unknown) {
                        return Some(version);
                    }
                }
            }
        }
    }

    /// Reads the next NUL-ended token into `self.token`; false at the end.
    fn read_token(&mut self) -> bool {
        self.token.clear();
        matches!(self.out.read_until(0, &mut self.token), Ok(n) if n > 0)
    }
}

/// The version of a commit shown with no raw line, if its version was not given.
fn unknown(header: Header) -> Option<Version> {
    (!header.given).then_some(Version {
        commit: header.commit,
        parents: header.parents,
        day: header.day,
        content: Content::Unknown,
    })
}

impl Drop for Log {
    fn drop(&mut self) {
        // Stopped early, git may still be walking: it is ours to end.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The path (from the top of the work tree `top`) that the file at `path` had
/// before `commit`, in which it first appears under that name: the file renamed
/// from, as `git log --follow` finds it (renames against the commit's first
/// parent, over the whole tree, at git's default similarity). `None` when it was
/// no rename, or git cannot say.
pub(super) fn renamed_from(top: &Path, commit: &str, path: &OsStr) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    if !is_id(commit) {
        return None;
    }
    let out = git(top)
        .args([
            "diff-tree",
            "-r",
            "-M",
            "--raw",
            "-z",
            "--no-commit-id",
            "--no-ext-diff",
            "--no-textconv",
        ])
        .arg(format!("{commit}^1"))
        .arg(commit)
        .arg("--")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    // `:MODES IDS STATUS`, then one path or two, each NUL-ended.
    let mut tokens = out.stdout.split(|&b| b == 0);
    while let Some(token) = tokens.next() {
        if token.is_empty() {
            continue;
        }
        let text = std::str::from_utf8(token).ok()?;
        let status = text.rsplit(' ').next()?;
        let (_, paths) = raw(token)?;
        let from = tokens.next()?;
        let to = if paths == 2 { tokens.next()? } else { from };
        if status.starts_with('R') && to == path.as_bytes() {
            return Some(from.to_vec());
        }
    }
    None
}

/// Whether `text` is a full object ID.
fn is_id(text: &str) -> bool {
    text.len() >= 40 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A token without its NUL and the newlines git puts between a commit's header
/// and its raw lines.
fn trimmed(token: &[u8]) -> &[u8] {
    let token = token.strip_suffix(b"\0").unwrap_or(token);
    let start = token.iter().take_while(|&&b| b == b'\n').count();
    token.get(start..).unwrap_or_default()
}

/// A commit's header, `%H␟%P␟%ai` (`3f…9c␟a1…07 5e…d2␟2026-11-10 23:30:00 +0300`):
/// its ID, its parents and its day (`None` when its date is no date). `None` when
/// it is no header.
fn header(token: &[u8]) -> Option<(String, Vec<String>, Option<NaiveDate>)> {
    let text = std::str::from_utf8(token).ok()?;
    let mut fields = text.split('\x1f');
    let (hash, parents, date) = (fields.next()?, fields.next()?, fields.next()?);
    if !is_id(hash) {
        return None;
    }
    let parents: Vec<String> = parents
        .split(' ')
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect();
    if !parents.iter().all(|p| is_id(p)) {
        return None;
    }
    let day = date.get(..10).and_then(crate::plan::iso_date);
    Some((hash.to_string(), parents, day))
}

/// A raw diff line, `:100644 100644 OLD NEW M` (or, for a merge in combined form,
/// `::100644 100644 100644 A B NEW MM`): the new blob, if it is a regular file,
/// and how many path tokens follow (two for a rename or a copy).
fn raw(token: &[u8]) -> Option<(Option<String>, usize)> {
    let text = std::str::from_utf8(token).ok()?;
    let parents = text.bytes().take_while(|&b| b == b':').count();
    let fields: Vec<&str> = text.get(parents..)?.split(' ').collect();
    let mode = fields.get(parents)?;
    let blob = fields.get(2 * parents + 1)?;
    let status = fields.get(2 * parents + 2)?;
    let paths = if parents == 1 && (status.starts_with('R') || status.starts_with('C')) {
        2
    } else {
        1
    };
    let regular = mode.starts_with("100");
    let present = blob.bytes().any(|b| b != b'0');
    if !blob.bytes().all(|b| b.is_ascii_hexdigit()) || blob.len() < 40 {
        return None;
    }
    Some(((regular && present).then(|| blob.to_string()), paths))
}

/// `git cat-file --batch`: blobs by ID, one at a time.
pub(super) struct Blobs {
    child: Child,
    input: ChildStdin,
    out: BufReader<ChildStdout>,
    header: Vec<u8>,
}

impl Blobs {
    /// Starts `git cat-file --batch` in `dir`.
    pub fn start(dir: &Path) -> Option<Blobs> {
        let mut child = git(dir)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .spawn()
            .ok()?;
        let input = child.stdin.take();
        let out = child.stdout.take();
        let (Some(input), Some(out)) = (input, out) else {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        };
        Some(Blobs {
            child,
            input,
            out: BufReader::with_capacity(64 * 1024, out),
            header: Vec::new(),
        })
    }

    /// Reads the blob `id` into `into`: `Some(true)` when read, `Some(false)` when
    /// git has no such blob or it is too large, `None` when git cannot go on.
    /// (cat-file writes each object as soon as it is asked for: no `--buffer`.)
    pub fn read(&mut self, id: &str, into: &mut Vec<u8>) -> Option<bool> {
        if !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some(false);
        }
        let asked = self
            .input
            .write_all(id.as_bytes())
            .and_then(|()| self.input.write_all(b"\n"))
            .and_then(|()| self.input.flush());
        asked.ok()?;
        self.header.clear();
        self.out.read_until(b'\n', &mut self.header).ok()?;
        // `ID blob SIZE`, or `ID missing` with nothing after it.
        let header = std::str::from_utf8(&self.header).ok()?;
        let mut parts = header.trim_end().split(' ');
        let kind = parts.nth(1)?;
        let Some(size) = parts.next() else {
            return Some(false);
        };
        let size: u64 = size.parse().ok()?;
        if kind != "blob" || size > LARGEST {
            io::copy(&mut (&mut self.out).take(size + 1), &mut io::sink()).ok()?;
            return Some(false);
        }
        into.clear();
        into.try_reserve(usize::try_from(size).ok()?).ok()?;
        (&mut self.out).take(size).read_to_end(into).ok()?;
        let mut newline = [0u8];
        self.out.read_exact(&mut newline).ok()?;
        (into.len() as u64 == size).then_some(true)
    }
}

impl Drop for Blobs {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "8b4bafe6a25c66d3ebc444f52e35e9428a2857e9";
    const B: &str = "711b8b520fe90d4ad55f48c1465ca297f15d5c0c";
    const ZERO: &str = "0000000000000000000000000000000000000000";

    #[test]
    fn headers_give_the_commit_its_parents_and_the_author_day_as_written() {
        let day = |text: &str| header(text.as_bytes());
        assert_eq!(
            day(&format!("{A}\x1f{B} {A}\x1f2026-11-10 23:30:00 +0300")),
            Some((
                A.to_string(),
                vec![B.to_string(), A.to_string()],
                NaiveDate::from_ymd_opt(2026, 11, 10)
            ))
        );
        assert_eq!(
            day(&format!("{A}\x1f\x1fsoon")),
            Some((A.to_string(), vec![], None))
        );
        assert_eq!(
            day("abc\x1f\x1f2026-11-10 23:30:00 +0300"),
            None,
            "not a hash"
        );
        assert_eq!(day(&format!("{A}\x1fxyz\x1f2026-11-10")), None);
        assert_eq!(day(&format!("{A} 2026-11-10 23:30:00 +0300")), None);
        assert_eq!(day(":100644"), None);
    }

    #[test]
    fn raw_lines_give_the_new_blob_and_how_many_paths_follow() {
        let line = |text: String| raw(text.as_bytes());
        assert_eq!(
            line(format!(":100644 100644 {A} {B} M")),
            Some((Some(B.to_string()), 1))
        );
        assert_eq!(
            line(format!(":100644 100644 {A} {B} R087")),
            Some((Some(B.to_string()), 2))
        );
        assert_eq!(
            line(format!(":000000 100755 {ZERO} {A} A")),
            Some((Some(A.to_string()), 1))
        );
        assert_eq!(
            line(format!(":100644 000000 {A} {ZERO} D")),
            Some((None, 1))
        );
        assert_eq!(line(format!(":100644 120000 {A} {B} T")), Some((None, 1)));
        assert_eq!(
            line(format!("::100644 100644 100644 {A} {A} {B} MM")),
            Some((Some(B.to_string()), 1))
        );
        assert_eq!(line(":100644 100644 zz".to_string()), None);
    }

    #[test]
    fn tokens_lose_their_nul_and_leading_newlines() {
        assert_eq!(trimmed(b"\n:100644\0"), b":100644");
        assert_eq!(trimmed(b"\0"), b"");
        assert_eq!(trimmed(b"name\n\0"), b"name\n");
    }
}
