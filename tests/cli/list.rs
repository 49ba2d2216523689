//! `roadmap list`: the text tree, the `--status` and `--section` filters, the JSON
//! and plain formats, and which plans it reads (`-C`, `--plan`, several plans).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{Sandbox, assert_error, repo, roadmap, stderr, stdout};

/// A plan with every status, nesting, emphasis, a link, a code span, a done date,
/// a bold label, an ordered item and a quoted item.
const PLAN: &str = "# Plan

Intro paragraph.

## Stage A

- [ ] first task
- [x] second *done* task ✅ 2026-11-20
  - [/] nested [link](http://example.com) `code`
- [X] upper

## Stage B
**Неделя 1: Основы** (📖 книга)
- [-] skipped one
- [ ] после метки

1. [ ] ordered

> - [ ] quoted
";

/// One task as JSON should give it: line, status, text, section, depth, done_on.
type Row<'a> = (u64, &'a str, &'a str, &'a [&'a str], u64, Option<&'a str>);

fn plan_sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", PLAN);
    sandbox
}

/// `text → id` from `list --format json`.
fn id_of(tasks: &[Value], text: &str) -> String {
    tasks
        .iter()
        .find(|t| t["text"] == text)
        .unwrap_or_else(|| panic!("no task `{text}`"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn plain(sandbox: &Sandbox, args: &[&str]) -> String {
    let out = sandbox
        .roadmap()
        .arg("list")
        .args(args)
        .args(["--format", "plain"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    assert!(out.stderr.is_empty(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

// ---- the text tree ----

#[test]
fn list_text_is_the_whole_tree_with_header_boxes_and_ids() {
    let sandbox = plan_sandbox();
    let tasks = sandbox.tasks(&["list"]);
    let id = |text: &str| id_of(&tasks, text);
    let out = sandbox.run(&["list"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    let expected = format!(
        "plans/p.md (2/7 done, 1 skipped)
# Plan
## Stage A
- [ ] first task  {}
- [x] second done task  {}  ✅ 2026-11-20
  - [/] nested link code  {}
- [x] upper  {}
## Stage B
**Неделя 1: Основы**
- [-] skipped one  {}
- [ ] после метки  {}
",
        id("first task"),
        id("second done task"),
        id("nested link code"),
        id("upper"),
        id("skipped one"),
        id("после метки"),
    );
    let text = stdout(&out);
    assert!(
        text.starts_with(&expected),
        "got:\n{text}\nexpected to start with:\n{expected}"
    );
    assert!(
        text.contains(&format!("- [ ] ordered  {}\n", id("ordered"))),
        "{text}"
    );
    assert!(
        text.ends_with(&format!("- [ ] quoted  {}\n", id("quoted"))),
        "{text}"
    );
}

/// Reads the text tree back: for each task line, the headings above it that are
/// still open (a `#` heading closes deeper ones; a `**label**` sits below all).
fn tree_sections(text: &str) -> Vec<(String, Vec<String>)> {
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        let level_title = if let Some(rest) = line.strip_prefix("**") {
            Some((7, rest.trim_end_matches("**").to_string()))
        } else if line.starts_with('#') {
            let level = line.chars().take_while(|&c| c == '#').count();
            Some((level, line[level..].trim().to_string()))
        } else {
            None
        };
        if let Some((level, title)) = level_title {
            stack.retain(|(l, _)| *l < level);
            stack.push((level, title));
            continue;
        }
        let task = line.trim_start();
        if let Some(rest) = task.strip_prefix("- [") {
            // Task text is folded: its first double space is where the ID starts.
            let text = rest[3..].split("  ").next().unwrap().to_string();
            out.push((text, stack.iter().map(|(_, t)| t.clone()).collect()));
        }
    }
    out
}

#[test]
fn list_text_puts_each_task_under_its_own_headings() {
    // A bold label labels only the list right after it: the ordered and quoted
    // items after that list belong to `Stage B`, and the tree must not show them
    // under the label.
    let sandbox = plan_sandbox();
    let tasks = sandbox.tasks(&["list"]);
    let text = stdout(&sandbox.run(&["list"]));
    let from_tree = tree_sections(&text);
    let from_json: Vec<(String, Vec<String>)> = tasks
        .iter()
        .map(|t| {
            (
                t["text"].as_str().unwrap().to_string(),
                t["section"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        from_tree, from_json,
        "the tree shows tasks under other headings than JSON's `section`:\n{text}"
    );
}

#[test]
fn list_text_of_several_plans_gives_each_its_header_and_a_blank_line_between() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/a.md", "# A\n- [x] a1\n- [ ] a2\n");
    sandbox.write("plans/b.md", "- [ ] b1\n");
    let tasks = sandbox.tasks(&["list"]);
    let text = stdout(&sandbox.run(&["list"]));
    assert_eq!(
        text,
        format!(
            "plans/a.md (1/2 done)\n# A\n- [x] a1  {}\n- [ ] a2  {}\n\nplans/b.md (0/1 done)\n- [ ] b1  {}\n",
            id_of(&tasks, "a1"),
            id_of(&tasks, "a2"),
            id_of(&tasks, "b1")
        )
    );
}

#[test]
fn list_header_counts_the_whole_plan_whatever_the_filter() {
    let sandbox = plan_sandbox();
    let text = stdout(&sandbox.run(&["list", "--status", "todo"]));
    // Done over planned, as report counts: the skipped task is left out, and said.
    assert!(
        text.starts_with("plans/p.md (2/7 done, 1 skipped)\n"),
        "{text}"
    );
    assert!(!text.contains("- [x]"), "{text}");
    assert_eq!(text.matches("- [ ] ").count(), 4, "{text}");
    // Only headings that hold a shown task are printed.
    let tasks = sandbox.tasks(&["list"]);
    let text = stdout(&sandbox.run(&["list", "--status", "skipped"]));
    assert_eq!(
        text,
        format!(
            "plans/p.md (2/7 done, 1 skipped)\n# Plan\n## Stage B\n**Неделя 1: Основы**\n- [-] skipped one  {}\n",
            id_of(&tasks, "skipped one")
        )
    );
}

#[test]
fn list_ids_have_the_plan_stem_and_six_hex_digits_and_are_unique() {
    let sandbox = Sandbox::with_bundled_plans();
    let tasks = sandbox.tasks(&["list"]);
    let mut seen = BTreeSet::new();
    for t in &tasks {
        let id = t["id"].as_str().unwrap();
        let plan = t["plan"].as_str().unwrap();
        let stem = plan.trim_start_matches("plans/").trim_end_matches(".md");
        let (head, hash) = id.split_once('#').unwrap();
        assert_eq!(head, stem, "{id}");
        let hex = hash.split('-').next().unwrap();
        assert_eq!(hex.len(), 6, "{id}");
        assert!(hex.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
        assert!(seen.insert(id.to_string()), "duplicate ID {id}");
    }
    // The text tree prints the same IDs.
    let text = stdout(&sandbox.run(&["list"]));
    for t in &tasks {
        assert!(
            text.contains(&format!("  {}\n", t["id"].as_str().unwrap())),
            "{}",
            t["id"]
        );
    }
}

#[test]
fn list_duplicate_texts_under_one_heading_get_distinct_ids() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "# P\n- [ ] same\n- [ ] same\n- [ ] same\n");
    let tasks = sandbox.tasks(&["list"]);
    let ids: BTreeSet<&str> = tasks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
}

#[test]
fn list_strips_control_characters_from_task_text() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] evil \u{1b}[31mred\u{7} end\n");
    for format in ["text", "plain"] {
        let out = sandbox.run(&["list", "--format", format]);
        assert!(out.status.success());
        let text = stdout(&out);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{format}: {text:?}"
        );
        assert!(text.contains("red"), "{format}: {text:?}");
    }
    // JSON keeps the text; serde escapes it.
    let tasks = sandbox.tasks(&["list"]);
    assert_eq!(tasks[0]["text"], "evil \u{1b}[31mred\u{7} end");
}

// ---- --status ----

#[test]
fn list_status_filters_each_status() {
    let sandbox = plan_sandbox();
    let cases = [
        ("todo", "first task\nпосле метки\nordered\nquoted\n"),
        ("done", "second done task\nupper\n"),
        ("doing", "nested link code\n"),
        ("skipped", "skipped one\n"),
        (
            "open",
            "first task\nnested link code\nпосле метки\nordered\nquoted\n",
        ),
        (
            "all",
            "first task\nsecond done task\nnested link code\nupper\nskipped one\nпосле метки\nordered\nquoted\n",
        ),
    ];
    for (status, expected) in cases {
        assert_eq!(
            plain(&sandbox, &["--status", status]),
            expected,
            "--status {status}"
        );
        let tasks = sandbox.tasks(&["list", "--status", status]);
        let wanted: &[&str] = match status {
            "open" => &["todo", "doing"],
            "all" => &["todo", "done", "doing", "skipped"],
            one => &[one][..],
        };
        assert!(
            tasks
                .iter()
                .all(|t| wanted.contains(&t["status"].as_str().unwrap())),
            "--status {status}"
        );
    }
    // The default is every task.
    assert_eq!(plain(&sandbox, &[]), cases[5].1);
}

#[test]
fn list_status_with_no_match_prints_nothing_and_succeeds() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n");
    assert_eq!(plain(&sandbox, &["--status", "done"]), "");
    let out = sandbox.run(&["list", "--status", "done"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
    let out = sandbox.run(&["list", "--status", "done", "--format", "json"]);
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        serde_json::json!([])
    );
}

#[test]
fn list_rejects_an_unknown_status_with_the_possible_values() {
    let sandbox = plan_sandbox();
    let out = sandbox.run(&["list", "--status", "finished"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("'finished'"), "{err}");
    for value in ["todo", "done", "doing", "skipped", "open", "all"] {
        assert!(err.contains(value), "{value} missing from:\n{err}");
    }
    assert!(out.stdout.is_empty());
}

// ---- --section ----

#[test]
fn list_section_is_case_insensitive_in_latin_and_cyrillic() {
    let sandbox = plan_sandbox();
    assert_eq!(
        plain(&sandbox, &["--section", "stage a"]),
        plain(&sandbox, &["--section", "STAGE A"])
    );
    assert_eq!(
        plain(&sandbox, &["--section", "sTaGe A"]),
        "first task\nsecond done task\nnested link code\nupper\n"
    );
    assert_eq!(
        plain(&sandbox, &["--section", "НЕДЕЛЯ 1: ОСНОВЫ"]),
        "skipped one\nпосле метки\n"
    );
    assert_eq!(
        plain(&sandbox, &["--section", "неделя 1"]),
        "skipped one\nпосле метки\n"
    );
}

#[test]
fn list_section_matches_any_heading_of_the_path() {
    let sandbox = plan_sandbox();
    // The plan's title holds every task.
    assert_eq!(plain(&sandbox, &["--section", "plan"]).lines().count(), 8);
    // A heading holds the tasks under its labels.
    assert_eq!(
        plain(&sandbox, &["--section", "stage b"]),
        "skipped one\nпосле метки\nordered\nquoted\n"
    );
    // A substring of a heading.
    assert_eq!(plain(&sandbox, &["--section", "ge B"]).lines().count(), 4);
    assert_eq!(plain(&sandbox, &["--section", "no such heading"]), "");
}

#[test]
fn list_section_on_the_bundled_plans() {
    let sandbox = Sandbox::with_bundled_plans();
    // Headings of the Go plan, in other cases.
    assert_eq!(
        plain(&sandbox, &["--section", "НЕДЕЛЯ 1: синтаксис"])
            .lines()
            .count(),
        15
    );
    assert_eq!(
        plain(&sandbox, &["--section", "день 1-2: НАСТРОЙКА"]),
        "Установка Go (последняя стабильная версия)\nНастройка GOPATH и GOROOT\nУстановка VS Code с Go extension\nСоздание первого проекта с go mod init\nИзучение команд go run, go build, go test\n"
    );
    // A stage holds all its weeks; the title holds the whole plan.
    assert_eq!(
        plain(&sandbox, &["--section", "этап 1: основы"])
            .lines()
            .count(),
        38
    );
    assert_eq!(
        plain(&sandbox, &["--section", "go для backend разработчика"])
            .lines()
            .count(),
        183
    );
    // Bold labels of the roadmap (`**Недели 1-2: ...** (📖 ...)`).
    assert_eq!(
        plain(&sandbox, &["--section", "недели 1-2: базовая компьютерная"]),
        "Понимание файловой системы\nУстановка ПО и работа с архивами\nБраузеры и поиск информации\nУстановка Linux (Ubuntu/Debian)\n"
    );
    let label = plain(&sandbox, &["--section", "НЕДЕЛИ 3-4: КОМАНДНАЯ СТРОКА"]);
    assert_eq!(
        label,
        "Навигация по файловой системе (ls, cd, pwd)\nРабота с файлами (cp, mv, rm, mkdir)\nПросмотр файлов (cat, less, head, tail)\nПоиск (find, grep, locate)\n"
    );
    // In the text tree the label is shown as it is written.
    let text = stdout(&sandbox.run(&["list", "--section", "недели 3-4: командная"]));
    assert!(
        text.contains("\n**Недели 3-4: Командная строка**\n- [ ] Навигация по файловой системе (ls, cd, pwd)  backend-roadmap#"),
        "{text}"
    );
    assert!(
        text.starts_with("plans/backend-roadmap.md (0/345 done)\n"),
        "{text}"
    );
    assert!(!text.contains("go-backend"), "{text}");
}

#[test]
fn list_section_and_status_combine() {
    let sandbox = plan_sandbox();
    assert_eq!(
        plain(&sandbox, &["--section", "stage a", "--status", "open"]),
        "first task\nnested link code\n"
    );
    assert_eq!(
        plain(&sandbox, &["--section", "stage b", "--status", "done"]),
        ""
    );
}

// ---- --format json ----

#[test]
fn list_json_counts_the_bundled_plans() {
    let out = roadmap()
        .arg("-C")
        .arg(repo())
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let tasks: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let count = |plan: &str| tasks.iter().filter(|t| t["plan"] == plan).count();
    assert_eq!(count("plans/go-backend.md"), 183);
    assert_eq!(count("plans/backend-roadmap.md"), 345);
    assert_eq!(tasks.len(), 528);
    // One plan at a time gives the same counts.
    let sandbox = Sandbox::with_bundled_plans();
    assert_eq!(sandbox.tasks(&["-p", "go-backend", "list"]).len(), 183);
    assert_eq!(sandbox.tasks(&["-p", "backend-roadmap", "list"]).len(), 345);
}

#[test]
fn list_json_gives_every_field_of_every_task() {
    let sandbox = plan_sandbox();
    let tasks = sandbox.tasks(&["list"]);
    let keys: BTreeSet<&str> = [
        "plan",
        "line",
        "id",
        "status",
        "text",
        "section",
        "depth",
        "done_on",
        "done_on_source",
        "due",
        "scheduled",
        "start",
        "created",
        "cancelled_on",
        "priority",
        "obsidian_id",
        "depends_on",
        "recurrence",
    ]
    .into_iter()
    .collect();
    for t in &tasks {
        let object = t.as_object().unwrap();
        let have: BTreeSet<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(have, keys, "{t}");
        assert_eq!(t["plan"], "plans/p.md");
        assert!(t["id"].as_str().unwrap().starts_with("p#"), "{t}");
        assert_eq!(t["due"], Value::Null, "no schedule, no due date: {t}");
    }
    let stage_a = ["Plan", "Stage A"];
    let stage_b = ["Plan", "Stage B"];
    let label = ["Plan", "Stage B", "Неделя 1: Основы"];
    let expected: [Row; 8] = [
        (7, "todo", "first task", &stage_a, 0, None),
        (
            8,
            "done",
            "second done task",
            &stage_a,
            0,
            Some("2026-11-20"),
        ),
        (9, "doing", "nested link code", &stage_a, 1, None),
        (10, "done", "upper", &stage_a, 0, None),
        (14, "skipped", "skipped one", &label, 0, None),
        (15, "todo", "после метки", &label, 0, None),
        (17, "todo", "ordered", &stage_b, 0, None),
        (19, "todo", "quoted", &stage_b, 0, None),
    ];
    assert_eq!(tasks.len(), expected.len());
    for (t, (line, status, text, section, depth, done_on)) in tasks.iter().zip(expected) {
        assert_eq!(t["line"], line, "{t}");
        assert_eq!(t["status"], status, "{t}");
        assert_eq!(t["text"], text, "{t}");
        assert_eq!(t["section"], serde_json::json!(section), "{t}");
        assert_eq!(t["depth"], depth, "{t}");
        match done_on {
            Some(day) => {
                assert_eq!(t["done_on"], day, "{t}");
                assert_eq!(t["done_on_source"], "stamp", "{t}");
            }
            None => {
                assert_eq!(t["done_on"], Value::Null, "{t}");
                assert_eq!(t["done_on_source"], Value::Null, "{t}");
            }
        }
    }
}

#[test]
fn list_json_of_the_go_plan_first_task() {
    let sandbox = Sandbox::with_bundled_plans();
    let tasks = sandbox.tasks(&["-p", "go-backend", "list"]);
    let first = &tasks[0];
    assert_eq!(first["plan"], "plans/go-backend.md");
    assert_eq!(first["line"], 25);
    assert!(first["id"].as_str().unwrap().starts_with("go-backend#"));
    assert_eq!(first["status"], "todo");
    assert_eq!(first["text"], "Установка Go (последняя стабильная версия)");
    assert_eq!(
        first["section"],
        serde_json::json!([
            "Go для Backend разработчика: Пошаговый план изучения",
            "🎯 ЭТАП 1: Основы языка Go (Недели 1-3)",
            "Неделя 1: Синтаксис и базовые конструкции",
            "День 1-2: Настройка окружения"
        ])
    );
    assert_eq!(first["depth"], 0);
    assert_eq!(first["done_on"], Value::Null);
    assert_eq!(first["due"], Value::Null);
    // Code spans keep their text.
    let line_28 = tasks.iter().find(|t| t["line"] == 28).unwrap();
    assert_eq!(line_28["text"], "Создание первого проекта с go mod init");
    // Lines are 1-based and increase through the file.
    let lines: Vec<u64> = tasks.iter().map(|t| t["line"].as_u64().unwrap()).collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn list_json_due_comes_from_the_schedule() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "# Plan\n## Неделя 1\n- [ ] a\n## Неделя 2\n- [ ] b\n",
    );
    sandbox.write("roadmap.toml", "[schedule]\nstart = 2026-11-02\n");
    let tasks = sandbox.tasks(&["list"]);
    assert_eq!(tasks[0]["due"], "2026-11-08");
    assert_eq!(tasks[1]["due"], "2026-11-15");
}

#[test]
fn list_json_is_one_array_and_never_coloured() {
    let sandbox = plan_sandbox();
    let out = sandbox.run(&["--color", "always", "list", "--format", "json"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "{text}");
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 8);
}

// ---- --format plain ----

#[test]
fn list_plain_is_the_text_only_one_per_line() {
    let sandbox = plan_sandbox();
    let out = sandbox.run(&["--color", "always", "list", "--format", "plain"]);
    assert_eq!(
        stdout(&out),
        "first task\nsecond done task\nnested link code\nupper\nskipped one\nпосле метки\nordered\nquoted\n"
    );
}

#[test]
fn list_rejects_an_unknown_format() {
    let sandbox = plan_sandbox();
    let out = sandbox.run(&["list", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("'yaml'"), "{}", stderr(&out));
}

// ---- which plans ----

#[test]
fn list_with_dash_c_runs_as_if_started_there() {
    let sandbox = plan_sandbox();
    let elsewhere = Sandbox::new();
    let out = elsewhere
        .roadmap()
        .arg("-C")
        .arg(sandbox.path())
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let tasks: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(tasks.len(), 8);
    assert_eq!(tasks[0]["plan"], "plans/p.md");
    // A relative -C.
    let parent = sandbox.path().parent().unwrap();
    let name = sandbox.path().file_name().unwrap();
    let out = roadmap()
        .current_dir(parent)
        .arg("-C")
        .arg(name)
        .args(["list", "--format", "plain"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out).lines().count(), 8);
    // -C before and after the subcommand.
    let out = elsewhere
        .roadmap()
        .args(["list", "--format", "plain", "-C"])
        .arg(sandbox.path())
        .output()
        .unwrap();
    assert_eq!(stdout(&out).lines().count(), 8, "{}", stderr(&out));
}

#[test]
fn list_plan_by_path_file_name_and_stem() {
    let sandbox = Sandbox::with_bundled_plans();
    for plan in [
        "plans/go-backend.md",
        "./plans/go-backend.md",
        "go-backend.md",
        "go-backend",
    ] {
        for flag in ["-p", "--plan"] {
            let out = sandbox.run(&[flag, plan, "list", "--format", "json"]);
            assert_eq!(out.status.code(), Some(0), "{plan}: {}", stderr(&out));
            let tasks: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(tasks.len(), 183, "{plan}");
            let shown = tasks[0]["plan"].as_str().unwrap();
            assert!(shown.ends_with("plans/go-backend.md"), "{plan}: {shown}");
        }
    }
    // The path as given is the path shown.
    let tasks = sandbox.tasks(&["-p", "./plans/go-backend.md", "list"]);
    assert_eq!(tasks[0]["plan"], "./plans/go-backend.md");
    // An absolute path, and a file outside plans/.
    sandbox.write("notes/extra.md", "- [ ] extra\n");
    let absolute = sandbox.path().join("notes/extra.md");
    let out = sandbox
        .roadmap()
        .arg("-p")
        .arg(&absolute)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let tasks: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["plan"], absolute.to_str().unwrap());
    assert_eq!(
        sandbox.tasks(&["-p", "notes/extra.md", "list"])[0]["plan"],
        "notes/extra.md"
    );
}

#[test]
fn list_several_plans() {
    let sandbox = Sandbox::with_bundled_plans();
    let both = sandbox.tasks(&["-p", "go-backend", "-p", "backend-roadmap", "list"]);
    assert_eq!(both.len(), 528);
    let plans: Vec<&str> = both.iter().map(|t| t["plan"].as_str().unwrap()).collect();
    // Plans come in the order they were asked for, each whole.
    assert!(plans[..183].iter().all(|p| *p == "plans/go-backend.md"));
    assert!(
        plans[183..]
            .iter()
            .all(|p| *p == "plans/backend-roadmap.md")
    );
    // Naming one plan twice lists it once.
    let twice = sandbox.tasks(&["-p", "go-backend", "-p", "go-backend.md", "list"]);
    assert_eq!(twice.len(), 183);
    // With no --plan, every plan in plans/, sorted by path.
    let all = sandbox.tasks(&["list"]);
    assert_eq!(all.len(), 528);
    assert_eq!(all[0]["plan"], "plans/backend-roadmap.md");
    assert_eq!(all[527]["plan"], "plans/go-backend.md");
    // Text: one header per plan.
    let text = stdout(&sandbox.run(&["-p", "go-backend", "-p", "backend-roadmap", "list"]));
    assert!(text.starts_with("plans/go-backend.md (0/183 done)\n"));
    assert!(text.contains("\n\nplans/backend-roadmap.md (0/345 done)\n"));
}

#[test]
fn list_ignores_files_that_are_not_markdown_plans() {
    let sandbox = plan_sandbox();
    sandbox.write("plans/notes.txt", "- [ ] not a plan\n");
    sandbox.write("plans/.hidden.md", "- [ ] hidden\n");
    sandbox.write("plans/sub/deeper.md", "- [ ] deeper\n");
    let tasks = sandbox.tasks(&["list"]);
    assert!(tasks.iter().all(|t| t["plan"] == "plans/p.md"), "{tasks:?}");
}

#[test]
fn list_of_a_plan_with_no_tasks_prints_nothing() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/empty.md", "# Nothing to do\n\nJust prose.\n");
    let out = sandbox.run(&["list"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(sandbox.tasks(&["list"]).len(), 0);
}

#[test]
fn list_never_writes_the_plan() {
    let sandbox = plan_sandbox();
    let before = sandbox.state("plans/p.md");
    for format in ["text", "json", "plain"] {
        sandbox.run(&["list", "--format", format]);
    }
    assert_eq!(sandbox.state("plans/p.md"), before);
}

#[test]
fn list_a_missing_plan_is_an_error() {
    let sandbox = plan_sandbox();
    assert_error(
        &sandbox.run(&["-p", "plans/nope.md", "list"]),
        "plans/nope.md: no such file",
    );
}
