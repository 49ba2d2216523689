//! Third review of fields, prerequisites and links: defects found by attacking the
//! binary, one test per class of defect.

use crate::support::{Sandbox, stderr};

/// A task whose first line is a dated field and nothing else (`- [-] ❌ 2026-11-01`,
/// no blank after it) loses that field when its status changes; the blank after its
/// box must stay, or `- [ ]` alone is no task and the change is refused.
#[test]
fn a_task_of_only_a_removed_field_keeps_the_blank_after_its_box() {
    let lines = [
        "- [-] ❌ 2026-11-01",
        "- [-] ❌\u{fe0f} 2026-11-01",
        "- [-]\t❌ 2026-11-01",
        "- [-] (cancelled:: 2026-11-01)",
        "- [ ] ❌ 2026-11-01",
        "- [x] ❌ 2026-11-01",
        "- [/] [cancelled:: 2026-11-01]",
        "> * [-] ❌ 2026-11-01",
    ];
    let flags: [(&[&str], &str); 4] = [
        (&["--undo"], "todo"),
        (&["--start"], "doing"),
        (&[], "done"),
        (&["--skip"], "skipped"),
    ];
    for line in lines {
        for ending in ["\n", "\r\n", ""] {
            for (flag, status) in flags {
                let sandbox = Sandbox::new();
                sandbox.write("p.md", format!("# P\n{line}{ending}"));
                let before = sandbox.tasks(&["-p", "p.md", "list"]);
                let mut args = vec!["-p", "p.md", "check"];
                args.extend_from_slice(flag);
                args.push("p.md:2");
                let out = sandbox.run(&args);
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{line:?}{ending:?} {flag:?}: {}",
                    stderr(&out)
                );
                let after = sandbox.tasks(&["-p", "p.md", "list"]);
                assert_eq!(after.len(), 1, "{line:?} {flag:?}");
                assert_eq!(after[0]["status"], status, "{line:?} {flag:?}");
                assert_eq!(after[0]["id"], before[0]["id"], "{line:?} {flag:?}");
                assert_eq!(after[0]["text"], before[0]["text"], "{line:?} {flag:?}");
            }
        }
    }
}

/// A done task may carry done dates both among its fields and at the end of its
/// line; leaving done removes every one of them, so the task has no done date.
#[test]
fn leaving_done_removes_every_done_date_wherever_it_stands() {
    let lines = [
        "- [x] b ✅ 2026-11-02 📅 2026-12-01 ✅ 2026-11-03",
        "- [x] b [completion:: 2026-11-02] 📅 2026-12-01 ✅ 2026-11-03",
        "- [x] ✅ 2026-11-02 ⏫ ✅ 2026-11-03 ✅ 2026-11-04",
        "- [x] b ✅ 2026-11-02 #go ✅ 2026-11-03  ",
        "> - [X] b ✅\u{fe0f} 2026-11-02 🆔 x ✅ 2026-11-03",
    ];
    for line in lines {
        for flag in ["--undo", "--start", "--skip"] {
            let sandbox = Sandbox::new();
            sandbox.write("p.md", format!("# P\n{line}\r\n"));
            let before = sandbox.tasks(&["-p", "p.md", "list"]);
            let out = sandbox.run(&["-p", "p.md", "check", flag, "p.md:2"]);
            assert_eq!(out.status.code(), Some(0), "{line:?}: {}", stderr(&out));
            let after = sandbox.tasks(&["-p", "p.md", "list"]);
            assert_eq!(
                after[0]["done_on"],
                serde_json::Value::Null,
                "{line:?} {flag}"
            );
            assert_eq!(after[0]["id"], before[0]["id"], "{line:?} {flag}");
            let text = sandbox.read_text("p.md");
            assert!(
                !text.contains('✅') && !text.contains("completion::"),
                "{line:?} {flag}: {text:?}"
            );
        }
    }
}

/// A backslash ending a task's line is a hard break only when the paragraph goes
/// on: at the paragraph's end it is text, and the date goes after it. Either way
/// stamping and undoing give back the same bytes, whatever follows the line.
#[test]
fn a_trailing_backslash_is_stamped_and_undone_wherever_the_paragraph_ends() {
    let after = [
        "",
        "\n",
        "\n- [ ] next\n",
        "\n# Heading\n",
        "\n> quote\n",
        "\n1. item\n",
        "\n```\ncode\n```\n",
        "\n  goes on\n",
        "\ngoes on\n",
    ];
    for tail in after {
        for crlf in [false, true] {
            let original = format!("- [ ] task\\{tail}");
            let original = if crlf {
                original.replace('\n', "\r\n")
            } else {
                original
            };
            let sandbox = Sandbox::new();
            sandbox.write("p.md", &original);
            for flags in [&["--stamp"][..], &["--undo"][..]] {
                let mut args = vec!["-p", "p.md", "check"];
                args.extend_from_slice(flags);
                args.push("p.md:1");
                let out = sandbox.run(&args);
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{original:?} {flags:?}: {}",
                    stderr(&out)
                );
            }
            assert_eq!(sandbox.read_text("p.md"), original, "{original:?}");
        }
    }
}
