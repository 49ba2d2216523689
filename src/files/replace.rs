//! Atomic replacement: every file roadmap writes — a plan by `check`, a plan and the
//! config by `init`, a report by `report -o` — goes through here.
//!
//! A temporary file beside the target gets the new bytes, the original's owner,
//! attributes and mode ([`Kept`]), and an fsync; a plan then gets its last look (the
//! file must still hold exactly what was read), and the copy is renamed over the
//! target. Nothing comes between the last look and the rename but a `stat`: a write
//! by another program that takes no lock is lost only if it lands in those
//! microseconds.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::keep::Kept;
use super::{DirLock, Identity, Snapshot};
use crate::error::Error;

/// The suffix of temporary files; with the prefix `.NAME.` it names the pattern that
/// [`write`] cleans up after a killed run.
const TEMP_SUFFIX: &str = ".roadmap-tmp";

/// The longest file name most file systems take, in bytes.
const NAME_MAX: usize = 255;

/// Replaces the plan behind `snapshot`, read as `old`, with `new`, atomically,
/// keeping its mode, owner and extended attributes; refuses when the file changed
/// since it was read or when its metadata cannot be kept. Writes nothing when `new`
/// equals `old`.
///
/// The caller holds the lock of the plan's directory (`_lock`), so any temporary
/// file of this plan found there was left by a run that was killed: it is removed.
pub fn write(snapshot: &Snapshot, old: &str, new: &str, _lock: &DirLock) -> Result<(), Error> {
    if new == old {
        return Ok(());
    }
    let path = &snapshot.path;
    let io_err = |action: &'static str| {
        move |source: io::Error| Error::Io {
            path: path.clone(),
            action,
            source,
        }
    };
    // Follow symlinks: the target is written and the link stays.
    let target = fs::canonicalize(&snapshot.real).map_err(io_err("cannot resolve"))?;
    let meta = fs::metadata(&target).map_err(io_err("cannot read"))?;
    if !meta.is_file() {
        return Err(refused(path, "it is not a regular file"));
    }
    if Identity::of(&meta) != snapshot.identity {
        return Err(Error::ChangedOnDisk { path: path.clone() });
    }
    let original = writable(path, &target, &meta)?;
    let kept = Kept::of(&original, &meta).map_err(|reason| refused(path, reason))?;
    let (dir, name) = place(&target);
    remove_stale_temps(&dir, &name);
    let look = || -> io::Result<bool> {
        // The bytes first, then the metadata: a write that lands after the
        // comparison has read its part still changes the mtime or the length.
        Ok(holds(&target, old.as_bytes())?
            && Identity::of(&fs::metadata(&target)?) == snapshot.identity)
    };
    let tmp = filled_copy(path, &dir, &name, new.as_bytes(), Some(&kept))?;
    if !look().map_err(io_err("cannot read"))? {
        return Err(Error::ChangedOnDisk { path: path.clone() });
    }
    rename(path, tmp, &target, &dir)
}

/// What [`create`] does when the file already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Create {
    /// Refuse: the file must not exist.
    New,
    /// Replace it atomically, keeping its metadata (through a symlink, the target);
    /// anything but a regular file is refused (a plan or config is a file).
    Replace,
    /// An output file (`report -o`): as `Replace` for a regular file; a device or a
    /// FIFO is written into, as a shell redirection would; a descriptor alias
    /// (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`) is appended to, never
    /// replaced or truncated, so that `report -o /dev/stdout >> log` adds to log.
    Output,
}

/// Whether `path` names an open descriptor of this process rather than a file.
fn descriptor_alias(path: &Path) -> bool {
    let text = path.to_string_lossy();
    matches!(&*text, "/dev/stdin" | "/dev/stdout" | "/dev/stderr")
        || text.starts_with("/dev/fd/")
        || text.starts_with("/proc/self/fd/")
        || text.starts_with("/proc/thread-self/fd/")
}

