//! Faults and concurrency: `kill -9` at random moments, writers racing, files that
//! change under us, and files or directories that cannot be written.
//!
//! Bounded for CI (a few seconds each). `ROADMAP_LONG=1` runs the long mode
//! (1,000 kills, 50 rounds of 8 writers).

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Sandbox, json, roadmap, stderr};

fn long() -> bool {
    std::env::var_os("ROADMAP_LONG").is_some()
}

/// A plan of about `tasks` open tasks, a few MB at 20,000.
fn big_plan(tasks: usize) -> String {
    let mut text = String::from("# Большой план\n\n");
    for i in 0..tasks {
        if i % 50 == 0 {
            text.push_str(&format!("\n## Неделя {}\n\n", i / 50 + 1));
        }
        text.push_str(&format!(
            "- [ ] Задача номер {i}: прочитать главу и сделать упражнения 🎯 {}\n",
            "текст ".repeat(i % 20)
        ));
    }
    text
}

/// A small deterministic generator for kill delays (no dependency needed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".roadmap-tmp"))
        .collect()
}

#[test]
fn kill_9_leaves_old_or_new_bytes_and_no_lasting_temp_file() {
    let sandbox = Sandbox::new();
    let old = big_plan(20_000);
    let path = sandbox.write("plans/big.md", &old);
    // What a complete run writes: every task under Неделя 7 done.
    let output = sandbox
        .roadmap()
        .args(["check", "--all", "Задача номер 3"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let new = fs::read_to_string(&path).unwrap();
    assert_ne!(new, old);

    let binary = assert_cmd::cargo::cargo_bin("roadmap");
    let kills = if long() { 1_000 } else { 150 };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut saw_old, mut saw_new, mut saw_temp) = (0, 0, 0);
    // Calibrate: how long does a run take? Kill anywhere within it.
    let start = Instant::now();
    fs::write(&path, &old).unwrap();
    let status = Process::new(&binary)
        .current_dir(sandbox.path())
        .args(["check", "--all", "Задача номер 3"])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let span = start.elapsed().as_micros().max(1_000) as u64;

    for _ in 0..kills {
        fs::write(&path, &old).unwrap();
        let mut child = Process::new(&binary)
            .current_dir(sandbox.path())
            .args(["check", "--all", "Задача номер 3"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.next() % (span + span / 4)));
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        let now = fs::read_to_string(&path).unwrap();
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            panic!("the plan holds neither the old nor the new bytes after a kill");
        }
        if !temp_files(path.parent().unwrap()).is_empty() {
            saw_temp += 1;
        }
    }
    eprintln!(
        "{kills} kills: {saw_old} left the old bytes, {saw_new} the new; {saw_temp} left a temp file"
    );
    assert!(
        saw_old > 0 && saw_new > 0,
        "kills should land before and after the rename"
    );

    // The next run cleans up whatever temporary file a killed run left.
    fs::write(&path, &old).unwrap();
    sandbox.write(
        &format!("plans/.big.md.KILLED{}.roadmap-tmp", saw_temp),
        "partial",
    );
    sandbox
        .roadmap()
        .args(["check", "--all", "Задача номер 3"])
        .assert()
        .success();
    assert_eq!(
        temp_files(&sandbox.path().join("plans")),
        Vec::<String>::new()
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), new);
}

