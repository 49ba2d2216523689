//! Byte-exactness on every corpus and fixture file: each task in turn is changed by
//! its ID and by `FILE:LINE`, and the new file must differ from the old in exactly
//! the status byte; changing it back restores the original bytes; `--stamp` then
//! `--undo` restores them too.
//!
//! These run the command in-process (`roadmap::run`, the same path the binary
//! takes) because they make about 16,000 edits; a process per edit would take
//! minutes. Files live under /dev/shm when it exists, where fsync is free.

use std::fs;
use std::path::{Path, PathBuf};

use clap::Parser;
use roadmap::cli::Cli;
use roadmap::plan::{Plan, Status};

use crate::support::{TODAY, data};

/// Runs `roadmap -C dir ARGS…` in-process; panics on failure with its stderr.
fn run(dir: &Path, args: &[&str]) {
    let mut argv = vec!["roadmap", "-C", dir.to_str().unwrap(), "--today", TODAY];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(&argv).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let result = roadmap::Context::from_cli(&cli)
        .and_then(|ctx| roadmap::run(&cli, &ctx, &mut out, &mut err));
    assert!(
        result.is_ok(),
        "{argv:?}: {:?}\n{}",
        result,
        String::from_utf8_lossy(&err)
    );
}

fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    }
}

/// The byte positions where two equally long files differ.
fn differing(a: &[u8], b: &[u8]) -> Vec<usize> {
    assert_eq!(
        a.len(),
        b.len(),
        "a status change must not change the length"
    );
    (0..a.len()).filter(|&i| a[i] != b[i]).collect()
}

/// The flag that sets a task back to `status`.
fn back_to(status: Status) -> &'static str {
    match status {
        Status::Todo => "--undo",
        Status::Doing => "--start",
        Status::Skipped => "--skip",
        Status::Done => "--no-stamp",
    }
}

