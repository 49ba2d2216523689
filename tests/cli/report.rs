//! Schedules, `report` and `milestone`, through the binary.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{Sandbox, data, json, roadmap, stderr, stdout};

/// The bundled plans with a schedule starting 2026-11-02.
fn scheduled(pace: &str, extra: &str) -> Sandbox {
    let sandbox = Sandbox::with_bundled_plans();
    sandbox.write(
        "roadmap.toml",
        format!("[schedule]\nstart = 2026-11-02\npace = \"{pace}\"\n{extra}"),
    );
    sandbox
}

fn go_milestones() -> &'static str {
    "\n[[milestone]]\nname = \"Базовые Go навыки\"\nplan = \"go-backend\"\nthrough = \"Неделя 3\"\n\
     \n[[milestone]]\nname = \"Первый backend API\"\nplan = \"go-backend\"\nthrough = \"Неделя 7\"\n\
     \n[[milestone]]\nname = \"Production-ready навыки\"\nplan = \"go-backend\"\nthrough = \"Неделя 12\"\n\
     \n[[milestone]]\nname = \"Полноценный backend разработчик\"\nplan = \"go-backend\"\nthrough = \"Неделя 16\"\n"
}

/// `text → due` from `list --format json`.
fn dues(sandbox: &Sandbox, plan: &str) -> BTreeMap<String, Value> {
    let out = sandbox
        .roadmap()
        .args([
            "--today",
            "2026-11-22",
            "-p",
            plan,
            "list",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    json(&out)
        .into_iter()
        .map(|t| (t["text"].as_str().unwrap().to_string(), t["due"].clone()))
        .collect()
}

#[test]
fn go_backend_due_dates_by_week_and_day_at_every_pace() {
    for pace in ["min", "mid", "max"] {
        let d = dues(&scheduled(pace, ""), "go-backend");
        // Absolute weeks do not depend on the pace.
        assert_eq!(
            d["Установка Go (последняя стабильная версия)"], "2026-11-03",
            "{pace}"
        );
        assert_eq!(d["Условные операторы (if/else, switch)"], "2026-11-08");
        assert_eq!(d["Создание и запуск горутин"], "2026-11-22");
        // Неделя 4, День 1-2: 2026-11-23 and 24.
        assert_eq!(d["net/http пакет"], "2026-11-24");
        // Sections with no schedule words have no due date.
        assert!(d.values().any(Value::is_null));
    }
}

#[test]
fn backend_roadmap_due_dates_follow_the_pace() {
    // ЭТАП 1.1 (6-8 недель) holds weeks 1-8; at pace min they are squeezed into 6
    // weeks: "Недели 1-2" end at 14 × 42/56 = 10.5 → day 10, due 2026-11-11.
    let min = dues(&scheduled("min", ""), "backend-roadmap");
    assert_eq!(min["Понимание файловой системы"], "2026-11-11");
    // At pace max (8 weeks) the weeks are as written: due 2026-11-15.
    let max = dues(&scheduled("max", ""), "backend-roadmap");
    assert_eq!(max["Понимание файловой системы"], "2026-11-15");
    // ЭТАП 1.2 starts after ЭТАП 1.1: 42 days at min, 49 at mid, 56 at max; its
    // "Недели 1-2" (of 4-6 недель, labels up to week 6) end at 14 × 28/42 = 9.3.
    assert_eq!(min["Модель OSI и TCP/IP стек"], "2026-12-22");
    let mid = dues(&scheduled("mid", ""), "backend-roadmap");
    assert_eq!(mid["Модель OSI и TCP/IP стек"], "2026-12-31");
    assert_eq!(max["Модель OSI и TCP/IP стек"], "2027-01-10");
}

#[test]
fn plans_without_schedule_words_get_no_due_dates_and_no_errors() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/list.md",
        "# Checklist\n\n- [ ] one\n- [x] two ✅ 2026-11-20\n",
    );
    sandbox.write("roadmap.toml", "[schedule]\nstart = 2026-11-02\n");
    let out = sandbox
        .roadmap()
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(json(&out).iter().all(|t| t["due"].is_null()));
    let out = sandbox
        .roadmap()
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["plans"][0]["schedule"]["scheduled"], 0);
    let out = sandbox.roadmap().arg("milestone").output().unwrap();
    assert!(out.status.success());
}

