//! Which plans a command works on: `--plan` arguments, else the `plans` globs of the
//! nearest `roadmap.toml`, else `./plans/*.md`.
//!
//! A `--plan` value is a path when such a file exists (or it looks like a path), and
//! otherwise the file name or stem of one of the plans found the other ways
//! (`--plan go-backend`). Paths are shown relative to the working directory.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::{Component, Path, PathBuf};

use crate::config;
use crate::error::Error;
use crate::files;

/// A plan to read: where it is and how to name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanPath {
    /// The path to open.
    pub real: PathBuf,
    /// The path shown to the user and in JSON.
    pub shown: PathBuf,
}

/// Resolves the plans for a command.
pub fn plans(
    cwd: &Path,
    config: Option<&config::Found>,
    requested: &[String],
) -> Result<Vec<PlanPath>, Error> {
    if requested.is_empty() {
        let found = configured(cwd, config)?;
        if found.is_empty() {
            let looked = match config.and_then(|c| c.config.plans.as_ref().map(|p| (c, p))) {
                Some((c, globs)) => format!(
                    "{} lists {}, which match no file",
                    c.path.display(),
                    globs.join(", ")
                ),
                None => format!(
                    "no {} and no plans/*.md in {}",
                    config::FILE_NAME,
                    cwd.display()
                ),
            };
            return Err(Error::NoPlans { looked });
        }
        return Ok(found);
    }
    let mut known: Option<Vec<PlanPath>> = None;
    let mut out: Vec<PlanPath> = Vec::new();
    for name in requested {
        let path = cwd.join(name);
        let exists = path.exists() || std::fs::symlink_metadata(&path).is_ok();
        let by_name = if exists {
            None
        } else {
            if known.is_none() {
                known = Some(configured(cwd, config).unwrap_or_default());
            }
            let list = known.as_deref().unwrap_or_default();
            let matches: Vec<&PlanPath> = list.iter().filter(|p| names(p, name)).collect();
            match matches.as_slice() {
                [one] => Some((*one).clone()),
                // A path that does not exist: say so (reading it names the file).
                _ if looks_like_path(name) => None,
                _ => {
                    return Err(Error::UnknownPlan {
                        name: name.clone(),
                        known: list.iter().map(|p| p.shown.display().to_string()).collect(),
                    });
                }
            }
        };
        let plan = by_name.unwrap_or_else(|| PlanPath {
            real: path,
            shown: PathBuf::from(name),
        });
        if !out.contains(&plan) {
            out.push(plan);
        }
    }
    Ok(out)
}

/// Whether a `--plan` value is meant as a path rather than a plan's name.
fn looks_like_path(name: &str) -> bool {
    name.contains('/') || name.contains(std::path::MAIN_SEPARATOR) || name.ends_with(".md")
}

/// Whether `--plan NAME` names this plan: its file name or its stem.
fn names(plan: &PlanPath, name: &str) -> bool {
    let file = plan.real.file_name().map(|f| f.to_string_lossy());
    let stem = plan.real.file_stem().map(|f| f.to_string_lossy());
    file.as_deref() == Some(name) || stem.as_deref() == Some(name)
}

/// The plans from the config's globs, or `./plans/*.md`.
fn configured(cwd: &Path, config: Option<&config::Found>) -> Result<Vec<PlanPath>, Error> {
    let (dir, globs) = match config.and_then(|c| c.config.plans.as_ref().map(|p| (c, p))) {
        Some((c, globs)) => (c.dir.clone(), globs.clone()),
        None => (cwd.to_path_buf(), vec!["plans/*.md".to_string()]),
    };
    let dir = if dir.is_absolute() {
        dir
    } else {
        cwd.join(dir)
    };
    let mut out: Vec<PlanPath> = Vec::new();
    // A file matched by two globs, or reached by two names (a symlink), is one plan:
    // read once, and written once by `check --all`. A map keeps this linear in a
    // vault. Its key is the file's inode, or its path where there are no inodes;
    // its value, where the plan is in `out`.
    let mut seen: HashMap<Result<(u64, u64), PathBuf>, usize> = HashMap::new();
    for pattern in &globs {
        let full = format!(
            "{}/{}",
            glob::Pattern::escape(&dir.to_string_lossy()),
            pattern
        );
        let options = glob::MatchOptions {
            require_literal_leading_dot: true,
            ..glob::MatchOptions::new()
        };
        let paths = glob::glob_with(&full, options).map_err(|e| Error::BadGlob {
            pattern: pattern.clone(),
            message: e.msg.to_string(),
        })?;
        let mut matched: Vec<(PathBuf, std::fs::Metadata)> = paths
            .filter_map(Result::ok)
            .filter_map(|p| {
                let meta = std::fs::metadata(&p).ok().filter(|m| m.is_file())?;
                Some((p, meta))
            })
            .collect();
        matched.sort_by(|a, b| a.0.cmp(&b.0));
        for (real, meta) in matched {
            let plan = PlanPath {
                shown: relative(&real, cwd),
                real,
            };
            match seen.entry(files::inode(&meta).ok_or_else(|| plan.real.clone())) {
                Entry::Vacant(slot) => {
                    slot.insert(out.len());
                    out.push(plan);
                }
                // The file's own name rather than a link's: the plan's name, hence
                // its IDs, must not change when a link to it is added.
                Entry::Occupied(slot) => {
                    if is_symlink(&out[*slot.get()].real) && !is_symlink(&plan.real) {
                        out[*slot.get()] = plan;
                    }
                }
            }
        }
    }
    Ok(out)
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// `path` relative to `base` where one lies under the other's ancestors, else as is.
pub fn relative(path: &Path, base: &Path) -> PathBuf {
    let path_parts: Vec<Component> = clean(path);
    let base_parts: Vec<Component> = clean(base);
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part);
    }
    out
}

/// The components of `path` without `.`, and with `dir/..` taken out (by the
/// names alone: the result is for showing, not for opening).
fn clean(path: &Path) -> Vec<Component<'_>> {
    let mut out: Vec<Component> = Vec::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_walk_up_when_needed() {
        assert_eq!(
            relative(Path::new("/r/plans/a.md"), Path::new("/r")),
            PathBuf::from("plans/a.md")
        );
        assert_eq!(
            relative(Path::new("/r/plans/a.md"), Path::new("/r/sub/deep")),
            PathBuf::from("../../plans/a.md")
        );
        assert_eq!(
            relative(Path::new("/r/./plans/a.md"), Path::new("/r/plans")),
            PathBuf::from("a.md")
        );
        assert_eq!(
            relative(Path::new("/r/other/../alt/./a.md"), Path::new("/r")),
            PathBuf::from("alt/a.md")
        );
    }
}
