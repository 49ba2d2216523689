//! `roadmap.toml`: found walking up from the working directory or given with
//! `--config`; `plans` globs relative to the file; `stamp`; and errors that name the
//! file and line.

use std::fs;

use serde_json::Value;

use crate::support::{Sandbox, assert_error, roadmap, stderr, stdout};

/// The `plan` of every task `list` shows when run in `dir` (relative to the sandbox).
fn plans_seen_from(sandbox: &Sandbox, dir: &str, args: &[&str]) -> Vec<String> {
    let out = roadmap()
        .current_dir(sandbox.path().join(dir))
        .args(args)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{dir}: {}", stderr(&out));
    let tasks: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    tasks
        .iter()
        .map(|t| t["plan"].as_str().unwrap().to_string())
        .collect()
}

fn fails_everywhere(sandbox: &Sandbox, message: &str) {
    for command in [&["list"][..], &["next"], &["check", "a"], &["report"]] {
        assert_error(&sandbox.run(command), message);
    }
}

// ---- finding the file and the plans ----

#[test]
fn config_is_found_walking_up_and_its_globs_are_relative_to_it() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"study/*.md\"]\n");
    sandbox.write("study/a.md", "- [ ] a\n");
    sandbox.write("study/b.md", "- [ ] b\n");
    // Not configured: ignored, wherever we run.
    sandbox.write("plans/ignored.md", "- [ ] ignored\n");
    sandbox.write("deep/er/plans/ignored.md", "- [ ] ignored too\n");
    sandbox.mkdir("deep/er");
    assert_eq!(
        plans_seen_from(&sandbox, ".", &[]),
        ["study/a.md", "study/b.md"]
    );
    assert_eq!(
        plans_seen_from(&sandbox, "deep/er", &[]),
        ["../../study/a.md", "../../study/b.md"]
    );
    assert_eq!(plans_seen_from(&sandbox, "study", &[]), ["a.md", "b.md"]);
    // With -C, the walk starts at DIR.
    let out = roadmap()
        .current_dir(std::env::temp_dir())
        .arg("-C")
        .arg(sandbox.path().join("deep/er"))
        .args(["list", "--format", "plain"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "a\nb\n", "{}", stderr(&out));
}

#[test]
fn check_from_a_subdirectory_writes_the_configured_plan() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"study/*.md\"]\nstamp = true\n");
    sandbox.write("study/a.md", "- [ ] a\n- [ ] b\n");
    sandbox.mkdir("src/deep");
    let run = |args: &[&str]| {
        roadmap()
            .current_dir(sandbox.path().join("src/deep"))
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["check", "a"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "../../study/a.md:1: [ ] → [x] a (done date added)\n"
    );
    // FILE:LINE as shown from there.
    let out = run(&["check", "../../study/a.md:2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        sandbox.read_text("study/a.md"),
        "- [x] a ✅ 2026-11-24\n- [x] b ✅ 2026-11-24\n"
    );
}

#[test]
fn the_nearest_config_wins() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"outer/*.md\"]\n");
    sandbox.write("outer/o.md", "- [ ] outer\n");
    sandbox.write("inner/roadmap.toml", "plans = [\"*.md\"]\n");
    sandbox.write("inner/i.md", "- [ ] inner\n");
    sandbox.mkdir("inner/sub");
    assert_eq!(plans_seen_from(&sandbox, ".", &[]), ["outer/o.md"]);
    assert_eq!(plans_seen_from(&sandbox, "inner", &[]), ["i.md"]);
    assert_eq!(plans_seen_from(&sandbox, "inner/sub", &[]), ["../i.md"]);
}

#[test]
fn several_globs_and_recursive_globs() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "roadmap.toml",
        "plans = [\"notes/**/*.md\", \"extra.md\", \"notes/a/x.md\"]\n",
    );
    sandbox.write("notes/a/x.md", "- [ ] x\n");
    sandbox.write("notes/b/c/y.md", "- [ ] y\n");
    sandbox.write("notes/readme.txt", "- [ ] not markdown\n");
    sandbox.write("extra.md", "- [ ] extra\n");
    // Globs in order, each sorted; a file matched twice is read once.
    assert_eq!(
        plans_seen_from(&sandbox, ".", &[]),
        ["notes/a/x.md", "notes/b/c/y.md", "extra.md"]
    );
}

