//! Reading a plan: the parse copy, the choice of parser for each piece, and cutting
//! a long plan into chunks parsed on every core, then joined as one walk would have
//! found them (see [`find`]).

use std::borrow::Cow;

use pulldown_cmark::{Event, Parser, TagEnd};

use super::model::Section;
use super::walk::{Found, OpenHeadings, walk};
use crate::markdown::{self, LineCursor};

/// Which parser reads a piece of a plan.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Reader {
    /// pulldown-cmark, or comrak where pulldown-cmark may misread the piece.
    Auto,
    /// comrak, always (for tests).
    Comrak,
    /// pulldown-cmark, always (for tests).
    Pulldown,
}
/// The least length of a piece of a long plan parsed on its own thread.
pub(super) const CHUNK_MIN: usize = 1 << 20;

/// Finds the sections and tasks of a plan; without `with_text`, task text is not
/// gathered. A body of at least twice `chunk_min` bytes is cut into chunks of at least
/// `chunk_min` bytes that are parsed and walked on every core, then joined.
///
/// The text parsed is a [`markdown::ParseCopy`]: the plan with a few bytes replaced,
/// one for one, where a parser would misread them, so every offset stays valid.
/// Each piece (the body, or a chunk) is read by pulldown-cmark unless a scan finds
/// a construct pulldown-cmark may read otherwise than GitHub
/// ([`markdown::pulldown_may_misread`]); then comrak, a port of GitHub's parser,
/// reads it, and its tree is turned into the same events (`via_comrak.rs`).
///
/// A chunk boundary is only where nothing before it can change how what follows is
/// read: the text holds no `]:` (so no link reference or footnote definition, the
/// only things in Markdown that act across blocks), the line before is blank and the
/// line after is an ATX heading at column 0, which closes every list, block quote,
/// table and paragraph. Only a fenced code block or an HTML block left open can hold
/// such a heading; each chunk is parsed alone, and if one but the last ends with one
/// of those open, the whole text is parsed again in one piece. Sections' parents are
/// then worked out over all chunks' sections in order, as one walk would do, and
/// lines, counted from each chunk's start, are offset by the lines before it. The
/// chunks' trees are built and dropped a few at a time, so a long plan also needs
/// less memory than in one piece.
pub(super) fn find(original: &str, with_text: bool, chunk_min: usize, reader: Reader) -> Found {
    let copy = markdown::ParseCopy::new(original);
    let text = &*copy.text;
    let skip = markdown::body_start(text);
    // Reads text[start..end], its lines counted by `lines`; also says whether a code
    // or HTML block may be open at its end.
    let read = |start: usize, end: usize, lines: LineCursor| {
        let piece = text.get(start..end).unwrap_or("");
        let mut found;
        let mut open_at_end = false;
        let comrak = match reader {
            Reader::Auto => markdown::pulldown_may_misread(piece),
            Reader::Comrak => true,
            Reader::Pulldown => false,
        };
        if comrak {
            let reading = super::via_comrak::read(piece);
            open_at_end = reading.open_at_end;
            let events = reading.events.into_iter();
            found = walk(original, text, (start, end), events, with_text, lines);
        } else {
            let events = Parser::new_ext(piece, markdown::options())
                .into_offset_iter()
                .inspect(|(event, range)| {
                    open_at_end |=
                        matches!(event, Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock))
                            && range.end == piece.len();
                });
            found = walk(original, text, (start, end), events, with_text, lines);
        }
        restore_text(&copy, &mut found);
        (found, open_at_end)
    };
    let whole = || read(skip, text.len(), LineCursor::new(text)).0;
    // Many chunks of a few MB: no core waits long for a slow one, and a chunk's
    // tree (about four times its text) is small enough for the allocator to reuse
    // the memory of the chunk before; trees of tens of MB went back to the kernel
    // and were faulted in again, and page faults took a third of the time.
    let starts = chunk_starts(text, skip, chunk_min, || 16 * crate::parallel::cores());
    if starts.len() < 2 {
        return whole();
    }
    let chunks: Vec<(usize, usize)> = starts
        .iter()
        .zip(starts.iter().skip(1).chain([&text.len()]))
        .map(|(&start, &end)| (start, end))
        .collect();
    let parts = crate::parallel::map(&chunks, 2, |&(start, end)| {
        // Lines count from the chunk's start (the file's, for the first chunk, which
        // holds any front matter); the join adds the lines of the chunks before.
        let origin = if start == skip { 0 } else { start };
        let (found, open_at_end) = read(start, end, LineCursor::from(text, origin));
        let newlines = text
            .as_bytes()
            .get(origin..end)
            .unwrap_or(&[])
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        (found, open_at_end, newlines)
    });
    if parts.iter().rev().skip(1).any(|(_, open, _)| *open) {
        return whole();
    }
    let mut sections = Vec::new();
    let mut marks = Vec::new();
    let mut look_alikes = Vec::new();
    let mut tasks = Vec::with_capacity(parts.iter().map(|(f, _, _)| f.tasks.len()).sum());
    let mut lines_before = 0;
    for (found, _, newlines) in parts {
        let base = sections.len();
        let task_base = tasks.len();
        look_alikes.extend(found.look_alikes);
        sections.extend(found.sections.into_iter().map(|mut section| {
            section.line += lines_before;
            section
        }));
        tasks.extend(found.tasks.into_iter().map(|mut task| {
            task.section = task.section.map(|s| s + base);
            task.parent = task.parent.map(|p| p + task_base);
            task.line += lines_before;
            task
        }));
        marks.extend(found.marks.into_iter().map(|mut mark| {
            mark.line += lines_before;
            mark
        }));
        lines_before += newlines;
    }
    // Each chunk began with no heading above it: give sections their parents as one
    // walk over the whole text does.
    let mut open = OpenHeadings::default();
    for (index, section) in sections.iter_mut().enumerate() {
        section.parent = if section.level == Section::LABEL_LEVEL {
            open.innermost()
        } else {
            open.enter(section.level, index)
        };
    }
    Found {
        sections,
        tasks,
        marks,
        look_alikes,
    }
}

