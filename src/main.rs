//! The `roadmap` binary: parse arguments, run, print any error, choose the exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use roadmap::cli::{Cli, Command};
use roadmap::{Context, Error, Outcome};

fn main() -> ExitCode {
    // A shell asking for completions (`COMPLETE=bash roadmap -- …`) is answered
    // here, and the process exits.
    clap_complete::CompleteEnv::with_factory(roadmap::cli::command).complete();
    let parsed = roadmap::cli::command()
        .try_get_matches()
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        // Help and version go to stdout and exit 0.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        // `roadmap` alone: the help, on stderr, as the usage error it is.
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = write!(io::stderr(), "{}", e.render());
            return ExitCode::from(2);
        }
        // Usage errors exit 2, in the same form as every other error, with what
        // the user typed escaped.
        Err(e) => {
            let mut text = e.render().to_string();
            // clap quotes what was typed; a newline typed there must not start a
            // line of its own (`--color $'x\nroadmap: …'` would forge one).
            for arg in std::env::args_os().skip(1) {
                let arg = arg.to_string_lossy();
                if arg.chars().any(char::is_control) {
                    text = text.replace(&*arg, &roadmap::render::sanitize(&arg));
                }
            }
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
    if answers_on_stdout(&cli.command) && stdout_was_closed() {
        let _ = writeln!(
            io::stderr(),
            "roadmap: error: standard output is closed; nothing done"
        );
        return ExitCode::from(2);
    }
    let mut err = io::stderr();
    let ctx = match Context::from_cli(&cli) {
        Ok(ctx) => ctx,
        Err(e) => return report(&mut err, &e),
    };
    // A pipe holds 64 KB: fill it in one write rather than eight.
    let mut out = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let result = roadmap::run(&cli, &ctx, &mut out, &mut err);
    let flushed = out.flush();
    skip_drop_at_exit(ctx);
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

/// Leaves the context, and the plans it read, unfreed: the process exits next, and
/// the kernel takes the whole heap back at once faster than the allocator frees a
/// large plan's hundreds of thousands of strings one by one. Measured on a 100 MB
/// plan of 647,765 tasks (bench/RESULTS.md): `next` 0.91 s instead of 1.13 s,
/// `list --format json` 1.17 s instead of 1.28 s.
fn skip_drop_at_exit(ctx: Context) {
    std::mem::forget(ctx);
}

/// Whether the command's whole answer is what it prints, so that a closed standard
/// output makes it pointless. `check`, `init` and `report -o` change files, which
/// they may also do for a daemon whose standard output is `/dev/null`.
fn answers_on_stdout(command: &Command) -> bool {
    match command {
        Command::Check(_) => false,
        Command::Init(args) => args.list,
        Command::Report(args) => args.output.is_none(),
        _ => true,
    }
}

/// Whether standard output was closed when roadmap started (`roadmap list >&-`).
/// Rust's runtime puts `/dev/null`, opened read-write, in place of a closed standard
/// descriptor, so what is printed would vanish and the run succeed; a shell's
/// `> /dev/null` opens it write-only, and is left alone.
fn stdout_was_closed() -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        let (Ok(out), Ok(null)) = (
            std::fs::metadata("/proc/self/fd/1"),
            std::fs::metadata("/dev/null"),
        ) else {
            return false;
        };
        if !out.file_type().is_char_device() || out.rdev() != null.rdev() {
            return false;
        }
        let flags = std::fs::read_to_string("/proc/self/fdinfo/1")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find_map(|l| l.strip_prefix("flags:"))
                    .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
            });
        // O_ACCMODE is 3, O_RDWR 2.
        flags.is_some_and(|f| f & 0o3 == 0o2)
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
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
