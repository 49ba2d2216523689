//! The task model: [`Plan`], [`Section`], [`Task`], [`Status`], [`DoneSource`],
//! [`TaskId`], [`TaskRef`], [`PlanName`]. Values only; how they are found is in the
//! rest of `plan/`.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

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

/// Where a task's done date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DoneSource {
    /// ` ✅ YYYY-MM-DD` (or `[completion:: …]`) written in the plan.
    Stamp,
    /// Inferred: the author day of the commit that ticked the task.
    Git,
    /// Inferred: ticked since the last commit, so dated today.
    Worktree,
}

impl DoneSource {
    /// The word used in JSON: `stamp`, `git`, `worktree`.
    pub fn word(self) -> &'static str {
        match self {
            DoneSource::Stamp => "stamp",
            DoneSource::Git => "git",
            DoneSource::Worktree => "worktree",
        }
    }
}

/// A task's ID: the plan's file stem and a hash of the task's section path and text,
/// such as `go-backend#3fa9c1`. Ticking a task or editing another plan never changes
/// it; identical tasks in one section get `-2`, `-3`… in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct TaskId(String);

impl TaskId {
    /// `STEM#HASH`, with `-COUNT` from the second task of the same hash on.
    pub(super) fn new(stem: &str, hash: u32, count: u32) -> TaskId {
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
    /// Where [`Task::done_on`] comes from: the ✅ written in the plan, or, in the
    /// commands that read history, the commit that ticked the task (see
    /// [`crate::history`]). `None` exactly when `done_on` is.
    pub done_source: Option<DoneSource>,
    /// Where a done date is inserted: the end of the first line's content, before
    /// trailing blanks and a hard-break backslash.
    pub stamp_at: usize,
    /// The Obsidian Tasks fields at the end of its first line, when it has any.
    pub fields: Option<Box<super::Fields>>,
    /// The task whose list item encloses this one's, nearest first, as an index into
    /// [`Plan::tasks`]: its parent in a nested checklist. List items between them
    /// that are not tasks do not count.
    pub parent: Option<usize>,
}

impl Task {
    /// The task's own due date (📅), which overrides the schedule's.
    pub fn own_due(&self) -> Option<NaiveDate> {
        self.fields.as_ref().and_then(|f| f.due)
    }

    /// The task's fields, or none.
    pub fn fields(&self) -> &super::Fields {
        static NONE: std::sync::LazyLock<super::Fields> =
            std::sync::LazyLock::new(super::Fields::default);
        self.fields.as_deref().unwrap_or(&NONE)
    }
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

/// What was found in one plan file. A plan holds no copy of the file's text: what
/// writes a plan (`check`) keeps the bytes it read, to edit and to compare on disk,
/// so no plan can be written from a text it does not have.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The path as given on the command line or found, for messages and JSON.
    pub path: PathBuf,
    /// The name its task IDs carry.
    pub name: PlanName,
    /// Headings and labels in document order.
    pub sections: Vec<Section>,
    /// Tasks in document order.
    pub tasks: Vec<Task>,
    /// Where a 📖 starts a link, outside code, in document order: read by
    /// [`super::Refs::of`], with no second parse of the text.
    pub link_marks: Vec<LinkMark>,
    /// List items that open with what looks like a box but is none (`[>]`, `[]`,
    /// `[ x]`): byte offsets of their `[`, for `lint`.
    pub look_alikes: Vec<usize>,
}

/// A 📖 in a plan's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkMark {
    /// Byte offset of the 📖 in the file as read.
    pub offset: usize,
    /// Its 1-based line.
    pub line: usize,
    /// Whether it is inside a list item (a task's text, say).
    pub in_list: bool,
}

pub(super) fn stem(path: &Path) -> String {
    path.file_stem()
        .map(crate::escape::name)
        .unwrap_or_default()
}

impl Plan {
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

    /// Which sections hold a task, at any depth, by section index.
    pub fn holding(&self) -> Vec<bool> {
        let mut holding = vec![false; self.sections.len()];
        for task in &self.tasks {
            let mut at = task.section;
            // Parents come before children: a section already marked has its
            // ancestors marked too.
            while let Some(i) = at {
                match holding.get_mut(i) {
                    Some(seen) if !*seen => *seen = true,
                    _ => break,
                }
                at = self.sections.get(i).and_then(|s| s.parent);
            }
        }
        holding
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
