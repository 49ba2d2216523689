//! The `roadmap` binary: parse arguments, run, print any error, choose the exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use roadmap::cli::Cli;
use roadmap::{Error, Outcome};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout and exit 0; usage errors exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let stdout = io::stdout();
    // A pipe holds 64 KB: fill it in one write rather than eight.
    let mut out = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut err = io::stderr();
    let result = roadmap::run(&cli, &mut out, &mut err);
    let flushed = out.flush();
    match (result, flushed) {
        (Err(Error::Output(e)), _) | (Ok(_), Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        (Ok(Outcome::Success), Ok(())) => ExitCode::SUCCESS,
        (Ok(Outcome::Negative), Ok(())) => ExitCode::from(1),
        (Ok(_), Err(e)) => report(&mut err, &Error::Output(e)),
        (Err(e), _) => report(&mut err, &e),
    }
}

fn report(err: &mut dyn Write, e: &Error) -> ExitCode {
    let _ = writeln!(err, "roadmap: error: {e}");
    if let Some(help) = e.help() {
        let _ = writeln!(err, "help: {help}");
    }
    ExitCode::from(2)
}
