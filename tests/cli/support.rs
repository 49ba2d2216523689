//! The sandbox every integration test runs in: a temp dir, byte helpers, and a
//! `roadmap` command that runs there with the environment pinned.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

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
pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Parses `list --format json` output.
pub fn json(output: &std::process::Output) -> Vec<serde_json::Value> {
    serde_json::from_slice(&output.stdout).unwrap()
}
