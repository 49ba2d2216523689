//! Names (issue 10): an ID names exactly one task among all the plans a command
//! sees, whatever the plans' file names and links; `FILE:LINE` takes the path as
//! typed before a bare file name; plan discovery survives any file name.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use crate::support::{Sandbox, assert_error, data, json, stderr, stdout};

const PLAN: &str = "# Курс\n## Неделя 1\n- [ ] Прочитать главу 1\n- [ ] Сделать упражнения\n";

fn ids(tasks: &[serde_json::Value]) -> Vec<String> {
    tasks
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

fn assert_unique(tasks: &[serde_json::Value]) {
    let all = ids(tasks);
    let unique: BTreeSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "duplicate IDs among {all:?}");
}

#[test]
fn plans_with_one_file_name_in_two_folders_get_ids_of_their_own() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"*/plan.md\"]\n");
    sandbox.write("work/plan.md", PLAN);
    sandbox.write("home/plan.md", PLAN);
    let tasks = sandbox.tasks(&["list"]);
    assert_unique(&tasks);
    let all = ids(&tasks);
    assert!(all[0].starts_with("home/plan#"), "{all:?}");
    assert!(all[2].starts_with("work/plan#"), "{all:?}");
    // One ID ticks one task in one folder.
    let output = sandbox.run(&["check", &all[2]]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        sandbox
            .read_text("work/plan.md")
            .contains("- [x] Прочитать")
    );
    assert_eq!(sandbox.read_text("home/plan.md"), PLAN);
    // The ID as a command that saw only one of them prints it (`plan#…`) names
    // both here: refused as ambiguous, nothing written.
    let short = all[0].replacen("home/", "", 1);
    let alone = Sandbox::new();
    alone.write("plans/plan.md", PLAN);
    assert_eq!(ids(&alone.tasks(&["list"]))[0], short);
    let output = sandbox.run(&["check", "--undo", &short]);
    let err = assert_error(&output, &format!("`{short}` matches 2 tasks"));
    assert!(
        err.contains("home/plan#") && err.contains("work/plan#"),
        "{err}"
    );
    assert!(
        sandbox
            .read_text("work/plan.md")
            .contains("- [x] Прочитать")
    );
    // With --plan choosing one of them, its IDs carry the plain stem again, and the
    // qualified ID still names the task.
    let one = sandbox.tasks(&["-p", "work/plan.md", "list"]);
    assert_eq!(ids(&one)[0], short.clone());
    sandbox
        .roadmap()
        .args(["-p", "home/plan.md", "check", &all[1]])
        .assert()
        .success();
    assert!(sandbox.read_text("home/plan.md").contains("- [x] Сделать"));
    // But an ID of work/plan.md never names a task of home/plan.md, even with
    // the same text under the same headings (hence the same hash).
    let work_id = all[0].replacen("home/", "work/", 1);
    let output = sandbox.run(&["-p", "home/plan.md", "check", &work_id]);
    assert_error(&output, "no task matches");
    assert!(
        !sandbox
            .read_text("home/plan.md")
            .contains("- [x] Прочитать")
    );
}

#[test]
fn courses_of_readmes_each_have_their_own_ids() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"courses/**/README.md\"]\n");
    for course in ["go", "rust", "sql/basics", "sql/advanced", "deep/a/b/go"] {
        sandbox.write(&format!("courses/{course}/README.md"), PLAN);
    }
    let tasks = sandbox.tasks(&["list"]);
    assert_eq!(tasks.len(), 10);
    assert_unique(&tasks);
    let names: BTreeSet<String> = ids(&tasks)
        .iter()
        .map(|id| id.rsplit_once('#').unwrap().0.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "advanced/README",
            "b/go/README",
            "basics/README",
            "courses/go/README",
            "rust/README"
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    );
    for id in ids(&tasks) {
        let output = sandbox.run(&["check", "--dry-run", &id]);
        assert!(output.status.success(), "{id}: {}", stderr(&output));
        assert_eq!(stdout(&output).matches("\n+- [x]").count(), 1, "{id}");
    }
}

#[test]
fn ids_are_unique_in_a_vault_of_every_corpus_and_fixture_file_twice() {
    // Every real-world checklist and tricky fixture, each in two folders under the
    // same name: the class of "one file name, several plans".
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"**/*.md\"]\n");
    let mut files = 0;
    for folder in ["corpus", "fixtures"] {
        for entry in fs::read_dir(data().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            for copy in ["one", "two/deeper"] {
                fs::create_dir_all(sandbox.path().join(copy)).unwrap();
                fs::copy(&path, sandbox.path().join(copy).join(&name)).unwrap();
            }
            files += 1;
        }
    }
    assert!(files > 50, "{files} files");
    let tasks = sandbox.tasks(&["list"]);
    assert!(tasks.len() > 5_000, "{}", tasks.len());
    assert_unique(&tasks);
    // Each ID names its one task: resolving any of them is never ambiguous.
    for task in tasks.iter().step_by(97) {
        let id = task["id"].as_str().unwrap();
        let output = sandbox.run(&["check", "--dry-run", "--undo", id]);
        assert!(output.status.success(), "{id}: {}", stderr(&output));
    }
}

