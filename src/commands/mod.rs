//! One file per subcommand, and the single dispatch from the parsed command line.

mod check;
mod completions;
mod init;
mod links;
mod lint;
mod list;
mod milestone;
mod next;
mod report;
mod week;

use std::io::Write;

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::error::{Error, Outcome};

/// Runs the command in `ctx` (resolved from the same `cli`): `out` is standard
/// output, `err` standard error (for notes that are not the command's answer).
pub fn run(
    cli: &Cli,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    match &cli.command {
        Command::Completions(args) => completions::run(args, out),
        Command::Init(args) => init::run(ctx, args, out),
        Command::List(args) => list::run(ctx, args, out),
        Command::Next(args) => next::run(ctx, args, out, err),
        Command::Check(args) => check::run(ctx, args, out, err),
        Command::Report(args) => report::run(ctx, args, out),
        Command::Milestone(args) => milestone::run(ctx, args, out),
        Command::Week(args) => week::run(ctx, args, out),
        Command::Links(args) => links::run(ctx, args, out),
        Command::Lint(args) => lint::run(ctx, args, out, err),
    }
}
