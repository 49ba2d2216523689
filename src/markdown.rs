//! The one place pulldown-cmark is configured, and the byte bookkeeping around it:
//! where the Markdown body starts (after a BOM and YAML front matter) and how a byte
//! offset maps to a line and column.
//!
//! Offsets everywhere in this crate are byte offsets into the original file text,
//! BOM and front matter included.

use std::borrow::Cow;

use pulldown_cmark::Options;

/// The parser options that make pulldown-cmark agree with GitHub's block structure.
///
/// Tables and footnotes change where lists and task items start, so they are on;
/// metadata blocks are never on: they fire on any `---` pair anywhere in a file
/// and would swallow real tasks (see `notes/PARSING.md`, section 3).
pub fn options() -> Options {
    Options::ENABLE_TASKLISTS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
}

/// Byte offset where the Markdown body starts: after a UTF-8 BOM and after YAML front
/// matter at the very top of the file.
///
/// Front matter is a first line that is exactly `---` (trailing blanks allowed) closed
/// by a later line that is exactly `---` or `...`. An unclosed `---` is not front
/// matter, it is a thematic break.
///
/// ```
/// assert_eq!(roadmap::markdown::body_start("---\ntitle: x\n---\n- [ ] a\n"), 17);
/// assert_eq!(roadmap::markdown::body_start("\u{feff}- [ ] a\n"), 3);
/// ```
pub fn body_start(text: &str) -> usize {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut at = bom;
    for (n, line) in lines_with_endings(text.get(bom..).unwrap_or("")).enumerate() {
        at += line.len();
        let bare = line
            .trim_end_matches(['\r', '\n'])
            .trim_end_matches([' ', '\t']);
        if n == 0 && bare != "---" {
            return bom;
        }
        if n > 0 && (bare == "---" || bare == "...") {
            return at;
        }
    }
    bom
}

/// Splits text into lines, each keeping its ending; LF, CRLF and a lone CR each end
/// a line, as in CommonMark.
pub fn lines_with_endings(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        if from >= bytes.len() {
            return None;
        }
        let start = from;
        let mut i = start;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => {
                    i += 1;
                    break;
                }
                b'\r' => {
                    i += if bytes.get(i + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                    break;
                }
                _ => i += 1,
            }
        }
        from = i;
        text.get(start..i)
    })
}

/// The text the parsers read: a plan's text with single ASCII bytes replaced where
/// pulldown-cmark, or both it and comrak, would read a construct otherwise than
/// GitHub's cmark-gfm. Every change puts one byte for one byte, so an offset into
/// the copy is an offset into the plan; the copy is borrowed when nothing changes.
///
/// - A lone CR becomes LF (pulldown-cmark does not end an HTML block at `\r\r`).
/// - A tab among the blanks that end a line after three or more backticks or
///   tildes becomes a space: pulldown-cmark closes a fence only before spaces.
///   Anywhere else such blanks are trailing blanks, which no reading keeps.
/// - The names `textarea` and `search` in tags, and the `!` of `<!` before a
///   lower-case letter, are renamed: pulldown-cmark and comrak follow CommonMark
///   0.31, where `<textarea` opens an HTML block that only `</textarea>` ends,
///   `<search` is a block-level tag and `<!doctype` a declaration; GitHub follows
///   0.29, where the first two are ordinary tags and `<!d…` is text. The renamed
///   tags stay tags (the last letter of the name becomes a digit) and the
///   declaration becomes text (`!` becomes U+0001); [`ParseCopy::restore`] puts
///   the original bytes back in text gathered from the copy. A plan that already
///   holds one of those replacements is left as it is.
pub struct ParseCopy<'a> {
    /// The text to parse.
    pub text: Cow<'a, str>,
    /// Whether a name or a `!` was renamed, so that gathered text needs restoring.
    renamed: bool,
}

/// Tag names that GitHub reads as ordinary tags and CommonMark 0.31 does not.
const RENAMED_TAGS: [&[u8]; 2] = [b"textarea", b"search"];

/// The byte a renamed tag's last letter becomes: lower case, upper case.
const RENAMED_LETTER: [u8; 2] = [b'0', b'1'];

/// The byte the `!` of a lower-case declaration becomes.
const RENAMED_BANG: u8 = 0x01;