#[test]
fn bundled_plans_keep_their_ids() {
    let sandbox = Sandbox::with_bundled_plans();
    let tasks = sandbox.tasks(&["list"]);
    let all = ids(&tasks);
    assert!(all.contains(&"go-backend#b5a991".to_string()));
    assert!(all.contains(&"backend-roadmap#d5a48e".to_string()));
}

#[test]
fn a_plan_name_that_two_plans_answer_to_is_ambiguous() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"*/plan.md\"]\n");
    sandbox.write("work/plan.md", PLAN);
    sandbox.write("home/plan.md", PLAN);
    for command in [&["list"][..], &["next"], &["report"], &["check", "x"]] {
        let output = sandbox
            .roadmap()
            .args(["-p", "plan"])
            .args(command)
            .output()
            .unwrap();
        let err = assert_error(&output, "`plan` names 2 plans: home/plan.md, work/plan.md");
        assert!(err.contains("help: "), "{err}");
    }
    // Their ID names tell them apart.
    let tasks = sandbox.tasks(&["-p", "work/plan", "list"]);
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0]["plan"], "work/plan.md");
}

#[test]
fn a_plan_reached_only_through_links_keeps_its_ids_when_links_are_added() {
    let sandbox = Sandbox::new();
    sandbox.write("store/rust-2026.md", PLAN);
    sandbox.write("roadmap.toml", "plans = [\"links/*.md\"]\n");
    sandbox.symlink("../store/rust-2026.md", "links/m.md");
    let before = ids(&sandbox.tasks(&["list"]));
    assert!(before[0].starts_with("rust-2026#"), "{before:?}");
    for link in ["links/a.md", "links/z.md", "links/0.md"] {
        sandbox.symlink("../store/rust-2026.md", link);
        let now = sandbox.tasks(&["list"]);
        assert_eq!(now.len(), 2, "one plan, however many links");
        assert_eq!(ids(&now), before, "after adding {link}");
    }
    sandbox
        .roadmap()
        .args(["check", &before[0]])
        .assert()
        .success();
    assert!(
        sandbox
            .read_text("store/rust-2026.md")
            .contains("- [x] Прочитать")
    );
    assert!(
        fs::symlink_metadata(sandbox.path().join("links/a.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn file_and_line_takes_the_typed_path_before_a_bare_name() {
    let sandbox = Sandbox::new();
    sandbox.write("notes.md", "# Мои\n\n- [ ] своя задача\n");
    sandbox.write("plans/notes.md", "# План\n\n- [ ] задача плана\n");
    let output = sandbox.run(&["check", "notes.md:3"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        sandbox.read_text("notes.md"),
        "# Мои\n\n- [x] своя задача\n"
    );
    assert_eq!(
        sandbox.read_text("plans/notes.md"),
        "# План\n\n- [ ] задача плана\n"
    );
    // The same from inside plans/: the typed path is now the plan.
    let output = sandbox
        .roadmap()
        .current_dir(sandbox.path().join("plans"))
        .args(["-C", "..", "check", "plans/notes.md:3"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        sandbox
            .read_text("plans/notes.md")
            .contains("- [x] задача плана")
    );
}

#[test]
fn a_bare_file_name_that_several_plans_have_is_ambiguous() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = [\"*/todo.md\"]\n");
    sandbox.write("a/todo.md", "- [ ] one\n- [ ] two\n");
    sandbox.write("b/todo.md", "- [ ] three\n- [ ] four\n");
    let output = sandbox.run(&["check", "todo.md:2"]);
    let err = assert_error(
        &output,
        "`todo.md:2`: `todo.md` names 2 plans: a/todo.md, b/todo.md",
    );
    assert!(err.contains("help: write the file's path"), "{err}");
    assert_eq!(sandbox.read_text("a/todo.md"), "- [ ] one\n- [ ] two\n");
    assert_eq!(sandbox.read_text("b/todo.md"), "- [ ] three\n- [ ] four\n");
    sandbox
        .roadmap()
        .args(["check", "b/todo.md:2"])
        .assert()
        .success();
    assert_eq!(sandbox.read_text("b/todo.md"), "- [ ] three\n- [x] four\n");
    // A name that only one plan has still works bare.
    sandbox.write("a/other.md", "- [ ] five\n");
    sandbox.write("roadmap.toml", "plans = [\"*/*.md\"]\n");
    sandbox
        .roadmap()
        .args(["check", "other.md:1"])
        .assert()
        .success();
    assert_eq!(sandbox.read_text("a/other.md"), "- [x] five\n");
}

/// Names that are not UTF-8, with spaces, newlines and escapes, of every length.
fn odd_names() -> Vec<Vec<u8>> {
    vec![
        b"photo\xe9.png".to_vec(),
        b"caf\xe9.md".to_vec(),
        b"\xff\xfe.md".to_vec(),
        b"with space.md".to_vec(),
        b"new\nline.md".to_vec(),
        b"esc\x1b]0;pwned\x07.md".to_vec(),
        vec![b'x'; 252].into_iter().chain(*b".md").collect(),
    ]
}

fn write_bytes_name(dir: &Path, name: &[u8], text: &str) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    let path = dir.join(std::ffi::OsStr::from_bytes(name));
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn odd_file_names_anywhere_a_glob_looks_stop_nothing() {
    // The default glob, a configured one, a recursive one, an absolute one, `~/`.
    let sandbox = Sandbox::new();
    let home = sandbox.mkdir("home");
    let absolute = sandbox.path().join("abs");
    let configs = [
        None,
        Some("plans = [\"plans/*.md\"]\n".to_string()),
        Some("plans = [\"**/*.md\"]\n".to_string()),
        Some(format!("plans = [\"{}/*.md\"]\n", absolute.display())),
        Some("plans = [\"~/notes/*.md\"]\n".to_string()),
    ];
    for dir in ["plans", "abs", "home/notes"] {
        for name in odd_names() {
            write_bytes_name(&sandbox.path().join(dir), &name, PLAN);
        }
        // A folder with an odd name, too.
        write_bytes_name(
            &sandbox
                .path()
                .join(dir)
                .join(std::ffi::OsStr::from_bytes(b"d\xe9")),
            b"in.md",
            PLAN,
        );
    }
    for config in &configs {
        match config {
            Some(text) => sandbox.write("roadmap.toml", text),
            None => {
                let _ = fs::remove_file(sandbox.path().join("roadmap.toml"));
                sandbox.path().join("roadmap.toml")
            }
        };
        for command in [
            &["list", "--format", "json"][..],
            &["next"],
            &["report"],
            &["report", "--format", "html"],
            &["milestone"],
            &["list"],
        ] {
            let output = sandbox
                .roadmap()
                .env("HOME", &home)
                .args(command)
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{config:?} {command:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let text = String::from_utf8_lossy(&output.stdout);
            // Names are shown, escaped where they hold control characters.
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}'),
                "{command:?}"
            );
        }
        let tasks: Vec<serde_json::Value> = json(
            &sandbox
                .roadmap()
                .env("HOME", &home)
                .args(["list", "--format", "json"])
                .output()
                .unwrap(),
        );
        assert_unique(&tasks);
        // Every plan is checkable by ID, whatever its name.
        for task in tasks.iter().step_by(2) {
            let id = task["id"].as_str().unwrap();
            let output = sandbox
                .roadmap()
                .env("HOME", &home)
                .args(["check", "--dry-run", id])
                .output()
                .unwrap();
            assert!(output.status.success(), "{id}: {}", stderr(&output));
        }
    }
}

#[test]
fn a_working_directory_that_is_not_utf8_finds_its_plans() {
    let sandbox = Sandbox::new();
    let odd = sandbox
        .path()
        .join(std::ffi::OsStr::from_bytes(b"\xe9tudes"));
    write_bytes_name(&odd.join("plans"), b"go.md", PLAN);
    let output = sandbox
        .roadmap()
        .current_dir(&odd)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output).len(), 2);
    let output = sandbox
        .roadmap()
        .arg("-C")
        .arg(&odd)
        .args(["check", "plans/go.md:3"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        fs::read_to_string(odd.join("plans/go.md"))
            .unwrap()
            .contains("- [x]")
    );
}

#[test]
fn an_absolute_glob_and_a_home_glob_find_plans() {
    let sandbox = Sandbox::new();
    let elsewhere = Sandbox::new();
    elsewhere.write("study/a.md", PLAN);
    elsewhere.write("study/.hidden.md", PLAN);
    elsewhere.write("study/sub/b.md", PLAN);
    sandbox.write(
        "roadmap.toml",
        format!("plans = [\"{}/study/*.md\"]\n", elsewhere.path().display()),
    );
    let tasks = sandbox.tasks(&["list"]);
    assert_eq!(
        tasks.len(),
        2,
        "only study/a.md: * crosses no / and skips dot files"
    );
    sandbox.write("roadmap.toml", "plans = [\"~/study/**/*.md\"]\n");
    let output = sandbox
        .roadmap()
        .env("HOME", elsewhere.path())
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output).len(), 4, "a.md and sub/b.md");
    sandbox.write("roadmap.toml", "plans = [\"study/[.md\"]\n");
    let output = sandbox.run(&["list"]);
    assert_error(&output, "bad plans pattern `study/[.md`");
}

#[test]
fn empty_plan_lists_and_names_say_so() {
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "plans = []\n");
    let output = sandbox.run(&["list"]);
    let err = assert_error(&output, "roadmap.toml lists no plans (plans = [])");
    assert!(!err.contains("lists ,"), "{err}");
    let output = sandbox.run(&["-p", "", "list"]);
    let err = assert_error(&output, "--plan: empty plan name");
    assert!(!err.contains("directory"), "{err}");
}