#[test]
fn eight_concurrent_writers_lose_no_update() {
    let sandbox = Sandbox::new();
    let rounds = if long() { 50 } else { 3 };
    let binary = assert_cmd::cargo::cargo_bin("roadmap");
    for round in 0..rounds {
        let text = big_plan(2_000);
        let path = sandbox.write("plans/shared.md", &text);
        let list = sandbox
            .roadmap()
            .args(["list", "--format", "json"])
            .output()
            .unwrap();
        let ids: Vec<String> = json(&list)
            .iter()
            .step_by(97)
            .take(8)
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids.len(), 8);
        let children: Vec<_> = ids
            .iter()
            .map(|id| {
                Process::new(&binary)
                    .current_dir(sandbox.path())
                    .args(["check", id])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let after = sandbox
            .roadmap()
            .args(["list", "--format", "json", "--status", "done"])
            .output()
            .unwrap();
        let done: Vec<String> = json(&after)
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect();
        let mut want = ids.clone();
        want.sort();
        let mut got = done.clone();
        got.sort();
        assert_eq!(got, want, "round {round}: an update was lost");
        let bytes = fs::read(&path).unwrap();
        assert_eq!(bytes.len(), text.len());
    }
}

#[test]
fn a_file_changed_between_read_and_write_is_not_written() {
    use roadmap::{edit, files, plan::Plan, plan::Status};

    let sandbox = Sandbox::new();
    let path = sandbox.write("plan.md", "- [ ] a\n- [ ] b\n");
    let load = || {
        let (snapshot, bytes) = files::read(&path, "plan.md".as_ref()).unwrap();
        let text = files::text("plan.md".as_ref(), &bytes).unwrap().to_string();
        let plan = Plan::parse("plan.md".into(), text.clone());
        (snapshot, plan, text)
    };
    let (snapshot, plan, text) = load();
    let new = edit::apply(&text, &edit::set_status(&plan.tasks[0], Status::Done, None));

    // An editor saves the file in between: same length, and the mtime set back, so
    // that only the bytes tell (the last look before the rename reads them).
    let mtime = fs::metadata(&path).unwrap().modified().unwrap();
    fs::write(&path, "- [ ] A\n- [ ] b\n").unwrap();
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let lock = files::lock_dir(sandbox.path()).unwrap();
    let err = files::write(&snapshot, &text, &new, &lock).unwrap_err();
    assert!(
        err.to_string()
            .contains("changed on disk since it was read"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "- [ ] A\n- [ ] b\n");

    // An editor that saves by rename (new inode) is caught too.
    let (snapshot, plan, text) = load();
    let new = edit::apply(&text, &edit::set_status(&plan.tasks[0], Status::Done, None));
    let other = sandbox.write("other.md", "- [ ] A\n- [ ] b\n");
    fs::rename(&other, &path).unwrap();
    let err = files::write(&snapshot, &text, &new, &lock).unwrap_err();
    assert!(err.to_string().contains("changed on disk"), "{err}");
    assert!(temp_files(sandbox.path()).is_empty());
}

/// Runs `roadmap` as the unprivileged user `nobody`, so that permissions apply even
/// when the tests run as root.
fn as_nobody(sandbox: &Sandbox, args: &[&str]) -> std::process::Output {
    let binary = assert_cmd::cargo::cargo_bin("roadmap");
    let is_root = Process::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    let mut cmd = if is_root {
        let mut c = Process::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&binary);
        c
    } else {
        Process::new(&binary)
    };
    cmd.current_dir(sandbox.path()).args(args).output().unwrap()
}

fn open_up(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_read_only_directory_refuses_cleanly() {
    if !crate::support::have("setpriv") {
        return;
    }
    let sandbox = Sandbox::new();
    open_up(sandbox.path(), 0o755);
    let path = sandbox.write("plans/p.md", "- [ ] a\n");
    open_up(&path, 0o666); // the file itself is writable by anyone
    open_up(&sandbox.path().join("plans"), 0o555); // but no temp file can be made
    let output = as_nobody(&sandbox, &["check", "a"]);
    open_up(&sandbox.path().join("plans"), 0o755);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let err = stderr(&output);
    assert!(
        err.contains("plans/p.md: not written: no temporary file can be made"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "- [ ] a\n");

    // Another user's file, writable by all, must not silently change owner.
    open_up(&sandbox.path().join("plans"), 0o777);
    let output = as_nobody(&sandbox, &["check", "a"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(
        stderr(&output).contains("would change its owner"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "- [ ] a\n");
}

#[test]
fn a_full_disk_fails_cleanly() {
    let sandbox = Sandbox::new();
    let mount = sandbox.path().join("small");
    fs::create_dir(&mount).unwrap();
    let mounted = Process::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&mount)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    }
    // A 40 KB plan fits once, but not twice: the temporary copy cannot be written.
    let plan = format!(
        "- [ ] first\n{}",
        "- [ ] filler line of a plan\n".repeat(1_500)
    );
    fs::write(mount.join("p.md"), &plan).unwrap();
    let output = roadmap()
        .current_dir(&mount)
        .args(["--plan", "p.md", "check", "--stamp", "first"])
        .output()
        .unwrap();
    let umount = || {
        let _ = Process::new("umount").arg(&mount).status();
    };
    let on_disk = fs::read_to_string(mount.join("p.md")).unwrap();
    let leftovers = temp_files(&mount);
    umount();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(
        stderr(&output).contains("No space left") || stderr(&output).contains("no space left"),
        "{}",
        stderr(&output)
    );
    assert_eq!(on_disk, plan, "the plan is untouched");
    assert!(leftovers.is_empty(), "temporary file left: {leftovers:?}");
}

#[test]
fn fifo_device_and_directory_are_not_plans() {
    let sandbox = Sandbox::new();
    let fifo = sandbox.path().join("pipe.md");
    let made = Process::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let mut cases = vec![("/dev/null".to_string(), "not a regular file")];
    if made {
        cases.push(("pipe.md".into(), "not a regular file"));
    }
    fs::create_dir(sandbox.path().join("dir.md")).unwrap();
    cases.push(("dir.md".into(), "a directory"));
    for (plan, message) in cases {
        let started = Instant::now();
        let output = sandbox
            .roadmap()
            .args(["--plan", &plan, "list"])
            .output()
            .unwrap();
        assert!(started.elapsed() < Duration::from_secs(5), "{plan}: hung");
        assert_eq!(output.status.code(), Some(2), "{plan}");
        assert!(
            stderr(&output).contains(message),
            "{plan}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn a_change_markdown_would_read_as_more_than_a_status_is_refused() {
    // Found by the fuzzer: `[ ]` with nothing after it over a `-` line is a task,
    // but `[/]` there turns the item into a heading. `check --start` must refuse.
    let sandbox = Sandbox::new();
    sandbox.write("plans/p.md", "- [ ] \n  -\n- [ ] fine\n");
    let output = sandbox
        .roadmap()
        .args(["check", "--start", "plans/p.md:1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("plans/p.md: not written: line 1: after this change Markdown would no longer read it as the same task"), "{err}");
    assert_eq!(sandbox.read_text("plans/p.md"), "- [ ] \n  -\n- [ ] fine\n");
    // Ticking it done is a change within GFM boxes, and fine.
    sandbox
        .roadmap()
        .args(["check", "plans/p.md:1"])
        .assert()
        .success();
    assert_eq!(sandbox.read_text("plans/p.md"), "- [x] \n  -\n- [ ] fine\n");
}
