//! `roadmap completions SHELL`: the completion script clap_complete generates.
//! The same scripts are committed in `completions/`; a test keeps them fresh.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::{Error, Outcome};

/// Runs `completions`.
pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "roadmap", out);
    Ok(Outcome::Success)
}
