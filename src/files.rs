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

impl Snapshot {
    /// Whether the file is, by its metadata, as it was read: a cheap look, taken
    /// before the expensive ones. The last look before a rename still compares the
    /// bytes, so a change the metadata does not show is refused there.
    pub fn unchanged(&self) -> bool {
        fs::metadata(&self.real).is_ok_and(|meta| Identity::of(&meta) == self.identity)
    }
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

/// The error for bytes that are not UTF-8: where the first bad byte is, the bytes
/// around it, and the encoding they are in when that can be told with confidence.
fn not_utf8(path: &Path, bytes: &[u8]) -> Error {
    let offset = std::str::from_utf8(bytes)
        .err()
        .map_or(bytes.len(), |e| e.valid_up_to());
    let lines = LineIndex::new(std::str::from_utf8(&bytes[..offset]).unwrap_or(""));
    let (line, column) = lines.position(offset);
    let near = bytes
        .get(offset.saturating_sub(NEAR)..bytes.len().min(offset + NEAR + 1))
        .unwrap_or_default()
        .to_vec();
    Error::NotUtf8 {
        path: path.to_path_buf(),
        byte: bytes.get(offset).copied().unwrap_or(0),
        offset,
        line,
        column,
        near,
        hint: guess_encoding(bytes),
    }
}

/// How many bytes on each side of the first bad byte the error shows.
const NEAR: usize = 4;

/// How much of a file the encoding is guessed from: a plan's first megabyte says
/// what it is written in as well as the whole would.
const SAMPLE: usize = 1 << 20;

/// The fewest non-ASCII bytes that name an encoding: with fewer (`café`, one curly
/// quote), the same bytes read as several encodings give different plausible text.
const EVIDENCE: usize = 8;

/// The legacy encodings a hint may name: the detector's answer, what people call
/// it, and the name `iconv` (glibc) gives the same mapping. Others are not named.
const NAMES: &[(&encoding_rs::Encoding, &str, &str)] = &[
    (
        encoding_rs::WINDOWS_1251,
        "Windows-1251 (legacy Cyrillic)",
        "cp1251",
    ),
    (
        encoding_rs::WINDOWS_1252,
        "Windows-1252 (Western European, a superset of Latin-1)",
        "cp1252",
    ),
    (
        encoding_rs::WINDOWS_1250,
        "Windows-1250 (Central European)",
        "cp1250",
    ),
    (encoding_rs::WINDOWS_1253, "Windows-1253 (Greek)", "cp1253"),
    (
        encoding_rs::WINDOWS_1254,
        "Windows-1254 (Turkish)",
        "cp1254",
    ),
    (encoding_rs::WINDOWS_1257, "Windows-1257 (Baltic)", "cp1257"),
    (encoding_rs::IBM866, "CP866 (DOS Cyrillic)", "cp866"),
    (
        encoding_rs::ISO_8859_2,
        "ISO-8859-2 (Central European)",
        "ISO-8859-2",
    ),
    (
        encoding_rs::ISO_8859_5,
        "ISO-8859-5 (Cyrillic)",
        "ISO-8859-5",
    ),
    (encoding_rs::ISO_8859_7, "ISO-8859-7 (Greek)", "ISO-8859-7"),
    // The Web's Shift_JIS, EUC-KR and GBK are Microsoft's code pages and GB18030.
    (encoding_rs::SHIFT_JIS, "Shift_JIS (Japanese)", "cp932"),
    (encoding_rs::EUC_JP, "EUC-JP (Japanese)", "EUC-JP"),
    (encoding_rs::EUC_KR, "EUC-KR (Korean)", "cp949"),
    (encoding_rs::GBK, "GBK (Simplified Chinese)", "GB18030"),
    (
        encoding_rs::BIG5,
        "Big5 (Traditional Chinese)",
        "BIG5-HKSCS",
    ),
];

/// Names the encoding a non-UTF-8 file is in, with the `iconv` command that converts
/// it, only when that can be told with confidence: a UTF-16 byte order mark; UTF-16
/// without one, by its zero bytes; or the guess of `chardetng` (Firefox's detector)
/// on enough non-ASCII bytes, when the text it decodes to is plausible. A file that
/// is mostly UTF-8 is named nothing: converting it whole would garble the rest.
fn guess_encoding(bytes: &[u8]) -> Option<String> {
    let convert =
        |name: &str, iconv: &str| format!("{name}; convert it with `iconv -f {iconv} -t utf-8`");
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Some(convert(
            "UTF-16 (it starts with a UTF-16 byte order mark)",
            "UTF-16",
        ));
    }
    if bytes.starts_with(&[0xef, 0xbb, 0xbf]) {
        return None; // UTF-8 by its byte order mark, with a bad byte.
    }
    // A sample cut at a line end, which no multi-byte character of these holds.
    let sample = match bytes.get(..SAMPLE) {
        Some(head) => memchr::memrchr(b'\n', head).map_or(head, |end| &head[..=end]),
        None => bytes,
    };
    if memchr::memchr(0, sample).is_some() {
        return utf16_without_bom(sample).map(|(name, iconv)| convert(name, iconv));
    }
    if mostly_utf8(sample) || sample.iter().filter(|b| !b.is_ascii()).count() < EVIDENCE {
        return None;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (name, iconv) = if guess == encoding_rs::KOI8_U {
        koi8(sample)
    } else {
        NAMES
            .iter()
            .find(|(e, _, _)| *e == guess)
            .map(|&(_, name, iconv)| (name, iconv))?
    };
    let text = guess.decode_without_bom_handling_and_without_replacement(sample)?;
    if !plausible(&text) {
        return None;
    }
    Some(convert(name, iconv))
}

/// The detector calls KOI8-R and KOI8-U one encoding, `KOI8-U`, which reads 8 bytes
/// as Ukrainian letters where KOI8-R has box-drawing characters: name the one the
/// file's bytes are read right by.
fn koi8(sample: &[u8]) -> (&'static str, &'static str) {
    const UKRAINIAN: [u8; 8] = [0xa4, 0xa6, 0xa7, 0xad, 0xb4, 0xb6, 0xb7, 0xbd];
    if sample.iter().any(|b| UKRAINIAN.contains(b)) {
        ("KOI8-U (legacy Cyrillic, Ukrainian)", "KOI8-U")
    } else {
        ("KOI8-R (legacy Cyrillic)", "KOI8-R")
    }
}

/// UTF-16 without a byte order mark: zero bytes at every other position and none
/// at the others (the high bytes of ASCII), and text that decodes plausibly.
fn utf16_without_bom(sample: &[u8]) -> Option<(&'static str, &'static str)> {
    let sample = sample.get(..sample.len() & !1)?;
    let zeros = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    let pairs = sample.len() / 2;
    let (encoding, name) = if even == 0 && odd * 4 >= pairs && odd > 0 {
        (
            encoding_rs::UTF_16LE,
            ("UTF-16LE (UTF-16 without a byte order mark)", "UTF-16LE"),
        )
    } else if odd == 0 && even * 4 >= pairs && even > 0 {
        (
            encoding_rs::UTF_16BE,
            ("UTF-16BE (UTF-16 without a byte order mark)", "UTF-16BE"),
        )
    } else {
        return None;
    };
    let text = encoding.decode_without_bom_handling_and_without_replacement(sample)?;
    plausible(&text).then_some(name)
}

/// Whether the bytes are mostly UTF-8 with a few bad bytes, rather than a legacy
/// encoding in which a UTF-8 sequence turns up by chance: counts the multi-byte
/// characters of the valid stretches against the bad bytes.
fn mostly_utf8(sample: &[u8]) -> bool {
    let (mut characters, mut bad) = (0usize, 0usize);
    let mut rest = sample;
    while !rest.is_empty() {
        let (valid, skip) = match std::str::from_utf8(rest) {
            Ok(_) => (rest.len(), 0),
            Err(e) => (
                e.valid_up_to(),
                e.error_len().unwrap_or(rest.len() - e.valid_up_to()),
            ),
        };
        let good = rest.get(..valid).unwrap_or_default();
        characters += good.iter().filter(|&&b| b >= 0xc0).count();
        bad += skip;
        rest = rest.get(valid + skip..).unwrap_or_default();
    }
    characters * 4 > bad
}

/// Whether decoded text reads like text: no control characters but tabs, line and
/// page breaks; no word that mixes Latin letters with Cyrillic or Greek ones
/// (`cafй` is `café` read as Windows-1251); and few words with a capital after a
/// small letter (`оПХБЕР` is KOI8-R read as Windows-1251).
fn plausible(text: &str) -> bool {
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
    {
        return false;
    }
    let (mut words, mut odd_case) = (0usize, 0usize);
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if word.is_ascii() {
            continue;
        }
        words += 1;
        let mut scripts = word.chars().filter_map(script);
        if let Some(first) = scripts.next()
            && scripts.any(|s| s != first)
        {
            return false;
        }
        let mut chars = word.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_lowercase() && chars.peek().is_some_and(|n| n.is_uppercase()) {
                odd_case += 1;
                break;
            }
        }
    }
    odd_case * 8 <= words
}

