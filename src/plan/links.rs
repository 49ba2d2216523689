//! What a plan's text says about other plans, as written: the `aliases` of its YAML
//! front matter and its links (`📖 **План Linux** → **Этап 1**`). Which plan and
//! sections a link names is `crate::links`'s business; this only reads the text.
//!
//! The plan's own parse finds each 📖 outside code (fenced, indented or a code span)
//! and HTML ([`super::Plan::link_marks`]); this reads the link from there. Lines are
//! 1-based, as everywhere.

use crate::markdown;

/// How many links make reading them on every core worth starting threads.
const LINKS_IN_PARALLEL: usize = 4096;

/// The mark that starts a link.
pub const LINK_MARK: &str = "📖";

/// What a plan says about other plans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refs {
    /// Other names for the plan: front matter `aliases: [a, b]` or a block list.
    pub aliases: Vec<String>,
    /// Its links, in document order.
    pub links: Vec<RawLink>,
}

/// One link as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLink {
    /// 1-based line of the 📖.
    pub line: usize,
    /// Whether the 📖 is inside a list item (a task's text, say).
    pub in_list: bool,
    /// The plan's name as written, bold markers removed (`План Linux`).
    pub name: String,
    /// The part after `→`, bold markers removed (`Этапы 1-3: Основы`), if any.
    pub target: Option<String>,
}

impl RawLink {
    /// `План Linux → Этап 1`: the link as written, bold markers removed.
    pub fn written(&self) -> String {
        written(&self.name, self.target.as_deref())
    }
}

/// A link's name and target as written: `План Linux → Этап 1`, `→ Этап 1` (no
/// name), `План Linux` (no target).
pub(crate) fn written(name: &str, target: Option<&str>) -> String {
    match target {
        Some(t) if name.is_empty() => format!("→ {t}"),
        Some(t) => format!("{name} → {t}"),
        None => name.to_string(),
    }
}

impl Refs {
    /// Reads the aliases and links of a plan's text.
    ///
    /// ```
    /// let refs = roadmap::plan::Refs::find("---\naliases: [linux]\n---\n# A\n📖 **План Linux** → **Этап 1**\n");
    /// assert_eq!(refs.aliases, ["linux"]);
    /// assert_eq!(refs.links[0].line, 5);
    /// assert_eq!(refs.links[0].name, "План Linux");
    /// assert_eq!(refs.links[0].target.as_deref(), Some("Этап 1"));
    /// ```
    pub fn find(text: &str) -> Refs {
        let plan = super::Plan::parse_for_counts(std::path::PathBuf::new(), text);
        Refs::of(text, &plan.link_marks)
    }

    /// Reads the aliases of a plan's text and its links at `marks`, the 📖s its
    /// parse found outside code ([`super::Plan::link_marks`]).
    pub fn of(text: &str, marks: &[super::LinkMark]) -> Refs {
        // A long plan's thousands of links are read on every core.
        let read = crate::parallel::map(marks, LINKS_IN_PARALLEL, |m| {
            read_link(text, m.line, m.offset, m.in_list)
        });
        Refs {
            aliases: aliases(text),
            links: read.into_iter().flatten().collect(),
        }
    }
}

/// Whether a text may hold a link at all.
pub fn may_link(text: &str) -> bool {
    mark_finder().find(text.as_bytes()).is_some()
}

/// The searcher for [`LINK_MARK`], made once: making one costs more than a search
/// of a line.
fn mark_finder() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(LINK_MARK.as_bytes()));
    &FINDER
}

/// The `aliases` (or `alias`) of YAML front matter, as Obsidian writes them:
/// `aliases: [a, "b c"]`, `aliases: a`, or a block list of `- a` lines below.
fn aliases(text: &str) -> Vec<String> {
    let body = markdown::body_start(text);
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if body == bom {
        return Vec::new();
    }
    let front = text.get(bom..body).unwrap_or("");
    let mut out = Vec::new();
    let mut in_list = false;
    for line in front.lines().skip(1) {
        let line = line.trim_end_matches('\r');
        if in_list {
            match line.trim_start().strip_prefix('-') {
                Some(item) if line.starts_with([' ', '\t', '-']) => {
                    push_alias(&mut out, item);
                    continue;
                }
                _ => in_list = false,
            }
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if !matches!(key.trim_end(), "aliases" | "alias") || line.starts_with([' ', '\t']) {
            continue;
        }
        let value = value.trim();
        if let Some(inner) = value.strip_prefix('[') {
            let inner = inner.strip_suffix(']').unwrap_or(inner);
            inner.split(',').for_each(|item| push_alias(&mut out, item));
        } else if value.is_empty() {
            in_list = true;
        } else {
            push_alias(&mut out, value);
        }
    }
    out
}

fn push_alias(out: &mut Vec<String>, item: &str) {
    let item = item.trim();
    let unquoted = item
        .strip_prefix('"')
        .and_then(|i| i.strip_suffix('"'))
        .or_else(|| item.strip_prefix('\'').and_then(|i| i.strip_suffix('\'')))
        .unwrap_or(item)
        .trim();
    if !unquoted.is_empty() {
        out.push(unquoted.to_string());
    }
}

/// The link whose 📖 is at `offset`: up to the line's end, the next 📖, or a `)` that
/// closes a parenthesis opened before the 📖 (`(📖 **Linux план → Этап 1**)`).
fn read_link(text: &str, line: usize, offset: usize, in_list: bool) -> Option<RawLink> {
    let after = offset + LINK_MARK.len();
    let end = markdown::line_end(text, after);
    let rest = text.get(after..end)?;
    let rest = &rest[..mark_finder().find(rest.as_bytes()).unwrap_or(rest.len())];
    // Parentheses are ASCII: a byte loop finds the `)` that closes one opened
    // before the 📖.
    let mut depth = 0i32;
    let mut stop = rest.len();
    for (i, &b) in rest.as_bytes().iter().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' if depth == 0 => {
                stop = i;
                break;
            }
            b')' => depth -= 1,
            _ => {}
        }
    }
    let written = rest.get(..stop).unwrap_or("");
    let (name, target) = match written.split_once('→') {
        Some((name, target)) => (clean(name), Some(clean(target))),
        None => (clean(written), None),
    };
    let target = target.filter(|t| !t.is_empty());
    if name.is_empty() && target.is_none() {
        return None; // a 📖 alone is a decoration, not a link
    }
    Some(RawLink {
        line,
        in_list,
        name,
        target,
    })
}

