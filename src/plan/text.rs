//! Task text and done dates: plain text folded from inline events (whitespace runs
//! made one space, as GitHub shows it), and the ` ✅ YYYY-MM-DD` at the end of a
//! task's first line — where it is, what undo removes, where a stamp goes.

use std::ops::Range;

use chrono::NaiveDate;
use pulldown_cmark::Event;

use crate::markdown;

/// Appends the plain text of an inline event; for tasks, only what lies at or after
/// `from` (the text after an Obsidian box, which the parser splits into its own events).
pub(super) fn push_text(
    out: &mut String,
    event: &Event,
    body: &str,
    range: &Range<usize>,
    from: usize,
) {
    match event {
        Event::Text(t) | Event::Code(t) => {
            if range.end <= from {
                return;
            }
            if range.start < from {
                // The event straddles the box; take its tail when it is plain source.
                if body.get(range.clone()) == Some(t.as_ref()) {
                    push_folded(out, t.get(from - range.start..).unwrap_or(""));
                    return;
                }
            }
            push_folded(out, t);
        }
        Event::SoftBreak | Event::HardBreak => push_folded(out, " "),
        _ => {}
    }
}

/// Appends text with every run of whitespace folded into one space and none at the
/// start; a trailing space may remain until [`finish_text`].
pub(super) fn push_folded(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // Most text is words with single spaces between them: nothing to fold.
    let leading_space = bytes.first() == Some(&b' ') && (out.is_empty() || out.ends_with(' '));
    // Folds without early exits, which the compiler turns into vector code.
    let other_blank = bytes
        .iter()
        .fold(false, |seen, &b| seen | (b != b' ' && may_start_blank(b)));
    let two_spaces = bytes
        .windows(2)
        .fold(false, |seen, pair| seen | (pair == b"  "));
    let plain = !leading_space && !other_blank && !two_spaces;
    if plain {
        out.push_str(text);
        return;
    }
    let mut run = 0; // where the current run of non-whitespace started
    let mut i = 0;
    while i < bytes.len() {
        let blank = match bytes[i] {
            b if b.is_ascii() && may_start_blank(b) => 1,
            b if may_start_blank(b) => text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .filter(|c| c.is_whitespace())
                .map_or(0, char::len_utf8),
            _ => 0,
        };
        if blank == 0 {
            i += 1;
            continue;
        }
        out.push_str(text.get(run..i).unwrap_or(""));
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        i += blank;
        run = i;
    }
    out.push_str(text.get(run..).unwrap_or(""));
}

/// Whether a byte can start whitespace: an ASCII blank, or the lead byte C2, E1, E2
/// or E3 of the only other characters that can be (NBSP, U+1680, U+2000-U+205F,
/// U+3000); only those are decoded.
fn may_start_blank(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0xc2 | 0xe1 | 0xe2 | 0xe3
    )
}

/// Text gathered by [`push_folded`], without its trailing space.
pub(super) fn finish_text(mut text: String) -> String {
    if text.ends_with(' ') {
        text.pop();
    }
    text
}

/// Finds a done date ` ✅ YYYY-MM-DD` at the end of the line holding the status byte
/// at `offset`. Returns the date, the bytes to remove on undo, and where a stamp goes.
pub(super) fn done_date(
    text: &str,
    offset: usize,
) -> (Option<NaiveDate>, Option<Range<usize>>, usize) {
    let bytes = text.as_bytes();
    let line_end = markdown::line_end(text, offset);
    let box_end = offset + 2; // just after `]`
    let mut end = line_end;
    while end > box_end && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    // A backslash that ends the line is a hard break only when the paragraph goes
    // on; at its end it is text, and a stamp goes after it.
    if end > box_end && bytes[end - 1] == b'\\' && paragraph_goes_on(text, line_end) {
        end -= 1;
    }
    let stamp_at = end;
    let content = text.get(box_end..end).unwrap_or("");
    // Several dates (` ✅ 2026-11-20 ✅ 2026-11-22`) all go: a task that is not done
    // has none, and the text, hence the ID, must not depend on how many there were.
    let mut cut = content.len();
    let mut date = None;
    while let Some((at, found)) = content.get(..cut).and_then(trailing_date) {
        date.get_or_insert(found);
        cut = at;
        let trimmed = content[..cut].trim_end_matches([' ', '\t']).len();
        if content.get(..trimmed).and_then(trailing_date).is_none() {
            break;
        }
        cut = trimmed;
    }
    let Some(date) = date else {
        return (None, None, stamp_at);
    };
    let head = &content[..cut];
    let mut from = box_end + head.len();
    let to = end;
    // Take one blank with the date, to undo exactly what a stamp inserts: the one
    // before the mark, except when that is the blank after the box (a task with no
    // text), which goes only if another blank after the date can take its place.
    let blank = |i: usize| matches!(bytes.get(i), Some(b' ' | b'\t'));
    let text_before = from > box_end + 1 && blank(from - 1);
    let no_text_but_blank_after = from == box_end + 1 && blank(end);
    if text_before || no_text_but_blank_after {
        from -= 1;
    }
    (Some(date), Some(from..to), stamp_at)
}

