//! Differential and edit properties on generated Markdown.
//!
//! A grammar of the constructs that decide what is a task (every list marker and
//! indentation, nesting, fences of both kinds and several lengths, closed and
//! unclosed, indented code, HTML blocks and comments, `<details>`, block quotes,
//! tables, link reference definitions, ATX and setext headings, front matter, LF,
//! CRLF and lone CR, a BOM, tabs, Cyrillic, CJK and emoji, every status) generates
//! documents. Its edges part adds what pulldown-cmark reads otherwise than GitHub
//! (issue 10): tabs after list markers, around `>`, after closing fences and in
//! text; form feed and vertical tab lines; HTML blocks of all seven kinds; tables
//! right under paragraphs; lazy continuation lines. For each document:
//!
//! - roadmap's (line, status) set equals comrak's, an independent GFM parser (a
//!   port of GitHub's cmark-gfm, which roadmap itself falls back to for text that
//!   pulldown-cmark may misread: on the other documents this checks that the scan
//!   deciding it misses nothing);
//! - roadmap's tasks (line, status, text) equal GitHub's, `oracle.py --spec` over
//!   cmark-gfm, where cmark-gfm is installed; these documents also hold the HTML
//!   of CommonMark 0.31 (`<textarea`, `<search`, `<!doctype`), which comrak reads
//!   as pulldown-cmark does, not as GitHub;
//! - the fallback reading (comrak's tree as pulldown-cmark's events), forced,
//!   finds what pulldown-cmark finds in documents both read alike;
//! - setting any task to any status changes exactly its status byte, and parsing
//!   again gives the same tasks with only that status changed;
//! - check then undo, and stamp then undo, restore the original bytes.
//!
//! `PROPTEST_CASES` sets the number of documents (default 256, a few seconds).
//! The generator leaves out the inputs where comrak is known to be wrong (see the
//! README's reliability section): a box followed by nothing, a box glued to the
//! text, a box on an item's second line, entity-encoded brackets, and link
//! reference definitions labelled `x` or `-`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use comrak::nodes::NodeValue;
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;
use roadmap::edit;
use roadmap::plan::{Plan, Status};

/// (line, status) of every task, by roadmap.
fn ours(text: &str) -> BTreeSet<(usize, Status)> {
    Plan::parse("gen.md".into(), text.to_string())
        .tasks
        .iter()
        .map(|t| (t.line, t.status))
        .collect()
}

/// (line, status) of every task, by comrak.
fn comraks(text: &str) -> BTreeSet<(usize, Status)> {
    // comrak ends a footnote definition at a blank line of lone CRs; they are line
    // endings like LF (roadmap reads them as LF too).
    let text = &text
        .replace("\r\n", "\u{0}")
        .replace('\r', "\n")
        .replace('\u{0}', "\r\n");
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.tasklist = true;
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.extension.footnotes = true;
    options.extension.front_matter_delimiter = Some("---".into());
    options.parse.relaxed_tasklist_matching = true;
    let root = comrak::parse_document(&arena, text, &options);
    let mut out = BTreeSet::new();
    for node in root.descendants() {
        let data = node.data.borrow();
        if let NodeValue::TaskItem(item) = &data.value {
            let status = match item.symbol {
                None => Status::Todo,
                Some('x' | 'X') => Status::Done,
                Some('/') => Status::Doing,
                Some('-') => Status::Skipped,
                Some(_) => continue,
            };
            out.insert((data.sourcepos.start.line, status));
        }
    }
    out
}

/// Which constructs generated documents may hold.
#[derive(Debug, Clone, Copy)]
struct Grammar {
    /// The whitespace and block edges where pulldown-cmark reads Markdown otherwise
    /// than GitHub (issue 10): tabs after list markers, after and before `>`, after
    /// closing fences and inside text; lines of a form feed or vertical tab and form
    /// feeds in text; HTML blocks of all seven kinds, type 1 ended by any of its end
    /// tags; tables right after paragraphs; lazy continuation lines of text, tags
    /// and ordered markers after list items and quotes.
    edges: bool,
    /// HTML that CommonMark 0.31, which pulldown-cmark and comrak follow, reads
    /// otherwise than GitHub: `<textarea`, `<search`, `<!doctype`. Compared with
    /// cmark-gfm only (`tasks_agree_with_github`).
    html_031: bool,
}

/// The grammar of the first version: what both parsers read alike.
const PLAIN: Grammar = Grammar {
    edges: false,
    html_031: false,
};

/// Everything comrak reads as GitHub does.
const EDGES: Grammar = Grammar {
    edges: true,
    html_031: false,
};

/// Everything.
const GITHUB: Grammar = Grammar {
    edges: true,
    html_031: true,
};

