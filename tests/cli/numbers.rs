//! One set of numbers (issue 11): `report`, `milestone`, `list` and `next` agree on
//! what is done, planned and expected by today, in every format, on every day; the
//! forecast is honest at the start, when stalled and when done.

use serde_json::Value;

use crate::support::{Sandbox, stdout};

fn json(sandbox: &Sandbox, args: &[&str]) -> Value {
    let out = sandbox.run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below.max(1)
    }
}

/// A plan of weeks and days with random statuses and done dates.
fn generated(rng: &mut Rng) -> String {
    let mut text = String::from("# План\n");
    let weeks = 1 + rng.next(5);
    for w in 1..=weeks {
        text.push_str(&format!("## Неделя {w}\n"));
        for d in 0..1 + rng.next(3) {
            text.push_str(&format!("### День {}-{}\n", 2 * d + 1, 2 * d + 2));
            for t in 0..1 + rng.next(4) {
                let box_ = ["[ ]", "[x]", "[/]", "[-]", "[x]"][rng.next(5) as usize];
                let date = if box_ == "[x]" && rng.next(2) == 0 {
                    format!(" ✅ 2026-11-{:02}", 1 + rng.next(28))
                } else {
                    String::new()
                };
                text.push_str(&format!("- {box_} задача {w}.{d}.{t}{date}\n"));
            }
        }
    }
    text
}

#[test]
fn report_and_milestone_agree_on_every_day_over_generated_plans() {
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    for round in 0..12 {
        let sandbox = Sandbox::new();
        sandbox.write("plans/p.md", generated(&mut rng));
        // One milestone that is the whole plan, its due date from the schedule.
        sandbox.write(
            "roadmap.toml",
            "[schedule]\nstart = 2026-11-02\n\n[[milestone]]\nname = \"всё\"\nsection = \"План\"\n",
        );
        for offset in -3..45i64 {
            let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
                + chrono::Duration::days(offset);
            let today = format!("--today={day}");
            let report = json(&sandbox, &[&today, "report", "--format", "json"]);
            let plan = &report["plans"][0];
            let milestones = json(&sandbox, &[&today, "milestone", "--format", "json"]);
            let m = &milestones[0];
            let what = format!("round {round}, {day}");
            // The same tasks counted the same way: done over planned.
            assert_eq!(m["counts"], plan["counts"], "{what}");
            assert_eq!(m["percent"], plan["percent"], "{what}");
            let s = &plan["schedule"];
            assert_eq!(m["expected_done"], s["expected_done"], "{what}");
            // The same verdict: behind in one is behind (or, past its due date,
            // overdue) in the other; done is done in both.
            let state = m["status"].as_str().unwrap();
            match s["status"].as_str().unwrap() {
                "behind" => assert!(matches!(state, "behind" | "overdue"), "{what}: {state}"),
                "done" => assert_eq!(state, "done", "{what}"),
                _ => assert!(!matches!(state, "behind" | "done"), "{what}: {state}"),
            }
            assert_eq!(
                m["due"], s["end"],
                "{what}: the milestone is due when the plan ends"
            );
            // The week is never 0 or less: before the start it says when it starts.
            assert!(
                s["week"].is_null() || s["week"].as_i64().unwrap() >= 1,
                "{what}"
            );
            assert_eq!(s["week"].is_null(), offset < 0, "{what}");
        }
    }
}

#[test]
fn a_skipped_task_leaves_every_total() {
    let sandbox = Sandbox::with_bundled_plans();
    sandbox.write("roadmap.toml", "[schedule]\nstart = 2026-11-02\n");
    sandbox
        .roadmap()
        .args(["check", "--skip", "go-backend#b5a991"])
        .assert()
        .success();
    let list = stdout(&sandbox.run(&["-p", "go-backend", "list", "--status", "open"]));
    assert!(
        list.starts_with("plans/go-backend.md (0/182 done, 1 skipped)\n"),
        "{list}"
    );
    let report = json(
        &sandbox,
        &["-p", "go-backend", "report", "--format", "json"],
    );
    assert_eq!(report["plans"][0]["counts"]["done"], 0);
    assert_eq!(report["plans"][0]["counts"]["skipped"], 1);
    let text = stdout(&sandbox.run(&["-p", "go-backend", "report"]));
    assert!(text.contains("progress  0/182 done"), "{text}");
    // A milestone's view gives its own counts, not the plan's, above its tasks.
    let one = stdout(&sandbox.run(&["-p", "go-backend", "milestone", "ЭТАП 1"]));
    assert!(one.contains("0/37 "), "{one}");
    assert!(!one.contains("/182") && !one.contains("/183"), "{one}");
}

