//! Candidates for shell completion: the shell's script asks `roadmap` itself
//! (clap_complete's dynamic completion), which offers the plans for `-p`, the
//! bundled templates for `init`, and the open tasks' IDs for `check`. Read from the
//! working directory as a command would; anything that fails offers nothing.

use clap_complete::engine::CompletionCandidate;

use crate::config;
use crate::discover;
use crate::plan::Plan;

/// The plans found from here, by the names `-p` takes.
pub fn plans() -> Vec<CompletionCandidate> {
    found()
        .into_iter()
        .map(|p| {
            CompletionCandidate::new(p.name.short.clone())
                .help(Some(crate::escape::path(&p.shown).into()))
        })
        .collect()
}

/// The bundled plans `init` can start from.
pub fn templates() -> Vec<CompletionCandidate> {
    crate::templates::TEMPLATES
        .iter()
        .map(|t| CompletionCandidate::new(t.name).help(Some(t.summary.into())))
        .collect()
}

/// The IDs of the open tasks, with their text as help.
pub fn open_tasks() -> Vec<CompletionCandidate> {
    let mut out = Vec::new();
    for path in found() {
        let Ok(Some(plan)) = crate::context::look_at(&path, |text| {
            Some(Plan::parse_named(path.shown.clone(), &path.name, text))
        }) else {
            continue;
        };
        for task in plan.tasks.iter().filter(|t| t.status.is_open()) {
            let help: String = crate::escape::text(&task.text).chars().take(60).collect();
            out.push(CompletionCandidate::new(task.id.as_str()).help(Some(help.into())));
        }
    }
    out
}

fn found() -> Vec<discover::PlanPath> {
    let Ok(cwd) = std::env::current_dir() else {
        return Vec::new();
    };
    let config = config::find_upwards(&cwd)
        .and_then(|path| config::load(&path, &discover::relative(&path, &cwd)).ok());
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    discover::plans(&cwd, config.as_ref(), &[], home.as_deref()).unwrap_or_default()
}
