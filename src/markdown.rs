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
        let mut renames: Vec<(usize, u8)> = Vec::new();
        for at in memchr::memchr3_iter(b'\r', b'\t', b'<', bytes) {
            match bytes[at] {
                b'\r' if bytes.get(at + 1) != Some(&b'\n') => edits.push((at, b'\n')),
                b'\t' if after_fence_run(bytes, at) => edits.push((at, b' ')),
                b'<' => renames.extend(rename_at(bytes, at)),
                _ => {}
            }
        }
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

/// Whether pulldown-cmark may read `text` (a [`ParseCopy`], or a chunk of one)
/// otherwise than GitHub's cmark-gfm, which comrak follows: a cheap scan that finds
/// every construct where the two were seen to differ, and more. It is true when
/// the text holds:
///
/// - a form feed or vertical tab (a line of one is not blank to GitHub);
/// - a tab inside the container prefix of a line: after a `>` or a list marker
///   (`  - ⇥[x] a` reaches column 5, indented code to GitHub), or before a `>`
///   (at column 4 it is indented code, not a quote marker);
/// - an HTML block of type 1 (`<script`, `<pre`, `<style`) whose first end tag is
///   another of the three (GitHub ends it at any of them);
/// - a table delimiter row under a header that follows a line of text (GitHub lets
///   a table interrupt a paragraph), or whose cells do not match the header's;
/// - a line that starts with a tag, in a run of lines where an earlier one opens
///   a list item or a quote (GitHub starts an HTML block there where pulldown-cmark
///   reads a lazy continuation line) or is a table row (where pulldown-cmark reads
///   one more row);
/// - a footnote definition (GitHub drops one that nothing refers to, with the
///   tasks in it).
pub fn pulldown_may_misread(text: &str) -> bool {
    let bytes = text.as_bytes();
    if memchr::memchr2(0x0b, 0x0c, bytes).is_some() || footnote_definition(bytes) {
        return true;
    }
    // One pass over the bytes the other constructs need; each rule looks at a line
    // once, at its first such byte.
    let mut type_1 = [false; 3]; // type-1 tags opened since the last end tag
    let (mut tab_line, mut tag_line, mut table_line) = (0, 0, 0); // lines looked at
    for at in memchr::memchr3_iter(b'\t', b'<', b'|', bytes) {
        let risky = match bytes[at] {
            b'\t' if at >= tab_line => {
                let (start, end) = line_around(bytes, at);
                tab_line = end + 1;
                tab_in_container_prefix(&bytes[start..end])
            }
            b'<' => {
                let mut risky = html_type_1_ends_early(bytes, at, &mut type_1);
                if at >= tag_line {
                    let (start, end) = line_around(bytes, at);
                    tag_line = end + 1;
                    risky |= tag_line_after_container(bytes, start, at, end);
                }
                risky
            }
            b'|' if at >= table_line => {
                let (start, end) = line_around(bytes, at);
                table_line = end + 1;
                table_after_text(bytes, start, end)
            }
            _ => false,
        };
        if risky {
            return true;
        }
    }
    false
}

