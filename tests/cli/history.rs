//! Done dates from git history: repositories made here with ticks on known dates,
//! read back by `list`, `report` and `week`; and nothing changed, nothing failed,
//! outside git or without git.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{Sandbox, TODAY, stderr, stdout};

/// A git repository in a sandbox, isolated from this machine's git configuration.
struct Repo {
    sandbox: Sandbox,
}

/// `git` with no configuration but what a test gives it. Fails loudly where git
/// is missing: these tests must not pass by testing nothing.
fn git(dir: &Path) -> Command {
    let found = Command::new("git").arg("--version").output();
    assert!(
        found.is_ok_and(|o| o.status.success()),
        "these tests need git on PATH (apt-get install git)"
    );
    let mut git = Command::new("git");
    git.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Learner")
        .env("GIT_AUTHOR_EMAIL", "learner@example.com")
        .env("GIT_COMMITTER_NAME", "Learner")
        .env("GIT_COMMITTER_EMAIL", "learner@example.com")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
    git
}

impl Repo {
    fn new() -> Repo {
        let sandbox = Sandbox::new();
        assert!(
            !in_work_tree(sandbox.path()),
            "the sandbox {} must not be inside a git work tree",
            sandbox.path().display()
        );
        let repo = Repo { sandbox };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn git(&self, args: &[&str]) -> String {
        let out = git(self.sandbox.path()).args(args).output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
        stdout(&out)
    }

    /// Writes `rel` and commits everything, authored at `author` and committed at
    /// `committer` (RFC 3339 with an offset).
    fn commit_at(&self, rel: &str, text: &str, author: &str, committer: &str) {
        self.sandbox.write(rel, text);
        self.git(&["add", "-A"]);
        let out = git(self.sandbox.path())
            .args(["commit", "-q", "-m", "step"])
            .env("GIT_AUTHOR_DATE", author)
            .env("GIT_COMMITTER_DATE", committer)
            .output()
            .unwrap();
        assert!(out.status.success(), "git commit: {}", stderr(&out));
    }

    /// [`Repo::commit_at`] with the committer date the author date.
    fn commit(&self, rel: &str, text: &str, date: &str) {
        self.commit_at(rel, text, date, date);
    }

    /// `list --format json` of one plan: each task's text, `done_on` and
    /// `done_on_source`.
    fn dates(&self, plan: &str) -> Vec<(String, Value, Value)> {
        dates(&self.sandbox, plan)
    }
}

fn dates(sandbox: &Sandbox, plan: &str) -> Vec<(String, Value, Value)> {
    sandbox
        .tasks(&["--today", TODAY, "-p", plan, "list"])
        .into_iter()
        .map(|t| {
            (
                t["text"].as_str().unwrap().to_string(),
                t["done_on"].clone(),
                t["done_on_source"].clone(),
            )
        })
        .collect()
}

fn git_day(day: &str) -> (Value, Value) {
    (Value::from(day), Value::from("git"))
}

fn none() -> (Value, Value) {
    (Value::Null, Value::Null)
}

/// The date and source of the task with this text.
fn of(dates: &[(String, Value, Value)], text: &str) -> (Value, Value) {
    let found = dates.iter().find(|(t, _, _)| t == text);
    let (_, day, source) = found.unwrap_or_else(|| panic!("no task {text}: {dates:?}"));
    (day.clone(), source.clone())
}

fn in_work_tree(dir: &Path) -> bool {
    dir.ancestors().any(|d| d.join(".git").exists())
}

#[test]
fn ticks_are_dated_by_the_author_day_of_their_commit_in_its_own_time_zone() {
    let repo = Repo::new();
    let plan = |boxes: [char; 5]| {
        format!(
            "# Plan\n## Week 1\n- [{}] late evening\n- [{}] early morning\n- [{}] far west\n\
             - [{}] authored before committed\n- [{}] still open\n",
            boxes[0], boxes[1], boxes[2], boxes[3], boxes[4]
        )
    };
    repo.commit("p.md", &plan([' '; 5]), "2026-11-02T10:00:00+00:00");
    // 20:30 UTC: the same day in UTC, the next one east of +03:30.
    repo.commit(
        "p.md",
        &plan(['x', ' ', ' ', ' ', ' ']),
        "2026-11-10T23:30:00+03:00",
    );
    // 22:30 UTC the day before.
    repo.commit(
        "p.md",
        &plan(['x', 'x', ' ', ' ', ' ']),
        "2026-11-11T01:30:00+03:00",
    );
    // 06:00 UTC the next day.
    repo.commit(
        "p.md",
        &plan(['x', 'x', 'x', ' ', ' ']),
        "2026-11-12T20:00:00-10:00",
    );
    repo.commit_at(
        "p.md",
        &plan(['x', 'x', 'x', 'x', ' ']),
        "2026-11-13T12:00:00+00:00",
        "2026-11-20T12:00:00+00:00",
    );
    // Neither the machine's zone nor the one roadmap runs in moves a day.
    for zone in ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"] {
        let out = repo
            .sandbox
            .roadmap()
            .env("TZ", zone)
            .args(["--today", TODAY, "-p", "p.md", "list", "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(out.stderr.is_empty(), "{}", stderr(&out));
        let tasks: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        let got: Vec<(&Value, &Value)> = tasks
            .iter()
            .map(|t| (&t["done_on"], &t["done_on_source"]))
            .collect();
        let want = [
            git_day("2026-11-10"),
            git_day("2026-11-11"),
            git_day("2026-11-12"),
            git_day("2026-11-13"),
            none(),
        ];
        let want: Vec<(&Value, &Value)> = want.iter().map(|(d, s)| (d, s)).collect();
        assert_eq!(got, want, "TZ={zone}");
    }
}

#[test]
fn a_stamped_task_keeps_its_stamp_and_a_task_born_done_gets_no_date() {
    let repo = Repo::new();
    repo.commit(
        "p.md",
        "# P\n- [ ] stamped\n- [ ] ticked\n",
        "2026-11-02T10:00:00+00:00",
    );
    repo.commit(
        "p.md",
        "# P\n- [x] stamped ✅ 2026-11-01\n- [x] ticked\n- [x] born done\n",
        "2026-11-05T10:00:00+00:00",
    );
    let dates = repo.dates("p.md");
    assert_eq!(
        of(&dates, "stamped"),
        (Value::from("2026-11-01"), Value::from("stamp"))
    );
    assert_eq!(of(&dates, "ticked"), git_day("2026-11-05"));
    assert_eq!(of(&dates, "born done"), none(), "never seen open");
}

#[test]
fn a_tick_ticked_off_and_on_again_takes_the_last_tick() {
    let repo = Repo::new();
    repo.commit("p.md", "- [ ] a\n- [ ] b\n", "2026-11-02T10:00:00+00:00");
    repo.commit("p.md", "- [x] a\n- [ ] b\n", "2026-11-03T10:00:00+00:00");
    repo.commit("p.md", "- [ ] a\n- [ ] b\n", "2026-11-04T10:00:00+00:00");
    repo.commit("p.md", "- [x] a\n- [ ] b\n", "2026-11-06T10:00:00+00:00");
    // Edits around it change nothing.
    repo.commit(
        "p.md",
        "Notes.\n\n- [x] a\n- [ ] b\n",
        "2026-11-07T10:00:00+00:00",
    );
    assert_eq!(of(&repo.dates("p.md"), "a"), git_day("2026-11-06"));
}

#[test]
fn renames_of_the_file_and_moves_of_the_line_are_followed() {
    let repo = Repo::new();
    let text = "# Plan\n## Week 1\n- [ ] moves\n- [ ] stays\n## Week 2\n- [ ] later\n";
    repo.commit("plans/old name.md", text, "2026-11-02T10:00:00+00:00");
    repo.commit(
        "plans/old name.md",
        &text.replace("[ ] moves", "[x] moves"),
        "2026-11-03T10:00:00+00:00",
    );
    repo.git(&["mv", "plans/old name.md", "plans/new.md"]);
    let moved = "# Plan\n## Week 1\n- [x] stays\n## Week 2\n- [ ] later\n- [x] moves\n";
    repo.commit("plans/new.md", moved, "2026-11-04T10:00:00+00:00");
    repo.commit(
        "plans/new.md",
        &moved.replace("[ ] later", "[x] later"),
        "2026-11-05T10:00:00+00:00",
    );
    let dates = repo.dates("plans/new.md");
    assert_eq!(of(&dates, "moves"), git_day("2026-11-03"));
    assert_eq!(
        of(&dates, "stays"),
        git_day("2026-11-04"),
        "ticked in the rename commit"
    );
    assert_eq!(of(&dates, "later"), git_day("2026-11-05"));
}

#[test]
fn an_uncommitted_tick_is_dated_today() {
    let repo = Repo::new();
    repo.commit("p.md", "- [ ] a\n- [ ] b\n", "2026-11-02T10:00:00+00:00");
    repo.commit("p.md", "- [x] a\n- [ ] b\n", "2026-11-03T10:00:00+00:00");
    repo.sandbox.write("p.md", "- [x] a\n- [x] b\n- [x] new\n");
    let tasks = repo
        .sandbox
        .tasks(&["--today", "2026-11-30", "-p", "p.md", "list"]);
    let got: Vec<(&Value, &Value)> = tasks
        .iter()
        .map(|t| (&t["done_on"], &t["done_on_source"]))
        .collect();
    assert_eq!(
        got,
        [
            (&Value::from("2026-11-03"), &Value::from("git")),
            (&Value::from("2026-11-30"), &Value::from("worktree")),
            // New since the last commit, and done: never seen open.
            (&Value::Null, &Value::Null),
        ]
    );
}

#[test]
fn odd_file_names_reach_git_as_they_are() {
    for name in ["plans/my plan *.md", "plans/-a [x] ?.md", "plans/x\ny.md"] {
        let repo = Repo::new();
        // A file the pathspec `*` would match, were it read as a pattern.
        repo.commit(
            "plans/my plan - other.md",
            "- [ ] other\n",
            "2026-11-01T10:00:00+00:00",
        );
        repo.commit(name, "- [ ] a\n", "2026-11-02T10:00:00+00:00");
        repo.commit(name, "- [x] a\n", "2026-11-03T10:00:00+00:00");
        repo.commit(
            "plans/my plan - other.md",
            "- [x] other\n",
            "2026-11-04T10:00:00+00:00",
        );
        assert_eq!(
            repo.dates(name),
            [("a".to_string(), "2026-11-03".into(), "git".into())],
            "{name:?}"
        );
    }
}

/// The same plan in a sandbox outside git, as `list --format json` prints it.
fn outside_git(rel: &str, text: &str, args: &[&str]) -> Vec<u8> {
    let sandbox = Sandbox::new();
    assert!(!in_work_tree(sandbox.path()));
    sandbox.write(rel, text);
    let out = sandbox.run(args);
    assert!(out.status.success(), "{}", stderr(&out));
    out.stdout
}

#[test]
fn outside_git_or_without_git_nothing_changes_and_nothing_fails() {
    let repo = Repo::new();
    repo.commit("p.md", "- [ ] a\n", "2026-11-02T10:00:00+00:00");
    repo.commit("p.md", "- [x] a\n", "2026-11-03T10:00:00+00:00");
    let args = ["--today", TODAY, "-p", "p.md", "list", "--format", "json"];
    let outside = outside_git("p.md", "- [x] a\n", &args);
    let tasks: Vec<Value> = serde_json::from_slice(&outside).unwrap();
    assert_eq!(tasks[0]["done_on"], Value::Null);
    assert_eq!(tasks[0]["done_on_source"], Value::Null);

    let empty = Sandbox::new();
    let out = repo
        .sandbox
        .roadmap()
        .env("PATH", empty.path())
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    assert_eq!(stdout(&out), String::from_utf8(outside.clone()).unwrap());

    // A `.git` git cannot read (here a file naming no repository) is the same.
    let broken = Sandbox::new();
    broken.write(".git", "gitdir: /nonexistent\n");
    broken.write("p.md", "- [x] a\n");
    let out = broken.run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    assert_eq!(out.stdout, outside);

    // And a plan never committed.
    repo.sandbox.write("new.md", "- [x] a\n");
    let out = repo
        .sandbox
        .run(&["--today", TODAY, "-p", "new.md", "list", "--format", "json"]);
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        String::from_utf8(outside)
            .unwrap()
            .replace("\"p.md\"", "\"new.md\"")
            .replace("p#", "new#")
    );
}

#[test]
fn history_false_in_the_config_turns_it_off() {
    let repo = Repo::new();
    repo.commit("p.md", "- [ ] a\n", "2026-11-02T10:00:00+00:00");
    repo.commit("p.md", "- [x] a\n", "2026-11-03T10:00:00+00:00");
    assert_eq!(repo.dates("p.md")[0].2, "git");
    repo.sandbox.write("roadmap.toml", "history = false\n");
    assert_eq!(repo.dates("p.md")[0].2, Value::Null);
}

/// A `git` that writes a line to `calls` each time it runs, then runs the real one.
fn spy(sandbox: &Sandbox) -> (PathBuf, String) {
    let real = Command::new("sh")
        .args(["-c", "command -v git"])
        .output()
        .unwrap();
    let real = stdout(&real).trim().to_string();
    let calls = sandbox.path().join("calls");
    let bin = sandbox.mkdir("bin");
    let script = format!(
        "#!/bin/sh\necho \"$*\" >> '{}'\nexec '{real}' \"$@\"\n",
        calls.display()
    );
    let path = sandbox.write("bin/git", script);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (calls, path)
}

#[test]
fn git_is_asked_only_by_commands_that_use_done_dates_and_only_when_needed() {
    let repo = Repo::new();
    repo.commit("p.md", "- [ ] a\n- [ ] b\n", "2026-11-02T10:00:00+00:00");
    repo.commit("p.md", "- [x] a\n- [ ] b\n", "2026-11-03T10:00:00+00:00");
    let watch = Sandbox::new();
    let (calls, path) = spy(&watch);
    let run = |dir: &Path, args: &[&str]| {
        let _ = std::fs::remove_file(&calls);
        let out = crate::support::roadmap()
            .current_dir(dir)
            .env("PATH", &path)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.code().is_some_and(|c| c < 2),
            "{args:?}: {}",
            stderr(&out)
        );
        std::fs::read_to_string(&calls).unwrap_or_default()
    };
    let here = repo.sandbox.path();
    for command in [
        &["-p", "p.md", "next"][..],
        &["-p", "p.md", "check", "--dry-run", "--stamp", "b"],
    ] {
        assert_eq!(run(here, command), "", "{command:?} asks git nothing");
    }
    for command in [
        &["-p", "p.md", "list"][..],
        &["-p", "p.md", "report"],
        &["-p", "p.md", "week"],
    ] {
        assert!(
            run(here, command).contains(" log "),
            "{command:?} reads history"
        );
    }
    // Nothing undated to date, or no work tree: no process.
    repo.sandbox
        .write("stamped.md", "- [x] a ✅ 2026-11-01\n- [ ] b\n");
    assert_eq!(run(here, &["-p", "stamped.md", "list"]), "");
    let outside = Sandbox::new();
    outside.write("p.md", "- [x] a\n");
    assert_eq!(run(outside.path(), &["-p", "p.md", "list"]), "");
    // A plan git does not track has no history to walk (`git log --follow` on it
    // would read every commit to find none): one `ls-files` for the work tree, for
    // every such plan of the run, and no `log`.
    for n in 0..3 {
        repo.sandbox
            .write(&format!("untracked/u{n}.md"), "- [x] hand-ticked\n");
    }
    let asked = run(
        here,
        &[
            "list",
            "-p",
            "untracked/u0.md",
            "-p",
            "untracked/u1.md",
            "-p",
            "untracked/u2.md",
        ],
    );
    assert_eq!(asked.matches("ls-files").count(), 1, "{asked}");
    assert!(!asked.contains(" log "), "{asked}");
    let asked = run(here, &["lint", "untracked/u0.md"]);
    assert!(!asked.contains(" log "), "{asked}");
}

