//! `roadmap next`: tasks in progress first, then the first open task in document
//! order, one per plan; `-n N`, `--section`, the three formats, and exit 1 when
//! nothing is left.

use serde_json::Value;

use crate::support::{Sandbox, repo, roadmap, stderr, stdout};

fn plain(sandbox: &Sandbox, args: &[&str]) -> String {
    let out = sandbox
        .roadmap()
        .arg("next")
        .args(args)
        .args(["--format", "plain"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    assert!(out.stderr.is_empty(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

fn id_of(sandbox: &Sandbox, text: &str) -> String {
    sandbox
        .tasks(&["list"])
        .into_iter()
        .find(|t| t["text"] == text)
        .unwrap_or_else(|| panic!("no task `{text}`"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn next_is_the_first_open_task_in_document_order() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "# P\n- [x] done\n- [-] skipped\n- [ ] first open\n- [ ] second open\n",
    );
    assert_eq!(plain(&sandbox, &[]), "first open\n");
    // A nested open task under a done one comes in document order too.
    sandbox.write(
        "plans/p.md",
        "# P\n- [x] parent\n  - [ ] child\n- [ ] sibling\n",
    );
    assert_eq!(plain(&sandbox, &[]), "child\n");
}

#[test]
fn next_puts_tasks_in_progress_first() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "# P\n- [x] done\n- [ ] first open\n- [ ] second open\n- [/] started late\n- [/] started later\n",
    );
    assert_eq!(plain(&sandbox, &[]), "started late\n");
    assert_eq!(
        plain(&sandbox, &["-n", "2"]),
        "started late\nstarted later\n"
    );
    assert_eq!(
        plain(&sandbox, &["-n", "3"]),
        "started late\nstarted later\nfirst open\n"
    );
    assert_eq!(
        plain(&sandbox, &["--count", "4"]),
        "started late\nstarted later\nfirst open\nsecond open\n"
    );
    // More than there is: every open task, and no done or skipped one.
    assert_eq!(
        plain(&sandbox, &["-n", "100"]),
        "started late\nstarted later\nfirst open\nsecond open\n"
    );
}

#[test]
fn next_gives_one_task_per_plan_with_several_plans() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/a.md",
        "# A\n- [x] a done\n- [ ] a one\n- [ ] a two\n",
    );
    sandbox.write("plans/b.md", "# B\n- [ ] b one\n- [/] b doing\n");
    sandbox.write("plans/c.md", "# C\n- [ ] c one\n");
    assert_eq!(plain(&sandbox, &[]), "a one\nb doing\nc one\n");
    assert_eq!(
        plain(&sandbox, &["-n", "2"]),
        "a one\na two\nb doing\nb one\nc one\n"
    );
    assert_eq!(plain(&sandbox, &["-p", "b"]), "b doing\n");
    assert_eq!(plain(&sandbox, &["-p", "c", "-p", "a"]), "c one\na one\n");
    let tasks = sandbox.tasks(&["next"]);
    let plans: Vec<&str> = tasks.iter().map(|t| t["plan"].as_str().unwrap()).collect();
    assert_eq!(plans, ["plans/a.md", "plans/b.md", "plans/c.md"]);
}

#[test]
fn next_on_the_bundled_plans_gives_the_first_task_of_each() {
    let out = roadmap()
        .arg("-C")
        .arg(repo())
        .args(["next", "--format", "plain"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Понимание файловой системы\nУстановка Go (последняя стабильная версия)\n"
    );
}

#[test]
fn next_text_shows_plan_title_section_path_box_id_and_location() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "# Plan\n## Stage\n### Week 1\n- [x] done\n- [ ] open one\n- [ ] open two\n",
    );
    sandbox.write("plans/q.md", "- [/] untitled\n");
    let p = id_of(&sandbox, "open one");
    let p2 = id_of(&sandbox, "open two");
    let q = id_of(&sandbox, "untitled");
    let out = sandbox.run(&["next"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "plans/p.md — Plan\n  Stage › Week 1\n  [ ] open one\n      {p}  plans/p.md:5\n\nplans/q.md\n  [/] untitled\n      {q}  plans/q.md:1\n"
        )
    );
    // Tasks of one section share its line.
    let out = sandbox.run(&["next", "-n", "2", "-p", "p"]);
    assert_eq!(
        stdout(&out),
        format!(
            "plans/p.md — Plan\n  Stage › Week 1\n  [ ] open one\n      {p}  plans/p.md:5\n  [ ] open two\n      {p2}  plans/p.md:6\n"
        )
    );
}

#[test]
fn next_text_on_the_go_plan() {
    let sandbox = Sandbox::with_bundled_plans();
    let out = sandbox.run(&["-p", "go-backend", "next"]);
    let text = stdout(&out);
    let id = id_of(&sandbox, "Установка Go (последняя стабильная версия)");
    assert_eq!(
        text,
        format!(
            "plans/go-backend.md — Go для Backend разработчика: Пошаговый план изучения\n  🎯 ЭТАП 1: Основы языка Go (Недели 1-3) › Неделя 1: Синтаксис и базовые конструкции › День 1-2: Настройка окружения\n  [ ] Установка Go (последняя стабильная версия)\n      {id}  plans/go-backend.md:25\n"
        )
    );
}

#[test]
fn next_text_names_a_finished_plan_beside_the_others() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/a.md", "# A\n- [x] a1\n- [-] a2\n");
    sandbox.write("plans/b.md", "- [ ] b1\n");
    let out = sandbox.run(&["next"]);
    assert_eq!(out.status.code(), Some(0), "one plan still has work");
    let text = stdout(&out);
    assert!(text.contains("  [ ] b1\n"), "{text}");
    assert!(text.contains("plans/a.md: nothing left to study"), "{text}");
    // JSON and plain give only the tasks.
    assert_eq!(plain(&sandbox, &[]), "b1\n");
    assert_eq!(sandbox.tasks(&["next"]).len(), 1);
}

