//! `roadmap check`: selectors (ID, FILE:LINE, text), `--undo`, `--start`, `--skip`,
//! `--all`, `--dry-run`, `--stamp`/`--no-stamp`, and the promise that a plan is never
//! damaged: every byte but the status (and done date) kept, no write on a no-op,
//! symlinks, permissions, read-only and hard-linked files.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command as Process;

use serde_json::Value;

use crate::support::{FileState, Sandbox, TODAY, assert_error, stderr, stdout};

fn ok(sandbox: &Sandbox, args: &[&str]) -> String {
    let out = sandbox.run(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// `(id, text)` of every task of the plans, from `list --format json`.
fn ids(sandbox: &Sandbox, args: &[&str]) -> Vec<(String, String)> {
    let mut list = vec!["list"];
    list.extend_from_slice(args);
    sandbox
        .tasks(&list)
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                t["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn id_of(sandbox: &Sandbox, text: &str) -> String {
    ids(sandbox, &[])
        .into_iter()
        .find(|(_, t)| t == text)
        .unwrap_or_else(|| panic!("no task `{text}`"))
        .0
}

/// Names of the files in a directory, sorted.
fn dir_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// What `roadmap ARGS` did to files, seen through strace: `(renames, files opened
/// for writing)`. `None` when strace is missing or cannot trace here.
fn syscalls(sandbox: &Sandbox, args: &[&str]) -> Option<(usize, usize)> {
    let log = sandbox.path().join(".strace.log");
    let status = Process::new("strace")
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=rename,renameat,renameat2,open,openat,creat",
            "-o",
        ])
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_roadmap"))
        .args(args)
        .current_dir(sandbox.path())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("ROADMAP_TODAY", TODAY)
        .output()
        .ok()?;
    let trace = fs::read_to_string(&log).ok()?;
    fs::remove_file(&log).ok()?;
    if !status.status.success() || trace.is_empty() {
        return None;
    }
    let renames = trace
        .lines()
        .filter(|l| l.contains("rename") && l.trim_end().ends_with("= 0"))
        .count();
    let writes = trace
        .lines()
        .filter(|l| l.contains("open") && (l.contains("O_WRONLY") || l.contains("O_RDWR")))
        .filter(|l| !l.contains("/dev/"))
        .count();
    Some((renames, writes))
}

fn patch_works() -> bool {
    Process::new("patch")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Applies a diff with `patch -p1` in `dir`.
fn apply_patch(dir: &Path, diff: &str) {
    fs::write(dir.join("change.diff"), diff).unwrap();
    let out = Process::new("patch")
        .args(["-p1", "--batch", "-i", "change.diff"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "patch failed:\n{}\n{}\ndiff:\n{diff}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    fs::remove_file(dir.join("change.diff")).unwrap();
}

// ---- selectors ----

#[test]
fn check_by_id_copied_from_list_json() {
    let sandbox = Sandbox::with_bundled_plans();
    let original = sandbox.read_text("plans/go-backend.md");
    let tasks = sandbox.tasks(&["-p", "go-backend", "list"]);
    let id = tasks[0]["id"].as_str().unwrap();
    let out = sandbox.run(&["check", id]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "plans/go-backend.md:25: [ ] → [x] Установка Go (последняя стабильная версия)\n"
    );
    let expected = original.replacen(
        "- [ ] Установка Go (последняя",
        "- [x] Установка Go (последняя",
        1,
    );
    assert_eq!(sandbox.read_text("plans/go-backend.md"), expected);
    // The other plan is untouched.
    assert_eq!(
        sandbox.read("plans/backend-roadmap.md"),
        fs::read(crate::support::repo().join("plans/backend-roadmap.md")).unwrap()
    );
    let after = sandbox.tasks(&["-p", "go-backend", "list"]);
    assert_eq!(after[0]["status"], "done");
    assert_eq!(after[0]["id"], id);
}

#[test]
fn check_by_id_works_with_plan_given_and_from_next() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "# P\n- [ ] a\n- [ ] b\n");
    let next = sandbox.tasks(&["next"]);
    let id = next[0]["id"].as_str().unwrap();
    ok(&sandbox, &["-p", "p", "check", id]);
    assert_eq!(sandbox.read_text("plans/p.md"), "# P\n- [x] a\n- [ ] b\n");
}

#[test]
fn check_by_file_and_line_as_editors_print_it() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "# P\n- [ ] one\n- [ ] two\n- [ ] three\n- [ ] four\n",
    );
    assert_eq!(
        ok(&sandbox, &["check", "plans/p.md:2"]),
        "plans/p.md:2: [ ] → [x] one\n"
    );
    assert_eq!(
        ok(&sandbox, &["check", "./plans/p.md:3"]),
        "plans/p.md:3: [ ] → [x] two\n"
    );
    assert_eq!(
        ok(&sandbox, &["check", "p.md:4"]),
        "plans/p.md:4: [ ] → [x] three\n"
    );
    let absolute = format!("{}:5", sandbox.path().join("plans/p.md").display());
    assert_eq!(
        ok(&sandbox, &["check", &absolute]),
        "plans/p.md:5: [ ] → [x] four\n"
    );
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "# P\n- [x] one\n- [x] two\n- [x] three\n- [x] four\n"
    );
}

#[test]
fn check_by_file_and_line_from_a_subdirectory_with_dash_c() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] one\n");
    let elsewhere = Sandbox::new();
    let out = elsewhere
        .roadmap()
        .arg("-C")
        .arg(sandbox.path())
        .args(["check", "plans/p.md:1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "plans/p.md:1: [ ] → [x] one\n");
    assert_eq!(sandbox.read_text("plans/p.md"), "- [x] one\n");
}

#[test]
fn check_by_file_and_line_of_a_file_outside_the_plans() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] in plans\n");
    sandbox.write("notes/todo.md", "# Notes\n- [ ] elsewhere\n");
    assert_eq!(
        ok(&sandbox, &["check", "notes/todo.md:2"]),
        "notes/todo.md:2: [ ] → [x] elsewhere\n"
    );
    assert_eq!(
        sandbox.read_text("notes/todo.md"),
        "# Notes\n- [x] elsewhere\n"
    );
    assert_eq!(sandbox.read_text("plans/p.md"), "- [ ] in plans\n");
}

#[test]
fn check_by_text_is_a_case_insensitive_substring() {
    let sandbox = Sandbox::with_bundled_plans();
    assert_eq!(
        ok(&sandbox, &["check", "VS CODE с GO"]),
        "plans/go-backend.md:27: [ ] → [x] Установка VS Code с Go extension\n"
    );
    assert_eq!(
        ok(&sandbox, &["check", "НАСТРОЙКА gopath"]),
        "plans/go-backend.md:26: [ ] → [x] Настройка GOPATH и GOROOT\n"
    );
    // Emphasis, links and code marks are not part of the text searched.
    assert_eq!(
        ok(&sandbox, &["check", "проекта с go mod init"]),
        "plans/go-backend.md:28: [ ] → [x] Создание первого проекта с go mod init\n"
    );
    let plan = sandbox.read_text("plans/go-backend.md");
    assert!(plan.contains("- [x] Установка VS Code с Go extension\n"));
    assert!(plan.contains("- [x] Настройка GOPATH и GOROOT\n"));
    assert!(plan.contains("- [x] Создание первого проекта с `go mod init`\n"));
    assert_eq!(plan.matches("- [x]").count(), 3);
}

