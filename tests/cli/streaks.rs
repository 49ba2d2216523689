//! Study days and streaks (part 4 of the issue on done dates from history): the
//! days of the last 28 with a done date, as a row of marks under `report` and
//! `week`, a line in their Markdown, keys in their JSON and a calendar in the HTML
//! report.

use serde_json::Value;

use crate::support::{Sandbox, stderr, stdout};

/// Two plans whose done dates make the study days 10-28, 11-20, 11-23 and 11-24
/// as of 2026-11-24 (the tests' today): 10-27 is a day too early, 11-22 belongs to
/// an open task, 11-30 is after today, and two tasks done on 11-24 make one day.
fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/a.md",
        "# A\n- [x] one ✅ 2026-10-27\n- [x] two ✅ 2026-10-28\n- [x] three ✅ 2026-11-20\n\
         - [x] four ✅ 2026-11-23\n- [ ] five ✅ 2026-11-22\n- [x] later ✅ 2026-11-30\n",
    );
    sandbox.write(
        "plans/b.md",
        "# B\n- [x] x ✅ 2026-11-24\n- [x] y ✅ 2026-11-24\n- [x] z\n- [/] w\n",
    );
    sandbox
}

const LABEL: &str = "Studied 4 of the last 28 days · streak 2 days";
const ROW: &str = "  2026-10-28 ■······ ······· ······· ··■··■■ 2026-11-24";

