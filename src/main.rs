//! The `roadmap` binary: parse arguments, run, print any error, choose the exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use roadmap::cli::Cli;
use roadmap::{Error, Outcome};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version go to stdout and exit 0.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        // Usage errors exit 2, in the same form as every other error, with what
        // the user typed escaped.
        Err(e) => {
            let text = e.render().to_string();
            let text = text.strip_prefix("error: ").unwrap_or(&text);
            let _ = write!(
                io::stderr(),
                "roadmap: error: {}",
                roadmap::render::sanitize_lines(text)
            );
            return ExitCode::from(2);
        }
    };
    let stdout = io::stdout();
    // Rust's stdout drops what is written to a closed descriptor without a word
    // (`roadmap list >&-` would succeed printing nothing): refuse to start instead.
    #[cfg(unix)]
    if std::os::fd::AsFd::as_fd(&stdout)
        .try_clone_to_owned()
        .is_err()
    {
        let _ = writeln!(
            io::stderr(),
            "roadmap: error: standard output is closed; nothing done"
        );
        return ExitCode::from(2);
    }
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
    // Messages escape what they quote; this escapes anything that slipped through.
    let message = roadmap::render::sanitize_lines(&e.to_string());
    let _ = writeln!(err, "roadmap: error: {message}");
    if let Some(help) = e.help() {
        let _ = writeln!(err, "help: {}", roadmap::render::sanitize_lines(&help));
    }
    ExitCode::from(2)
}