fn sweep(folder: &str) -> (usize, usize) {
    let source = data().join(folder);
    let mut files: Vec<PathBuf> = fs::read_dir(&source)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let mut edits = 0;
    let mut tasks = 0;
    let mut problems = Vec::new();
    for file in files {
        let original = fs::read(&file).unwrap();
        let Ok(text) = String::from_utf8(original.clone()) else {
            continue;
        };
        let name = file.file_name().unwrap().to_str().unwrap().to_string();
        let plan = Plan::parse(PathBuf::from(&name), text);
        if plan.tasks.is_empty() {
            continue;
        }
        let dir = scratch();
        let path = dir.path().join(&name);
        fs::write(&path, &original).unwrap();
        for task in &plan.tasks {
            tasks += 1;
            let location = format!("{name}:{}", task.line);
            for selector in [task.id.as_str(), location.as_str()] {
                // Away from the original status, then back.
                let (away, want) = if task.status == Status::Done {
                    ("--undo", b' ')
                } else {
                    ("--no-stamp", b'x')
                };
                run(dir.path(), &["--plan", &name, "check", away, selector]);
                let changed = fs::read(&path).unwrap();
                edits += 1;
                let at = task.offset;
                if task.done_span.is_some() && task.status == Status::Done {
                    // Undo also removes the done date: restore the file and move on.
                    fs::write(&path, &original).unwrap();
                    continue;
                }
                if differing(&original, &changed) != [at] || changed[at] != want {
                    problems.push(format!(
                        "{location}: `check {away} {selector}` changed more than the status byte"
                    ));
                }
                run(
                    dir.path(),
                    &["--plan", &name, "check", back_to(task.status), selector],
                );
                edits += 1;
                let restored = fs::read(&path).unwrap();
                let mut expected = original.clone();
                if task.status == Status::Done {
                    expected[at] = b'x'; // `[X]` comes back as `[x]`
                }
                if restored != expected {
                    problems.push(format!(
                        "{location}: changing {selector} back did not restore the file"
                    ));
                }
                if restored != original {
                    fs::write(&path, &original).unwrap();
                }
            }
            if task.status == Status::Todo {
                run(
                    dir.path(),
                    &["--plan", &name, "check", "--stamp", task.id.as_str()],
                );
                let stamped = fs::read(&path).unwrap();
                let mut expected = original.clone();
                expected[task.offset] = b'x';
                let stamp = format!(" ✅ {TODAY}");
                expected.splice(task.stamp_at..task.stamp_at, stamp.bytes());
                if stamped != expected {
                    problems.push(format!(
                        "{location}: --stamp wrote something other than the box and the date"
                    ));
                }
                run(
                    dir.path(),
                    &["--plan", &name, "check", "--undo", task.id.as_str()],
                );
                edits += 2;
                if fs::read(&path).unwrap() != original {
                    problems.push(format!(
                        "{location}: --stamp then --undo did not restore the file"
                    ));
                    fs::write(&path, &original).unwrap();
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    eprintln!("{folder}: {tasks} tasks, {edits} edits, all byte-exact");
    (tasks, edits)
}

#[test]
fn every_fixture_task_edits_byte_exactly() {
    let (tasks, _) = sweep("fixtures");
    assert!(tasks >= 100);
}

#[test]
fn every_corpus_task_edits_byte_exactly() {
    let (tasks, _) = sweep("corpus");
    assert!(tasks >= 2600);
}

/// The same text with other line ends: every line end made a lone CR (classic Mac
/// OS), or LF, CRLF and CR in turn.
fn line_end_variants(text: &str) -> [(&'static str, String); 3] {
    let mut lone_cr = String::with_capacity(text.len());
    let mut mixed = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let Some(body) = line.strip_suffix('\n') else {
            lone_cr.push_str(line);
            mixed.push_str(line);
            continue;
        };
        let body = body.strip_suffix('\r').unwrap_or(body);
        lone_cr.push_str(body);
        lone_cr.push('\r');
        mixed.push_str(body);
        mixed.push_str(["\n", "\r\n", "\r"][i % 3]);
    }
    [
        ("", text.to_string()),
        (" (lone CR)", lone_cr),
        (" (mixed)", mixed),
    ]
}

/// Applies `diff` in `dir` with `patch -p1` or `git apply` (in a scratch repository);
/// panics with `name` when the tool refuses it.
fn apply(tool: &str, dir: &Path, diff: &[u8], name: &str) {
    fs::write(dir.join("change.diff"), diff).unwrap();
    let out = if tool == "patch" {
        std::process::Command::new("patch")
            .args(["-p1", "-s", "-i", "change.diff"])
            .current_dir(dir)
            .output()
            .unwrap()
    } else {
        let git = |args: &[&str]| {
            std::process::Command::new("git")
                .args(["-c", "core.autocrlf=false", "-c", "apply.whitespace=nowarn"])
                .args(args)
                .current_dir(dir)
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .output()
                .unwrap()
        };
        assert!(git(&["init", "-q", "."]).status.success());
        git(&["apply", "change.diff"])
    };
    assert!(
        out.status.success(),
        "{name}: {tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::remove_file(dir.join("change.diff")).unwrap();
    let _ = fs::remove_dir_all(dir.join(".git"));
}

/// `check --dry-run` on every corpus and fixture file writes nothing, and its diff,
/// applied with `patch -p1` and with `git apply`, gives exactly what a real run
/// writes (CRLF, BOM and a missing final newline included); and so it does when the
/// file's line ends are made lone CRs or a mix of LF, CRLF and CR (issue 10, item 15).
#[test]
fn dry_run_diffs_apply_to_give_what_a_real_run_writes() {
    let tools: Vec<&str> = ["patch", "git"]
        .into_iter()
        .filter(|t| crate::support::have(t))
        .collect();
    if tools.is_empty() {
        return;
    }
    let mut files = 0;
    for folder in ["corpus", "fixtures"] {
        let mut paths: Vec<PathBuf> = fs::read_dir(data().join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.sort();
        for file in paths {
            let Ok(text) = String::from_utf8(fs::read(&file).unwrap()) else {
                continue;
            };
            let name = file.file_name().unwrap().to_str().unwrap().to_string();
            for (variant, text) in line_end_variants(&text) {
                let case = format!("{name}{variant}");
                let original = text.as_bytes();
                let plan = Plan::parse(PathBuf::from(&name), text.clone());
                let open: Vec<_> = plan
                    .tasks
                    .iter()
                    .filter(|t| t.status == Status::Todo)
                    .collect();
                if open.is_empty() {
                    continue;
                }
                // The first, a middle and the last open task, by FILE:LINE.
                let mut chosen: Vec<String> = [0, open.len() / 2, open.len() - 1]
                    .iter()
                    .map(|&i| format!("{name}:{}", open[i].line))
                    .collect();
                chosen.dedup();
                let real = scratch();
                fs::write(real.path().join(&name), original).unwrap();
                let dry = crate::support::roadmap()
                    .current_dir(real.path())
                    .args(["--plan", &name, "check", "--dry-run", "--stamp"])
                    .args(&chosen)
                    .output()
                    .unwrap();
                assert!(
                    dry.status.success(),
                    "{case}: {}",
                    String::from_utf8_lossy(&dry.stderr)
                );
                assert_eq!(
                    fs::read(real.path().join(&name)).unwrap(),
                    original,
                    "{case}: a dry run wrote"
                );
                let mut args = vec!["--plan", &name, "check", "--stamp"];
                args.extend(chosen.iter().map(String::as_str));
                run(real.path(), &args);
                let written = fs::read(real.path().join(&name)).unwrap();
                for tool in &tools {
                    let copy = scratch();
                    fs::write(copy.path().join(&name), original).unwrap();
                    apply(tool, copy.path(), &dry.stdout, &case);
                    assert!(
                        fs::read(copy.path().join(&name)).unwrap() == written,
                        "{case}: the file {tool} gives differs from a real run"
                    );
                }
                files += 1;
            }
        }
    }
    assert!(files >= 170, "only {files} files had open tasks");
}

/// After any change of status, parsing again gives the same tasks with only that
/// status changed (or `check` refuses the change): on every fixture and on the
/// corpus files under 64 KB (the larger ones make this quadratic test slow; the
/// byte sweep above covers every file).
#[test]
fn reparsing_after_every_edit_gives_the_same_tasks() {
    let mut checked = 0;
    for folder in ["fixtures", "corpus"] {
        for entry in fs::read_dir(data().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let Ok(bytes) = fs::read(&path) else { continue };
            if path.extension().is_none_or(|e| e != "md") || bytes.len() > 64 * 1024 {
                continue;
            }
            let Ok(text) = String::from_utf8(bytes) else {
                continue;
            };
            if let Err(e) = crate::differential::edit_properties(&text) {
                panic!("{}: {e}", path.display());
            }
            checked += 1;
        }
    }
    assert!(checked >= 60, "{checked}");
}