impl<'a> ParseCopy<'a> {
    /// Prepares `original` for parsing (see [`ParseCopy`]).
    ///
    /// ```
    /// let copy = roadmap::markdown::ParseCopy::new("```\ncode\n```\t\n- [ ] a\r<textarea>\n");
    /// assert_eq!(copy.text, "```\ncode\n``` \n- [ ] a\n<textare0>\n");
    /// assert_eq!(copy.restore("<textare0>"), "<textarea>");
    /// ```
    pub fn new(original: &'a str) -> ParseCopy<'a> {
        let bytes = original.as_bytes();
        let mut edits: Vec<(usize, u8)> = Vec::new();
        let mut renamed = false;
        for at in memchr::memchr_iter(b'\r', bytes) {
            if bytes.get(at + 1) != Some(&b'\n') {
                edits.push((at, b'\n'));
            }
        }
        for at in memchr::memchr_iter(b'\t', bytes) {
            if after_fence_run(bytes, at) {
                edits.push((at, b' '));
            }
        }
        let renames: Vec<(usize, u8)> = memchr::memchr_iter(b'<', bytes)
            .filter_map(|at| rename_at(bytes, at))
            .collect();
        if !renames.is_empty() && !holds_replacements(bytes) {
            edits.extend(renames);
            renamed = true;
        }
        if edits.is_empty() {
            return ParseCopy {
                text: original.into(),
                renamed,
            };
        }
        let mut out = bytes.to_vec();
        for (at, byte) in edits {
            if let Some(b) = out.get_mut(at) {
                *b = byte;
            }
        }
        // Only ASCII bytes were replaced, by ASCII bytes: the copy is UTF-8.
        let text = String::from_utf8(out).map_or_else(|_| original.into(), Into::into);
        ParseCopy { text, renamed }
    }

    /// Text gathered from the copy, with renamed names and `!`s put back.
    pub fn restore<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if !self.renamed {
            return text.into();
        }
        let bytes = text.as_bytes();
        let mut out: Option<Vec<u8>> = None;
        for (i, &b) in bytes.iter().enumerate() {
            let original = match b {
                RENAMED_BANG => Some(b'!'),
                b'0' | b'1' => RENAMED_TAGS.iter().find_map(|name| {
                    let stem = &name[..name.len() - 1];
                    let before = bytes.get(i.checked_sub(stem.len())?..i)?;
                    let last = name[name.len() - 1];
                    before.eq_ignore_ascii_case(stem).then_some(if b == b'0' {
                        last
                    } else {
                        last.to_ascii_uppercase()
                    })
                }),
                _ => None,
            };
            if let Some(original) = original {
                out.get_or_insert_with(|| bytes.to_vec())[i] = original;
            }
        }
        match out.map(String::from_utf8) {
            Some(Ok(restored)) => restored.into(),
            _ => text.into(),
        }
    }
}

/// Whether the tab at `at` is among the blanks that end a line after a run of three
/// or more backticks or tildes.
fn after_fence_run(bytes: &[u8], at: usize) -> bool {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let rest = bytes.get(at..).unwrap_or(&[]);
    let after = rest.iter().position(|b| !blank(b)).unwrap_or(rest.len());
    if !matches!(rest.get(after), None | Some(b'\n' | b'\r')) {
        return false;
    }
    let before = bytes.get(..at).unwrap_or(&[]);
    let run_end = before.iter().rposition(|b| !blank(b)).map_or(0, |i| i + 1);
    let fence = match run_end.checked_sub(1).and_then(|i| before.get(i)) {
        Some(&c @ (b'`' | b'~')) => c,
        _ => return false,
    };
    before[..run_end]
        .iter()
        .rev()
        .take(3)
        .filter(|&&b| b == fence)
        .count()
        == 3
}

/// The byte to rename at or after the `<` at `at`, if a renamed tag name or a
/// lower-case declaration starts there.
fn rename_at(bytes: &[u8], at: usize) -> Option<(usize, u8)> {
    let after = bytes.get(at + 1..)?;
    if after.first() == Some(&b'!') && after.get(1).is_some_and(u8::is_ascii_lowercase) {
        return Some((at + 1, RENAMED_BANG));
    }
    let name_at = at + 1 + usize::from(after.first() == Some(&b'/'));
    let rest = bytes.get(name_at..)?;
    RENAMED_TAGS.iter().find_map(|name| {
        let found = rest.get(..name.len())?.eq_ignore_ascii_case(name);
        let ends = !rest
            .get(name.len())
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'-');
        let last = name_at + name.len() - 1;
        let letter = bytes.get(last)?;
        (found && ends).then_some((
            last,
            RENAMED_LETTER[usize::from(letter.is_ascii_uppercase())],
        ))
    })
}

/// Whether the text already holds what a rename writes (a `U+0001`, or a renamed
/// tag name), which [`ParseCopy::restore`] could not tell from a rename.
fn holds_replacements(bytes: &[u8]) -> bool {
    memchr::memchr(RENAMED_BANG, bytes).is_some()
        || RENAMED_TAGS.iter().any(|name| {
            let stem = &name[..name.len() - 1];
            bytes.windows(name.len()).any(|w| {
                w[..stem.len()].eq_ignore_ascii_case(stem)
                    && RENAMED_LETTER.contains(&w[stem.len()])
            })
        })
}

/// Line numbers of offsets met in increasing order, counted as it goes: no index of
/// every line is kept. In text whose lines end in LF or CRLF (no lone CR).
pub struct LineCursor<'a> {
    bytes: &'a [u8],
    origin: usize,
    at: usize,
    line: usize,
}

impl<'a> LineCursor<'a> {
    /// A cursor at the start of `text`, line 1.
    pub fn new(text: &'a str) -> Self {
        LineCursor::from(text, 0)
    }