/// Puts back, in gathered task text and section titles, what the parse copy renamed.
fn restore_text(copy: &markdown::ParseCopy, found: &mut Found) {
    let texts = found.tasks.iter_mut().map(|t| &mut t.text);
    for text in texts.chain(found.sections.iter_mut().map(|s| &mut s.title)) {
        if let Cow::Owned(restored) = copy.restore(text) {
            *text = restored;
        }
    }
}

/// Where chunks of the body (from `skip`) may start, the first at `skip`: at most
/// `most` chunks of at least `min` bytes, each later one at an ATX heading in column 0
/// after a blank line (see [`find`]). One start when the text cannot be cut.
pub(super) fn chunk_starts(
    text: &str,
    skip: usize,
    min: usize,
    most: impl Fn() -> usize,
) -> Vec<usize> {
    let mut starts = vec![skip];
    let bytes = text.as_bytes();
    let len = bytes.len().saturating_sub(skip);
    if len < 2 * min || memchr::memmem::find(bytes, b"]:").is_some() {
        return starts;
    }
    let size = (len / most().max(1)).max(min);
    let mut from = skip + size;
    while from + min <= bytes.len() {
        let found = memchr::memmem::find_iter(bytes.get(from..).unwrap_or(&[]), b"\n#")
            .map(|i| from + i + 1)
            .find(|&at| after_blank_line(bytes, at) && atx_heading(bytes, at));
        match found {
            Some(at) if at + min <= bytes.len() => {
                starts.push(at);
                from = at + size;
            }
            _ => break,
        }
    }
    starts
}

/// Whether the line before the line starting at `at` is blank (spaces and tabs only).
fn after_blank_line(bytes: &[u8], at: usize) -> bool {
    let before = bytes.get(..at.saturating_sub(1)).unwrap_or(&[]);
    let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    at >= 2
        && before[start..]
            .iter()
            .all(|&b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// Whether an ATX heading opens at `at`: one to six `#`, then a blank or the line's end.
fn atx_heading(bytes: &[u8], at: usize) -> bool {
    let hashes = bytes
        .get(at..)
        .unwrap_or(&[])
        .iter()
        .take(7)
        .take_while(|&&b| b == b'#')
        .count();
    (1..=6).contains(&hashes)
        && matches!(
            bytes.get(at + hashes),
            None | Some(b' ' | b'\t' | b'\n' | b'\r')
        )
}
