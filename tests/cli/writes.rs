//! Every file roadmap writes (issue 10): no write by another program is lost while
//! `check` prepares its copy (faults injected into each system call before the
//! rename with strace), the mode, owner, ACL and extended attributes come back
//! exactly or the write is refused, `init` and `report -o` write atomically and
//! never over a plan they were not asked to change, and a plan of any name length
//! can be written.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output, Stdio};
use std::time::Duration;

use crate::support::{Sandbox, assert_error, have, roadmap, stderr, stdout};

fn is_root() -> bool {
    Process::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n")
}

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("roadmap")
}

fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".roadmap-tmp"))
        .collect()
}

const PLAN: &str = "# Plan\n- [ ] a\n- [ ] b\n";
const NOTE: &str = "- [ ] NOTE written by an editor\n";

/// `roadmap ARGS` under strace, with `inject` (an strace `-e inject=` value), in
/// `dir`; `trace` receives the system calls when given.
fn traced(dir: &Path, inject: Option<&str>, trace: Option<&Path>, args: &[&str]) -> Process {
    let mut cmd = Process::new("strace");
    cmd.args(["-f", "-qq", "-o"])
        .arg(trace.unwrap_or(Path::new("/dev/null")));
    if let Some(inject) = inject {
        cmd.args(["-e", &format!("inject={inject}")]);
    }
    cmd.arg(binary())
        .args(args)
        .current_dir(dir)
        .env("ROADMAP_TODAY", crate::support::TODAY)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Starts `check a` on `s.md` with one system call delayed by a second, appends a
/// line to the plan half-way through the delay, and returns how the run ended.
fn append_during(dir: &Path, inject: &str) -> Output {
    fs::write(dir.join("s.md"), PLAN).unwrap();
    let child = traced(dir, Some(inject), None, &["-p", "s.md", "check", "a"])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    append(&dir.join("s.md"), NOTE);
    child.wait_with_output().unwrap()
}

/// Appends as `echo >>` does: no lock, no rename.
fn append(path: &Path, text: &str) {
    use std::io::Write;
    let mut file = fs::OpenOptions::new().append(true).open(path).unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

/// The note must survive: either the run saw it before it copied the plan (read
/// again under the lock) and wrote its change on top of it, or it refused (exit 2)
/// and left the plan as the editor did.
fn assert_not_lost(dir: &Path, what: &str, output: &Output) {
    let now = fs::read_to_string(dir.join("s.md")).unwrap();
    let refused = format!("{PLAN}{NOTE}");
    let written = refused.replace("- [ ] a", "- [x] a");
    match output.status.code() {
        Some(2) => {
            assert_eq!(now, refused, "{what}: refused, yet the plan changed");
            assert!(
                stderr(output).contains("changed on disk since it was read; nothing written"),
                "{what}: {}",
                stderr(output)
            );
        }
        Some(0) => assert_eq!(now, written, "{what}: the editor's line was lost"),
        other => panic!("{what}: exit {other:?}: {}", stderr(output)),
    }
    assert!(temp_files(dir).is_empty(), "{what}: temp file left");
}

#[test]
fn a_line_appended_while_the_copy_is_synced_is_not_lost() {
    if !have("strace") {
        return;
    }
    let sandbox = Sandbox::new();
    // The first fsync is the copy's: hold it for a second, and append meanwhile.
    let output = append_during(sandbox.path(), "fsync:delay_exit=1000000:when=1");
    assert_not_lost(sandbox.path(), "fsync", &output);
    assert_eq!(
        output.status.code(),
        Some(2),
        "the copy was made before the line"
    );
}

/// One system call of a traced run: its name and the line strace wrote.
struct Call {
    name: String,
    line: String,
}

fn calls(trace: &Path) -> Vec<Call> {
    fs::read_to_string(trace)
        .unwrap()
        .lines()
        .filter_map(|line| {
            // `PID name(args) = result`
            let rest = line.split_once(' ')?.1.trim_start();
            let name = rest.split_once('(')?.0;
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return None;
            }
            Some(Call {
                name: name.to_string(),
                line: line.to_string(),
            })
        })
        .collect()
}

#[test]
fn a_write_during_any_system_call_before_the_last_look_is_not_lost() {
    if !have("strace") {
        return;
    }
    // Trace one run to learn its system calls, from the first read of the plan to
    // the rename that replaces it.
    let sandbox = Sandbox::new();
    let dir = sandbox.path();
    fs::write(dir.join("s.md"), PLAN).unwrap();
    let trace = dir.join("trace.txt");
    let output = traced(dir, None, Some(&trace), &["-p", "s.md", "check", "a"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let calls = calls(&trace);
    let first_open = calls
        .iter()
        .position(|c| c.line.contains("s.md\"") && c.name.starts_with("open"))
        .expect("the plan is opened");
    let rename = calls
        .iter()
        .rposition(|c| c.name.starts_with("rename"))
        .expect("the copy is renamed");
    // The last look is the last thing before the rename: its final step, a stat of
    // the plan, comes right before it, with nothing in between.
    let before = &calls[rename - 1];
    assert!(
        before.name.contains("stat") && before.line.contains("s.md"),
        "the call before the rename is not the last look's stat: {}",
        before.line
    );
    // Delay each kind of call at its last occurrence before the last look begins
    // (the opening of the plan to compare its bytes), append meanwhile: the line
    // must survive every time.
    let last_look = calls[..rename]
        .iter()
        .rposition(|c| c.name.starts_with("open") && c.line.contains("s.md\""))
        .expect("the last look opens the plan");
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for (i, call) in calls
        .iter()
        .enumerate()
        .take(last_look + 1)
        .skip(first_open + 1)
    {
        let nth = calls[..=i].iter().filter(|c| c.name == call.name).count();
        match kinds.iter_mut().find(|(n, _)| *n == call.name) {
            Some(kind) => kind.1 = nth,
            None => kinds.push((call.name.clone(), nth)),
        }
    }
    assert!(kinds.len() >= 5, "too few calls traced: {kinds:?}");
    eprintln!("{} kinds of system call delayed: {kinds:?}", kinds.len());
    let names: Vec<&str> = kinds.iter().map(|(n, _)| n.as_str()).collect();
    for wanted in ["fsync", "write"] {
        assert!(names.contains(&wanted), "{wanted} not traced: {names:?}");
    }
    std::thread::scope(|scope| {
        for (name, nth) in &kinds {
            scope.spawn(move || {
                let sandbox = Sandbox::new();
                let inject = format!("{name}:delay_exit=1000000:when={nth}");
                let output = append_during(sandbox.path(), &inject);
                assert_not_lost(sandbox.path(), &inject, &output);
            });
        }
    });
}

fn acl(path: &Path) -> String {
    let out = Process::new("getfacl")
        .args(["--omit-header", "--numeric"])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn attributes(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = xattr::list(path)
        .unwrap()
        .map(|n| {
            let value = xattr::get(path, &n).unwrap().unwrap_or_default();
            (n.to_string_lossy().into_owned(), value)
        })
        .collect();
    out.sort();
    out
}

/// Runs `roadmap ARGS` in `dir` as the user and group `nobody` (65534) when the
/// tests run as root, else as the current user.
fn as_nobody(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = if is_root() {
        let mut c = Process::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(binary());
        c
    } else {
        Process::new(binary())
    };
    cmd.current_dir(dir)
        .args(args)
        .env("ROADMAP_TODAY", crate::support::TODAY)
        .output()
        .unwrap()
}

fn chmod(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

fn chown(path: &Path, uid: u32, gid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(gid)).unwrap();
}

/// Checks `a`, then `b`, then undoes both in the plan `p.md` of `dir`, running
/// `run`; after each run the plan's metadata must be what it was.
fn every_write_keeps(dir: &Path, run: &dyn Fn(&[&str]) -> Output) {
    let path = dir.join("p.md");
    let before = (
        fs::metadata(&path).unwrap().mode() & 0o7777,
        fs::metadata(&path).unwrap().uid(),
        fs::metadata(&path).unwrap().gid(),
        acl(&path),
        attributes(&path),
    );
    for args in [
        &["-p", "p.md", "check", "a"][..],
        &["-p", "p.md", "check", "--stamp", "b"],
        &["-p", "p.md", "check", "--undo", "--all", "a", "b"],
    ] {
        let output = run(args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let meta = fs::metadata(&path).unwrap();
        let after = (
            meta.mode() & 0o7777,
            meta.uid(),
            meta.gid(),
            acl(&path),
            attributes(&path),
        );
        assert_eq!(after, before, "{args:?} changed the plan's metadata");
    }
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        PLAN.replace("# Plan\n", "# P\n")
    );
}

fn skip_without_acl_tools() -> bool {
    if !have("setfacl") || !have("getfacl") {
        eprintln!("skipped: setfacl/getfacl are not installed (apt-get install acl)");
        return true;
    }
    false
}

fn setfacl(args: &[&str], path: &Path) {
    let ok = Process::new("setfacl")
        .args(args)
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "setfacl {args:?}");
}

#[test]
fn an_acl_and_extended_attributes_are_carried_over_exactly() {
    if skip_without_acl_tools() {
        return;
    }
    let sandbox = Sandbox::new();
    let dir = sandbox.path();
    let path = sandbox.write("p.md", PLAN.replace("# Plan\n", "# P\n"));
    // A private plan shared with one reader: the ACL's mask shows in the group
    // bits, which must not become the group's own read permission.
    chmod(&path, 0o600);
    setfacl(&["-m", "u:65534:r"], &path);
    xattr::set(&path, "user.note", b"studied on the train").unwrap();
    let mode = fs::metadata(&path).unwrap().mode() & 0o777;
    every_write_keeps(dir, &|args| sandbox.run(args));
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, mode);
    assert!(acl(&path).contains("user:65534:r--"), "{}", acl(&path));
    assert!(acl(&path).contains("group::---"), "{}", acl(&path));
}

#[test]
fn a_default_acl_of_the_folder_does_not_reach_a_plan_that_had_none() {
    if skip_without_acl_tools() {
        return;
    }
    let sandbox = Sandbox::new();
    let path = sandbox.write("p.md", PLAN.replace("# Plan\n", "# P\n"));
    chmod(&path, 0o640);
    // New files here get an ACL; the rewritten plan must not.
    setfacl(&["-d", "-m", "u:65534:rw"], sandbox.path());
    every_write_keeps(sandbox.path(), &|args| sandbox.run(args));
    assert!(!acl(&path).contains("65534"), "{}", acl(&path));
}

#[test]
fn root_editing_another_users_plan_keeps_owner_setuid_and_setgid() {
    if !is_root() {
        eprintln!("skipped: needs root");
        return;
    }
    let sandbox = Sandbox::new();
    let path = sandbox.write("p.md", PLAN.replace("# Plan\n", "# P\n"));
    chown(&path, 65534, 65534);
    // chown clears setuid and setgid: they must be set again after it.
    chmod(&path, 0o6640);
    every_write_keeps(sandbox.path(), &|args| sandbox.run(args));
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.mode() & 0o7777), (65534, 0o6640));
}