#[test]
fn check_text_that_looks_like_file_and_line_is_searched_as_text() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] read chapter:3\n- [ ] other\n");
    assert_eq!(
        ok(&sandbox, &["check", "CHAPTER:3"]),
        "plans/p.md:1: [ ] → [x] read chapter:3\n"
    );
    assert_error(&sandbox.run(&["check", "nofile.md:2"]), "nofile.md:2");
}

#[test]
fn check_text_equal_to_a_whole_task_wins_over_longer_matches() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] Go\n- [ ] Go modules\n- [ ] Learn Go\n");
    assert_eq!(
        ok(&sandbox, &["check", "go"]),
        "plans/p.md:1: [ ] → [x] Go\n"
    );
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "- [x] Go\n- [ ] Go modules\n- [ ] Learn Go\n"
    );
}

#[test]
fn check_reaches_nested_ordered_and_quoted_tasks() {
    let sandbox = Sandbox::new();
    let original = "- [ ] parent\n  - [ ] child\n\n1. [ ] ordered\n2) [ ] paren\n\n> - [ ] quoted\n* [ ] star\n+ [ ] plus\n";
    sandbox.write("plans/p.md", original);
    ok(
        &sandbox,
        &[
            "check", "child", "ordered", "paren", "quoted", "star", "plus",
        ],
    );
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "- [ ] parent\n  - [x] child\n\n1. [x] ordered\n2) [x] paren\n\n> - [x] quoted\n* [x] star\n+ [x] plus\n"
    );
}

// ---- --undo, --start, --skip ----

#[test]
fn check_undo_start_and_skip_set_each_status() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "- [ ] a\n- [x] b\n- [X] c\n- [/] d\n- [-] e\n",
    );
    assert_eq!(
        ok(&sandbox, &["check", "--start", "a"]),
        "plans/p.md:1: [ ] → [/] a\n"
    );
    assert_eq!(
        ok(&sandbox, &["check", "--undo", "b"]),
        "plans/p.md:2: [x] → [ ] b\n"
    );
    assert_eq!(
        ok(&sandbox, &["check", "--undo", "c"]),
        "plans/p.md:3: [x] → [ ] c\n"
    );
    assert_eq!(
        ok(&sandbox, &["check", "--skip", "d"]),
        "plans/p.md:4: [/] → [-] d\n"
    );
    assert_eq!(ok(&sandbox, &["check", "e"]), "plans/p.md:5: [-] → [x] e\n");
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "- [/] a\n- [ ] b\n- [ ] c\n- [-] d\n- [x] e\n"
    );
    ok(
        &sandbox,
        &["check", "--all", "--undo", "a", "b", "c", "d", "e"],
    );
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "- [ ] a\n- [ ] b\n- [ ] c\n- [ ] d\n- [ ] e\n"
    );
}

#[test]
fn check_status_flags_exclude_each_other() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n");
    for flags in [
        ["--undo", "--start"],
        ["--undo", "--skip"],
        ["--start", "--skip"],
    ] {
        let out = sandbox.run(&["check", flags[0], flags[1], "a"]);
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
        assert!(
            stderr(&out).contains("cannot be used with"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(sandbox.read_text("plans/p.md"), "- [ ] a\n");
}

#[test]
fn check_leaving_done_removes_the_done_date() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "- [x] a ✅ 2026-11-01\n- [x] b ✅ 2026-11-02\n- [x] c ✅ 2026-11-03\n",
    );
    ok(&sandbox, &["check", "--undo", "a"]);
    ok(&sandbox, &["check", "--start", "b"]);
    ok(&sandbox, &["check", "--skip", "c"]);
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "- [ ] a\n- [/] b\n- [-] c\n"
    );
}

// ---- --all and ambiguity ----

#[test]
fn check_ambiguous_query_fails_listing_candidates_with_ids() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/a.md", "# A\n- [ ] read the book\n- [ ] other\n");
    sandbox.write("plans/b.md", "- [x] Read The Manual\n");
    let before_a = sandbox.state("plans/a.md");
    let before_b = sandbox.state("plans/b.md");
    let a = id_of(&sandbox, "read the book");
    let b = id_of(&sandbox, "Read The Manual");
    for extra in [&[][..], &["--dry-run"][..]] {
        let mut args = vec!["check"];
        args.extend_from_slice(extra);
        args.push("READ THE");
        let out = sandbox.run(&args);
        let err = assert_error(&out, "roadmap: error: `READ THE` matches 2 tasks:\n");
        assert!(
            err.contains(&format!("\n  {a}  plans/a.md:2  read the book\n")),
            "{err}"
        );
        assert!(
            err.contains(&format!("\n  {b}  plans/b.md:1  Read The Manual\n")),
            "{err}"
        );
        assert!(err.contains("help: "), "{err}");
        assert!(err.contains("--all"), "{err}");
    }
    assert_eq!(sandbox.state("plans/a.md"), before_a);
    assert_eq!(sandbox.state("plans/b.md"), before_b);
}

#[test]
fn check_ambiguous_query_on_the_bundled_plans() {
    let sandbox = Sandbox::with_bundled_plans();
    let before = sandbox.state("plans/go-backend.md");
    let out = sandbox.run(&["check", "установка"]);
    let err = assert_error(&out, "`установка` matches 5 tasks:");
    assert!(
        err.contains("plans/go-backend.md:25  Установка Go (последняя стабильная версия)"),
        "{err}"
    );
    assert_eq!(
        err.matches("go-backend#").count() + err.matches("backend-roadmap#").count(),
        5
    );
    assert_eq!(sandbox.state("plans/go-backend.md"), before);
}

#[test]
fn check_all_acts_on_every_match_in_every_plan() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/a.md", "- [ ] read the book\n- [ ] other\n");
    sandbox.write("plans/b.md", "- [ ] Read The Manual\n");
    let out = ok(&sandbox, &["check", "--all", "read the"]);
    assert_eq!(
        out,
        "plans/a.md:1: [ ] → [x] read the book\nplans/b.md:1: [ ] → [x] Read The Manual\n"
    );
    assert_eq!(
        sandbox.read_text("plans/a.md"),
        "- [x] read the book\n- [ ] other\n"
    );
    assert_eq!(sandbox.read_text("plans/b.md"), "- [x] Read The Manual\n");
    // --all with a single match, and with the bundled plan's five.
    let bundled = Sandbox::with_bundled_plans();
    let out = ok(&bundled, &["check", "--all", "установка"]);
    assert_eq!(out.lines().count(), 5, "{out}");
    assert!(out.lines().all(|l| l.contains(": [ ] → [x] ")), "{out}");
}

