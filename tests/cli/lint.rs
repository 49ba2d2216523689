//! `roadmap lint`: each rule found, not found where it must not be, and fixed byte
//! for byte; the exit codes; `--fix` as a diff `patch` applies; `--fix --write`.

use std::process::Command as Process;

use crate::support::{Sandbox, assert_error, json, stderr, stdout};

/// (rule, line) of each finding of `lint` on `plans/p.md` holding `text`.
fn findings_of(text: &str) -> Vec<(String, u64)> {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", text);
    findings(&sandbox, &[])
}

fn findings(sandbox: &Sandbox, args: &[&str]) -> Vec<(String, u64)> {
    let out = sandbox.run(&[&["lint", "--format", "json"], args].concat());
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let list = json(&out);
    assert_eq!(
        out.status.code() == Some(0),
        list.is_empty(),
        "exit 0 exactly when there is no finding"
    );
    list.iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn found(rule: &str, line: u64) -> (String, u64) {
    (rule.to_string(), line)
}

/// What `lint --fix --write` leaves in `plans/p.md`, and its exit code.
fn fixed(text: &str, config: Option<&str>) -> (String, Option<i32>) {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", text);
    if let Some(config) = config {
        sandbox.write("roadmap.toml", config);
    }
    let out = sandbox.run(&["lint", "--fix", "--write"]);
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    (sandbox.read_text("plans/p.md"), out.status.code())
}

#[test]
fn the_bundled_plans_are_clean_and_exit_0() {
    let sandbox = Sandbox::with_bundled_plans();
    let out = sandbox.run(&["lint"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "no findings in 2 plans\n");
}

#[test]
fn findings_are_file_line_rule_message_and_exit_1() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "# P\n\n- [x] a\n- [x] a\n");
    let out = sandbox.run(&["lint"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "plans/p.md:4: duplicate-task: the same task as line 3 under the same heading: `a`\n"
    );
    assert_eq!(stderr(&out), "1 finding in 1 of 1 plan\n");
}

#[test]
fn json_findings_carry_file_line_rule_severity_message_fix_and_sample() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] parent\n  - [x] child\n");
    let out = sandbox.run(&["lint", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let list = json(&out);
    assert_eq!(list.len(), 1);
    let f = &list[0];
    let mut keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "file", "fix", "line", "message", "rule", "sample", "severity"
        ]
    );
    assert_eq!(f["file"], "plans/p.md");
    assert_eq!(f["line"], 1);
    assert_eq!(f["rule"], "children-done-parent-open");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["fix"], "tick it");
    assert!(f["sample"].is_null());
}