#[test]
fn an_owner_who_is_not_root_keeps_the_acl_attributes_and_setgid() {
    if skip_without_acl_tools() || !have("setpriv") {
        return;
    }
    let sandbox = Sandbox::new();
    let dir = sandbox.path();
    chmod(dir, 0o777);
    let path = sandbox.write("p.md", PLAN.replace("# Plan\n", "# P\n"));
    if is_root() {
        chown(dir, 65534, 65534);
        chown(&path, 65534, 65534);
    }
    chmod(&path, 0o2660);
    setfacl(&["-m", "u:0:r"], &path);
    xattr::set(&path, "user.note", b"mine").unwrap();
    every_write_keeps(dir, &|args| as_nobody(dir, args));
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o7777, 0o2660);
}

#[test]
fn a_group_that_cannot_be_kept_refuses_the_write() {
    if !is_root() || !have("setpriv") {
        eprintln!("skipped: needs root and setpriv");
        return;
    }
    // nobody owns the plan, but its group is root's, which nobody is not in: the
    // copy can be given neither that group nor, with it, setgid. Refuse.
    let sandbox = Sandbox::new();
    let dir = sandbox.path();
    chmod(dir, 0o777);
    let path = sandbox.write("p.md", PLAN);
    chown(&path, 65534, 0);
    chmod(&path, 0o2664);
    let output = as_nobody(dir, &["-p", "p.md", "check", "a"]);
    assert_error(
        &output,
        "p.md: not written: replacing it would change its owner or group",
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), PLAN);
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o7777, 0o2664);
    assert!(temp_files(dir).is_empty());
}

