//! Obsidian Tasks fields, through the binary: every field in its emoji and Dataview
//! forms, with and without U+FE0F, read into JSON and out of the text; checked and
//! undone byte-exact; a task's own 📅 as its due date in every command; `next`
//! passing over tasks that start later or wait for others, and saying why.

use serde_json::Value;

use crate::support::{Sandbox, stderr, stdout};

const VS: &str = "\u{fe0f}";

/// One task per field form: (line, text, JSON key, JSON value).
fn forms() -> Vec<(String, &'static str, &'static str, Value)> {
    let date = |d: &str| Value::String(d.to_string());
    let mut forms = Vec::new();
    for vs in ["", VS] {
        for (emoji, key) in [
            ("📅", "due"),
            ("📆", "due"),
            ("🗓", "due"),
            ("⏳", "scheduled"),
            ("⌛", "scheduled"),
            ("🛫", "start"),
            ("➕", "created"),
        ] {
            forms.push((
                format!("- [ ] {key} {emoji}{vs} 2026-11-20"),
                key,
                key,
                date("2026-11-20"),
            ));
        }
        for (emoji, word) in [
            ("🔺", "highest"),
            ("⏫", "high"),
            ("🔼", "medium"),
            ("🔽", "low"),
            ("⏬", "lowest"),
        ] {
            forms.push((format!("- [ ] p {emoji}{vs}"), "p", "priority", date(word)));
        }
        forms.push((
            format!("- [ ] r 🔁{vs} every week"),
            "r",
            "recurrence",
            date("every week"),
        ));
        forms.push((
            format!("- [ ] i 🆔{vs} a_1"),
            "i",
            "obsidian_id",
            date("a_1"),
        ));
        forms.push((
            format!("- [ ] d ⛔{vs} x1, y-2"),
            "d",
            "depends_on",
            serde_json::json!(["x1", "y-2"]),
        ));
        forms.push((
            format!("- [-] c ❌{vs}\u{a0}2026-11-21"),
            "c",
            "cancelled_on",
            date("2026-11-21"),
        ));
    }
    for (field, key) in [
        ("due", "due"),
        ("scheduled", "scheduled"),
        ("start", "start"),
        ("created", "created"),
        ("cancelled", "cancelled_on"),
    ] {
        // A cancelled date goes with a skipped task.
        let status = if field == "cancelled" { '-' } else { ' ' };
        for (open, close) in [("[", "]"), ("(", ")")] {
            forms.push((
                format!("- [{status}] dv {open}{field}::  2026-11-22 {close}"),
                "dv",
                key,
                date("2026-11-22"),
            ));
        }
    }
    forms.push((
        "- [ ] dv [priority:: high]".into(),
        "dv",
        "priority",
        date("high"),
    ));
    forms.push((
        "- [ ] dv (dependsOn:: a,b)".into(),
        "dv",
        "depends_on",
        serde_json::json!(["a", "b"]),
    ));
    forms.push((
        "- [ ] dv [repeat:: every day]".into(),
        "dv",
        "recurrence",
        date("every day"),
    ));
    forms.push(("- [ ] dv [id:: q]".into(), "dv", "obsidian_id", date("q")));
    forms
}

#[test]
fn every_field_form_is_read_and_left_out_of_the_text() {
    let sandbox = Sandbox::new();
    let forms = forms();
    let lines: Vec<&str> = forms.iter().map(|f| f.0.as_str()).collect();
    sandbox.write("p.md", format!("{}\n", lines.join("\n")));
    let tasks = sandbox.tasks(&["-p", "p.md", "list"]);
    assert_eq!(tasks.len(), forms.len());
    for ((line, text, key, value), task) in forms.iter().zip(&tasks) {
        assert_eq!(task["text"], *text, "{line}: {task}");
        assert_eq!(task[*key], *value, "{line}: {task}");
    }
}

