//! The walk: one pass over the events of a parsed piece of a plan that finds its
//! sections (headings, and bold labels over lists) and its tasks (GFM boxes, which
//! the parser reports, and Obsidian boxes `[/]` `[-]`, read from the source), with
//! each task's text gathered from the inline events of its first paragraph.
//!
//! The loop calls named steps: entering and leaving items, lists, quotes, headings
//! and paragraphs, a task's box, a label candidate, and text gathering. The events
//! come from pulldown-cmark, or from comrak's tree turned into the same events
//! (`via_comrak.rs`): the walk does not know which.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::fields;
use super::model::{DoneSource, LinkMark, Section, Status, Task, TaskId};
use super::text::{done_date, finish_text, push_text, strip_done_date};
use crate::markdown::{self, LineCursor};

/// The bytes of 📖, searched for once per piece.
static MARK: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(super::LINK_MARK));

/// Walks the events of one parsed piece of a plan — the body after any front
/// matter, or a chunk of it — and finds its sections and tasks. `original` is the
/// text as read (offsets and done dates refer to it); `text` the parse copy; `skip`
/// and `end` where the piece starts and ends in both.
pub(super) fn walk<'a>(
    original: &str,
    text: &'a str,
    (skip, end): (usize, usize),
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    with_text: bool,
    lines: LineCursor,
) -> Found {
    let mut walker = Walker::new(
        original,
        text.get(skip..).unwrap_or(""),
        (skip, end),
        with_text,
        lines,
    );
    for (event, range) in events {
        walker.step(&event, &range);
    }
    walker.finish()
}

/// The state of a walk: what was found, and what is open at this event.
struct Walker<'o, 'a> {
    original: &'o str,
    /// The piece's parse copy; event ranges are offsets into it.
    body: &'a str,
    /// Where the piece starts in the plan.
    skip: usize,
    with_text: bool,
    lines: LineCursor<'a>,
    sections: Vec<Section>,
    tasks: Vec<Task>,
    headings: OpenHeadings,
    items: Vec<Item>,
    /// Open block quotes and footnote definitions.
    quotes: usize,
    lists: usize,
    task_text: Option<Collect>,
    /// One buffer gathers every task's text in turn; each task keeps an exact copy.
    scratch: String,
    /// Level, line, text, and whether the line is that of the heading's text yet:
    /// comrak starts a heading at the link reference definitions above it.
    heading: Option<(u8, usize, String, bool)>,
    candidate: Option<LabelCandidate>,
    /// A finished label: (line, title, where its paragraph ended).
    pending_label: Option<(usize, String, usize)>,
    /// The label over the list being walked.
    label: Option<usize>,
    /// Open code blocks: a 📖 there is no link.
    code: usize,
    /// Every 📖 in text outside code, for the links (see `links.rs`).
    marks: Vec<LinkMark>,
    /// Where the piece holds the bytes of 📖 (one search of it, in order), and
    /// the first of them not yet passed: a text event is then looked at only when
    /// one of them falls inside it, an integer compare.
    pending: Vec<usize>,
    next_pending: usize,
    /// Items opening with a look-alike box (see [`look_alike`]).
    look_alikes: Vec<usize>,
}

impl<'o, 'a> Walker<'o, 'a> {
    fn new(
        original: &'o str,
        body: &'a str,
        (skip, end): (usize, usize),
        with_text: bool,
        lines: LineCursor<'a>,
    ) -> Self {
        Walker {
            original,
            body,
            skip,
            with_text,
            lines,
            sections: Vec::new(),
            tasks: Vec::new(),
            headings: OpenHeadings::default(),
            items: Vec::new(),
            quotes: 0,
            lists: 0,
            task_text: None,
            scratch: String::new(),
            heading: None,
            candidate: None,
            pending_label: None,
            label: None,
            code: 0,
            marks: Vec::new(),
            // The piece's own bytes: a chunk's walk must not search the chunks after.
            pending: original
                .get(skip..end)
                .map(|piece| {
                    MARK.find_iter(piece.as_bytes())
                        .map(|at| skip + at)
                        .collect()
                })
                .unwrap_or_default(),
            next_pending: 0,
            look_alikes: Vec::new(),
        }
    }

