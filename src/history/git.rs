//! The two `git` processes history is read through: `git log` for the versions of
//! one file, newest first, renames followed, and `git cat-file --batch` for what
//! each version holds. Nothing here knows about plans.
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

/// One version of the file: the author day of the commit that made it (in the
/// commit's own time zone) and the blob it holds, `None` where the commit deleted
/// the file or made it something else than a regular file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Version {
    /// The calendar day of the author date, as the author's clock showed it.
    pub day: Option<NaiveDate>,
    /// The blob's ID, in hex.
    pub blob: Option<String>,
}

/// `git log --follow` over one file, read as it comes: the versions newest first.
pub(super) struct Log {
    child: Child,
    out: BufReader<ChildStdout>,
    token: Vec<u8>,
    /// The day of the commit whose raw lines come next.
    day: Option<Option<NaiveDate>>,
}

impl Log {
    /// Starts `git log` on the file `name` of the folder `dir`.
    ///
    /// `--topo-order` keeps each line of history together and never shows a parent
    /// before its children (by date it would, under clock skew); `-m` gives a merge
    /// its own version (its diff to each parent; the result is the same blob), so
    /// a tick that arrives by a merge is seen where it arrives.
    pub fn start(dir: &Path, name: &OsStr) -> Option<Log> {
        let mut child = git(dir)
            .args([
                "log",
                "--follow",
                "--topo-order",
                "-m",
                "--raw",
                "--no-abbrev",
                "-z",
                "--no-color",
                "--no-notes",
                "--no-ext-diff",
                "--no-textconv",
                "--format=%H %ai",
                "--",
            ])
            .arg(name)
            .stdin(Stdio::null())
            .spawn()
            .ok()?;
        let out = BufReader::with_capacity(64 * 1024, child.stdout.take()?);
        Some(Log {
            child,
            out,
            token: Vec::new(),
            day: None,
        })
    }

    /// The next version, older than the last; `None` at the end of the history, or
    /// where the output stops making sense.
    pub fn next(&mut self) -> Option<Version> {
        loop {
            if !self.read_token() {
                return None;
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
                    return Some(Version {
                        day: self.day?,
                        blob,
                    });
                }
                Some(_) => self.day = Some(Some(header(token)?).flatten()),
            }
        }
    }

    /// Reads the next NUL-ended token into `self.token`; false at the end.
    fn read_token(&mut self) -> bool {
        self.token.clear();
        matches!(self.out.read_until(0, &mut self.token), Ok(n) if n > 0)
    }
}

impl Drop for Log {
    fn drop(&mut self) {
        // Stopped early, git may still be walking: it is ours to end.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A token without its NUL and the newlines git puts between a commit's header
/// and its raw lines.
fn trimmed(token: &[u8]) -> &[u8] {
    let token = token.strip_suffix(b"\0").unwrap_or(token);
    let start = token.iter().take_while(|&&b| b == b'\n').count();
    token.get(start..).unwrap_or_default()
}

/// A commit's header, `%H %ai` (`3f…9c 2026-11-10 23:30:00 +0300`): its day.
/// `None` when it is no header; `Some(None)` when its date is no date.
fn header(token: &[u8]) -> Option<Option<NaiveDate>> {
    let text = std::str::from_utf8(token).ok()?;
    let (hash, date) = text.split_once(' ')?;
    if hash.len() < 40 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some(
        date.get(..10)
            .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()),
    )
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
    fn headers_give_the_author_day_as_written() {
        let day = |text: &str| header(text.as_bytes());
        assert_eq!(
            day(&format!("{A} 2026-11-10 23:30:00 +0300")),
            Some(NaiveDate::from_ymd_opt(2026, 11, 10))
        );
        assert_eq!(day(&format!("{A} soon")), Some(None));
        assert_eq!(day("abc 2026-11-10 23:30:00 +0300"), None, "not a hash");
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
