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
    /// `--plan NAME` names several plans.
    AmbiguousPlan {
        name: String,
        candidates: Vec<String>,
    },
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
    /// The file is larger than the memory that can be had to read it.
    TooLarge { path: PathBuf, bytes: u64 },
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
    /// `FILE` of a `FILE:LINE` selector is no file and no plan.
    NoSuchFile { selector: String, file: String },
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
    /// `FILE` in `FILE:LINE` is a bare name that several plans have.
    AmbiguousFile {
        selector: String,
        file: String,
        candidates: Vec<String>,
    },
    /// A write failed after others were made, or before others could be.
    NotAllWritten {
        failed: Box<Error>,
        written: Vec<PathBuf>,
        not_written: Vec<PathBuf>,
    },
    /// The output could not be written, after plans were.
    OutputAfterWrite {
        written: Vec<PathBuf>,
        source: io::Error,
    },
    /// `--section TEXT` matches no section of any plan.
    NoSection { section: String, plans: Vec<String> },
    /// `milestone NAME` matches no milestone.
    NoMilestone { name: String, known: Vec<String> },
    /// `milestone NAME` matches several milestones.
    AmbiguousMilestone {
        name: String,
        candidates: Vec<String>,
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
    /// The error of a run that writes several plans and failed at one: `failed`
    /// itself when nothing was written before it and nothing is left after it,
    /// else [`Error::NotAllWritten`] naming both.
    pub fn not_all_written(
        failed: Error,
        written: Vec<PathBuf>,
        not_written: Vec<PathBuf>,
    ) -> Error {
        if written.is_empty() && not_written.is_empty() {
            return failed;
        }
        Error::NotAllWritten {
            failed: Box::new(failed),
            written,
            not_written,
        }
    }

    /// The `help:` line, when the user can do something about it.
    pub fn help(&self) -> Option<String> {
        match self {
            Error::NoPlans { .. } => Some(
                "pass a plan with --plan FILE, list plans in roadmap.toml (plans = [\"plans/*.md\"]), \
                 or start one with `roadmap init`"
                    .into(),
            ),
            Error::UnknownPlan { known, .. } if !known.is_empty() => {
                Some(format!("known plans: {}", list(known)))
            }
            Error::AmbiguousPlan { .. } => {
                Some("name the plan by its path, or by its name in task IDs".into())
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
            Error::AmbiguousFile { .. } => Some(
                "write the file's path as `list` shows it, or use the task's ID".into(),
            ),
            Error::NotAllWritten { failed, .. } => failed.help(),
            Error::NoMilestone { known, .. } if known.is_empty() => {
                Some("there are no milestones: add [[milestone]] tables to roadmap.toml".into())
            }
            Error::NoMilestone { known, .. } => Some(format!(
                "a name is part of a milestone's name, any case; the milestones: {}",
                list(known)
            )),
            Error::NoSection { .. } => Some(
                "--section matches any heading or bold label above a task, any case; \
                 `roadmap list` shows them"
                    .into(),
            ),
            Error::AmbiguousMilestone { .. } => {
                Some("give more of the name, or all of it".into())
            }
            Error::Ambiguous { .. } => Some(
                "use an ID or FILE:LINE from the list, a longer text, or --all for every match"
                    .into(),
            ),
            _ => None,
        }
    }
}

// Paths, selectors and task text come from the user and from files: every one is
// escaped (control characters made visible) before it reaches a terminal.

fn shown(path: &std::path::Path) -> String {
    crate::escape::path(path)
}

fn esc(text: &str) -> String {
    crate::render::sanitize(text).into_owned()
}

fn list(items: &[String]) -> String {
    items.iter().map(|i| esc(i)).collect::<Vec<_>>().join(", ")
}

fn paths(list: &[PathBuf]) -> String {
    list.iter().map(|p| shown(p)).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoPlans { .. }
            | Error::PlanMissing { .. }
            | Error::UnknownPlan { .. }
            | Error::AmbiguousPlan { .. }
            | Error::BrokenLink { .. }
            | Error::NotAFile { .. }
            | Error::NotUtf8 { .. }
            | Error::Binary { .. }
            | Error::TooLarge { .. }
            | Error::Io { .. }
            | Error::WriteRefused { .. }
            | Error::ChangedOnDisk { .. }
            | Error::Config { .. }
            | Error::BadGlob { .. } => self.fmt_files(f),
            Error::EmptySelector
            | Error::NoSelector
            | Error::NothingOpen
            | Error::NoMatch { .. }
            | Error::NoSuchFile { .. }
            | Error::NoTaskAtLine { .. }
            | Error::Ambiguous { .. }
            | Error::AmbiguousFile { .. } => self.fmt_selection(f),
            Error::NotAllWritten {
                failed,
                written,
                not_written,
            } => {
                write!(f, "{failed}")?;
                if !written.is_empty() {
                    write!(f, "\n  written before it: {}", paths(written))?;
                }
                if !not_written.is_empty() {
                    write!(f, "\n  not written: {}", paths(not_written))?;
                }
                Ok(())
            }
            Error::OutputAfterWrite { written, source } => write!(
                f,
                "cannot write output: {}; the change was written to {}",
                io_message(source),
                paths(written)
            ),
            Error::NoSection { section, plans } => write!(
                f,
                "no section matches `{}` in {}",
                esc(section),
                list(plans)
            ),
            Error::NoMilestone { name, .. } => {
                write!(f, "no milestone matches `{}`", esc(name))
            }
            Error::AmbiguousMilestone { name, candidates } => {
                write!(
                    f,
                    "`{}` matches {} milestones:",
                    esc(name),
                    candidates.len()
                )?;
                for c in candidates {
                    write!(f, "\n  {}", esc(c))?;
                }
                Ok(())
            }
            Error::Usage { message } => f.write_str(&esc(message)),
            Error::Output(e) => write!(f, "cannot write output: {}", io_message(e)),
        }
    }
}

