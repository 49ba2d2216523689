//! `roadmap init`: a bundled plan and a starter config, then `next` works at once;
//! no file is ever overwritten without `--force`.

use std::process::{Command as Process, Output};

use crate::support::{Sandbox, TODAY, json, repo, stderr, stdout};

#[test]
fn init_writes_the_plan_and_a_config_then_next_works() {
    let sandbox = Sandbox::new();
    let output = sandbox
        .roadmap()
        .args(["init", "go-backend"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(stdout(&output).contains("wrote plans/go-backend.md"));
    assert_eq!(
        sandbox.read("plans/go-backend.md"),
        std::fs::read(repo().join("plans/go-backend.md")).unwrap(),
        "the template is the bundled plan, byte for byte"
    );
    let config = sandbox.read_text("roadmap.toml");
    assert!(config.contains(&format!("start = {TODAY}")), "{config}");
    assert!(config.contains("through = \"Неделя 3\""));

    let next = sandbox.roadmap().arg("next").output().unwrap();
    assert!(next.status.success(), "{next:?}");
    assert!(stdout(&next).contains("Установка Go (последняя стабильная версия)"));
}

#[test]
fn init_without_a_name_starts_go_backend_and_lists_templates() {
    let sandbox = Sandbox::new();
    sandbox.roadmap().arg("init").assert().success();
    assert!(sandbox.path().join("plans/go-backend.md").is_file());

    let list = sandbox.roadmap().args(["init", "--list"]).output().unwrap();
    let text = stdout(&list);
    assert!(
        text.contains("go-backend") && text.contains("backend-roadmap"),
        "{text}"
    );
}

#[test]
fn init_adds_a_second_plan_without_losing_the_first_ones_settings() {
    let sandbox = Sandbox::new();
    sandbox
        .roadmap()
        .args(["--today", "2026-11-02", "init", "go-backend"])
        .assert()
        .success();
    // A learner's own touches: a comment and a setting.
    let mine = sandbox
        .read_text("roadmap.toml")
        .replace("stamp = true", "stamp = true  # I like dates");
    sandbox.write("roadmap.toml", &mine);
    let go_report = |s: &Sandbox| {
        stdout(&s.run(&[
            "--today",
            "2026-12-20",
            "-p",
            "go-backend",
            "report",
            "--format",
            "json",
        ]))
    };
    let milestones = |s: &Sandbox| {
        stdout(&s.run(&[
            "--today",
            "2026-12-20",
            "-p",
            "go-backend",
            "milestone",
            "--format",
            "json",
        ]))
    };
    let (report_before, milestones_before) = (go_report(&sandbox), milestones(&sandbox));

    // Months later, the second plan.
    let output = sandbox
        .roadmap()
        .args(["--today", "2027-03-01", "init", "backend-roadmap"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output)
            .contains("added backend-roadmap to roadmap.toml (its schedule starts 2027-03-01)"),
        "{}",
        stdout(&output)
    );
    let config = sandbox.read_text("roadmap.toml");
    assert!(
        config.starts_with(&mine),
        "nothing before is touched:\n{config}"
    );
    assert!(
        config.contains("[[plan]]\nname = \"backend-roadmap\"\nstart = 2027-03-01"),
        "{config}"
    );
    assert_eq!(
        go_report(&sandbox),
        report_before,
        "go-backend's dates did not move"
    );
    assert_eq!(
        milestones(&sandbox),
        milestones_before,
        "its milestones stay"
    );
    // The new plan counts from its own start, and its stages are its milestones.
    let report: serde_json::Value = serde_json::from_str(&stdout(&sandbox.run(&[
        "--today",
        "2027-03-10",
        "-p",
        "backend-roadmap",
        "report",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(report["plans"][0]["schedule"]["start"], "2027-03-01");
    let all = stdout(&sandbox.run(&["--today", "2027-03-10", "milestone"]));
    assert!(
        all.contains("Базовые Go навыки") && all.contains("УРОВЕНЬ 1"),
        "{all}"
    );

    // Running it again adds nothing; a plan file is never overwritten without --force.
    let output = sandbox.run(&["init", "backend-roadmap"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("plans/backend-roadmap.md already exists"),
        "{}",
        stderr(&output)
    );
    assert_eq!(sandbox.read_text("roadmap.toml"), config);
    sandbox
        .roadmap()
        .args(["init", "--force", "backend-roadmap"])
        .assert()
        .success();
    assert_eq!(
        sandbox.read_text("roadmap.toml"),
        config,
        "--force touches only the plan"
    );
}

#[test]
fn init_into_a_broken_config_writes_nothing() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"plans/*.md\"]\nstamp = \n");
    let output = sandbox.run(&["init", "backend-roadmap"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("roadmap.toml:2:"),
        "{}",
        stderr(&output)
    );
    assert!(
        !sandbox.path().join("plans").exists(),
        "nothing half-written"
    );
}

#[test]
fn init_refuses_an_existing_plan_too_and_unknown_templates() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/go-backend.md", "- [x] my progress\n");
    let output = sandbox.roadmap().arg("init").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        sandbox.read_text("plans/go-backend.md"),
        "- [x] my progress\n"
    );
    assert!(!sandbox.path().join("roadmap.toml").exists());

    let output = sandbox.roadmap().args(["init", "rust"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no bundled plan named `rust`"));
}

/// `roadmap init ARGS` in `dir` of `sandbox` under strace with `inject`, or `None`
/// when strace is missing.
fn init_with_fault(sandbox: &Sandbox, dir: &str, inject: &str, args: &[&str]) -> Option<Output> {
    if !crate::support::have("strace") {
        return None;
    }
    Some(
        Process::new("strace")
            .args(["-f", "-qq", "-o", "/dev/null", "-e", inject])
            .arg(assert_cmd::cargo::cargo_bin("roadmap"))
            .arg("init")
            .args(args)
            .current_dir(sandbox.path().join(dir))
            .env("ROADMAP_TODAY", TODAY)
            .output()
            .unwrap(),
    )
}

#[test]
fn a_config_that_cannot_be_written_takes_the_new_plan_back() {
    let sandbox = Sandbox::new();
    let config = "plans = [\"notes/*.md\"]\n";
    sandbox.write("roadmap.toml", config);
    // The plan arrives by renameat2 (no replace); the config by renameat, which fails.
    let Some(out) = init_with_fault(
        &sandbox,
        ".",
        "inject=renameat:error=EIO:when=1",
        &["backend-roadmap"],
    ) else {
        return;
    };
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(stderr(&out).contains("roadmap.toml"), "{}", stderr(&out));
    assert_eq!(sandbox.read_text("roadmap.toml"), config);
    assert!(
        !sandbox.path().join("plans").exists(),
        "no plan the config does not know"
    );

    // With --force, the plan it replaced is put back.
    sandbox.write("plans/backend-roadmap.md", "- [x] my progress\n");
    let Some(out) = init_with_fault(
        &sandbox,
        ".",
        "inject=renameat:error=EIO:when=2",
        &["--force", "backend-roadmap"],
    ) else {
        return;
    };
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(sandbox.read_text("roadmap.toml"), config);
    assert_eq!(
        sandbox.read_text("plans/backend-roadmap.md"),
        "- [x] my progress\n"
    );
}

#[test]
fn init_below_a_config_adds_to_it_so_that_next_finds_the_plan() {
    let sandbox = Sandbox::new();
    sandbox
        .roadmap()
        .args(["init", "go-backend"])
        .assert()
        .success();
    sandbox.mkdir("year2");
    let out = sandbox
        .roadmap()
        .args(["-C", "year2", "init", "backend-roadmap"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        stdout(&out),
        format!(
            "wrote plans/backend-roadmap.md\nadded backend-roadmap to ../roadmap.toml \
             (its schedule starts {TODAY})\nnext: roadmap next\n"
        )
    );
    assert!(!sandbox.path().join("year2/roadmap.toml").exists());
    let config = sandbox.read_text("roadmap.toml");
    assert!(
        config.contains("\"plans/*.md\", \"year2/plans/backend-roadmap.md\""),
        "{config}"
    );
    // Both plans, from either folder.
    for dir in [".", "year2"] {
        let report: serde_json::Value = serde_json::from_slice(
            &sandbox
                .run(&["-C", dir, "report", "--format", "json"])
                .stdout,
        )
        .unwrap();
        let plans: Vec<&str> = report["plans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["plan"].as_str().unwrap())
            .collect();
        assert_eq!(plans.len(), 2, "from {dir}: {plans:?}");
    }

    // `--config` names the file to start or add to.
    let out = sandbox
        .roadmap()
        .args(["-C", "year2", "--config", "own.toml", "init", "go-backend"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let own = sandbox.read_text("year2/own.toml");
    assert!(own.contains("plans = [\"plans/*.md\"]"), "{own}");
}

#[test]
fn a_plan_named_by_path_in_the_config_is_found_from_a_folder_below() {
    let sandbox = Sandbox::with_bundled_plans();
    sandbox.write(
        "roadmap.toml",
        "plans = [\"plans/*.md\"]\n\n[[plan]]\nname = \"plans/go-backend.md\"\n\
         start = 2026-11-02\n\n[[milestone]]\nname = \"First\"\nplan = \"./plans/go-backend.md\"\n\
         through = \"Неделя 3\"\n",
    );
    sandbox.mkdir("notes");
    for dir in [".", "notes"] {
        let out = sandbox.run(&["-C", dir, "milestone", "--format", "json"]);
        assert!(out.status.success(), "from {dir}: {}", stderr(&out));
        let list = json(&out);
        assert_eq!(list[0]["name"], "First", "from {dir}: {list:?}");
        assert!(list[0]["due"].is_string(), "from {dir}: {list:?}");
    }
}
