//! Reading plan files and writing them back without ever damaging them.
//!
//! Reading takes a [`Snapshot`]: the bytes and the metadata that identify the file
//! (device, inode, length, mtime). Writing replaces the file atomically from that
//! snapshot: a temporary file in the same directory gets the new bytes, the exact
//! mode and owner, and an fsync; then, if the file on disk still holds exactly the
//! snapshot's bytes, it is renamed over the target and the directory is synced.
//! A symlinked plan has its target written and the link kept. A file with several
//! hard links, a read-only file and a non-regular file are refused, because a
//! rename would split, override or replace them. No change means no write at all.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::error::Error;
use crate::markdown::LineIndex;

/// A plan file's state when it was read: where it is and what identifies it on disk.
/// The text itself is returned beside it and handed back to [`write`].
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The path to open.
    pub real: PathBuf,
    /// The path as the user gave it or as it was found, for messages.
    pub path: PathBuf,
    identity: Identity,
}

/// What identifies a file's state on disk, besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: Option<SystemTime>,
}

/// The device and inode of a file, where the platform has them: two paths with the
/// same pair are one file.
pub fn inode(meta: &fs::Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

impl Identity {
    fn of(meta: &fs::Metadata) -> Identity {
        let (dev, ino) = inode(meta).unwrap_or((0, 0));
        Identity {
            dev,
            ino,
            len: meta.len(),
            mtime: meta.modified().ok(),
        }
    }
}

/// Reads a plan to write it: its bytes, and the snapshot a [`write`] checks against.
/// The bytes are not checked yet: [`text`] checks them and lends them as text, so a
/// plan is never copied to be checked.
pub fn read(real: &Path, path: &Path) -> Result<(Snapshot, Vec<u8>), Error> {
    let mut bytes = Vec::new();
    let meta = read_bytes(real, path, &mut bytes)?;
    let snapshot = Snapshot {
        real: real.to_path_buf(),
        path: path.to_path_buf(),
        identity: Identity::of(&meta),
    };
    Ok((snapshot, bytes))
}

/// Reads a plan only to look at it, into `buffer` (emptied first, and kept by the
/// caller for the next file), checked as [`text`] checks.
pub fn read_to_look<'b>(
    real: &Path,
    path: &Path,
    buffer: &'b mut Vec<u8>,
) -> Result<&'b str, Error> {
    buffer.clear();
    read_bytes(real, path, buffer)?;
    text(path, buffer)
}

/// Checks that a file's bytes are text roadmap can parse and rewrite, UTF-8 with no
/// NUL, and lends them as text. UTF-8 is checked with SIMD instructions (`simdutf8`),
/// several times faster than `std`'s check on Cyrillic; `std` names what is wrong.
pub fn text<'b>(path: &Path, bytes: &'b [u8]) -> Result<&'b str, Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => match memchr::memchr(0, bytes) {
            Some(offset) => Err(Error::Binary {
                path: path.to_path_buf(),
                offset,
            }),
            None => Ok(text),
        },
        Err(_) => Err(not_utf8(path, bytes)),
    }
}

/// Appends a regular file's bytes to `bytes` and returns its metadata.
fn read_bytes(real: &Path, path: &Path, bytes: &mut Vec<u8>) -> Result<fs::Metadata, Error> {
    let io_err = |source: io::Error| Error::Io {
        path: path.to_path_buf(),
        action: "cannot read",
        source,
    };
    let missing = |e: io::Error| match e.kind() {
        io::ErrorKind::NotFound if fs::symlink_metadata(real).is_ok() => Error::BrokenLink {
            path: path.to_path_buf(),
        },
        io::ErrorKind::NotFound => Error::PlanMissing {
            path: path.to_path_buf(),
        },
        _ => io_err(e),
    };
    let regular = |meta: &fs::Metadata| {
        if meta.is_dir() {
            Err(Error::NotAFile {
                path: path.to_path_buf(),
                what: "a directory",
            })
        } else if !meta.is_file() {
            Err(Error::NotAFile {
                path: path.to_path_buf(),
                what: "not a regular file (a device, FIFO or socket)",
            })
        } else {
            Ok(())
        }
    };
    // Look before opening: opening a FIFO would wait for a writer forever. Look again
    // at what was opened, in case the path changed in between.
    regular(&fs::metadata(real).map_err(missing)?)?;
    let file = File::open(real).map_err(missing)?;
    let meta = file.metadata().map_err(io_err)?;
    regular(&meta)?;
    // std's `read_to_end` for a file reads its whole length in one call, into the
    // buffer's spare room without zeroing it first.
    bytes.reserve(usize::try_from(meta.len()).unwrap_or(0));
    (&file).read_to_end(bytes).map_err(io_err)?;
    Ok(meta)
}

