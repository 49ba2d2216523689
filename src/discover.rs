//! Which plans a command works on: `--plan` arguments, else the `plans` globs of the
//! nearest `roadmap.toml`, else `./plans/*.md`; and the name each plan's task IDs
//! carry.
//!
//! A `--plan` value is a path when such a file exists (or it looks like a path), and
//! otherwise the file name, stem or ID name of one of the plans found the other ways
//! (`--plan go-backend`). Paths are shown relative to the working directory.
//!
//! Globs are matched by `globset` on the names as the file system has them (bytes
//! on Unix), while `walkdir` walks only the folders a pattern can reach, so a file
//! whose name is not UTF-8 never stops the tool. A pattern may be relative to the
//! config's folder, absolute, or start with `~/`. `*` and `?` do not cross `/` and do
//! not match a leading `.` (as in a shell); `**` crosses folders.
//!
//! A plan's **name** (the part of its task IDs before `#`) is its file's stem — of
//! the file itself, after following symlinks, so that no link changes it. Two plans
//! with the same stem among the plans a command sees are told apart by their
//! folders, the fewest that make each name unique (`work/plan`, `home/plan`).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use crate::config;
use crate::error::Error;
use crate::files;
use crate::plan::PlanName;

/// A plan to read: where it is, how to show it, and its name in task IDs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanPath {
    /// The path to open.
    pub real: PathBuf,
    /// The path shown to the user and in JSON.
    pub shown: PathBuf,
    /// The name its task IDs carry (`go-backend`, or `work/plan` when another plan
    /// has the stem `plan`).
    pub name: PlanName,
}

/// Resolves the plans for a command. `home` expands a leading `~/` in globs.
pub fn plans(
    cwd: &Path,
    config: Option<&config::Found>,
    requested: &[String],
    home: Option<&Path>,
) -> Result<Vec<PlanPath>, Error> {
    let mut out = if requested.is_empty() {
        let found = configured(cwd, config, home)?;
        if found.is_empty() {
            return Err(Error::NoPlans {
                looked: looked_in(cwd, config),
            });
        }
        found
    } else {
        let mut known: Option<Vec<PlanPath>> = None;
        let mut out: Vec<PlanPath> = Vec::new();
        for name in requested {
            let plan = requested_plan(cwd, config, home, name, &mut known)?;
            if !out.iter().any(|p| same_file(&p.real, &plan.real)) {
                out.push(plan);
            }
        }
        out
    };
    name_plans(&mut out);
    Ok(out)
}

/// Where plans were looked for, for the error that none were found.
fn looked_in(cwd: &Path, config: Option<&config::Found>) -> String {
    match config.and_then(|c| c.config.plans.as_ref().map(|p| (c, p))) {
        Some((c, globs)) if globs.is_empty() => {
            format!(
                "{} lists no plans (plans = [])",
                crate::escape::path(&c.path)
            )
        }
        Some((c, globs)) => format!(
            "{} lists {}, which match no file",
            crate::escape::path(&c.path),
            globs.join(", ")
        ),
        None => match config {
            Some(c) => format!(
                "{} sets no `plans`, and there is no plans/*.md in {}",
                crate::escape::path(&c.path),
                crate::escape::path(cwd)
            ),
            None => format!(
                "no {} and no plans/*.md in {}",
                config::FILE_NAME,
                crate::escape::path(cwd)
            ),
        },
    }
}

/// One `--plan` value: a path, or the name of a configured plan.
fn requested_plan(
    cwd: &Path,
    config: Option<&config::Found>,
    home: Option<&Path>,
    name: &str,
    known: &mut Option<Vec<PlanPath>>,
) -> Result<PlanPath, Error> {
    if name.trim().is_empty() {
        return Err(Error::Usage {
            message: "--plan: empty plan name".into(),
        });
    }
    let path = cwd.join(name);
    if std::fs::symlink_metadata(&path).is_ok() {
        return Ok(PlanPath {
            real: path,
            shown: PathBuf::from(name),
            name: PlanName::default(),
        });
    }
    if known.is_none() {
        let mut found = configured(cwd, config, home).unwrap_or_default();
        name_plans(&mut found);
        *known = Some(found);
    }
    let list = known.as_deref().unwrap_or_default();
    let matches: Vec<&PlanPath> = list.iter().filter(|p| names(p, name)).collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        // A path that does not exist: say so (reading it names the file).
        [] if looks_like_path(name) => Ok(PlanPath {
            real: path,
            shown: PathBuf::from(name),
            name: PlanName::default(),
        }),
        [] => Err(Error::UnknownPlan {
            name: name.to_string(),
            known: list.iter().map(|p| crate::escape::path(&p.shown)).collect(),
        }),
        many => Err(Error::AmbiguousPlan {
            name: name.to_string(),
            candidates: many.iter().map(|p| crate::escape::path(&p.shown)).collect(),
        }),
    }
}

