//! `check` with no selector: on a terminal a person picks from the open tasks of the
//! current stage (fuzzy search); without one it is an error that names the selectors.
//! The terminal is a real one, made by tmux; the test is skipped where tmux is missing
//! outside CI (`.ci/run` installs it).

use std::process::Command as Process;
use std::time::{Duration, Instant};

use crate::support::{Sandbox, stderr};

#[test]
fn without_a_terminal_check_needs_a_selector() {
    let sandbox = Sandbox::with_bundled_plans();
    let output = sandbox.roadmap().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("no task selected"), "{err}");
    assert!(
        err.contains("FILE:LINE") && err.contains("by part of their text"),
        "{err}"
    );
}

fn tmux(args: &[&str]) -> std::process::Output {
    Process::new("tmux").args(args).output().unwrap()
}

#[test]
fn on_a_terminal_check_offers_the_current_stage_to_pick_from() {
    if !crate::support::have("tmux") {
        return;
    }
    let sandbox = Sandbox::with_bundled_plans();
    let binary = assert_cmd::cargo::cargo_bin("roadmap");
    let session = format!("roadmap-pick-{}", std::process::id());
    let command = format!(
        "cd '{}' && ROADMAP_TODAY=2026-11-24 '{}' -p go-backend check; echo EXIT=$?; sleep 30",
        sandbox.path().display(),
        binary.display()
    );
    let started = tmux(&[
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        "120",
        "-y",
        "30",
        &command,
    ]);
    assert!(started.status.success(), "{started:?}");
    let screen = || {
        String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", &session]).stdout).into_owned()
    };
    let wait_for = |needle: &str| {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = screen();
            if text.contains(needle) {
                return text;
            }
            if Instant::now() > deadline {
                tmux(&["kill-session", "-t", &session]);
                panic!("`{needle}` never appeared; screen:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    // The prompt is drawn before its items: wait for an item, not the prompt.
    let first = wait_for("Установка Go");
    assert!(first.contains("Mark done"), "{first}");
    tmux(&["send-keys", "-t", &session, "GOPATH"]);
    wait_for("GOROOT");
    tmux(&["send-keys", "-t", &session, "Enter"]);
    let after = wait_for("EXIT=");
    tmux(&["kill-session", "-t", &session]);
    assert!(after.contains("EXIT=0"), "{after}");
    let plan = sandbox.read_text("plans/go-backend.md");
    assert!(
        plan.contains("- [x] Настройка GOPATH и GOROOT\n"),
        "the picked task is done"
    );
    assert_eq!(plan.matches("- [x]").count(), 1, "and only that one");
}
