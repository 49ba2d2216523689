//! Locks and messages of `check` (issue 10): only the folders of the plans to be
//! written are locked, and not while a person picks; a run that writes some plans
//! and not others says which; output that cannot be shown after a write says the
//! write happened; every message escapes what it quotes.

use std::fs;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Sandbox, TODAY, assert_error, stderr, stdout};

fn binary() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("roadmap")
}

#[test]
fn checking_one_plan_among_three_hundred_folders_needs_few_files() {
    // macOS gives a process 256 descriptors; locking every plan's folder took one
    // each. Only the folder of the plan written is locked now.
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"topics/*/plan.md\"]\n");
    for i in 0..300 {
        sandbox.write(
            &format!("topics/t{i:03}/plan.md"),
            format!("# Тема {i}\n- [ ] задача темы {i}\n"),
        );
    }
    let script = format!(
        "ulimit -n 64 && ROADMAP_TODAY={TODAY} exec '{}' check 'задача темы 123'",
        binary().display()
    );
    let output = Process::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(sandbox.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(sandbox.read_text("topics/t123/plan.md").contains("- [x]"));
}

#[test]
fn a_run_that_is_refused_part_way_names_what_it_wrote_and_what_it_did_not() {
    let sandbox = Sandbox::new();
    for name in ["a", "b", "c", "d"] {
        sandbox.write(
            &format!("plans/{name}.md"),
            format!("- [ ] общее дело {name}\n"),
        );
    }
    // b.md has a second link: replacing it would split them, so it is refused.
    fs::hard_link(
        sandbox.path().join("plans/b.md"),
        sandbox.path().join("b-link.md"),
    )
    .unwrap();
    let output = sandbox.run(&["check", "--all", "общее дело"]);
    assert_eq!(output.status.code(), Some(2));
    // What was written is reported as usual; the error says the rest.
    assert_eq!(stdout(&output), "plans/a.md:1: [ ] → [x] общее дело a\n");
    let err = stderr(&output);
    assert!(
        err.starts_with("roadmap: error: plans/b.md: not written: it has 2 hard links"),
        "{err}"
    );
    assert!(err.contains("written before it: plans/a.md"), "{err}");
    assert!(err.contains("not written: plans/c.md, plans/d.md"), "{err}");
    assert_eq!(sandbox.read_text("plans/a.md"), "- [x] общее дело a\n");
    for name in ["b", "c", "d"] {
        assert_eq!(
            sandbox.read_text(&format!("plans/{name}.md")),
            format!("- [ ] общее дело {name}\n")
        );
    }
}

#[test]
fn every_edit_is_verified_before_any_plan_is_written() {
    // The second plan's change is one Markdown would read differently: nothing at
    // all is written, not even the first plan.
    let sandbox = Sandbox::new();
    sandbox.write("plans/a.md", "- [ ] first x\n");
    sandbox.write("plans/b.md", "- [ ] \n  -\n- [ ] second x\n");
    let output = sandbox.run(&["check", "--start", "plans/a.md:1", "plans/b.md:1"]);
    assert_error(&output, "plans/b.md: not written: line 1");
    assert_eq!(sandbox.read_text("plans/a.md"), "- [ ] first x\n");
}

#[test]
fn output_that_cannot_be_written_after_a_write_says_the_plan_changed() {
    if !std::path::Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full here");
        return;
    }
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] задача\n");
    let output = Process::new(binary())
        .current_dir(sandbox.path())
        .env("ROADMAP_TODAY", TODAY)
        .args(["check", "задача"])
        .stdout(fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.starts_with("roadmap: error: cannot write output: no space left on device; the change was written to plans/p.md"),
        "{err}"
    );
    assert_eq!(sandbox.read_text("plans/p.md"), "- [x] задача\n");
}

#[test]
fn a_closed_standard_output_is_an_error_not_silence() {
    let sandbox = Sandbox::with_bundled_plans();
    for command in ["list", "next", "report", "milestone", "init --list"] {
        let script = format!(
            "ROADMAP_TODAY={TODAY} '{}' {command} >&-; echo \"exit=$?\" >&2",
            binary().display()
        );
        let output = Process::new("sh")
            .arg("-c")
            .arg(&script)
            .current_dir(sandbox.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(
            err.contains("roadmap: error: standard output is closed; nothing done")
                && err.contains("exit=2"),
            "{command}: {err}"
        );
    }
    // What changes files still does, its output lost (a daemon's standard output
    // is /dev/null opened read-write, as Rust puts it in place of a closed one).
    let script = format!(
        "ROADMAP_TODAY={TODAY} '{}' check go-backend#b5a991 1<>/dev/null",
        binary().display()
    );
    let status = Process::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(sandbox.path())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        sandbox
            .read_text("plans/go-backend.md")
            .contains("- [x] Установка Go")
    );
    // Output sent to /dev/null on purpose is no error.
    let script = format!("'{}' list > /dev/null", binary().display());
    let status = Process::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(sandbox.path())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_bad_roadmap_today_names_the_variable() {
    let sandbox = Sandbox::with_bundled_plans();
    let output = sandbox
        .roadmap()
        .env("ROADMAP_TODAY", "2026-13-01")
        .arg("report")
        .output()
        .unwrap();
    let err = assert_error(&output, "ROADMAP_TODAY=2026-13-01: not a date");
    assert!(!err.contains("--today"), "{err}");
    let output = sandbox
        .roadmap()
        .env("ROADMAP_TODAY", "2026-13-01")
        .args(["--today", "2026-11-30", "report"])
        .output()
        .unwrap();
    assert!(output.status.success(), "--today wins: {}", stderr(&output));
}

#[test]
fn a_dumb_terminal_gets_no_colour() {
    let sandbox = Sandbox::with_bundled_plans();
    let output = sandbox
        .roadmap()
        .env("TERM", "dumb")
        .env("CLICOLOR_FORCE", "")
        .args(["next"])
        .output()
        .unwrap();
    assert!(!stdout(&output).contains('\u{1b}'));
    let forced = sandbox
        .roadmap()
        .env("TERM", "dumb")
        .args(["--color", "always", "next"])
        .output()
        .unwrap();
    assert!(
        stdout(&forced).contains('\u{1b}'),
        "--color always still colours"
    );
}

/// A plan whose file name, headings, labels and tasks carry terminal escapes,
/// newlines and other control characters.
fn hostile_sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    let plan = "# Title \u{1b}]0;pwned\u{7}\n## Неделя 1 \u{1b}[2J\n**Label \u{9b}31m**\n- [ ] evil \u{1b}]0;pwned\u{7} task\n- [ ] другая \u{8}\u{8}задача\n- [x] done \u{1b}[31m ✅ 2026-11-20\n";
    sandbox.write("plans/esc\u{1b}[31mred\nline.md", plan);
    sandbox.write(
        "roadmap.toml",
        "plans = [\"plans/*.md\"]\n[schedule]\nstart = 2026-11-02\n",
    );
    sandbox
}

