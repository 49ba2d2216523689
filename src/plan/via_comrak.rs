//! The second reading of a plan, for text that pulldown-cmark may read otherwise
//! than GitHub (see [`crate::markdown::pulldown_may_misread`]): comrak, a port of GitHub's
//! cmark-gfm, parses it, and its tree is turned into the events pulldown-cmark
//! gives for the same structure, so that the one walk in `plan.rs` finds tasks,
//! sections and labels in both readings alike.
//!
//! Only what the walk looks at is reproduced: the nesting of lists, items, quotes,
//! footnote definitions, paragraphs (none directly in the items of a tight list),
//! headings, code and HTML blocks and tables (whose contents the walk never reads);
//! inline text, code, breaks, links, emphasis; and the box of a task item, as a
//! `TaskListMarker` over `[ ]`, or for another box as the item's first inline event
//! starting at `[`, where the walk reads Obsidian boxes from the source.
//!
//! Ranges are byte offsets into the parsed text, as pulldown-cmark's are: comrak's
//! positions are lines and 1-based byte columns.
//!
//! comrak is given no task rule of its own to trust: a box counts only at the start
//! of an item's first paragraph, on the item's first line, as in pulldown-cmark
//! (comrak also takes a box on the second line), and one that comrak did not take
//! (`[x]` defined as a link) is found in the source.

use std::ops::Range;

use comrak::arena_tree::NodeEdge;
use comrak::nodes::{AstNode, LineColumn, ListType, NodeValue};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

/// The events of one parsed text, and whether a fenced code block or an HTML block
/// may still be open at its end (see `plan::find`, which then parses the whole
/// plan in one piece).
pub(crate) struct Reading {
    pub events: Vec<(Event<'static>, Range<usize>)>,
    pub open_at_end: bool,
}

/// The comrak options that read a plan as GitHub does: the extensions that shape
/// blocks, and `[/]`, `[-]` taken out of the text like `[ ]` (the walk decides
/// which boxes are tasks).
fn options() -> comrak::Options<'static> {
    let mut options = comrak::Options::default();
    options.extension.tasklist = true;
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.footnotes = true;
    options.parse.relaxed_tasklist_matching = true;
    options
}

/// Parses `text` with comrak and gives pulldown-cmark's events for it.
pub(crate) fn read(text: &str) -> Reading {
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, text, &options());
    let mut events = Events {
        bytes: text.as_bytes(),
        shift: 0,
        starts: line_starts(text),
        out: Vec::new(),
        open_at_end: false,
    };
    // comrak moves footnote definitions to the end of the document (and drops those
    // nothing refers to, as GitHub does); pulldown-cmark gives them where they
    // stand, inside any list or quote around them. Of two with one label GitHub
    // keeps the first; comrak keeps both.
    let mut footnotes: Vec<(usize, &AstNode)> = root
        .children()
        .filter(|n| matches!(n.data.borrow().value, NodeValue::FootnoteDefinition(_)))
        .map(|n| (events.offset(n.data.borrow().sourcepos.start), n))
        .collect();
    footnotes.sort_by_key(|&(at, _)| at);
    let mut labels = std::collections::HashSet::new();
    footnotes.retain(|(_, n)| match &n.data.borrow().value {
        NodeValue::FootnoteDefinition(def) => labels.insert(def.name.to_lowercase()),
        _ => false,
    });
    // Latest first, to pop.
    let mut footnotes: Vec<&AstNode> = footnotes.into_iter().rev().map(|(_, n)| n).collect();
    events.tree(root, &mut footnotes);
    Reading {
        events: events.out,
        open_at_end: events.open_at_end,
    }
}

/// Byte offsets where the lines of `text` start (lines end at LF).
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
    starts.push(0);
    starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
    starts
}

struct Events<'t> {
    bytes: &'t [u8],
    /// Lines to add to the positions of inlines in the current paragraph or
    /// heading (see [`Events::inline_shift`]).
    shift: usize,
    starts: Vec<usize>,
    out: Vec<(Event<'static>, Range<usize>)>,
    open_at_end: bool,
}

/// The box an item's first paragraph starts with, at a byte offset.
enum ItemBox {
    /// A GFM box `[ ]`, `[x]`, `[X]` (checked or not): a `TaskListMarker`.
    Marker(usize, bool),
    /// Another box that comrak took out of the text: the item's first inline event
    /// starts there, for the walk to read.
    Other(usize),
}

impl ItemBox {
    /// Where the box's `[` is.
    fn at(&self) -> usize {
        match *self {
            ItemBox::Marker(at, _) | ItemBox::Other(at) => at,
        }
    }
}

