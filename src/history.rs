//! Done dates from git history: the day of the commit that ticked a task.

use std::path::Path;

/// Whether `path` sits in a git work tree: a `.git` folder or file in its folder or
/// one above. (Interim: the history reader lands from its branch.)
pub fn in_work_tree(path: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .any(|dir| dir.join(".git").exists())
}