#[test]
fn plan_names_resolve_among_configured_plans() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"study/*.md\"]\n");
    sandbox.write("study/go.md", "- [ ] go\n");
    sandbox.write("study/rust.md", "- [ ] rust\n");
    sandbox.mkdir("elsewhere");
    for name in ["go", "go.md"] {
        assert_eq!(
            plans_seen_from(&sandbox, "elsewhere", &["-p", name]),
            ["../study/go.md"],
            "{name}"
        );
    }
    let err = assert_error(
        &sandbox.run(&["-p", "python", "list"]),
        "python: no such file",
    );
    assert!(err.contains("study/go.md, study/rust.md"), "{err}");
}

#[test]
fn without_plans_key_the_default_is_plans_dir() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "stamp = true\n");
    sandbox.write("plans/p.md", "- [ ] a\n");
    assert_eq!(plans_seen_from(&sandbox, ".", &[]), ["plans/p.md"]);
    let out = sandbox.run(&["check", "a"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(sandbox.read_text("plans/p.md"), "- [x] a ✅ 2026-11-24\n");
}

#[test]
fn an_empty_config_is_fine() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "");
    sandbox.write("plans/p.md", "- [ ] a\n");
    assert_eq!(plans_seen_from(&sandbox, ".", &[]), ["plans/p.md"]);
    sandbox.write("roadmap.toml", "# only a comment\n\n");
    assert_eq!(plans_seen_from(&sandbox, ".", &[]), ["plans/p.md"]);
}

// ---- --config ----

#[test]
fn config_flag_reads_that_file_instead_of_the_nearest() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"plans/*.md\"]\n");
    sandbox.write("plans/default.md", "- [ ] default\n");
    sandbox.write(
        "other/alt.toml",
        "plans = [\"../alt/*.md\"]\nstamp = true\n",
    );
    sandbox.write("alt/a.md", "- [ ] alternative\n");
    // Found from the config's directory: shown relative to the working directory
    // (as `other/../alt/a.md` or `alt/a.md`), and naming that file.
    let seen = plans_seen_from(&sandbox, ".", &["--config", "other/alt.toml"]);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(!seen[0].starts_with('/'), "{seen:?}");
    assert_eq!(
        fs::canonicalize(sandbox.path().join(&seen[0])).unwrap(),
        fs::canonicalize(sandbox.path().join("alt/a.md")).unwrap()
    );
    // Its settings apply too.
    let out = sandbox.run(&["--config", "other/alt.toml", "check", "alternative"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        sandbox.read_text("alt/a.md"),
        "- [x] alternative ✅ 2026-11-24\n"
    );
    // The flag works after the subcommand as well.
    let out = sandbox.run(&["list", "--format", "plain", "--config", "other/alt.toml"]);
    assert_eq!(stdout(&out), "alternative\n");
    // An absolute path, from anywhere.
    let out = roadmap()
        .current_dir(std::env::temp_dir())
        .arg("--config")
        .arg(sandbox.path().join("other/alt.toml"))
        .args(["list", "--format", "plain"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "alternative\n", "{}", stderr(&out));
}

#[test]
fn config_flag_is_relative_to_dash_c() {
    let sandbox = Sandbox::new();
    sandbox.write("project/conf/r.toml", "plans = [\"../study/*.md\"]\n");
    sandbox.write("project/study/s.md", "- [ ] studied\n");
    let out = sandbox.run(&[
        "-C",
        "project",
        "--config",
        "conf/r.toml",
        "list",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let tasks: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(tasks.len(), 1);
    let shown = tasks[0]["plan"].as_str().unwrap();
    assert_eq!(
        fs::canonicalize(sandbox.path().join("project").join(shown)).unwrap(),
        fs::canonicalize(sandbox.path().join("project/study/s.md")).unwrap(),
        "{shown} is relative to -C"
    );
}

#[test]
fn config_flag_naming_a_missing_file_is_an_error() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n");
    assert_error(
        &sandbox.run(&["--config", "absent.toml", "list"]),
        "roadmap: error: absent.toml: no such file",
    );
    sandbox.mkdir("conf.toml");
    assert_error(
        &sandbox.run(&["--config", "conf.toml", "list"]),
        "conf.toml",
    );
}

// ---- stamp ----

#[test]
fn stamp_true_makes_check_write_the_done_date() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "stamp = true\n");
    let original = "# P\n- [ ] a\n- [ ] b\n";
    sandbox.write("plans/p.md", original);
    let out = sandbox.run(&["check", "a"]);
    assert_eq!(
        stdout(&out),
        "plans/p.md:2: [ ] → [x] a (done date added)\n"
    );
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "# P\n- [x] a ✅ 2026-11-24\n- [ ] b\n"
    );
    // --dry-run shows it; --no-stamp leaves it out; --undo takes it away.
    let diff = stdout(&sandbox.run(&["check", "--dry-run", "b"]));
    assert!(diff.contains("\n+- [x] b ✅ 2026-11-24\n"), "{diff}");
    sandbox.run(&["check", "--no-stamp", "b"]);
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "# P\n- [x] a ✅ 2026-11-24\n- [x] b\n"
    );
    sandbox.run(&["check", "--undo", "--all", "a", "b"]);
    assert_eq!(sandbox.read_text("plans/p.md"), original);
}