    /// One event: the steps it may be for, in order.
    fn step(&mut self, event: &Event, range: &Range<usize>) {
        let top_level = self.items.is_empty() && self.quotes == 0;
        self.label_list(event, range, top_level);
        if self.obsidian_task(event, range) {
            // Its text may hold a link too; lines are asked for in order.
            self.link_marks(event, range);
            return;
        }
        match event {
            Event::Start(Tag::Item) => self.items.push(Item::default()),
            Event::End(TagEnd::Item) => self.leave_item(),
            Event::TaskListMarker(_) if gfm_box(self.body.as_bytes(), range.end) => {
                self.gfm_task(range)
            }
            Event::Start(Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => self.quotes += 1,
            Event::End(TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                self.quotes = self.quotes.saturating_sub(1)
            }
            Event::Start(Tag::CodeBlock(_)) => self.code += 1,
            Event::End(TagEnd::CodeBlock) => self.code = self.code.saturating_sub(1),
            Event::Start(Tag::List(_)) => self.lists += 1,
            Event::End(TagEnd::List(_)) => self.leave_list(),
            Event::Start(Tag::Heading { level, .. }) if top_level => {
                let line = self.line_at(range.start);
                self.heading = Some((*level as u8, line, String::new(), false));
            }
            Event::End(TagEnd::Heading(_)) => self.leave_heading(),
            Event::Start(Tag::Paragraph) if top_level => {
                self.candidate = Some(LabelCandidate {
                    line: self.line_at(range.start),
                    title: String::new(),
                    state: LabelState::Opening,
                });
            }
            Event::End(TagEnd::Paragraph) => self.leave_paragraph(range),
            _ => {}
        }
        self.label_candidate(event, range);
        self.heading_text(event, range);
        self.task_text(event, range);
        // Last: the steps above ask for lines at this event's start, and the line
        // cursor is cheap only while what it is asked for grows.
        self.link_marks(event, range);
    }

    /// The sections and tasks found.
    fn finish(mut self) -> Found {
        self.finish_task();
        Found {
            sections: self.sections,
            tasks: self.tasks,
            marks: self.marks,
            look_alikes: self.look_alikes,
        }
    }

    /// Each 📖 of a text event outside code (a code span is no text event), read
    /// in the file as written. A memchr per text event: only emoji pass it.
    #[inline]
    fn link_marks(&mut self, event: &Event, range: &Range<usize>) {
        if self.next_pending < self.pending.len() && matches!(event, Event::Text(_)) {
            self.read_marks(range);
        }
    }

    fn read_marks(&mut self, range: &Range<usize>) {
        let from = self.skip + range.start;
        let to = self.skip + range.end;
        let in_list = !self.items.is_empty();
        while let Some(&offset) = self.pending.get(self.next_pending) {
            if offset >= to {
                break;
            }
            self.next_pending += 1;
            // One before this text was in none (code, HTML, a link's target).
            if offset >= from && self.code == 0 {
                let line = self.lines.line(offset);
                self.marks.push(LinkMark {
                    offset,
                    line,
                    in_list,
                });
            }
        }
    }

    fn line_at(&mut self, at: usize) -> usize {
        self.lines.line(self.skip + at)
    }

    fn current_section(&self) -> Option<usize> {
        self.label.or(self.headings.innermost())
    }

    /// A finished label applies only to a list that follows its paragraph directly,
    /// with no blank line between: it becomes a section.
    fn label_list(&mut self, event: &Event, range: &Range<usize>, top_level: bool) {
        if let Some((line, title, end)) = self.pending_label.take()
            && matches!(event, Event::Start(Tag::List(_)))
            && top_level
            && !has_blank_line(self.body.get(..range.start).unwrap_or(""), end)
        {
            self.sections.push(Section {
                title,
                level: Section::LABEL_LEVEL,
                line,
                parent: self.headings.innermost(),
            });
            self.label = Some(self.sections.len() - 1);
        }
    }

    /// Obsidian boxes `[/]` and `[-]` are plain text to the parser: they are read
    /// from the source at an item's first inline event. Whether this was one.
    fn obsidian_task(&mut self, event: &Event, range: &Range<usize>) -> bool {
        let Some(item) = self.items.last_mut() else {
            return false;
        };
        let first = !std::mem::replace(&mut item.seen_first, true);
        if !first || !starts_inline(event) {
            return false;
        }
        let Some(status) = obsidian_box(self.body.as_bytes(), range.start) else {
            if look_alike(self.body.as_bytes(), range.start) {
                self.look_alikes.push(self.skip + range.start);
            }
            return false;
        };
        self.add_task(
            self.skip + range.start + 1,
            status,
            self.items.len() - 1,
            range.start + 3,
        );
        true
    }

    /// A GFM box, as the parser reports it.
    fn gfm_task(&mut self, range: &Range<usize>) {
        let byte = self
            .body
            .as_bytes()
            .get(range.end - 2)
            .copied()
            .unwrap_or(b' ');
        let status = Status::from_byte(byte).unwrap_or(Status::Todo);
        let depth = self.items.len().saturating_sub(1);
        self.add_task(self.skip + range.end - 2, status, depth, range.end);
    }

    /// A task whose status byte is at `offset`; its text starts at `from`.
    fn add_task(&mut self, offset: usize, status: Status, depth: usize, from: usize) {
        let section = self.current_section();
        let mut task = new_task(
            self.original,
            &mut self.lines,
            offset,
            status,
            depth,
            section,
        );
        let own = self.items.len().saturating_sub(1);
        task.parent = self
            .items
            .get(..own)
            .and_then(|outer| outer.iter().rev().find_map(|i| i.task));
        self.tasks.push(task);
        if let Some(item) = self.items.last_mut() {
            item.task = Some(self.tasks.len() - 1);
        }
        if self.with_text {
            self.task_text = Some(Collect {
                task: Some(self.tasks.len() - 1),
                items: self.items.len(),
                from,
                text: std::mem::take(&mut self.scratch),
            });
        }
    }

    fn leave_item(&mut self) {
        if self
            .task_text
            .as_ref()
            .is_some_and(|c| c.items == self.items.len())
        {
            self.finish_task();
        }
        self.items.pop();
    }

    fn leave_list(&mut self) {
        self.lists = self.lists.saturating_sub(1);
        if self.lists == 0 && self.quotes == 0 {
            self.label = None;
        }
    }

    fn leave_heading(&mut self) {
        if let Some((level, line, title, _)) = self.heading.take() {
            let parent = self.headings.enter(level, self.sections.len());
            self.sections.push(Section {
                title: finish_text(title),
                level,
                line,
                parent,
            });
            self.label = None;
        }
    }

    /// A paragraph ends: a label candidate becomes a pending label, and a task's
    /// first paragraph ends its text.
    fn leave_paragraph(&mut self, range: &Range<usize>) {
        if let Some(c) = self.candidate.take()
            && c.state == LabelState::AfterBold
        {
            let title = finish_text(c.title);
            let title = title.trim_end_matches([':', ' ']);
            if !title.is_empty() {
                self.pending_label = Some((c.line, title.to_string(), range.end));
            }
        }
        if self
            .task_text
            .as_ref()
            .is_some_and(|c| c.items == self.items.len())
        {
            self.finish_task();
        }
    }

    /// A top-level paragraph may be a bold label.
    fn label_candidate(&mut self, event: &Event, range: &Range<usize>) {
        let Some(c) = &mut self.candidate else {
            return;
        };
        // The label's line is its bold text's: comrak starts a paragraph at the
        // link reference definitions above it.
        if c.state == LabelState::Opening && matches!(event, Event::Start(Tag::Strong)) {
            c.line = self.lines.line(self.skip + range.start);
        }
        c.step(event, self.body, range);
        if c.state == LabelState::NotLabel {
            self.candidate = None;
        }
    }

    fn heading_text(&mut self, event: &Event, range: &Range<usize>) {
        let Some((_, line, title, settled)) = &mut self.heading else {
            return;
        };
        if !*settled && !matches!(event, Event::Start(Tag::Heading { .. })) {
            *settled = true;
            if !matches!(event, Event::End(_)) {
                *line = self.lines.line(self.skip + range.start);
            }
        }
        push_text(title, event, self.body, range, 0);
    }

    fn task_text(&mut self, event: &Event, range: &Range<usize>) {
        let Some(c) = &mut self.task_text else {
            return;
        };
        // A box with nothing after it on its line: pulldown-cmark ends a GFM task's
        // paragraph there, so an Obsidian box's text ends there too, and the text
        // (hence the ID) does not depend on the status.
        let empty_first_line =
            matches!(event, Event::SoftBreak | Event::HardBreak) && c.text.trim().is_empty();
        if ends_task_text(event) || self.items.len() < c.items || empty_first_line {
            self.finish_task();
        } else if self.items.len() == c.items {
            let from = c.from;
            push_text(&mut c.text, event, self.body, range, from);
        }
    }

    fn finish_task(&mut self) {
        finish_task(
            &mut self.tasks,
            self.original,
            self.task_text.take(),
            &mut self.scratch,
        );
    }
}

pub(super) struct Found {
    pub(super) sections: Vec<Section>,
    pub(super) tasks: Vec<Task>,
    pub(super) marks: Vec<LinkMark>,
    pub(super) look_alikes: Vec<usize>,
}

/// An open list item while walking the events.
#[derive(Default)]
struct Item {
    /// Whether the item's first event has been seen.
    seen_first: bool,
    /// The task this item is, as an index into the piece's tasks.
    task: Option<usize>,
}

/// Text being gathered for a task, a heading or a label.
struct Collect {
    /// For a task: its index; its text starts at `from` (after an Obsidian box).
    task: Option<usize>,
    /// How many items were open when collecting began; deeper events are not text.
    items: usize,
    from: usize,
    text: String,
}

/// The headings open at a point of a plan, outermost first, as (level, section).
#[derive(Default)]
pub(super) struct OpenHeadings(Vec<(u8, usize)>);

impl OpenHeadings {
    /// The innermost open heading: the section of a task or label here.
    pub(super) fn innermost(&self) -> Option<usize> {
        self.0.last().map(|&(_, s)| s)
    }

