//! Reading plan files and writing them back without ever damaging them.
//!
//! Reading takes a [`Snapshot`]: the bytes and the metadata that identify the file
//! (device, inode, length, mtime). Only regular files are read (a FIFO would wait
//! forever, a device never end), into a buffer reserved fallibly, so a file too large
//! for memory is an error, not an abort.
//!
//! Writing ([`write`], in `replace.rs`) replaces a file atomically: a temporary file
//! in the same directory gets the new bytes, then the original's owner, extended
//! attributes (POSIX ACLs included) and exact mode (`keep.rs`), then an fsync; then
//! the last look: if the file on disk still holds exactly the snapshot's bytes, it
//! is renamed over the target, and the directory is synced. The last look is the
//! last thing before the rename, so a write by another program (an editor's save, an
//! `echo >>`) is lost only if it lands in the microseconds between the two. A
//! symlinked plan has its target written and the link kept. A file with several hard
//! links, a read-only file and a non-regular file are refused, because a rename
//! would split, override or replace them; so is a file whose mode, owner or
//! attributes cannot be carried over exactly. No change means no write at all.
//! [`create`] writes the other files roadmap makes (`init`, `report -o`) by the
//! same path.

mod keep;
mod replace;

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::error::Error;
use crate::markdown::LineIndex;

pub use replace::{Create, create, write};

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

/// What identifies a file's state on disk, besides its bytes. The ctime changes
/// with every change of the file's metadata too (mode, owner, ACL, attributes), so
/// a permission narrowed while a copy is made is not widened back by the rename.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: Option<SystemTime>,
    ctime: Option<(i64, i64)>,
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
        #[cfg(unix)]
        let ctime = {
            use std::os::unix::fs::MetadataExt;
            Some((meta.ctime(), meta.ctime_nsec()))
        };
        #[cfg(not(unix))]
        let ctime = None;
        Identity {
            dev,
            ino,
            len: meta.len(),
            mtime: meta.modified().ok(),
            ctime,
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

/// Reads a small file that must be a regular file and UTF-8 text, such as the
/// config: the same guards as a plan.
pub fn read_text_file(real: &Path, path: &Path) -> Result<String, Error> {
    let mut bytes = Vec::new();
    read_bytes(real, path, &mut bytes)?;
    text(path, &bytes).map(str::to_owned)
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
    // buffer's spare room without zeroing it first. The room is reserved fallibly: a
    // (sparse) file larger than memory is an error, not an abort.
    let too_large = || Error::TooLarge {
        path: path.to_path_buf(),
        bytes: meta.len(),
    };
    let wanted = usize::try_from(meta.len()).map_err(|_| too_large())?;
    bytes.try_reserve(wanted).map_err(|_| too_large())?;
    match (&file).read_to_end(bytes) {
        Ok(_) => Ok(meta),
        // The file grew past what memory can hold while it was read.
        Err(e) if e.kind() == io::ErrorKind::OutOfMemory => Err(too_large()),
        Err(e) => Err(io_err(e)),
    }
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
/// take no locks: the last look before the rename in [`write`] covers them.
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