#[test]
fn stamp_does_not_touch_start_or_skip() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "stamp = true\n");
    sandbox.write("plans/p.md", "- [ ] a\n- [ ] b\n");
    sandbox.run(&["check", "--start", "a"]);
    sandbox.run(&["check", "--skip", "b"]);
    assert_eq!(sandbox.read_text("plans/p.md"), "- [/] a\n- [-] b\n");
}

// ---- errors ----

#[test]
fn an_unknown_key_is_named_with_its_line() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n");
    sandbox.write(
        "roadmap.toml",
        "plans = [\"plans/*.md\"]\nstamp = true\nstmp = false\n",
    );
    fails_everywhere(
        &sandbox,
        "roadmap: error: roadmap.toml:3: unknown field `stmp`",
    );
    // Inside a table as well.
    sandbox.write(
        "roadmap.toml",
        "stamp = true\n\n[schedule]\nstart = 2026-11-02\nspeed = \"fast\"\n",
    );
    fails_everywhere(
        &sandbox,
        "roadmap: error: roadmap.toml:5: unknown field `speed`",
    );
    assert_eq!(sandbox.read_text("plans/p.md"), "- [ ] a\n");
}

#[test]
fn an_error_in_a_config_found_upwards_names_it_from_here() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"plans/*.md\"]\n\nbogus = 1\n");
    sandbox.write("plans/p.md", "- [ ] a\n");
    sandbox.mkdir("sub");
    let out = roadmap()
        .current_dir(sandbox.path().join("sub"))
        .arg("list")
        .output()
        .unwrap();
    assert_error(
        &out,
        "roadmap: error: ../roadmap.toml:3: unknown field `bogus`",
    );
    // And --config names the file as given.
    sandbox.write("conf/bad.toml", "\nstamp = 1\n");
    assert_error(
        &sandbox.run(&["--config", "conf/bad.toml", "list"]),
        "roadmap: error: conf/bad.toml:2:",
    );
}