const WORDS: &[&str] = &[
    "learn",
    "Go",
    "Установка",
    "каналы",
    "горутины",
    "日本語",
    "テスト",
    "🎯",
    "🚀",
    "**bold**",
    "`code`",
    "[link](http://x.y)",
    "see [x] here",
    "*em*",
    "1.",
    "x",
    "✅ 2026-11-20",
];

/// Words with tabs, form feeds, tags and pipes, for the edges grammar.
const EDGE_WORDS: &[&str] = &[
    "a\tb",
    "tab\t",
    "\tlead",
    "form\u{c}feed",
    "<b>bold</b>",
    "`<pre>`",
    "a|b",
    "`x\ty`",
];

fn text(g: Grammar) -> impl Strategy<Value = String> {
    let words = if g.edges {
        prop_oneof![8 => prop::sample::select(WORDS), 1 => prop::sample::select(EDGE_WORDS)].boxed()
    } else {
        prop::sample::select(WORDS).boxed()
    };
    prop::collection::vec(words, 1..5).prop_map(|w| w.join(" "))
}

fn status_byte() -> impl Strategy<Value = char> {
    prop::sample::select(vec![' ', 'x', 'X', '/', '-'])
}

fn marker() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["-", "*", "+", "1.", "2)", "10."])
}

/// What may follow a list marker: a space, or in the edges grammar tabs that stop
/// short of column 5 or reach it (indented code to GitHub).
fn separator(g: Grammar) -> impl Strategy<Value = &'static str> {
    let mut seps = vec![" "];
    if g.edges {
        seps.extend([
            " ", " ", " ", " ", " ", "\t", " \t", "  \t", "\t ", "\t\t", "  ",
        ]);
    }
    prop::sample::select(seps)
}

/// One list item: nesting level, marker, box (or none), text, tab indentation.
#[derive(Debug, Clone)]
struct Item {
    level: usize,
    marker: &'static str,
    /// The blanks after the marker.
    sep: &'static str,
    status: Option<char>,
    text: String,
    tab: bool,
    /// Extra spaces before the marker (4 makes an over-indented line).
    pad: usize,
    /// `- - [ ] x`: the box in a list inside the item.
    double: bool,
}

fn item(g: Grammar) -> impl Strategy<Value = Item> {
    (
        0usize..3,
        (marker(), separator(g)),
        prop::option::weighted(0.85, status_byte()),
        text(g),
        prop::bool::weighted(0.2),
        prop::sample::select(vec![0usize, 0, 0, 0, 1, 2, 3, 4]),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(level, (marker, sep), status, text, tab, pad, double)| Item {
                level,
                marker,
                sep,
                status,
                text,
                tab,
                pad,
                double,
            },
        )
}

/// Lines of a list; nested items are indented to their parent's content column.
fn list_lines(items: &[Item], prefix: &str) -> Vec<String> {
    let mut columns: Vec<usize> = Vec::new(); // content column of each open level
    let mut lines = Vec::new();
    for item in items {
        let level = item.level.min(columns.len());
        columns.truncate(level);
        let indent = columns.last().copied().unwrap_or(0);
        let lead = if item.tab && indent > 0 && indent <= 4 {
            "\t".to_string()
        } else {
            " ".repeat(indent)
        };
        let body = match item.status {
            Some(s) => format!("[{s}] {}", item.text),
            None => item.text.clone(),
        };
        let pad = " ".repeat(item.pad);
        let double = if item.double { "- " } else { "" };
        let sep = item.sep;
        lines.push(format!(
            "{prefix}{lead}{pad}{double}{}{sep}{body}",
            item.marker
        ));
        let content = if lead == "\t" { 4 } else { indent } + item.marker.len() + 1;
        columns.push(content);
    }
    lines
}