impl Error {
    /// The messages about what `check` was asked for.
    fn fmt_selection(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::EmptySelector => write!(f, "empty selector"),
            Error::NoSelector => write!(
                f,
                "no task selected (standard input and output are not a terminal, so none can be picked)"
            ),
            Error::NothingOpen => write!(f, "no open task left to pick from"),
            Error::NoMatch { selector } => write!(f, "no task matches `{}`", esc(selector)),
            Error::NoSuchFile { selector, file } => write!(
                f,
                "`{}`: {}: no such file, and no plan has that name",
                esc(selector),
                esc(file)
            ),
            Error::NoTaskAtLine {
                path,
                line,
                nearest,
            } => {
                write!(f, "{}:{line}: no task on this line", esc(path))?;
                if let Some(c) = nearest {
                    write!(
                        f,
                        " (nearest: {} {} {})",
                        esc(&c.location),
                        esc(&c.id),
                        esc(&c.text)
                    )?;
                }
                Ok(())
            }
            Error::Ambiguous {
                selector,
                candidates,
            } => {
                write!(f, "`{}` matches {} tasks:", esc(selector), candidates.len())?;
                for c in candidates {
                    write!(
                        f,
                        "\n  {}  {}  {}",
                        esc(&c.id),
                        esc(&c.location),
                        esc(&c.text)
                    )?;
                }
                Ok(())
            }
            Error::AmbiguousFile {
                selector,
                file,
                candidates,
            } => write!(
                f,
                "`{}`: `{}` names {} plans: {}",
                esc(selector),
                esc(file),
                candidates.len(),
                list(candidates)
            ),
            // The other variants are written by `Display::fmt` itself.
            _ => Ok(()),
        }
    }

    /// The messages about plans, files and the config.
    fn fmt_files(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoPlans { looked } => write!(f, "no plans found ({})", esc(looked)),
            Error::PlanMissing { path } => write!(f, "{}: no such file", shown(path)),
            Error::UnknownPlan { name, .. } => {
                write!(f, "{}: no such file, and no plan has that name", esc(name))
            }
            Error::AmbiguousPlan { name, candidates } => write!(
                f,
                "`{}` names {} plans: {}",
                esc(name),
                candidates.len(),
                list(candidates)
            ),
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
            Error::TooLarge { path, bytes } => {
                write!(f, "{}: too large to read ({})", shown(path), size(*bytes))
            }
            Error::Io {
                path,
                action,
                source,
            } => write!(f, "{}: {action}: {}", shown(path), io_message(source)),
            Error::WriteRefused { path, reason } => {
                write!(f, "{}: not written: {}", shown(path), esc(reason))
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
            } => write!(f, "{}:{line}: {}", shown(path), esc(message)),
            Error::Config {
                path,
                line: None,
                message,
            } => write!(f, "{}: {}", shown(path), esc(message)),
            Error::BadGlob { pattern, message } => {
                write!(f, "bad plans pattern `{}`: {}", esc(pattern), esc(message))
            }
            // The other variants are written by `Display::fmt` itself.
            _ => Ok(()),
        }
    }
}

/// A file size for people: `200 GB`, `3.5 MB`, `812 bytes`.
fn size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 4] = [
        ("TB", 1_000_000_000_000),
        ("GB", 1_000_000_000),
        ("MB", 1_000_000),
        ("KB", 1_000),
    ];
    for (unit, scale) in UNITS {
        if bytes >= scale {
            let tenths = bytes / (scale / 10);
            return if tenths.is_multiple_of(10) || tenths >= 1000 {
                format!("{} {unit}", tenths / 10)
            } else {
                format!("{}.{} {unit}", tenths / 10, tenths % 10)
            };
        }
    }
    format!("{bytes} bytes")
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