// ---- several selectors ----

#[test]
fn check_several_selectors_in_one_file_make_one_write_and_one_line_each() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "# P\n- [ ] a\n- [ ] b\n- [ ] c\n- [ ] d\n");
    let c = id_of(&sandbox, "c");
    let args = ["check", "d", &c, "plans/p.md:2"];
    let expected = "# P\n- [x] a\n- [ ] b\n- [x] c\n- [x] d\n";
    match syscalls(&sandbox, &args) {
        Some((renames, _)) => {
            assert_eq!(renames, 1, "one write for one file");
            assert_eq!(sandbox.read_text("plans/p.md"), expected);
            sandbox.write("plans/p.md", "# P\n- [ ] a\n- [ ] b\n- [ ] c\n- [ ] d\n");
        }
        None => eprintln!("strace unavailable: the number of writes is not checked"),
    }
    let out = ok(&sandbox, &args);
    // One line per task, in file order.
    assert_eq!(
        out,
        "plans/p.md:2: [ ] → [x] a\nplans/p.md:4: [ ] → [x] c\nplans/p.md:5: [ ] → [x] d\n"
    );
    assert_eq!(sandbox.read_text("plans/p.md"), expected);
    assert_eq!(dir_entries(&sandbox.path().join("plans")), ["p.md"]);
}

#[test]
fn check_several_selectors_naming_one_task_change_it_once() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n- [ ] b\n");
    let a = id_of(&sandbox, "a");
    assert_eq!(
        ok(&sandbox, &["check", "a", &a, "plans/p.md:1", "p.md:1"]),
        "plans/p.md:1: [ ] → [x] a\n"
    );
    assert_eq!(sandbox.read_text("plans/p.md"), "- [x] a\n- [ ] b\n");
}

#[test]
fn check_several_selectors_across_plans_write_each_plan() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/a.md", "- [ ] a1\n- [ ] a2\n");
    sandbox.write("plans/b.md", "- [ ] b1\n");
    if let Some((renames, _)) = syscalls(&sandbox, &["check", "--dry-run", "a1", "b1"]) {
        assert_eq!(renames, 0, "a dry run renames nothing");
    }
    let out = ok(&sandbox, &["check", "b1", "a2", "a1"]);
    assert_eq!(
        out,
        "plans/a.md:1: [ ] → [x] a1\nplans/a.md:2: [ ] → [x] a2\nplans/b.md:1: [ ] → [x] b1\n"
    );
    assert_eq!(sandbox.read_text("plans/a.md"), "- [x] a1\n- [x] a2\n");
    assert_eq!(sandbox.read_text("plans/b.md"), "- [x] b1\n");
}

#[test]
fn check_one_bad_selector_changes_nothing() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n- [ ] b\n");
    let before = sandbox.state("plans/p.md");
    assert_error(
        &sandbox.run(&["check", "a", "no such task", "b"]),
        "no task matches `no such task`",
    );
    assert_eq!(sandbox.state("plans/p.md"), before);
}

// ---- no-ops ----

#[test]
fn check_no_op_says_already_and_leaves_the_file_and_its_mtime() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "plans/p.md",
        "- [x] a\n- [X] b\n- [/] c\n- [-] d\n- [ ] e\n",
    );
    let before = sandbox.state("plans/p.md");
    // A moment later, so that any write would give another mtime.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let cases: [(&[&str], &str); 5] = [
        (&["check", "a"], "plans/p.md:1: already done: a\n"),
        (&["check", "b"], "plans/p.md:2: already done: b\n"),
        (
            &["check", "--start", "c"],
            "plans/p.md:3: already doing: c\n",
        ),
        (
            &["check", "--skip", "d"],
            "plans/p.md:4: already skipped: d\n",
        ),
        (&["check", "--undo", "e"], "plans/p.md:5: already todo: e\n"),
    ];
    for (args, message) in cases {
        let out = sandbox.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), message, "{args:?}");
        assert_eq!(FileState::of(&path), before, "{args:?} wrote the file");
        if let Some((renames, writes)) = syscalls(&sandbox, args) {
            assert_eq!(
                (renames, writes),
                (0, 0),
                "{args:?} opened a file for writing"
            );
        }
    }
    // With the stamp on, a task already done with a date is no change either
    // (one without a date gets it: see stamping_a_task_ticked_by_hand_dates_it).
    let dated = sandbox.write(
        "plans/p.md",
        "- [x] a ✅ 2026-11-01\n- [X] b ✅ 2026-11-02\n",
    );
    let before = FileState::of(&dated);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = sandbox.run(&["check", "--stamp", "a", "b"]);
    assert_eq!(
        stdout(&out),
        "plans/p.md:1: already done: a\nplans/p.md:2: already done: b\n"
    );
    assert_eq!(FileState::of(&path), before);
    assert_eq!(dir_entries(&sandbox.path().join("plans")), ["p.md"]);
}

#[test]
fn check_no_op_beside_a_change_reports_both() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [x] a\n- [ ] b\n");
    let out = ok(&sandbox, &["check", "a", "b"]);
    assert!(out.contains("plans/p.md:1: already done: a\n"), "{out}");
    assert!(out.contains("plans/p.md:2: [ ] → [x] b\n"), "{out}");
    assert_eq!(out.lines().count(), 2);
    assert_eq!(sandbox.read_text("plans/p.md"), "- [x] a\n- [x] b\n");
}

// ---- --dry-run ----