/// Text without bold and italic markers, trimmed of blanks and trailing punctuation.
fn clean(text: &str) -> String {
    // Copied once, without its `*`s, into a string of its size: a vault has tens
    // of thousands of names and targets, most of them in bold.
    let mut bare = String::with_capacity(text.len());
    let mut from = 0;
    for star in memchr::memchr_iter(b'*', text.as_bytes()) {
        bare.push_str(text.get(from..star).unwrap_or_default());
        from = star + 1;
    }
    bare.push_str(text.get(from..).unwrap_or_default());
    if bare.contains("__") {
        bare = bare.replace("__", "");
    }
    // Trimmed in place: blanks at the start, then at the end blanks and
    // punctuation (the start of what is left is no blank, or nothing is left).
    let start = bare.len() - bare.trim_start().len();
    let kept = bare
        .get(start..)
        .unwrap_or_default()
        .trim_end()
        .trim_end_matches(['.', ',', ';', ':', '\\'])
        .trim_end()
        .len();
    bare.truncate(start + kept);
    bare.drain(..start);
    bare
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Vec<(usize, String, Option<String>)> {
        Refs::find(text)
            .links
            .into_iter()
            .map(|l| (l.line, l.name, l.target))
            .collect()
    }

    #[test]
    fn every_form_of_the_backend_roadmap_is_read() {
        let text = "# A\n📖 **План Linux** → **Этапы 1-3: Основы**\n\n\
                    **Недели 3-4: Командная строка** (📖 **Linux план → Этап 1**)\n- [ ] x\n\
                    📖 **План Python → Фаза 2: Backend-технологии**  \n\
                    📖 **План Git** → **Полный курс**\n";
        assert_eq!(
            one(text),
            [
                (2, "План Linux".into(), Some("Этапы 1-3: Основы".into())),
                (4, "Linux план".into(), Some("Этап 1".into())),
                (
                    6,
                    "План Python".into(),
                    Some("Фаза 2: Backend-технологии".into())
                ),
                (7, "План Git".into(), Some("Полный курс".into())),
            ]
        );
    }

    #[test]
    fn code_and_html_hold_no_links() {
        let text = "```\n📖 План Linux\n```\n\n    📖 План Linux\n\n`📖 План Linux`\n\n<div>\n📖 План Linux\n</div>\n";
        assert_eq!(one(text), []);
    }

    #[test]
    fn odd_links_behave() {
        assert_eq!(one("📖\n"), []);
        assert_eq!(one("📖 **  **\n"), []);
        assert_eq!(
            one("📖 → Этап 1\n"),
            [(1, "".into(), Some("Этап 1".into()))]
        );
        assert_eq!(one("📖 Linux →\n"), [(1, "Linux".into(), None)]);
        assert_eq!(
            one("a 📖 Linux 📖 Git\r\nb\r\n"),
            [(1, "Linux".into(), None), (1, "Git".into(), None)]
        );
        let links = Refs::find("- [ ] read 📖 Linux → Этап 2\n").links;
        assert!(links[0].in_list);
    }

    #[test]
    fn aliases_in_both_yaml_forms() {
        let inline = "---\ntitle: x\naliases: [linux, \"Линукс база\", 'lx']\n---\n# A\n";
        assert_eq!(Refs::find(inline).aliases, ["linux", "Линукс база", "lx"]);
        let block =
            "\u{feff}---\r\naliases:\r\n  - linux\r\n  - \"Линукс\"\r\ntags: [a]\r\n---\r\n";
        assert_eq!(Refs::find(block).aliases, ["linux", "Линукс"]);
        assert_eq!(
            Refs::find("# A\naliases: [x]\n").aliases,
            Vec::<String>::new()
        );
        assert_eq!(Refs::find("---\nalias: one\n---\n").aliases, ["one"]);
    }

    proptest::proptest! {
        /// `clean` as first written: every `*` taken out, then every `__`, then
        /// trimmed.
        #[test]
        fn names_are_cleaned_as_by_the_plain_steps(text in "[ a_*.,;:\\\\Я→\t\u{3000}\u{A0}]{0,16}") {
            let stars: String = text.split('*').collect();
            let want = stars
                .replace("__", "")
                .trim()
                .trim_end_matches(['.', ',', ';', ':', '\\'])
                .trim()
                .to_string();
            proptest::prop_assert_eq!(clean(&text), want);
        }
    }
}
