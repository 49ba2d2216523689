//! Errors through the binary: exit 2, `roadmap: error: ` on stderr naming the file
//! (and line or offset where known), a `help:` line where the user can act, nothing
//! on stdout, never a panic, and no file changed.

use std::fs;

use crate::support::{Sandbox, assert_error, roadmap, stderr, stdout};

/// "- [ ] Изучить основы" under "# План" in Windows-1251.
const CP1251: &[u8] =
    b"# \xcf\xeb\xe0\xed\n- [ ] \xc8\xe7\xf3\xf7\xe8\xf2\xfc \xee\xf1\xed\xee\xe2\xfb\n";

fn utf16(bom_le: bool) -> Vec<u8> {
    let text = "# План\n- [ ] задача\n";
    if bom_le {
        [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect()
    } else {
        [0xfe, 0xff]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect()
    }
}

/// Every command that reads plans, on the plans of `sandbox`: each must fail with
/// `message`, and the files must stay as they were.
fn every_command_fails(sandbox: &Sandbox, global: &[&str], message: &str) {
    let commands: [&[&str]; 7] = [
        &["list"],
        &["list", "--format", "json"],
        &["next"],
        &["next", "--format", "plain"],
        &["check", "anything"],
        &["check", "--dry-run", "--all", "a"],
        &["report"],
    ];
    for command in commands {
        let mut args = global.to_vec();
        args.extend_from_slice(command);
        let out = sandbox.run(&args);
        assert_error(&out, message);
    }
}

// ---- plans that cannot be read ----

#[test]
fn a_missing_plan_is_named() {
    let sandbox = Sandbox::with_bundled_plans();
    every_command_fails(
        &sandbox,
        &["-p", "plans/missing.md"],
        "roadmap: error: plans/missing.md: no such file",
    );
    every_command_fails(
        &sandbox,
        &["--plan", "missing.md"],
        "roadmap: error: missing.md: no such file",
    );
}

#[test]
fn an_unknown_plan_name_lists_the_known_plans() {
    let sandbox = Sandbox::with_bundled_plans();
    let err = assert_error(
        &sandbox.run(&["-p", "rust", "list"]),
        "roadmap: error: rust: no such file, and no plan has that name",
    );
    assert!(
        err.contains("help: known plans: plans/backend-roadmap.md, plans/go-backend.md"),
        "{err}"
    );
}

#[test]
fn a_directory_as_plan_is_refused() {
    let sandbox = Sandbox::with_bundled_plans();
    sandbox.mkdir("notes.md");
    every_command_fails(
        &sandbox,
        &["-p", "notes.md"],
        "roadmap: error: notes.md: a directory, not a plan file",
    );
    every_command_fails(
        &sandbox,
        &["-p", "plans"],
        "roadmap: error: plans: a directory, not a plan file",
    );
}

#[test]
fn a_fifo_as_plan_is_refused_without_waiting() {
    let sandbox = Sandbox::new();
    let made = std::process::Command::new("mkfifo")
        .arg(sandbox.path().join("pipe.md"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    let out = sandbox
        .roadmap()
        .timeout(std::time::Duration::from_secs(10))
        .args(["-p", "pipe.md", "list"])
        .output()
        .unwrap();
    assert_error(&out, "pipe.md: not a regular file");
}

#[test]
fn a_broken_symlink_is_named_as_one() {
    let sandbox = Sandbox::new();
    sandbox.symlink("gone.md", "plans/broken.md");
    sandbox.write("plans/ok.md", "- [ ] a\n");
    every_command_fails(
        &sandbox,
        &["-p", "plans/broken.md"],
        "roadmap: error: plans/broken.md: broken symbolic link",
    );
}

#[test]
fn non_utf8_is_named_with_byte_offset_line_and_column() {
    let sandbox = Sandbox::new();
    let original = b"# Title\n- [ ] caf\xe9 au lait\n";
    sandbox.write("plans/latin1.md", original);
    every_command_fails(
        &sandbox,
        &[],
        "roadmap: error: plans/latin1.md: not valid UTF-8: byte 0xE9 at offset 17 (line 2, column 10)",
    );
    assert_eq!(sandbox.read("plans/latin1.md"), original);
    // At the very start, and a sequence cut off at the end.
    sandbox.write("plans/latin1.md", b"\xff- [ ] a\n");
    assert_error(
        &sandbox.run(&["list"]),
        "byte 0xFF at offset 0 (line 1, column 1)",
    );
    let mut cut = "- [ ] Привет".as_bytes().to_vec();
    cut.push(0xd0);
    sandbox.write("plans/latin1.md", &cut);
    assert_error(&sandbox.run(&["list"]), "byte 0xD0 at offset 18 (line 1,");
}

#[test]
fn windows_1251_russian_text_gets_an_iconv_hint() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/cp1251.md", CP1251);
    every_command_fails(
        &sandbox,
        &[],
        "plans/cp1251.md: not valid UTF-8: byte 0xCF at offset 2",
    );
    let err = assert_error(&sandbox.run(&["list"]), "Windows-1251");
    assert!(err.contains("iconv -f cp1251 -t utf-8"), "{err}");
    assert_eq!(sandbox.read("plans/cp1251.md"), CP1251);
}

#[test]
fn utf16_with_a_byte_order_mark_is_named() {
    for little_endian in [true, false] {
        let sandbox = Sandbox::new();
        let bytes = utf16(little_endian);
        sandbox.write("plans/utf16.md", &bytes);
        every_command_fails(&sandbox, &[], "plans/utf16.md: not valid UTF-8");
        let err = assert_error(&sandbox.run(&["list"]), "UTF-16");
        assert!(err.contains("offset 0"), "{err}");
        assert_eq!(sandbox.read("plans/utf16.md"), bytes);
    }
}

#[test]
fn a_nul_byte_means_a_binary_file() {
    let sandbox = Sandbox::new();
    let bytes = b"- [ ] a\n\x00\x01\x02binary";
    sandbox.write("plans/blob.md", bytes);
    every_command_fails(
        &sandbox,
        &[],
        "roadmap: error: plans/blob.md: binary file (NUL byte at offset 8)",
    );
    assert_eq!(sandbox.read("plans/blob.md"), bytes);
}

#[test]
fn one_bad_plan_among_good_ones_fails_and_names_the_bad_one() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/a.md", "- [ ] a\n");
    sandbox.write("plans/b.md", b"- [ ] caf\xe9\n");
    sandbox.write("plans/c.md", "- [ ] c\n");
    let err = assert_error(&sandbox.run(&["check", "a"]), "plans/b.md: not valid UTF-8");
    assert!(!err.contains("plans/a.md"), "{err}");
    assert_eq!(sandbox.read_text("plans/a.md"), "- [ ] a\n");
    // Naming only the good plans works.
    let out = sandbox.run(&["-p", "a", "-p", "c", "list", "--format", "plain"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "a\nc\n");
}

// ---- selectors ----

#[test]
fn an_empty_selector_is_an_error() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n");
    for blank in ["", " ", "\t"] {
        assert_error(
            &sandbox.run(&["check", blank]),
            "roadmap: error: empty selector",
        );
        assert_error(&sandbox.run(&["check", "a", blank]), "empty selector");
    }
    assert_eq!(sandbox.read_text("plans/p.md"), "- [ ] a\n");
}

#[test]
fn a_selector_matching_nothing_says_what_a_selector_is() {
    let sandbox = Sandbox::with_bundled_plans();
    let err = assert_error(
        &sandbox.run(&["check", "квантовая механика"]),
        "roadmap: error: no task matches `квантовая механика`",
    );
    assert!(err.contains("\nhelp: "), "{err}");
    assert!(err.contains("roadmap list"), "{err}");
    // An ID that looks right but is not there.
    assert_error(
        &sandbox.run(&["check", "go-backend#000000"]),
        "no task matches `go-backend#000000`",
    );
}

#[test]
fn file_and_line_without_a_task_names_the_nearest() {
    let sandbox = Sandbox::with_bundled_plans();
    let first = sandbox.tasks(&["-p", "go-backend", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let err = assert_error(
        &sandbox.run(&["check", "plans/go-backend.md:1"]),
        "roadmap: error: plans/go-backend.md:1: no task on this line",
    );
    assert!(
        err.contains(&format!(
            "(nearest: plans/go-backend.md:25 {first} Установка Go (последняя стабильная версия))"
        )),
        "{err}"
    );
    assert_error(
        &sandbox.run(&["check", "plans/go-backend.md:99999"]),
        "plans/go-backend.md:99999: no task on this line",
    );
    assert_error(
        &sandbox.run(&["check", "plans/go-backend.md:0"]),
        "plans/go-backend.md:0: no task on this line",
    );
}

#[test]
fn check_with_no_selector_and_no_terminal_says_how_to_name_tasks() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n");
    let err = assert_error(&sandbox.run(&["check"]), "roadmap: error: no task selected");
    assert!(err.contains("help: "), "{err}");
}

// ---- where to run ----

#[test]
fn no_plans_at_all_suggests_roadmap_init() {
    let sandbox = Sandbox::new();
    for command in [&["list"][..], &["next"], &["check", "x"], &["report"]] {
        let err = assert_error(&sandbox.run(command), "roadmap: error: no plans found");
        assert!(err.contains("roadmap init"), "{err}");
        assert!(err.contains("\nhelp: "), "{err}");
    }
    // An empty plans/ directory is no better.
    sandbox.mkdir("plans");
    let err = assert_error(&sandbox.run(&["list"]), "no plans found");
    assert!(err.contains("roadmap init"), "{err}");
    // A config that sets no `plans` is named as there, not said to be missing.
    sandbox.write(
        "roadmap.toml",
        "stamp = true
",
    );
    let err = assert_error(&sandbox.run(&["list"]), "no plans found");
    assert!(
        err.contains("roadmap.toml sets no `plans`, and there is no plans/*.md in"),
        "{err}"
    );
}

#[test]
fn roadmap_alone_shows_the_help_on_stderr_and_exits_2() {
    let out = roadmap().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("Usage: roadmap [OPTIONS] <COMMAND>"), "{err}");
    assert!(!err.contains("error:"), "help, not an error message: {err}");
}

#[test]
fn dash_c_to_a_missing_directory_or_a_file_is_an_error() {
    let sandbox = Sandbox::with_bundled_plans();
    let err = assert_error(&sandbox.run(&["-C", "nowhere", "list"]), "-C ");
    assert!(err.contains("nowhere: not a directory"), "{err}");
    let err = assert_error(
        &sandbox.run(&["-C", "plans/go-backend.md", "next"]),
        "plans/go-backend.md: not a directory",
    );
    assert!(err.contains("-C"), "{err}");
}

#[test]
fn a_bad_today_is_an_error() {
    let sandbox = Sandbox::with_bundled_plans();
    for bad in ["yesterday", "2026-13-01", "2026-02-30", "24.11.2026", ""] {
        let out = sandbox.run(&["--today", bad, "list"]);
        let err = assert_error(&out, "--today");
        assert!(err.contains("not a date"), "{bad}: {err}");
        assert!(err.contains("YYYY-MM-DD"), "{bad}: {err}");
    }
    // The same through the environment.
    let out = sandbox
        .roadmap()
        .env("ROADMAP_TODAY", "someday")
        .args(["check", "--stamp", "plans/go-backend.md:25"])
        .output()
        .unwrap();
    assert_error(&out, "someday: not a date");
    assert!(!sandbox.read_text("plans/go-backend.md").contains("- [x]"));
}

// ---- the command line ----

#[test]
fn unknown_subcommands_and_flags_are_usage_errors() {
    let sandbox = Sandbox::with_bundled_plans();
    let cases: [(&[&str], &str); 6] = [
        (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
        (
            &["list", "--frobnicate"],
            "unexpected argument '--frobnicate'",
        ),
        (&["next", "--all"], "unexpected argument '--all'"),
        (
            &["check", "--status", "done", "a"],
            "unexpected argument '--status'",
        ),
        (&["list", "--format"], "a value is required"),
        (
            &["--color", "sometimes", "list"],
            "invalid value 'sometimes'",
        ),
    ];
    for (args, message) in cases {
        let out = sandbox.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("error: "), "{args:?}: {err}");
        assert!(
            err.contains(message),
            "{args:?}: expected `{message}` in {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    // No subcommand at all.
    let out = sandbox.run(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Usage: roadmap"), "{}", stderr(&out));
}

#[test]
fn help_and_version_succeed_on_stdout() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["list", "--help"],
        &["check", "-h"],
    ] {
        let out = roadmap().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(stdout(&out).contains("Usage: roadmap"), "{args:?}");
        assert!(out.stderr.is_empty(), "{args:?}");
    }
    let out = roadmap().arg("--version").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("roadmap "), "{}", stdout(&out));
}

#[test]
fn errors_carry_no_backtrace_even_when_asked() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", b"\xe9");
    let out = sandbox
        .roadmap()
        .env("RUST_BACKTRACE", "1")
        .arg("list")
        .output()
        .unwrap();
    let err = assert_error(&out, "plans/p.md");
    assert!(!err.contains("stack backtrace"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_plan_in_an_unreadable_directory_entry_is_not_a_panic() {
    // A symlink loop is neither a file nor missing.
    let sandbox = Sandbox::new();
    sandbox.symlink("loop.md", "loop.md");
    let out = sandbox.run(&["-p", "loop.md", "list"]);
    assert_error(&out, "loop.md");
    assert!(fs::symlink_metadata(sandbox.path().join("loop.md")).is_ok());
}