#[test]
fn check_dry_run_prints_a_unified_diff_and_writes_nothing() {
    let sandbox = Sandbox::new();
    let original = "# Plan\n\nline 3\nline 4\nline 5\n- [ ] a\nline 7\nline 8\nline 9\nline 10\n";
    sandbox.write("plans/p.md", original);
    let before = sandbox.state("plans/p.md");
    let out = sandbox.run(&["check", "--dry-run", "a"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "--- a/plans/p.md\n+++ b/plans/p.md\n@@ -3,7 +3,7 @@\n line 3\n line 4\n line 5\n-- [ ] a\n+- [x] a\n line 7\n line 8\n line 9\n"
    );
    assert_eq!(sandbox.state("plans/p.md"), before);
    assert_eq!(dir_entries(&sandbox.path().join("plans")), ["p.md"]);
}

#[test]
fn check_dry_run_of_a_no_op_prints_no_diff() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [x] a\n");
    let out = sandbox.run(&["check", "--dry-run", "a"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "", "no change, no diff");
    assert!(stderr(&out).contains("already done: a"), "{}", stderr(&out));
}

/// For each plan text: the dry run's diff, applied with `patch -p1` to a copy,
/// gives exactly the bytes the real run writes, and the dry run writes nothing.
#[test]
fn check_dry_run_diff_applies_with_patch_to_what_a_real_run_writes() {
    let texts: [(&str, &str); 7] = [
        ("lf", "# P\n- [ ] a\n- [x] b\n- [ ] c\n"),
        ("crlf", "# P\r\n- [ ] a\r\n- [x] b\r\n- [ ] c\r\n"),
        ("bom", "\u{feff}# P\n- [ ] a\n- [x] b\n- [ ] c\n"),
        ("no final newline", "# P\n- [ ] a\n- [x] b\n- [ ] c"),
        (
            "crlf no final newline",
            "# P\r\n- [ ] a\r\n- [x] b\r\n- [ ] c",
        ),
        ("tabs", "# P\n-\t[ ] a\n\t- [x] b\n- [ ]\tc\n"),
        ("trailing spaces", "# P\n- [ ] a   \n- [x] b \n- [ ] c\t\n"),
    ];
    let have_patch = patch_works();
    if !have_patch {
        assert!(std::env::var_os("CI").is_none(), "patch is missing in CI");
    }
    for (name, text) in texts {
        for stamp in ["--no-stamp", "--stamp"] {
            let args = ["check", stamp, "--all", "a", "b", "c"];
            let dry = Sandbox::new();
            dry.write("plans/p.md", text);
            let before = dry.state("plans/p.md");
            let mut dry_args = args.to_vec();
            dry_args.insert(1, "--dry-run");
            let out = dry.run(&dry_args);
            assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
            let diff = stdout(&out);
            assert!(
                diff.starts_with("--- a/plans/p.md\n+++ b/plans/p.md\n@@ "),
                "{name}: {diff}"
            );
            assert_eq!(dry.state("plans/p.md"), before, "{name}: a dry run wrote");

            let real = Sandbox::new();
            real.write("plans/p.md", text);
            ok(&real, &args);
            let written = real.read("plans/p.md");
            assert_ne!(written, text.as_bytes(), "{name}");

            if have_patch {
                apply_patch(dry.path(), &diff);
                assert_eq!(
                    dry.read_text("plans/p.md"),
                    String::from_utf8(written).unwrap(),
                    "{name} {stamp}: the patched file differs from what check writes"
                );
            }
        }
    }
}

/// Applies a diff with `git apply` in `dir`, made a scratch git repository, with the
/// user's configuration left out (`core.autocrlf` would change what is compared).
/// False when git is not installed.
fn git_apply(dir: &Path, diff: &str) -> bool {
    let git = |args: &[&str]| {
        Process::new("git")
            .args(["-c", "core.autocrlf=false", "-c", "apply.whitespace=nowarn"])
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
    };
    let Ok(init) = git(&["init", "-q", "."]) else {
        assert!(std::env::var_os("CI").is_none(), "git is missing in CI");
        return false;
    };
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    fs::write(dir.join("change.diff"), diff).unwrap();
    let out = git(&["apply", "change.diff"]).unwrap();
    assert!(
        out.status.success(),
        "git apply failed:\n{}\ndiff:\n{diff:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::remove_file(dir.join("change.diff")).unwrap();
    fs::remove_dir_all(dir.join(".git")).unwrap();
    true
}

/// Issue 10, item 15: `patch` and `git apply` end lines at LF only, so the dry run's
/// diff of a file with lone-CR line ends (classic Mac OS) must take the file for one
/// long line. For LF, CRLF, lone-CR and mixed line ends, with and without a final
/// line end, the diff of every kind of change, applied with `patch -p1` and with
/// `git apply`, gives byte for byte what the real `check` writes.
#[test]
fn check_dry_run_diff_applies_with_patch_and_git_for_every_line_ending() {
    let have_patch = patch_works();
    if !have_patch {
        assert!(std::env::var_os("CI").is_none(), "patch is missing in CI");
    }
    let lines = [
        "# P",
        "",
        "- [ ] a",
        "- [x] b ✅ 2026-11-20",
        "text",
        "- [ ] c",
        "",
        "## S",
        "- [/] d",
    ];
    let endings: [(&str, &[&str]); 4] = [
        ("lf", &["\n"]),
        ("crlf", &["\r\n"]),
        ("cr", &["\r"]),
        ("mixed", &["\n", "\r\n", "\r", "\r\n", "\n", "\r"]),
    ];
    let changes: [&[&str]; 5] = [
        &["check", "--all", "a", "c"],
        &["check", "--stamp", "--all", "a", "c", "d"],
        &["check", "--undo", "--all", "b", "d"],
        &["check", "--skip", "--all", "a", "b"],
        &["check", "--start", "c"],
    ];
    let mut applied = 0;
    for (name, ends) in endings {
        for final_end in [true, false] {
            let mut text = String::new();
            for (i, line) in lines.iter().enumerate() {
                text.push_str(line);
                if i + 1 < lines.len() || final_end {
                    text.push_str(ends[i % ends.len()]);
                }
            }
            for args in changes {
                let case = format!("{name}, final line end {final_end}, {args:?}");
                let real = Sandbox::new();
                real.write("plans/p.md", &text);
                ok(&real, args);
                let written = real.read("plans/p.md");
                assert_ne!(written, text.as_bytes(), "{case}: nothing changed");

                let mut dry_args = args.to_vec();
                dry_args.insert(1, "--dry-run");
                for tool in ["patch", "git"] {
                    let dry = Sandbox::new();
                    dry.write("plans/p.md", &text);
                    let before = dry.state("plans/p.md");
                    let diff = ok(&dry, &dry_args);
                    assert_eq!(dry.state("plans/p.md"), before, "{case}: a dry run wrote");
                    let done = match tool {
                        "patch" if have_patch => {
                            apply_patch(dry.path(), &diff);
                            true
                        }
                        "git" => git_apply(dry.path(), &diff),
                        _ => false,
                    };
                    if done {
                        assert!(
                            dry.read("plans/p.md") == written,
                            "{case}: {tool} gives\n{:?}\ninstead of\n{:?}\nfrom the diff\n{diff:?}",
                            dry.read_text("plans/p.md"),
                            String::from_utf8_lossy(&written)
                        );
                        applied += 1;
                    }
                }
            }
        }
    }
    if have_patch {
        assert!(applied >= 40, "{applied}");
    }
}

#[test]
fn check_dry_run_over_two_plans_prints_a_diff_for_each() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/a.md", "- [ ] a\n");
    sandbox.write("plans/b.md", "- [ ] b\n");
    let out = ok(&sandbox, &["check", "--dry-run", "a", "b"]);
    assert_eq!(
        out,
        "--- a/plans/a.md\n+++ b/plans/a.md\n@@ -1 +1 @@\n-- [ ] a\n+- [x] a\n--- a/plans/b.md\n+++ b/plans/b.md\n@@ -1 +1 @@\n-- [ ] b\n+- [x] b\n"
    );
    assert_eq!(sandbox.read_text("plans/a.md"), "- [ ] a\n");
    assert_eq!(sandbox.read_text("plans/b.md"), "- [ ] b\n");
    if patch_works() {
        let copy = Sandbox::new();
        copy.write("plans/a.md", "- [ ] a\n");
        copy.write("plans/b.md", "- [ ] b\n");
        apply_patch(copy.path(), &out);
        assert_eq!(copy.read_text("plans/a.md"), "- [x] a\n");
        assert_eq!(copy.read_text("plans/b.md"), "- [x] b\n");
    }
}

#[test]
fn check_dry_run_on_the_bundled_plan_patches_cleanly() {
    let sandbox = Sandbox::with_bundled_plans();
    let args = [
        "check",
        "--stamp",
        "plans/go-backend.md:25",
        "GOPATH",
        "Cron jobs",
    ];
    let mut dry = args.to_vec();
    dry.insert(1, "--dry-run");
    let diff = ok(&sandbox, &dry);
    assert!(
        diff.starts_with("--- a/plans/backend-roadmap.md\n+++ b/plans/backend-roadmap.md\n"),
        "{diff}"
    );
    assert!(
        diff.contains("\n--- a/plans/go-backend.md\n+++ b/plans/go-backend.md\n"),
        "{diff}"
    );
    for line in [
        "\n-- [ ] Установка Go (последняя стабильная версия)\n",
        "\n+- [x] Установка Go (последняя стабильная версия) ✅ 2026-11-24\n",
        "\n-- [ ] Настройка GOPATH и GOROOT\n",
        "\n+- [x] Настройка GOPATH и GOROOT ✅ 2026-11-24\n",
        "\n-- [ ] Cron jobs\n",
        "\n+- [x] Cron jobs ✅ 2026-11-24\n",
    ] {
        assert!(diff.contains(line), "{line} missing from:\n{diff}");
    }
    if !patch_works() {
        return;
    }
    let copy = Sandbox::with_bundled_plans();
    apply_patch(copy.path(), &diff);
    ok(&sandbox, &args);
    for plan in ["plans/go-backend.md", "plans/backend-roadmap.md"] {
        assert_eq!(copy.read(plan), sandbox.read(plan), "{plan}");
    }
}

#[test]
fn check_dry_run_diff_applies_for_file_names_with_spaces_and_cyrillic() {
    // `patch` reads a header's file name up to a tab; git ends names holding a
    // space with one (`--- a/my plan.md\t`) so that they apply.
    if !patch_works() {
        return;
    }
    for name in ["plans/мой-план.md", "plans/my plan.md", "plans/мой план.md"] {
        let sandbox = Sandbox::new();
        sandbox.write(name, "- [ ] a\n");
        let diff = ok(&sandbox, &["check", "--dry-run", "a"]);
        assert!(diff.contains(name), "{name}: {diff}");
        assert_eq!(sandbox.read_text(name), "- [ ] a\n");
        fs::write(sandbox.path().join("change.diff"), &diff).unwrap();
        let out = Process::new("patch")
            .args(["-p1", "--batch", "-i", "change.diff"])
            .current_dir(sandbox.path())
            .output()
            .unwrap();
        assert!(
            out.status.success() && sandbox.read_text(name) == "- [x] a\n",
            "`patch -p1` does not apply the dry run's diff of `{name}`:\n{diff}\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

// ---- done dates ----

#[test]
fn check_stamp_writes_the_done_date_and_undo_restores_the_bytes() {
    let sandbox = Sandbox::new();
    let original = "# P\n- [ ] a\n- [ ] **bold** and [link](https://example.com)\n  - [ ] nested\n";
    sandbox.write("plans/p.md", original);
    let out = ok(
        &sandbox,
        &["check", "--stamp", "--all", "a", "bold", "nested"],
    );
    assert_eq!(
        out,
        "plans/p.md:2: [ ] → [x] a (done date added)\nplans/p.md:3: [ ] → [x] bold and link (done date added)\nplans/p.md:4: [ ] → [x] nested (done date added)\n"
    );
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "# P\n- [x] a ✅ 2026-11-24\n- [x] **bold** and [link](https://example.com) ✅ 2026-11-24\n  - [x] nested ✅ 2026-11-24\n"
    );
    let tasks = sandbox.tasks(&["list"]);
    assert!(
        tasks.iter().all(|t| t["done_on"] == "2026-11-24"),
        "{tasks:?}"
    );
    assert_eq!(tasks[0]["text"], "a", "the date is not part of the text");
    let out = ok(
        &sandbox,
        &["check", "--undo", "--all", "a", "bold", "nested"],
    );
    assert_eq!(out.lines().count(), 3);
    assert_eq!(sandbox.read_text("plans/p.md"), original);
}

#[test]
fn check_stamp_uses_today_from_the_flag_or_the_environment() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n- [ ] b\n");
    ok(
        &sandbox,
        &["--today", "2027-01-31", "check", "--stamp", "a"],
    );
    let out = sandbox
        .roadmap()
        .env("ROADMAP_TODAY", "2026-02-28")
        .args(["check", "--stamp", "b"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "- [x] a ✅ 2027-01-31\n- [x] b ✅ 2026-02-28\n"
    );
}

#[test]
fn check_without_stamp_writes_no_date() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n");
    assert_eq!(ok(&sandbox, &["check", "a"]), "plans/p.md:1: [ ] → [x] a\n");
    assert_eq!(sandbox.read_text("plans/p.md"), "- [x] a\n");
}

#[test]
fn check_no_stamp_overrides_stamp_true_in_the_config() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n- [ ] b\n- [ ] c\n- [ ] d\n");
    sandbox.write("roadmap.toml", "stamp = true\n");
    ok(&sandbox, &["check", "a"]);
    ok(&sandbox, &["check", "--no-stamp", "b"]);
    // The last of --stamp and --no-stamp wins.
    ok(&sandbox, &["check", "--stamp", "--no-stamp", "c"]);
    ok(&sandbox, &["check", "--no-stamp", "--stamp", "d"]);
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "- [x] a ✅ 2026-11-24\n- [x] b\n- [x] c\n- [x] d ✅ 2026-11-24\n"
    );
}

