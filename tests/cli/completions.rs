//! The completion scripts committed in `completions/` are what the binary generates.
//! Refresh them with `UPDATE_COMPLETIONS=1 cargo test --test cli completions`.

use std::fs;

use crate::support::{repo, roadmap, stdout};

const SCRIPTS: [(&str, &str); 5] = [
    ("bash", "roadmap.bash"),
    ("zsh", "_roadmap"),
    ("fish", "roadmap.fish"),
    ("powershell", "_roadmap.ps1"),
    ("elvish", "roadmap.elv"),
];

#[test]
fn committed_completion_scripts_are_fresh() {
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    for (shell, file) in SCRIPTS {
        let output = roadmap().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}: {output:?}");
        let path = repo().join("completions").join(file);
        let committed = fs::read(&path).unwrap_or_default();
        if committed != output.stdout {
            if update {
                fs::write(&path, &output.stdout).unwrap();
            } else {
                stale.push(file);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale completion scripts in completions/: {stale:?}; \
         refresh them with `UPDATE_COMPLETIONS=1 cargo test --test cli completions`"
    );
}

#[test]
fn completions_know_every_command_and_complete_paths() {
    let output = roadmap().args(["completions", "zsh"]).output().unwrap();
    let script = stdout(&output);
    for word in [
        "list",
        "next",
        "check",
        "init",
        "completions",
        "--plan",
        "--section",
    ] {
        assert!(script.contains(word), "zsh script lacks {word}");
    }
    // -C completes directories, --plan and --config files.
    assert!(script.contains("_files -/"), "no directory completion");
    assert!(
        script.contains(":PLAN:_files"),
        "no file completion for --plan"
    );
    let output = roadmap().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}