    /// A cursor that counts lines of `text` from byte `origin` on, the line holding
    /// `origin` being line 1: for a chunk of a text, whose lines are then offset by
    /// the lines before it.
    pub fn from(text: &'a str, origin: usize) -> Self {
        LineCursor {
            bytes: text.as_bytes(),
            origin,
            at: origin,
            line: 1,
        }
    }

    /// The 1-based line holding byte `offset` (at or after the origin). Cheap when
    /// offsets only grow; an earlier offset counts again from the origin.
    pub fn line(&mut self, offset: usize) -> usize {
        let offset = offset.clamp(self.origin, self.bytes.len().max(self.origin));
        if offset < self.at {
            self.at = self.origin;
            self.line = 1;
        }
        let between = self.bytes.get(self.at..offset).unwrap_or(&[]);
        // Spans between tasks are short: a plain loop (vectorised) beats a search.
        self.line += between.iter().filter(|&&b| b == b'\n').count();
        self.at = offset;
        self.line
    }
}

/// Where each line of a text starts, to turn byte offsets into 1-based lines.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`; LF, CRLF and a lone CR each end a line.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        if memchr::memchr(b'\r', bytes).is_none() {
            // The common case, found with SIMD: only LFs end lines.
            let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
            starts.push(0);
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
            return LineIndex { starts };
        }
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// The byte offset where 1-based `line` starts, if the text has that line.
    pub fn start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// The 1-based line and 1-based byte column of `offset`.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.start(line).unwrap_or(0);
        (line, offset - start + 1)
    }

    /// The number of lines (a final line ending does not open a new line).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether the text was empty.
    pub fn is_empty(&self) -> bool {
        self.starts.len() <= 1
    }
}

/// The end of the line that holds `offset`, before its line ending.
pub fn line_end(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let from = offset.min(bytes.len());
    memchr::memchr2(b'\n', b'\r', &bytes[from..]).map_or(bytes.len(), |i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_cursor_agrees_with_the_line_index_forwards_and_back() {
        let text = "a\nbb\r\n\nccc\n";
        let index = LineIndex::new(text);
        let mut cursor = LineCursor::new(text);
        let offsets = [0, 1, 2, 5, 6, 7, 10, 11, 3, 0, 11, 99];
        for offset in offsets {
            assert_eq!(
                cursor.line(offset),
                index.line(offset.min(text.len())),
                "{offset}"
            );
        }
    }

    #[test]
    fn front_matter_is_skipped_only_at_the_top_and_when_closed() {
        assert_eq!(body_start("---\na: 1\n...\nx"), 13);
        assert_eq!(body_start("---  \r\na: 1\r\n---\r\nx"), 18);
        assert_eq!(body_start("---\nnever closed\n- [ ] x\n"), 0);
        assert_eq!(body_start("x\n---\na\n---\n"), 0);
        assert_eq!(body_start(""), 0);
        assert_eq!(body_start("\u{feff}---\n---\n"), 11);
    }

    #[test]
    fn the_parse_copy_changes_one_byte_for_one_where_a_parser_would_misread() {
        let copy = |text: &str| ParseCopy::new(text).text.into_owned();
        // Tabs after a closing fence become spaces; other tabs stay.
        assert_eq!(copy("```\nx\n```\t \t\r\n"), "```\nx\n```   \r\n");
        assert_eq!(
            copy("~~~~\t\n- a\tb\n```go\t\n``\t\n"),
            "~~~~ \n- a\tb\n```go\t\n``\t\n"
        );
        // CommonMark 0.31's HTML names are renamed, case kept apart, and restored.
        let text = "<textarea>\n</TEXTAREA>\n<search x>\n<!doctype html>\n<textareas>\n";
        let renamed = ParseCopy::new(text);
        assert_eq!(
            renamed.text,
            "<textare0>\n</TEXTARE1>\n<searc0 x>\n<\u{1}doctype html>\n<textareas>\n"
        );
        assert_eq!(
            renamed.restore("a <textare0> <Textare1 <searc0> <\u{1}x"),
            "a <textarea> <TextareA <search> <!x"
        );
        assert_eq!(renamed.restore("textare0"), "textarea");
        // A plan that holds what a rename writes is left as it is.
        let kept = "<textarea>\ntextare0\n";
        assert_eq!(ParseCopy::new(kept).text, kept);
        assert_eq!(ParseCopy::new(kept).restore("textare0"), "textare0");
        assert!(matches!(ParseCopy::new("- [ ] a\n").text, Cow::Borrowed(_)));
    }

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let parts: Vec<_> = lines_with_endings("a\nb\r\nc\rd").collect();
        assert_eq!(parts, ["a\n", "b\r\n", "c\r", "d"]);
        let index = LineIndex::new("a\nb\r\nc\rd");
        assert_eq!(
            (0..8).map(|o| index.line(o)).collect::<Vec<_>>(),
            [1, 1, 2, 2, 2, 3, 3, 4]
        );
        assert_eq!(index.position(7), (4, 1));
        assert_eq!(index.start(3), Some(5));
        assert_eq!(index.start(9), None);
    }
}