#[test]
fn check_stamp_with_a_stamp_false_config() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n- [ ] b\n");
    sandbox.write("roadmap.toml", "stamp = false\n");
    ok(&sandbox, &["check", "a"]);
    ok(&sandbox, &["check", "--stamp", "b"]);
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "- [x] a\n- [x] b ✅ 2026-11-24\n"
    );
}

// ---- every other byte stays ----

/// Runs `check ARGS` on `original` and compares the result with `expected`, then
/// undoes and expects `original` back.
fn round_trip(original: &[u8], args: &[&str], expected: &[u8]) {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", original);
    let mut check = vec!["check"];
    check.extend_from_slice(args);
    ok(&sandbox, &check);
    assert_eq!(
        String::from_utf8_lossy(&sandbox.read("plans/p.md")),
        String::from_utf8_lossy(expected),
        "{args:?}"
    );
    let selectors: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !a.starts_with("--"))
        .collect();
    let mut undo = vec!["check", "--undo", "--all"];
    undo.extend_from_slice(&selectors);
    ok(&sandbox, &undo);
    assert_eq!(
        String::from_utf8_lossy(&sandbox.read("plans/p.md")),
        String::from_utf8_lossy(original),
        "undo of {args:?}"
    );
}

#[test]
fn check_keeps_crlf() {
    round_trip(
        b"# P\r\n\r\n- [ ] a\r\n- [ ] b\r\n",
        &["a"],
        b"# P\r\n\r\n- [x] a\r\n- [ ] b\r\n",
    );
    round_trip(
        b"# P\r\n\r\n- [ ] a\r\n- [ ] b\r\n",
        &["--stamp", "a", "b"],
        "# P\r\n\r\n- [x] a ✅ 2026-11-24\r\n- [x] b ✅ 2026-11-24\r\n".as_bytes(),
    );
    // Mixed line endings stay mixed.
    round_trip(
        b"- [ ] a\r\n- [ ] b\n- [ ] c\r\n",
        &["b"],
        b"- [ ] a\r\n- [x] b\n- [ ] c\r\n",
    );
}