#[test]
fn only_trailing_fields_are_fields_and_a_task_can_be_only_fields() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "p.md",
        "- [ ] a 📅 2026-11-20 then text\n- [ ] 📅 2026-11-20 ⏫\n- [ ] b 🔁 someday\n\
         - [ ] c 📅 2026-11-20 #tag\n- [ ] d\n  📅 2026-11-20\n",
    );
    let tasks = sandbox.tasks(&["-p", "p.md", "list"]);
    assert_eq!(tasks[0]["text"], "a 📅 2026-11-20 then text");
    assert_eq!(tasks[0]["due"], Value::Null);
    assert_eq!(tasks[1]["text"], "");
    assert_eq!(tasks[1]["due"], "2026-11-20");
    assert_eq!(tasks[1]["priority"], "high");
    assert_eq!(
        tasks[2]["text"], "b",
        "a 🔁 that is no rule is still a field"
    );
    assert_eq!(tasks[2]["recurrence"], Value::Null);
    assert_eq!(
        tasks[3]["text"], "c #tag",
        "tags stay, the field before them is read"
    );
    assert_eq!(tasks[3]["due"], "2026-11-20");
    assert_eq!(
        tasks[4]["due"],
        Value::Null,
        "fields are on the task's own line"
    );
}

#[test]
fn every_form_is_checked_and_undone_byte_exact() {
    for (line, ..) in forms() {
        for crlf in [false, true] {
            let sandbox = Sandbox::new();
            let original = if crlf {
                format!("# T\r\n{line}\r\n- [ ] after\r\n")
            } else {
                format!("# T\n{line}\n- [ ] after\n")
            };
            sandbox.write("p.md", &original);
            let skipped = line.starts_with("- [-]");
            let (there, back): (&[&str], &[&str]) = if skipped {
                (&["--undo", "--stamp"], &["--skip"])
            } else {
                (&["--stamp"], &["--undo"])
            };
            let run = |flags: &[&str]| {
                let mut args = vec!["-p", "p.md", "check"];
                args.extend_from_slice(flags);
                args.push("p.md:2");
                let out = sandbox.run(&args);
                assert_eq!(out.status.code(), Some(0), "{line}: {}", stderr(&out));
            };
            run(there);
            let changed = sandbox.read_text("p.md");
            assert_ne!(changed, original, "{line}");
            if !skipped {
                assert!(changed.contains(" ✅ 2026-11-24"), "{line}: {changed}");
            }
            run(back);
            let back_again = sandbox.read_text("p.md");
            if skipped {
                // Leaving skipped took the cancelled date away; skipping again with
                // --skip alone writes only the box.
                let at = ["❌", "[cancelled", "(cancelled"]
                    .iter()
                    .find_map(|m| line.find(m))
                    .unwrap();
                let field = format!(" {}", &line[at..]);
                assert_eq!(back_again, original.replace(&field, ""), "{line}");
            } else {
                assert_eq!(back_again, original, "{line}");
            }
        }
    }
}

#[test]
fn skip_with_stamp_writes_a_cancelled_date_and_leaving_skipped_removes_it() {
    let sandbox = Sandbox::new();
    let original = "- [ ] a 📅 2026-11-30\n- [x] b ✅ 2026-11-20\n";
    sandbox.write("p.md", original);
    let out = sandbox.run(&[
        "-p", "p.md", "check", "--skip", "--stamp", "--all", "a", "b",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        sandbox.read_text("p.md"),
        "- [-] a 📅 2026-11-30 ❌ 2026-11-24\n- [-] b ❌ 2026-11-24\n"
    );
    assert!(
        stdout(&out).contains("cancelled date added"),
        "{}",
        stdout(&out)
    );
    let tasks = sandbox.tasks(&["-p", "p.md", "list"]);
    assert_eq!(tasks[0]["cancelled_on"], "2026-11-24");
    sandbox.run(&["-p", "p.md", "check", "--undo", "a"]);
    assert_eq!(
        sandbox.read_text("p.md"),
        "- [ ] a 📅 2026-11-30\n- [-] b ❌ 2026-11-24\n"
    );
    // Without --stamp, a skip writes nothing but the box, whatever the config says.
    sandbox.write("roadmap.toml", "stamp = true\nplans = [\"p.md\"]\n");
    sandbox.run(&["check", "--skip", "a"]);
    assert!(
        sandbox
            .read_text("p.md")
            .starts_with("- [-] a 📅 2026-11-30\n")
    );
}

#[test]
fn a_task_s_own_due_date_overrides_the_schedule_everywhere() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "roadmap.toml",
        "plans = [\"p.md\"]\n[schedule]\nstart = 2026-11-02\n",
    );
    // Week 4 ends on 2026-11-29; the first task's own date is before today.
    sandbox.write(
        "p.md",
        "# P\n## Неделя 4\n- [ ] early 📅 2026-11-10\n- [ ] on time\n",
    );
    let tasks = sandbox.tasks(&["list"]);
    assert_eq!(tasks[0]["due"], "2026-11-10");
    assert_eq!(tasks[1]["due"], "2026-11-29");
    let next = stdout(&sandbox.run(&["next"]));
    assert!(next.contains("overdue since 2026-11-10"), "{next}");
    let report = sandbox.run(&["report", "--format", "json"]);
    let report: Value = serde_json::from_slice(&report.stdout).unwrap();
    let text = report.to_string();
    assert!(text.contains("\"expected_done\":1"), "{text}");
    let milestone = stdout(&sandbox.run(&["milestone"]));
    assert!(milestone.contains("behind"), "{milestone}");
}