fn run(sandbox: &Sandbox, args: &[&str]) -> String {
    let out = sandbox.run(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

fn json(sandbox: &Sandbox, args: &[&str]) -> Value {
    serde_json::from_str(&run(sandbox, args)).unwrap()
}

#[test]
fn report_and_week_end_with_the_row_of_study_days() {
    let sandbox = sandbox();
    for command in ["report", "week"] {
        let text = run(&sandbox, &[command]);
        assert!(
            text.ends_with(&format!("\n\n{LABEL}\n{ROW}\n")),
            "{command}:\n{text}"
        );
    }
    // Nothing studied today yet: the streak runs up to yesterday.
    let text = run(&sandbox, &["--today", "2026-11-25", "report"]);
    assert!(
        text.ends_with(
            "\nStudied 3 of the last 28 days · streak 2 days, up to yesterday\n  \
             2026-10-29 ······· ······· ······· ·■··■■· 2026-11-25\n"
        ),
        "{text}"
    );
    // A day later it is over; the longest run in the window is told.
    let text = run(&sandbox, &["--today", "2026-11-26", "week"]);
    assert!(
        text.contains("\nStudied 3 of the last 28 days · streak 0 days · longest 2 days\n"),
        "{text}"
    );
}

#[test]
fn the_row_is_coloured_only_when_colour_is_on() {
    let sandbox = sandbox();
    let coloured = run(&sandbox, &["--color", "always", "report"]);
    let row = coloured.lines().last().unwrap();
    assert!(row.contains('\u{1b}') && row.contains('■'), "{row}");
    let plain = sandbox
        .roadmap()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .arg("report")
        .output()
        .unwrap();
    assert!(stdout(&plain).ends_with(&format!("{ROW}\n")));
}

#[test]
fn the_row_fits_narrow_terminals_and_keeps_every_day() {
    let sandbox = sandbox();
    for width in [8, 9, 20, 32, 33, 40, 54, 55, 60, 80] {
        for command in ["report", "week"] {
            let text = stdout(
                &sandbox
                    .roadmap()
                    .env("COLUMNS", width.to_string())
                    .arg(command)
                    .output()
                    .unwrap(),
            );
            let study = &text[text.rfind("\n\n").unwrap()..];
            for line in study.lines() {
                let columns = unicode_width::UnicodeWidthStr::width(line);
                assert!(columns <= width, "{command} at {width}: {line}");
            }
            let marks: String = study
                .lines()
                .filter(|l| !l.contains(|c: char| c.is_alphabetic()))
                .flat_map(|l| l.chars().filter(|&c| c == '■' || c == '·'))
                .collect();
            let days = format!("■{}■··■■", "·".repeat(22));
            assert_eq!(marks, days, "{command} at {width}");
        }
    }
}

#[test]
fn markdown_gives_the_row_under_its_own_heading() {
    let sandbox = sandbox();
    let block = format!(
        "\n\n### Study days\n\n{LABEL}\n\n2026-10-28 `■······ ······· ······· ··■··■■` 2026-11-24\n\n"
    );
    for command in ["report", "week"] {
        let text = run(&sandbox, &[command, "--format", "markdown"]);
        assert!(text.ends_with(&block), "{command}:\n{text}");
    }
}

#[test]
fn json_gives_the_study_days_and_streaks_at_the_top_level() {
    let sandbox = sandbox();
    let days = ["2026-10-28", "2026-11-20", "2026-11-23", "2026-11-24"];
    for command in ["report", "week"] {
        let v = json(&sandbox, &[command, "--format", "json"]);
        assert_eq!(v["study_days"], serde_json::json!(days), "{command}");
        assert_eq!(v["streak"], 2, "{command}");
        assert_eq!(v["longest_streak"], 2, "{command}");
    }
    // The keys that were there stay.
    let report = json(&sandbox, &["report", "--format", "json"]);
    assert_eq!(report["today"], "2026-11-24");
    assert_eq!(report["plans"].as_array().unwrap().len(), 2);
    let week = json(&sandbox, &["week", "--format", "json"]);
    for key in [
        "since",
        "until",
        "counts",
        "pace",
        "done",
        "in_progress",
        "due",
    ] {
        assert!(!week[key].is_null(), "{key}");
    }
    // A run of days reaching before the window counts whole.
    sandbox.write(
        "plans/b.md",
        (1..=30)
            .map(|d| format!("- [x] t{d} ✅ 2026-11-{d:02}\n"))
            .chain((20..=31).map(|d| format!("- [x] o{d} ✅ 2026-10-{d}\n")))
            .collect::<String>(),
    );
    let v = json(
        &sandbox,
        &["--today", "2026-11-30", "report", "--format", "json"],
    );
    assert_eq!(v["study_days"].as_array().unwrap().len(), 28);
    assert_eq!(
        (v["streak"].as_u64(), v["longest_streak"].as_u64()),
        (Some(42), Some(28))
    );
}

#[test]
fn plans_without_done_dates_show_no_row() {
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "# P\n- [x] ticked by hand\n- [ ] next\n");
    for args in [
        &["report"][..],
        &["week"],
        &["report", "--format", "markdown"],
        &["week", "--format", "markdown"],
        &["report", "--format", "html"],
    ] {
        let text = run(&sandbox, args);
        assert!(!text.contains("Studied"), "{args:?}:\n{text}");
        assert!(!text.contains("Study days"), "{args:?}:\n{text}");
    }
    let v = json(&sandbox, &["report", "--format", "json"]);
    assert_eq!(v["study_days"], serde_json::json!([]));
    assert_eq!(v["streak"], 0);
    // Done dates only after today have not happened yet: still nothing to show.
    sandbox.write("plans/p.md", "# P\n- [x] typo ✅ 2062-11-20\n- [ ] next\n");
    assert!(!run(&sandbox, &["report"]).contains("Studied"));
    // Dates older than the window do say something: no study lately.
    sandbox.write(
        "plans/p.md",
        "# P\n- [x] long ago ✅ 2026-01-20\n- [ ] next\n",
    );
    let text = run(&sandbox, &["week"]);
    assert!(
        text.ends_with(
            "Studied 0 of the last 28 days · streak 0 days\n  \
             2026-10-28 ······· ······· ······· ······· 2026-11-24\n"
        ),
        "{text}"
    );
}

#[test]
fn the_html_report_has_a_calendar_of_the_four_weeks() {
    let sandbox = sandbox();
    let page = run(&sandbox, &["report", "--format", "html"]);
    let start = page.find("<section class=\"study\"").expect("a calendar");
    let calendar = &page[start..start + page[start..].find("</section>").unwrap()];
    assert!(
        calendar.contains("data-studied=\"4\" data-streak=\"2\" data-longest=\"2\""),
        "{calendar}"
    );
    assert!(calendar.contains(LABEL), "{calendar}");
    assert!(
        calendar.contains(
            "<th>Mon</th><th>Tue</th><th>Wed</th><th>Thu</th><th>Fri</th><th>Sat</th><th>Sun</th>"
        ),
        "Monday first"
    );
    let filled: Vec<&str> = calendar
        .split("<td class=\"studied")
        .skip(1)
        .map(|cell| {
            cell.split("data-day=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(
        filled,
        ["2026-10-28", "2026-11-20", "2026-11-23", "2026-11-24"]
    );
    assert!(
        calendar.contains(
            "<td class=\"studied today\" data-day=\"2026-11-24\" title=\"2026-11-24: studied\">24</td>"
        ),
        "{calendar}"
    );
    // 10-28 is a Wednesday and 11-24 a Tuesday: five weeks of seven days, the days
    // before and after the window faint.
    assert_eq!(
        calendar.matches("<tr>").count(),
        6,
        "a header and five weeks"
    );
    assert_eq!(calendar.matches("<td").count(), 35);
    assert_eq!(calendar.matches("<td class=\"outside\"").count(), 7);
    assert!(calendar.contains("<td class=\"outside\" title=\"2026-10-26\">26</td>"));
    assert!(!page.contains("<script"), "no script");
}