#[derive(Debug, Clone)]
enum Block {
    List(Vec<Item>),
    Fence {
        ch: char,
        len: usize,
        items: Vec<Item>,
        /// Blanks after the closing fence.
        trail: &'static str,
    },
    Indented(Vec<Item>),
    Html(Vec<Item>),
    Comment(Vec<Item>),
    Details(Vec<Item>),
    Quote {
        depth: usize,
        /// The marker of each level: `> `, or in the edges grammar `>⇥`, `⇥> `…
        mark: &'static str,
        items: Vec<Item>,
    },
    Table(Vec<Item>),
    LinkDef,
    Atx(usize, String),
    Setext(String, char),
    Paragraph(String),
    /// A line that holds only a form feed or a vertical tab (and blanks).
    FormFeed(&'static str),
    /// An HTML block of any kind: its first line, items, its last line (if any),
    /// then items right after it.
    HtmlKind {
        open: &'static str,
        close: &'static str,
        items: Vec<Item>,
        after: Vec<Item>,
    },
    /// A paragraph, a table right under it, then items right after the table.
    TableAfterText {
        text: String,
        rows: Vec<Item>,
        after: Vec<Item>,
    },
    /// A footnote definition holding a list, and a paragraph that refers to it
    /// (or none: GitHub drops a definition nothing refers to).
    Footnote {
        label: char,
        referenced: bool,
        items: Vec<Item>,
    },
    /// A list (or a quoted one), a line at column 0 that may be a lazy
    /// continuation line, then more items.
    Lazy {
        quote: bool,
        items: Vec<Item>,
        line: &'static str,
        after: Vec<Item>,
    },
}

fn items(g: Grammar) -> impl Strategy<Value = Vec<Item>> {
    prop::collection::vec(item(g), 1..6).prop_map(|mut items| {
        items[0].level = 0;
        items
    })
}

/// Opening and closing lines of HTML blocks of the seven kinds; type 1's openers
/// and end tags are picked apart, so that one ends another.
fn html_kind(g: Grammar) -> impl Strategy<Value = (&'static str, &'static str)> {
    let type_1 = (
        prop::sample::select(vec![
            "<script>",
            "<pre>",
            "<style>",
            "<pre lang=\"go\">",
            "<SCRIPT type=\"t\">",
        ]),
        prop::sample::select(vec!["</script>", "</pre>", "</style>", "x </STYLE> y"]),
    );
    let mut others = vec![
        ("<!--", "-->"),
        ("<?php", "?>"),
        ("<!DOCTYPE html", ">"),
        ("<![CDATA[", "]]>"),
        ("<div>", "</div>"),
        ("<table>", "</table>"),
        ("<p align=\"center\">", "</p>"),
        ("<span>", "</span>"),
        ("<x-y a=\"1\">", "</x-y>"),
        ("</b>", ""),
    ];
    if g.html_031 {
        others.extend([
            ("<textarea>", "</textarea>"),
            ("<TEXTAREA rows=2>", ""),
            ("<search>", "</search>"),
            ("<!doctype html", ">"),
            ("<pre>", "</textarea>"),
        ]);
    }
    prop_oneof![1 => type_1, 2 => prop::sample::select(others)]
}

/// Lines at column 0 after a list item or a quote: text, tags, markers.
fn lazy_line(g: Grammar) -> impl Strategy<Value = &'static str> {
    let mut lines = vec![
        "lazy text",
        "<span>",
        "</span>",
        "<b>",
        "<img src=\"x.png\">",
        "<x-y>",
        "<div>",
        "</details>",
        "2. [ ] ordered",
        "<!-- note -->",
        "a | b",
    ];
    if g.html_031 {
        lines.extend(["<textarea>", "<search>", "<!doctype html>"]);
    }
    prop::sample::select(lines)
}

fn block(g: Grammar) -> impl Strategy<Value = Block> {
    let trail = if g.edges {
        prop::sample::select(vec!["", "", " ", "\t", " \t", "\t\t", "\t "]).boxed()
    } else {
        Just("").boxed()
    };
    let mark = if g.edges {
        prop::sample::select(vec!["> ", "> ", "> ", ">", ">\t", " > ", "\t> ", " \t> "]).boxed()
    } else {
        Just("> ").boxed()
    };
    let mut choices: Vec<(u32, BoxedStrategy<Block>)> = vec![
        (4, items(g).prop_map(Block::List).boxed()),
        (
            1,
            (
                prop::sample::select(vec!['`', '~']),
                3usize..6,
                items(g),
                trail,
            )
                .prop_map(|(ch, len, items, trail)| Block::Fence {
                    ch,
                    len,
                    items,
                    trail,
                })
                .boxed(),
        ),
        (1, items(g).prop_map(Block::Indented).boxed()),
        (1, items(g).prop_map(Block::Html).boxed()),
        (1, items(g).prop_map(Block::Comment).boxed()),
        (1, items(g).prop_map(Block::Details).boxed()),
        (
            2,
            (1usize..3, mark, items(g))
                .prop_map(|(depth, mark, items)| Block::Quote { depth, mark, items })
                .boxed(),
        ),
        (1, items(g).prop_map(Block::Table).boxed()),
        (1, Just(Block::LinkDef).boxed()),
        (
            1,
            (1usize..5, text(g))
                .prop_map(|(l, t)| Block::Atx(l, t))
                .boxed(),
        ),
        (
            1,
            (text(g), prop::sample::select(vec!['=', '-']))
                .prop_map(|(t, c)| Block::Setext(t, c))
                .boxed(),
        ),
        (1, text(g).prop_map(Block::Paragraph).boxed()),
        (
            1,
            (
                prop::sample::select(vec!['1', '2', 'n']),
                prop::bool::weighted(if g.edges { 0.7 } else { 1.0 }),
                items(g),
            )
                .prop_map(|(label, referenced, items)| Block::Footnote {
                    label,
                    referenced,
                    items,
                })
                .boxed(),
        ),
    ];
    if g.edges {
        choices.extend([
            (
                1,
                prop::sample::select(vec!["\u{c}", "\u{b}", " \u{c}", "\u{c}\t"])
                    .prop_map(Block::FormFeed)
                    .boxed(),
            ),
            (
                3,
                (html_kind(g), items(g), prop::collection::vec(item(g), 0..3))
                    .prop_map(|((open, close), items, after)| Block::HtmlKind {
                        open,
                        close,
                        items,
                        after,
                    })
                    .boxed(),
            ),
            (
                2,
                (text(g), items(g), prop::collection::vec(item(g), 0..3))
                    .prop_map(|(text, rows, after)| Block::TableAfterText { text, rows, after })
                    .boxed(),
            ),
            (
                3,
                (
                    prop::bool::ANY,
                    items(g),
                    lazy_line(g),
                    prop::collection::vec(item(g), 0..3),
                )
                    .prop_map(|(quote, items, line, after)| Block::Lazy {
                        quote,
                        items,
                        line,
                        after,
                    })
                    .boxed(),
            ),
        ]);
    }
    proptest::strategy::Union::new_weighted(choices)
}

