//! Integration tests: one binary, one module per command or concern.

// Tests fail loudly by design; clippy.toml's test exceptions do not reach helpers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod action;
mod agreement;
mod bad_input;
mod byte_exact;
mod check;
mod commands;
mod completions;
mod config;
mod differential;
mod errors;
mod faults;
mod fields;
mod history;
mod html;
mod init;
mod links;
mod lint;
mod list;
mod locks;
mod look;
mod names;
mod next;
mod numbers;
mod picker;
mod readme;
mod report;
mod review;
mod review3;
mod streaks;
mod support;
mod week;
mod writes;
