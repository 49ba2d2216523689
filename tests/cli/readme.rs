//! The README's transcripts are true (issue 11): every block of shown commands and
//! output (`$ roadmap …` lines, then what they print) is run and compared, so that
//! the front door cannot go stale. A block says how to set it up in an HTML comment
//! right above it:
//!
//! - `<!-- README test: plans -->`: the bundled plans in `plans/` (and a `legacy.md`
//!   in Windows-1251 for the encoding example);
//! - `<!-- README test: plans+config -->`: the same with the README's example
//!   `roadmap.toml`; `, replace "A" with "B"` changes it first;
//! - `<!-- README test: skip (why) -->`.
//!
//! Commands run in order in one sandbox, through `sh` with stderr after stdout (a
//! command may send its own elsewhere: `2>/dev/null`); a
//! line `...` in the shown output stands for any lines.

use std::process::Command as Process;

use crate::support::{Sandbox, repo};

struct Transcript {
    line: usize,
    setup: String,
    steps: Vec<(String, Vec<String>)>,
}

fn transcripts(readme: &str) -> Vec<Transcript> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i] != "```" || !lines.get(i + 1).is_some_and(|l| l.starts_with("$ ")) {
            i += 1;
            continue;
        }
        let setup = i
            .checked_sub(1)
            .and_then(|p| lines[p].strip_prefix("<!-- README test: "))
            .and_then(|l| l.strip_suffix(" -->"))
            .unwrap_or_else(|| {
                panic!(
                    "README.md:{}: a transcript without a README test comment",
                    i + 1
                )
            })
            .to_string();
        let mut steps: Vec<(String, Vec<String>)> = Vec::new();
        let mut j = i + 1;
        while j < lines.len() && lines[j] != "```" {
            match lines[j].strip_prefix("$ ") {
                Some(command) => steps.push((command.to_string(), Vec::new())),
                None => steps.last_mut().unwrap().1.push(lines[j].to_string()),
            }
            j += 1;
        }
        out.push(Transcript {
            line: i + 1,
            setup,
            steps,
        });
        i = j + 1;
    }
    out
}

/// Whether `got` is `shown`, where a shown `...` line stands for any lines.
fn matches(shown: &[String], got: &[&str]) -> bool {
    match shown.split_first() {
        None => got.is_empty(),
        Some((first, rest)) if first.trim() == "..." => {
            (0..=got.len()).any(|skip| matches(rest, &got[skip..]))
        }
        Some((first, rest)) => got
            .split_first()
            .is_some_and(|(g, more)| g == first && matches(rest, more)),
    }
}

fn config_block(readme: &str) -> String {
    let start = readme
        .find("```toml\nplans = [\"plans/*.md\"]")
        .expect("the example roadmap.toml");
    let body = &readme[start + "```toml\n".len()..];
    body[..body.find("```").unwrap()].to_string()
}

fn set_up(sandbox: &Sandbox, setup: &str, readme: &str) {
    for name in ["go-backend.md", "backend-roadmap.md"] {
        sandbox.write(
            &format!("plans/{name}"),
            std::fs::read(repo().join("plans").join(name)).unwrap(),
        );
    }
    let legacy = "- [ ] Прочитать главу о каналах\n- [ ] Решить задачи\n";
    sandbox.write("legacy.md", encoding_rs::WINDOWS_1251.encode(legacy).0);
    if let Some(rest) = setup.strip_prefix("plans+config") {
        let mut config = config_block(readme);
        if let Some(change) = rest.strip_prefix(", replace \"") {
            let (from, to) = change
                .rsplit_once("\"")
                .and_then(|(head, _)| head.split_once("\" with \""))
                .expect("replace \"A\" with \"B\"");
            let (from, to) = (from.replace("\\\"", "\""), to.replace("\\\"", "\""));
            assert!(config.contains(&from), "the config has no `{from}`");
            config = config.replacen(&from, &to, 1);
        }
        sandbox.write("roadmap.toml", config);
    } else {
        assert_eq!(setup, "plans", "unknown README test setup `{setup}`");
    }
}

#[test]
fn every_transcript_in_the_readme_is_what_roadmap_prints() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let all = transcripts(&readme);
    assert!(all.len() >= 6, "{} transcripts", all.len());
    let bin = assert_cmd::cargo::cargo_bin("roadmap");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for t in &all {
        if t.setup.starts_with("skip") {
            continue;
        }
        let sandbox = Sandbox::new();
        set_up(&sandbox, &t.setup, &readme);
        for (command, shown) in &t.steps {
            let out = Process::new("sh")
                .arg("-c")
                .arg(format!("{{ {command}\n}} 2>&1"))
                .current_dir(sandbox.path())
                .env("PATH", &path)
                .env_remove("ROADMAP_TODAY")
                .env_remove("COLUMNS")
                .env_remove("NO_COLOR")
                .env_remove("CLICOLOR_FORCE")
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            let got: Vec<&str> = text.lines().collect();
            assert!(
                matches(shown, &got),
                "README.md:{}: `{command}` printed:\n{text}\nbut the README shows:\n{}",
                t.line,
                shown.join("\n")
            );
            ran += 1;
        }
    }
    assert!(ran >= 8, "{ran} commands");
}

#[test]
fn the_milestone_json_sample_is_what_roadmap_prints() {
    // The sample is the first milestone of the transcript above it, in JSON.
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let at = readme
        .find("**Milestones** (`milestone --format json`)")
        .expect("the milestone JSON sample");
    let block = &readme[at..];
    let body = &block[block.find("```json\n").unwrap() + "```json\n".len()..];
    let shown: serde_json::Value =
        serde_json::from_str(&body[..body.find("```").unwrap()]).expect("the sample is JSON");
    let sandbox = Sandbox::new();
    set_up(&sandbox, "plans+config", &readme);
    let out = sandbox.run(&[
        "--today",
        "2026-11-22",
        "milestone",
        "-p",
        "go-backend",
        "--format",
        "json",
    ]);
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown, printed[0]);
}
