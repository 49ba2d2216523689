//! The task model: a [`Plan`] is one Markdown file's text with the [`Task`]s and
//! [`Section`]s found in it.
//!
//! A task is what GitHub's parser (cmark-gfm) says is a task, with the GFM spec's
//! rule: a list item whose first block is a paragraph that starts, on the item's
//! first line, with a box followed by a space or a tab. The box byte is the status:
//! ` ` todo, `x`/`X` done, and, as the Obsidian Tasks plugin writes them, `/` doing
//! and `-` skipped. Nothing in code blocks, HTML blocks, tables, link reference
//! definitions or leading YAML front matter is a task.
//!
//! Invariants: every offset is a byte offset into [`Plan::text`], the file exactly as
//! read (BOM and front matter included); [`Task::offset`] points at the status byte,
//! which is always ASCII, so a status change rewrites one byte and never moves another.
//!
//! The section path is the chain of top-level headings above a task, plus a bold
//! label: a top-level paragraph that starts with bold text and is directly followed
//! by a list labels that list (`**Недели 1-2: Сетевые основы** (📖 …)` + `- [ ] …`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::markdown::{self, LineCursor};

/// Where a task stands, from the byte in its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// `[ ]`
    Todo,
    /// `[x]` or `[X]`
    Done,
    /// `[/]`: in progress
    Doing,
    /// `[-]`: skipped, dropped from the plan without being done
    Skipped,
}

impl Status {
    /// The status a box byte stands for, if it is one of ` xX/-`.
    pub fn from_byte(byte: u8) -> Option<Status> {
        match byte {
            b' ' => Some(Status::Todo),
            b'x' | b'X' => Some(Status::Done),
            b'/' => Some(Status::Doing),
            b'-' => Some(Status::Skipped),
            _ => None,
        }
    }

    /// The byte `check` writes for this status.
    pub fn byte(self) -> u8 {
        match self {
            Status::Todo => b' ',
            Status::Done => b'x',
            Status::Doing => b'/',
            Status::Skipped => b'-',
        }
    }

    /// The status as a box, `[ ]`, `[x]`, `[/]` or `[-]`.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Todo => "[ ]",
            Status::Done => "[x]",
            Status::Doing => "[/]",
            Status::Skipped => "[-]",
        }
    }

    /// The word used in JSON and messages: `todo`, `done`, `doing`, `skipped`.
    pub fn word(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::Done => "done",
            Status::Doing => "doing",
            Status::Skipped => "skipped",
        }
    }

    /// Whether the task still needs work (todo or doing).
    pub fn is_open(self) -> bool {
        matches!(self, Status::Todo | Status::Doing)
    }
}

/// A task's ID: the plan's file stem and a hash of the task's section path and text,
/// such as `go-backend#3fa9c1`. Ticking a task or editing another plan never changes
/// it; identical tasks in one section get `-2`, `-3`… in document order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct TaskId(String);

impl TaskId {
    /// `STEM#HASH`, with `-COUNT` from the second task of the same hash on.
    fn new(stem: &str, hash: u32, count: u32) -> TaskId {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut id = String::with_capacity(stem.len() + 10);
        id.push_str(stem);
        id.push('#');
        for shift in (0..6).rev() {
            id.push(char::from(HEX[(hash >> (shift * 4)) as usize & 0xf]));
        }
        if count > 1 {
            id.push('-');
            id.push_str(&count.to_string());
        }
        TaskId(id)
    }

    /// The ID as printed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A heading, or a bold label over a list, that tasks sit under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Plain text of the heading or label.
    pub title: String,
    /// Heading level 1–6; labels are [`Section::LABEL_LEVEL`].
    pub level: u8,
    /// 1-based line of the heading or label.
    pub line: usize,
    /// The enclosing section, if any.
    pub parent: Option<usize>,
}

impl Section {
    /// The level given to bold labels: below every heading.
    pub const LABEL_LEVEL: u8 = 7;
}

/// One task of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// Stable ID (see [`TaskId`]).
    pub id: TaskId,
    /// 1-based line of the box.
    pub line: usize,
    /// Byte offset of the status byte, the one inside `[ ]`.
    pub offset: usize,
    /// The status the box holds now.
    pub status: Status,
    /// Plain text: emphasis, link targets, HTML and the done date removed.
    pub text: String,
    /// The innermost section the task sits under, an index into [`Plan::sections`].
    pub section: Option<usize>,
    /// How many list items enclose this one (0 for a top-level item).
    pub depth: usize,
    /// The done date (` ✅ YYYY-MM-DD` at the end of the task's first line).
    pub done_on: Option<NaiveDate>,
    /// Bytes of the done date with its leading space, to remove on undo.
    pub done_span: Option<Range<usize>>,
    /// Where a done date is inserted: the end of the first line's content, before
    /// trailing blanks and a hard-break backslash.
    pub stamp_at: usize,
}

/// A task among several plans: indexes into the plans and their tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskRef {
    /// Index of the plan.
    pub plan: usize,
    /// Index of the task in that plan.
    pub task: usize,
}