#[test]
fn a_plan_without_a_start_is_placed_by_its_own_dates() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "p.md",
        "# P\n- [x] a ➕ 2026-11-01 📅 2026-11-05 ✅ 2026-11-04\n- [ ] b 📅 2026-11-20\n- [ ] c\n",
    );
    let tasks = sandbox.tasks(&["-p", "p.md", "list"]);
    let dues: Vec<&Value> = tasks.iter().map(|t| &t["due"]).collect();
    assert_eq!(
        dues,
        [
            &Value::from("2026-11-05"),
            &Value::from("2026-11-20"),
            &Value::Null
        ]
    );
    let report = stdout(&sandbox.run(&["-p", "p.md", "report"]));
    assert!(report.contains("behind"), "b was due on the 20th: {report}");
}

fn waiting_plan(sandbox: &Sandbox) {
    sandbox.write(
        "p.md",
        "# P\n- [ ] later 🛫 2026-12-01\n- [ ] second ⛔ f1\n- [ ] first 🔽 🆔 f1\n\
         - [ ] urgent ⏫\n",
    );
}

#[test]
fn next_passes_over_what_cannot_start_and_explains_why() {
    let sandbox = Sandbox::new();
    waiting_plan(&sandbox);
    let plain = stdout(&sandbox.run(&["-p", "p.md", "next"]));
    assert!(plain.contains("[ ] first"), "{plain}");
    assert!(
        !plain.contains("passed over"),
        "only with --explain: {plain}"
    );
    let explained = stdout(&sandbox.run(&["-p", "p.md", "next", "--explain"]));
    assert!(
        explained.contains("later: starts 2026-12-01"),
        "{explained}"
    );
    assert!(explained.contains("second: waits for f1"), "{explained}");
    let tasks = sandbox.tasks(&["-p", "p.md", "next", "--explain"]);
    let passed = tasks[0]["passed_over"].as_array().unwrap();
    let reasons: Vec<&str> = passed
        .iter()
        .map(|p| p["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["starts 2026-12-01", "waits for f1"]);
    assert!(passed[0]["id"].as_str().unwrap().starts_with("p#"));
    // On the start day the task is open again.
    let on_the_day = sandbox
        .roadmap()
        .env("ROADMAP_TODAY", "2026-12-01")
        .args(["-p", "p.md", "next"])
        .output()
        .unwrap();
    assert!(
        stdout(&on_the_day).contains("[ ] later"),
        "{}",
        stdout(&on_the_day)
    );
    // Priority reorders only when asked.
    let tasks = sandbox.tasks(&["-p", "p.md", "next", "-n", "9", "--by", "priority"]);
    let texts: Vec<&str> = tasks.iter().map(|t| t["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["urgent", "first"]);
}

#[test]
fn ticking_a_waiting_task_warns_and_proceeds() {
    let sandbox = Sandbox::new();
    waiting_plan(&sandbox);
    let out = sandbox.run(&["-p", "p.md", "check", "second"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("waits for f1, still open"),
        "{}",
        stderr(&out)
    );
    assert!(sandbox.read_text("p.md").contains("- [x] second ⛔ f1"));
    // Once the prerequisite is done, no warning.
    sandbox.run(&["-p", "p.md", "check", "first"]);
    let out = sandbox.run(&["-p", "p.md", "check", "--undo", "second"]);
    let out2 = sandbox.run(&["-p", "p.md", "check", "second"]);
    assert!(
        stderr(&out).is_empty() && stderr(&out2).is_empty(),
        "{}",
        stderr(&out2)
    );
}

#[test]
fn a_roadmap_id_names_a_prerequisite_in_another_plan() {
    let sandbox = Sandbox::new();
    sandbox.write("a.md", "- [ ] base\n");
    let id = sandbox.tasks(&["-p", "a.md", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    sandbox.write("b.md", format!("- [ ] top ⛔ {id}\n- [ ] other\n"));
    let tasks = sandbox.tasks(&["-p", "a.md", "-p", "b.md", "next", "--explain"]);
    let texts: Vec<&str> = tasks.iter().map(|t| t["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["base", "other"]);
    assert_eq!(
        tasks[1]["passed_over"][0]["reason"],
        format!("waits for {id}")
    );
}

#[test]
fn the_plugin_s_own_examples_read_as_its_docs_say() {
    // The plugin's documentation page on recurring tasks shows its task lines in
    // code blocks; taken out of them, they are a plan.
    let page = std::fs::read_to_string(
        crate::support::data().join("corpus/obsidian-tasks__Recurring-Tasks.md"),
    )
    .unwrap();
    let lines: Vec<&str> = page.lines().filter(|l| l.starts_with("- [")).collect();
    assert!(lines.len() >= 10, "{lines:?}");
    let sandbox = Sandbox::new();
    sandbox.write("r.md", format!("{}\n", lines.join("\n")));
    let tasks = sandbox.tasks(&["-p", "r.md", "list"]);
    assert_eq!(tasks.len(), lines.len());
    let trash: Vec<&Value> = tasks
        .iter()
        .filter(|t| t["text"] == "take out the trash")
        .collect();
    assert_eq!(trash.len(), 5, "{tasks:?}");
    assert!(trash.iter().all(|t| t["recurrence"] == "every Sunday"));
    assert_eq!(trash[2]["done_on"], "2021-04-24");
    assert_eq!(trash[2]["due"], "2021-04-25");
    assert_eq!(trash[3]["created"], "2023-03-10");
    assert!(
        tasks
            .iter()
            .any(|t| t["recurrence"] == "every week when done" && t["scheduled"] == "2022-02-20")
    );
    // No task keeps a field in its text, but where a date is no date (the page's
    // own `📅 2024-02-30` and `📅 Invalid date`): a field that cannot be read is
    // text, so that nothing a learner wrote vanishes from view.
    for t in &tasks {
        let text = t["text"].as_str().unwrap();
        let unreadable = text.contains("2024-02-30") || text.contains("Invalid date");
        assert_eq!(unreadable, text.contains('📅'), "{t}");
    }
}

#[test]
fn when_every_open_task_waits_next_says_so_rather_than_done() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "p.md",
        "- [ ] a ⛔ b1\n- [ ] b 🆔 b1 ⛔ a1 🛫 2026-12-24\n- [x] c 🆔 a1\n",
    );
    sandbox.write("q.md", "- [ ] free\n");
    let out = sandbox.run(&["-p", "p.md", "next"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("nothing to start now: 2 tasks wait"), "{err}");
    assert!(!err.contains("nothing left"), "{err}");
    let explained = sandbox.run(&["-p", "p.md", "next", "--explain"]);
    let err = stderr(&explained);
    assert!(err.contains("a: waits for b1"), "{err}");
    assert!(err.contains("b: starts 2026-12-24"), "{err}");
    let json = sandbox.run(&["-p", "p.md", "next", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    assert_eq!(stdout(&json).trim(), "[]");
    // Beside a plan with something to do, the stuck one says it waits.
    let both = sandbox.run(&["-p", "q.md", "-p", "p.md", "next"]);
    assert_eq!(both.status.code(), Some(0));
    let text = stdout(&both);
    assert!(text.contains("[ ] free"), "{text}");
    assert!(
        text.contains("p.md: nothing to start now (2 tasks wait for a start date or another task)"),
        "{text}"
    );
}

#[test]
fn a_section_is_due_no_earlier_than_its_tasks_own_dates() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "roadmap.toml",
        "plans = [\"p.md\"]\n[schedule]\nstart = 2026-11-02\n",
    );
    // Week 1 ends on 2026-11-08; its second task is due, by its own date, later.
    sandbox.write(
        "p.md",
        "# P\n## Неделя 1\n- [x] a\n- [ ] b 📅 2026-12-01\n## Неделя 2\n- [ ] c\n",
    );
    let report: Value =
        serde_json::from_slice(&sandbox.run(&["report", "--format", "json"]).stdout).unwrap();
    let week = report["plans"][0]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == "Неделя 1")
        .unwrap()
        .clone();
    assert_eq!(week["due"], "2026-12-01", "{week}");
    let milestone = stdout(&sandbox.run(&["milestone"]));
    let line = milestone.lines().find(|l| l.contains("Неделя 1")).unwrap();
    assert!(
        line.contains("due 2026-12-01") && !line.contains("overdue"),
        "{line}"
    );
}