/// Items directly after a block: ordered ones start at 2 (they cannot interrupt a
/// paragraph), so whether the block above ended shows.
fn after_lines(after: &[Item]) -> Vec<String> {
    let mut after = after.to_vec();
    if let Some(first) = after.first_mut() {
        first.level = 0;
        if first.marker == "1." {
            first.marker = "2.";
        }
    }
    list_lines(&after, "")
}

impl Block {
    /// The block's lines; `index` is its place in the document, which keeps footnote
    /// labels apart (GitHub keeps the first of two definitions, comrak both).
    fn lines(&self, last: bool, unclosed: bool, index: usize) -> Vec<String> {
        match self {
            Block::List(items) => list_lines(items, ""),
            Block::Fence {
                ch,
                len,
                items,
                trail,
            } => {
                let fence = ch.to_string().repeat(*len);
                let mut lines = vec![format!("{fence}md")];
                lines.extend(list_lines(items, ""));
                if !(last && unclosed) {
                    lines.push(format!("{fence}{trail}"));
                }
                lines
            }
            Block::Indented(items) => list_lines(items, "    "),
            Block::Html(items) => {
                let mut lines = vec!["<div>".to_string()];
                lines.extend(list_lines(items, ""));
                lines.push("</div>".into());
                lines
            }
            Block::Comment(items) => {
                let mut lines = vec!["<!--".to_string()];
                lines.extend(list_lines(items, ""));
                lines.push("-->".into());
                lines
            }
            Block::Details(items) => {
                let mut lines = vec![
                    "<details>".to_string(),
                    "<summary>More</summary>".into(),
                    String::new(),
                ];
                lines.extend(list_lines(items, ""));
                lines.push(String::new());
                lines.push("</details>".into());
                lines
            }
            Block::Quote { depth, mark, items } => list_lines(items, &mark.repeat(*depth)),
            Block::Table(items) => {
                let mut lines = vec!["| task | note |".to_string(), "| --- | --- |".into()];
                for line in list_lines(items, "") {
                    lines.push(format!("| {} | n |", line.trim().replace('|', "/")));
                }
                lines
            }
            Block::LinkDef => vec!["[ref]: http://example.com \"Title\"".to_string()],
            Block::Atx(level, text) => vec![format!("{} {text}", "#".repeat(*level))],
            Block::Setext(text, ch) => vec![text.clone(), ch.to_string().repeat(3)],
            Block::Paragraph(text) => vec![text.clone()],
            Block::FormFeed(line) => vec![(*line).to_string()],
            Block::Footnote {
                label,
                referenced,
                items,
            } => {
                // Blank lines around, so that no block above swallows the
                // definition and no block below the reference.
                let mut lines = vec![String::new(), format!("[^{label}{index}]: a note")];
                lines.extend(list_lines(items, "    "));
                if *referenced {
                    lines.extend([String::new(), format!("see the note[^{label}{index}]")]);
                }
                lines
            }
            Block::HtmlKind {
                open,
                close,
                items,
                after,
            } => {
                let mut lines = vec![(*open).to_string()];
                lines.extend(list_lines(items, ""));
                if !close.is_empty() {
                    lines.push((*close).to_string());
                }
                lines.extend(after_lines(after));
                lines
            }
            Block::TableAfterText { text, rows, after } => {
                let mut lines = vec![
                    text.replace('|', "/"),
                    "| task | note |".to_string(),
                    "| --- | --- |".into(),
                ];
                for line in list_lines(rows, "") {
                    lines.push(format!("| {} | n |", line.trim().replace('|', "/")));
                }
                lines.extend(after_lines(after));
                lines
            }
            Block::Lazy {
                quote,
                items,
                line,
                after,
            } => {
                let mut lines = list_lines(items, if *quote { "> " } else { "" });
                lines.push((*line).to_string());
                lines.extend(after_lines(after));
                lines
            }
        }
    }
}

