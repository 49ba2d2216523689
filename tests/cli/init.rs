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
fn init_refuses_to_overwrite_and_writes_nothing() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "# mine\n");
    let output = sandbox
        .roadmap()
        .args(["init", "backend-roadmap"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("roadmap.toml already exists"), "{err}");
    assert!(err.contains("--force"));
    assert_eq!(sandbox.read_text("roadmap.toml"), "# mine\n");
    assert!(
        !sandbox.path().join("plans").exists(),
        "nothing half-written"
    );

    sandbox
        .roadmap()
        .args(["init", "backend-roadmap", "--force"])
        .assert()
        .success();
    assert!(sandbox.read_text("roadmap.toml").contains("[schedule]"));
    assert!(sandbox.path().join("plans/backend-roadmap.md").is_file());
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
