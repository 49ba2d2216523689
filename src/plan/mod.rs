//! Plans: what a Markdown file holds, found as GitHub's parser would find it.
//!
//! How the rooms fit: [`Plan::parse`] and its kin (here) hand the text to
//! `chunks.rs`, which makes the parse copy, cuts a long plan into chunks and has
//! each piece read by pulldown-cmark, or by comrak where pulldown-cmark may misread
//! it (`via_comrak.rs` turns comrak's tree into the same events); `walk.rs` walks
//! the events of each piece into sections and tasks, gathering task text and done
//! dates with `text.rs`; `chunks.rs` joins the pieces; `ids.rs` gives the tasks
//! their IDs. `model.rs` holds the values. `links.rs` reads, apart from all this and
//! only when asked, what a plan says about other plans (aliases, `📖` links).
//! pulldown-cmark and comrak are named nowhere else but here and in `markdown.rs`.
//!
//! Invariants: every offset is a byte offset into the file exactly as read (BOM and
//! front matter included); [`Task::offset`] points at the status byte, always ASCII,
//! so a status change rewrites one byte and moves no other; lines are 1-based and
//! end at LF, CRLF or a lone CR; a section's parent comes before it; tasks and
//! sections are in document order; whatever way a plan is cut into chunks or read,
//! the result is the same.
//!
//! A task is what GitHub's parser (cmark-gfm) says is a task, with the GFM spec's
//! rule: a list item whose first block is a paragraph that starts, on the item's
//! first line, with a box followed by a space or a tab. The box byte is the status:
//! ` ` todo, `x`/`X` done, and, as the Obsidian Tasks plugin writes them, `/` doing
//! and `-` skipped. Nothing in code blocks, HTML blocks, tables, link reference
//! definitions or leading YAML front matter is a task. The section path is the
//! chain of top-level headings above a task, plus a bold label: a top-level
//! paragraph that starts with bold text and is directly followed by a list labels
//! that list (`**Недели 1-2: Сетевые основы** (📖 …)` + `- [ ] …`).

mod chunks;
mod fields;
mod ids;
mod links;
mod model;
mod text;
mod via_comrak;
mod walk;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

pub use fields::{Fields, LineTrouble, Priority, trouble as field_trouble};
pub(crate) use links::written as link_written;
pub use links::{LINK_MARK, RawLink, Refs, may_link};
pub use model::{DoneSource, LinkMark, Plan, PlanName, Section, Status, Task, TaskId, TaskRef};

use chunks::{CHUNK_MIN, Reader, find};
use ids::assign_ids;
pub use text::iso_date;
pub(crate) use text::paragraph_goes_on;

impl Plan {
    /// Parses a plan's text. Never fails: any UTF-8 text is Markdown.
    ///
    /// ```
    /// let plan = roadmap::plan::Plan::parse("p.md".into(), "# A\n- [ ] one\n- [x] two\n".into());
    /// assert_eq!(plan.tasks.len(), 2);
    /// assert_eq!(plan.section_path(&plan.tasks[0]), ["A"]);
    /// ```
    pub fn parse(path: PathBuf, text: String) -> Plan {
        Plan::parse_to_look(path, &text)
    }

    /// [`Plan::parse_to_look`] for a plan whose IDs carry `name` rather than its stem.
    pub fn parse_named(path: PathBuf, name: &PlanName, text: &str) -> Plan {
        Plan::parse_str(path, name.clone(), text, CHUNK_MIN, Reader::Auto)
    }

    /// Parses a plan's text as borrowed, named by its path's stem: the text can stay
    /// in a buffer that is read into again, checked for UTF-8 without copying.
    pub fn parse_to_look(path: PathBuf, text: &str) -> Plan {
        let name = PlanName::of_path(&path);
        Plan::parse_str(path, name, text, CHUNK_MIN, Reader::Auto)
    }

    /// Parses only what progress needs: statuses, sections, done dates, for `report`.
    /// Task text stays empty and IDs are not computed: such a plan is for counting,
    /// never for showing tasks.
    pub fn parse_for_counts(path: PathBuf, text: &str) -> Plan {
        let found = find(text, false, CHUNK_MIN, Reader::Auto);
        Plan {
            name: PlanName::of_path(&path),
            path,
            sections: found.sections,
            tasks: found.tasks,
            link_marks: found.marks,
            look_alikes: found.look_alikes,
        }
    }

    /// [`Plan::parse`], cutting the text wherever it may be cut into chunks of at
    /// least `chunk_min` bytes instead of only when it is long. The result must be
    /// `parse`'s; this exists for the tests that check that it is.
    #[doc(hidden)]
    pub fn parse_in_chunks(path: PathBuf, text: String, chunk_min: usize) -> Plan {
        let name = PlanName::of_path(&path);
        Plan::parse_str(path, name, &text, chunk_min, Reader::Auto)
    }

    /// [`Plan::parse`] with every piece read by comrak, the reading otherwise kept
    /// for text pulldown-cmark may misread. On text both parsers read alike the
    /// result must be [`Plan::parse_without_fallback`]'s; this exists for the tests
    /// that check that it is.
    #[doc(hidden)]
    pub fn parse_forcing_fallback(path: PathBuf, text: String) -> Plan {
        let name = PlanName::of_path(&path);
        Plan::parse_str(path, name, &text, CHUNK_MIN, Reader::Comrak)
    }

    /// [`Plan::parse`] with every piece read by pulldown-cmark, even where it may
    /// misread it; for the tests.
    #[doc(hidden)]
    pub fn parse_without_fallback(path: PathBuf, text: String) -> Plan {
        let name = PlanName::of_path(&path);
        Plan::parse_str(path, name, &text, CHUNK_MIN, Reader::Pulldown)
    }

    /// Sections, tasks and IDs.
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
            sections: found.sections,
            tasks,
            link_marks: found.marks,
            look_alikes: found.look_alikes,
        }
    }
}