/// The error for bytes that are not UTF-8: where the first bad byte is, and the
/// encoding they are most likely in.
fn not_utf8(path: &Path, bytes: &[u8]) -> Error {
    let offset = std::str::from_utf8(bytes)
        .err()
        .map_or(bytes.len(), |e| e.valid_up_to());
    let lines = LineIndex::new(std::str::from_utf8(&bytes[..offset]).unwrap_or(""));
    let (line, column) = lines.position(offset);
    Error::NotUtf8 {
        path: path.to_path_buf(),
        byte: bytes.get(offset).copied().unwrap_or(0),
        offset,
        line,
        column,
        hint: guess_encoding(bytes),
    }
}

/// Names the encoding a non-UTF-8 file is most likely in, when that can be told.
fn guess_encoding(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Some("UTF-16 (it starts with a UTF-16 byte order mark)");
    }
    // Windows-1251 Cyrillic: most non-ASCII bytes are letters in 0xC0..=0xFF.
    let high: Vec<u8> = bytes.iter().copied().filter(|&b| b >= 0x80).collect();
    let letters = high.iter().filter(|&&b| b >= 0xc0).count();
    if high.len() >= 4 && letters * 10 >= high.len() * 8 {
        return Some("Windows-1251 (legacy Cyrillic); convert it with `iconv -f cp1251 -t utf-8`");
    }
    None
}

/// The suffix of temporary files; with the prefix `.NAME.` it names the pattern that
/// [`write`] cleans up after a killed run.
const TEMP_SUFFIX: &str = ".roadmap-tmp";