#[test]
fn plans_named_on_the_command_line_are_the_ones_linted() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/a.md", "- [x] a\n- [x] a\n");
    sandbox.write("plans/b.md", "- [x] b\n");
    assert_eq!(findings(&sandbox, &["b"]), []);
    assert_eq!(
        findings(&sandbox, &["plans/a.md"]),
        [found("duplicate-task", 2)]
    );
    assert_eq!(findings(&sandbox, &[]).len(), 1);
    // The global -p names plans too, before or after the command, with or
    // without plans after it.
    assert_eq!(findings(&sandbox, &["-p", "b"]), []);
    assert_eq!(findings(&sandbox, &["-p", "a", "b"]).len(), 1);
    let out = sandbox.run(&["-p", "a", "lint"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn errors_exit_2() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n");
    sandbox.write("plans/latin1.md", b"- [ ] caf\xe9\n");
    assert_error(&sandbox.run(&["lint", "plans/missing.md"]), "missing.md");
    assert_error(&sandbox.run(&["lint", "plans/latin1.md"]), "UTF-8");
    assert_error(&sandbox.run(&["lint", "plans"]), "plans");
    let out = sandbox.run(&["lint", "--write"]);
    assert_eq!(out.status.code(), Some(2), "--write needs --fix");
    assert!(stderr(&out).contains("--fix"), "{}", stderr(&out));
}

#[test]
fn nested_rules_find_the_parent_and_not_tasks_under_other_items() {
    let text = "\
- [x] done parent
  - [ ] open child
  - [x] done child
- [ ] open parent
  - [x] one
  - [-] skipped
  - [x] two
- [ ] fine parent
  - [x] one
  - [ ] two
- [x] fine done
  - [x] one
- [ ] lone
- plain item
  - [x] a task under a plain item has no parent task
- [x] grandparent
  - item
    - [ ] grandchild: a subtask all the same
";
    assert_eq!(
        findings_of(text),
        [
            found("parent-done-children-open", 1),
            found("children-done-parent-open", 4),
            found("parent-done-children-open", 16),
        ]
    );
    // A task after a paragraph that ends the list is no one's subtask.
    assert_eq!(findings_of("- [x] a\n\ntext\n\n  - [ ] b\n"), []);
}

#[test]
fn a_parent_whose_subtasks_are_done_is_ticked_by_the_fix_dated_when_dates_are_kept() {
    let text = "- [ ] parent\r\n  - [x] one ✅ 2026-11-01\r\n  - [x] two ✅ 2026-11-03\r\n";
    let (after, code) = fixed(text, None);
    assert_eq!(after, text.replacen("[ ] parent", "[x] parent", 1));
    assert_eq!(code, Some(0));
    let (after, code) = fixed(text, Some("plans = [\"plans/*.md\"]\nstamp = true\n"));
    assert_eq!(
        after,
        text.replacen("[ ] parent", "[x] parent ✅ 2026-11-03", 1)
    );
    assert_eq!(code, Some(0));
}

#[test]
fn done_without_date_only_where_dates_are_kept() {
    let text = "- [x] undated\n- [x] dated ✅ 2026-11-01\n- [ ] open\n";
    assert_eq!(findings_of(text), []);
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", text);
    sandbox.write("roadmap.toml", "stamp = true\n");
    assert_eq!(findings(&sandbox, &[]), [found("done-without-date", 1)]);
    sandbox.write("roadmap.toml", "stamp = false\n");
    assert_eq!(findings(&sandbox, &[]), []);
}

#[test]
fn fields_followed_by_text_are_found_and_fields_at_the_end_are_not() {
    let text = "\
- [ ] read 📅 2026-12-01 the chapter
- [ ] ⏫ first, then text
- [ ] at the end 📅 2026-12-01
- [ ] with a tag after 📅 2026-12-01 #study
- [ ] 🆔 abc then more text 📅 2026-12-01
- [ ] an emoji 📅 with no date is only text
- [x] done ✅ 2026-11-02 and then words
- [ ] only fields ⏳ 2026-12-01 📅 2026-12-02
";
    assert_eq!(
        findings_of(text),
        [
            found("field-not-at-end", 1),
            found("field-not-at-end", 2),
            found("field-not-at-end", 5),
            found("field-not-at-end", 7),
        ]
    );
}

#[test]
fn odd_blanks_among_fields_are_found_and_fixed_byte_for_byte() {
    for (eol, end) in [("\n", "\n"), ("\r\n", "\r\n"), ("\n", "")] {
        let text = format!(
            "- [ ] a ⏫\u{fe0f} 📅\u{a0}2026-12-01{eol}- [ ] b 📅 2026-12-01{eol}- [ ] nbsp\u{a0}in text{end}"
        );
        assert_eq!(findings_of(&text), [found("odd-whitespace", 1)], "{end:?}");
        let (after, code) = fixed(&text, None);
        assert_eq!(
            after,
            format!(
                "- [ ] a ⏫ 📅 2026-12-01{eol}- [ ] b 📅 2026-12-01{eol}- [ ] nbsp\u{a0}in text{end}"
            )
        );
        assert_eq!(code, Some(0));
    }
}

#[test]
fn look_alike_boxes_are_found_and_real_boxes_links_and_code_are_not() {
    let text = "\
- [>] forwarded
- [?] a question
- [] empty
- [ x] spaced
- [  ] two blanks
* [!] other bullet
1. [*] ordered
> - [~] quoted
- [x]glued
- [ ] real todo
- [x] real done
- [/] doing
- [-] skipped
- [1] a reference
- [a] an option
- [link](https://example.com)
- [x](https://example.com) a link named x
- [...] an ellipsis
- text with [?] inside

```
- [?] in code
```
";
    let rules = findings_of(text);
    let lines: Vec<u64> = rules.iter().map(|(_, l)| *l).collect();
    assert!(rules.iter().all(|(r, _)| r == "unknown-box"), "{rules:?}");
    assert_eq!(lines, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

#[test]
fn schedule_words_that_do_not_parse_and_weeks_out_of_order_are_found() {
    let text = "\
# Plan
## Неделя 1
- [ ] a
## Неделя 3-: Каналы
- [ ] b
## Недели 5–
- [ ] c
## Недели 7-6
- [ ] d
## Неделя 2
- [ ] e
## Первая неделя
- [ ] f
## Неделя 0
- [ ] g
";
    assert_eq!(
        findings_of(text),
        [
            found("schedule-words", 4),
            found("schedule-words", 6),
            found("schedule-words", 8),
            found("schedule-words", 10),
            found("schedule-words", 14),
        ]
    );
    // Weeks restart under each stage, as in the bundled backend roadmap.
    let stages = "\
# R
## Этап 1
**Недели 1-2: А**
- [ ] a
**Недели 3-4: Б**
- [ ] b
## Этап 2
**Недели 1-2: В**
- [ ] c
";
    assert_eq!(findings_of(stages), []);
}

#[test]
fn duplicates_are_found_at_the_second_copy_under_one_heading_only() {
    let text = "\
## A
- [ ] same
- [x] other
- [x] same
## B
- [ ] same
";
    assert_eq!(findings_of(text), [found("duplicate-task", 4)]);
}

#[test]
fn broken_links_name_a_missing_section_and_not_a_plan_not_written_yet() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/master.md",
        "# Master\n\n## Этап 1\n📖 **Linux** → Этап 1\n- [ ] a\n📖 **Linux** → Этап 9\n📖 **Rust** → Этап 1\n",
    );
    sandbox.write("plans/linux.md", "# Linux\n\n## Этап 1\n- [ ] b\n");
    assert_eq!(findings(&sandbox, &[]), [found("broken-link", 6)]);
    // Linted alone, the master still sees the other plans to link to.
    assert_eq!(
        findings(&sandbox, &["plans/master.md"]),
        [found("broken-link", 6)]
    );
    // A plan named by its title, its parts under sections of words alone.
    sandbox.write(
        "plans/net.md",
        "# Компьютерные сети\n\n## Введение\n### Этап 1\n- [ ] b\n## Этап 2: Протоколы\n- [ ] c\n",
    );
    sandbox.write(
        "plans/study.md",
        "# Study\n\n## Week\n📖 **План Компьютерные сети** → **Этапы 1-2**\n- [ ] a\n📖 **Сети план** → **Этап 3**\n",
    );
    assert_eq!(
        findings(&sandbox, &["plans/study.md"]),
        [found("broken-link", 6)]
    );
}

#[test]
fn links_reach_the_sections_of_a_garbled_plan_as_repaired() {
    use roadmap::lint::mojibake::CodePage;
    let linux = "# Linux\n\n## Этап 1: Основы командной строки\n\
                 - [ ] Изучить навигацию по файловой системе\n\
                 - [ ] Права доступа к файлам и каталогам\n\
                 ## Этап 2: Процессы и сигналы\n\
                 - [ ] Управление процессами, сигналы и задания\n";
    let master = "# Master\n\n## Неделя 1\n📖 **Linux** → Этап 2\n- [ ] a\n📖 **Linux** → Этап 3\n";
    for page in CodePage::ALL {
        let sandbox = Sandbox::new();
        sandbox.write("plans/linux.md", page.garble(linux));
        sandbox.write("plans/master.md", master);
        // Linted together and alone: the plan's sections are read as repaired.
        let both = [found("mojibake", 1), found("broken-link", 6)];
        assert_eq!(findings(&sandbox, &[]), both, "{page:?}");
        let master_alone = [found("broken-link", 6)];
        assert_eq!(
            findings(&sandbox, &["plans/master.md"]),
            master_alone,
            "{page:?}"
        );
    }
}

#[test]
fn fix_prints_a_diff_that_patch_applies_and_writes_nothing() {
    let text = "- [ ] parent\n  - [x] one\n- [ ] x ⏫\u{fe0f}\n- [>] not fixable\n";
    let sandbox = Sandbox::new();
    let path = sandbox.write("plans/p.md", text);
    let before = sandbox.state("plans/p.md");
    let out = sandbox.run(&["lint", "--fix"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        sandbox.state("plans/p.md"),
        before,
        "--fix alone writes nothing"
    );
    let diff = stdout(&out);
    assert!(
        diff.starts_with("--- a/plans/p.md\n+++ b/plans/p.md\n"),
        "{diff}"
    );
    assert!(
        stderr(&out).contains("unknown-box"),
        "findings go to stderr"
    );
    let diff_file = sandbox.write("fix.diff", &diff);
    let applied = Process::new("patch")
        .args(["-p1", "--quiet"])
        .current_dir(sandbox.path())
        .stdin(std::fs::File::open(diff_file).unwrap())
        .status()
        .unwrap();
    assert!(applied.success());
    let patched = std::fs::read_to_string(&path).unwrap();
    let (written, code) = fixed(text, None);
    assert_eq!(patched, written);
    assert_eq!(code, Some(1), "a finding with no fix is left");
    assert_eq!(
        written,
        "- [x] parent\n  - [x] one\n- [ ] x ⏫\n- [>] not fixable\n"
    );
}

#[test]
fn fix_write_leaves_a_file_with_nothing_to_fix_untouched() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [>] no fix\n");
    let before = sandbox.state("plans/p.md");
    let out = sandbox.run(&["lint", "--fix", "--write"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(sandbox.state("plans/p.md"), before);
    assert_eq!(
        stdout(&out),
        "plans/p.md:1: unknown-box: `[>]` looks like a box but is text to GitHub: \
         the item is no task (a box is `[ ]` or `[x]`)\n"
    );
}

#[test]
fn mojibake_of_the_bundled_plans_in_four_code_pages_is_repaired_byte_for_byte() {
    use roadmap::lint::mojibake::CodePage;
    for name in ["go-backend.md", "backend-roadmap.md"] {
        let plan =
            std::fs::read_to_string(crate::support::repo().join("plans").join(name)).unwrap();
        for page in CodePage::ALL {
            let garbled = page.garble(&plan);
            assert_ne!(garbled, plan);
            let sandbox = Sandbox::new();
            sandbox.write("plans/p.md", &garbled);
            let out = sandbox.run(&["lint", "--format", "json"]);
            assert_eq!(out.status.code(), Some(1), "{name} {page:?}");
            let list = json(&out);
            let first = &list[0];
            assert_eq!(first["rule"], "mojibake", "{name} {page:?}: {list:?}");
            assert_eq!(first["line"], 1);
            assert_eq!(first["severity"], "error");
            assert!(
                first["message"].as_str().unwrap().contains(page.name()),
                "{name} {page:?}: {}",
                first["message"]
            );
            let sample = &first["sample"];
            let line = sample["line"].as_u64().unwrap() as usize;
            assert_eq!(sample["after"], plan.lines().nth(line - 1).unwrap());
            assert_eq!(sample["before"], garbled.lines().nth(line - 1).unwrap());
            // Nothing else is wrong with the plan once repaired.
            assert_eq!(list.len(), 1, "{name} {page:?}: {list:?}");
            let out = sandbox.run(&["lint", "--fix", "--write"]);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            assert_eq!(
                sandbox.read("plans/p.md"),
                plan.as_bytes(),
                "{name} {page:?}"
            );
            assert_eq!(sandbox.run(&["lint"]).status.code(), Some(0));
        }
    }
}

#[test]
fn the_other_rules_read_the_repaired_text_and_fix_it_in_the_same_write() {
    use roadmap::lint::mojibake::CodePage;
    let plan = "# План\n\n## Неделя 1: Основы\n- [ ] Родитель задачи\n  - [x] Установка Go\n- [ ] Настройка ⏫\u{fe0f}\n## Неделя 3-: Каналы\n- [ ] Горутины и каналы\n";
    let garbled = CodePage::MacRoman.garble(plan);
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", &garbled);
    assert_eq!(
        findings(&sandbox, &[]),
        [
            found("mojibake", 1),
            found("children-done-parent-open", 4),
            found("odd-whitespace", 6),
            found("schedule-words", 7),
        ]
    );
    let out = sandbox.run(&["lint", "--fix", "--write"]);
    assert_eq!(out.status.code(), Some(1), "the schedule words stay");
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        plan.replacen("[ ] Родитель", "[x] Родитель", 1)
            .replacen("⏫\u{fe0f}", "⏫", 1)
    );
}

#[test]
fn a_plan_that_is_fine_is_no_mojibake_even_with_accents_and_symbols() {
    let text = "# Café ☕\n\n- [ ] Größe und Maße — „Anführungszeichen“\n- [ ] √2 ≤ π · ¿Qué? ¡Sí! año\n- [ ] Россия и Привет, Ελληνικά, 日本語\n- [ ] the bytes `Ã©` are é read as Latin-1\n";
    assert_eq!(findings_of(text), []);
}

/// `lint --fix --write` under strace with one system call delayed by a second,
/// while `change` rewrites the plan half-way through the delay.
fn fix_during(inject: &str, before: &str, change: &str) -> (std::process::Output, String) {
    use std::process::Stdio;
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", before);
    let child = Process::new("strace")
        .args([
            "-f",
            "-qq",
            "-o",
            "/dev/null",
            "-e",
            &format!("inject={inject}"),
        ])
        .arg(assert_cmd::cargo::cargo_bin("roadmap"))
        .args(["lint", "--fix", "--write"])
        .current_dir(sandbox.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    std::fs::write(sandbox.path().join("plans/p.md"), change).unwrap();
    let out = child.wait_with_output().unwrap();
    (out, sandbox.read_text("plans/p.md"))
}

#[test]
fn a_plan_changed_before_the_lock_is_linted_again_and_one_changed_after_is_refused() {
    if !crate::support::have("strace") {
        return;
    }
    let before = "# P\n- [ ] parent\n  - [x] child\n";
    // An editor adds a task above while lint waits for the folder's lock: the fix
    // is made to what the file holds then, the new task kept.
    let edited = "# P\n- [ ] new task\n- [ ] parent\n  - [x] child\n";
    let (out, after) = fix_during("flock:delay_enter=1000000:when=1", before, edited);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(after, "# P\n- [ ] new task\n- [x] parent\n  - [x] child\n");
    // Changed while the new text is being made durable, after the last look could
    // still see it: refused, the edit kept, exit 2.
    let (out, after) = fix_during("fsync:delay_exit=1000000:when=1", before, edited);
    assert_eq!(after, edited, "the editor's change is never lost");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("changed on disk"), "{}", stderr(&out));
}

#[test]
fn a_linked_plan_unreadable_when_read_again_for_its_sections_is_an_error() {
    if !crate::support::have("strace") {
        return;
    }
    let sandbox = Sandbox::new();
    let linux = sandbox.write("plans/linux.md", "# Linux\n\n## Этап 1\n- [ ] b\n");
    let master = "# Master\n\n## Неделя 1\n📖 **Linux** → Этап 1\n- [ ] p\n  - [x] c\n";
    sandbox.write("plans/master.md", master);
    // The second open of the linked plan fails: the one that reads its sections
    // for the link (the first lints it).
    let run = |args: &[&str]| {
        Process::new("strace")
            .args(["-f", "-qq", "-o", "/dev/null", "-e", "trace=openat"])
            .args(["-e", "inject=openat:error=EACCES:when=2", "-P"])
            .arg(&linux)
            .arg(assert_cmd::cargo::cargo_bin("roadmap"))
            .args(args)
            .current_dir(sandbox.path())
            .output()
            .unwrap()
    };
    let out = run(&["lint"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("plans/linux.md"), "{}", stderr(&out));
    // The findings are shown all the same; with --write nothing is written.
    assert!(String::from_utf8_lossy(&out.stdout).contains("children-done-parent-open"));
    let out = run(&["lint", "--fix", "--write"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(sandbox.read_text("plans/master.md"), master);
    // Read the second time as the first, the link resolves.
    assert_eq!(
        findings(&sandbox, &[]),
        [found("children-done-parent-open", 5)]
    );
}

#[test]
fn boxes_typed_with_a_cyrillic_x_or_odd_blanks_are_look_alikes() {
    let text = "- [х] Cyrillic х\n- [Х] Cyrillic Х\n- [\u{a0}] no-break space\n- [\u{3000}] ideographic space\n- [×] times\n- [✓] check\n- [✔] heavy check\n- [ ] real\n";
    let found = findings_of(text);
    assert_eq!(
        found,
        (1..=7)
            .map(|l| (String::from("unknown-box"), l))
            .collect::<Vec<_>>()
    );
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [х] урок\n");
    let out = sandbox.run(&["lint"]);
    assert!(stdout(&out).contains("Cyrillic х"), "{}", stdout(&out));
}

#[test]
fn a_dash_that_separates_a_title_is_no_open_range() {
    let text = "## Week 1 – Basics\n- [ ] a\n## Week 2 - Types\n- [ ] b\n## Week 3—Generics\n- [ ] c\n## Неделя 4 — Каналы\n- [ ] d\n## Неделя 5 -\n- [ ] e\n";
    assert_eq!(findings_of(text), [found("schedule-words", 9)]);
}

#[test]
fn tasks_that_go_on_past_their_first_line_are_no_duplicates_for_it() {
    let text = "## W\n- [ ] Read chapter\n  of book A\n- [ ] Read chapter\n  of book B\n- [ ] same\n- [ ] same\n";
    assert_eq!(findings_of(text), [found("duplicate-task", 7)]);
    // A task that goes on, then two that do not: the third copies the second.
    let text = "## W\n- [ ] Read\n  more\n- [ ] Read\n- [ ] Read\n";
    assert_eq!(findings_of(text), [found("duplicate-task", 5)]);
    // One that does not, then one that goes on: no copy.
    let text = "## W\n- [ ] Read\n- [ ] Read\n  more\n";
    assert_eq!(findings_of(text), []);
}

#[test]
fn a_done_date_that_is_no_date_is_said_and_not_doubled() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [x] g ✅ 2026-02-30\n");
    sandbox.write("roadmap.toml", "stamp = true\n");
    let out = sandbox.run(&["lint", "--format", "json"]);
    let list = json(&out);
    assert_eq!(list.len(), 1);
    assert!(list[0]["message"].as_str().unwrap().contains("no date"));
    assert!(list[0]["fix"].is_null());
}

#[test]
fn fix_write_fixes_what_its_fixes_make_fixable_and_exits_by_what_is_left() {
    // Ticking `parent` makes `grand`'s subtasks all done: one run ticks both.
    let text = "- [ ] grand\n  - [ ] parent\n    - [x] child\n";
    let (after, code) = fixed(text, None);
    assert_eq!(after, "- [x] grand\n  - [x] parent\n    - [x] child\n");
    assert_eq!(code, Some(0));
    // Garbled twice: both layers go in one run.
    use roadmap::lint::mojibake::CodePage;
    let plan = std::fs::read_to_string(crate::support::repo().join("plans/go-backend.md")).unwrap();
    let twice = CodePage::Windows1252.garble(&CodePage::MacRoman.garble(&plan));
    let (after, code) = fixed(&twice, None);
    assert_eq!(after, plan);
    assert_eq!(code, Some(0));
}

#[test]
fn many_parents_lint_and_fix_in_linear_time() {
    // 20,000 done parents with an open subtask each, and 20,000 open parents with
    // a done one: each message and fix found without a scan of the rest.
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!(
            "- [x] done parent {i}\n  - [ ] open kid\n- [ ] open parent {i}\n  - [x] done kid\n"
        ));
    }
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", &text);
    let started = std::time::Instant::now();
    let out = sandbox.run(&["lint", "--fix"]);
    assert_eq!(out.status.code(), Some(1));
    // Seconds on any machine when linear; the quadratic paths took minutes.
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

#[test]
fn a_plan_fixed_again_under_the_lock_reports_what_that_found() {
    if !crate::support::have("strace") {
        return;
    }
    let before = "# P\n- [ ] parent\n  - [x] child\n";
    // The editor leaves nothing to fix: nothing is written, nothing said fixed.
    let clean = "# P\n- [x] parent\n  - [x] child\n";
    let (out, after) = fix_during("flock:delay_enter=1000000:when=1", before, clean);
    assert_eq!(after, clean);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("fixed"), "{}", stderr(&out));
    // The editor leaves a finding with no fix: it is printed, exit 1.
    let unfixable = "# P\n- [?] question\n- [ ] parent\n  - [x] child\n";
    let (out, after) = fix_during("flock:delay_enter=1000000:when=1", before, unfixable);
    assert_eq!(after, "# P\n- [?] question\n- [x] parent\n  - [x] child\n");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("plans/p.md:2: unknown-box"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_plan_that_cannot_be_read_is_an_error_after_the_others_findings() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/a.md", "- [?] question\n");
    sandbox.write("plans/b.md", b"- [ ] caf\xe9\n");
    let out = sandbox.run(&["lint"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains("plans/a.md:1: unknown-box"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("roadmap: error: plans/b.md"),
        "{}",
        stderr(&out)
    );
    // Before writing, it stops the run: nothing is written.
    sandbox.write("plans/a.md", "- [ ] parent\n  - [x] child\n");
    let before = sandbox.state("plans/a.md");
    let out = sandbox.run(&["lint", "--fix", "--write"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(sandbox.state("plans/a.md"), before);
}
