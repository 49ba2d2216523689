//! `list`, `next` and `check` through the binary: every flag, the output a user sees,
//! the exit codes, and the bytes of the plan afterwards.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::process::Command as Process;

use serde_json::Value;

use crate::support::{Sandbox, json, repo, roadmap, stderr, stdout};

fn ids(sandbox: &Sandbox, plan: &str) -> Vec<(String, String)> {
    let out = sandbox
        .roadmap()
        .args(["-p", plan, "list", "--format", "json"])
        .output()
        .unwrap();
    json(&out)
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                t["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

// ---- list ----

#[test]
fn list_counts_the_bundled_plans() {
    let out = roadmap()
        .arg("-C")
        .arg(repo())
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let tasks = json(&out);
    let count = |plan: &str| tasks.iter().filter(|t| t["plan"] == plan).count();
    assert_eq!(count("plans/go-backend.md"), 183);
    assert_eq!(count("plans/backend-roadmap.md"), 345);
}

#[test]
fn list_json_has_every_field() {
    let sandbox = Sandbox::with_bundled_plans();
    let out = sandbox
        .roadmap()
        .args(["-p", "go-backend", "list", "--format", "json"])
        .output()
        .unwrap();
    let first = &json(&out)[0];
    assert_eq!(first["plan"], "plans/go-backend.md");
    assert_eq!(first["line"], 25);
    assert!(first["id"].as_str().unwrap().starts_with("go-backend#"));
    assert_eq!(first["status"], "todo");
    assert_eq!(first["text"], "Установка Go (последняя стабильная версия)");
    assert_eq!(first["section"].as_array().unwrap().len(), 4);
    assert_eq!(first["section"][3], "День 1-2: Настройка окружения");
    assert_eq!(first["depth"], 0);
    assert_eq!(first["done_on"], Value::Null);
    assert_eq!(first["due"], Value::Null);
    // Code spans keep their text; emphasis and link targets go.
    let backticks = json(&out).into_iter().find(|t| t["line"] == 28).unwrap();
    assert_eq!(backticks["text"], "Создание первого проекта с go mod init");
}

#[test]
fn list_text_is_a_tree_with_boxes_and_ids() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "# Plan\n## Stage\n**Weeks 1-2: Basics**\n- [x] one\n  - [/] two\n- [-] three\n",
    );
    let out = sandbox.roadmap().arg("list").output().unwrap();
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "plans/p.md (1/2 done, 1 skipped)");
    assert_eq!(lines[1], "# Plan");
    assert_eq!(lines[2], "## Stage");
    assert_eq!(lines[3], "**Weeks 1-2: Basics**");
    assert!(lines[4].starts_with("- [x] one  p#"));
    assert!(lines[5].starts_with("  - [/] two  p#"));
    assert!(lines[6].starts_with("- [-] three  p#"));
}