#[test]
fn next_json_gives_the_list_fields() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "# Plan\n## Stage\n- [x] done ✅ 2026-11-01\n- [ ] *open* `one`\n  - [/] nested\n",
    );
    let mut tasks = sandbox.tasks(&["next", "-n", "5"]);
    let listed = sandbox.tasks(&["list"]);
    assert_eq!(tasks.len(), 2);
    // next adds the links over each task (none here), and nothing else.
    for task in &mut tasks {
        let links = task.as_object_mut().unwrap().remove("links");
        assert_eq!(links, Some(serde_json::json!([])));
    }
    // In progress first, and each entry equals the same task in `list`.
    assert_eq!(tasks[0], listed[2]);
    assert_eq!(tasks[1], listed[1]);
    assert_eq!(tasks[0]["status"], "doing");
    assert_eq!(tasks[0]["depth"], 1);
    assert_eq!(tasks[0]["line"], 5);
    assert_eq!(tasks[1]["text"], "open one");
    assert_eq!(tasks[1]["section"], serde_json::json!(["Plan", "Stage"]));
    assert_eq!(tasks[1]["done_on"], Value::Null);
    assert_eq!(tasks[1]["due"], Value::Null);
}

#[test]
fn next_section_looks_only_under_matching_headings() {
    let sandbox = Sandbox::with_bundled_plans();
    assert_eq!(
        plain(&sandbox, &["-p", "go-backend", "--section", "неделя 2"]),
        "Объявление и инициализация массивов\n"
    );
    assert_eq!(
        plain(
            &sandbox,
            &["-p", "go-backend", "--section", "НЕДЕЛЯ 2", "-n", "2"]
        ),
        "Объявление и инициализация массивов\nСлайсы: создание, append, copy\n"
    );
    // A bold label of the roadmap.
    assert_eq!(
        plain(&sandbox, &["--section", "недели 3-4: командная строка"]),
        "Навигация по файловой системе (ls, cd, pwd)\n"
    );
    // Across both plans, only plans with a match answer.
    assert_eq!(
        plain(&sandbox, &["--section", "этап 1"]),
        "Понимание файловой системы\nУстановка Go (последняя стабильная версия)\n"
    );
}

#[test]
fn next_section_skips_done_tasks_of_that_section() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "# P\n## Week 1\n- [ ] w1\n## Week 2\n- [x] w2 done\n- [ ] w2 open\n",
    );
    assert_eq!(plain(&sandbox, &["--section", "week 2"]), "w2 open\n");
}