#[test]
fn plans_with_names_of_every_length_up_to_255_bytes_are_written() {
    let sandbox = Sandbox::new();
    for len in [200, 235, 236, 240, 250, 255] {
        // A name of `len` bytes in all: Cyrillic letters are two bytes each.
        let stem_len = len - 3;
        let stem = "п".repeat(stem_len / 2) + &"x".repeat(stem_len % 2);
        let name = format!("{stem}.md");
        assert_eq!(name.len(), len);
        sandbox.write(&name, PLAN);
        let output = sandbox.run(&["-p", &name, "check", "a"]);
        assert!(output.status.success(), "{len}: {}", stderr(&output));
        assert_eq!(
            sandbox.read_text(&name),
            PLAN.replace("- [ ] a", "- [x] a"),
            "{len}"
        );
        assert!(temp_files(sandbox.path()).is_empty(), "{len}");
    }
}

#[test]
fn report_refuses_to_write_over_a_plan_or_the_config() {
    let sandbox = Sandbox::with_bundled_plans();
    sandbox.write("roadmap.toml", "plans = [\"plans/*.md\"]\n");
    sandbox.symlink("plans/go-backend.md", "link.html");
    let before = sandbox.read("plans/go-backend.md");
    for target in [
        "plans/go-backend.md",
        "./plans/../plans/go-backend.md",
        "link.html",
    ] {
        for format in ["html", "markdown", "json", "text"] {
            let output = sandbox.run(&["report", "--format", format, "-o", target]);
            assert_error(&output, "it is a plan (plans/go-backend.md)");
        }
    }
    let output = sandbox.run(&["report", "-o", "roadmap.toml"]);
    assert_error(&output, "it is the config (roadmap.toml)");
    assert_eq!(sandbox.read("plans/go-backend.md"), before);
    assert_eq!(
        sandbox.read_text("roadmap.toml"),
        "plans = [\"plans/*.md\"]\n"
    );
}

