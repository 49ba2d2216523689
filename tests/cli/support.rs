//! The sandbox every integration test runs in: a temp dir, byte helpers, and a
//! `roadmap` command that runs there with the environment pinned.

#![allow(dead_code)]

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The date tests run on, for done dates.
pub const TODAY: &str = "2026-11-24";

/// A temporary working directory.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    /// An empty sandbox.
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A sandbox holding the bundled plans in `plans/`.
    pub fn with_bundled_plans() -> Sandbox {
        let sandbox = Sandbox::new();
        for name in ["go-backend.md", "backend-roadmap.md"] {
            sandbox.write(
                &format!("plans/{name}"),
                fs::read(repo().join("plans").join(name)).unwrap(),
            );
        }
        sandbox
    }

    /// The sandbox's path.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file, creating directories.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, bytes).unwrap();
        path
    }

    /// Reads a file's bytes.
    pub fn read(&self, rel: &str) -> Vec<u8> {
        fs::read(self.path().join(rel)).unwrap()
    }

    /// Reads a file as text.
    pub fn read_text(&self, rel: &str) -> String {
        String::from_utf8(self.read(rel)).unwrap()
    }

    /// `roadmap` with its working directory here.
    pub fn roadmap(&self) -> Command {
        let mut cmd = roadmap();
        cmd.current_dir(self.path());
        cmd
    }

    /// Runs `roadmap ARGS` here and returns what it printed and its status.
    pub fn run(&self, args: &[&str]) -> Output {
        self.roadmap().args(args).output().unwrap()
    }

    /// Runs `roadmap ARGS --format json` here, checks it succeeded, and parses
    /// the array it printed.
    pub fn tasks(&self, args: &[&str]) -> Vec<serde_json::Value> {
        let out = self
            .roadmap()
            .args(args)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        json(&out)
    }

    /// Creates a directory and its parents.
    pub fn mkdir(&self, rel: &str) -> PathBuf {
        let path = self.path().join(rel);
        fs::create_dir_all(&path).unwrap();
        path
    }

    /// Makes `rel` a symbolic link to `target` (as written, relative to the link).
    pub fn symlink(&self, target: &str, rel: &str) -> PathBuf {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        std::os::unix::fs::symlink(target, &path).unwrap();
        path
    }

    /// What identifies a file's state on disk (see [`FileState`]).
    pub fn state(&self, rel: &str) -> FileState {
        FileState::of(&self.path().join(rel))
    }
}

/// A file's state on disk: a rename over it changes the inode, any write changes
/// the mtime (compared to the nanosecond), so equal states mean no write happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    pub ino: u64,
    pub mtime: i64,
    pub mtime_nsec: i64,
    pub mode: u32,
    pub nlink: u64,
    pub bytes: Vec<u8>,
}

impl FileState {
    /// The state of the file at `path` (following symlinks).
    pub fn of(path: &Path) -> FileState {
        let meta = fs::metadata(path).unwrap();
        FileState {
            ino: meta.ino(),
            mtime: meta.mtime(),
            mtime_nsec: meta.mtime_nsec(),
            mode: meta.mode() & 0o7777,
            nlink: meta.nlink(),
            bytes: fs::read(path).unwrap(),
        }
    }
}

/// Checks that a run failed as an error should: exit 2, nothing on stdout, stderr
/// starting `roadmap: error: ` and holding `message`, and no panic or backtrace.
/// Returns stderr.
pub fn assert_error(out: &Output, message: &str) -> String {
    let err = stderr(out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "expected exit 2; stderr:\n{err}"
    );
    assert!(
        err.starts_with("roadmap: error: "),
        "stderr should start `roadmap: error: `:\n{err}"
    );
    assert!(
        err.contains(message),
        "expected `{message}` in stderr:\n{err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    assert!(
        out.stdout.is_empty(),
        "an error prints nothing on stdout, got:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    err
}

/// The `roadmap` binary with colour variables removed and the date pinned.
pub fn roadmap() -> Command {
    let mut cmd = Command::cargo_bin("roadmap").unwrap();
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
        .env("ROADMAP_TODAY", TODAY);
    cmd
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The test data folder (`tests/data`).
pub fn data() -> PathBuf {
    repo().join("tests").join("data")
}

/// Standard output of a finished command as text.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Standard error of a finished command as text.
/// Whether `program` can be run; when not, says the test is skipped. In CI
/// (`.ci/run` installs them all) a missing one fails the test instead.
pub fn have(program: &str) -> bool {
    let found = std::process::Command::new(program)
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    assert!(
        found || std::env::var_os("CI").is_none(),
        "{program} is missing in CI"
    );
    if !found {
        eprintln!("skipped: {program} is not installed");
    }
    found
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Parses `list --format json` output.
pub fn json(output: &std::process::Output) -> Vec<serde_json::Value> {
    serde_json::from_slice(&output.stdout).unwrap()
}