impl Events<'_> {
    /// The byte offset of a comrak position.
    fn offset(&self, at: LineColumn) -> usize {
        let line = self.starts.get(at.line.saturating_sub(1)).copied();
        line.map_or(self.bytes.len(), |start| {
            start + at.column.saturating_sub(1)
        })
        .min(self.bytes.len())
    }

    /// A node's bytes: from its first to just after its last.
    fn range(&self, node: &AstNode) -> Range<usize> {
        let data = node.data.borrow();
        let mut pos = data.sourcepos;
        if !data.value.block() {
            pos.start.line += self.shift;
            pos.end.line += self.shift;
        }
        let start = self.offset(pos.start);
        let end = (self.offset(pos.end) + 1).min(self.bytes.len()).max(start);
        start..end
    }

    /// How many lines comrak places the inlines of a paragraph or heading too high:
    /// those of link reference definitions at its start, which it takes out of the
    /// text and still counts lines from (its last inline ends on its last line).
    fn inline_shift<'a>(&self, block: &'a AstNode<'a>) -> usize {
        let data = block.data.borrow();
        if self.bytes.get(self.offset(data.sourcepos.start)) != Some(&b'[') {
            return 0;
        }
        let last_line = match &data.value {
            NodeValue::Heading(heading) if heading.setext => {
                data.sourcepos.end.line.saturating_sub(1)
            }
            _ => data.sourcepos.end.line,
        };
        let inlines = block.descendants().skip(1);
        let reached = inlines.map(|n| n.data.borrow().sourcepos.end.line).max();
        reached.map_or(0, |line| last_line.saturating_sub(line))
    }

    /// The line (1-based) holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    fn push(&mut self, event: Event<'static>, range: Range<usize>) {
        self.out.push((event, range));
    }

    /// Turns the nodes of `tree` into events. Footnote definitions that comrak
    /// moved to the end of the document are skipped there and put back from
    /// `footnotes` before the first block that starts, or ends, after them.
    fn tree<'a>(&mut self, tree: &'a AstNode<'a>, footnotes: &mut Vec<&'a AstNode<'a>>) {
        // Descendants not to turn into events: a table's cells, a moved footnote
        // definition (and the definition itself).
        let mut skipping: Option<&AstNode> = None;
        for edge in tree.traverse() {
            match edge {
                NodeEdge::Start(node) => {
                    if skipping.is_some() {
                        continue;
                    }
                    let data = node.data.borrow();
                    if !data.value.block() {
                        drop(data);
                        self.start(node, &mut skipping);
                        continue;
                    }
                    let moved = matches!(data.value, NodeValue::FootnoteDefinition(_))
                        && node.parent().is_some_and(|p| std::ptr::eq(p, tree))
                        && matches!(tree.data.borrow().value, NodeValue::Document);
                    drop(data);
                    if moved {
                        skipping = Some(node);
                        continue;
                    }
                    self.put_back(footnotes, self.range(node).start);
                    self.start(node, &mut skipping);
                }
                NodeEdge::End(node) => {
                    if let Some(skipped) = skipping {
                        if !std::ptr::eq(skipped, node) {
                            continue;
                        }
                        skipping = None;
                        if matches!(node.data.borrow().value, NodeValue::FootnoteDefinition(_)) {
                            continue;
                        }
                    }
                    if node.data.borrow().value.block() {
                        self.put_back(footnotes, self.range(node).end);
                    }
                    self.end(node);
                }
            }
        }
        self.put_back(footnotes, usize::MAX);
    }

    /// Gives the events of the footnote definitions that start before `at`.
    fn put_back<'a>(&mut self, footnotes: &mut Vec<&'a AstNode<'a>>, at: usize) {
        while let Some(&def) = footnotes.last() {
            if self.offset(def.data.borrow().sourcepos.start) >= at {
                break;
            }
            footnotes.pop();
            self.tree(def, &mut Vec::new());
        }
    }

    fn start<'a>(&mut self, node: &'a AstNode<'a>, skipping: &mut Option<&'a AstNode<'a>>) {
        let range = self.range(node);
        let event = match &node.data.borrow().value {
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) | NodeValue::Alert(_) => {
                Event::Start(Tag::BlockQuote(None))
            }
            NodeValue::List(list) => {
                // pulldown-cmark starts a list at the start of its first line.
                let line = node.data.borrow().sourcepos.start.line;
                let from = self.starts.get(line.saturating_sub(1)).copied();
                let range = from.unwrap_or(range.start)..range.end;
                let start = (list.list_type == ListType::Ordered).then_some(list.start as u64);
                self.push(Event::Start(Tag::List(start)), range);
                return;
            }
            NodeValue::Item(_) | NodeValue::TaskItem(_) => {
                self.push(Event::Start(Tag::Item), range);
                self.item_box(node);
                return;
            }
            NodeValue::CodeBlock(code) => {
                self.open_at_end |= code.fenced && !code.closed;
                let kind = if code.fenced {
                    CodeBlockKind::Fenced(CowStr::from(code.info.clone()))
                } else {
                    CodeBlockKind::Indented
                };
                Event::Start(Tag::CodeBlock(kind))
            }
            NodeValue::HtmlBlock(html) => {
                self.open_at_end |= !html_block_closed(html.block_type, &html.literal);
                Event::Start(Tag::HtmlBlock)
            }
            NodeValue::Paragraph => {
                self.shift = self.inline_shift(node);
                if in_tight_item(node) {
                    self.paragraph_box(node, None);
                    return;
                }
                let start = self.box_of(node).map_or(range.start, |b| b.at());
                self.push(Event::Start(Tag::Paragraph), start..range.end);
                self.paragraph_box(node, Some(start));
                return;
            }
            NodeValue::Heading(heading) => {
                self.shift = self.inline_shift(node);
                let level =
                    HeadingLevel::try_from(usize::from(heading.level)).unwrap_or(HeadingLevel::H6);
                Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                })
            }
            NodeValue::FootnoteDefinition(def) => {
                Event::Start(Tag::FootnoteDefinition(CowStr::from(def.name.clone())))
            }
            NodeValue::Table(_) => {
                *skipping = Some(node);
                Event::Start(Tag::Table(Vec::new()))
            }
            NodeValue::Text(text) => Event::Text(CowStr::from(text.to_string())),
            NodeValue::SoftBreak => Event::SoftBreak,
            NodeValue::LineBreak => Event::HardBreak,
            NodeValue::Code(code) => Event::Code(CowStr::from(code.literal.clone())),
            NodeValue::HtmlInline(html) => Event::InlineHtml(CowStr::from(html.clone())),
            NodeValue::Emph => Event::Start(Tag::Emphasis),
            NodeValue::Strong => Event::Start(Tag::Strong),
            NodeValue::Strikethrough => Event::Start(Tag::Strikethrough),
            NodeValue::Link(link) => Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: CowStr::from(link.url.clone()),
                title: CowStr::from(link.title.clone()),
                id: CowStr::Borrowed(""),
            }),
            NodeValue::Image(link) => Event::Start(Tag::Image {
                link_type: LinkType::Inline,
                dest_url: CowStr::from(link.url.clone()),
                title: CowStr::from(link.title.clone()),
                id: CowStr::Borrowed(""),
            }),
            NodeValue::FootnoteReference(reference) => {
                Event::FootnoteReference(CowStr::from(reference.name.clone()))
            }
            NodeValue::ThematicBreak => Event::Rule,
            _ => return,
        };
        self.push(event, range);
    }

    fn end(&mut self, node: &AstNode) {
        if matches!(
            node.data.borrow().value,
            NodeValue::Paragraph | NodeValue::Heading(_)
        ) {
            self.shift = 0;
        }
        let range = self.range(node);
        let end = match &node.data.borrow().value {
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) | NodeValue::Alert(_) => {
                TagEnd::BlockQuote(None)
            }
            NodeValue::List(list) => TagEnd::List(list.list_type == ListType::Ordered),
            NodeValue::Item(_) | NodeValue::TaskItem(_) => TagEnd::Item,
            NodeValue::CodeBlock(_) => TagEnd::CodeBlock,
            NodeValue::HtmlBlock(_) => TagEnd::HtmlBlock,
            NodeValue::Paragraph if in_tight_item(node) => return,
            NodeValue::Paragraph => TagEnd::Paragraph,
            NodeValue::Heading(heading) => TagEnd::Heading(
                HeadingLevel::try_from(usize::from(heading.level)).unwrap_or(HeadingLevel::H6),
            ),
            NodeValue::FootnoteDefinition(_) => TagEnd::FootnoteDefinition,
            NodeValue::Table(_) => TagEnd::Table,
            NodeValue::Emph => TagEnd::Emphasis,
            NodeValue::Strong => TagEnd::Strong,
            NodeValue::Strikethrough => TagEnd::Strikethrough,
            NodeValue::Link(_) => TagEnd::Link,
            NodeValue::Image(_) => TagEnd::Image,
            _ => return,
        };
        self.push(Event::End(end), range);
    }

    /// The box at the start of an item's first paragraph, if the paragraph is the
    /// item's first block and starts on the item's first line.
    fn box_of(&self, paragraph: &AstNode) -> Option<ItemBox> {
        let item = paragraph.parent()?;
        if !item
            .first_child()
            .is_some_and(|c| std::ptr::eq(c, paragraph))
        {
            return None;
        }
        let item_data = item.data.borrow();
        let item_line = item_data.sourcepos.start.line;
        let at = match &item_data.value {
            // comrak took the box out of the text; it says where its byte is.
            NodeValue::TaskItem(task) => self.offset(task.symbol_sourcepos.start).checked_sub(1)?,
            NodeValue::Item(_) => self.range(paragraph).start,
            _ => return None,
        };
        let &[open, inside, close] = self.bytes.get(at..at + 3)? else {
            return None;
        };
        if open != b'[' || close != b']' || self.line_of(at) != item_line {
            return None;
        }
        let marker = matches!(inside, b' ' | b'x' | b'X' | b'\t');
        let checked = matches!(inside, b'x' | b'X');
        match &item_data.value {
            NodeValue::TaskItem(_) if marker => Some(ItemBox::Marker(at, checked)),
            NodeValue::TaskItem(_) => Some(ItemBox::Other(at)),
            // Not taken by comrak: a box pulldown-cmark takes before inlines (`[x]`
            // defined as a link). Other boxes stay in the text, as in pulldown-cmark.
            _ if marker && matches!(self.bytes.get(at + 3), Some(b' ' | b'\t')) => {
                Some(ItemBox::Marker(at, checked))
            }
            _ => None,
        }
    }

    /// The events for the box of an item's first paragraph, after its start event
    /// (`paragraph` is where that event starts, if there is one).
    fn paragraph_box(&mut self, node: &AstNode, paragraph: Option<usize>) {
        match self.box_of(node) {
            Some(ItemBox::Marker(at, checked)) => {
                self.push(Event::TaskListMarker(checked), at..at + 3);
            }
            // A loose item's paragraph event starts at the box already.
            Some(ItemBox::Other(at)) if paragraph.is_none() => {
                self.push(Event::Text(CowStr::Borrowed("")), at..at + 3);
            }
            _ => {}
        }
    }

    /// A task item whose box has nothing after it has no paragraph: its box's
    /// event follows the item's start.
    fn item_box(&mut self, item: &AstNode) {
        let first_is_paragraph = item
            .first_child()
            .is_some_and(|c| matches!(c.data.borrow().value, NodeValue::Paragraph));
        if first_is_paragraph {
            return;
        }
        let data = item.data.borrow();
        if let NodeValue::TaskItem(task) = &data.value
            && let Some(at) = self.offset(task.symbol_sourcepos.start).checked_sub(1)
            && let Some(&[b'[', inside, b']']) = self.bytes.get(at..at + 3)
            && self.line_of(at) == data.sourcepos.start.line
        {
            let event = match inside {
                b' ' | b'x' | b'X' | b'\t' => Event::TaskListMarker(matches!(inside, b'x' | b'X')),
                _ => Event::Text(CowStr::Borrowed("")),
            };
            self.out.push((event, at..at + 3));
        }
    }
}