#[test]
fn report_output_files_are_written_atomically_keeping_their_mode() {
    let sandbox = Sandbox::with_bundled_plans();
    let out = sandbox.write("report.html", "old report");
    chmod(&out, 0o640);
    let inode = fs::metadata(&out).unwrap().ino();
    sandbox
        .roadmap()
        .args(["report", "--format", "html", "-o", "report.html"])
        .assert()
        .success();
    let meta = fs::metadata(&out).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o640);
    assert_ne!(
        meta.ino(),
        inode,
        "replaced by a rename, not rewritten in place"
    );
    assert!(
        sandbox
            .read_text("report.html")
            .starts_with("<!DOCTYPE html>")
    );
    // A new file gets the mode new files get; a device is written into, not replaced.
    sandbox
        .roadmap()
        .args(["report", "-o", "new.txt"])
        .assert()
        .success();
    assert!(sandbox.read_text("new.txt").contains("go-backend"));
    sandbox
        .roadmap()
        .args(["report", "-o", "/dev/null"])
        .assert()
        .success();
    use std::os::unix::fs::FileTypeExt;
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert!(temp_files(sandbox.path()).is_empty());
}

/// A tmpfs of `size` mounted in the sandbox, or `None` where mounting is not
/// allowed; unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(sandbox: &Sandbox, size: &str) -> Option<SmallDisk> {
        let dir = sandbox.mkdir("small");
        let mounted = Process::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(SmallDisk(dir))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Process::new("umount").arg(&self.0).status();
    }
}