/// Whether a `--plan` value is meant as a path rather than a plan's name.
fn looks_like_path(name: &str) -> bool {
    name.contains('/') || name.contains(std::path::MAIN_SEPARATOR) || name.ends_with(".md")
}

/// Whether `--plan NAME` names this plan: its file name, its stem or its ID name.
fn names(plan: &PlanPath, name: &str) -> bool {
    let file = plan.real.file_name().map(crate::escape::name);
    let stem = plan.real.file_stem().map(crate::escape::name);
    file.as_deref() == Some(name) || stem.as_deref() == Some(name) || plan.name.short == name
}

/// Whether two paths name one file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    let id = |p: &Path| std::fs::metadata(p).ok().as_ref().and_then(files::inode);
    a == b || matches!((id(a), id(b)), (Some(x), Some(y)) if x == y)
}

/// The plans from the config's globs, or `./plans/*.md`, in the order of the
/// patterns and, within one, of their paths.
fn configured(
    cwd: &Path,
    config: Option<&config::Found>,
    home: Option<&Path>,
) -> Result<Vec<PlanPath>, Error> {
    let (dir, globs) = match config.and_then(|c| c.config.plans.as_ref().map(|p| (c, p))) {
        Some((c, globs)) => (c.dir.clone(), globs.clone()),
        None => (cwd.to_path_buf(), vec!["plans/*.md".to_string()]),
    };
    let dir = cwd.join(dir);
    let mut out: Vec<PlanPath> = Vec::new();
    // A file matched by two globs, or reached by two names (a symlink), is one plan:
    // read once, and written once by `check --all`. A map keeps this linear in a
    // vault. Its key is the file's inode, or its path where there are no inodes;
    // its value, where the plan is in `out`.
    let mut seen: HashMap<Result<(u64, u64), PathBuf>, usize> = HashMap::new();
    for pattern in &globs {
        for (real, meta) in matching(&dir, pattern, home)? {
            let plan = PlanPath {
                shown: relative(&real, cwd),
                real,
                name: PlanName::default(),
            };
            match seen.entry(files::inode(&meta).ok_or_else(|| plan.real.clone())) {
                Entry::Vacant(slot) => {
                    slot.insert(out.len());
                    out.push(plan);
                }
                // Shown by the file's own name rather than a link's.
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

/// The regular files (after following symlinks) that `pattern` matches, relative to
/// `dir`, sorted by path.
fn matching(
    dir: &Path,
    pattern: &str,
    home: Option<&Path>,
) -> Result<Vec<(PathBuf, std::fs::Metadata)>, Error> {
    let bad = |message: String| Error::BadGlob {
        pattern: pattern.to_string(),
        message,
    };
    let (base, rest) = split_pattern(dir, pattern, home).map_err(bad)?;
    let mut found = Vec::new();
    if rest.is_empty() {
        if let Some(meta) = std::fs::metadata(&base).ok().filter(|m| m.is_file()) {
            found.push((base, meta));
        }
        return Ok(found);
    }
    let (matcher, visible) = compile(&rest).map_err(bad)?;
    let depth = if rest.contains("**") {
        usize::MAX
    } else {
        rest.split('/').count()
    };
    let walk = walkdir::WalkDir::new(&base)
        .min_depth(1)
        .max_depth(depth)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || visible(e.file_name()));
    for entry in walk {
        // A folder that cannot be read may hold plans: counting without them would
        // be a silent miscount, so it is an error, as an unreadable plan is. A link
        // loop, or a file gone while the folder was read, is passed over.
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) if e.loop_ancestor().is_some() => continue,
            Err(e) => match (e.path().map(Path::to_path_buf), e.into_io_error()) {
                (Some(path), Some(io)) if io.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::Io {
                        path,
                        action: "cannot read folder",
                        source: io,
                    });
                }
                _ => continue,
            },
        };
        let path = entry.path();
        let Ok(inside) = path.strip_prefix(&base) else {
            continue;
        };
        if !matcher.is_match(inside) {
            continue;
        }
        if let Some(meta) = std::fs::metadata(path).ok().filter(|m| m.is_file()) {
            found.push((path.to_path_buf(), meta));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

/// Whether `pattern` (relative to `dir`, as in a config's `plans`) takes in the file
/// at `path`, by names alone: for `init`, to know before writing a plan whether the
/// config will find it.
pub fn would_match(dir: &Path, pattern: &str, home: Option<&Path>, path: &Path) -> bool {
    let Ok((base, rest)) = split_pattern(dir, pattern, home) else {
        return false;
    };
    let (base, path) = (clean(&base), clean(path));
    let Some(inside) = path.strip_prefix(base.as_slice()) else {
        return false;
    };
    if rest.is_empty() {
        return inside.is_empty();
    }
    let Ok((matcher, visible)) = compile(&rest) else {
        return false;
    };
    let inside: PathBuf = inside.iter().collect();
    matcher.is_match(&inside) && inside.iter().all(visible)
}

/// The matcher for the glob part of a pattern, and the test a name must pass to be
/// walked into or matched: a name starting with `.` is matched only by a part of
/// the pattern that spells the dot (`.notes` in `**/.notes/*.md`), as in a shell,
/// so that `*` never reaches a hidden file or folder.
fn compile(rest: &str) -> Result<(globset::GlobMatcher, impl Fn(&OsStr) -> bool), String> {
    let matcher = globset::GlobBuilder::new(rest)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| e.kind().to_string())?
        .compile_matcher();
    let dotted: Vec<globset::GlobMatcher> = rest
        .split('/')
        .filter(|part| part.starts_with('.'))
        .filter_map(|part| globset::Glob::new(part).ok())
        .map(|g| g.compile_matcher())
        .collect();
    let visible = move |name: &OsStr| {
        !name.as_encoded_bytes().starts_with(b".") || dotted.iter().any(|g| g.is_match(name))
    };
    Ok((matcher, visible))
}

/// Splits a pattern into the folder its literal leading part names (from `dir`, the
/// root, or the home folder) and the glob that follows, `/`-separated.
fn split_pattern(
    dir: &Path,
    pattern: &str,
    home: Option<&Path>,
) -> Result<(PathBuf, String), String> {
    let (mut base, rest) = if pattern == "~" || pattern.starts_with("~/") {
        let home = home.ok_or("`~` needs the HOME environment variable")?;
        (home.to_path_buf(), pattern.get(1..).unwrap_or(""))
    } else if let Some(rest) = pattern.strip_prefix('/') {
        (PathBuf::from("/"), rest)
    } else {
        (dir.to_path_buf(), pattern)
    };
    let glob_char = |part: &str| part.contains(['*', '?', '[', '{', '\\']);
    let mut parts = rest.split('/').filter(|p| !p.is_empty()).peekable();
    while let Some(part) = parts.next_if(|p| !glob_char(p)) {
        base.push(part);
    }
    Ok((base, parts.collect::<Vec<_>>().join("/")))
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Gives each plan its ID name: its file's stem, or, for plans whose stems are
/// equal, the stem after the fewest folders that set it apart from the others.
pub fn name_plans(plans: &mut [PlanPath]) {
    // The file itself, after symlinks: a link added or removed changes no name.
    let files: Vec<PathBuf> = plans
        .iter()
        .map(|p| std::fs::canonicalize(&p.real).unwrap_or_else(|_| p.real.clone()))
        .collect();
    let stems: Vec<String> = files.iter().map(|f| lossy(f.file_stem())).collect();
    let folders: Vec<Vec<String>> = files.iter().map(|f| folders_up(f)).collect();
    let mut by_stem: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, stem) in stems.iter().enumerate() {
        by_stem.entry(stem).or_default().push(i);
    }
    let mut names = stems.clone();
    for group in by_stem.values().filter(|g| g.len() > 1) {
        // Candidate names, in order: the stem, the file name (`x.md` beside
        // `x.markdown`), then one folder more with each, and so on.
        let name_at =
            |i: usize, k: usize| qualified(&folders[i], k / 2, k % 2 == 1, &stems[i], &files[i]);
        for &i in group {
            // The first candidate that no other plan of the group has at the same
            // step; names of different steps differ in their number of folders.
            let last = 2 * folders[i].len() + 1;
            let k = (1..=last)
                .find(|&k| {
                    group
                        .iter()
                        .all(|&j| j == i || name_at(j, k) != name_at(i, k))
                })
                .unwrap_or(last);
            names[i] = name_at(i, k);
        }
    }
    // Names can still meet in odd corners (`a.md.md` beside `a.md` and `a.md.x`):
    // those take their whole path, which no two files share.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for name in &names {
        *seen.entry(name.clone()).or_default() += 1;
    }
    for (i, name) in names.iter_mut().enumerate() {
        if seen.get(name.as_str()).is_some_and(|&n| n > 1) {
            *name = crate::escape::path(&files[i]);
        }
    }
    for (i, (plan, short)) in plans.iter_mut().zip(names).enumerate() {
        let mut full: Vec<&str> = folders[i].iter().rev().map(String::as_str).collect();
        full.push(&stems[i]);
        plan.name = PlanName {
            short,
            full: full.join("/"),
        };
    }
}