/// Whether the line after the one ending at `line_end` continues its paragraph:
/// it is there, not blank, and starts no block that ends a paragraph (a list item,
/// a heading, a quote, a fence). A guess on the safe side: an edit that changes
/// how a task reads is refused by `edit::verify` after the fact.
pub(crate) fn paragraph_goes_on(text: &str, line_end: usize) -> bool {
    let rest = text.get(line_end..).unwrap_or("");
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
        .or_else(|| rest.strip_prefix('\r'));
    let Some(rest) = rest else {
        return false;
    };
    // The next line's start is all that is looked at: not scanned to its end.
    let next = rest.trim_start_matches([' ', '\t']);
    let ends = |r: &str| r.is_empty() || r.starts_with(['\n', '\r']);
    let item = |marker: &str| {
        next.strip_prefix(marker)
            .is_some_and(|r| r.starts_with([' ', '\t']) || ends(r))
    };
    let ordered = {
        let digits = next.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0
            && matches!(next.as_bytes().get(digits), Some(b'.' | b')'))
            && matches!(
                next.as_bytes().get(digits + 1),
                None | Some(b' ' | b'\t' | b'\n' | b'\r')
            )
    };
    !(ends(next)
        || item("-")
        || item("*")
        || item("+")
        || ordered
        || next.starts_with(['#', '>'])
        || next.starts_with("```")
        || next.starts_with("~~~"))
}

/// `YYYY-MM-DD` (exactly: four digits, two, two), when it is a day that exists.
/// What `NaiveDate::parse_from_str(text, "%Y-%m-%d")` reads of such a text, without
/// reading the format every time (every dated task has one).
///
/// ```
/// # use roadmap::plan::iso_date;
/// assert_eq!(iso_date("2026-02-28").map(|d| d.to_string()).as_deref(), Some("2026-02-28"));
/// assert_eq!(iso_date("2026-02-30"), None);
/// assert_eq!(iso_date("2026-2-28"), None);
/// ```
pub fn iso_date(text: &str) -> Option<NaiveDate> {
    let bytes: &[u8; 10] = text.as_bytes().try_into().ok()?;
    let shaped = bytes.iter().enumerate().all(|(i, &b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    if !shaped {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        bytes.get(range).map(|digits| {
            digits
                .iter()
                .fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

/// A done date ending `content`: where its `✅` starts, and the date.
fn trailing_date(content: &str) -> Option<(usize, NaiveDate)> {
    let date_from = content.len().checked_sub(10)?;
    let date = iso_date(content.get(date_from..)?)?;
    let head = content.get(..date_from)?;
    let trimmed = head.trim_end_matches([' ', '\t']);
    if trimmed.len() == head.len() {
        return None;
    }
    let trimmed = trimmed.strip_suffix('\u{fe0f}').unwrap_or(trimmed);
    let trimmed = trimmed.strip_suffix('✅')?;
    Some((trimmed.len(), date))
}

/// Removes a trailing-looking done date from plain text: `✅`, optional U+FE0F,
/// blanks and a date.
pub(super) fn strip_done_date(text: &str) -> String {
    let found = text.rfind('✅').and_then(|at| {
        let after = text.get(at + '✅'.len_utf8()..)?;
        let after = after.trim_start_matches('\u{fe0f}').trim_start();
        // `get`, not indexing: the tenth byte may fall inside a character.
        let date = after.get(..10)?;
        iso_date(date)?;
        Some((at, after.get(10..)?))
    });
    let Some((at, rest)) = found else {
        return text.to_string();
    };
    let mut out = text[..at].trim_end().to_string();
    let rest = rest.trim();
    if !rest.is_empty() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(rest);
    }
    out
}
