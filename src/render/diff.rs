//! Unified diffs for `check --dry-run`, in the form `patch -p1` and `git apply` take.

use std::io::{self, Write};

use similar::TextDiff;

/// Writes the diff from `old` to `new` of the file shown as `path`.
pub fn unified(out: &mut dyn Write, path: &str, old: &str, new: &str) -> io::Result<()> {
    let diff = TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    out.write_all(text.as_bytes())
}