/// A whole document: optional BOM and front matter, blocks, line endings.
fn document(g: Grammar) -> impl Strategy<Value = String> {
    (
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.1),
        prop::collection::vec((block(g), prop::bool::weighted(0.8)), 1..8),
        prop::sample::select(vec![&["\n"][..], &["\r\n"], &["\r"], &["\n", "\r\n", "\r"]]),
        prop::collection::vec(0usize..3, 64),
        prop::bool::ANY,
        prop::bool::weighted(0.3),
    )
        .prop_map(
            |(bom, front, blocks, endings, picks, final_newline, unclosed)| {
                let mut lines: Vec<String> = Vec::new();
                if front {
                    lines.extend([
                        "---".into(),
                        "title: x".into(),
                        "- [ ] not a task".into(),
                        "---".into(),
                    ]);
                }
                let count = blocks.len();
                for (i, (block, blank)) in blocks.iter().enumerate() {
                    lines.extend(block.lines(i + 1 == count, unclosed, i));
                    if *blank
                        || matches!(
                            block,
                            Block::Indented(_) | Block::Html(_) | Block::Comment(_)
                        )
                    {
                        lines.push(String::new());
                    }
                }
                let mut text = String::new();
                if bom {
                    text.push('\u{feff}');
                }
                // comrak's front matter differs from the project's (and the oracle's): it
                // needs LF endings and a blank line after, and it closes at the first
                // `---` + CRLF anywhere before an earlier `---` + LF (documented in the
                // README). Documents with front matter are therefore LF only.
                if front {
                    lines.insert(4, String::new());
                }
                let endings: &[&str] = if front { &["\n"] } else { endings };
                for (i, line) in lines.iter().enumerate() {
                    text.push_str(line);
                    if i + 1 < lines.len() || final_newline {
                        text.push_str(endings[picks[i % picks.len()] % endings.len()]);
                    }
                }
                text
            },
        )
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// Runs `property` on `cases()` documents made by `documents`; `counter` counts what
/// it tried (tasks compared, or edits made), printed for the README's figures.
fn run(
    name: &str,
    counter: &AtomicUsize,
    documents: impl Strategy<Value = String>,
    property: impl Fn(&str) -> Result<(), TestCaseError>,
) {
    use proptest::test_runner::{Config, TestRunner};
    let config = Config {
        failure_persistence: None,
        ..Config::with_cases(cases())
    };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&documents, |doc| property(&doc));
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    eprintln!(
        "{name}: {} documents, {}",
        cases(),
        counter.load(Ordering::Relaxed)
    );
}

static TASKS: AtomicUsize = AtomicUsize::new(0);
static EDITS: AtomicUsize = AtomicUsize::new(0);

/// Documents of the first grammar and of the edges grammar, half and half: the
/// first are mostly read by pulldown-cmark, the others mostly by comrak.
fn mixed(g: Grammar) -> impl Strategy<Value = String> {
    prop_oneof![document(PLAIN), document(g)]
}

#[test]
fn tasks_agree_with_comrak() {
    run(
        "comrak agreement (tasks compared)",
        &TASKS,
        mixed(EDGES),
        |doc| {
            let mine = ours(doc);
            TASKS.fetch_add(mine.len(), Ordering::Relaxed);
            prop_assert_eq!(mine, comraks(doc), "document: {:?}", doc);
            Ok(())
        },
    );
}

static CUT_TASKS: AtomicUsize = AtomicUsize::new(0);

/// Cutting a plan into chunks to parse them on several cores finds exactly what one
/// parse finds: generated documents joined by ATX headings after blank lines (where
/// a cut may fall; unclosed fences and comments before them must stop it), parsed
/// in chunks as small as allowed.
#[test]
fn parsing_in_chunks_finds_what_one_parse_finds() {
    let joined = prop::collection::vec((mixed(GITHUB), 1usize..7), 1..5).prop_map(|parts| {
        let mut text = String::new();
        for (i, (part, level)) in parts.iter().enumerate() {
            if i > 0 {
                text.push_str(&format!("\n\n{} Часть {i}\n\n", "#".repeat(*level)));
            }
            text.push_str(part);
        }
        text
    });
    run(
        "parsing in chunks (tasks compared)",
        &CUT_TASKS,
        joined,
        |doc| {
            let whole = Plan::parse("gen.md".into(), doc.to_string());
            CUT_TASKS.fetch_add(whole.tasks.len(), Ordering::Relaxed);
            for chunk_min in [1, 16] {
                let cut = Plan::parse_in_chunks("gen.md".into(), doc.to_string(), chunk_min);
                prop_assert_eq!(&cut.sections, &whole.sections, "document: {:?}", doc);
                prop_assert_eq!(&cut.tasks, &whole.tasks, "document: {:?}", doc);
            }
            Ok(())
        },
    );
}

