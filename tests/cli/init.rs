//! `roadmap init`: a bundled plan and a starter config, then `next` works at once;
//! no file is ever overwritten without `--force`.

use crate::support::{Sandbox, TODAY, repo, stderr, stdout};

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
