//! Renderers: turn computed values into bytes for one output format. They decide
//! nothing; commands choose what to show.

pub mod diff;
pub mod html;
pub mod json;
pub mod markdown;
pub mod plain;
pub mod style;
pub mod text;

/// Escapes control characters, which could drive a terminal (ESC starts colour and
/// title sequences, CR and BS overwrite what was shown, a newline fakes a line of
/// output): `\n`, `\r`, `\t`, `\x1b` for C0 and DEL, `\u{85}` for C1. Task text
/// and file names come from arbitrary files.
///
/// ```
/// assert_eq!(roadmap::render::sanitize("a\u{1b}]0;x\u{7}b\n"), "a\\x1b]0;x\\x07b\\n");
/// ```
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    // Control characters are C0, DEL and C1 (U+0080-U+009F, lead byte C2): most
    // text has none of those bytes and needs no decoding.
    let suspect = text.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2);
    if !suspect || !text.chars().any(char::is_control) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out.into()
}

/// Like [`sanitize`], but keeps line ends: for messages that span lines on purpose.
pub fn sanitize_lines(text: &str) -> String {
    text.split('\n')
        .map(sanitize)
        .collect::<Vec<_>>()
        .join("\n")
}

fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write as _;
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
        c => out.push(c),
    }
}
