//! `roadmap` reads study plans written in Markdown, tells what to study next, ticks
//! tasks off in place, and reports progress.
//!
//! The map of the house. Arrows point from the edges to the pure core:
//!
//! ```text
//! argv → cli → commands ─┬→ context (the outside world, read once: cwd, config,
//!                        │   plans found by discover, today, colours)
//!                        ├→ plan (the model) ← markdown (pulldown-cmark's set-up)
//!                        ├→ selector, view, prerequisites, edit, schedule,
//!                        │   progress, streak, milestone, report, week,
//!                        │   links (pure: values in, values out)
//!                        ├→ render (text, json, markdown, html, plain, diff)
//!                        └→ files (every read and write of a plan or output file)
//! ```
//!
//! - Edges: [`cli`] (clap's types; the user's `--help`), [`commands`] (one file per
//!   subcommand: gather, compute, render), [`context`], [`config`], [`discover`],
//!   [`files`], [`history`] (done dates from git, through the `git` command),
//!   [`complete`] (shell completion candidates), [`render`].
//! - Core: [`plan`] (read its `mod.rs` first), [`markdown`], [`selector`], [`view`],
//!   [`prerequisites`] (🛫 and ⛔: what cannot start yet), [`edit`] (byte splices),
//!   [`schedule`], [`progress`], [`streak`] (study days and streaks), [`milestone`],
//!   [`report`], [`week`], [`links`] (links between plans); helpers [`escape`]
//!   (control characters and odd names, shown safely), [`parallel`],
//!   [`templates`], [`error`] (every situation, and the exit codes).
//! - Nothing in the core reads the clock, the environment or a file, or prints.

pub mod cli;
pub mod commands;
pub mod complete;
pub mod config;
pub mod context;
pub mod discover;
pub mod edit;
pub mod error;
pub mod escape;
pub mod files;
pub mod history;
pub mod links;
pub mod lint;
pub mod markdown;
pub mod milestone;
pub mod parallel;
pub mod plan;
pub mod prerequisites;
pub mod progress;
pub mod render;
pub mod report;
pub mod schedule;
pub mod selector;
pub mod streak;
pub mod templates;
pub mod view;
pub mod week;

pub use commands::run;
pub use context::Context;
pub use error::{Error, Outcome};