#[test]
fn check_keeps_a_byte_order_mark() {
    round_trip(
        "\u{feff}- [ ] a\n- [ ] b\n".as_bytes(),
        &["a"],
        "\u{feff}- [x] a\n- [ ] b\n".as_bytes(),
    );
    round_trip(
        "\u{feff}# P\r\n- [ ] a\r\n".as_bytes(),
        &["--stamp", "a"],
        "\u{feff}# P\r\n- [x] a ✅ 2026-11-24\r\n".as_bytes(),
    );
}

#[test]
fn check_keeps_a_missing_final_newline() {
    round_trip(b"- [ ] a\n- [ ] b", &["b"], b"- [ ] a\n- [x] b");
    round_trip(
        b"- [ ] a\n- [ ] b",
        &["--stamp", "b"],
        "- [ ] a\n- [x] b ✅ 2026-11-24".as_bytes(),
    );
}

#[test]
fn check_keeps_tabs_and_trailing_spaces() {
    round_trip(
        b"- [ ] a\n\t- [ ] tabbed\n-\t[ ] after tab\n",
        &["tabbed", "after tab"],
        b"- [ ] a\n\t- [x] tabbed\n-\t[x] after tab\n",
    );
    round_trip(
        b"- [ ] spaces   \n- [ ]\ttab box\t\n",
        &["spaces", "tab box"],
        b"- [x] spaces   \n- [x]\ttab box\t\n",
    );
    round_trip(
        b"- [ ] spaces   \n",
        &["--stamp", "spaces"],
        "- [x] spaces ✅ 2026-11-24   \n".as_bytes(),
    );
}

#[test]
fn check_keeps_every_byte_of_the_bundled_plans_but_the_box() {
    let sandbox = Sandbox::with_bundled_plans();
    let original = sandbox.read("plans/backend-roadmap.md");
    let tasks = sandbox.tasks(&["-p", "backend-roadmap", "list"]);
    let id = tasks[100]["id"].as_str().unwrap().to_string();
    let line = tasks[100]["line"].as_u64().unwrap() as usize;
    ok(&sandbox, &["check", &id]);
    let after = sandbox.read("plans/backend-roadmap.md");
    assert_eq!(after.len(), original.len());
    let differing: Vec<usize> = (0..after.len())
        .filter(|&i| after[i] != original[i])
        .collect();
    assert_eq!(differing.len(), 1, "{differing:?}");
    let at = differing[0];
    assert_eq!((original[at], after[at]), (b' ', b'x'));
    let line_of_change = original[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    assert_eq!(line_of_change, line);
}

// ---- how the file is written ----

#[test]
fn check_through_a_symlink_writes_the_target_and_keeps_the_link() {
    let sandbox = Sandbox::new();
    let target = sandbox.write("real/plan.md", "- [ ] a\n- [ ] b\n");
    let link = sandbox.symlink("../real/plan.md", "plans/link.md");
    ok(&sandbox, &["check", "a"]);
    let meta = fs::symlink_metadata(&link).unwrap();
    assert!(
        meta.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("../real/plan.md"));
    assert_eq!(fs::read_to_string(&target).unwrap(), "- [x] a\n- [ ] b\n");
    assert_eq!(dir_entries(&sandbox.path().join("plans")), ["link.md"]);
    assert_eq!(dir_entries(&sandbox.path().join("real")), ["plan.md"]);
    // Through --plan naming the link, by FILE:LINE of the link.
    ok(
        &sandbox,
        &["-p", "plans/link.md", "check", "plans/link.md:2"],
    );
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), "- [x] a\n- [x] b\n");
}

#[test]
fn a_plan_reached_by_two_names_is_one_plan() {
    // `plans/*.md` matches the file and a symlink to it: one plan, listed once and
    // written once, under the file's own name (so adding a link changes no ID).
    let sandbox = Sandbox::new();
    let target = sandbox.write("plans/b-real.md", "- [ ] a\n- [ ] b\n");
    let before = sandbox.tasks(&["list"]);
    sandbox.symlink("b-real.md", "plans/a-link.md");
    let tasks = sandbox.tasks(&["list"]);
    assert_eq!(tasks, before);
    assert!(
        tasks.iter().all(|t| t["plan"] == "plans/b-real.md"),
        "{tasks:?}"
    );
    let out = ok(&sandbox, &["check", "--all", "a", "b"]);
    assert_eq!(
        out,
        "plans/b-real.md:1: [ ] → [x] a\nplans/b-real.md:2: [ ] → [x] b\n"
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), "- [x] a\n- [x] b\n");
}

#[test]
fn check_keeps_the_file_mode() {
    for mode in [0o640, 0o600, 0o664, 0o755] {
        let sandbox = Sandbox::new();
        let path = sandbox.write("plans/p.md", "- [ ] a\n");
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        ok(&sandbox, &["check", "a"]);
        assert_eq!(sandbox.read_text("plans/p.md"), "- [x] a\n");
        assert_eq!(FileState::of(&path).mode, mode, "{mode:o}");
    }
}

#[test]
fn check_refuses_a_read_only_plan_and_leaves_it() {
    // Tests run as root, who could write anyway: the mode is what must stop it.
    let sandbox = Sandbox::new();
    let path = sandbox.write("plans/p.md", "- [ ] a\n");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let before = FileState::of(&path);
    let out = sandbox.run(&["check", "a"]);
    let err = assert_error(&out, "plans/p.md");
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(FileState::of(&path), before);
    assert_eq!(dir_entries(&sandbox.path().join("plans")), ["p.md"]);
    // Reading it is fine.
    assert_eq!(sandbox.tasks(&["list"]).len(), 1);
}

