//! What a hostile review of issue 10's work found, each kept as a test of its
//! class: outputs that replaced files they should have written into, IDs and
//! locations that named the wrong task, metadata and flags dropped, folders skipped
//! in silence, escapes that let a line be forged, markup passed through.

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Sandbox, TODAY, assert_error, json, stderr, stdout};

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("roadmap")
}

fn sh(dir: &Path, script: &str) -> std::process::Output {
    Process::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("ROADMAP_TODAY", TODAY)
        .env("R", binary())
        .output()
        .unwrap()
}

fn is_root() -> bool {
    Process::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n")
}

#[test]
fn report_output_never_replaces_a_plan_left_out_by_plan() {
    let sandbox = Sandbox::with_bundled_plans();
    let before = sandbox.read("plans/backend-roadmap.md");
    let out = sandbox.run(&[
        "-p",
        "go-backend",
        "report",
        "-o",
        "plans/backend-roadmap.md",
    ]);
    assert_error(&out, "it is a plan (plans/backend-roadmap.md)");
    assert_eq!(sandbox.read("plans/backend-roadmap.md"), before);
}

#[test]
fn report_output_to_a_descriptor_adds_to_it_and_never_replaces_its_file() {
    let sandbox = Sandbox::with_bundled_plans();
    let out = sh(
        sandbox.path(),
        "printf 'precious\\n' > log.txt; \"$R\" report -o /dev/stdout >> log.txt",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let log = sandbox.read_text("log.txt");
    assert!(
        log.starts_with("precious\n") && log.contains("go-backend"),
        "{log}"
    );
    // Through a pipe and to standard error too.
    let out = sh(
        sandbox.path(),
        "\"$R\" report -o /dev/stdout | cat; \"$R\" report -o /dev/stderr 2> err.txt",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("go-backend"));
    assert!(sandbox.read_text("err.txt").contains("go-backend"));
}

#[test]
fn report_output_files_get_no_colour_even_from_a_terminal() {
    let sandbox = Sandbox::with_bundled_plans();
    let out = sandbox
        .roadmap()
        .env("CLICOLOR_FORCE", "1")
        .env("COLUMNS", "40")
        .args(["report", "-o", "r.txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = sandbox.read_text("r.txt");
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(
        text.lines().any(|l| l.chars().count() > 40),
        "not cut to the terminal"
    );
}

#[test]
fn init_force_refuses_what_is_not_a_file() {
    let sandbox = Sandbox::new();
    sandbox.mkdir("plans");
    let fifo = sandbox.path().join("plans/go-backend.md");
    assert!(
        Process::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out = sandbox
        .roadmap()
        .args(["init", "--force", "go-backend"])
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    assert_error(&out, "not a regular file");
    fs::remove_file(&fifo).unwrap();
    sandbox.symlink("/dev/null", "plans/go-backend.md");
    let out = sandbox.run(&["init", "--force", "go-backend"]);
    assert_error(&out, "not a regular file");
}

#[test]
fn an_id_that_names_two_tasks_is_refused_even_with_all() {
    let sandbox = Sandbox::new();
    sandbox.write("work/plan.md", "# W\n- [ ] read\n- [ ] write\n");
    sandbox.write("home/plan.md", "# W\n- [ ] read\n");
    sandbox.write("roadmap.toml", "plans = [\"*/plan.md\"]\n");
    let short = json(&sandbox.run(&["-p", "work/plan.md", "list", "--format", "json"]))[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = sandbox.run(&["check", "--all", "write", &short]);
    assert_error(&out, &format!("`{short}` matches 2 tasks"));
    assert_eq!(sandbox.read_text("home/plan.md"), "# W\n- [ ] read\n");
    assert_eq!(
        sandbox.read_text("work/plan.md"),
        "# W\n- [ ] read\n- [ ] write\n"
    );
}

#[test]
fn a_line_means_the_task_that_was_on_it_when_the_plan_moves_meanwhile() {
    if !crate::support::have("strace") {
        return;
    }
    let sandbox = Sandbox::new();
    sandbox.write("plans/a.md", "# P\n- [ ] one\n- [ ] two\n- [ ] three\n");
    // The lock is held back a second; meanwhile an editor inserts a task above.
    let child = Process::new("strace")
        .args([
            "-f",
            "-qq",
            "-o",
            "/dev/null",
            "-e",
            "inject=flock:delay_enter=1000000:when=1",
        ])
        .arg(binary())
        .args(["check", "plans/a.md:3"])
        .current_dir(sandbox.path())
        .env("ROADMAP_TODAY", TODAY)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    fs::write(
        sandbox.path().join("plans/a.md"),
        "# P\n- [ ] zero\n- [ ] one\n- [ ] two\n- [ ] three\n",
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // `two` was on line 3: it is the one ticked, now on line 4.
    assert_eq!(
        sandbox.read_text("plans/a.md"),
        "# P\n- [ ] zero\n- [ ] one\n- [x] two\n- [ ] three\n"
    );
    assert_eq!(stdout(&out), "plans/a.md:4: [ ] → [x] two\n");
}

#[test]
fn a_permission_narrowed_while_the_copy_is_made_is_not_widened_back() {
    if !crate::support::have("strace") {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    let path = sandbox.write("plans/a.md", "# P\n- [ ] one\n");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let child = Process::new("strace")
        .args([
            "-f",
            "-qq",
            "-o",
            "/dev/null",
            "-e",
            "inject=fsync:delay_exit=1000000:when=1",
        ])
        .arg(binary())
        .args(["check", "one"])
        .current_dir(sandbox.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("changed on disk"), "{}", stderr(&out));
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(sandbox.read_text("plans/a.md"), "# P\n- [ ] one\n");
}

#[test]
fn one_folder_reached_by_two_paths_is_locked_once() {
    if !is_root() {
        eprintln!("skipped: a bind mount needs root");
        return;
    }
    let sandbox = Sandbox::new();
    sandbox.write("proj/plans/a.md", "# A\n- [ ] common\n");
    sandbox.write("proj/plans/b.md", "# B\n- [ ] common\n");
    let mnt = sandbox.mkdir("mnt");
    let mounted = Process::new("mount")
        .arg("--bind")
        .arg(sandbox.path().join("proj/plans"))
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot bind-mount here");
        return;
    }
    let out = sandbox
        .roadmap()
        .current_dir(sandbox.path().join("proj"))
        .args(["-p", "plans/a.md", "-p"])
        .arg(mnt.join("b.md"))
        .args(["check", "--all", "common"])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    let _ = Process::new("umount").arg(&mnt).status();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(sandbox.read_text("proj/plans/b.md"), "# B\n- [x] common\n");
}

#[test]
fn a_check_whose_reader_is_slow_blocks_no_other_check() {
    let sandbox = Sandbox::new();
    let mut long = String::from("# A\n");
    for i in 0..20_000 {
        long.push_str(&format!("- [ ] task number {i}\n"));
    }
    sandbox.write("plans/a.md", &long);
    sandbox.write("plans/b.md", "# B\n- [ ] other\n");
    // The first check's output fills the pipe, which nobody reads for a while.
    let mut slow = Process::new("sh")
        .arg("-c")
        .arg("\"$R\" check --all 'task number' | (sleep 6; cat > /dev/null)")
        .current_dir(sandbox.path())
        .env("R", binary())
        .env("ROADMAP_TODAY", TODAY)
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let started = Instant::now();
    let out = sandbox.run(&["check", "other"]);
    let took = started.elapsed();
    slow.wait().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        took < Duration::from_secs(3),
        "waited {took:?} for the other check's reader"
    );
}

#[test]
fn check_all_across_more_folders_than_descriptors_works() {
    let sandbox = Sandbox::new();
    for i in 0..300 {
        sandbox.write(&format!("d{i:03}/p.md"), "- [ ] common\n");
    }
    sandbox.write("roadmap.toml", "plans = [\"*/*.md\"]\n");
    let out = sh(sandbox.path(), "ulimit -n 64; \"$R\" check --all common");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sandbox.read_text("d299/p.md"), "- [x] common\n");
}

#[test]
fn plans_whose_names_are_not_utf8_keep_apart_and_can_be_named() {
    let sandbox = Sandbox::new();
    for name in [&b"plan\xff.md"[..], b"plan\xfe.md"] {
        let path = sandbox
            .path()
            .join("plans")
            .join(std::ffi::OsStr::from_bytes(name));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, "# S\n- [ ] read\n").unwrap();
    }
    let tasks = sandbox.tasks(&["list"]);
    let ids: Vec<&str> = tasks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    let plans: Vec<&str> = tasks.iter().map(|t| t["plan"].as_str().unwrap()).collect();
    assert_eq!(ids[0].split('#').next(), Some("plan\\xfe"), "{ids:?}");
    assert_eq!(ids[1].split('#').next(), Some("plan\\xff"), "{ids:?}");
    assert_eq!(plans, ["plans/plan\\xfe.md", "plans/plan\\xff.md"]);
    // The ID ticks one; the printed FILE:LINE names the other.
    sandbox.roadmap().args(["check", ids[1]]).assert().success();
    let out = sandbox.run(&["check", "plans/plan\\xfe.md:2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let statuses: Vec<String> = sandbox
        .tasks(&["list"])
        .iter()
        .map(|t| t["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(statuses, ["done", "done"]);
}

#[test]
fn plans_that_differ_only_by_extension_keep_relative_ids() {
    let sandbox = Sandbox::new();
    sandbox.write("p/x.md", "- [ ] a\n");
    sandbox.write("p/x.markdown", "- [ ] a\n");
    sandbox.write("roadmap.toml", "plans = [\"p/*\"]\n");
    let tasks = sandbox.tasks(&["list"]);
    let ids: Vec<&str> = tasks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert!(
        ids[0].starts_with("x.markdown#") && ids[1].starts_with("x.md#"),
        "{ids:?}"
    );
}

#[test]
fn a_folder_that_cannot_be_read_is_an_error_not_a_smaller_count() {
    if !is_root() || Process::new("setpriv").arg("--version").output().is_err() {
        eprintln!("skipped: needs root and setpriv");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    fs::set_permissions(sandbox.path(), fs::Permissions::from_mode(0o755)).unwrap();
    sandbox.write("plans/a.md", "- [ ] a\n");
    sandbox.write("plans/closed/b.md", "- [ ] b\n");
    sandbox.write("roadmap.toml", "plans = [\"plans/**/*.md\"]\n");
    fs::set_permissions(
        sandbox.path().join("plans"),
        fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    fs::set_permissions(
        sandbox.path().join("plans/closed"),
        fs::Permissions::from_mode(0o700),
    )
    .unwrap();
    let out = Process::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(binary())
        .arg("report")
        .current_dir(sandbox.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("closed: cannot read folder: permission denied"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_typed_newline_cannot_forge_a_line_of_a_usage_error() {
    let sandbox = Sandbox::new();
    for args in [
        &["--color", "a\nroadmap: fake line", "list"][..],
        &["nx\nroadmap: fake line"],
        &["next", "-n", "1\nroadmap: fake line"],
    ] {
        let out = sandbox.run(args);
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        let forged = err.lines().filter(|l| l.starts_with("roadmap:")).count();
        assert_eq!(forged, 1, "{err}");
        assert!(err.contains("\\nroadmap: fake line"), "{err}");
    }
}

#[test]
fn inode_flags_are_carried_over() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("plans/a.md", "- [ ] one\n");
    let set = Process::new("chattr")
        .args(["+d", "+A", "+s"])
        .arg(&path)
        .status();
    if !set.is_ok_and(|s| s.success()) {
        eprintln!("skipped: chattr cannot set flags here");
        return;
    }
    let flags = || {
        let out = Process::new("lsattr").arg(&path).output().unwrap();
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_string()
    };
    let before = flags();
    sandbox.roadmap().args(["check", "one"]).assert().success();
    assert_eq!(flags(), before);
    let _ = Process::new("chattr")
        .args(["-d", "-A", "-s"])
        .arg(&path)
        .status();
}

#[test]
fn hidden_names_are_matched_only_where_the_pattern_spells_the_dot() {
    let sandbox = Sandbox::new();
    sandbox.write(".notes/a.md", "- [ ] a\n");
    sandbox.write(".notes/.hidden.md", "- [ ] hidden\n");
    sandbox.write(".notes/.git/x/y.md", "- [ ] git\n");
    sandbox.write(".notes/sub/b.md", "- [ ] b\n");
    sandbox.write("roadmap.toml", "plans = [\"**/.notes/**/*.md\"]\n");
    let texts: Vec<String> = sandbox
        .tasks(&["list"])
        .iter()
        .map(|t| t["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts, ["a", "b"]);
}

#[test]
fn markdown_shows_plan_text_as_text_never_as_markup() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "plans/p.md",
        "# Plan\n## Stage `<img src=x onerror=alert(1)>` **bold** [link](u) | pipe ~~gone~~\n- [ ] a\n",
    );
    let unescaped =
        |out: &str, c: char| out.match_indices(c).any(|(i, _)| !out[..i].ends_with('\\'));
    let out = stdout(&sandbox.run(&["report", "--format", "markdown"]));
    assert!(out.contains("\\<img src=x onerror=alert(1)\\>"), "{out}");
    assert!(!unescaped(&out, '<'), "{out}");
    assert!(out.contains("\\| pipe"), "{out}");
    let out = stdout(&sandbox.run(&["milestone", "stage", "--format", "markdown"]));
    assert!(!unescaped(&out, '<'), "{out}");
}

#[test]
fn a_file_and_line_naming_a_missing_file_says_so() {
    let sandbox = Sandbox::with_bundled_plans();
    let out = sandbox.run(&["check", "plans/typo.md:25"]);
    assert_error(&out, "`plans/typo.md:25`: plans/typo.md: no such file");
}
