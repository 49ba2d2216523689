//! Links between plans (issue 13): the `links` command, and the linked progress
//! `next` and `report` show, on the bundled backend roadmap next to a generated
//! `plans/linux.md`.

use serde_json::Value;

use crate::support::Sandbox;

/// "План Linux": three stages, 3 of 7 tasks done (1/3, 0/2, 2/2).
const LINUX: &str = "# План Linux\n\n## Этап 1: Командная строка\n- [x] Открыть терминал\n\
                     - [ ] Навигация по каталогам\n- [ ] Права доступа\n\n## Этап 2: Процессы\n\
                     - [ ] Сигналы\n- [ ] Планировщик\n\n## Этап 3: Пользователи\n- [x] useradd\n- [x] Группы\n";

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::with_bundled_plans();
    sandbox.write("plans/linux.md", LINUX);
    sandbox
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn json(sandbox: &Sandbox, args: &[&str]) -> Value {
    let output = sandbox.run(args);
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn links_lists_every_link_of_the_roadmap_with_its_state() {
    let sandbox = sandbox();
    let output = sandbox.run(&["links"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains(
        "plans/backend-roadmap.md:29: resolved: 📖 Linux план → Этап 1\n    \
         Недели 3-4: Командная строка → plans/linux.md › Этап 1: Командная строка\n"
    ));
    assert!(
        text.contains("plans/backend-roadmap.md:62: plan missing: 📖 Сети план → Модуль 1-2\n")
    );
    assert!(
        text.ends_with("80 links: 3 resolved, 77 plan missing\n"),
        "{text}"
    );

    let list = json(&sandbox, &["links", "--format", "json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 80);
    let first = &list[0];
    assert_eq!(first["from"]["plan"], "plans/backend-roadmap.md");
    assert_eq!(first["from"]["line"], 20);
    // Written under "#### Источники материала:", which holds no tasks: the stage.
    assert_eq!(
        first["from"]["section"].as_array().unwrap().last().unwrap(),
        "🖥️ ЭТАП 1.1: Компьютерная грамотность и Linux (6-8 недель)"
    );
    assert_eq!(first["to"]["plan"], "plans/linux.md");
    assert_eq!(
        first["to"]["sections"],
        serde_json::json!([
            "Этап 1: Командная строка",
            "Этап 2: Процессы",
            "Этап 3: Пользователи"
        ])
    );
    assert_eq!(first["state"], "resolved");
    let missing = list.iter().filter(|l| l["state"] == "plan missing").count();
    assert_eq!(missing, 77);
    assert!(
        list.iter()
            .all(|l| l["to"]["plan"].is_null() == (l["state"] == "plan missing"))
    );
}

#[test]
fn links_strict_exits_1_only_when_a_link_does_not_resolve() {
    let sandbox = sandbox();
    assert_eq!(sandbox.run(&["links"]).status.code(), Some(0));
    assert_eq!(sandbox.run(&["links", "--strict"]).status.code(), Some(1));
    let only_linux = "# M\n## Этап\n- [ ] t\n\n📖 **План Linux** → **Этап 2**\n";
    sandbox.write("plans/backend-roadmap.md", only_linux);
    assert_eq!(sandbox.run(&["links", "--strict"]).status.code(), Some(0));
    // Errors stay errors: exit 2.
    let output = sandbox.run(&["links", "--format", "yaml"]);
    assert_eq!(output.status.code(), Some(2));
    let output = sandbox.run(&["links", "-p", "nowhere.md"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn next_shows_the_linked_plan_s_next_task_under_the_master_s() {
    let sandbox = sandbox();
    let output = sandbox.run(&["next", "-p", "backend-roadmap", "-p", "linux"]);
    let text = stdout(&output);
    assert!(
        text.contains(
            "  [ ] Понимание файловой системы\n      backend-roadmap#d5a48e  plans/backend-roadmap.md:24\n    \
             📖 План Linux → Этапы 1-3: Основы командной строки, файловая система, пользователи: \
             next there: [ ] Навигация по каталогам  linux#"
        ),
        "{text}"
    );
    // Without the linked plan in view, nothing is joined.
    let alone = stdout(&sandbox.run(&["next", "-p", "backend-roadmap"]));
    assert!(!alone.contains("📖"), "{alone}");
    // JSON: each task carries the links over it, as report's sections do.
    let tasks = sandbox.tasks(&["next", "-p", "backend-roadmap", "-p", "linux"]);
    let master = &tasks[0];
    let links = master["links"].as_array().unwrap();
    assert_eq!(links.len(), 1, "{master}");
    assert_eq!(links[0]["plan"], "plans/linux.md");
    assert_eq!(links[0]["sections"].as_array().unwrap().len(), 3);
    assert_eq!(links[0]["next"]["text"], "Навигация по каталогам");
    assert!(links[0]["done"].is_u64() && links[0]["total"].is_u64());
    assert_eq!(tasks[1]["links"], serde_json::json!([]), "{}", tasks[1]);
    let alone = sandbox.tasks(&["next", "-p", "backend-roadmap"]);
    assert_eq!(alone[0]["links"], serde_json::json!([]));
}

#[test]
fn next_shows_the_nearest_link_and_says_when_nothing_is_left_there() {
    let sandbox = sandbox();
    // The first open task of the roadmap is under "Недели 3-4" (📖 Linux → Этап 1).
    let output = sandbox.run(&[
        "check",
        "--all",
        "-p",
        "backend-roadmap",
        "plans/backend-roadmap.md:24",
    ]);
    assert!(output.status.success(), "{output:?}");
    for line in 25..=27 {
        sandbox.run(&["check", &format!("plans/backend-roadmap.md:{line}")]);
    }
    let text = stdout(&sandbox.run(&["next", "-p", "backend-roadmap", "-p", "linux"]));
    assert!(
        text.contains("    📖 Linux план → Этап 1: next there: [ ] Навигация по каталогам"),
        "{text}"
    );
    assert!(
        !text.contains("Этапы 1-3"),
        "the stage's link is farther: {text}"
    );
    let linux_done = LINUX.replace("- [ ]", "- [x]");
    sandbox.write("plans/linux.md", linux_done);
    let text = stdout(&sandbox.run(&["next", "-p", "backend-roadmap", "-p", "linux"]));
    assert!(
        text.contains("    📖 Linux план → Этап 1: nothing left there (3/3)"),
        "{text}"
    );
}

#[test]
fn report_shows_linked_progress_beside_the_rows_own_counts() {
    let sandbox = sandbox();
    let args = [
        "report",
        "-p",
        "backend-roadmap",
        "-p",
        "linux",
        "--depth",
        "4",
    ];
    let text = stdout(&sandbox.run(&args));
    let row = |title: &str| {
        text.lines()
            .find(|l| l.contains(title))
            .unwrap_or_else(|| panic!("no row {title}: {text}"))
            .to_string()
    };
    let stage = row("ЭТАП 1.1");
    assert!(stage.contains("0/16"), "{stage}");
    assert!(stage.ends_with("📖 linux 3/7 42%"), "{stage}");
    assert!(row("Недели 3-4").ends_with("📖 linux 1/3 33%"));
    assert!(row("Недели 5-6").ends_with("📖 linux 2/4 50%"));
    // The master's own counts are its own boxes.
    assert!(text.contains("progress  0/345 done"), "{text}");
    // Markdown: a column of its own, the same figures.
    let mut markdown_args = args.to_vec();
    markdown_args.extend(["--format", "markdown"]);
    let markdown = stdout(&sandbox.run(&markdown_args));
    assert!(
        markdown.contains("| Section | Done | % | Progress | Due | Linked |"),
        "{markdown}"
    );
    let md_row = markdown.lines().find(|l| l.contains("ЭТАП 1.1")).unwrap();
    assert!(md_row.ends_with("| 📖 linux 3/7 42% |"), "{md_row}");
    assert!(
        markdown.contains("| Section | Done | % | Progress | Due |\n"),
        "the linked plan's own table has no such column: {markdown}"
    );
    // At depth 1 the stage rows are not shown: neither are their links.
    let shallow = stdout(&sandbox.run(&["report", "-p", "backend-roadmap", "-p", "linux"]));
    assert!(!shallow.contains("📖"), "{shallow}");

    let report = json(
        &sandbox,
        &[
            "report",
            "-p",
            "backend-roadmap",
            "-p",
            "linux",
            "--format",
            "json",
        ],
    );
    let master = &report["plans"][0];
    assert_eq!(master["counts"]["total"], 345);
    assert_eq!(master["counts"]["done"], 0);
    assert!(
        master["sections"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["links"] == serde_json::json!([]))
    );
    let deep = json(
        &sandbox,
        &[
            "report",
            "-p",
            "backend-roadmap",
            "-p",
            "linux",
            "--format",
            "json",
            "--depth",
            "4",
        ],
    );
    let sections = deep["plans"][0]["sections"].as_array().unwrap();
    let stage = sections
        .iter()
        .find(|s| s["title"].as_str().unwrap().contains("ЭТАП 1.1"))
        .unwrap();
    assert_eq!(stage["counts"]["total"], 16);
    let link = &stage["links"][0];
    assert_eq!(link["plan"], "plans/linux.md");
    assert_eq!(
        (link["done"].as_u64(), link["total"].as_u64()),
        (Some(3), Some(7))
    );
    assert_eq!(link["next"]["text"], "Навигация по каталогам");
    assert_eq!(link["next"]["plan"], "plans/linux.md");
    assert_eq!(link["next"]["status"], "todo");
    let html = stdout(&sandbox.run(&[
        "report",
        "-p",
        "backend-roadmap",
        "-p",
        "linux",
        "--format",
        "html",
        "--depth",
        "2",
    ]));
    assert!(
        html.contains("<a class=\"link\" href=\"#plan-1-section-1\""),
        "{html}"
    );
    assert!(html.contains("id=\"plan-1-section-1\""));
}

#[test]
fn two_plans_with_the_name_make_a_link_ambiguous() {
    let sandbox = sandbox();
    sandbox.write(
        "plans/linux-admin.md",
        "# Linux: администрирование\n## Этап 1\n- [ ] a\n",
    );
    sandbox.write(
        "plans/linux-kernel.md",
        "# Ядро Linux\n## Этап 1\n- [ ] a\n",
    );
    sandbox.write(
        "plans/backend-roadmap.md",
        "# M\n## S\n- [ ] t\n\n📖 **План Linux** → **Этап 1**\n\n📖 **Linux Ядро**\n",
    );
    std::fs::remove_file(sandbox.path().join("plans/linux.md")).unwrap();
    let list = json(&sandbox, &["links", "--format", "json"]);
    assert_eq!(list[0]["state"], "ambiguous");
    assert_eq!(
        list[0]["to"]["candidates"],
        serde_json::json!(["plans/linux-admin.md", "plans/linux-kernel.md"])
    );
    assert_eq!(list[1]["state"], "resolved");
    assert_eq!(list[1]["to"]["plan"], "plans/linux-kernel.md");
    let text = stdout(&sandbox.run(&["links"]));
    assert!(text.contains("ambiguous: 📖 План Linux → Этап 1\n    S → one of plans/linux-admin.md, plans/linux-kernel.md"), "{text}");
}

#[test]
fn a_section_the_linked_plan_lacks_is_section_missing() {
    let sandbox = sandbox();
    sandbox.write(
        "plans/backend-roadmap.md",
        "# M\n**Недели 1-2: x** (📖 **Linux план → Этап 9**)\n- [ ] t\n",
    );
    let list = json(&sandbox, &["links", "--format", "json"]);
    assert_eq!(list[0]["state"], "section missing");
    assert_eq!(list[0]["to"]["plan"], "plans/linux.md");
    assert_eq!(
        list[0]["from"]["section"],
        serde_json::json!(["M", "Недели 1-2: x"])
    );
    let text = stdout(&sandbox.run(&["links"]));
    assert!(
        text.contains("plans/linux.md, which has no section `Этап 9`"),
        "{text}"
    );
}

#[test]
fn aliases_from_front_matter_name_a_plan() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/os.md", "---\naliases:\n  - Линукс\n  - \"GNU/Linux\"\n---\n# Операционные системы\n## Модуль 2\n- [ ] a\n");
    sandbox.write(
        "plans/m.md",
        "# M\n## S\n- [ ] t\n\n📖 **План Линукс** → Модуль 2\n\n📖 GNU/Linux\n\n📖 os\n",
    );
    let list = json(&sandbox, &["links", "--format", "json"]);
    let states: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["resolved", "resolved", "resolved"]);
    assert_eq!(list[0]["to"]["sections"], serde_json::json!(["Модуль 2"]));
}

#[test]
fn odd_links_behave_without_panics() {
    let sandbox = Sandbox::new();
    let odd = "# План Self\r\n## Этап 1\r\n- [ ] task 📖 Self → Этап 1\r\n\r\n📖\r\n\r\n📖 → Этап 2\r\n\r\n\
               ```\r\n📖 Self\r\n```\r\n\r\n📖 **Self** → Этапы 1-99999999999\r\n\r\n`📖 Self`\r\n";
    sandbox.write("plans/self.md", odd);
    let list = json(&sandbox, &["links", "--format", "json"]);
    let got: Vec<(u64, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["from"]["line"].as_u64().unwrap(),
                l["state"].as_str().unwrap(),
            )
        })
        .collect();
    // The task's own link, the nameless one, the huge range; not the lone 📖 nor code.
    assert_eq!(
        got,
        [(3, "resolved"), (7, "plan missing"), (13, "resolved")]
    );
    assert_eq!(
        list[0]["from"]["section"],
        serde_json::json!(["План Self", "Этап 1"])
    );
    for args in [
        &["next"][..],
        &["report", "--depth", "3"],
        &["report", "--format", "json"],
    ] {
        let output = sandbox.run(args);
        assert!(output.status.success(), "{args:?}: {output:?}");
    }
    let text = stdout(&sandbox.run(&["next"]));
    assert!(
        text.contains("📖 Self → Этап 1: next there: [ ] task"),
        "{text}"
    );
}

#[test]
fn plans_without_links_list_none() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/a.md", "# A\n- [ ] x\n");
    let output = sandbox.run(&["links"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "no links in 1 plan\n");
    assert_eq!(
        json(&sandbox, &["links", "--format", "json"]),
        serde_json::json!([])
    );
    assert_eq!(sandbox.run(&["links", "--strict"]).status.code(), Some(0));
}

#[test]
fn a_linked_plan_s_next_task_is_the_one_next_would_pick_there() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/linux.md",
        "# План Linux\n## Этап 1\n- [ ] later 🛫 2026-12-31\n- [ ] blocked ⛔ k1\n\
         - [ ] key 🆔 k1\n",
    );
    sandbox.write("plans/m.md", "# M\n## S\n📖 Linux → Этап 1\n- [ ] t\n");
    let text = stdout(&sandbox.run(&["next", "-p", "m", "-p", "linux"]));
    assert!(text.contains("next there: [ ] key"), "{text}");
    let alone = stdout(&sandbox.run(&["next", "-p", "linux"]));
    assert!(alone.contains("[ ] key"), "{alone}");
    let report = json(&sandbox, &["report", "--format", "json", "--depth", "2"]);
    let row = &report["plans"][1]["sections"][0];
    assert_eq!(row["links"][0]["next"]["text"], "key", "{row}");
}