    /// Enters the heading `section` of `level`, closing those of its level or deeper;
    /// returns its parent.
    pub(super) fn enter(&mut self, level: u8, section: usize) -> Option<usize> {
        while self.0.last().is_some_and(|&(l, _)| l >= level) {
            self.0.pop();
        }
        let parent = self.innermost();
        self.0.push((level, section));
        parent
    }
}

/// A top-level paragraph that may turn out to be a bold label.
struct LabelCandidate {
    line: usize,
    title: String,
    state: LabelState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelState {
    /// The paragraph has started; nothing seen yet.
    Opening,
    /// Inside the first bold run: its text is the label.
    InBold,
    /// After the first bold run; the rest of the paragraph is commentary.
    AfterBold,
    /// Text came before any bold: an ordinary paragraph.
    NotLabel,
}

impl LabelCandidate {
    fn step(&mut self, event: &Event, body: &str, range: &Range<usize>) {
        match (self.state, event) {
            (LabelState::Opening, Event::Start(Tag::Strong)) => self.state = LabelState::InBold,
            (LabelState::Opening, Event::Start(Tag::Paragraph)) => {}
            (LabelState::Opening, _) => self.state = LabelState::NotLabel,
            (LabelState::InBold, Event::End(TagEnd::Strong)) => self.state = LabelState::AfterBold,
            (LabelState::InBold, _) => push_text(&mut self.title, event, body, range, 0),
            _ => {}
        }
    }
}

fn new_task(
    text: &str,
    lines: &mut LineCursor,
    offset: usize,
    status: Status,
    depth: usize,
    section: Option<usize>,
) -> Task {
    let (mut done_on, mut done_span, stamp_at) = done_date(text, offset);
    // Fields end where a done date at the very end starts (it is read above).
    let box_end = offset + 2;
    let fields_end = done_span.as_ref().map_or(stamp_at, |s| s.start);
    // A blank after the fields that no edit removes (a done date may go with them).
    let blank_after =
        done_span.is_none() && matches!(text.as_bytes().get(fields_end), Some(b' ' | b'\t'));
    let fields = text
        .get(box_end..fields_end)
        .and_then(|line| fields::read(line, box_end, blank_after));
    // A done date among the fields rather than last is the done date all the same.
    if let (None, Some((day, span))) = (done_on, fields.as_ref().and_then(|f| f.done.clone())) {
        done_on = Some(day);
        done_span = Some(span);
    }
    Task {
        id: TaskId::default(),
        line: lines.line(offset),
        offset,
        status,
        text: String::new(),
        section,
        depth,
        done_on,
        done_span,
        done_source: done_on.map(|_| DoneSource::Stamp),
        stamp_at,
        fields,
        parent: None,
    }
}

fn finish_task(tasks: &mut [Task], original: &str, collect: Option<Collect>, scratch: &mut String) {
    let Some(Collect {
        task: Some(index),
        mut text,
        ..
    }) = collect
    else {
        return;
    };
    if let Some(task) = tasks.get_mut(index) {
        let mut plain = text.strip_suffix(' ').unwrap_or(&text).to_owned();
        // A done date among the fields goes with them, below.
        let among_fields = task
            .fields
            .as_ref()
            .and_then(|f| f.done.as_ref())
            .is_some_and(|(_, span)| task.done_span.as_ref() == Some(span));
        if let Some(span) = task.done_span.as_ref().filter(|_| !among_fields) {
            let dates = original
                .get(span.clone())
                .map_or(0, |d| d.matches('✅').count());
            for _ in 0..dates {
                plain = strip_done_date(&plain);
            }
        }
        if let Some(fields) = &task.fields {
            plain = fields::strip(&plain, fields);
        }
        task.text = plain;
    }
    text.clear();
    *scratch = text;
}

/// Whether an event ends the first paragraph of an item, for a task's text.
pub(super) fn ends_task_text(event: &Event) -> bool {
    matches!(
        event,
        Event::End(TagEnd::Paragraph)
            | Event::Start(
                Tag::List(_)
                    | Tag::CodeBlock(_)
                    | Tag::BlockQuote(_)
                    | Tag::Heading { .. }
                    | Tag::Table(_)
                    | Tag::HtmlBlock
                    | Tag::Paragraph
            )
    )
}

pub(super) fn starts_inline(event: &Event) -> bool {
    matches!(
        event,
        Event::Start(Tag::Paragraph) | Event::Text(_) | Event::Start(Tag::Link { .. })
    )
}

/// A GFM box as cmark-gfm accepts it: the marker's range ends just after `]`; the byte
/// inside is ` `, `x` or `X` (pulldown-cmark also takes tab, VT, FF) and a space or a
/// tab follows (pulldown-cmark also takes a line ending).
pub(super) fn gfm_box(bytes: &[u8], end: usize) -> bool {
    end >= 3
        && matches!(bytes.get(end - 2), Some(b' ' | b'x' | b'X'))
        && matches!(bytes.get(end), Some(b' ' | b'\t'))
}

/// An Obsidian box `[/]` or `[-]` at `at`, followed by a space or a tab, on the
/// bullet's own line.
pub(super) fn obsidian_box(bytes: &[u8], at: usize) -> Option<Status> {
    let rest = bytes.get(at..)?;
    let status = match rest {
        [b'[', b'/', b']', b' ' | b'\t', ..] => Status::Doing,
        [b'[', b'-', b']', b' ' | b'\t', ..] => Status::Skipped,
        _ => return None,
    };
    let before = bytes.get(..at)?;
    let end = before
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map(|i| before[i])?;
    matches!(end, b'-' | b'+' | b'*' | b'.' | b')').then_some(status)
}

/// Whether the inline text of an item, starting at `at`, opens with what a person
/// may take for a box but GitHub does not: brackets around nothing, around blanks
/// and `x`s that are not one box (`[ x]`, `[  ]`), around one of the marks other
/// checklist apps use (`[>]`, `[<]`, `[?]`, `[!]`, `[*]`, `["]`, `[~]`, `[+]`,
/// `[=]`, `[#]`), or a box with no blank after it (`[x]done`). Letters, digits and
/// other marks inside are no box: `[a]`, `[1]`, `[...]` open options, references
/// and quotes.
pub(super) fn look_alike(bytes: &[u8], at: usize) -> bool {
    /// What a keyboard or an input method puts in a box instead of `x` or a blank:
    /// Cyrillic х and Х (the x key on a Russian layout), a no-break or ideographic
    /// space, ×, check marks.
    const TYPED_FOR_A_BOX: [&str; 9] = ["х", "Х", "\u{a0}", "\u{3000}", "×", "✓", "✔", "✗", "✘"];
    let Some(rest) = bytes.get(at..).filter(|r| r.first() == Some(&b'[')) else {
        return false;
    };
    let Some(close) = rest.iter().take(5).position(|&b| b == b']') else {
        return false;
    };
    let inside = &rest[1..close];
    let after = rest.get(close + 1).copied();
    let blank_after = matches!(after, None | Some(b' ' | b'\t' | b'\n' | b'\r'));
    match inside {
        // `[x]done`: a box the text runs into; `[x](url)` and `[x][ref]` are links.
        [b' ' | b'x' | b'X' | b'/' | b'-'] => !blank_after && !matches!(after, Some(b'(' | b'[')),
        [b'>' | b'<' | b'?' | b'!' | b'*' | b'"' | b'~' | b'+' | b'=' | b'#'] => blank_after,
        other if TYPED_FOR_A_BOX.iter().any(|c| c.as_bytes() == other) => blank_after,
        [] => blank_after,
        _ => inside.iter().all(|b| matches!(b, b' ' | b'x' | b'X')) && blank_after,
    }
}

/// Whether a blank line separates the block that ended at `end` from the block that
/// starts where `before` ends.
fn has_blank_line(before: &str, end: usize) -> bool {
    let content_end = before.trim_end().len().min(end);
    let gap = before.get(content_end..).unwrap_or("");
    markdown::lines_with_endings(gap).count() >= 2
}