#[test]
fn report_and_week_count_inferred_done_dates() {
    let repo = Repo::new();
    let plan = "# P\n- [ ] a\n- [ ] b\n- [ ] c\n- [ ] d\n";
    repo.commit("p.md", plan, "2026-11-02T10:00:00+00:00");
    let one = plan.replace("[ ] a", "[x] a");
    repo.commit("p.md", &one, "2026-11-10T10:00:00+00:00");
    repo.commit(
        "p.md",
        &one.replace("[ ] b", "[x] b"),
        "2026-11-20T10:00:00+00:00",
    );
    let run = |args: &[&str]| {
        let out = repo
            .sandbox
            .roadmap()
            .args(["--today", TODAY, "-p", "p.md"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    // As if both had been stamped on those days.
    let stamped = Sandbox::new();
    stamped.write(
        "p.md",
        one.replace("[x] a", "[x] a ✅ 2026-11-10")
            .replace("[ ] b", "[x] b ✅ 2026-11-20"),
    );
    let report = run(&["report"]);
    assert!(
        report.contains("pace      at this pace done by 2026-12-08 — 1 done in the last 7 days, 2 in 28; 1.0 a week over 14 days"),
        "{report}"
    );
    let as_stamped = |args: &[&str]| {
        let out = stamped
            .roadmap()
            .args(["--today", TODAY, "-p", "p.md"])
            .args(args)
            .output()
            .unwrap();
        stdout(&out)
    };
    assert_eq!(report, as_stamped(&["report"]));
    let json = run(&["report", "--format", "json"]);
    assert!(json.contains("\"day\": \"2026-11-20\""), "{json}");
    assert_eq!(json, as_stamped(&["report", "--format", "json"]));
    let html = run(&["report", "--format", "html"]);
    assert!(
        html.contains("data-dated-done=\"2\""),
        "the burn-up has both"
    );
    let week = run(&["week"]);
    assert!(
        week.starts_with("Week 2026-11-18 — 2026-11-24: 1 done"),
        "{week}"
    );
    assert!(
        week.contains("- [x] b  p#") && week.contains("✅ 2026-11-20"),
        "{week}"
    );
    assert!(week.contains("p.md: 1.0 a week over 14 days"), "{week}");
    let week_json: Value = serde_json::from_str(&run(&["week", "--format", "json"])).unwrap();
    assert_eq!(week_json["done"][0]["done_on_source"], "git");
}

#[test]
fn check_stamp_still_dates_a_hand_ticked_task_today() {
    let repo = Repo::new();
    repo.commit("p.md", "- [ ] a\n", "2026-11-02T10:00:00+00:00");
    repo.commit("p.md", "- [x] a\n", "2026-11-03T10:00:00+00:00");
    assert_eq!(repo.dates("p.md")[0].1, "2026-11-03");
    let out = repo
        .sandbox
        .run(&["--today", TODAY, "-p", "p.md", "check", "--stamp", "a"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        repo.sandbox.read_text("p.md"),
        format!("- [x] a ✅ {TODAY}\n")
    );
    assert_eq!(
        repo.dates("p.md"),
        [("a".to_string(), TODAY.into(), "stamp".into())]
    );
}

/// A plan whose tasks are far enough apart for git to merge ticks of different
/// tasks without a conflict; `ticked` are ticked, `tail` is its last line.
fn far_apart(ticked: &[&str], tail: &str) -> String {
    let mut plan = String::from("# P\n");
    for task in ["a", "b", "c", "d"] {
        let then = if ticked.contains(&task) { "x" } else { " " };
        plan += &format!("\n## {task}\n\n- [{then}] {task}\n\nOne.\nTwo.\nThree.\nFour.\n");
    }
    plan + "\n" + tail + "\n"
}

impl Repo {
    /// `git merge` with these arguments, the merge commit made at `date`.
    fn merge(&self, args: &[&str], date: &str) {
        let out = git(self.sandbox.path())
            .args(["merge", "-q", "--no-edit"])
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .output()
            .unwrap();
        assert!(out.status.success(), "git merge {args:?}: {}", stderr(&out));
    }

    /// The done date and source of tasks a, b, c and d of `p.md`.
    fn abcd(&self) -> [(Value, Value); 4] {
        let dates = self.dates("p.md");
        ["a", "b", "c", "d"].map(|task| of(&dates, task))
    }
}

#[test]
fn ticks_on_either_side_of_a_merge_are_dated_by_the_commits_that_made_them() {
    // The review's case: a ticked on a branch, b on main meanwhile, then merged.
    // Read as one line, the branch's commit (b open) came right after the merge,
    // and b took the merge's day; `lint --fix` would have written it.
    let repo = Repo::new();
    repo.commit("p.md", &far_apart(&[], "end"), "2026-01-01T10:00:00+00:00");
    repo.git(&["checkout", "-q", "-b", "br"]);
    repo.commit(
        "p.md",
        &far_apart(&["a"], "end"),
        "2026-01-05T10:00:00+00:00",
    );
    repo.commit("notes.md", "other\n", "2026-01-06T10:00:00+00:00");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit(
        "p.md",
        &far_apart(&["b"], "end"),
        "2026-01-03T10:00:00+00:00",
    );
    let b_commit = repo.git(&["rev-parse", "HEAD"]);
    repo.merge(&["br"], "2026-01-10T10:00:00+00:00");
    // A setting that would make `git log` follow renames on one line again.
    repo.git(&["config", "log.follow", "true"]);
    assert_eq!(
        repo.sandbox.read_text("p.md"),
        far_apart(&["a", "b"], "end")
    );
    let expected = [git_day("2026-01-05"), git_day("2026-01-03"), none(), none()];
    assert_eq!(repo.abcd(), expected);
    let out = repo
        .sandbox
        .run(&["--today", TODAY, "lint", "--fix", "--write", "p.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = repo.sandbox.read_text("p.md");
    assert!(text.contains("- [x] a ✅ 2026-01-05\n"), "{text}");
    assert!(text.contains("- [x] b ✅ 2026-01-03\n"), "{text}");
    repo.git(&["checkout", "-q", "--", "p.md"]);
    // The other way round (main merged into the branch, as a `git pull` on the
    // branch would): the same days.
    repo.git(&["checkout", "-q", "br"]);
    repo.merge(&[b_commit.trim()], "2026-01-11T10:00:00+00:00");
    assert_eq!(repo.abcd(), expected);
}

#[test]
fn a_merge_from_a_side_that_ticked_when_the_other_left_the_plan_alone() {
    // `git pull` of ticks made elsewhere, with commits of other files here.
    let repo = Repo::new();
    repo.commit("p.md", &far_apart(&[], "end"), "2026-11-01T10:00:00+00:00");
    repo.git(&["checkout", "-q", "-b", "br"]);
    repo.commit(
        "p.md",
        &far_apart(&["a"], "end"),
        "2026-11-03T10:00:00+00:00",
    );
    repo.commit(
        "p.md",
        &far_apart(&["a", "c"], "end"),
        "2026-11-05T10:00:00+00:00",
    );
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("notes.md", "other\n", "2026-11-04T10:00:00+00:00");
    repo.merge(&["br"], "2026-11-08T10:00:00+00:00");
    // And a tick committed after the merge.
    repo.commit(
        "p.md",
        &far_apart(&["a", "c", "d"], "end"),
        "2026-11-09T10:00:00+00:00",
    );
    assert_eq!(
        repo.abcd(),
        [
            git_day("2026-11-03"),
            none(),
            git_day("2026-11-05"),
            git_day("2026-11-09")
        ]
    );
}

#[test]
fn a_task_ticked_on_both_sides_of_a_merge_takes_the_earlier_tick() {
    let repo = Repo::new();
    repo.commit("p.md", &far_apart(&[], "end"), "2026-11-01T10:00:00+00:00");
    repo.git(&["checkout", "-q", "-b", "br"]);
    repo.commit(
        "p.md",
        &far_apart(&["a"], "end"),
        "2026-11-04T10:00:00+00:00",
    );
    repo.git(&["checkout", "-q", "main"]);
    // Ticked here later, with another change: the merge differs from both sides.
    repo.commit(
        "p.md",
        &far_apart(&["a"], "end, edited"),
        "2026-11-06T10:00:00+00:00",
    );
    repo.merge(&["br"], "2026-11-08T10:00:00+00:00");
    assert_eq!(of(&repo.dates("p.md"), "a"), git_day("2026-11-04"));

    // The same tick on both sides, nothing else: the merge holds what both do.
    let repo = Repo::new();
    repo.commit("p.md", &far_apart(&[], "end"), "2026-11-01T10:00:00+00:00");
    repo.git(&["checkout", "-q", "-b", "br"]);
    repo.commit(
        "p.md",
        &far_apart(&["b"], "end"),
        "2026-11-04T10:00:00+00:00",
    );
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("other.md", "x\n", "2026-11-05T10:00:00+00:00");
    repo.commit(
        "p.md",
        &far_apart(&["b"], "end"),
        "2026-11-06T10:00:00+00:00",
    );
    repo.merge(&["br"], "2026-11-08T10:00:00+00:00");
    assert_eq!(of(&repo.dates("p.md"), "b"), git_day("2026-11-04"));
    // Ticked on both sides and unticked on one: the side where it stayed done.
    repo.git(&["checkout", "-q", "-b", "undo", "HEAD^1"]);
    repo.commit("p.md", &far_apart(&[], "end"), "2026-11-09T10:00:00+00:00");
    repo.commit(
        "p.md",
        &far_apart(&["b"], "end"),
        "2026-11-12T10:00:00+00:00",
    );
    repo.git(&["checkout", "-q", "br"]);
    repo.commit(
        "p.md",
        &far_apart(&["b"], "end, br"),
        "2026-11-10T10:00:00+00:00",
    );
    repo.merge(&["undo"], "2026-11-13T10:00:00+00:00");
    assert_eq!(of(&repo.dates("p.md"), "b"), git_day("2026-11-04"));
}

#[test]
fn fast_forwards_and_rebases_keep_the_day_of_the_tick() {
    let repo = Repo::new();
    repo.commit("p.md", &far_apart(&[], "end"), "2026-11-01T10:00:00+00:00");
    repo.git(&["checkout", "-q", "-b", "br"]);
    repo.commit(
        "p.md",
        &far_apart(&["a"], "end"),
        "2026-11-05T10:00:00+00:00",
    );
    repo.git(&["checkout", "-q", "main"]);
    repo.merge(&["--ff-only", "br"], "2026-11-08T10:00:00+00:00");
    assert_eq!(repo.abcd()[0], git_day("2026-11-05"));
    // `git pull --rebase`: the branch's tick replayed onto main's, a line again;
    // a rebase keeps the author date.
    repo.git(&["checkout", "-q", "-b", "later", "HEAD^"]);
    repo.commit(
        "p.md",
        &far_apart(&["b"], "end"),
        "2026-11-06T10:00:00+00:00",
    );
    repo.git(&["checkout", "-q", "main"]);
    repo.commit(
        "p.md",
        &far_apart(&["a", "c"], "end"),
        "2026-11-07T10:00:00+00:00",
    );
    let out = git(repo.sandbox.path())
        .args(["rebase", "-q", "main", "later"])
        .env("GIT_COMMITTER_DATE", "2026-11-20T10:00:00+00:00")
        .output()
        .unwrap();
    assert!(out.status.success(), "git rebase: {}", stderr(&out));
    assert_eq!(
        repo.abcd(),
        [
            git_day("2026-11-05"),
            git_day("2026-11-06"),
            git_day("2026-11-07"),
            none()
        ]
    );
}

#[test]
fn octopus_and_criss_cross_merges_date_each_tick_by_its_commit() {
    let repo = Repo::new();
    repo.commit("p.md", &far_apart(&[], "end"), "2026-11-01T10:00:00+00:00");
    for (task, day) in [("a", "03"), ("b", "04"), ("c", "05")] {
        repo.git(&["checkout", "-q", "-b", task, "main"]);
        let date = format!("2026-11-{day}T10:00:00+00:00");
        repo.commit("p.md", &far_apart(&[task], "end"), &date);
    }
    repo.git(&["checkout", "-q", "main"]);
    repo.merge(&["a", "b", "c"], "2026-11-08T10:00:00+00:00");
    assert_eq!(
        repo.git(&["log", "-1", "--format=%p"]).split(' ').count(),
        3,
        "an octopus"
    );
    assert_eq!(
        repo.abcd(),
        [
            git_day("2026-11-03"),
            git_day("2026-11-04"),
            git_day("2026-11-05"),
            none()
        ]
    );

    // Criss-cross: x and y each merge the other's tick, then each ticks d or not.
    let repo = Repo::new();
    repo.commit("p.md", &far_apart(&[], "end"), "2026-11-01T10:00:00+00:00");
    repo.git(&["checkout", "-q", "-b", "x"]);
    repo.commit(
        "p.md",
        &far_apart(&["a"], "end"),
        "2026-11-03T10:00:00+00:00",
    );
    repo.git(&["checkout", "-q", "-b", "y", "main"]);
    repo.commit(
        "p.md",
        &far_apart(&["b"], "end"),
        "2026-11-04T10:00:00+00:00",
    );
    let y = repo.git(&["rev-parse", "HEAD"]);
    repo.merge(&["x"], "2026-11-06T10:00:00+00:00");
    repo.git(&["checkout", "-q", "x"]);
    repo.merge(&[y.trim()], "2026-11-07T10:00:00+00:00");
    repo.commit(
        "p.md",
        &far_apart(&["a", "b", "d"], "end"),
        "2026-11-09T10:00:00+00:00",
    );
    repo.git(&["checkout", "-q", "y"]);
    repo.commit(
        "p.md",
        &far_apart(&["a", "b", "c"], "end"),
        "2026-11-10T10:00:00+00:00",
    );
    repo.merge(&["x"], "2026-11-12T10:00:00+00:00");
    assert_eq!(
        repo.abcd(),
        [
            git_day("2026-11-03"),
            git_day("2026-11-04"),
            git_day("2026-11-10"),
            git_day("2026-11-09")
        ]
    );
}

#[test]
fn lint_finds_hand_ticked_tasks_in_git_and_fix_writes_the_day_of_their_commit() {
    let repo = Repo::new();
    let open = "# P\n\n- [ ] ticked in a commit\r\n- [ ] ticked since\r\n- [x] born done\r\n";
    repo.commit("plans/p.md", open, "2026-11-01T10:00:00+03:00");
    let ticked = open.replacen("[ ] ticked in", "[x] ticked in", 1);
    repo.commit("plans/p.md", &ticked, "2026-11-10T23:30:00+03:00");
    let now = ticked.replacen("[ ] ticked since", "[x] ticked since", 1);
    repo.sandbox.write("plans/p.md", &now);
    let sandbox = &repo.sandbox;
    let out = sandbox.run(&["--today", TODAY, "lint"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "plans/p.md:3: done-without-date: done, with no ✅ date [fix: write ✅ 2026-11-10, the day of the commit that ticked it]\n\
         plans/p.md:4: done-without-date: done, with no ✅ date [fix: write ✅ 2026-11-24: ticked since the last commit]\n\
         plans/p.md:5: done-without-date: done, with no ✅ date\n"
    );
    let out = sandbox.run(&["--today", TODAY, "lint", "--fix", "--write"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the task born done has no date to write"
    );
    assert_eq!(
        sandbox.read_text("plans/p.md"),
        "# P\n\n- [x] ticked in a commit ✅ 2026-11-10\r\n- [x] ticked since ✅ 2026-11-24\r\n- [x] born done\r\n"
    );
    // Outside git and with no `stamp = true`, undated ticks are no finding.
    let outside = Sandbox::new();
    outside.write("plans/p.md", &now);
    assert_eq!(outside.run(&["lint"]).status.code(), Some(0));
    // `history = false`: found (the plan is in git), but no date is offered.
    sandbox.write("plans/q.md", &now);
    sandbox.write("roadmap.toml", "history = false\n");
    let out = sandbox.run(&["--today", TODAY, "lint", "plans/q.md"]);
    assert!(!stdout(&out).contains("[fix"), "{}", stdout(&out));
}

#[test]
fn a_parent_ticked_by_lint_is_dated_as_its_latest_subtask_dated_by_history() {
    let repo = Repo::new();
    let open = "- [ ] parent\n  - [ ] kid one\n  - [ ] kid two\n";
    repo.commit("plans/p.md", open, "2026-01-01T10:00:00+00:00");
    let one = open.replacen("[ ] kid one", "[x] kid one", 1);
    repo.commit("plans/p.md", &one, "2026-01-03T10:00:00+00:00");
    let two = one.replacen("[ ] kid two", "[x] kid two", 1);
    repo.commit("plans/p.md", &two, "2026-01-05T10:00:00+00:00");
    let out = repo
        .sandbox
        .run(&["--today", "2026-02-01", "lint", "--fix", "--write"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        repo.sandbox.read_text("plans/p.md"),
        "- [x] parent ✅ 2026-01-05\n  - [x] kid one ✅ 2026-01-03\n  - [x] kid two ✅ 2026-01-05\n"
    );
}