/// Whether a paragraph sits directly in an item of a tight list, where
/// pulldown-cmark gives no paragraph events.
fn in_tight_item(paragraph: &AstNode) -> bool {
    let Some(item) = paragraph.parent() else {
        return false;
    };
    if !matches!(
        item.data.borrow().value,
        NodeValue::Item(_) | NodeValue::TaskItem(_)
    ) {
        return false;
    }
    item.parent()
        .is_some_and(|list| matches!(&list.data.borrow().value, NodeValue::List(l) if l.tight))
}

/// Whether an HTML block of a type that ends at a marker (1 to 5) reached it on its
/// last line; blocks of types 6 and 7 end at a blank line.
fn html_block_closed(block_type: u8, literal: &str) -> bool {
    let last = literal
        .trim_end_matches(['\n', '\r'])
        .rsplit('\n')
        .next()
        .unwrap_or("");
    let has = |marker: &str| {
        last.as_bytes()
            .windows(marker.len())
            .any(|w| w.eq_ignore_ascii_case(marker.as_bytes()))
    };
    match block_type {
        1 => has("</script>") || has("</pre>") || has("</style>"),
        2 => has("-->"),
        3 => has("?>"),
        4 => has(">"),
        5 => has("]]>"),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<String> {
        read(text)
            .events
            .iter()
            .map(|(e, r)| format!("{e:?} {r:?}"))
            .collect()
    }

    #[test]
    fn a_task_item_gives_a_marker_over_its_box() {
        let events = kinds("- [x] a\n");
        assert!(
            events.contains(&"TaskListMarker(true) 2..5".to_string()),
            "{events:?}"
        );
    }

    #[test]
    fn unclosed_fences_and_html_blocks_are_open_at_the_end() {
        assert!(read("```\ncode\n").open_at_end);
        assert!(read("<!--\ncomment\n").open_at_end);
        assert!(!read("```\ncode\n```\n\n<!-- a -->\n").open_at_end);
    }
}
