//! `roadmap week` (issue 11): the week in review in text, Markdown and JSON; and
//! `list` showing a done task's done date rather than its due date.

use serde_json::Value;

use crate::support::{Sandbox, stderr, stdout};

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "[schedule]\nstart = 2026-11-02\n");
    sandbox.write(
        "plans/p.md",
        "# План\n## Неделя 1\n- [x] early ✅ 2026-11-03\n- [x] this week ✅ 2026-11-10\n- [ ] late\n\
         ## Неделя 2\n- [/] doing\n- [ ] soon `<b>*x*</b>`\n## Неделя 4\n- [ ] later\n",
    );
    sandbox
}

#[test]
fn week_in_text_lists_what_was_done_is_doing_comes_and_is_late() {
    let sandbox = sandbox();
    let out = sandbox.run(&["--today", "2026-11-15", "week"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("Week 2026-11-09 — 2026-11-15: 1 done, 1 in progress, 1 due in the next 7 days, 1 overdue\n"),
        "{text}"
    );
    // In progress, not also due: each task is counted once.
    let due = text.split("Due in the next 7 days (1)").nth(1).unwrap();
    let due = due.split("Overdue").next().unwrap();
    assert!(due.contains("soon") && !due.contains("doing"), "{due}");
    for needle in [
        "Done (1)",
        "- [x] this week  p#",
        "✅ 2026-11-10",
        "In progress (1)",
        "Overdue (1)",
        "- [ ] late  p#",
        "overdue since 2026-11-08",
        "Pace",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    assert!(!text.contains("early"), "done before the week: {text}");
    // --since widens the window.
    let text = stdout(&sandbox.run(&["--today", "2026-11-15", "week", "--since", "2026-11-01"]));
    assert!(text.contains("2 done") && text.contains("early"), "{text}");
    let out = sandbox.run(&["--today", "2026-11-15", "week", "--since", "2026-11-16"]);
    crate::support::assert_error(&out, "--since 2026-11-16: after today");
}

#[test]
fn week_json_lists_tasks_in_the_list_shape() {
    let sandbox = sandbox();
    let out = sandbox.run(&["--today", "2026-11-15", "week", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let week: Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = sandbox.tasks(&["--today", "2026-11-15", "list"]);
    for key in ["done", "in_progress", "due", "overdue", "next"] {
        for task in week[key].as_array().unwrap() {
            let same = list.iter().find(|t| t["id"] == task["id"]).unwrap();
            assert_eq!(task, same, "{key}: the task as list prints it");
        }
        assert_eq!(
            week["counts"][key].as_u64().unwrap() as usize,
            week[key].as_array().unwrap().len()
        );
    }
    assert_eq!(week["since"], "2026-11-09");
    assert_eq!(week["done"][0]["text"], "this week");
    assert_eq!(week["overdue"][0]["text"], "late");
    assert_eq!(week["pace"][0]["plan"], "plans/p.md");
}

#[test]
fn week_markdown_is_ready_to_paste() {
    let sandbox = sandbox();
    let text = stdout(&sandbox.run(&["--today", "2026-11-15", "week", "--format", "markdown"]));
    assert!(
        text.starts_with("## Week 2026-11-09 — 2026-11-15\n"),
        "{text}"
    );
    assert!(
        text.contains("### Done\n\n- [x] this week — Неделя 1 ✅ 2026-11-10 `p#"),
        "{text}"
    );
    assert!(
        text.contains("### In progress\n\n- [/] doing — Неделя 2 · due 2026-11-15"),
        "{text}"
    );
    assert!(
        text.contains("soon \\<b\\>\\*x\\*\\</b\\>"),
        "plan text stays text: {text}"
    );
    assert!(text.ends_with("\n\n"), "another output can follow");
}

#[test]
fn week_without_a_schedule_offers_the_next_tasks() {
    let sandbox = sandbox();
    sandbox.write("roadmap.toml", "");
    let text = stdout(&sandbox.run(&["--today", "2026-11-15", "week"]));
    assert!(
        text.starts_with("Week 2026-11-09 — 2026-11-15: 1 done, 1 in progress, 3 next\n"),
        "{text}"
    );
    assert!(text.contains("Next (3)"), "{text}");
    assert!(!text.contains("Overdue") && !text.contains("Due"), "{text}");
}

#[test]
fn week_keeps_next_tasks_of_unscheduled_plans_apart_from_due_ones() {
    let sandbox = sandbox();
    sandbox.write(
        "roadmap.toml",
        "plans = [\"plans/*.md\"]\n[[plan]]\nname = \"p\"\nstart = 2026-11-02\n",
    );
    sandbox.write(
        "plans/free.md",
        "# Free\n- [ ] read a book\n- [/] reading\n",
    );
    let out = sandbox.run(&["--today", "2026-11-15", "week", "--format", "json"]);
    let week: Value = serde_json::from_slice(&out.stdout).unwrap();
    let texts = |key: &str| -> Vec<String> {
        week[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(texts("next"), ["read a book"]);
    assert_eq!(texts("due"), ["soon <b>*x*</b>"]);
    assert_eq!(texts("in_progress"), ["reading", "doing"]);
    assert_eq!(week["counts"]["next"], 1);
    let text = stdout(&sandbox.run(&["--today", "2026-11-15", "week"]));
    assert!(
        text.contains("Next in plans without a schedule (1)"),
        "{text}"
    );
    assert!(
        text.contains(", 1 next in plans without a schedule\n"),
        "{text}"
    );
}

#[test]
fn list_shows_when_a_task_was_done_not_when_it_was_due() {
    let sandbox = sandbox();
    let text = stdout(&sandbox.run(&["--today", "2026-11-15", "list"]));
    let line = text.lines().find(|l| l.contains("this week")).unwrap();
    assert!(line.ends_with("✅ 2026-11-10"), "{line}");
    assert!(!line.contains("due"), "{line}");
}
