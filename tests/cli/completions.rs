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

/// What a shell's completion asks roadmap for, as fish asks: the words so far.
fn candidates(sandbox: &crate::support::Sandbox, words: &[&str]) -> Vec<String> {
    let out = sandbox
        .roadmap()
        .env("COMPLETE", "fish")
        .arg("--")
        .arg("roadmap")
        .args(words)
        .output()
        .unwrap();
    assert!(out.status.success(), "{words:?}: {out:?}");
    stdout(&out)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn completions_offer_commands_plans_templates_and_open_task_ids() {
    // Issue 11: -p <TAB> offers the plans' names, init <TAB> the bundled plans,
    // check <TAB> the open tasks' IDs; the script asks the binary for them.
    let sandbox = crate::support::Sandbox::with_bundled_plans();
    let commands = candidates(&sandbox, &[""]);
    for word in [
        "list",
        "next",
        "check",
        "report",
        "milestone",
        "week",
        "init",
        "completions",
    ] {
        assert!(commands.contains(&word.to_string()), "{word}: {commands:?}");
    }
    let plans = candidates(&sandbox, &["-p", ""]);
    assert!(
        plans.contains(&"go-backend".into()) && plans.contains(&"backend-roadmap".into()),
        "{plans:?}"
    );
    let templates = candidates(&sandbox, &["init", ""]);
    assert!(
        templates.contains(&"backend-roadmap".into()),
        "{templates:?}"
    );
    let ids = candidates(&sandbox, &["check", "go-backend#b5"]);
    assert!(ids.contains(&"go-backend#b5a991".into()), "{ids:?}");
    // A task done is not offered.
    sandbox
        .roadmap()
        .args(["check", "go-backend#b5a991"])
        .assert()
        .success();
    let ids = candidates(&sandbox, &["check", "go-backend#b5"]);
    assert!(!ids.contains(&"go-backend#b5a991".into()), "{ids:?}");
    // The registration scripts call roadmap for these.
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout(&roadmap().args(["completions", shell]).output().unwrap());
        assert!(script.contains("COMPLETE="), "{shell}: {script}");
    }
}
