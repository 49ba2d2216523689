//! `roadmap completions SHELL`: the script that registers roadmap's completion in a
//! shell. It asks `roadmap` itself for candidates (`COMPLETE=SHELL roadmap -- …`,
//! answered in `main` by clap_complete), so `-p <TAB>` offers the plans here,
//! `init <TAB>` the templates and `check <TAB>` the open tasks' IDs. The same
//! scripts are committed in `completions/`; a test keeps them fresh.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::{Error, Outcome};

/// Runs `completions`.
pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};
    let shell: &dyn EnvCompleter = match args.shell {
        clap_complete::Shell::Bash => &Bash,
        clap_complete::Shell::Zsh => &Zsh,
        clap_complete::Shell::Fish => &Fish,
        clap_complete::Shell::PowerShell => &Powershell,
        clap_complete::Shell::Elvish => &Elvish,
        _ => {
            return Err(Error::Usage {
                message: format!("no completion for {}", args.shell),
            });
        }
    };
    let name = Cli::command().get_name().to_string();
    shell.write_registration("COMPLETE", &name, &name, &name, out)?;
    Ok(Outcome::Success)
}