fn assert_clean(what: &str, text: &str) {
    for c in text.chars() {
        assert!(
            !c.is_control() || c == '\n' || c == '\t',
            "{what}: control character {c:?} in {text:?}"
        );
    }
}

#[test]
fn control_characters_are_escaped_in_every_human_readable_output() {
    let sandbox = hostile_sandbox();
    let outputs: &[&[&str]] = &[
        &["list"],
        &["list", "--format", "plain"],
        &["next"],
        &["next", "--format", "plain"],
        &["report"],
        &["report", "--depth", "3"],
        &["report", "--format", "markdown"],
        &["milestone"],
        &["milestone", "--format", "markdown"],
        &["milestone", "неделя"],
        &["milestone", "неделя", "--format", "markdown"],
        // Errors: ambiguous, nothing matching, no task on a line, a bad selector.
        &["check", "a"],
        &["check", "\u{1b}]0;x\u{7}nothing"],
        &["check", "plans/esc\u{1b}[31mred\nline.md:2"],
        &["-p", "\u{1b}[31mmissing\n", "list"],
        &["no-such-\u{1b}[31mcommand"],
        &["list", "--status", "\u{1b}[31m"],
    ];
    for args in outputs {
        let output = sandbox
            .roadmap()
            .env("COLUMNS", "200")
            .args(*args)
            .output()
            .unwrap();
        assert_clean(
            &format!("{args:?} stdout"),
            &String::from_utf8_lossy(&output.stdout),
        );
        assert_clean(
            &format!("{args:?} stderr"),
            &String::from_utf8_lossy(&output.stderr),
        );
        assert!(
            output.status.code().is_some_and(|c| c <= 2),
            "{args:?}: {output:?}"
        );
    }
    // The escapes are shown, not dropped: a reader can tell what is there.
    let list = stdout(&sandbox.run(&["list"]));
    assert!(list.contains("evil \\x1b]0;pwned\\x07 task"), "{list}");
    assert!(list.contains("esc\\x1b[31mred\\nline"), "{list}");
    // JSON keeps the text exactly; its escapes are JSON's own.
    let tasks = sandbox.tasks(&["list"]);
    assert_eq!(tasks[0]["text"], "evil \u{1b}]0;pwned\u{7} task");
    // The HTML page holds no control character either.
    let html = stdout(&sandbox.run(&["report", "--format", "html"]));
    assert_clean("html", &html);
}

#[test]
fn the_picker_holds_no_lock_while_a_person_chooses() {
    if !crate::support::have("tmux") {
        return;
    }
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "# P\n## Этап 1\n- [ ] первая\n- [ ] вторая\n- [ ] третья\n",
    );
    let session = format!("roadmap-lock-{}", std::process::id());
    let command = format!(
        "cd '{}' && ROADMAP_TODAY={TODAY} '{}' check; echo EXIT=$?; sleep 30",
        sandbox.path().display(),
        binary().display()
    );
    let tmux = |args: &[&str]| Process::new("tmux").args(args).output().unwrap();
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
    wait_for("Mark done");
    // While the picker waits, another check of the same plan finishes at once.
    let started = Instant::now();
    let mut other = Process::new(binary())
        .current_dir(sandbox.path())
        .env("ROADMAP_TODAY", TODAY)
        .args(["check", "третья"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let finished = loop {
        if let Some(status) = other.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > Duration::from_secs(5) {
            let _ = other.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // Then the person picks the second task: the plan, changed meanwhile, is read
    // again under the lock and both changes stand.
    tmux(&["send-keys", "-t", &session, "вторая"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux(&["send-keys", "-t", &session, "Enter"]);
    let after = wait_for("EXIT=");
    tmux(&["kill-session", "-t", &session]);
    assert!(
        finished.is_some_and(|s| s.success()),
        "the other check waited for the picker"
    );
    assert!(after.contains("EXIT=0"), "{after}");
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "# P\n## Этап 1\n- [ ] первая\n- [x] вторая\n- [x] третья\n"
    );
}
