//! Text from files and file names made safe to show: control characters, which could
//! drive a terminal (ESC starts colour and title sequences, CR and BS overwrite what
//! was shown, a newline fakes a line of output), are written as escapes (`\n`,
//! `\r`, `\t`, `\x1b` for C0 and DEL, `\u{85}` for C1), and bytes of a file name
//! that are not UTF-8 as `\xNN`. The escaped form of a name is how it is shown and
//! how it can be typed back (`-p`, `FILE:LINE`): two names never share one.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::Path;

/// Escapes the control characters of `text`.
///
/// ```
/// assert_eq!(roadmap::escape::text("a\u{1b}]0;x\u{7}b\n"), "a\\x1b]0;x\\x07b\\n");
/// ```
pub fn text(text: &str) -> Cow<'_, str> {
    // Control characters are C0, DEL and C1 (U+0080-U+009F, lead byte C2): most
    // text has none of those bytes and needs no decoding.
    let suspect = text.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2);
    if !suspect || !text.chars().any(char::is_control) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_char(&mut out, c);
    }
    out.into()
}

/// Like [`text`], but keeps line ends: for messages that span lines on purpose.
pub fn lines(text: &str) -> String {
    text.split('\n')
        .map(self::text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A path as shown: [`name`] of its whole text.
pub fn path(path: &Path) -> String {
    name(path.as_os_str())
}

/// A file name as shown: UTF-8 as is, control characters escaped, any other byte
/// as `\xNN`.
///
/// ```
/// # use std::os::unix::ffi::OsStrExt;
/// let name = std::ffi::OsStr::from_bytes(b"caf\xe9\n.md");
/// assert_eq!(roadmap::escape::name(name), "caf\\xe9\\n.md");
/// ```
pub fn name(name: &OsStr) -> String {
    let bytes = name.as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            push_char(&mut out, c);
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

fn push_char(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if u32::from(c) < 0x80 && c.is_control() => {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        }
        c if c.is_control() => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        // A backslash of the name itself stays one: the escapes above are how the
        // tool shows names, and a name with `\x41` in it is rare enough.
        c => out.push(c),
    }
}