/// Writes `bytes` to a file roadmap makes (not a plan it read): a new file gets
/// the mode new files get here (0666 less the umask), an existing one keeps its
/// own. `shown` names the file in messages.
pub fn create(real: &Path, shown: &Path, bytes: &[u8], how: Create) -> Result<(), Error> {
    let io_err = |action: &'static str| {
        move |source: io::Error| Error::Io {
            path: shown.to_path_buf(),
            action,
            source,
        }
    };
    if how == Create::Output && descriptor_alias(real) {
        let mut file = fs::OpenOptions::new()
            .append(true)
            .open(real)
            .map_err(io_err("cannot open"))?;
        return file.write_all(bytes).map_err(io_err("cannot write"));
    }
    match fs::symlink_metadata(real) {
        Ok(_) if how == Create::New => Err(Error::Io {
            path: shown.to_path_buf(),
            action: "cannot create",
            source: io::Error::from(io::ErrorKind::AlreadyExists),
        }),
        Ok(link) => {
            let target = fs::canonicalize(real).map_err(|e| match e.kind() {
                io::ErrorKind::NotFound if link.file_type().is_symlink() => Error::BrokenLink {
                    path: shown.to_path_buf(),
                },
                _ => io_err("cannot resolve")(e),
            })?;
            let meta = fs::metadata(&target).map_err(io_err("cannot read"))?;
            if meta.is_dir() {
                return Err(Error::NotAFile {
                    path: shown.to_path_buf(),
                    what: "a directory",
                });
            }
            if !meta.is_file() && how != Create::Output {
                return Err(Error::NotAFile {
                    path: shown.to_path_buf(),
                    what: "not a regular file (a device, FIFO or socket)",
                });
            }
            if !meta.is_file() {
                // A device or a FIFO (`-o /dev/null`): write into it as a shell
                // redirection would; replacing it would put a file in its place.
                let mut file = fs::OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .map_err(io_err("cannot open"))?;
                return file.write_all(bytes).map_err(io_err("cannot write"));
            }
            let original = writable(shown, &target, &meta)?;
            let kept = Kept::of(&original, &meta).map_err(|reason| refused(shown, reason))?;
            let (dir, name) = place(&target);
            let tmp = filled_copy(shown, &dir, &name, bytes, Some(&kept))?;
            rename(shown, tmp, &target, &dir)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let (dir, name) = place(real);
            let tmp = filled_copy(shown, &dir, &name, bytes, None)?;
            // Created meanwhile by someone else: theirs stays.
            tmp.persist_noclobber(real).map_err(|e| Error::Io {
                path: shown.to_path_buf(),
                action: "cannot create",
                source: e.error,
            })?;
            sync_dir(&dir);
            Ok(())
        }
        Err(e) => Err(io_err("cannot read")(e)),
    }
}

/// The error for a write that would break a promise.
fn refused(path: &Path, reason: impl Into<String>) -> Error {
    Error::WriteRefused {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Checks that the regular file `target` may be replaced, and opens it (for
/// writing, which truncates nothing and leaves the mtime alone) to read its
/// attributes from.
fn writable(path: &Path, target: &Path, meta: &fs::Metadata) -> Result<File, Error> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(refused(
                path,
                format!(
                    "it has {} hard links, and replacing it would split them; \
                     edit it by hand or remove the other links",
                    meta.nlink()
                ),
            ));
        }
    }
    if meta.permissions().readonly() {
        return Err(refused(path, "it is read-only"));
    }
    // The mode bits are root's only signal; a real open tells the rest.
    fs::OpenOptions::new()
        .write(true)
        .open(target)
        .map_err(|e| refused(path, format!("it cannot be opened for writing ({e})")))
}

/// The directory of `target` and its file name.
fn place(target: &Path) -> (PathBuf, OsString) {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(OsStr::to_os_string)
        .unwrap_or_default();
    (dir, name)
}