/// The cased alphabet a letter belongs to, for telling mixed words: 0 Latin,
/// 1 Cyrillic, 2 Greek; `None` for other letters (CJK words may hold Latin ones).
fn script(c: char) -> Option<u8> {
    match c {
        'A'..='Z' | 'a'..='z' | '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => Some(0),
        '\u{400}'..='\u{52f}' => Some(1),
        '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}' => Some(2),
        _ => None,
    }
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
        // The same in KOI8-R.
        let koi8 = b"- [ ] \xf0\xd2\xc9\xd7\xc5\xd4 \xcd\xc9\xd2\n";
        let err = text(Path::new("x.md"), koi8).unwrap_err().to_string();
        assert!(err.contains("iconv -f KOI8-R -t utf-8"), "{err}");
    }

    /// Issue 10, item 16: `café` in Latin-1 was called Windows-1251.
    #[test]
    fn too_little_or_implausible_text_names_nothing() {
        for bytes in [
            &b"caf\xe9\n"[..],
            b"- [ ] Prendre un caf\xe9, lire le journal\n",
            b"- [ ] \x93Quote\x94\n",
        ] {
            assert_eq!(guess_encoding(bytes), None, "{bytes:?}");
        }
        // Latin-1 French, whose accents are Cyrillic letters in Windows-1251.
        let french = b"caf\xe9 \xe9t\xe9 r\xe9p\xe9t\xe9 d\xe9j\xe0 \xe0 c\xf4t\xe9\n";
        let hint = guess_encoding(french).unwrap_or_default();
        assert!(hint.contains("`iconv -f cp1252 -t utf-8`"), "{hint}");
        let err = text(Path::new("x.md"), b"caf\xe9\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with("byte 0xE9 at offset 3 (line 1, column 4), near bytes 63 61 66 E9 0A"),
            "{err}"
        );
    }

    #[test]
    fn plausible_text_has_no_controls_mixed_words_or_odd_capitals() {
        assert!(plausible("Привет, мир! café, naïve — “ok”\n\t"));
        assert!(plausible("プログラミングの基礎を学ぶ Go言語"));
        assert!(!plausible("caf\u{439}"), "Latin and Cyrillic in one word");
        assert!(!plausible("a\u{1}b"));
        assert!(!plausible("x\u{85}y"), "a C1 control");
        assert!(!plausible("оПХБЕР ЙЕТ"), "KOI8-R read as Windows-1251");
    }

    #[test]
    fn a_mostly_utf8_file_is_not_a_legacy_one() {
        assert!(mostly_utf8("Привет, café\n".as_bytes()));
        assert!(mostly_utf8(b"Caf\xc3\xa9 and caf\xe9"));
        assert!(!mostly_utf8(b"\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0"));
        // A UTF-8 pair by chance in Windows-1251 ("Рё" is `и`) changes nothing.
        assert!(!mostly_utf8(
            b"\xd0\xb8 \xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0"
        ));
    }

    #[test]
    fn utf16_without_a_bom_is_told_by_its_zero_bytes() {
        let le: Vec<u8> = "- [ ] café\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "- [ ] café\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(utf16_without_bom(&le).map(|n| n.1), Some("UTF-16LE"));
        assert_eq!(utf16_without_bom(&be).map(|n| n.1), Some("UTF-16BE"));
        assert_eq!(utf16_without_bom(b"\xe9\x00\x00\xe9\x00\x00"), None);
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = text(Path::new("x.md"), b"ab\0c").unwrap_err();
        assert!(err.to_string().contains("offset 2"));
    }
}