/// The names of a plan in task IDs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanName {
    /// The name its IDs carry: its file stem (`go-backend`), or, where other plans a
    /// command sees have the same stem, the stem after the folders that tell them
    /// apart (`work/plan`; see [`crate::discover::name_plans`]).
    pub short: String,
    /// Every folder of the file and its stem (`home/me/study/work/plan`): any `/`-
    /// bounded tail of it names the plan in an ID, so an ID printed by a command that
    /// saw more plans, or fewer, still names the same task.
    pub full: String,
}

impl PlanName {
    /// The names of a plan known only by `path`.
    pub fn of_path(path: &Path) -> PlanName {
        let mut parts: Vec<String> = path
            .parent()
            .map(|p| {
                p.components()
                    .filter_map(|c| match c {
                        std::path::Component::Normal(n) => Some(crate::escape::name(n)),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let short = stem(path);
        parts.push(short.clone());
        PlanName {
            short,
            full: parts.join("/"),
        }
    }

    /// Whether `name`, as typed before `#` in an ID, names this plan.
    pub fn answers_to(&self, name: &str) -> bool {
        let tail = |whole: &str| {
            whole == name
                || whole
                    .strip_suffix(name)
                    .is_some_and(|head| head.ends_with('/'))
        };
        !name.is_empty() && (tail(&self.short) || tail(&self.full))
    }
}

/// One plan file: its text exactly as read, and what was found in it.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The path as given on the command line or found, for messages and JSON.
    pub path: PathBuf,
    /// The name its task IDs carry.
    pub name: PlanName,
    /// The file's whole text; empty in a plan parsed only to be looked at
    /// ([`Plan::parse_to_look`], [`Plan::parse_for_counts`]), which is never written.
    pub text: String,
    /// Headings and labels in document order.
    pub sections: Vec<Section>,
    /// Tasks in document order.
    pub tasks: Vec<Task>,
}

impl Plan {
    /// Parses a plan's text. Never fails: any UTF-8 text is Markdown.
    ///
    /// ```
    /// let plan = roadmap::plan::Plan::parse("p.md".into(), "# A\n- [ ] one\n- [x] two\n".into());
    /// assert_eq!(plan.tasks.len(), 2);
    /// assert_eq!(plan.section_path(&plan.tasks[0]), ["A"]);
    /// ```
    pub fn parse(path: PathBuf, text: String) -> Plan {
        Plan::parse_in_chunks(path, text, CHUNK_MIN)
    }

    /// [`Plan::parse_to_look`] for a plan whose IDs carry `name` rather than its stem.
    pub fn parse_named(path: PathBuf, name: &PlanName, text: &str) -> Plan {
        Plan::parse_str(path, name.clone(), text, CHUNK_MIN, Reader::Auto)
    }

    /// Parses a plan to show it, not to write it: as [`Plan::parse`], but the plan
    /// keeps no copy of `text` ([`Plan::text`] stays empty), so the text can stay in
    /// a buffer that is read into again, checked for UTF-8 without copying.
    pub fn parse_to_look(path: PathBuf, text: &str) -> Plan {
        let name = PlanName::of_path(&path);
        Plan::parse_str(path, name, text, CHUNK_MIN, Reader::Auto)
    }

    /// Parses only what progress needs: statuses, sections, done dates, for `report`.
    /// The plan keeps no copy of `text` ([`Plan::text`] is empty), task text stays
    /// empty and IDs are not computed: such a plan is for counting, never for
    /// showing tasks or writing.
    pub fn parse_for_counts(path: PathBuf, text: &str) -> Plan {
        let found = find(text, false, CHUNK_MIN, Reader::Auto);
        Plan {
            name: PlanName::of_path(&path),
            path,
            text: String::new(),
            sections: found.sections,
            tasks: found.tasks,
        }
    }

    /// [`Plan::parse`], cutting the text wherever it may be cut into chunks of at
    /// least `chunk_min` bytes instead of only when it is long. The result must be
    /// `parse`'s; this exists for the tests that check that it is.
    #[doc(hidden)]
    pub fn parse_in_chunks(path: PathBuf, text: String, chunk_min: usize) -> Plan {
        let name = PlanName::of_path(&path);
        let mut plan = Plan::parse_str(path, name, &text, chunk_min, Reader::Auto);
        plan.text = text;
        plan
    }

    /// [`Plan::parse`] with every piece read by comrak, the reading otherwise kept
    /// for text pulldown-cmark may misread. On text both parsers read alike the
    /// result must be [`Plan::parse_without_fallback`]'s; this exists for the tests
    /// that check that it is.
    #[doc(hidden)]
    pub fn parse_forcing_fallback(path: PathBuf, text: String) -> Plan {
        let name = PlanName::of_path(&path);
        let mut plan = Plan::parse_str(path, name, &text, CHUNK_MIN, Reader::Comrak);
        plan.text = text;
        plan
    }

    /// [`Plan::parse`] with every piece read by pulldown-cmark, even where it may
    /// misread it; for the tests.
    #[doc(hidden)]
    pub fn parse_without_fallback(path: PathBuf, text: String) -> Plan {
        let name = PlanName::of_path(&path);
        let mut plan = Plan::parse_str(path, name, &text, CHUNK_MIN, Reader::Pulldown);
        plan.text = text;
        plan
    }

    /// Sections, tasks and IDs; the text is not kept.
    fn parse_str(
        path: PathBuf,
        name: PlanName,
        text: &str,
        chunk_min: usize,
        reader: Reader,
    ) -> Plan {
        let found = find(text, true, chunk_min, reader);
        let mut tasks = found.tasks;
        assign_ids(&name.short, &found.sections, &mut tasks);
        Plan {
            path,
            name,
            text: String::new(),
            sections: found.sections,
            tasks,
        }
    }

    /// The titles from the outermost section down to the task's own.
    pub fn section_path(&self, task: &Task) -> Vec<&str> {
        self.section_titles(task.section)
    }

    /// The titles from the outermost section down to `section`.
    pub fn section_titles(&self, section: Option<usize>) -> Vec<&str> {
        let mut titles: Vec<&str> = self
            .section_chain(section)
            .map(|s| s.title.as_str())
            .collect();
        titles.reverse();
        titles
    }

    /// Sections from `index` up to the outermost.
    pub fn section_chain(&self, index: Option<usize>) -> impl Iterator<Item = &Section> {
        let mut at = index;
        std::iter::from_fn(move || {
            let section = self.sections.get(at?)?;
            at = section.parent;
            Some(section)
        })
    }

    /// Whether the task sits under the section `section` (at any depth).
    pub fn is_under(&self, task: &Task, section: usize) -> bool {
        let mut at = task.section;
        while let Some(i) = at {
            if i == section {
                return true;
            }
            at = self.sections.get(i).and_then(|s| s.parent);
        }
        false
    }

    /// The plan's title: a level-1 heading that is its first section and the only
    /// one of its level.
    pub fn title(&self) -> Option<&Section> {
        let first = self.sections.first()?;
        let h1s = self.sections.iter().filter(|s| s.level == 1).count();
        (first.level == 1 && h1s == 1).then_some(first)
    }

    /// The plan's short name: its file stem (`go-backend`).
    pub fn stem(&self) -> String {
        stem(&self.path)
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(crate::escape::name)
        .unwrap_or_default()
}

/// Tasks whose IDs one thread works out at a time.
const ID_BATCH: usize = 32 * 1024;

/// Gives every task its ID: the FNV-1a hash of its section titles joined by `\x1f`,
/// then `\x1e` and its text; the hash of each section's titles is computed once.
/// Hashing and writing IDs of a long plan run on every core; only counting equal
/// hashes, which follows document order, runs on one.
fn assign_ids(stem: &str, sections: &[Section], tasks: &mut [Task]) {
    // Hash state after each section's path; a section's parent comes before it.
    let mut prefix: Vec<u64> = Vec::with_capacity(sections.len());
    for section in sections {
        let parent = section.parent.and_then(|p| prefix.get(p).copied());
        let state = match parent {
            Some(state) => fnv1a_from(fnv1a_from(state, b"\x1f"), section.title.as_bytes()),
            None => fnv1a_from(FNV_OFFSET, section.title.as_bytes()),
        };
        prefix.push(state);
    }
    let hash = |task: &Task| {
        let start = task
            .section
            .and_then(|s| prefix.get(s).copied())
            .unwrap_or(FNV_OFFSET);
        (fnv1a_from(fnv1a_from(start, b"\x1e"), task.text.as_bytes()) & 0xff_ffff) as u32
    };
    let batches: Vec<&[Task]> = tasks.chunks(ID_BATCH).collect();
    let hashes = crate::parallel::map(&batches, 2, |batch| {
        batch.iter().map(hash).collect::<Vec<u32>>()
    })
    .concat();
    // The hashes are already spread: key the count map by them as they are.
    let mut seen: HashMap<u32, u32, BuildHasherDefault<SpreadHasher>> = HashMap::default();
    let counted: Vec<(u32, u32)> = hashes
        .into_iter()
        .map(|hash| {
            let count = seen.entry(hash).or_insert(0);
            *count += 1;
            (hash, *count)
        })
        .collect();
    let batches: Vec<&[(u32, u32)]> = counted.chunks(ID_BATCH).collect();
    let ids = crate::parallel::map(&batches, 2, |batch| {
        batch
            .iter()
            .map(|&(hash, count)| TaskId::new(stem, hash, count))
            .collect::<Vec<TaskId>>()
    });
    for (task, id) in tasks.iter_mut().zip(ids.into_iter().flatten()) {
        task.id = id;
    }
}

/// A hasher for keys that are already hashes.
#[derive(Default)]
struct SpreadHasher(u64);

impl Hasher for SpreadHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        // Spread the 24 bits over the word: hashbrown uses the top bits as a tag.
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// 64-bit FNV-1a, continued from `hash` (start from [`FNV_OFFSET`]): stable across
/// platforms and releases, unlike `std`'s hasher, which is what IDs need.
fn fnv1a_from(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

struct Found {
    sections: Vec<Section>,
    tasks: Vec<Task>,
}

/// An open list item while walking the events.
#[derive(Default)]
struct Item {
    /// Whether the item's first event has been seen.
    seen_first: bool,
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

/// The least length of a piece of a long plan parsed on its own thread.
const CHUNK_MIN: usize = 1 << 20;

/// Which parser reads a piece of a plan.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// pulldown-cmark, or comrak where pulldown-cmark may misread the piece.
    Auto,
    /// comrak, always (for tests).
    Comrak,
    /// pulldown-cmark, always (for tests).
    Pulldown,
}

/// Finds the sections and tasks of a plan; without `with_text`, task text is not
/// gathered. A body of at least twice `chunk_min` bytes is cut into chunks of at least
/// `chunk_min` bytes that are parsed and walked on every core, then joined.
///
/// The text parsed is a [`markdown::ParseCopy`]: the plan with a few bytes replaced,
/// one for one, where a parser would misread them, so every offset stays valid.
/// Each piece (the body, or a chunk) is read by pulldown-cmark unless a scan finds
/// a construct pulldown-cmark may read otherwise than GitHub
/// ([`markdown::pulldown_may_misread`]); then comrak, a port of GitHub's parser,
/// reads it, and its tree is turned into the same events (`plan_comrak`).
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
fn find(original: &str, with_text: bool, chunk_min: usize, reader: Reader) -> Found {
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
            let reading = crate::plan_comrak::read(piece);
            open_at_end = reading.open_at_end;
            let events = reading.events.into_iter();
            found = walk(original, text, start, events, with_text, lines);
        } else {
            let events = Parser::new_ext(piece, markdown::options())
                .into_offset_iter()
                .inspect(|(event, range)| {
                    open_at_end |=
                        matches!(event, Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock))
                            && range.end == piece.len();
                });
            found = walk(original, text, start, events, with_text, lines);
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
    let mut tasks = Vec::with_capacity(parts.iter().map(|(f, _, _)| f.tasks.len()).sum());
    let mut lines_before = 0;
    for (found, _, newlines) in parts {
        let base = sections.len();
        sections.extend(found.sections.into_iter().map(|mut section| {
            section.line += lines_before;
            section
        }));
        tasks.extend(found.tasks.into_iter().map(|mut task| {
            task.section = task.section.map(|s| s + base);
            task.line += lines_before;
            task
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
    Found { sections, tasks }
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

/// The headings open at a point of a plan, outermost first, as (level, section).
#[derive(Default)]
struct OpenHeadings(Vec<(u8, usize)>);

impl OpenHeadings {
    /// The innermost open heading: the section of a task or label here.
    fn innermost(&self) -> Option<usize> {
        self.0.last().map(|&(_, s)| s)
    }

    /// Enters the heading `section` of `level`, closing those of its level or deeper;
    /// returns its parent.
    fn enter(&mut self, level: u8, section: usize) -> Option<usize> {
        while self.0.last().is_some_and(|&(l, _)| l >= level) {
            self.0.pop();
        }
        let parent = self.innermost();
        self.0.push((level, section));
        parent
    }
}

/// Where chunks of the body (from `skip`) may start, the first at `skip`: at most
/// `most` chunks of at least `min` bytes, each later one at an ATX heading in column 0
/// after a blank line (see [`find`]). One start when the text cannot be cut.
fn chunk_starts(text: &str, skip: usize, min: usize, most: impl Fn() -> usize) -> Vec<usize> {
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

/// Walks the events of `text` read from `skip` on: the body after front matter, or a
/// chunk of it. `original` is the text as read, which offsets and done dates refer to.
fn walk<'a>(
    original: &str,
    text: &'a str,
    skip: usize,
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    with_text: bool,
    lines: LineCursor,
) -> Found {
    let body = text.get(skip..).unwrap_or("");
    let bytes = body.as_bytes();
    let mut lines = lines;

    let mut sections: Vec<Section> = Vec::new();
    let mut tasks: Vec<Task> = Vec::new();
    let mut headings = OpenHeadings::default();
    let mut items: Vec<Item> = Vec::new();
    let mut quotes = 0usize; // open block quotes and footnote definitions
    let mut lists = 0usize;
    let mut task_text: Option<Collect> = None;
    // One buffer gathers every task's text in turn; each task keeps an exact copy.
    let mut scratch = String::new();
    // Level, line, text, and whether the line is that of the heading's text yet:
    // comrak starts a heading at the link reference definitions above it.
    let mut heading: Option<(u8, usize, String, bool)> = None;
    let mut candidate: Option<LabelCandidate> = None;
    // A finished label: (line, title, where its paragraph ended).
    let mut pending_label: Option<(usize, String, usize)> = None;
    let mut label: Option<usize> = None;

    for (event, range) in events {
        let top_level = items.is_empty() && quotes == 0;

        // A finished label applies only to a list that follows its paragraph directly,
        // with no blank line between.
        if let Some((line, title, end)) = pending_label.take()
            && matches!(event, Event::Start(Tag::List(_)))
            && top_level
            && !has_blank_line(body.get(..range.start).unwrap_or(""), end)
        {
            sections.push(Section {
                title,
                level: Section::LABEL_LEVEL,
                line,
                parent: headings.innermost(),
            });
            label = Some(sections.len() - 1);
        }
        let current_section = label.or(headings.innermost());

        // Obsidian boxes `[/]` and `[-]` are plain text to the parser: read them from
        // the source at the item's first inline event.
        if let Some(item) = items.last_mut() {
            let first = !std::mem::replace(&mut item.seen_first, true);
            if first
                && starts_inline(&event)
                && let Some(status) = obsidian_box(bytes, range.start)
            {
                let offset = skip + range.start + 1;
                tasks.push(new_task(
                    original,
                    &mut lines,
                    offset,
                    status,
                    items.len() - 1,
                    current_section,
                ));
                if with_text {
                    task_text = Some(Collect {
                        task: Some(tasks.len() - 1),
                        items: items.len(),
                        from: range.start + 3,
                        text: std::mem::take(&mut scratch),
                    });
                }
                continue;
            }
        }

        match &event {
            Event::Start(Tag::Item) => items.push(Item::default()),
            Event::End(TagEnd::Item) => {
                if task_text.as_ref().is_some_and(|c| c.items == items.len()) {
                    finish_task(&mut tasks, original, task_text.take(), &mut scratch);
                }
                items.pop();
            }
            Event::TaskListMarker(_) if gfm_box(bytes, range.end) => {
                let offset = skip + range.end - 2;
                let status = Status::from_byte(bytes[range.end - 2]).unwrap_or(Status::Todo);
                tasks.push(new_task(
                    original,
                    &mut lines,
                    offset,
                    status,
                    items.len().saturating_sub(1),
                    current_section,
                ));
                if with_text {
                    task_text = Some(Collect {
                        task: Some(tasks.len() - 1),
                        items: items.len(),
                        from: range.end,
                        text: std::mem::take(&mut scratch),
                    });
                }
            }
            Event::Start(Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => quotes += 1,
            Event::End(TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                quotes = quotes.saturating_sub(1)
            }
            Event::Start(Tag::List(_)) => lists += 1,
            Event::End(TagEnd::List(_)) => {
                lists = lists.saturating_sub(1);
                if lists == 0 && quotes == 0 {
                    label = None;
                }
            }
            Event::Start(Tag::Heading { level, .. }) if top_level => {
                let line = lines.line(skip + range.start);
                heading = Some((*level as u8, line, String::new(), false));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, line, title, _)) = heading.take() {
                    let parent = headings.enter(level, sections.len());
                    sections.push(Section {
                        title: finish_text(title),
                        level,
                        line,
                        parent,
                    });
                    label = None;
                }
            }
            Event::Start(Tag::Paragraph) if top_level => {
                candidate = Some(LabelCandidate {
                    line: lines.line(skip + range.start),
                    title: String::new(),
                    state: LabelState::Opening,
                });
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(c) = candidate.take()
                    && c.state == LabelState::AfterBold
                {
                    let title = finish_text(c.title);
                    let title = title.trim_end_matches([':', ' ']);
                    if !title.is_empty() {
                        pending_label = Some((c.line, title.to_string(), range.end));
                    }
                }
                if let Some(c) = &task_text
                    && c.items == items.len()
                {
                    finish_task(&mut tasks, original, task_text.take(), &mut scratch);
                }
            }
            _ => {}
        }

        if let Some(c) = &mut candidate {
            // The label's line is its bold text's: comrak starts a paragraph at the
            // link reference definitions above it.
            if c.state == LabelState::Opening && matches!(event, Event::Start(Tag::Strong)) {
                c.line = lines.line(skip + range.start);
            }
            c.step(&event, body, &range);
            if c.state == LabelState::NotLabel {
                candidate = None;
            }
        }
        if let Some((_, line, title, settled)) = &mut heading {
            if !*settled && !matches!(event, Event::Start(Tag::Heading { .. })) {
                *settled = true;
                if !matches!(event, Event::End(_)) {
                    *line = lines.line(skip + range.start);
                }
            }
            push_text(title, &event, body, &range, 0);
        }
        if let Some(c) = &mut task_text {
            // A box with nothing after it on its line: pulldown-cmark ends a GFM task's
            // paragraph there, so an Obsidian box's text ends there too, and the text
            // (hence the ID) does not depend on the status.
            let empty_first_line =
                matches!(event, Event::SoftBreak | Event::HardBreak) && c.text.trim().is_empty();
            if ends_task_text(&event) || items.len() < c.items || empty_first_line {
                finish_task(&mut tasks, original, task_text.take(), &mut scratch);
            } else if items.len() == c.items {
                let from = c.from;
                push_text(&mut c.text, &event, body, &range, from);
            }
        }
    }
    finish_task(&mut tasks, original, task_text.take(), &mut scratch);
    Found { sections, tasks }
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
    let (done_on, done_span, stamp_at) = done_date(text, offset);
    Task {
        id: TaskId(String::new()),
        line: lines.line(offset),
        offset,
        status,
        text: String::new(),
        section,
        depth,
        done_on,
        done_span,
        stamp_at,
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
        if let Some(span) = &task.done_span {
            let dates = original
                .get(span.clone())
                .map_or(0, |d| d.matches('✅').count());
            for _ in 0..dates {
                plain = strip_done_date(&plain);
            }
        }
        task.text = plain;
    }
    text.clear();
    *scratch = text;
}

/// Appends the plain text of an inline event; for tasks, only what lies at or after
/// `from` (the text after an Obsidian box, which the parser splits into its own events).
fn push_text(out: &mut String, event: &Event, body: &str, range: &Range<usize>, from: usize) {
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
fn push_folded(out: &mut String, text: &str) {
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
fn finish_text(mut text: String) -> String {
    if text.ends_with(' ') {
        text.pop();
    }
    text
}

/// Whether an event ends the first paragraph of an item, for a task's text.
fn ends_task_text(event: &Event) -> bool {
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

fn starts_inline(event: &Event) -> bool {
    matches!(
        event,
        Event::Start(Tag::Paragraph) | Event::Text(_) | Event::Start(Tag::Link { .. })
    )
}

/// A GFM box as cmark-gfm accepts it: the marker's range ends just after `]`; the byte
/// inside is ` `, `x` or `X` (pulldown-cmark also takes tab, VT, FF) and a space or a
/// tab follows (pulldown-cmark also takes a line ending).
fn gfm_box(bytes: &[u8], end: usize) -> bool {
    end >= 3
        && matches!(bytes.get(end - 2), Some(b' ' | b'x' | b'X'))
        && matches!(bytes.get(end), Some(b' ' | b'\t'))
}

/// An Obsidian box `[/]` or `[-]` at `at`, followed by a space or a tab, on the
/// bullet's own line.
fn obsidian_box(bytes: &[u8], at: usize) -> Option<Status> {
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

/// Finds a done date ` ✅ YYYY-MM-DD` at the end of the line holding the status byte
/// at `offset`. Returns the date, the bytes to remove on undo, and where a stamp goes.
fn done_date(text: &str, offset: usize) -> (Option<NaiveDate>, Option<Range<usize>>, usize) {
    let bytes = text.as_bytes();
    let line_end = markdown::line_end(text, offset);
    let box_end = offset + 2; // just after `]`
    let mut end = line_end;
    while end > box_end && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    if end > box_end && bytes[end - 1] == b'\\' {
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

/// A done date ending `content`: where its `✅` starts, and the date.
fn trailing_date(content: &str) -> Option<(usize, NaiveDate)> {
    let date_from = content.len().checked_sub(10)?;
    // Cheap shape test first: most lines end in no date at all.
    let tail = content.as_bytes().get(date_from..)?;
    let shaped = tail.iter().enumerate().all(|(i, &b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    if !shaped {
        return None;
    }
    let date = NaiveDate::parse_from_str(content.get(date_from..)?, "%Y-%m-%d").ok()?;
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
fn strip_done_date(text: &str) -> String {
    let found = text.rfind('✅').and_then(|at| {
        let after = text.get(at + '✅'.len_utf8()..)?;
        let after = after.trim_start_matches('\u{fe0f}').trim_start();
        // `get`, not indexing: the tenth byte may fall inside a character.
        let date = after.get(..10)?;
        NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
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

/// Whether a blank line separates the block that ended at `end` from the block that
/// starts where `before` ends.
fn has_blank_line(before: &str, end: usize) -> bool {
    let content_end = before.trim_end().len().min(end);
    let gap = before.get(content_end..).unwrap_or("");
    markdown::lines_with_endings(gap).count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Plan {
        Plan::parse(PathBuf::from("plans/t.md"), text.to_string())
    }

    fn summary(text: &str) -> Vec<(usize, Status, String, usize)> {
        parse(text)
            .tasks
            .iter()
            .map(|t| (t.line, t.status, t.text.clone(), t.depth))
            .collect()
    }

    #[test]
    fn every_status_box_and_nothing_else() {
        let got =
            summary("- [ ] a\n- [x] b\n- [X] c\n- [/] d\n- [-] e\n- [>] f\n- [?] g\n- [] h\n");
        let statuses: Vec<_> = got.iter().map(|t| t.1).collect();
        use Status::*;
        assert_eq!(statuses, [Todo, Done, Done, Doing, Skipped]);
        assert_eq!(got[3].2, "d");
        assert_eq!(got[4].2, "e");
    }

    #[test]
    fn boxes_in_code_html_tables_and_front_matter_are_not_tasks() {
        let text = "---\n- [ ] meta\n---\n```\n- [ ] fenced\n```\n\n    - [ ] indented\n\n<div>\n- [ ] html\n</div>\n\n| a |\n|---|\n| - [ ] cell |\n\n- [ ] real\n";
        let got = summary(text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, 18);
    }

    #[test]
    fn quotes_nesting_and_ordered_items() {
        let got = summary("> - [ ] q\n- - [x] inner\n1. [ ] one\n2) [/] two\n- a\n\t- [ ] tab\n");
        assert_eq!(
            got.iter().map(|t| (t.0, t.3)).collect::<Vec<_>>(),
            [(1, 0), (2, 1), (3, 0), (4, 0), (6, 1)]
        );
    }

    #[test]
    fn lone_cr_blank_lines_end_html_blocks() {
        // GitHub: a task (the blank line ends the `<details>` HTML block).
        let got = summary("<details>\r<summary>More</summary>\r\r- [ ] learn\r\r</details>");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, 4);
    }

    #[test]
    fn whitespace_is_folded_including_unicode_spaces() {
        let normalize = |text: &str| {
            let mut out = String::new();
            push_folded(&mut out, text);
            finish_text(out)
        };
        let mut split = String::from("a ");
        push_folded(&mut split, " \n b");
        assert_eq!(finish_text(split), "a b", "runs across events fold too");
        assert_eq!(normalize("  a\t b\n\u{a0}c\u{3000} "), "a b c");
        assert_eq!(normalize("Неделя 1: Синтаксис"), "Неделя 1: Синтаксис");
        assert_eq!(normalize("a → b — c"), "a → b — c");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn the_fallback_reading_finds_the_same_tasks_and_sections() {
        let text = "# Plan\n[ref]: /u\nStage\n===\n[ref2]: /v\n**Week 1** (📖 x)\n- [ ] a ✅ 2026-01-02\n  - [x] b *em* `c`[^n]\n\n  [^n]: - [ ] in a note\n\n- [/] loose\n\n  more\n- [-] c\n1) [X] d\n> - [ ] e\n\n[x]: /link\n- [x] f\n- [ ]\n- [>] g\n";
        let usual = Plan::parse_without_fallback("plans/t.md".into(), text.into());
        let forced = Plan::parse_forcing_fallback("plans/t.md".into(), text.into());
        assert_eq!(forced.sections, usual.sections);
        assert_eq!(forced.tasks, usual.tasks);
        assert_eq!(usual.tasks.len(), 8, "{:?}", usual.tasks);
        assert_eq!(
            usual.sections[1].line, 3,
            "the heading's line, not the definition's"
        );
        assert_eq!(
            usual.sections[2].line, 6,
            "the label's line, not the definition's"
        );
    }

    #[test]
    fn a_form_feed_line_is_read_as_github_reads_it_and_renamed_tags_come_back() {
        assert!(summary("<div>\n\u{c}\n- [ ] a\n").is_empty());
        let got = summary("\u{c}\n\n- [ ] use `<textarea>` or <search>\n");
        assert_eq!(got[0].2, "use <textarea> or");
        let got = summary("- [ ] use `<TEXTAREA>`\n");
        assert_eq!(got[0].2, "use <TEXTAREA>");
    }

    #[test]
    fn bom_and_crlf() {
        let got = summary("\u{feff}- [ ] first\r\n- [x] second\r\n");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].1, Status::Done);
    }

    #[test]
    fn empty_box_tab_inside_box_and_box_later_on_the_line() {
        assert!(summary("- [ ]\n- [\t] x\n").is_empty());
        let got = summary("- [ ] see [x] here\n");
        assert_eq!(got[0].1, Status::Todo);
        assert_eq!(got[0].2, "see [x] here");
    }

    #[test]
    fn text_is_plain_and_stops_before_nested_lists() {
        let got = summary(
            "- [ ] **Bold** [link](http://x) `code` <b>x</b>\n  more\n  - [ ] child ✅ 2026-01-02\n",
        );
        assert_eq!(got[0].2, "Bold link code x more");
        assert_eq!(got[1].2, "child");
    }

    #[test]
    fn done_dates_are_read_and_located() {
        let text = "- [x] read it ✅ 2026-11-22  \n- [x] twice ✅\u{fe0f} 2026-01-05\\\n  on\n";
        let plan = parse(text);
        let t = &plan.tasks[0];
        assert_eq!(t.done_on, NaiveDate::from_ymd_opt(2026, 11, 22));
        assert_eq!(&text[t.done_span.clone().unwrap()], " ✅ 2026-11-22");
        assert_eq!(t.text, "read it");
        assert_eq!(&text[t.stamp_at..t.stamp_at + 2], "  ");
        let t = &plan.tasks[1];
        assert_eq!(t.done_on, NaiveDate::from_ymd_opt(2026, 1, 5));
        assert_eq!(t.text, "twice on");
        assert_eq!(&text[t.stamp_at..t.stamp_at + 1], "\\");
    }

    #[test]
    fn a_date_cut_inside_a_character_is_no_date() {
        // Found by the fuzzer: the tenth byte after `✅ ` fell inside a BOM character.
        assert_eq!(
            strip_done_date("a ✅ 2026-11-\u{feff}24x]"),
            "a ✅ 2026-11-\u{feff}24x]"
        );
        assert_eq!(strip_done_date("a ✅ 2026-11-24 b"), "a b");
    }

    #[test]
    fn every_trailing_done_date_belongs_to_the_span() {
        let text = "- [x] done twice ✅ 2026-11-20 ✅ 2026-11-22\n";
        let t = &parse(text).tasks[0];
        assert_eq!(t.text, "done twice");
        assert_eq!(t.done_on, NaiveDate::from_ymd_opt(2026, 11, 22));
        assert_eq!(
            &text[t.done_span.clone().unwrap()],
            " ✅ 2026-11-20 ✅ 2026-11-22"
        );
    }

    #[test]
    fn sections_come_from_top_level_headings_and_bold_labels() {
        let text = "# Plan\n## Stage 1\n**Weeks 1-2: Basics** (📖 **Book**)\n- [ ] a\n- # [ ] b\n\n## Stage 2\n**Note:** text\n\n- [ ] c\n";
        let plan = parse(text);
        let paths: Vec<_> = plan.tasks.iter().map(|t| plan.section_path(t)).collect();
        assert_eq!(paths[0], ["Plan", "Stage 1", "Weeks 1-2: Basics"]);
        assert_eq!(plan.tasks.len(), 2, "a heading inside an item is no task");
        assert_eq!(paths[1], ["Plan", "Stage 2"]);
    }

    #[test]
    fn a_heading_inside_an_open_fence_or_comment_is_never_a_cut() {
        for text in [
            "# A\n- [ ] a\n\n```\n\n# B\n- [ ] in code\n",
            "# A\n\n<!--\n\n## B\n- [ ] in a comment\n-->\n\n# C\n- [x] c\n",
            "# A\n\n- [ ] a\n  ~~~\n\n# B\n- [ ] b\n",
            "# A\n\n**Label**\n- [ ] a\n\n## B\n\n- [ ] b\n\n# C\n\n### D\n- [ ] d\n",
        ] {
            let whole = parse(text);
            let cut = Plan::parse_in_chunks("t.md".into(), text.into(), 1);
            assert_eq!(cut.sections, whole.sections, "{text:?}");
            assert_eq!(cut.tasks, whole.tasks, "{text:?}");
        }
        let cut = Plan::parse_in_chunks("t.md".into(), "# A\n\n```\n\n# B\n- [ ] b\n".into(), 1);
        assert!(cut.tasks.is_empty());
        assert_eq!(cut.sections.len(), 1);
    }

    #[test]
    fn duplicate_counts_follow_document_order_across_id_batches() {
        let count = 2 * ID_BATCH + 5;
        let text = format!("# A\n{}- [ ] other\n", "- [ ] same\n".repeat(count));
        let plan = parse(&text);
        let first = plan.tasks[0].id.as_str().to_string();
        for (i, task) in plan.tasks.iter().take(count).enumerate().skip(1) {
            assert_eq!(task.id.as_str(), format!("{first}-{}", i + 1));
        }
        let last = plan.tasks[count].id.as_str();
        assert!(!last.contains('-') && last != first, "{last}");
    }

    #[test]
    fn the_counting_parse_finds_the_same_tasks_and_sections() {
        let text = include_str!("../plans/backend-roadmap.md");
        let full = parse(text);
        let light = Plan::parse_for_counts("p.md".into(), text);
        assert_eq!(light.sections, full.sections);
        let key = |t: &Task| (t.line, t.offset, t.status, t.section, t.depth, t.done_on);
        assert_eq!(
            light.tasks.iter().map(key).collect::<Vec<_>>(),
            full.tasks.iter().map(key).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_plan_answers_to_every_folder_bounded_tail_of_its_full_name() {
        let name = PlanName {
            short: "work/plan".into(),
            full: "home/me/work/plan".into(),
        };
        for yes in ["plan", "work/plan", "me/work/plan", "home/me/work/plan"] {
            assert!(name.answers_to(yes), "{yes}");
        }
        for no in [
            "",
            "lan",
            "ork/plan",
            "home/plan",
            "other/work/plan",
            "plan/",
        ] {
            assert!(!name.answers_to(no), "{no}");
        }
        assert_eq!(
            PlanName::of_path(Path::new("plans/go-backend.md")),
            PlanName {
                short: "go-backend".into(),
                full: "plans/go-backend".into()
            }
        );
    }

    #[test]
    fn ids_are_stable_when_ticked_and_unique_for_duplicates() {
        let a = parse("# S\n- [ ] same\n- [ ] same\n- [ ] other\n");
        let b = parse("# S\n- [x] same\n- [ ] same\n- [/] other ✅ 2026-01-01\n");
        let ids = |p: &Plan| p.tasks.iter().map(|t| t.id.to_string()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        assert!(ids(&a)[0].starts_with("t#"));
        assert_eq!(ids(&a)[1], format!("{}-2", ids(&a)[0]));
    }

    #[test]
    fn every_status_byte_rewrite_keeps_the_same_tasks() {
        let text = "# H\n- [ ] a\n  - [x] b\n> 1. [/] c\n- [-] d\n";
        let plan = parse(text);
        for task in &plan.tasks {
            for byte in [b' ', b'x', b'X', b'/', b'-'] {
                let mut bytes = text.as_bytes().to_vec();
                bytes[task.offset] = byte;
                let again = parse(std::str::from_utf8(&bytes).unwrap());
                assert_eq!(again.tasks.len(), plan.tasks.len());
                for (x, y) in again.tasks.iter().zip(&plan.tasks) {
                    assert_eq!(
                        (x.offset, &x.text, x.depth, &x.id),
                        (y.offset, &y.text, y.depth, &y.id)
                    );
                }
            }
        }
    }
}