/// Replaces the file behind `snapshot`, read as `old`, with `new`, atomically,
/// keeping its mode and owner; refuses when the file changed since it was read.
/// Writes nothing when `new` equals `old`.
///
/// The caller holds the lock of the plan's directory (`_lock`), so any temporary
/// file of this plan found there was left by a run that was killed: it is removed.
pub fn write(snapshot: &Snapshot, old: &str, new: &str, _lock: &DirLock) -> Result<(), Error> {
    if new == old {
        return Ok(());
    }
    let path = &snapshot.path;
    let refuse = |reason: String| Error::WriteRefused {
        path: path.clone(),
        reason,
    };
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
        return Err(refuse("it is not a regular file".into()));
    }
    if Identity::of(&meta) != snapshot.identity {
        return Err(Error::ChangedOnDisk { path: path.clone() });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(refuse(format!(
                "it has {} hard links, and replacing it would split them; \
                 edit it by hand or remove the other links",
                meta.nlink()
            )));
        }
    }
    if meta.permissions().readonly() {
        return Err(refuse("it is read-only".into()));
    }
    // The mode bits are root's only signal; a real open tells the rest. Opening for
    // writing truncates nothing and leaves the mtime alone.
    fs::OpenOptions::new()
        .write(true)
        .open(&target)
        .map_err(|e| refuse(format!("it cannot be opened for writing ({e})")))?;

    let dir = target
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_stale_temps(&dir, &name);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&dir)
        .map_err(|e| {
            refuse(format!(
                "no temporary file can be made in {} ({e})",
                dir.display()
            ))
        })?;
    let write_err = io_err("cannot write a temporary copy of");
    tmp.write_all(new.as_bytes()).map_err(write_err)?;
    tmp.flush()
        .map_err(io_err("cannot write a temporary copy of"))?;
    tmp.as_file()
        .set_permissions(meta.permissions())
        .map_err(io_err("cannot set permissions on the copy of"))?;
    keep_owner(tmp.as_file(), &meta).map_err(refuse)?;

    // Last look, once the copy is complete: the file must still hold exactly what was
    // read. It runs while the copy is synced to disk (on a long plan both take tens
    // of milliseconds; a thread costs far less than a sync); the rename waits for both.
    let look = || -> io::Result<bool> {
        let now = fs::metadata(&target)?;
        Ok(Identity::of(&now) == snapshot.identity && holds(&target, old.as_bytes())?)
    };
    let (synced, same) = std::thread::scope(|scope| {
        let synced = scope.spawn(|| tmp.as_file().sync_all());
        let same = look();
        let synced = synced
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (synced, same)
    });
    synced.map_err(io_err("cannot sync the copy of"))?;
    if !same.map_err(io_err("cannot read"))? {
        return Err(Error::ChangedOnDisk { path: path.clone() });
    }
    tmp.persist(&target).map_err(|e| Error::Io {
        path: path.clone(),
        action: "cannot replace",
        source: e.error,
    })?;
    if let Ok(d) = File::open(&dir) {
        // Makes the rename durable; some filesystems cannot sync a directory.
        let _ = d.sync_all();
    }
    Ok(())
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
fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if file_name.starts_with(&prefix)
            && file_name.ends_with(TEMP_SUFFIX)
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn keep_owner(file: &File, meta: &fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::{MetadataExt, fchown};
    let tmp = file.metadata().map_err(|e| e.to_string())?;
    if (tmp.uid(), tmp.gid()) == (meta.uid(), meta.gid()) {
        return Ok(());
    }
    // Only root can give a file away; anyone else must not take ownership of a plan.
    let _ = fchown(file, Some(meta.uid()), Some(meta.gid()));
    let tmp = file.metadata().map_err(|e| e.to_string())?;
    if (tmp.uid(), tmp.gid()) == (meta.uid(), meta.gid()) {
        Ok(())
    } else {
        Err("replacing it would change its owner or group".into())
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _meta: &fs::Metadata) -> Result<(), String> {
    Ok(())
}

/// Holds an advisory lock on a plan's directory, so that two `roadmap` processes
/// do not interleave their read-modify-write cycles on plans there.
pub struct DirLock {
    _file: File,
}

/// The directory a plan really lives in (after following symlinks): where its
/// temporary file goes and what [`lock_dir`] locks.
pub fn plan_dir(path: &Path) -> PathBuf {
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Locks a plan directory, waiting for any other `roadmap` that holds it. Editors
/// take no locks: the changed-on-disk check in [`write`] covers them.
pub fn lock_dir(dir: &Path) -> Result<DirLock, Error> {
    let file = File::open(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        action: "cannot open directory",
        source,
    })?;
    file.lock().map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        action: "cannot lock directory",
        source,
    })?;
    Ok(DirLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_byte_offset_line_and_column() {
        let err = text(Path::new("x.md"), b"# A\n- [ ] caf\xe9\n").unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("byte 0xE9 at offset 13 (line 2, column 10)"),
            "{text}"
        );
    }

    #[test]
    fn encodings_are_named_when_recognisable() {
        let utf16 = text(Path::new("x.md"), &[0xff, 0xfe, b'#', 0]).unwrap_err();
        assert!(utf16.to_string().contains("UTF-16"));
        // "- [ ] Привет мир" in Windows-1251.
        let cp1251 = b"- [ ] \xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0\n";
        let err = text(Path::new("x.md"), cp1251).unwrap_err().to_string();
        assert!(err.contains("iconv -f cp1251 -t utf-8"), "{err}");
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = text(Path::new("x.md"), b"ab\0c").unwrap_err();
        assert!(err.to_string().contains("offset 2"));
    }
}