#[test]
fn the_forecast_is_honest_at_the_start_when_stalled_and_when_done() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "[schedule]\nstart = 2026-11-02\n");
    // Day 4, two tasks done: too early to tell, not "done by 2033".
    sandbox.write(
        "plans/p.md",
        "# P\n## Неделя 1\n- [x] a ✅ 2026-11-03\n- [x] b ✅ 2026-11-05\n- [ ] c\n- [ ] d\n",
    );
    let text = stdout(&sandbox.run(&["--today", "2026-11-06", "report"]));
    assert!(
        text.contains("pace      too early to tell (4 days of history)"),
        "{text}"
    );
    let report = json(
        &sandbox,
        &["--today", "2026-11-06", "report", "--format", "json"],
    );
    assert_eq!(report["plans"][0]["pace"]["state"], "too_early");
    assert_eq!(report["plans"][0]["pace"]["finish"], Value::Null);
    // Two weeks in, four done: 2.0 a week over 14 days.
    sandbox.write(
        "plans/p.md",
        "# P\n## Недели 1-4\n- [x] a ✅ 2026-11-03\n- [x] b ✅ 2026-11-05\n- [x] c ✅ 2026-11-10\n- [x] d ✅ 2026-11-16\n- [ ] e\n- [ ] f\n",
    );
    let report = json(
        &sandbox,
        &["--today", "2026-11-16", "report", "--format", "json"],
    );
    let pace = &report["plans"][0]["pace"];
    assert_eq!(
        (pace["window_days"].as_i64(), pace["per_week"].as_f64()),
        (Some(14), Some(2.0))
    );
    assert_eq!(pace["finish"], "2026-11-23");
    // Nothing done for two months: stalled, no line to infinity.
    let text = stdout(&sandbox.run(&["--today", "2027-02-01", "report"]));
    assert!(
        text.contains("pace      stalled: nothing done in the last 28 days"),
        "{text}"
    );
    // Everything done: done, never behind, long after.
    sandbox.write(
        "plans/p.md",
        "# P\n## Неделя 1\n- [x] a ✅ 2026-11-03\n- [-] b\n",
    );
    let text = stdout(&sandbox.run(&["--today", "2027-06-01", "report"]));
    assert!(
        text.contains("schedule  done —") && text.contains("pace      done"),
        "{text}"
    );
    assert!(!text.contains("behind"), "{text}");
}

#[test]
fn before_the_start_the_plan_starts_in_days_and_a_fresh_plan_is_not_ahead() {
    let sandbox = Sandbox::with_bundled_plans();
    sandbox.write("roadmap.toml", "[schedule]\nstart = 2026-11-02\n");
    let text = stdout(&sandbox.run(&["--today", "2026-10-31", "-p", "go-backend", "report"]));
    assert!(
        text.contains("on schedule — starts in 2 days (from 2026-11-02"),
        "{text}"
    );
    assert!(
        !text.contains("week 0") && !text.contains("week -"),
        "{text}"
    );
    let text = stdout(&sandbox.run(&["--today", "2026-11-01", "-p", "go-backend", "report"]));
    assert!(text.contains("starts in 1 day (from"), "{text}");
    let report = json(
        &sandbox,
        &["--today", "2026-10-31", "report", "--format", "json"],
    );
    for plan in report["plans"].as_array().unwrap() {
        assert_eq!(plan["schedule"]["week"], Value::Null);
        assert_eq!(plan["schedule"]["starts_in_days"], 2);
    }
    // Three days in, nothing done: the first tasks (days 1-2) are due, not ahead.
    let text = stdout(&sandbox.run(&["--today", "2026-11-05", "-p", "go-backend", "report"]));
    assert!(!text.contains("ahead"), "{text}");
    assert!(text.contains("schedule  2 days behind"), "{text}");
    // The schedule ends on its last due date: backend-roadmap's last stage.
    let report = json(
        &sandbox,
        &[
            "--today",
            "2026-11-05",
            "-p",
            "backend-roadmap",
            "report",
            "--format",
            "json",
            "--depth",
            "1",
        ],
    );
    let plan = &report["plans"][0];
    let last_stage = plan["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["due"].as_str())
        .max()
        .unwrap()
        .to_string();
    assert_eq!(plan["schedule"]["end"], last_stage);
}