#[test]
fn next_section_with_nothing_open_there_exits_1() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "# P\n## Week 1\n- [x] w1\n## Week 2\n- [ ] w2\n",
    );
    let section = "week 1";
    let out = sandbox.run(&["next", "--section", section, "--format", "plain"]);
    assert_eq!(out.status.code(), Some(1), "{section}");
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(err.contains("nothing left to study"), "{err}");
    assert!(err.contains(section), "names the section: {err}");
    // A section no plan has is a mistake (issue 11), not a finished plan.
    let out = sandbox.run(&["next", "--section", "no such section"]);
    crate::support::assert_error(&out, "no section matches `no such section`");
}

#[test]
fn next_exits_1_with_a_short_message_when_everything_is_done_or_skipped() {
    let sandbox = Sandbox::new();
    let plan = "# P\n- [x] a\n- [X] b\n- [-] c\n";
    sandbox.write("plans/p.md", plan);
    for format in ["text", "plain", "json"] {
        let out = sandbox.run(&["next", "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        let err = stderr(&out);
        assert!(
            err.starts_with("roadmap: nothing left to study"),
            "{format}: {err}"
        );
        assert!(
            !err.contains("error"),
            "a negative answer, not an error: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{format}: {err}");
        match format {
            "json" => assert_eq!(
                serde_json::from_slice::<Value>(&out.stdout).unwrap(),
                serde_json::json!([])
            ),
            _ => assert_eq!(stdout(&out), "", "{format}"),
        }
    }
    assert_eq!(sandbox.read_text("plans/p.md"), plan);
}

#[test]
fn next_exits_1_for_a_plan_without_tasks() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "# Just prose\n");
    let out = sandbox.run(&["next"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nothing left to study"));
}

#[test]
fn next_exits_1_only_when_every_plan_is_finished() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/a.md", "- [x] a\n");
    sandbox.write("plans/b.md", "- [-] b\n");
    let out = sandbox.run(&["next"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    sandbox.write("plans/b.md", "- [ ] b\n");
    assert_eq!(sandbox.run(&["next"]).status.code(), Some(0));
}

#[test]
fn next_count_must_be_a_positive_number() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n");
    for bad in [["-n", "0"], ["-n", "-1"], ["-n", "two"], ["--count", "0"]] {
        let out = sandbox.run(&["next", bad[0], bad[1]]);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(out.stdout.is_empty(), "{bad:?}");
        let err = stderr(&out);
        assert!(err.contains("error"), "{bad:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn next_never_writes_the_plan() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [/] a\n- [ ] b\n");
    let before = sandbox.state("plans/p.md");
    for format in ["text", "plain", "json"] {
        assert!(sandbox.run(&["next", "--format", format]).status.success());
    }
    assert_eq!(sandbox.state("plans/p.md"), before);
}

#[test]
fn next_with_dash_c() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] from elsewhere\n");
    let out = roadmap()
        .current_dir(repo())
        .arg("-C")
        .arg(sandbox.path())
        .args(["next", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let tasks: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["plan"], "plans/p.md");
    assert_eq!(tasks[0]["text"], "from elsewhere");
}

#[test]
fn next_section_says_which_plans_have_no_such_section_and_a_typo_is_an_error() {
    // Issue 11: backend-roadmap has no "неделя 2"; it is not "nothing left".
    let sandbox = Sandbox::with_bundled_plans();
    let out = sandbox.run(&["next", "--section", "неделя 2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("plans/backend-roadmap.md: no section matches `неделя 2`"),
        "{text}"
    );
    assert!(!text.contains("nothing left"), "{text}");
    assert!(text.contains("Неделя 2"), "{text}");
    // Matching no plan at all is a mistake, not a finished plan.
    let out = sandbox.run(&["next", "--section", "недля 2"]);
    let err = crate::support::assert_error(
        &out,
        "no section matches `недля 2` in plans/backend-roadmap.md, plans/go-backend.md",
    );
    assert!(err.contains("help: "), "{err}");
    // One task left is "1 task".
    sandbox.write("plans/one.md", "- [x] a\n");
    let out = sandbox.run(&["-p", "one", "next"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("(1 task in 1 plan)"),
        "{}",
        stderr(&out)
    );
}
