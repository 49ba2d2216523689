//! The bad-input matrix: every input either gives exit 0 with the right answer or
//! exit 2 with a clear message; never a panic, a hang or a changed file.
//!
//! `ROADMAP_LONG=1` adds a 200 MB plan (the default run uses 24 MB).

use std::time::{Duration, Instant};

use crate::support::{Sandbox, json, stderr};

/// Runs `list` and `check` on `bytes` as `plan.md`; returns list's output and
/// checks that nothing panicked, hung or changed the file.
fn try_plan(name: &str, bytes: &[u8]) -> std::process::Output {
    let sandbox = Sandbox::new();
    sandbox.write("plan.md", bytes);
    let started = Instant::now();
    let list = sandbox
        .roadmap()
        .args(["--plan", "plan.md", "list", "--format", "json"])
        .output()
        .unwrap();
    let check = sandbox
        .roadmap()
        .args(["--plan", "plan.md", "check", "--all", "zzz-no-such-task"])
        .output()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{name}: too slow"
    );
    for out in [&list, &check] {
        let err = stderr(out);
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(
            matches!(out.status.code(), Some(0 | 2)),
            "{name}: {:?}",
            out.status
        );
        if out.status.code() == Some(2) {
            assert!(err.starts_with("roadmap: error: "), "{name}: {err}");
        }
    }
    assert!(sandbox.read("plan.md") == bytes, "{name}: the file changed");
    list
}

fn rejected(name: &str, bytes: &[u8], message: &str) {
    let out = try_plan(name, bytes);
    assert_eq!(out.status.code(), Some(2), "{name}");
    let err = stderr(&out);
    assert!(
        err.contains(message),
        "{name}: expected `{message}` in: {err}"
    );
}

fn accepted(name: &str, bytes: &[u8], tasks: usize) -> Vec<serde_json::Value> {
    let out = try_plan(name, bytes);
    assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
    let found = json(&out);
    assert_eq!(found.len(), tasks, "{name}");
    found
}

#[test]
fn invalid_utf8_is_named_with_its_offset_at_start_middle_and_end() {
    rejected(
        "start",
        b"\xff- [ ] a\n",
        "byte 0xFF at offset 0 (line 1, column 1)",
    );
    rejected(
        "middle",
        b"# T\n- [ ] caf\xe9 au lait\n",
        "byte 0xE9 at offset 13 (line 2, column 10)",
    );
    // A multi-byte sequence cut off by the end of the file.
    rejected(
        "end",
        "- [ ] Привет\n- [ ] x"
            .as_bytes()
            .iter()
            .chain(b"\xd0")
            .copied()
            .collect::<Vec<_>>()
            .as_slice(),
        "byte 0xD0 at offset",
    );
}

#[test]
fn legacy_encodings_are_named_with_a_fix() {
    // "- [ ] Изучить основы\n" in Windows-1251.
    let cp1251 =
        b"# \xcf\xeb\xe0\xed\n- [ ] \xc8\xe7\xf3\xf7\xe8\xf2\xfc \xee\xf1\xed\xee\xe2\xfb\n";
    rejected("cp1251", cp1251, "Windows-1251");
    rejected("cp1251", cp1251, "iconv -f cp1251 -t utf-8");
    let utf16le: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("- [ ] x\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    rejected("utf-16le", &utf16le, "UTF-16");
    let utf16be: Vec<u8> = [0xfe, 0xff]
        .into_iter()
        .chain("- [ ] x\n".encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    rejected("utf-16be", &utf16be, "UTF-16");
}

#[test]
fn nul_bytes_mean_a_binary_file() {
    rejected(
        "nul",
        b"- [ ] a\n\0\0\0",
        "binary file (NUL byte at offset 8)",
    );
}

#[test]
fn a_ten_megabyte_line_is_one_task() {
    let mut text = String::from("- [ ] ");
    text.push_str(&"слово ".repeat(10 * 1024 * 1024 / 11));
    text.push('\n');
    let tasks = accepted("10 MB line", text.as_bytes(), 1);
    assert!(tasks[0]["text"].as_str().unwrap().len() > 9_000_000);
}

#[test]
fn ten_thousand_levels_of_nesting_do_not_break_anything() {
    let lists = format!("{}[ ] deep\n", "- ".repeat(10_000));
    let tasks = accepted("nested lists", lists.as_bytes(), 1);
    assert_eq!(tasks[0]["depth"], 9_999);
    let quotes = format!("{}- [x] quoted\n", "> ".repeat(10_000));
    let tasks = accepted("nested quotes", quotes.as_bytes(), 1);
    assert_eq!(tasks[0]["status"], "done");
    let indented: String = (0..10_000)
        .map(|i| format!("{}- [ ] level {i}\n", "  ".repeat(i % 200)))
        .collect();
    accepted("indented lists", indented.as_bytes(), 10_000);
}

#[test]
fn a_hundred_thousand_tasks_in_one_file() {
    let text: String = (0..100_000)
        .map(|i| format!("- [{}] task {i}\n", if i % 3 == 0 { 'x' } else { ' ' }))
        .collect();
    let tasks = accepted("100k tasks", text.as_bytes(), 100_000);
    assert_eq!(tasks[99_999]["line"], 100_000);
    assert_eq!(
        tasks.iter().filter(|t| t["status"] == "done").count(),
        33_334
    );
}

#[test]
fn a_very_large_plan_works() {
    let megabytes = if std::env::var_os("ROADMAP_LONG").is_some() {
        200
    } else {
        24
    };
    let chunk = "## Неделя\n\n- [ ] прочитать главу про каналы и горутины 🎯\n- [x] сделать упражнения\n\n```\n- [ ] not a task\n```\n\n";
    let copies = megabytes * 1024 * 1024 / chunk.len();
    let text = chunk.repeat(copies);
    let sandbox = Sandbox::new();
    sandbox.write("big.md", &text);
    let out = sandbox
        .roadmap()
        .args(["--plan", "big.md", "next", "--format", "plain"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "прочитать главу про каналы и горутины 🎯\n"
    );
    let out = sandbox
        .roadmap()
        .args([
            "--plan", "big.md", "list", "--format", "plain", "--status", "done",
        ])
        .output()
        .unwrap();
    assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), copies);
}