#[test]
fn every_status_change_touches_one_byte() {
    run(
        "edit properties (edits checked)",
        &EDITS,
        mixed(GITHUB),
        edit_properties,
    );
}

static ALIKE_TASKS: AtomicUsize = AtomicUsize::new(0);

static SKIPPED: AtomicUsize = AtomicUsize::new(0);

/// The second reading (comrak's tree turned into pulldown-cmark's events) finds
/// what pulldown-cmark finds, field for field, in documents of the first grammar:
/// falling back to it changes nothing else. Two shapes of that grammar the two
/// parsers read otherwise are left out: a table right under a link reference
/// definition (GitHub and comrak take the definition for text; the scan sends
/// such a table to comrak), and a bare list marker (`1.`) right under a list
/// item's or a quote's paragraph (GitHub and pulldown-cmark start a list; comrak
/// reads a lazy line, see the README).
#[test]
fn the_fallback_reads_what_pulldown_cmark_reads() {
    run(
        "fallback against pulldown-cmark (tasks compared)",
        &ALIKE_TASKS,
        document(PLAIN),
        |doc| {
            let lines: Vec<&str> = roadmap::markdown::lines_with_endings(doc)
                .map(|l| l.trim_end_matches(['\r', '\n']))
                .collect();
            let bare_marker = |line: &&str| {
                let line = line.trim_start_matches([' ', '>']).trim();
                let digits = line.strip_suffix(['.', ')']).unwrap_or("");
                matches!(line, "-" | "*" | "+")
                    || (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            };
            let table_under_definition = lines
                .windows(2)
                .any(|w| w[0].starts_with("[ref]:") && w[1].starts_with('|'));
            if lines.iter().any(bare_marker) || table_under_definition {
                SKIPPED.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            let usual = Plan::parse_without_fallback("gen.md".into(), doc.to_string());
            let forced = Plan::parse_forcing_fallback("gen.md".into(), doc.to_string());
            ALIKE_TASKS.fetch_add(usual.tasks.len(), Ordering::Relaxed);
            prop_assert_eq!(&forced.sections, &usual.sections, "document: {:?}", doc);
            prop_assert_eq!(&forced.tasks, &usual.tasks, "document: {:?}", doc);
            Ok(())
        },
    );
    eprintln!("  of which {} left out", SKIPPED.load(Ordering::Relaxed));
}

/// The tasks of a document: (line, status, text), in document order.
type Answer = Vec<(usize, String, String)>;

/// GitHub's answer, `oracle.py --spec` (`tests/data/oracle.py`, or the script
/// `ROADMAP_ORACLE` names) over cmark-gfm, for each file: (line, status, text).
/// `None` when python3, cmark-gfm or the script is missing. A file the script
/// fails on (it does on a few odd trees) gets `None`.
fn github(files: &[PathBuf]) -> Option<Vec<Option<Answer>>> {
    let script = std::env::var_os("ROADMAP_ORACLE")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::support::data().join("oracle.py"));
    let found = |cmd: &str| {
        Command::new(cmd)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !script.exists() || !found("python3") || !found("cmark-gfm") {
        return None;
    }
    let run = |files: &[PathBuf]| {
        let out = Command::new("python3")
            .arg(&script)
            .args(["--spec", "--no-header"])
            .args(files)
            .output()
            .unwrap();
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    // Rows are `file line status text`; a file's tasks are in document order.
    let parse = |rows: &str, answers: &mut [Option<Answer>]| {
        for row in rows.lines() {
            let cols: Vec<&str> = row.splitn(4, '\t').collect();
            let index = files
                .iter()
                .position(|f| f.to_str() == Some(cols[0]))
                .unwrap();
            if let Some(tasks) = &mut answers[index] {
                tasks.push((
                    cols[1].parse().unwrap(),
                    cols[2].to_string(),
                    cols.get(3).unwrap_or(&"").to_string(),
                ));
            }
        }
    };
    let mut answers: Vec<Option<Answer>> = vec![Some(vec![]); files.len()];
    for chunk in files.chunks(64) {
        if let Some(rows) = run(chunk) {
            parse(&rows, &mut answers);
            continue;
        }
        for file in chunk {
            match run(std::slice::from_ref(file)) {
                Some(rows) => parse(&rows, &mut answers),
                None => {
                    let index = files.iter().position(|f| f == file).unwrap();
                    answers[index] = None;
                }
            }
        }
    }
    Some(answers)
}

/// Text as `oracle.py` prints it, for comparing: whitespace folded; the U+FFFD it
/// puts for control characters (XML forbids them) taken as the blank they are.
fn fold(text: &str) -> String {
    text.replace('\u{fffd}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether roadmap's task text is what the oracle printed: the oracle's first 40
/// characters (fewer once its U+FFFD are folded away) begin roadmap's text. Text
/// from a `✅` on is not compared: roadmap leaves done dates out.
fn same_text(ours: &str, oracle: &str) -> bool {
    let (ours, short) = (fold(ours), fold(oracle));
    let cut = oracle.chars().count() >= 39;
    match short.split_once('✅') {
        Some((before, _)) => ours.starts_with(before.trim_end()),
        None => ours == short || (cut && ours.starts_with(&short)),
    }
}

/// Every generated document (all constructs, CommonMark 0.31's HTML included, which
/// comrak reads as pulldown-cmark does) and every document of issue 10's classes
/// (`agreement::EDGES`, whose expected answers this confirms) gives GitHub's tasks:
/// line, status and text, against cmark-gfm through `oracle.py --spec`. Skipped,
/// with a message, where cmark-gfm or python3 is missing.
#[test]
fn tasks_agree_with_github() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let dir = tempfile::tempdir().unwrap();
    let mut documents: Vec<(String, Option<Answer>)> = Vec::new();
    for edge in crate::agreement::EDGES {
        let tasks = edge.tasks.iter();
        let expected = tasks.map(|&(l, s, t)| (l as usize, s.to_string(), t.to_string()));
        documents.push((edge.markdown.to_string(), Some(expected.collect())));
    }
    let mut runner = TestRunner::deterministic();
    let strategy = mixed(GITHUB);
    for _ in 0..cases() {
        let doc = strategy.new_tree(&mut runner).unwrap().current();
        documents.push((doc, None));
    }
    let files: Vec<PathBuf> = documents
        .iter()
        .enumerate()
        .map(|(i, (doc, _))| {
            let path = dir.path().join(format!("d{i}.md"));
            std::fs::write(&path, doc).unwrap();
            path
        })
        .collect();
    let Some(answers) = github(&files) else {
        eprintln!(
            "tasks_agree_with_github: skipped, needs python3, cmark-gfm \
             (apt-get install cmark-gfm) and tests/data/oracle.py"
        );
        return;
    };
    let mut problems = Vec::new();
    let (mut compared, mut tasks, mut failed) = (0, 0, 0);
    for (((doc, expected), answer), path) in documents.iter().zip(&answers).zip(&files) {
        let Some(answer) = answer else {
            failed += 1;
            continue;
        };
        // cmark-gfm gives footnote definitions (and their tasks) last.
        let mut answer = answer.clone();
        answer.sort_by_key(|t| t.0);
        let plan = Plan::parse(path.clone(), doc.clone());
        let ours: Vec<(usize, String, String)> = plan
            .tasks
            .iter()
            .map(|t| (t.line, t.status.word().to_string(), t.text.clone()))
            .collect();
        let agree = ours.len() == answer.len()
            && ours
                .iter()
                .zip(&answer)
                .all(|(a, b)| (a.0, &a.1) == (b.0, &b.1) && same_text(&a.2, &b.2));
        if !agree {
            problems.push(format!(
                "{doc:?}:\n  roadmap {ours:?}\n  github  {answer:?}"
            ));
        }
        if let Some(expected) = expected
            && *expected != answer
        {
            problems.push(format!("{doc:?}: expected {expected:?}, github {answer:?}"));
        }
        compared += 1;
        tasks += answer.len();
    }
    eprintln!(
        "github agreement: {compared} documents, {tasks} tasks compared \
         ({failed} the oracle could not read)"
    );
    assert!(
        failed * 20 <= documents.len(),
        "the oracle failed on {failed} documents"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The edit properties of one document (see the module docs).
pub fn edit_properties(doc: &str) -> Result<(), TestCaseError> {
    let doc = doc.to_string();
    let plan = Plan::parse("gen.md".into(), doc.clone());
    for (i, task) in plan.tasks.iter().enumerate() {
        for to in [Status::Todo, Status::Done, Status::Doing, Status::Skipped] {
            let splices = edit::set_status(task, to, None);
            let new = edit::apply(&doc, &splices);
            EDITS.fetch_add(1, Ordering::Relaxed);
            if edit::needs_verifying(task, to, &splices) {
                let again = Plan::parse("gen.md".into(), new.clone());
                if edit::verify(&plan, &again, &[(i, to)]).is_err() {
                    continue; // `check` refuses this change
                }
            }
            if task.done_span.is_none() {
                let differ: Vec<usize> = (0..doc.len())
                    .filter(|&b| doc.as_bytes()[b] != new.as_bytes()[b])
                    .collect();
                let expected: Vec<usize> = if task.status == to {
                    vec![]
                } else {
                    vec![task.offset]
                };
                prop_assert_eq!(differ, expected);
            }
            let again = Plan::parse("gen.md".into(), new.clone());
            prop_assert_eq!(again.tasks.len(), plan.tasks.len());
            // Removing a done date moves the bytes after it; nothing else moves.
            let shift = doc.len() - new.len();
            for (j, (a, b)) in again.tasks.iter().zip(&plan.tasks).enumerate() {
                let moved = if j > i { shift } else { 0 };
                prop_assert_eq!(
                    (a.offset + moved, &a.text, a.depth, &a.id),
                    (b.offset, &b.text, b.depth, &b.id)
                );
                let status = if j == i { to } else { b.status };
                prop_assert_eq!(a.status, status);
            }
            // And back.
            let back = edit::apply(&new, &edit::set_status(&again.tasks[i], task.status, None));
            if task.done_span.is_none() && doc.as_bytes()[task.offset] != b'X' {
                prop_assert_eq!(&back, &doc);
            }
        }
        if task.status == Status::Todo {
            let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 24);
            let stamped = edit::apply(&doc, &edit::set_status(task, Status::Done, date));
            let again = Plan::parse("gen.md".into(), stamped.clone());
            if edit::verify(&plan, &again, &[(i, Status::Done)]).is_err() {
                continue; // `check` refuses this change
            }
            prop_assert_eq!(again.tasks[i].done_on, date);
            prop_assert_eq!(&again.tasks[i].text, &task.text);
            let undone = edit::apply(
                &stamped,
                &edit::set_status(&again.tasks[i], Status::Todo, None),
            );
            // A stale date the task had is replaced by the stamp, so only a task
            // without one comes back byte for byte.
            if task.done_span.is_none() {
                prop_assert_eq!(&undone, &doc);
            }
        }
    }
    Ok(())
}

/// Inputs the fuzzer found (`fuzz/`), kept as regression tests: the edit properties
/// hold, with `check` refusing the changes Markdown would read as more than a status.
#[test]
fn fuzzer_findings_stay_fixed() {
    let dir = crate::support::data().join("fuzz-regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = String::from_utf8(std::fs::read(&path).unwrap()) else {
            continue;
        };
        if let Err(e) = edit_properties(&text) {
            panic!("{}: {e}", path.display());
        }
        count += 1;
    }
    assert!(count >= 3);
}

/// The GFM spec's examples (`tests/data/gfm-spec.txt`), as inputs: roadmap and
/// comrak find the same tasks in every one, except where comrak is known to be
/// wrong (a box followed by nothing), which the spec settles.
#[test]
fn gfm_spec_examples_agree_with_comrak() {
    let spec = std::fs::read_to_string(crate::support::data().join("gfm-spec.txt")).unwrap();
    let fence = format!("{} example", "`".repeat(32));
    let close = "`".repeat(32);
    let mut examples = 0;
    let mut with_tasks = 0;
    let mut problems = Vec::new();
    let mut rest = spec.as_str();
    while let Some(start) = rest.find(&fence) {
        let after = &rest[start + fence.len()..];
        let after = after
            .trim_start_matches(|c| c != '\n')
            .get(1..)
            .unwrap_or("");
        let Some(end) = after.find(&close) else { break };
        let example = &after[..end];
        rest = &after[end..];
        let markdown = example
            .split("\n.\n")
            .next()
            .unwrap_or("")
            .replace('→', "\t");
        examples += 1;
        let (a, b) = (ours(&markdown), comraks(&markdown));
        if !a.is_empty() {
            with_tasks += 1;
        }
        // comrak takes a box with nothing after it (`- [ ]` + newline) for a task;
        // the spec's task rule needs whitespace and text after the box.
        let empty_box = |line: usize| {
            markdown.lines().nth(line - 1).is_some_and(|l| {
                let t = l.trim_end();
                t.ends_with("[ ]") || t.ends_with("[x]") || t.ends_with("[X]")
            })
        };
        let b: BTreeSet<_> = b
            .into_iter()
            .filter(|&(line, _)| !empty_box(line))
            .collect();
        if a != b {
            problems.push(format!(
                "example {examples}: {markdown:?}: roadmap {a:?}, comrak {b:?}"
            ));
        }
    }
    assert!(examples > 600, "found only {examples} examples");
    eprintln!("{examples} spec examples, {with_tasks} with tasks, all agree");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
