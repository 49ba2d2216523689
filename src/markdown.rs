//! The one place pulldown-cmark is configured, and the byte bookkeeping around it:
//! where the Markdown body starts (after a BOM and YAML front matter) and how a byte
//! offset maps to a line and column. `copy.rs` makes the text the parsers read;
//! `scan.rs` tells which pieces pulldown-cmark may misread.
//!
//! Offsets everywhere in this crate are byte offsets into the original file text,
//! BOM and front matter included.

mod copy;
mod scan;

pub use copy::ParseCopy;
pub use scan::pulldown_may_misread;

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
    use std::borrow::Cow;

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
    fn the_scan_finds_every_construct_pulldown_cmark_misreads() {
        let risky = [
            "<div>\n\u{c}\n- [ ] a\n",
            "a\n\u{b}\n",
            "  - \t[x] a\n",
            "> * \t[ ] a\n",
            "10. \t[ ] a\n",
            ">\n\t>+ [ ] a\n",
            "> a\n \t> b\n",
            "<script>\nx\n</style>\n\n- [ ] a\n",
            "- <pre>\n</script>\n",
            "<style>\nx </STYLE> y\n- [ ] a\n",
            "p\na|b\n-|-\n2. [x] c\n",
            "a|b|c\n-|-\n",
            "- [ ] a\n<span>\n- [ ] b\n",
            "> a\nb\n</b>\n",
            "1. a\n  <img src=x>\n",
            "| a |\n| - |\n</b>\n- [ ] t\n",
            "[^1]: - [ ] in a note nothing refers to\n",
        ];
        for text in risky {
            assert!(pulldown_may_misread(text), "{text:?}");
        }
        let safe = [
            "\t- [ ] a\n\t\t- [ ] b\n",
            "- [ ] a\ttab\n",
            "```\nx\n``` \n",
            "Use `<style>` before `<script>`.\n\n<style>\na\n</style>\n",
            "<script>\n</script>\n</pre>\n",
            "# T\n| a | b |\n| --- | --- |\n\n<!-- c -->\n| a |\n| - |\n",
            "- a\n</details>\n<div>\n",
            "<div>\n- [ ] a\n</div>\n",
            "text\n<span>\n",
        ];
        for text in safe {
            assert!(!pulldown_may_misread(text), "{text:?}");
        }
    }

    #[test]
    fn the_bundled_plans_are_read_by_pulldown_cmark() {
        for plan in [
            include_str!("../plans/go-backend.md"),
            include_str!("../plans/backend-roadmap.md"),
        ] {
            let copy = ParseCopy::new(plan);
            assert!(matches!(copy.text, Cow::Borrowed(_)));
            assert!(!pulldown_may_misread(&copy.text));
        }
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