#[test]
fn a_learner_three_weeks_in_sees_the_week_the_gap_and_four_milestones() {
    let sandbox = scheduled("min", go_milestones());
    let out = sandbox
        .roadmap()
        .args(["--today", "2026-11-22", "report", "-p", "go-backend"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("week 3 (from 2026-11-02, pace min"), "{text}");
    // 32 tasks of weeks 1-3 due before today (those due today are not late yet),
    // none done: behind by the 19 days since the first of them was due (11-03).
    assert!(
        text.contains("schedule  19 days behind — week 3 (from 2026-11-02, pace min, ends 2027-02-21); 32 of 163 scheduled tasks due before today (19%)"),
        "{text}"
    );

    let out = sandbox
        .roadmap()
        .args(["--today", "2026-11-22", "milestone"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for (name, due) in [
        ("Базовые Go навыки", "2026-11-22"),
        ("Первый backend API", "2026-12-20"),
        ("Production-ready навыки", "2027-01-24"),
        ("Полноценный backend разработчик", "2027-02-21"),
    ] {
        let line = text
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(line.contains(&format!("due {due}")), "{line}");
    }
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("behind (32 expected by today)")
    );
}

#[test]
fn milestone_fail_on_exits_1_for_ci() {
    let sandbox = scheduled("min", go_milestones());
    let on_time = sandbox
        .roadmap()
        .args(["--today", "2026-11-22", "milestone", "--fail-on", "overdue"])
        .output()
        .unwrap();
    assert_eq!(
        on_time.status.code(),
        Some(0),
        "due today is not overdue yet"
    );
    let behind = sandbox
        .roadmap()
        .args(["--today", "2026-11-22", "milestone", "--fail-on", "behind"])
        .output()
        .unwrap();
    assert_eq!(behind.status.code(), Some(1));
    let late = sandbox
        .roadmap()
        .args([
            "--today",
            "2026-11-23",
            "milestone",
            "--fail-on",
            "overdue",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(late.status.code(), Some(1));
    let list: Vec<Value> = serde_json::from_slice(&late.stdout).unwrap();
    assert_eq!(list[0]["status"], "overdue");
    assert_eq!(list[1]["status"], "behind");
}

#[test]
fn milestone_name_lists_the_tasks_left() {
    let sandbox = scheduled("min", go_milestones());
    sandbox
        .roadmap()
        .args(["check", "Установка Go"])
        .assert()
        .success();
    let out = sandbox
        .roadmap()
        .args([
            "--today",
            "2026-11-10",
            "milestone",
            "базовые",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let detail: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(detail["name"], "Базовые Go навыки");
    assert_eq!(detail["counts"]["done"], 1);
    assert_eq!(detail["left"].as_array().unwrap().len(), 37);
    assert_eq!(detail["left"][0]["text"], "Настройка GOPATH и GOROOT");
    assert_eq!(detail["left"][0]["due"], "2026-11-03");

    let text = sandbox
        .roadmap()
        .args(["--today", "2026-11-10", "milestone", "Базовые"])
        .output()
        .unwrap();
    let text = stdout(&text);
    assert!(
        text.contains("- [ ] Настройка GOPATH и GOROOT  go-backend#"),
        "{text}"
    );
    assert!(text.contains("overdue since 2026-11-03"), "{text}");

    let ambiguous = sandbox
        .roadmap()
        .args(["milestone", "backend"])
        .output()
        .unwrap();
    assert_eq!(ambiguous.status.code(), Some(2));
    // The go-backend milestones and a stage of backend-roadmap, which has none of
    // its own; said in milestones' words, not tasks'.
    let err = stderr(&ambiguous);
    assert!(
        err.contains(
            "`backend` matches 3 milestones:\n  Первый backend API (plans/go-backend.md, behind)"
        ),
        "{err}"
    );
    assert!(err.contains("help: give more of the name"), "{err}");
    assert!(
        !err.contains("--all") && !err.contains("FILE:LINE") && !err.contains("task"),
        "{err}"
    );
    let none = sandbox
        .roadmap()
        .args(["milestone", "rust"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(2));
    let err = stderr(&none);
    assert!(err.contains("no milestone matches `rust`"), "{err}");
    assert!(
        err.contains("the milestones: Базовые Go навыки, Первый backend API"),
        "{err}"
    );
    assert!(
        !err.contains("--all") && !err.contains("FILE:LINE") && !err.contains("task"),
        "{err}"
    );
}

#[test]
fn default_milestones_are_the_stages() {
    let sandbox = scheduled("min", "");
    let out = sandbox
        .roadmap()
        .args(["--today", "2026-11-22", "milestone", "--format", "json"])
        .output()
        .unwrap();
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = list.iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert!(
        names.iter().filter(|n| n.contains("УРОВЕНЬ")).count() == 5,
        "{names:?}"
    );
    assert!(
        names.iter().filter(|n| n.contains("ЭТАП")).count() == 4,
        "{names:?}"
    );
    // JSON shape, field by field.
    let m = &list[0];
    for key in [
        "name",
        "plan",
        "counts",
        "percent",
        "due",
        "expected_done",
        "status",
    ] {
        assert!(m.get(key).is_some(), "milestone lacks {key}");
    }
    for key in ["done", "todo", "doing", "skipped", "total"] {
        assert!(m["counts"][key].is_u64(), "counts lacks {key}");
    }
}

#[test]
fn report_json_shape_field_by_field() {
    let sandbox = scheduled("mid", "");
    let out = sandbox
        .roadmap()
        .args([
            "--today",
            "2026-11-22",
            "report",
            "--format",
            "json",
            "--depth",
            "2",
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["today"], "2026-11-22");
    let plan = &report["plans"][1];
    assert_eq!(plan["plan"], "plans/go-backend.md");
    assert_eq!(
        plan["title"],
        "Go для Backend разработчика: Пошаговый план изучения"
    );
    assert_eq!(plan["counts"]["total"], 183);
    assert_eq!(plan["percent"], 0);
    for key in [
        "last_7_days",
        "last_28_days",
        "window_days",
        "done_in_window",
        "per_week",
        "finish",
        "state",
    ] {
        assert!(plan["pace"].get(key).is_some(), "pace lacks {key}");
    }
    let s = &plan["schedule"];
    assert_eq!(s["start"], "2026-11-02");
    assert_eq!(s["pace"], "mid");
    assert_eq!(s["week"], 3);
    assert_eq!(s["end"], "2027-02-21");
    assert_eq!(s["starts_in_days"], Value::Null);
    assert_eq!(s["expected_done"], 32);
    assert_eq!(s["days_ahead"], -19);
    assert_eq!(s["status"], "behind");
    let sections = plan["sections"].as_array().unwrap();
    assert_eq!(sections[0]["depth"], 1);
    assert_eq!(sections[1]["depth"], 2);
    assert_eq!(
        sections[1]["title"],
        "Неделя 1: Синтаксис и базовые конструкции"
    );
    assert_eq!(sections[1]["path"].as_array().unwrap().len(), 3);
    assert_eq!(sections[1]["due"], "2026-11-08");
    assert!(plan["done_by_day"].as_array().unwrap().is_empty());
}

#[test]
fn pace_and_projection_from_done_dates_match_a_hand_calculation() {
    let sandbox = Sandbox::new();
    // Today 2026-11-22. Done: 11-22, 11-21, 11-16 (last 7 days: 3), 11-05 (17 days
    // ago) and 10-01 (too old for 28 days). Last 28 days: 4 → 1.0 a week.
    // Open: 6 todo → 6 weeks → 42 days → 2027-01-03.
    let mut text = String::from("# Plan\n");
    for d in [
        "2026-11-22",
        "2026-11-21",
        "2026-11-16",
        "2026-11-05",
        "2026-10-01",
    ] {
        text.push_str(&format!("- [x] done on {d} ✅ {d}\n"));
    }
    for i in 0..6 {
        text.push_str(&format!("- [ ] open {i}\n"));
    }
    text.push_str("- [-] dropped\n");
    sandbox.write("plans/p.md", &text);
    let out = sandbox
        .roadmap()
        .args(["--today", "2026-11-22", "report", "--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let plan = &report["plans"][0];
    assert_eq!(plan["pace"]["last_7_days"], 3);
    assert_eq!(plan["pace"]["last_28_days"], 4);
    assert_eq!(plan["pace"]["per_week"], 1.0);
    assert_eq!(plan["pace"]["finish"], "2027-01-03");
    // 5 done of 11 planned (the skipped one left out): 45%.
    assert_eq!(plan["percent"], 45);
    assert_eq!(plan["done_by_day"].as_array().unwrap().len(), 5);
    let text = stdout(
        &sandbox
            .roadmap()
            .args(["--today", "2026-11-22", "report"])
            .output()
            .unwrap(),
    );
    assert!(
        text.contains(
            "pace      at this pace done by 2027-01-03 — 3 done in the last 7 days, 4 in 28; 1.0 a week over 28 days"
        ),
        "{text}"
    );
}

/// `(done, total)` per file from `list --format json`.
fn list_counts(path: &std::path::Path) -> (u64, u64, u64) {
    let out = roadmap()
        .arg("-p")
        .arg(path)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let tasks = json(&out);
    let done = tasks.iter().filter(|t| t["status"] == "done").count() as u64;
    let skipped = tasks.iter().filter(|t| t["status"] == "skipped").count() as u64;
    (done, skipped, tasks.len() as u64)
}

#[test]
fn report_and_milestone_agree_with_list_on_every_corpus_file() {
    let corpus = data().join("corpus");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| {
            !["README.md", "SOURCES.md", "NAIVE-DIFFS.md"]
                .contains(&p.file_name().unwrap().to_str().unwrap())
        })
        .collect();
    files.extend(
        ["plans/go-backend.md", "plans/backend-roadmap.md"].map(|p| crate::support::repo().join(p)),
    );
    for path in files {
        let (done, skipped, total) = list_counts(&path);
        let out = roadmap()
            .arg("-p")
            .arg(&path)
            .args(["report", "--format", "json", "--depth", "3"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}: {}", path.display(), stderr(&out));
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let counts = &report["plans"][0]["counts"];
        assert_eq!(
            (
                counts["done"].as_u64().unwrap(),
                counts["skipped"].as_u64().unwrap(),
                counts["total"].as_u64().unwrap()
            ),
            (done, skipped, total),
            "{}",
            path.display()
        );
        // Stages partition the tasks under them: their totals never exceed the plan's.
        let stage_total: u64 = report["plans"][0]["sections"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["depth"] == 1)
            .map(|s| s["counts"]["total"].as_u64().unwrap())
            .sum();
        assert!(stage_total <= total, "{}", path.display());
        let out = roadmap()
            .arg("-p")
            .arg(&path)
            .args(["milestone", "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", path.display());
        let milestones: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        let m_total: u64 = milestones
            .iter()
            .map(|m| m["counts"]["total"].as_u64().unwrap())
            .sum();
        assert_eq!(
            m_total,
            stage_total,
            "{}: default milestones are the stages",
            path.display()
        );
    }
}

#[test]
fn markdown_output_is_a_gfm_table() {
    let sandbox = scheduled("min", go_milestones());
    for args in [
        vec!["report", "--format", "markdown"],
        vec!["milestone", "--format", "markdown"],
    ] {
        let out = sandbox
            .roadmap()
            .arg("--today")
            .arg("2026-11-22")
            .args(&args)
            .output()
            .unwrap();
        assert!(out.status.success());
        let markdown = stdout(&out);
        let mut options = comrak::Options::default();
        options.extension.table = true;
        let html = comrak::markdown_to_html(&markdown, &options);
        assert!(
            html.contains("<table>"),
            "{args:?}: no table in\n{markdown}"
        );
        let rows = html.matches("<tr>").count();
        assert!(rows >= 5, "{args:?}: {rows} rows");
        assert!(
            html.contains("Базовые Go навыки") || html.contains("ЭТАП 1"),
            "{html}"
        );
    }
}

#[test]
fn config_errors_name_their_line() {
    let cases = [
        ("[schedule]\nstart = 2026-13-01\n", "roadmap.toml:2:"),
        (
            "[schedule]\nstart = 2026-11-02\npace = \"fast\"\n",
            "roadmap.toml:3: pace: `fast` is not one of min, mid, max",
        ),
        (
            "[schedule]\nstrat = 2026-11-02\n",
            "roadmap.toml:2: unknown field `strat`",
        ),
        (
            "[[milestone]]\nname = \"A\"\nthrough = \"Неделя 99\"\n",
            "roadmap.toml:3: milestone `A`: no section `Неделя 99` in the plan",
        ),
        (
            "[[milestone]]\nname = \"A\"\nplan = \"nope\"\nsection = \"ЭТАП 1\"\n",
            "milestone `A`: plan `nope` is not among the plans",
        ),
        (
            "[[milestone]]\nname = \"A\"\n",
            "roadmap.toml:2: milestone `A`: needs `through",
        ),
        (
            "[[milestone]]\nname = \"A\"\nthrough = \"x\"\ndue = \"soon\"\n",
            "roadmap.toml:4:",
        ),
    ];
    for (config, message) in cases {
        let sandbox = Sandbox::with_bundled_plans();
        sandbox.write("roadmap.toml", config);
        let out = sandbox.roadmap().arg("milestone").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{config}");
        let err = stderr(&out);
        assert!(
            err.contains(message),
            "{config}\nexpected `{message}` in:\n{err}"
        );
    }
}

#[test]
fn milestones_of_plans_left_out_by_plan_are_skipped() {
    let sandbox = scheduled("min", go_milestones());
    let out = sandbox
        .roadmap()
        .args([
            "--today",
            "2026-11-22",
            "-p",
            "backend-roadmap",
            "milestone",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(list.iter().all(|m| m["plan"] == "plans/backend-roadmap.md"));
    assert!(
        list[0]["name"].as_str().unwrap().contains("УРОВЕНЬ 1"),
        "its stages stand in"
    );
}

// ---- dates out of the calendar's range (issue 10, item 7) ----

/// A run that must end as exit 0 (or 1, the negative answer) or a clean exit 2:
/// never a panic.
fn no_panic(sandbox: &Sandbox, args: &[&str]) -> std::process::Output {
    let out = sandbox.run(args);
    let err = stderr(&out);
    assert!(
        matches!(out.status.code(), Some(0..=2)) && !err.contains("panicked"),
        "{args:?}: {:?}\n{err}",
        out.status
    );
    if out.status.code() == Some(2) {
        assert!(err.starts_with("roadmap: error: "), "{args:?}: {err}");
    }
    out
}

/// The first and the last day chrono holds, as `--today` takes them.
fn calendar_ends() -> [String; 2] {
    [
        chrono::NaiveDate::MIN.to_string(),
        chrono::NaiveDate::MAX.to_string(),
    ]
}

#[test]
fn schedule_numbers_beyond_the_calendar_give_no_due_date_and_no_panic() {
    // Each title panicked with `NaiveDate + TimeDelta overflowed`. Now the section
    // is out of range: no due date for it or its tasks; the others keep theirs.
    for title in [
        "Week 99999999",
        "Day 999999999",
        "Stage (4294967295 months)",
        "Месяц 4294967295",
        "Недели 1-99999999999",
        "(99999999 недель)",
    ] {
        let sandbox = Sandbox::new();
        sandbox.write("roadmap.toml", "[schedule]\nstart = 2026-11-02\n");
        sandbox.write(
            "plans/p.md",
            format!("# P\n## Week 1\n- [ ] a\n## {title}\n- [ ] b\n### Day 1\n- [ ] c\n"),
        );
        let out = no_panic(&sandbox, &["list", "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{title}: {}", stderr(&out));
        let due: Vec<Value> = json(&out).iter().map(|t| t["due"].clone()).collect();
        assert_eq!(
            due,
            [Value::from("2026-11-08"), Value::Null, Value::Null],
            "{title}"
        );
        let out = no_panic(&sandbox, &["report", "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{title}: {}", stderr(&out));
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let sections = &report["plans"][0]["sections"];
        assert_eq!(sections[0]["due"], "2026-11-08", "{title}");
        assert_eq!(sections[1]["due"], Value::Null, "{title}");
        assert_eq!(report["plans"][0]["schedule"]["scheduled"], 1, "{title}");
        for format in ["text", "markdown", "html"] {
            let out = no_panic(&sandbox, &["report", "--format", format]);
            assert_eq!(out.status.code(), Some(0), "{title} {format}");
        }
        let out = no_panic(&sandbox, &["milestone", "--format", "json"]);
        let milestones: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(milestones[0]["due"], "2026-11-08", "{title}");
        assert_eq!(milestones[1]["due"], Value::Null, "{title}");
    }
}

#[test]
fn today_at_the_ends_of_the_calendar_gives_answers_not_panics() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "[schedule]\nstart = 2026-11-02\n");
    sandbox.write(
        "plans/p.md",
        "# P\n## Week 1\n- [x] a ✅ 9999-12-31\n- [ ] b\n## Week 2\n- [x] c ✅ 0000-01-01\n- [ ] d\n",
    );
    let [first, last] = calendar_ends();
    for today in ["9999-12-31", "0000-01-01", &first, &last] {
        let day = format!("--today={today}");
        for format in ["text", "json", "markdown", "html"] {
            let out = no_panic(&sandbox, &[&day, "report", "--format", format]);
            assert_eq!(out.status.code(), Some(0), "{today} {format}");
        }
        for args in [
            &["list"][..],
            &["next"],
            &["milestone"],
            &["milestone", "--format", "json"],
        ] {
            let mut all = vec![day.as_str()];
            all.extend_from_slice(args);
            let out = no_panic(&sandbox, &all);
            assert_eq!(out.status.code(), Some(0), "{today} {args:?}");
        }
    }
    // A projection past year 9999 is a date like any other (chrono writes it with
    // its sign): one task done in 28 days, two open, 56 days after 9999-12-31.
    sandbox.write(
        "plans/p.md",
        "# P\n## Week 1\n- [x] a ✅ 9999-12-31\n- [ ] b\n- [ ] c\n",
    );
    let out = no_panic(
        &sandbox,
        &["--today=9999-12-31", "report", "--format", "json"],
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["plans"][0]["pace"]["finish"], "+10000-02-25");
    let out = no_panic(&sandbox, &["--today=9999-12-31", "report"]);
    assert!(
        stdout(&out).contains("at this pace done by +10000-02-25 — 1 done in the last 7 days"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_done_date_outside_years_0000_to_9999_is_refused_not_garbled() {
    // `✅ +10000-01-01` would not be read back as a done date: check refused with a
    // message about Markdown reading the task differently. Now it says why.
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n");
    let [first, last] = calendar_ends();
    for today in ["+10000-01-01", "-0001-12-31", &first, &last] {
        let day = format!("--today={today}");
        for extra in [&[][..], &["--dry-run"]] {
            let mut args = vec![day.as_str(), "check", "--stamp"];
            args.extend_from_slice(extra);
            args.push("a");
            let out = sandbox.run(&args);
            crate::support::assert_error(
                &out,
                &format!("cannot write the done date {today}: done dates are YYYY-MM-DD"),
            );
        }
        assert_eq!(sandbox.read_text("plans/p.md"), "- [ ] a\n");
    }
    // Without a stamp, or in years 0000 and 9999, check works.
    let out = sandbox.run(&["--today=+10000-01-01", "check", "a"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    sandbox.write("plans/p.md", "- [ ] a\n- [ ] b\n");
    for (today, task) in [("0000-01-01", "a"), ("9999-12-31", "b")] {
        let out = sandbox.run(&["--today", today, "check", "--stamp", task]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "- [x] a ✅ 0000-01-01\n- [x] b ✅ 9999-12-31\n"
    );
    let tasks = sandbox.tasks(&["list"]);
    assert_eq!(tasks[0]["done_on"], "0000-01-01");
    assert_eq!(tasks[1]["done_on"], "9999-12-31");
}

/// A small deterministic random number generator (xorshift), for generated plans.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A number as titles may hold one: small, random, at the edges of `u32` or
    /// beyond it, or zero.
    fn number(&mut self) -> String {
        match self.below(8) {
            0..=2 => (1 + self.below(20)).to_string(),
            3 => self.below(u64::from(u32::MAX)).to_string(),
            4 => ["4294967295", "4294967296", "99999999", "999999999"][self.below(4) as usize]
                .to_string(),
            5 => "99999999999999999999999".to_string(),
            6 => "0".to_string(),
            _ => (1 + self.below(100_000)).to_string(),
        }
    }
}

/// Issue 10, item 7, the class: headings and labels with huge and random numbers of
/// weeks, days and months, as positions, durations and ranges, nested, in many plans,
/// with done dates at the ends of the four-digit years, under a schedule, and every
/// command that shows dates with several `--today` values: exit 0 (or 1) or a clean
/// exit 2, never a panic.
#[test]
fn random_schedule_numbers_never_panic_any_command() {
    let [first, last] = calendar_ends();
    let todays = [
        "2026-11-24".to_string(),
        "9999-12-31".to_string(),
        "0000-01-01".to_string(),
        first,
        last,
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let titles: [fn(&str, &str) -> String; 12] = [
        |a, _| format!("Week {a}"),
        |a, b| format!("Weeks {a}-{b}"),
        |a, _| format!("Неделя {a}: тема"),
        |a, b| format!("Этап (Недели {a}-{b})"),
        |a, _| format!("Day {a}"),
        |a, b| format!("День {a}-{b}"),
        |a, _| format!("Месяц {a}"),
        |a, _| format!("Stage ({a} weeks)"),
        |a, b| format!("Level ({a}-{b} months)"),
        |a, b| format!("ЭТАП 1.1 ({a}-{b} недель)"),
        |a, _| format!("Sprint ({a} days)"),
        |a, b| format!("Months {a}–{b}"),
    ];
    for round in 0..8 {
        let sandbox = Sandbox::new();
        let pace = ["min", "mid", "max"][round % 3];
        sandbox.write(
            "roadmap.toml",
            format!(
                "[schedule]\nstart = 2026-11-02\npace = \"{pace}\"\n\n[[milestone]]\n\
                 name = \"far\"\nplan = \"p0\"\nthrough = \"T0\"\ndue = 9999-12-31\n"
            ),
        );
        for p in 0..4 {
            let mut text = format!("# Plan {p}\n\n## T0\n\n- [ ] first\n");
            for s in 0..12 {
                let (a, b) = (rng.number(), rng.number());
                let title = titles[rng.below(12) as usize](&a, &b);
                let heading = match rng.below(4) {
                    0 => format!("**{title}**\n"),
                    level => format!("{} {title}\n\n", "#".repeat(level as usize + 1)),
                };
                text.push_str(&heading);
                for t in 0..1 + rng.below(3) {
                    let task = match rng.below(5) {
                        0 => "- [x] done ✅ 9999-12-31".to_string(),
                        1 => "- [x] done ✅ 0000-01-01".to_string(),
                        2 => "- [x] done ✅ 2026-11-20".to_string(),
                        3 => "- [-] skipped".to_string(),
                        _ => "- [ ] open".to_string(),
                    };
                    text.push_str(&format!("{task} {s}.{t}\n"));
                }
                text.push('\n');
            }
            sandbox.write(&format!("plans/p{p}.md"), &text);
        }
        for today in &todays {
            let day = format!("--today={today}");
            let runs: [&[&str]; 10] = [
                &["list"],
                &["list", "--format", "json"],
                &["next", "-n", "3"],
                &["report", "--depth", "3"],
                &["report", "--format", "json", "--depth", "3"],
                &["report", "--format", "markdown"],
                &["report", "--format", "html"],
                &["milestone"],
                &["milestone", "--format", "json", "--fail-on", "behind"],
                &["milestone", "--format", "markdown"],
            ];
            for args in runs {
                let mut all = vec![day.as_str()];
                all.extend_from_slice(args);
                let out = no_panic(&sandbox, &all);
                assert_ne!(out.status.code(), Some(2), "{all:?}: {}", stderr(&out));
            }
        }
    }
}

// ---- a finished plan (issue 10, item 14) ----

/// `report` in one format on `today`, checked to succeed.
fn report_on(sandbox: &Sandbox, today: &str, format: &str) -> String {
    let out = sandbox.run(&["--today", today, "report", "--format", format]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

/// The part of an HTML page from the schedule's verdict to the end of its element.
fn html_verdict(page: &str) -> &str {
    let at = page
        .find("<span class=\"schedule ")
        .expect("a schedule verdict");
    let end = page[at..].find("</span>").unwrap() + at;
    &page[at..end]
}

#[test]
fn a_plan_with_nothing_left_is_done_in_every_format_however_late() {
    // Weeks 1 and 2 (due 2026-11-08 and 11-15), every task done or skipped. On
    // 2026-12-27, 42 days after the last due date, it was "42 days behind", had
    // days_ahead -42 and showed red.
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "[schedule]\nstart = 2026-11-02\n");
    let plan = "# P\n## Week 1\n- [x] a\n- [x] b\n## Week 2\n- [x] c\n- [-] d\n";
    sandbox.write("plans/p.md", plan);
    for today in ["2026-11-15", "2026-11-16", "2026-12-27", "9999-12-31"] {
        let text = report_on(&sandbox, today, "text");
        assert!(text.contains("  schedule  done — week "), "{today}: {text}");
        assert!(!text.contains("behind"), "{today}: {text}");
        let json: Value = serde_json::from_str(&report_on(&sandbox, today, "json")).unwrap();
        let schedule = &json["plans"][0]["schedule"];
        assert_eq!(schedule["days_ahead"], 0, "{today}");
        assert_eq!(schedule["status"], "done", "{today}");
        let markdown = report_on(&sandbox, today, "markdown");
        assert!(markdown.contains("%), done ·"), "{today}: {markdown}");
        let html = report_on(&sandbox, today, "html");
        assert_eq!(
            html_verdict(&html),
            "<span class=\"schedule schedule-done\" data-schedule=\"done\">done",
            "{today}"
        );
        assert!(html.contains(".schedule-done { color: var(--done); }"));
    }
    // Finished early, it still says by how much.
    let text = report_on(&sandbox, "2026-11-10", "text");
    assert!(
        text.contains("  schedule  done, 5 days ahead — week 2"),
        "{text}"
    );
    let json: Value = serde_json::from_str(&report_on(&sandbox, "2026-11-10", "json")).unwrap();
    assert_eq!(json["plans"][0]["schedule"]["days_ahead"], 5);
    assert_eq!(json["plans"][0]["schedule"]["status"], "done");
    assert!(report_on(&sandbox, "2026-11-10", "markdown").contains("(66%), done, 5 days ahead ·"));
    assert!(
        html_verdict(&report_on(&sandbox, "2026-11-10", "html")).ends_with(">done, 5 days ahead")
    );

    // Every task skipped: nothing left either.
    sandbox.write("plans/p.md", plan.replace("[x]", "[-]"));
    let json: Value = serde_json::from_str(&report_on(&sandbox, "2026-12-27", "json")).unwrap();
    assert_eq!(json["plans"][0]["schedule"]["status"], "done");
    assert_eq!(json["plans"][0]["schedule"]["days_ahead"], 0);
}

#[test]
fn a_plan_with_work_left_is_behind_ahead_or_on_schedule() {
    // The other states, for contrast: one task left is behind once it is late,
    // and shown in the late colour; JSON says so in `status`.
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "[schedule]\nstart = 2026-11-02\n");
    sandbox.write(
        "plans/p.md",
        "# P\n## Week 1\n- [x] a\n- [x] b\n## Week 2\n- [x] c\n- [/] d\n",
    );
    for (today, status, days, words) in [
        ("2026-12-27", "behind", -42, "42 days behind"),
        ("2026-11-15", "on_schedule", 0, "on schedule"),
        ("2026-11-12", "ahead", 3, "3 days ahead"),
    ] {
        let text = report_on(&sandbox, today, "text");
        assert!(
            text.contains(&format!("  schedule  {words} — ")),
            "{today}: {text}"
        );
        let json: Value = serde_json::from_str(&report_on(&sandbox, today, "json")).unwrap();
        assert_eq!(json["plans"][0]["schedule"]["status"], status, "{today}");
        assert_eq!(json["plans"][0]["schedule"]["days_ahead"], days, "{today}");
        assert_eq!(
            html_verdict(&report_on(&sandbox, today, "html")),
            format!(
                "<span class=\"schedule schedule-{status}\" data-schedule=\"{status}\">{words}"
            )
        );
    }
    let html = report_on(&sandbox, "2026-12-27", "html");
    assert!(html.contains(".schedule-behind { color: var(--late); }"));
}

#[test]
fn a_milestone_with_nothing_to_do_is_done_not_overdue() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "# P\n## Stage 1\n- [ ] a\n## Stage 2\nreading only\n## Stage 3\n- [-] c\n",
    );
    let milestone = |name: &str, section: &str| {
        format!("[[milestone]]\nname = \"{name}\"\nsection = \"{section}\"\ndue = 2026-02-01\n")
    };
    sandbox.write(
        "roadmap.toml",
        format!(
            "[schedule]\nstart = 2026-01-01\n{}{}{}",
            milestone("One", "Stage 1"),
            milestone("Two", "Stage 2"),
            milestone("Three", "Stage 3")
        ),
    );
    let list = json(&sandbox.run(&["--today", "2026-03-01", "milestone", "--format", "json"]));
    let states: Vec<(&str, &str, u64)> = list
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap(),
                m["status"].as_str().unwrap(),
                m["percent"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("One", "overdue", 0),
            ("Two", "done", 100),
            ("Three", "done", 100)
        ]
    );
}

#[test]
fn a_bar_is_full_only_when_all_is_done_and_empty_only_when_none_is() {
    let sandbox = Sandbox::new();
    let mut plan = String::from("# P\n");
    for i in 0..100 {
        plan.push_str(&format!("- [{}] t{i}\n", if i < 96 { 'x' } else { ' ' }));
    }
    sandbox.write("plans/p.md", &plan);
    let text = stdout(&sandbox.run(&["report"]));
    assert!(text.contains("96%"), "{text}");
    assert!(text.contains('░'), "96% is not a full bar: {text}");

    let plan = plan.replace("- [x]", "- [ ]").replacen("- [ ]", "- [x]", 1);
    sandbox.write("plans/p.md", &plan);
    let text = stdout(&sandbox.run(&["report"]));
    assert!(text.contains(" 1%"), "{text}");
    assert!(text.contains('█'), "1% shows on the bar: {text}");
}

#[test]
fn no_milestones_is_said_in_words_not_an_empty_table() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] a\n- [ ] b\n");
    let text = sandbox.run(&["milestone"]);
    assert!(text.status.success());
    assert!(
        stdout(&text).starts_with("no milestones: "),
        "{}",
        stdout(&text)
    );
    let md = stdout(&sandbox.run(&["milestone", "--format", "markdown"]));
    assert!(md.starts_with("No milestones: "), "{md}");
    assert!(!md.contains('|'), "{md}");
    assert_eq!(
        json(&sandbox.run(&["milestone", "--format", "json"])).len(),
        0
    );
}

#[test]
fn before_the_start_every_format_says_when_the_schedule_starts() {
    let sandbox = scheduled("min", "");
    for format in ["markdown", "html"] {
        let out = stdout(&sandbox.run(&["--today", "2026-10-31", "report", "--format", format]));
        assert!(
            out.contains("the schedule starts in 2 days:"),
            "{format}: {out}"
        );
        assert!(!out.contains("days of the schedule"), "{format}");
    }
    let out = stdout(&sandbox.run(&["--today", "2026-11-20", "report", "--format", "markdown"]));
    assert!(out.contains("week 3 of the schedule:"), "{out}");
}
