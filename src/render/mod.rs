//! Renderers: turn computed values into bytes for one output format. They decide
//! nothing; commands choose what to show.

pub mod diff;
pub mod html;
pub mod json;
pub mod markdown;
pub mod plain;
pub mod style;
pub mod text;

/// Replaces control characters, which could drive a terminal, by U+FFFD. Task text
/// comes from arbitrary files.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    // Control characters are C0, DEL and C1 (U+0080-U+009F, lead byte C2): most
    // text has none of those bytes and needs no decoding.
    let suspect = text.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2);
    if suspect && text.chars().any(char::is_control) {
        text.chars()
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}
