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
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}
