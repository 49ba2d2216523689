//! CI for a plans repository (issue 11): the README's recipe of two Markdown
//! outputs appended to the job summary gives two tables, as GitHub renders them
//! (cmark-gfm), and the composite action's script (`action/summary.sh`), run here
//! with a fake `$GITHUB_STEP_SUMMARY`, writes them and fails on an overdue milestone.

use std::process::Command as Process;

use crate::support::{Sandbox, repo};

fn path_with_roadmap() -> String {
    let bin = assert_cmd::cargo::cargo_bin("roadmap");
    format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::with_bundled_plans();
    sandbox.write(
        "roadmap.toml",
        "[schedule]\nstart = 2026-11-02\n\n[[milestone]]\nname = \"Базовые\"\nplan = \"go-backend\"\nthrough = \"Неделя 3\"\n",
    );
    sandbox
}

/// The HTML GitHub makes of a Markdown file, when cmark-gfm is here.
fn rendered(markdown: &str) -> Option<String> {
    let mut child = Process::new("cmark-gfm")
        .args(["-e", "table"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    use std::io::Write as _;
    child.stdin.take()?.write_all(markdown.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn assert_separate_tables(summary: &str, tables: usize) {
    match rendered(summary) {
        Some(html) => assert_eq!(html.matches("<table>").count(), tables, "{html}"),
        None => {
            assert!(
                std::env::var_os("CI").is_none(),
                "cmark-gfm is missing in CI"
            );
            eprintln!("skipped the rendering: cmark-gfm is not installed");
        }
    }
}

#[test]
fn the_readme_ci_recipe_gives_one_table_per_output() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let recipe: Vec<&str> = readme
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("roadmap ") && l.ends_with(">> \"$GITHUB_STEP_SUMMARY\""))
        .collect();
    assert_eq!(recipe.len(), 2, "{recipe:?}");
    let sandbox = sandbox();
    let summary = sandbox.path().join("summary.md");
    for line in &recipe {
        let ok = Process::new("sh")
            .arg("-c")
            .arg(line)
            .current_dir(sandbox.path())
            .env("PATH", path_with_roadmap())
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("ROADMAP_TODAY", "2026-11-22")
            .status()
            .unwrap()
            .success();
        assert!(ok, "{line}");
    }
    let text = std::fs::read_to_string(&summary).unwrap();
    // The report's tables (one per plan) and the milestones' table, each whole.
    assert_separate_tables(&text, 3);
}

#[test]
fn the_action_script_writes_the_summary_and_fails_on_an_overdue_milestone() {
    let sandbox = sandbox();
    let summary = sandbox.path().join("summary.md");
    let run = |today: &str, fail_on: &str| {
        Process::new(repo().join("action/summary.sh"))
            .current_dir(sandbox.path())
            .env("PATH", path_with_roadmap())
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("ROADMAP_TODAY", today)
            .env("ROADMAP_FAIL_ON", fail_on)
            .env_remove("ROADMAP_COMMANDS")
            .output()
            .unwrap()
    };
    // The milestone is due 2026-11-22: on time that day, overdue the next.
    let out = run("2026-11-22", "overdue");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.contains("| Milestone |") && text.contains("### plans/go-backend.md"),
        "{text}"
    );
    assert_separate_tables(&text, 3);
    assert_eq!(run("2026-11-23", "overdue").status.code(), Some(1));
    assert_eq!(run("2026-11-23", "").status.code(), Some(0));
    let bad = run("2026-11-23", "late");
    assert_eq!(bad.status.code(), Some(2));
    // A broken plan fails the job too.
    sandbox.write("plans/broken.md", b"\xff\xfe- [ ] x\n");
    assert_eq!(run("2026-11-22", "").status.code(), Some(2));
}

#[test]
fn the_action_script_takes_its_inputs_as_words_and_checks_them_first() {
    let sandbox = sandbox();
    let summary = sandbox.path().join("summary.md");
    let run = |commands: &str| {
        Process::new(repo().join("action/summary.sh"))
            .current_dir(sandbox.path())
            .env("PATH", path_with_roadmap())
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("ROADMAP_TODAY", "2026-11-22")
            .env("ROADMAP_FAIL_ON", "overdue")
            .env("ROADMAP_COMMANDS", commands)
            .output()
            .unwrap()
    };
    // `week` has a Markdown form.
    let out = run("week");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.starts_with("## Week 2026-11-16 — 2026-11-22"),
        "{text}"
    );
    // Empty: nothing appended, the milestones still checked.
    std::fs::write(&summary, "").unwrap();
    assert!(run("").status.success());
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), "");
    // A `*` is a word, not the files of the folder; a bad word fails before any
    // output is appended.
    let out = run("report *");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`*` has no Markdown form"), "{err}");
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), "");
}

#[test]
fn the_action_passes_workflow_values_through_the_environment_only() {
    let action = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    // Expressions may appear in `with:`/`env:`/`key:` values, never in a script.
    let indent = |line: &str| line.len() - line.trim_start().len();
    let mut script: Option<usize> = None; // the indent of the `run: |` line
    let mut lines = 0;
    for line in action.lines() {
        let trimmed = line.trim_start();
        if script.is_some_and(|at| !trimmed.is_empty() && indent(line) <= at) {
            script = None;
        }
        if script.is_some() || trimmed.starts_with("run: ") {
            lines += 1;
            assert!(!line.contains("${{"), "an expression in a script: {line}");
        }
        if trimmed.starts_with("run: |") {
            script = Some(indent(line));
        }
    }
    assert!(lines > 10, "the scripts were read: {lines} lines");
}