/// A temporary file in `dir`, named after `name` and cut so that the whole name fits
/// in [`NAME_MAX`] bytes, holding `bytes`, with `kept`'s metadata (or a new file's),
/// synced to disk.
fn filled_copy(
    path: &Path,
    dir: &Path,
    name: &OsStr,
    bytes: &[u8],
    kept: Option<&Kept>,
) -> Result<tempfile::NamedTempFile, Error> {
    let io_err = |action: &'static str| {
        move |source: io::Error| Error::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    };
    let mut builder = tempfile::Builder::new();
    let prefix = temp_prefix(name);
    builder
        .prefix(&prefix)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(RAND_BYTES);
    #[cfg(unix)]
    let new_file_mode = {
        use std::os::unix::fs::PermissionsExt;
        fs::Permissions::from_mode(0o666)
    };
    #[cfg(unix)]
    if kept.is_none() {
        // As `open(2)` makes new files: 0666 less the umask.
        builder.permissions(new_file_mode);
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| {
        refused(
            path,
            format!(
                "no temporary file can be made in {} ({e})",
                crate::escape::path(dir)
            ),
        )
    })?;
    if let Some(kept) = kept {
        kept.apply_flags(tmp.as_file())
            .map_err(|reason| refused(path, reason))?;
    }
    tmp.write_all(bytes)
        .and_then(|()| tmp.flush())
        .map_err(io_err("cannot write a temporary copy of"))?;
    if let Some(kept) = kept {
        kept.apply(tmp.as_file())
            .map_err(|reason| refused(path, reason))?;
    }
    tmp.as_file()
        .sync_all()
        .map_err(io_err("cannot sync the copy of"))?;
    Ok(tmp)
}

/// Random characters in a temporary file's name.
const RAND_BYTES: usize = 6;

/// `.NAME.`, with `NAME` cut (by bytes) so that the temporary file's whole name,
/// `.NAME.XXXXXX.roadmap-tmp`, fits in [`NAME_MAX`] bytes.
fn temp_prefix(name: &OsStr) -> OsString {
    let room = NAME_MAX - 2 - RAND_BYTES - TEMP_SUFFIX.len();
    let mut prefix = OsString::from(".");
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = name.as_bytes();
        prefix.push(OsStr::from_bytes(&bytes[..bytes.len().min(room)]));
    }
    #[cfg(not(unix))]
    {
        let name = name.to_string_lossy();
        let mut end = name.len().min(room);
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        prefix.push(&name[..end]);
    }
    prefix.push(".");
    prefix
}

/// Renames the copy over `target` and makes the rename durable.
fn rename(
    path: &Path,
    tmp: tempfile::NamedTempFile,
    target: &Path,
    dir: &Path,
) -> Result<(), Error> {
    tmp.persist(target).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        action: "cannot replace",
        source: e.error,
    })?;
    sync_dir(dir);
    Ok(())
}

/// Syncs a directory, which makes a rename in it durable; some file systems cannot.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Whether the file at `path` holds exactly `expected`, read in blocks so that a
/// large plan is not held twice.
fn holds(path: &Path, expected: &[u8]) -> io::Result<bool> {
    let mut file = File::open(path)?;
    let mut block = vec![0u8; 256 * 1024];
    let mut at = 0;
    loop {
        let n = match file.read(&mut block) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(at == expected.len());
        }
        if expected.get(at..at + n) != block.get(..n) {
            return Ok(false);
        }
        at += n;
    }
}

/// Removes `.NAME.*.roadmap-tmp` files in `dir`: temporary copies of the plan `NAME`
/// left by a `roadmap` that was killed between writing and renaming.
fn remove_stale_temps(dir: &Path, name: &OsStr) {
    let prefix = temp_prefix(name);
    let prefix = prefix.as_encoded_bytes();
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let bytes = file_name.as_encoded_bytes();
        if bytes.starts_with(prefix)
            && bytes.ends_with(TEMP_SUFFIX.as_bytes())
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_fit_whatever_the_plan_is_called() {
        for len in [1, 200, 235, 236, 255] {
            let name = OsString::from("п".repeat(len / 2) + &"a".repeat(len % 2));
            let prefix = temp_prefix(&name);
            let whole = prefix.len() + RAND_BYTES + TEMP_SUFFIX.len();
            assert!(whole <= NAME_MAX, "{len}: {whole}");
        }
        assert_eq!(temp_prefix(OsStr::new("go.md")), OsString::from(".go.md."));
    }
}