#[test]
fn check_refuses_a_hard_linked_plan_and_leaves_both_names() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("plans/p.md", "- [ ] a\n");
    let other = sandbox.path().join("copy.md");
    fs::hard_link(&path, &other).unwrap();
    let before = FileState::of(&path);
    let out = sandbox.run(&["check", "a"]);
    let err = assert_error(&out, "plans/p.md");
    assert!(err.contains("hard link"), "{err}");
    assert_eq!(FileState::of(&path), before);
    assert_eq!(FileState::of(&other), before);
    assert_eq!(before.nlink, 2);
}

#[test]
fn check_leaves_no_temporary_or_lock_files() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n- [ ] b\n");
    let root = dir_entries(sandbox.path());
    ok(&sandbox, &["check", "a"]);
    ok(&sandbox, &["check", "--stamp", "b"]);
    ok(&sandbox, &["check", "--undo", "--all", "a", "b"]);
    assert_eq!(dir_entries(&sandbox.path().join("plans")), ["p.md"]);
    assert_eq!(dir_entries(sandbox.path()), root);
}

// ---- IDs ----

#[test]
fn check_does_not_change_ids() {
    let sandbox = Sandbox::with_bundled_plans();
    let before = ids(&sandbox, &[]);
    let first_go = before
        .iter()
        .find(|(id, _)| id.starts_with("go-backend#"))
        .unwrap()
        .0
        .clone();
    ok(&sandbox, &["check", "--stamp", &first_go]);
    ok(&sandbox, &["check", "--start", "GOPATH"]);
    ok(&sandbox, &["check", "--skip", "VS Code"]);
    ok(&sandbox, &["check", "--all", "установка linux"]);
    assert_eq!(ids(&sandbox, &[]), before);
    ok(&sandbox, &["check", "--undo", &first_go]);
    assert_eq!(ids(&sandbox, &[]), before);
    // The ID still selects the task after every change.
    ok(&sandbox, &["check", &first_go]);
    assert_eq!(ids(&sandbox, &[]), before);
}

#[test]
fn ids_do_not_change_when_another_plan_changes() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/a.md", "# A\n## One\n- [ ] a1\n- [ ] a2\n");
    sandbox.write("plans/b.md", "# B\n- [ ] b1\n");
    let a_before = ids(&sandbox, &["-p", "a"]);
    // Tick, add, rename and move tasks in b.
    ok(&sandbox, &["check", "b1"]);
    assert_eq!(ids(&sandbox, &["-p", "a"]), a_before);
    sandbox.write(
        "plans/b.md",
        "# B renamed\n\n## New\n- [ ] new first\n- [x] b1\n- [ ] a1\n",
    );
    assert_eq!(ids(&sandbox, &["-p", "a"]), a_before);
    // Removing b entirely.
    fs::remove_file(sandbox.path().join("plans/b.md")).unwrap();
    assert_eq!(ids(&sandbox, &["-p", "a"]), a_before);
    // IDs carry the plan's stem, so equal tasks in two plans differ.
    sandbox.write("plans/c.md", "# A\n## One\n- [ ] a1\n- [ ] a2\n");
    let c = ids(&sandbox, &["-p", "c"]);
    assert_ne!(c[0].0, a_before[0].0);
    assert!(c[0].0.starts_with("c#"));
}

#[test]
fn an_id_stays_when_lines_are_added_above_the_task() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "# P\n## S\n- [ ] target\n");
    let id = id_of(&sandbox, "target");
    sandbox.write(
        "plans/p.md",
        "# P\n\nSome new prose.\n\n## S\n- [ ] new one\n- [ ] target\n",
    );
    assert_eq!(id_of(&sandbox, "target"), id);
    assert_eq!(
        ok(&sandbox, &["check", &id]),
        "plans/p.md:7: [ ] → [x] target\n"
    );
}

// ---- errors of check ----

#[test]
fn check_errors_leave_files_untouched() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "# P\n\n- [ ] a\n");
    let before = sandbox.state("plans/p.md");
    assert_error(&sandbox.run(&["check", ""]), "empty selector");
    assert_error(&sandbox.run(&["check", "   "]), "empty selector");
    assert_error(&sandbox.run(&["check", "zzz"]), "no task matches `zzz`");
    assert_error(
        &sandbox.run(&["check", "plans/p.md:2"]),
        "plans/p.md:2: no task on this line",
    );
    let err = assert_error(&sandbox.run(&["check"]), "no task selected");
    assert!(err.contains("help: "), "{err}");
    assert_eq!(sandbox.state("plans/p.md"), before);
}

#[test]
fn check_json_after_a_change_shows_the_new_status() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n- [ ] b\n- [ ] c\n");
    ok(&sandbox, &["check", "--start", "a"]);
    ok(&sandbox, &["check", "--skip", "b"]);
    ok(&sandbox, &["check", "--stamp", "c"]);
    let tasks = sandbox.tasks(&["list"]);
    let statuses: Vec<&Value> = tasks.iter().map(|t| &t["status"]).collect();
    assert_eq!(statuses, ["doing", "skipped", "done"]);
    assert_eq!(tasks[2]["done_on"], "2026-11-24");
    assert_eq!(tasks[2]["text"], "c");
}

#[test]
fn stamping_a_task_ticked_by_hand_dates_it() {
    // Issue 11: a box ticked in an editor has no done date; `check --stamp` adds
    // one (today, or --today) and changes nothing else.
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "- [x] ticked by hand\n- [X] upper case  \n- [x] dated ✅ 2026-11-01\n",
    );
    let out = sandbox.run(&[
        "--today",
        "2026-11-20",
        "check",
        "--stamp",
        "--all",
        "ticked",
        "upper",
        "dated",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "plans/p.md:3: already done: dated\nplans/p.md:1: done date added: ticked by hand\nplans/p.md:2: done date added: upper case\n"
    );
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "- [x] ticked by hand ✅ 2026-11-20\n- [X] upper case ✅ 2026-11-20  \n- [x] dated ✅ 2026-11-01\n"
    );
    // Without stamping, a done task stays as it is, file untouched.
    let before = sandbox.state("plans/p.md");
    let out = sandbox.run(&["check", "--no-stamp", "ticked"]);
    assert!(stdout(&out).contains("already done: ticked by hand"));
    assert_eq!(sandbox.state("plans/p.md"), before);
}

// ---- long plans ----

