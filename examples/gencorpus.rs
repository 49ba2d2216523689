//! A deterministic generator of realistic learning plans, for benchmarks.
//!
//! ```sh
//! cargo run --release --example gencorpus -- --size 100MB --out bench/data/plan-100mb.md
//! cargo run --release --example gencorpus -- --vault 2000 --file-size 50KB --out bench/data/vault
//! ```
//!
//! `--size` writes one plan of about that size; `--vault N` writes N plans of about
//! `--file-size` each (default 50KB) into nested folders `area-NN/topic-NN/` under
//! `--out`. Sizes take B, KB and MB (powers of 1024). What a plan holds is described
//! in `gencorpus/plan.rs`, which `benches/parse.rs` shares. The same arguments always
//! give byte-identical output: the only randomness is a splitmix64 generator with
//! fixed seeds. Prints how many real tasks (boxes GitHub would render) it wrote.

#![allow(clippy::print_stdout)] // a command-line tool: its summary goes to stdout

#[path = "gencorpus/plan.rs"]
mod plan;

use std::path::PathBuf;
use std::process::ExitCode;

use plan::Rng;

const USAGE: &str = "usage: gencorpus --size SIZE --out FILE\n       gencorpus --vault N [--file-size SIZE] --out DIR\nSIZE: a number with B, KB or MB, such as 100MB";

/// `100MB` → bytes (powers of 1024).
fn parse_size(text: &str) -> Option<usize> {
    let text = text.trim().to_ascii_uppercase();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let unit = match unit {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1024,
        "M" | "MB" | "MIB" => 1024 * 1024,
        _ => return None,
    };
    number.parse::<usize>().ok()?.checked_mul(unit)
}

fn run(args: &[String]) -> Result<String, String> {
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .map(|i| {
                args.get(i + 1)
                    .cloned()
                    .ok_or(format!("{flag} needs a value"))
            })
            .transpose()
    };
    let size_of = |flag: &str, default: Option<&str>| -> Result<usize, String> {
        let text = value(flag)?
            .or(default.map(str::to_owned))
            .ok_or(format!("{flag} is required"))?;
        parse_size(&text).ok_or(format!("{flag}: not a size: {text}"))
    };
    let out = PathBuf::from(value("--out")?.ok_or("--out is required")?);
    if let Some(count) = value("--vault")? {
        let count: usize = count
            .parse()
            .map_err(|_| format!("--vault: not a number: {count}"))?;
        let each = size_of("--file-size", Some("50KB"))?;
        let (mut tasks, mut bytes) = (0, 0);
        let mut text = String::with_capacity(each + 8192);
        for i in 0..count {
            text.clear();
            // One seed per file: a file's bytes do not depend on how many there are.
            let mut rng = Rng(0x5eed_0000_u64 + i as u64);
            tasks += plan::plan(&mut rng, each, &mut text);
            bytes += text.len();
            let dir = out
                .join(format!("area-{:02}", i % 20))
                .join(format!("topic-{:02}", (i / 20) % 10));
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let path = dir.join(format!("plan-{i:05}.md"));
            std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(format!(
            "{count} files, {bytes} bytes in {}: {tasks} tasks",
            out.display()
        ))
    } else {
        let size = size_of("--size", None)?;
        let mut text = String::with_capacity(size + 8192);
        let tasks = plan::plan(&mut Rng(0x5eed), size, &mut text);
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&out, &text).map_err(|e| format!("{}: {e}", out.display()))?;
        Ok(format!(
            "{} bytes in {}: {tasks} tasks",
            text.len(),
            out.display()
        ))
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    match run(&args) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("gencorpus: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