/// The names of the folders holding `file`, innermost first.
fn folders_up(file: &Path) -> Vec<String> {
    file.parent()
        .map(|p| {
            p.components()
                .rev()
                .filter_map(|c| match c {
                    Component::Normal(n) => Some(lossy(Some(n))),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `a/b/stem` with `depth` folders, or `a/b/file.ext` with `whole`.
fn qualified(up: &[String], depth: usize, whole: bool, stem: &str, file: &Path) -> String {
    let leaf = if whole {
        lossy(file.file_name())
    } else {
        stem.to_string()
    };
    let mut parts: Vec<&str> = up.iter().take(depth).map(String::as_str).collect();
    parts.reverse();
    parts.push(&leaf);
    parts.join("/")
}

/// A name as IDs and messages show it (see [`crate::escape::name`]): two files
/// never share one.
fn lossy(name: Option<&OsStr>) -> String {
    name.map(crate::escape::name).unwrap_or_default()
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

    fn plan(path: &str) -> PlanPath {
        PlanPath {
            real: PathBuf::from(path),
            shown: PathBuf::from(path),
            name: PlanName::default(),
        }
    }

    fn named(paths: &[&str]) -> Vec<String> {
        let mut plans: Vec<PlanPath> = paths.iter().map(|p| plan(p)).collect();
        name_plans(&mut plans);
        plans.into_iter().map(|p| p.name.short).collect()
    }

    #[test]
    fn equal_stems_are_told_apart_by_the_fewest_folders() {
        assert_eq!(
            named(&["/n/plans/go.md", "/n/plans/rust.md"]),
            ["go", "rust"],
            "unique stems keep today's names"
        );
        assert_eq!(
            named(&["/n/work/plan.md", "/n/home/plan.md", "/n/x.md"]),
            ["work/plan", "home/plan", "x"]
        );
        assert_eq!(
            named(&["/a/x/plan.md", "/b/x/plan.md"]),
            ["a/x/plan", "b/x/plan"]
        );
        assert_eq!(
            named(&["/a/plan.md", "/b/a/plan.md"]),
            ["a/plan.md", "b/a/plan"]
        );
        assert_eq!(
            named(&["/n/p/x.md", "/n/p/x.markdown"]),
            ["x.md", "x.markdown"]
        );
        // Names that are not UTF-8 stay apart, and can be typed.
        use std::os::unix::ffi::OsStrExt;
        let mut plans: Vec<PlanPath> = [&b"/n/plan\xff.md"[..], b"/n/plan\xfe.md"]
            .iter()
            .map(|b| PlanPath {
                real: PathBuf::from(std::ffi::OsStr::from_bytes(b)),
                ..plan("")
            })
            .collect();
        name_plans(&mut plans);
        let names: Vec<&str> = plans.iter().map(|p| p.name.short.as_str()).collect();
        assert_eq!(names, ["plan\\xff", "plan\\xfe"]);
    }

    #[test]
    fn patterns_split_into_a_folder_and_a_glob() {
        let dir = Path::new("/cfg");
        let home = Some(Path::new("/home/me"));
        let split = |p: &str| split_pattern(dir, p, home).unwrap();
        assert_eq!(
            split("plans/*.md"),
            (PathBuf::from("/cfg/plans"), "*.md".into())
        );
        assert_eq!(split("/abs/*.md"), (PathBuf::from("/abs"), "*.md".into()));
        assert_eq!(
            split("~/notes/**/*.md"),
            (PathBuf::from("/home/me/notes"), "**/*.md".into())
        );
        assert_eq!(
            split("a/b.md"),
            (PathBuf::from("/cfg/a/b.md"), String::new())
        );
        assert_eq!(
            split("../x/*.md"),
            (PathBuf::from("/cfg/../x"), "*.md".into())
        );
        assert!(split_pattern(dir, "~/x", None).is_err());
    }
}
