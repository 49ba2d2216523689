//! Every situation a user can be in when roadmap cannot do what was asked, and the
//! exit codes: 0 success, 1 a negative answer scripts test for, 2 any error.
//!
//! Messages are lower-case with no trailing period, location first; [`Error::help`]
//! adds a line when the user can fix the situation.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// What a command ended with, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the negative answer (nothing left to study, a milestone overdue).
    Negative,
}

/// One task a query could mean, for the ambiguity message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The task's ID.
    pub id: String,
    /// `FILE:LINE`.
    pub location: String,
    /// The task's text.
    pub text: String,
}

/// An error, carrying what its message needs.
#[derive(Debug)]
pub enum Error {
    /// No plan given, configured or in `./plans/`.
    NoPlans { looked: String },
    /// A plan named on the command line does not exist.
    PlanMissing { path: PathBuf },
    /// `--plan NAME` is neither a file nor the name of a found plan.
    UnknownPlan { name: String, known: Vec<String> },
    /// A symlink whose target is gone.
    BrokenLink { path: PathBuf },
    /// A directory or another non-regular file where a plan was expected.
    NotAFile { path: PathBuf, what: &'static str },
    /// The bytes are not UTF-8: the first bad byte, where it is, the bytes around
    /// it, and the encoding the file is in with how to convert it, when known.
    NotUtf8 {
        path: PathBuf,
        byte: u8,
        offset: usize,
        line: usize,
        column: usize,
        near: Vec<u8>,
        hint: Option<String>,
    },
    /// The file holds a NUL byte.
    Binary { path: PathBuf, offset: usize },
    /// Reading or writing failed.
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
    /// A write would break a promise (hard links, read-only, owner).
    WriteRefused { path: PathBuf, reason: String },
    /// The file changed between reading and writing.
    ChangedOnDisk { path: PathBuf },
    /// `roadmap.toml` is malformed.
    Config {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    /// A `plans` glob is malformed.
    BadGlob { pattern: String, message: String },
    /// An empty or blank selector.
    EmptySelector,
    /// `check` with no selector and nobody to pick.
    NoSelector,
    /// Nothing open to pick from.
    NothingOpen,
    /// A selector matched no task.
    NoMatch { selector: String },
    /// `FILE:LINE` names a line without a task.
    NoTaskAtLine {
        path: String,
        line: usize,
        nearest: Option<Candidate>,
    },
    /// A query matched several tasks and `--all` was not given.
    Ambiguous {
        selector: String,
        candidates: Vec<Candidate>,
    },
    /// A value on the command line is out of range.
    Usage { message: String },
    /// Writing the output failed (a closed pipe is not reported).
    Output(io::Error),
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Output(e)
    }
}

impl Error {
    /// The `help:` line, when the user can do something about it.
    pub fn help(&self) -> Option<String> {
        match self {
            Error::NoPlans { .. } => Some(
                "pass a plan with --plan FILE, list plans in roadmap.toml (plans = [\"plans/*.md\"]), \
                 or start one with `roadmap init`"
                    .into(),
            ),
            Error::UnknownPlan { known, .. } if !known.is_empty() => {
                Some(format!("known plans: {}", known.join(", ")))
            }
            Error::ChangedOnDisk { .. } => {
                Some("run the command again to act on what the file holds now".into())
            }
            Error::NoMatch { .. } => Some(
                "a selector is a task ID, FILE:LINE, or part of a task's text; \
                 `roadmap list` shows them"
                    .into(),
            ),
            Error::NoSelector => Some(
                "name tasks by ID (go-backend#3fa9c1), by FILE:LINE (plans/go-backend.md:25), \
                 or by part of their text"
                    .into(),
            ),
            Error::Ambiguous { .. } => Some(
                "use an ID or FILE:LINE from the list, a longer text, or --all for every match"
                    .into(),
            ),
            _ => None,
        }
    }
}

fn shown(path: &std::path::Path) -> String {
    path.display().to_string()
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoPlans { looked } => write!(f, "no plans found ({looked})"),
            Error::PlanMissing { path } => write!(f, "{}: no such file", shown(path)),
            Error::UnknownPlan { name, .. } => {
                write!(f, "{name}: no such file, and no plan has that name")
            }
            Error::BrokenLink { path } => {
                write!(
                    f,
                    "{}: broken symbolic link (its target is missing)",
                    shown(path)
                )
            }
            Error::NotAFile { path, what } => {
                write!(f, "{}: {what}, not a plan file", shown(path))
            }
            Error::NotUtf8 {
                path,
                byte,
                offset,
                line,
                column,
                near,
                hint,
            } => {
                write!(
                    f,
                    "{}: not valid UTF-8: byte 0x{byte:02X} at offset {offset} (line {line}, column {column}), near bytes",
                    shown(path)
                )?;
                for b in near {
                    write!(f, " {b:02X}")?;
                }
                if let Some(hint) = hint {
                    write!(f, "; it looks like {hint}")?;
                }
                Ok(())
            }
            Error::Binary { path, offset } => write!(
                f,
                "{}: binary file (NUL byte at offset {offset}), not a plan",
                shown(path)
            ),
            Error::Io {
                path,
                action,
                source,
            } => write!(f, "{}: {action}: {}", shown(path), io_message(source)),
            Error::WriteRefused { path, reason } => {
                write!(f, "{}: not written: {reason}", shown(path))
            }
            Error::ChangedOnDisk { path } => write!(
                f,
                "{}: changed on disk since it was read; nothing written",
                shown(path)
            ),
            Error::Config {
                path,
                line: Some(line),
                message,
            } => write!(f, "{}:{line}: {message}", shown(path)),
            Error::Config {
                path,
                line: None,
                message,
            } => write!(f, "{}: {message}", shown(path)),
            Error::BadGlob { pattern, message } => {
                write!(f, "bad plans pattern `{pattern}`: {message}")
            }
            Error::EmptySelector => write!(f, "empty selector"),
            Error::NoSelector => write!(
                f,
                "no task selected (standard input and output are not a terminal, so none can be picked)"
            ),
            Error::NothingOpen => write!(f, "no open task left to pick from"),
            Error::NoMatch { selector } => write!(f, "no task matches `{selector}`"),
            Error::NoTaskAtLine {
                path,
                line,
                nearest,
            } => {
                write!(f, "{path}:{line}: no task on this line")?;
                if let Some(c) = nearest {
                    write!(f, " (nearest: {} {} {})", c.location, c.id, c.text)?;
                }
                Ok(())
            }
            Error::Ambiguous {
                selector,
                candidates,
            } => {
                write!(f, "`{selector}` matches {} tasks:", candidates.len())?;
                for c in candidates {
                    write!(f, "\n  {}  {}  {}", c.id, c.location, c.text)?;
                }
                Ok(())
            }
            Error::Usage { message } => f.write_str(message),
            Error::Output(e) => write!(f, "cannot write output: {}", io_message(e)),
        }
    }
}

/// The OS message without Rust's " (os error N)" suffix, lower-cased first letter.
fn io_message(e: &io::Error) -> String {
    let text = e.to_string();
    let text = match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

impl std::error::Error for Error {}
