//! `roadmap` reads study plans written in Markdown, tells what to study next, ticks
//! tasks off in place, and reports progress.
//!
//! The pipeline is `argv → Cli → Context → Plan → view → renderer → stdout`, with
//! edits going `Plan → splices → new bytes → atomic write`:
//!
//! - [`cli`]: the command line; [`context`]: the outside world, read once;
//! - [`config`] and [`discover`]: `roadmap.toml` and which plans to read;
//! - [`files`]: reading bytes and writing them back safely;
//! - [`markdown`] and [`plan`]: the task model, agreeing with GitHub's parser
//!   (`plan_comrak`: the second reading, for text pulldown-cmark may misread);
//! - [`selector`], [`view`], [`edit`]: pure functions over plans;
//! - [`commands`] and [`render`]: one file per subcommand and per format.

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
pub mod markdown;
pub mod milestone;
pub mod parallel;
pub mod plan;
mod plan_comrak;
pub mod progress;
pub mod render;
pub mod report;
pub mod schedule;
pub mod selector;
pub mod templates;
pub mod view;
pub mod week;

pub use commands::run;
pub use error::{Error, Outcome};
