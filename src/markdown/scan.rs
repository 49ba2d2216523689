//! The scan that sends a piece of a plan to comrak: a cheap look for every
//! construct where pulldown-cmark was seen to read otherwise than GitHub, and more.

/// Whether pulldown-cmark may read `text` (a [`super::ParseCopy`], or a chunk of one)
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
