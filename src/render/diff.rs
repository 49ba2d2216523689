//! Unified diffs for `check --dry-run`, in the form `patch -p1` and `git apply` take.

use std::io::{self, Write};
use std::path::{Component, Path};

use similar::TextDiff;

use crate::discover;

/// Writes the diff from `old` to `new` of the file at `path`, named in the
/// headers relative to `cwd` as `a/NAME` and `b/NAME`.
pub fn unified(
    out: &mut dyn Write,
    path: &Path,
    cwd: &Path,
    old: &str,
    new: &str,
) -> io::Result<()> {
    let name = header_name(path, cwd);
    // `patch` reads a header's name up to a tab; like git, end a name that holds
    // a space with one so that the whole name is read.
    let end = if name.contains(' ') { "\t" } else { "" };
    let diff = TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}{end}"), &format!("b/{name}{end}"))
        .to_string();
    out.write_all(text.as_bytes())
}

/// The name after `a/`: the path relative to `cwd` when the file is below it,
/// else the path from the root without its leading `/` (as `git diff` names it).
fn header_name(path: &Path, cwd: &Path) -> String {
    discover::relative(&cwd.join(path), cwd)
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_relative_to_the_working_directory() {
        let cwd = Path::new("/home/me/study");
        assert_eq!(header_name(Path::new("plans/go.md"), cwd), "plans/go.md");
        assert_eq!(
            header_name(Path::new("./plans/../alt/a.md"), cwd),
            "alt/a.md"
        );
        assert_eq!(
            header_name(Path::new("/home/me/study/plans/go.md"), cwd),
            "plans/go.md"
        );
        assert_eq!(header_name(Path::new("/tmp/x.md"), cwd), "tmp/x.md");
    }

    #[test]
    fn a_name_with_a_space_ends_with_a_tab() {
        let mut out = Vec::new();
        unified(
            &mut out,
            Path::new("my plan.md"),
            Path::new("/w"),
            "- [ ] a\n",
            "- [x] a\n",
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("--- a/my plan.md\t\n+++ b/my plan.md\t\n"),
            "{text}"
        );
    }
}