#[test]
fn a_wrong_type_is_named_with_its_line() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n");
    let cases = [
        (
            "plans = [\"plans/*.md\"]\nstamp = \"yes\"\n",
            "roadmap.toml:2:",
        ),
        ("plans = \"plans/*.md\"\n", "roadmap.toml:1:"),
        ("# comment\nplans = [1, 2]\n", "roadmap.toml:2:"),
        ("stamp = 1\n", "roadmap.toml:1:"),
        ("[schedule]\nstart = \"soon\"\n", "roadmap.toml:2:"),
        (
            "[schedule]\nstart = 2026-11-02\npace = \"fast\"\n",
            "roadmap.toml:3:",
        ),
        (
            "[schedule]\nstart = 2026-11-02T10:00:00\n",
            "roadmap.toml:2:",
        ),
        ("schedule = 3\n", "roadmap.toml:1:"),
    ];
    for (config, message) in cases {
        sandbox.write("roadmap.toml", config);
        let out = sandbox.run(&["list"]);
        let err = assert_error(&out, &format!("roadmap: error: {message}"));
        assert_eq!(err.lines().count(), 1, "{config}: {err}");
    }
    sandbox.write("roadmap.toml", "stamp = \"yes\"\n");
    let err = assert_error(&sandbox.run(&["list"]), "roadmap.toml:1:");
    assert!(err.contains("boolean"), "names the type wanted: {err}");
}

#[test]
fn invalid_toml_is_an_error_naming_the_file() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n");
    let cases = [
        ("plans = [\n", "roadmap.toml:"),
        ("stamp = \n", "roadmap.toml:1:"),
        ("stamp = true\nstamp = false\n", "roadmap.toml:2:"),
        ("[schedule\n", "roadmap.toml:1:"),
        ("just some words\n", "roadmap.toml:1:"),
        ("plans = [\"a\" \"b\"]\n", "roadmap.toml:1:"),
    ];
    for (config, message) in cases {
        sandbox.write("roadmap.toml", config);
        assert_error(
            &sandbox.run(&["list"]),
            &format!("roadmap: error: {message}"),
        );
        assert_error(&sandbox.run(&["check", "a"]), message);
    }
    assert_eq!(sandbox.read_text("plans/p.md"), "- [ ] a\n");
}

#[test]
fn a_config_that_is_not_utf8_is_named() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n");
    sandbox.write("roadmap.toml", b"plans = [\"pl\xe9ns/*.md\"]\n");
    assert_error(&sandbox.run(&["list"]), "roadmap.toml: not valid UTF-8");
}

#[test]
fn a_glob_matching_nothing_is_an_error_that_says_so() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"nothing/*.md\", \"none.md\"]\n");
    sandbox.write("plans/p.md", "- [ ] not configured\n");
    let err = assert_error(
        &sandbox.run(&["list"]),
        "roadmap: error: no plans found (roadmap.toml lists nothing/*.md, none.md, which match no file)",
    );
    assert!(err.contains("roadmap init"), "{err}");
    fails_everywhere(&sandbox, "no plans found");
    // An empty list is no better.
    sandbox.write("roadmap.toml", "plans = []\n");
    assert_error(&sandbox.run(&["next"]), "no plans found");
}

#[test]
fn a_glob_matching_only_directories_is_an_error() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"*.md\"]\n");
    sandbox.mkdir("dir.md");
    assert_error(&sandbox.run(&["list"]), "no plans found");
}

#[test]
fn a_malformed_glob_is_named() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"plans/[.md\"]\n");
    assert_error(
        &sandbox.run(&["list"]),
        "roadmap: error: bad plans pattern `plans/[.md`",
    );
}

#[test]
fn a_config_error_blocks_check_before_any_write() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n");
    let before = fs::metadata(sandbox.path().join("plans/p.md")).unwrap();
    sandbox.write("roadmap.toml", "stamp = true\nunknown = 1\n");
    assert_error(&sandbox.run(&["check", "a"]), "roadmap.toml:2:");
    assert_error(
        &sandbox.run(&["-p", "plans/p.md", "check", "a"]),
        "roadmap.toml:2:",
    );
    let after = fs::metadata(sandbox.path().join("plans/p.md")).unwrap();
    assert_eq!(before.modified().unwrap(), after.modified().unwrap());
    assert_eq!(sandbox.read_text("plans/p.md"), "- [ ] a\n");
}