/// Issue 10, item 12: `check --all` on a long plan takes time in proportion to its
/// length. Checking that every task keeps its place after a done date is added or
/// removed looked each change up in a list of all changes, and the dry run's line
/// diff compared lines in every pairing when almost every line changes: 300,000
/// tasks took minutes. Now each of these runs takes about a second.
#[test]
fn check_all_on_300_000_tasks_is_linear() {
    let n = 300_000;
    let mut text = String::with_capacity(n * 24);
    for i in 0..n {
        if i % 20 == 0 {
            text.push_str(&format!("\n## Part {}\n\n", i / 20));
        }
        text.push_str(&format!("- [ ] task {i}\n"));
    }
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", &text);
    let timed = |args: &[&str]| {
        // Minutes before the fix, about a second after it (debug build, 2 cores).
        let limit = std::time::Duration::from_secs(20);
        let started = std::time::Instant::now();
        let out = sandbox
            .roadmap()
            .args(args)
            .timeout(limit)
            .output()
            .unwrap();
        let took = started.elapsed();
        assert!(took < limit, "{args:?} was stopped after {took:?}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        out
    };
    let dry = timed(&["check", "--dry-run", "--stamp", "--all", "task"]);
    assert_eq!(sandbox.read_text("plans/p.md"), text, "a dry run wrote");
    let diff = stdout(&dry);
    assert_eq!(
        diff.matches("\n+- [x] task ").count(),
        n,
        "one + line per task"
    );
    // The parts' tasks are 4 lines apart at most: one hunk per run of parts.
    assert_eq!(diff.matches("\n@@ ").count(), 1);

    timed(&["check", "--stamp", "--all", "task"]);
    let stamped = sandbox.read_text("plans/p.md");
    assert_eq!(stamped.matches("- [x] task ").count(), n);
    assert_eq!(stamped.matches(" ✅ 2026-11-24\n").count(), n);
    if patch_works() {
        let copy = Sandbox::new();
        copy.write("plans/p.md", &text);
        apply_patch(copy.path(), &diff);
        assert!(
            copy.read_text("plans/p.md") == stamped,
            "the diff gives another file"
        );
    }
    timed(&["check", "--undo", "--all", "task"]);
    assert!(
        sandbox.read_text("plans/p.md") == text,
        "undo restores the bytes"
    );
    timed(&["check", "--skip", "--all", "task"]);
    timed(&["check", "--start", "--all", "task"]);
    assert_eq!(
        sandbox
            .read_text("plans/p.md")
            .matches("- [/] task ")
            .count(),
        n
    );
}

/// Issue 10, item 12, another quadratic step: every selector looked through every
/// task for its ID and its line, so `check` with the IDs of a long plan (as `xargs`
/// passes them, 100,000 at a time) took minutes. The tasks are now indexed once.
#[test]
fn check_with_80_000_selectors_is_linear() {
    let n = 80_000;
    let text: String = (0..n).map(|i| format!("- [ ] task {i}\n")).collect();
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", &text);
    let ids: Vec<String> = sandbox
        .tasks(&["list"])
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    let lines: Vec<String> = (1..=n).map(|l| format!("plans/p.md:{l}")).collect();
    for (selectors, status) in [(&ids, "--skip"), (&lines, "--start")] {
        // Minutes before the fix, a second or two after it (debug build, 2 cores).
        let limit = std::time::Duration::from_secs(20);
        let started = std::time::Instant::now();
        let out = sandbox
            .roadmap()
            .args(["check", status])
            .args(selectors)
            .timeout(limit)
            .output()
            .unwrap();
        let took = started.elapsed();
        assert!(took < limit, "{status}: stopped after {took:?}");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stdout(&out).lines().count(), n);
    }
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        text.replace("- [ ]", "- [/]")
    );
}

#[test]
fn dry_run_names_odd_files_so_that_patch_and_git_apply_find_them() {
    // Review of issue 10: names with a quote, a backslash, an escape, a newline or a
    // byte that is not UTF-8 are quoted as git quotes them; both tools read that.
    use std::os::unix::ffi::OsStrExt;
    let names: [&[u8]; 4] = [
        b"q\"uote.md",
        b"back\\slash.md",
        b"esc\x1b[31m.md",
        b"caf\xe9 plan.md",
    ];
    for name in names {
        let sandbox = Sandbox::new();
        let rel = std::path::Path::new("plans").join(std::ffi::OsStr::from_bytes(name));
        std::fs::create_dir_all(sandbox.path().join("plans")).unwrap();
        std::fs::write(sandbox.path().join(&rel), "- [ ] task\n").unwrap();
        let out = sandbox.run(&["check", "--dry-run", "task"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let header = out.stdout.split(|&b| b == b'\n').next().unwrap().to_vec();
        assert!(
            !header.iter().any(|&b| b < 0x20 && b != b'\t'),
            "{:?}",
            String::from_utf8_lossy(&header)
        );
        for tool in [&["patch", "-p1", "--quiet"][..], &["git", "apply"]] {
            if tool[0] == "git" {
                std::process::Command::new("git")
                    .args(["init", "-q"])
                    .current_dir(sandbox.path())
                    .status()
                    .unwrap();
            }
            std::fs::write(sandbox.path().join(&rel), "- [ ] task\n").unwrap();
            let mut child = std::process::Command::new(tool[0])
                .args(&tool[1..])
                .current_dir(sandbox.path())
                .stdin(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write as _;
            child.stdin.take().unwrap().write_all(&out.stdout).unwrap();
            let done = child.wait_with_output().unwrap();
            assert!(
                done.status.success(),
                "{tool:?} on {:?}: {}",
                String::from_utf8_lossy(name),
                String::from_utf8_lossy(&done.stderr)
            );
            assert_eq!(
                std::fs::read(sandbox.path().join(&rel)).unwrap(),
                b"- [x] task\n"
            );
        }
    }
}

#[test]
fn a_dry_run_from_a_subfolder_cannot_patch_a_file_that_only_looks_like_the_plan() {
    // Review of issue 10: from notes/, `plans/a.md` named `../plans/a.md` lost its
    // `..`, and `patch -p1` changed notes/plans/a.md, which is no plan.
    let sandbox = Sandbox::new();
    sandbox.write("plans/a.md", "# A\n- [ ] one\n");
    sandbox.write("roadmap.toml", "plans = [\"plans/*.md\"]\n");
    sandbox.write("notes/plans/a.md", "# mine\n- [ ] one\n");
    let out = sandbox
        .roadmap()
        .current_dir(sandbox.path().join("notes"))
        .args(["check", "--dry-run", "one"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).starts_with("--- a/../plans/a.md\n"),
        "{}",
        stdout(&out)
    );
    let mut child = std::process::Command::new("patch")
        .args(["-p1", "--batch"])
        .current_dir(sandbox.path().join("notes"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child.stdin.take().unwrap().write_all(&out.stdout).unwrap();
    let _ = child.wait();
    assert_eq!(sandbox.read_text("notes/plans/a.md"), "# mine\n- [ ] one\n");
}