#[test]
fn list_filters_by_status() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "- [ ] a\n- [x] b\n- [X] c\n- [/] d\n- [-] e\n",
    );
    let count = |status: &str| {
        let out = sandbox
            .roadmap()
            .args(["list", "--format", "plain", "--status", status])
            .output()
            .unwrap();
        assert!(out.status.success());
        stdout(&out).lines().collect::<Vec<_>>().join(",")
    };
    assert_eq!(count("todo"), "a");
    assert_eq!(count("done"), "b,c");
    assert_eq!(count("doing"), "d");
    assert_eq!(count("skipped"), "e");
    assert_eq!(count("open"), "a,d");
    assert_eq!(count("all"), "a,b,c,d,e");
    let bad = sandbox
        .roadmap()
        .args(["list", "--status", "finished"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn list_filters_by_section_in_any_case_and_by_label() {
    let sandbox = Sandbox::with_bundled_plans();
    let plain = |section: &str| {
        let out = sandbox
            .roadmap()
            .args(["list", "--format", "plain", "--section", section])
            .output()
            .unwrap();
        stdout(&out)
    };
    let week = plain("НЕДЕЛЯ 1: синтаксис");
    assert_eq!(week.lines().count(), 15, "{week}");
    let label = plain("недели 3-4: командная");
    assert_eq!(
        label.lines().next(),
        Some("Навигация по файловой системе (ls, cd, pwd)")
    );
    assert_eq!(label.lines().count(), 4);
    // Any heading of the path: a stage holds all its weeks.
    assert_eq!(plain("этап 1: основы").lines().count(), 38);
    assert_eq!(plain("no such heading"), "");
}

#[test]
fn plans_by_path_file_name_stem_and_dash_c() {
    let sandbox = Sandbox::with_bundled_plans();
    for plan in ["plans/go-backend.md", "go-backend.md", "go-backend"] {
        let out = sandbox
            .roadmap()
            .args(["-p", plan, "list", "--format", "plain"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{plan}: {}", stderr(&out));
        assert_eq!(stdout(&out).lines().count(), 183, "{plan}");
    }
    let both = sandbox
        .roadmap()
        .args([
            "-p",
            "go-backend",
            "-p",
            "backend-roadmap",
            "list",
            "--format",
            "plain",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout(&both).lines().count(), 528);
    let elsewhere = roadmap()
        .arg("-C")
        .arg(sandbox.path())
        .args(["next", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json(&elsewhere)[1]["plan"], "plans/go-backend.md");
}

// ---- next ----

#[test]
fn next_prefers_work_in_progress_then_document_order() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/a.md",
        "# A\n- [x] done\n- [ ] first open\n- [ ] second open\n- [/] started\n",
    );
    sandbox.write("plans/b.md", "# B\n- [ ] b one\n");
    let out = sandbox
        .roadmap()
        .args(["next", "--format", "plain"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "started\nb one\n");
    let out = sandbox
        .roadmap()
        .args(["next", "-n", "2", "--format", "plain", "-p", "a"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "started\nfirst open\n");
    let out = sandbox
        .roadmap()
        .args(["next", "--count", "9", "--format", "json", "-p", "a"])
        .output()
        .unwrap();
    assert_eq!(json(&out).len(), 3);
    let text = stdout(&sandbox.roadmap().arg("next").output().unwrap());
    assert!(
        text.starts_with("plans/a.md — A\n  [/] started\n      a#"),
        "{text}"
    );
    assert!(text.contains("plans/a.md:5"), "{text}");
}

#[test]
fn next_by_section() {
    let sandbox = Sandbox::with_bundled_plans();
    let out = sandbox
        .roadmap()
        .args([
            "next",
            "--section",
            "неделя 2",
            "--format",
            "plain",
            "-p",
            "go-backend",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "Объявление и инициализация массивов\n");
}

#[test]
fn next_exits_1_when_nothing_is_left() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [x] a\n- [-] b\n");
    for format in ["text", "plain", "json"] {
        let out = sandbox
            .roadmap()
            .args(["next", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(stderr(&out).contains("nothing left to study"), "{format}");
    }
    let out = sandbox
        .roadmap()
        .args(["next", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "[]\n");
    let zero = sandbox
        .roadmap()
        .args(["next", "-n", "0"])
        .output()
        .unwrap();
    assert_eq!(zero.status.code(), Some(2));
}

#[test]
fn the_seeds_first_tasks_with_their_sections() {
    let out = roadmap()
        .arg("-C")
        .arg(repo())
        .arg("next")
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("🎯 ЭТАП 1: Основы языка Go (Недели 1-3) › Неделя 1: Синтаксис и базовые конструкции › День 1-2: Настройка окружения\n  [ ] Установка Go (последняя стабильная версия)"), "{text}");
    assert!(
        text.contains(
            "Недели 1-2: Базовая компьютерная грамотность\n  [ ] Понимание файловой системы"
        ),
        "{text}"
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let sandbox = Sandbox::with_bundled_plans();
    let binary = assert_cmd::cargo::cargo_bin("roadmap");
    let out = Process::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' list | head -1; echo \"status=${{PIPESTATUS:-$?}}\"",
            binary.display()
        ))
        .current_dir(sandbox.path())
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---- check ----

#[test]
fn check_by_id_location_and_text() {
    let sandbox = Sandbox::with_bundled_plans();
    let ids = ids(&sandbox, "go-backend");
    let out = sandbox
        .roadmap()
        .args(["check", &ids[0].0])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        "plans/go-backend.md:25: [ ] → [x] Установка Go (последняя стабильная версия)\n"
    );
    sandbox
        .roadmap()
        .args(["check", "plans/go-backend.md:26"])
        .assert()
        .success();
    sandbox
        .roadmap()
        .args(["check", "VS CODE с go"])
        .assert()
        .success();
    let plan = sandbox.read_text("plans/go-backend.md");
    assert_eq!(plan.matches("- [x]").count(), 3);
    assert!(plan.contains("- [x] Установка VS Code с Go extension\n"));
    // IDs stay the same after ticking.
    assert_eq!(super::commands::ids(&sandbox, "go-backend"), ids);
}

#[test]
fn check_undo_start_skip() {
    let sandbox = Sandbox::new();
    let original = "- [ ] a\n- [x] b\n- [ ] c\n";
    sandbox.write("plans/p.md", original);
    sandbox
        .roadmap()
        .args(["check", "--start", "a"])
        .assert()
        .success();
    sandbox
        .roadmap()
        .args(["check", "--skip", "c"])
        .assert()
        .success();
    sandbox
        .roadmap()
        .args(["check", "--undo", "b"])
        .assert()
        .success();
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "- [/] a\n- [ ] b\n- [-] c\n"
    );
    let out = sandbox
        .roadmap()
        .args(["check", "--undo", "--skip", "a"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--undo and --skip conflict");
}

#[test]
fn several_selectors_make_one_write_and_one_line_each() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n- [ ] b\n- [ ] c\n");
    sandbox.write("plans/q.md", "- [ ] d\n");
    let out = sandbox
        .roadmap()
        .args(["check", "plans/p.md:1", "c", "d", "plans/p.md:1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stdout(&out).lines().count(), 3);
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "- [x] a\n- [ ] b\n- [x] c\n"
    );
    assert_eq!(sandbox.read_text("plans/q.md"), "- [x] d\n");
}

#[test]
fn ambiguous_text_lists_candidates_and_all_takes_them() {
    let sandbox = Sandbox::with_bundled_plans();
    let out = sandbox
        .roadmap()
        .args(["check", "установка"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("roadmap: error: `установка` matches 5 tasks:\n"),
        "{err}"
    );
    assert!(
        err.contains("go-backend#") && err.contains("plans/go-backend.md:25  Установка Go"),
        "{err}"
    );
    assert!(err.contains("help: use an ID or FILE:LINE"));
    let before = sandbox.read("plans/go-backend.md");
    assert_eq!(sandbox.read("plans/go-backend.md"), before);
    let out = sandbox
        .roadmap()
        .args(["check", "--all", "установка"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out).lines().count(), 5);
}

#[test]
fn a_no_op_says_so_and_leaves_the_file_and_its_mtime() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("plans/p.md", "- [x] a\n- [X] b\n");
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = sandbox
        .roadmap()
        .args(["check", "a", "b"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        "plans/p.md:1: already done: a\nplans/p.md:2: already done: b\n"
    );
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
    assert_eq!(sandbox.read_text("plans/p.md"), "- [x] a\n- [X] b\n");
}

#[test]
fn dry_run_prints_a_diff_that_patch_applies() {
    let sandbox = Sandbox::with_bundled_plans();
    let before = sandbox.read("plans/go-backend.md");
    let out = sandbox
        .roadmap()
        .args([
            "check",
            "--dry-run",
            "--stamp",
            "plans/go-backend.md:25",
            "GOPATH",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let diff = stdout(&out);
    assert!(
        diff.starts_with("--- a/plans/go-backend.md\n+++ b/plans/go-backend.md\n@@ "),
        "{diff}"
    );
    assert!(
        diff.contains("+- [x] Установка Go (последняя стабильная версия) ✅ 2026-11-24\n"),
        "{diff}"
    );
    assert_eq!(
        sandbox.read("plans/go-backend.md"),
        before,
        "a dry run writes nothing"
    );
    if !crate::support::have("patch") {
        return;
    }
    let copy = Sandbox::with_bundled_plans();
    copy.write("change.diff", &diff);
    let patched = Process::new("patch")
        .args(["-p1", "-s", "-i", "change.diff"])
        .current_dir(copy.path())
        .status()
        .unwrap();
    assert!(patched.success());
    sandbox
        .roadmap()
        .args(["check", "--stamp", "plans/go-backend.md:25", "GOPATH"])
        .assert()
        .success();
    assert_eq!(
        copy.read("plans/go-backend.md"),
        sandbox.read("plans/go-backend.md")
    );
}

#[test]
fn stamp_config_and_no_stamp() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n- [ ] b\n");
    sandbox.write("roadmap.toml", "stamp = true\n");
    sandbox.roadmap().args(["check", "a"]).assert().success();
    sandbox
        .roadmap()
        .args(["check", "--no-stamp", "b"])
        .assert()
        .success();
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "- [x] a ✅ 2026-11-24\n- [x] b\n"
    );
    let out = sandbox
        .roadmap()
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json(&out)[0]["done_on"], "2026-11-24");
    assert_eq!(json(&out)[0]["text"], "a");
    sandbox
        .roadmap()
        .args(["check", "--undo", "a"])
        .assert()
        .success();
    assert_eq!(sandbox.read_text("plans/p.md"), "- [ ] a\n- [x] b\n");
}

#[test]
fn crlf_bom_tabs_trailing_spaces_and_no_final_newline_survive() {
    let sandbox = Sandbox::new();
    let original = "\u{feff}# Plan\r\n\r\n- [ ] first  \r\n\t- [ ] tabbed\r\n- [ ] last";
    sandbox.write("plans/p.md", original);
    sandbox
        .roadmap()
        .args(["check", "--all", "--stamp", "first", "tabbed", "last"])
        .assert()
        .success();
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "\u{feff}# Plan\r\n\r\n- [x] first ✅ 2026-11-24  \r\n\t- [x] tabbed ✅ 2026-11-24\r\n- [x] last ✅ 2026-11-24"
    );
    sandbox
        .roadmap()
        .args(["check", "--undo", "--all", "first", "tabbed", "last"])
        .assert()
        .success();
    assert_eq!(sandbox.read_text("plans/p.md"), original);
}

#[test]
fn a_symlinked_plan_writes_the_target_and_keeps_the_link() {
    let sandbox = Sandbox::new();
    let target = sandbox.write("real/plan.md", "- [ ] a\n");
    fs::create_dir_all(sandbox.path().join("plans")).unwrap();
    std::os::unix::fs::symlink("../real/plan.md", sandbox.path().join("plans/link.md")).unwrap();
    sandbox.roadmap().args(["check", "a"]).assert().success();
    assert!(
        fs::symlink_metadata(sandbox.path().join("plans/link.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(target).unwrap(), "- [x] a\n");
}

#[test]
fn permissions_are_kept_and_read_only_or_hard_linked_plans_are_refused() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("plans/p.md", "- [ ] a\n");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    sandbox.roadmap().args(["check", "a"]).assert().success();
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o640);

    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let out = sandbox
        .roadmap()
        .args(["check", "--undo", "a"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("plans/p.md: not written: it is read-only"),
        "{}",
        stderr(&out)
    );
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();

    fs::hard_link(&path, sandbox.path().join("second.md")).unwrap();
    let out = sandbox
        .roadmap()
        .args(["check", "--undo", "a"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("it has 2 hard links"),
        "{}",
        stderr(&out)
    );
    assert_eq!(sandbox.read_text("plans/p.md"), "- [x] a\n");
}

// ---- errors ----

fn fails(sandbox: &Sandbox, args: &[&str], message: &str) {
    let out = sandbox.roadmap().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
    let err = stderr(&out);
    assert!(
        err.contains(message),
        "{args:?}: expected `{message}` in:\n{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn errors_name_the_problem_and_exit_2() {
    let sandbox = Sandbox::with_bundled_plans();
    fs::create_dir(sandbox.path().join("dir.md")).unwrap();
    std::os::unix::fs::symlink("gone.md", sandbox.path().join("broken.md")).unwrap();
    fails(
        &sandbox,
        &["-p", "missing.md", "list"],
        "roadmap: error: missing.md: no such file",
    );
    fails(
        &sandbox,
        &["-p", "rust", "list"],
        "rust: no such file, and no plan has that name",
    );
    fails(
        &sandbox,
        &["-p", "dir.md", "list"],
        "dir.md: a directory, not a plan file",
    );
    fails(
        &sandbox,
        &["-p", "broken.md", "list"],
        "broken.md: broken symbolic link",
    );
    fails(&sandbox, &["check", ""], "roadmap: error: empty selector");
    fails(&sandbox, &["check", "  "], "empty selector");
    fails(
        &sandbox,
        &["check", "квантовая механика"],
        "no task matches `квантовая механика`",
    );
    fails(
        &sandbox,
        &["check", "plans/go-backend.md:1"],
        "plans/go-backend.md:1: no task on this line (nearest: plans/go-backend.md:25",
    );
    fails(&sandbox, &["-C", "nowhere", "list"], "-C");
    fails(
        &sandbox,
        &["--today", "yesterday", "list"],
        "--today yesterday: not a date",
    );
    fails(&sandbox, &["list", "--frobnicate"], "unexpected argument");
    fails(&sandbox, &["frobnicate"], "unrecognized subcommand");
    let empty = Sandbox::new();
    fails(&empty, &["next"], "no plans found");
    fails(&empty, &["next"], "roadmap init");
}

#[test]
fn help_and_version_exit_0() {
    let out = roadmap().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("check"));
    let out = roadmap().arg("--version").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

// ---- config ----

#[test]
fn config_is_found_walking_up_and_globs_are_relative_to_it() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"notes/**/*.md\"]\n");
    sandbox.write("notes/a/x.md", "- [ ] x\n");
    sandbox.write("notes/b/y.md", "- [ ] y\n");
    sandbox.write("plans/ignored.md", "- [ ] not configured\n");
    fs::create_dir_all(sandbox.path().join("deep/er")).unwrap();
    let out = roadmap()
        .current_dir(sandbox.path().join("deep/er"))
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let plans: Vec<String> = json(&out)
        .iter()
        .map(|t| t["plan"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(plans, ["../../notes/a/x.md", "../../notes/b/y.md"]);
    // --config points elsewhere.
    sandbox.write("other/roadmap.toml", "plans = [\"../plans/*.md\"]\n");
    let out = sandbox
        .roadmap()
        .args([
            "--config",
            "other/roadmap.toml",
            "list",
            "--format",
            "plain",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "not configured\n");
}

#[test]
fn bad_configs_name_the_line() {
    let sandbox = Sandbox::with_bundled_plans();
    for (config, message) in [
        (
            "plans = [\"plans/*.md\"]\nstmp = true\n",
            "roadmap.toml:2: unknown field `stmp`",
        ),
        ("stamp = \"yes\"\n", "roadmap.toml:1:"),
        ("plans = [\n", "roadmap.toml:"),
        (
            "plans = [\"nothing/*.md\"]\n",
            "no plans found (roadmap.toml lists nothing/*.md, which match no file)",
        ),
        ("plans = [\"[\"]\n", "bad plans pattern `[`"),
    ] {
        sandbox.write("roadmap.toml", config);
        fails(&sandbox, &["list"], message);
    }
    fails(
        &sandbox,
        &["--config", "absent.toml", "list"],
        "absent.toml: no such file",
    );
}