#[test]
fn init_force_on_a_full_disk_leaves_the_old_plan_whole() {
    let sandbox = Sandbox::new();
    let Some(disk) = SmallDisk::mount(&sandbox, "64k") else {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    };
    // My own plan, under the bundled plan's name, nearly filling the disk: the
    // bundled text (15 KB) has no room beside it.
    let mine = format!(
        "# Мой план\n{}",
        "- [x] сделано своими руками\n".repeat(1_200)
    );
    fs::create_dir(disk.0.join("plans")).unwrap();
    fs::write(disk.0.join("plans/go-backend.md"), &mine).unwrap();
    let output = roadmap()
        .current_dir(&disk.0)
        .args(["init", "--force", "go-backend"])
        .output()
        .unwrap();
    let on_disk = fs::read_to_string(disk.0.join("plans/go-backend.md")).unwrap();
    let leftovers = temp_files(&disk.0.join("plans"));
    drop(disk);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(
        stderr(&output).to_lowercase().contains("no space left"),
        "{}",
        stderr(&output)
    );
    assert_eq!(on_disk, mine, "the old plan is whole");
    assert!(leftovers.is_empty(), "temporary file left: {leftovers:?}");
}

#[test]
fn init_force_replaces_a_plan_keeping_its_mode_and_never_half_writes() {
    let sandbox = Sandbox::new();
    sandbox
        .roadmap()
        .args(["init", "go-backend"])
        .assert()
        .success();
    let plan = sandbox.path().join("plans/go-backend.md");
    fs::write(&plan, "# mine\n").unwrap();
    chmod(&plan, 0o600);
    sandbox
        .roadmap()
        .args(["init", "--force", "go-backend"])
        .assert()
        .success();
    assert_eq!(
        sandbox.read("plans/go-backend.md"),
        fs::read(crate::support::repo().join("plans/go-backend.md")).unwrap()
    );
    assert_eq!(fs::metadata(&plan).unwrap().mode() & 0o777, 0o600);
    // Without --force, nothing is overwritten.
    fs::write(&plan, "# mine\n").unwrap();
    let output = sandbox.run(&["init", "go-backend"]);
    assert_error(&output, "already exist");
    assert_eq!(sandbox.read_text("plans/go-backend.md"), "# mine\n");
}

#[test]
fn a_sparse_plan_larger_than_memory_is_too_large_to_read() {
    let overcommit = fs::read_to_string("/proc/sys/vm/overcommit_memory").unwrap_or_default();
    if overcommit.trim() == "1" {
        eprintln!("skipped: with overcommit_memory = 1 any reservation succeeds");
        return;
    }
    let sandbox = Sandbox::new();
    let path = sandbox.path().join("huge.md");
    let file = fs::File::create(&path).unwrap();
    if file.set_len(200 * 1_000_000_000).is_err() {
        eprintln!("skipped: this file system cannot hold a 200 GB sparse file");
        return;
    }
    for command in [&["list"][..], &["next"], &["report"], &["check", "a"]] {
        let output = sandbox
            .roadmap()
            .args(["-p", "huge.md"])
            .args(command)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert_error(&output, "huge.md: too large to read (200 GB)");
    }
}

#[test]
fn a_config_that_is_a_device_or_a_fifo_is_refused_at_once() {
    let sandbox = Sandbox::with_bundled_plans();
    let fifo = sandbox.path().join("fifo.toml");
    let made = Process::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let mut configs = vec!["/dev/zero", "/dev/null"];
    if made {
        configs.push("fifo.toml");
    }
    for config in configs {
        let output = sandbox
            .roadmap()
            .args(["--config", config, "list"])
            .timeout(Duration::from_secs(10))
            .output()
            .unwrap();
        assert_error(&output, "not a regular file");
    }
}
