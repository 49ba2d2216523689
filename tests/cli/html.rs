//! `report --format html` in a real browser: headless Chromium renders the page, and
//! the numbers in the rendered DOM match `report --format json` and
//! `milestone --format json`. Skipped with a message only where no chromium binary
//! exists outside CI (`.ci/run` installs Debian's `chromium`).

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use serde_json::Value;

use crate::support::{Sandbox, stderr};

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .map(|name| Path::new("/usr/bin").join(name))
        .find(|p| p.exists())
}

fn headless(binary: &Path, profile: &Path) -> Process {
    let mut cmd = Process::new(binary);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

/// Every `data-NAME="…"` value in elements whose class attribute starts with `class`.
fn attributes(dom: &str, class: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let marker = format!("class=\"{class}");
    for chunk in dom.split('<').filter(|tag| tag.contains(&marker)) {
        let tag = chunk.split('>').next().unwrap_or("");
        let key = format!("data-{name}=\"");
        if let Some(at) = tag.find(&key) {
            let rest = &tag[at + key.len()..];
            out.push(rest[..rest.find('"').unwrap()].to_string());
        }
    }
    out
}

#[test]
fn the_report_page_shows_the_report_numbers_in_a_browser() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing in CI"
        );
        eprintln!("skipped: no chromium binary on this machine");
        return;
    };
    let sandbox = Sandbox::with_bundled_plans();
    sandbox.write(
        "roadmap.toml",
        "stamp = true\n[schedule]\nstart = 2026-11-02\n",
    );
    for (day, task) in [
        ("2026-11-03", "Установка Go"),
        ("2026-11-09", "GOPATH"),
        ("2026-11-20", "VS Code"),
    ] {
        sandbox
            .roadmap()
            .args(["--today", day, "check", task])
            .assert()
            .success();
    }
    sandbox
        .roadmap()
        .args(["check", "--skip", "Установка Linux"])
        .assert()
        .success();
    let today = ["--today", "2026-11-22"];
    sandbox
        .roadmap()
        .args(today)
        .args([
            "report",
            "--format",
            "html",
            "--depth",
            "2",
            "-o",
            "report.html",
        ])
        .assert()
        .success();
    let json = sandbox
        .roadmap()
        .args(today)
        .args(["report", "--format", "json", "--depth", "2"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    let json = sandbox
        .roadmap()
        .args(today)
        .args(["milestone", "--format", "json"])
        .output()
        .unwrap();
    let milestones: Vec<Value> = serde_json::from_slice(&json.stdout).unwrap();

    let page = sandbox.path().join("report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("<script") && !html.contains("http://") && !html.contains("https://"),
        "self-contained"
    );

    let profile = sandbox.path().join("profile");
    let out = headless(&browser, &profile)
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let dom = String::from_utf8(out.stdout).unwrap();
    assert!(
        dom.contains("Study progress"),
        "the page did not render:\n{dom}"
    );

    let plans = report["plans"].as_array().unwrap();
    let num = |v: &Value| v.as_u64().unwrap().to_string();
    assert_eq!(
        attributes(&dom, "plan", "done"),
        plans
            .iter()
            .map(|p| num(&p["counts"]["done"]))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        attributes(&dom, "plan", "percent"),
        plans.iter().map(|p| num(&p["percent"])).collect::<Vec<_>>()
    );
    let planned =
        |c: &Value| (c["total"].as_u64().unwrap() - c["skipped"].as_u64().unwrap()).to_string();
    assert_eq!(
        attributes(&dom, "plan", "planned"),
        plans
            .iter()
            .map(|p| planned(&p["counts"]))
            .collect::<Vec<_>>()
    );
    let sections: Vec<&Value> = plans
        .iter()
        .flat_map(|p| p["sections"].as_array().unwrap())
        .collect();
    assert_eq!(
        attributes(&dom, "section", "done"),
        sections
            .iter()
            .map(|s| num(&s["counts"]["done"]))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        attributes(&dom, "section", "percent"),
        sections
            .iter()
            .map(|s| num(&s["percent"]))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        attributes(&dom, "milestone", "status"),
        milestones
            .iter()
            .map(|m| m["status"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        attributes(&dom, "milestone", "done"),
        milestones
            .iter()
            .map(|m| num(&m["counts"]["done"]))
            .collect::<Vec<_>>()
    );
    // Each scheduled plan has a burn-up chart (its schedule's line, even before
    // any done date); it counts the dated done tasks.
    assert_eq!(attributes(&dom, "burnup", "dated-done"), ["0", "3"]);
    // The calendar fills the study days the JSON gives, and only them.
    assert_eq!(
        attributes(&dom, "studied", "day"),
        ["2026-11-03", "2026-11-09", "2026-11-20"]
    );
    assert_eq!(
        report["study_days"],
        serde_json::json!(attributes(&dom, "studied", "day"))
    );
    assert_eq!(attributes(&dom, "idle", "day").len(), 25);

    // And it paints: a screenshot of a real size.
    let shot = sandbox.path().join("shot.png");
    let out = headless(&browser, &profile)
        .arg("--window-size=1200,1600")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "screenshot of {} bytes",
        png.len()
    );
}

#[test]
fn the_burn_up_shows_the_schedule_the_done_line_and_the_projection() {
    // Issue 11: a done line alone against all planned tasks says nothing; the
    // schedule's line beside it shows ahead or behind, and the pace's projection
    // where the open tasks end.
    let sandbox = crate::support::Sandbox::new();
    sandbox.write("roadmap.toml", "[schedule]\nstart = 2026-11-02\n");
    sandbox.write(
        "plans/p.md",
        "# P\n## Неделя 1\n- [x] a ✅ 2026-11-03\n- [x] b ✅ 2026-11-06\n- [x] c ✅ 2026-11-12\n\
         ## Неделя 2\n- [ ] d\n- [x] e ✅ 2026-11-14\n## Неделя 3\n- [ ] f\n",
    );
    let page = crate::support::stdout(&sandbox.run(&[
        "--today",
        "2026-11-16",
        "report",
        "--format",
        "html",
    ]));
    assert!(
        page.contains("<html lang=\"en\">"),
        "the labels are English"
    );
    assert!(page.contains("<polyline class=\"expected\""), "{page}");
    assert!(page.contains("<polyline class=\"done\""), "{page}");
    assert!(page.contains("<line class=\"projection\""), "{page}");
    // Неделя 2 was due 11-15 and is not finished: shown late.
    assert!(
        page.contains("<tr class=\"section depth-1 late\""),
        "{page}"
    );
    // Without a schedule or done dates there is nothing to draw.
    sandbox.write("roadmap.toml", "");
    sandbox.write("plans/p.md", "# P\n- [ ] a\n");
    let page = crate::support::stdout(&sandbox.run(&["report", "--format", "html"]));
    assert!(!page.contains("<figure class=\"burnup\""), "{page}");
}

#[test]
fn the_done_line_never_runs_past_today_and_the_projection_starts_where_it_ends() {
    let sandbox = crate::support::Sandbox::new();
    sandbox.write("roadmap.toml", "[schedule]\nstart = 2026-11-02\n");
    // One done date is a typo a year ahead; one done task has no date.
    sandbox.write(
        "plans/p.md",
        "# P\n## Неделя 1\n- [x] a ✅ 2026-11-03\n- [x] b ✅ 2027-11-06\n- [x] c\n\
         ## Неделя 2\n- [x] d ✅ 2026-11-10\n- [ ] e\n## Неделя 3\n- [ ] f\n",
    );
    let page = crate::support::stdout(&sandbox.run(&[
        "--today",
        "2026-11-16",
        "report",
        "--format",
        "html",
    ]));
    let attr = |element: &str, name: &str| -> String {
        let start = page
            .find(element)
            .unwrap_or_else(|| panic!("{element}: {page}"));
        let rest = &page[start..];
        let at = rest.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        rest[at..].split('"').next().unwrap().to_string()
    };
    let today: f64 = attr("<line class=\"today\"", "x1").parse().unwrap();
    let points: Vec<(f64, f64)> = attr("<polyline class=\"done\"", "points")
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    assert!(
        points.iter().all(|&(x, _)| x <= today + 0.05),
        "done at {points:?}, today at {today}"
    );
    let end = *points.last().unwrap();
    let from: (f64, f64) = (
        attr("<line class=\"projection\"", "x1").parse().unwrap(),
        attr("<line class=\"projection\"", "y1").parse().unwrap(),
    );
    assert!(
        (from.0 - end.0).abs() < 0.05 && (from.1 - end.1).abs() < 0.05,
        "the projection starts at {from:?}, the done line ends at {end:?}"
    );
    // The chart ends within a year, not at the typo.
    assert!(!page.contains(">2027-11-06</text>"), "{page}");
}