/// The line around byte `at`: where it starts and where its content ends (before
/// its line ending). Lines end at LF (a [`ParseCopy`] holds no lone CR).
fn line_around(bytes: &[u8], at: usize) -> (usize, usize) {
    let at = at.min(bytes.len());
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
    let end = if end > start && bytes[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    (start, end)
}

/// The line before the one starting at `start`, without its line ending.
fn line_before(bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    (start > 0).then(|| line_around(bytes, start - 1))
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Whether a line is blank: spaces and tabs only.
fn blank_line(line: &[u8]) -> bool {
    line.iter().all(|&b| is_blank(b))
}

/// The length of a list marker at the start of `rest` (`-`, `+`, `*`, or one to
/// nine digits and `.` or `)`), followed by a blank or the line's end.
fn list_marker(rest: &[u8]) -> Option<usize> {
    let len = match rest.first()? {
        b'-' | b'+' | b'*' => 1,
        b'0'..=b'9' => {
            let digits = rest
                .iter()
                .take(10)
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits > 9 || !matches!(rest.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    matches!(rest.get(len), None | Some(b' ' | b'\t' | b'\r' | b'\n')).then_some(len)
}

/// Where the container prefix of a line ends (blanks, `>` and list markers), and
/// whether it holds a `>` or a list marker.
fn container_prefix(line: &[u8]) -> (usize, bool) {
    let mut i = 0;
    let mut container = false;
    loop {
        while line.get(i).is_some_and(|&b| is_blank(b)) {
            i += 1;
        }
        if line.get(i) == Some(&b'>') {
            i += 1;
        } else if let Some(len) = line.get(i..).and_then(list_marker) {
            i += len;
        } else {
            return (i, container);
        }
        container = true;
    }
}

/// A tab after a `>` or a list marker in a line's prefix, or before a `>`.
fn tab_in_container_prefix(line: &[u8]) -> bool {
    let mut i = 0;
    let mut inside = false;
    loop {
        let run = i;
        while line.get(i).is_some_and(|&b| is_blank(b)) {
            i += 1;
        }
        let tab = line[run..i].contains(&b'\t');
        if tab && (inside || line.get(i) == Some(&b'>')) {
            return true;
        }
        if line.get(i) == Some(&b'>') {
            i += 1;
        } else if let Some(len) = line.get(i..).and_then(list_marker) {
            i += len;
        } else {
            return false;
        }
        inside = true;
    }
}

/// The end tags of HTML blocks of type 1, which GitHub accepts for one another.
const TYPE_1_TAGS: [&[u8]; 3] = [b"script", b"pre", b"style"];

/// Whether, after a `<script`, `<pre` or `<style` that starts a line's content
/// (after blanks, `>`s and list markers), the first of `</script>`, `</pre>`,
/// `</style>` anywhere is another tag's, or not in lower case: pulldown-cmark ends
/// the block only at its own, in lower case. Called at every `<` in order, with
/// the kinds opened since the last end tag.
fn html_type_1_ends_early(bytes: &[u8], at: usize, opened: &mut [bool; 3]) -> bool {
    let rest = &bytes[at + 1..];
    let (close, name) = match rest.first() {
        Some(b'/') => (true, &rest[1..]),
        _ => (false, rest),
    };
    let Some(kind) = TYPE_1_TAGS.iter().position(|tag| {
        name.get(..tag.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(tag))
            && match name.get(tag.len()) {
                None => !close,
                Some(b'>') => true,
                Some(b' ' | b'\t' | b'\r' | b'\n') => !close,
                Some(_) => false,
            }
    }) else {
        return false;
    };
    if !close {
        // A block starts only where a line's content starts.
        let (start, end) = line_around(bytes, at);
        if start + container_prefix(&bytes[start..end]).0 == at {
            opened[kind] = true;
        }
        return false;
    }
    // pulldown-cmark also looks for its end tag in lower case only.
    let lower = !name[..TYPE_1_TAGS[kind].len()]
        .iter()
        .any(u8::is_ascii_uppercase);
    let early = opened
        .iter()
        .enumerate()
        .any(|(k, &open)| open && (k != kind || !lower));
    *opened = [false; 3];
    early
}

/// Whether the line `start..end` is a table delimiter row (`|`, `-`, `:` and
/// blanks after the prefix, with a `|` and a `-`) under a header line that follows
/// a line of text, or with another number of cells than its header.
fn table_after_text(bytes: &[u8], start: usize, end: usize) -> bool {
    let line = &bytes[start..end];
    let content = &line[quote_prefix(line)..];
    let delimiter = content.contains(&b'-')
        && content
            .iter()
            .all(|&b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'));
    if !delimiter {
        return false;
    }
    let Some((head_start, head_end)) = line_before(bytes, start) else {
        return false;
    };
    let head = &bytes[head_start..head_end];
    if blank_line(head) {
        return false;
    }
    if cells(&head[quote_prefix(head)..]) != cells(content) {
        return true;
    }
    line_before(bytes, head_start).is_some_and(|(above_start, above_end)| {
        let above = &bytes[above_start..above_end];
        let text = &above[quote_prefix(above)..];
        !blank_line(text) && text.first() != Some(&b'#') && !html_comment_line(text)
    })
}

/// Whether a line is an HTML comment that starts and ends on it: an HTML block
/// of its own wherever it stands, never a line of a paragraph.
fn html_comment_line(line: &[u8]) -> bool {
    line.starts_with(b"<!--") && memchr::memmem::find(&line[4..], b"-->").is_some()
}

/// Where the blanks and `>`s at the start of a line end.
fn quote_prefix(line: &[u8]) -> usize {
    line.iter()
        .position(|&b| !is_blank(b) && b != b'>')
        .unwrap_or(line.len())
}

/// The number of cells of a table row: its unescaped `|`s, less a leading and a
/// trailing one, plus one.
fn cells(row: &[u8]) -> usize {
    let row = row.trim_ascii();
    let row = row.strip_prefix(b"|").unwrap_or(row);
    let row = match row.strip_suffix(b"|") {
        Some(inner) if !inner.ends_with(b"\\") => inner,
        _ => row,
    };
    let mut pipes = 0;
    let mut escaped = false;
    for &b in row {
        if b == b'|' && !escaped {
            pipes += 1;
        }
        escaped = b == b'\\' && !escaped;
    }
    pipes + 1
}

/// Tag names that start an HTML block of type 6 (GitHub's list: CommonMark 0.29's).
const TYPE_6_TAGS: [&str; 61] = [
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// Whether `line` (from its `<`) may start an HTML block of type 7, the only kind
/// that cannot interrupt a paragraph: a tag whose name is not one of types 1 and 6
/// (which start a block wherever both parsers look for one). Only the name is
/// looked at, which only makes the scan safer.
fn starts_html_block_type_7(line: &[u8]) -> bool {
    let closing = line.get(1) == Some(&b'/');
    let from = if closing { 2 } else { 1 };
    let name_len = line
        .get(from..)
        .unwrap_or(&[])
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let Some(name) = line.get(from..from + name_len) else {
        return false;
    };
    if !name.first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let after = line.get(from + name_len..).unwrap_or(&[]);
    let ends =
        matches!(after.first(), None | Some(b' ' | b'\t' | b'>')) || after.starts_with(b"/>");
    let type_6 = TYPE_6_TAGS
        .iter()
        .any(|t| t.as_bytes().eq_ignore_ascii_case(name));
    let type_1 = !closing
        && TYPE_1_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name))
        && !after.starts_with(b"/");
    !(ends && (type_6 || type_1))
}

/// Lines looked back over for a list item or quote above a tag line; a longer run
/// of text is taken to hold one.
const LAZY_LOOKBACK: usize = 64;

/// Whether the line `start..end`, whose first `<` is at `at`, starts with a tag
/// (after blanks and `>`s) and follows, in a run of non-blank lines, a line that
/// opens a list item or holds a `>` or a `|` (a table row: pulldown-cmark reads
/// the tag line as one more row).
fn tag_line_after_container(bytes: &[u8], start: usize, at: usize, end: usize) -> bool {
    if start + quote_prefix(&bytes[start..end]) != at || !starts_html_block_type_7(&bytes[at..end])
    {
        return false;
    }
    let mut above = start;
    for looked in 0..=LAZY_LOOKBACK {
        let Some((line_start, line_end)) = line_before(bytes, above) else {
            return false;
        };
        let line = &bytes[line_start..line_end];
        if blank_line(line) {
            return false;
        }
        if looked == LAZY_LOOKBACK || container_prefix(line).1 || line.contains(&b'|') {
            return true;
        }
        above = line_start;
    }
    false
}

/// Whether a line's content starts with `[^` and holds `]:`: a footnote
/// definition, or something like one.
fn footnote_definition(bytes: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, b"[^").any(|at| {
        let (start, end) = line_around(bytes, at);
        let line = &bytes[start..end];
        start + container_prefix(line).0 == at
            && memchr::memmem::find(&bytes[at..end], b"]:").is_some()
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
