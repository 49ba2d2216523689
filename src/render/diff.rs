//! Unified diffs for `check --dry-run`, in the form `patch -p1` and `git apply` take.
//!
//! A status change never adds or removes a line end, so the old and the new text have
//! the same lines, and line `i` of one is line `i` of the other. The diff is built in
//! one pass over both texts, comparing line with line: no diff algorithm is needed,
//! and the time is linear in the size of the file however many lines change (a
//! general line diff is quadratic when almost every line changes, as with
//! `check --all` on a long plan). The hunks are those `diff -u` prints: three lines of
//! context, hunks merged when their context would touch or overlap, changed lines of
//! a run printed as all `-` then all `+`.
//!
//! Lines are what `patch` and `git apply` take them to be: they end at LF only. A CR
//! is part of its line, so a CRLF line keeps its CR, and a file with lone-CR line ends
//! (classic Mac OS) is one long line. A last line without LF is followed by
//! `\ No newline at end of file`. Should the texts ever differ in their number of
//! lines, the diff replaces every line: larger than needed, still correct.

use std::io::{self, Write};
use std::path::{Component, Path};

use crate::discover;

/// Lines of unchanged context around each change.
const CONTEXT: usize = 3;

/// Writes the diff from `old` to `new` of the file at `path`, named in the
/// headers relative to `cwd` as `a/NAME` and `b/NAME`. Writes nothing when the texts
/// are equal. For a terminal, control characters of the lines are shown escaped
/// (the diff is then for reading, not for `patch`).
pub fn unified(
    out: &mut dyn Write,
    path: &Path,
    cwd: &Path,
    old: &str,
    new: &str,
    terminal: bool,
) -> io::Result<()> {
    let hunks = hunks(old, new);
    if hunks.is_empty() {
        return Ok(());
    }
    let name = header_name(path, cwd);
    let mut text = Vec::with_capacity(4096);
    writeln!(text, "--- {}", header("a/", &name))?;
    writeln!(text, "+++ {}", header("b/", &name))?;
    for hunk in &hunks {
        hunk.write(&mut text, terminal)?;
        if text.len() >= 60 * 1024 {
            out.write_all(&text)?;
            text.clear();
        }
    }
    out.write_all(&text)
}

/// One line of a hunk: ` ` context, `-` removed or `+` added, and the line with its
/// LF (the last line of a file may have none).
type Line<'a> = (u8, &'a str);

/// A hunk: where it starts in the old and the new text (0-based lines), and its lines.
#[derive(Debug, Default)]
struct Hunk<'a> {
    old_start: usize,
    new_start: usize,
    lines: Vec<Line<'a>>,
}

impl Hunk<'_> {
    fn write(&self, out: &mut Vec<u8>, terminal: bool) -> io::Result<()> {
        let count = |side: u8| {
            self.lines
                .iter()
                .filter(|(t, _)| *t == side || *t == b' ')
                .count()
        };
        let (old_len, new_len) = (count(b'-'), count(b'+'));
        writeln!(
            out,
            "@@ -{} +{} @@",
            Range(self.old_start, old_len),
            Range(self.new_start, new_len)
        )?;
        for &(tag, line) in &self.lines {
            out.push(tag);
            if terminal {
                let body = line.strip_suffix('\n').unwrap_or(line);
                out.extend_from_slice(crate::escape::text(body).as_bytes());
                out.extend_from_slice(&line.as_bytes()[body.len()..]);
            } else {
                out.extend_from_slice(line.as_bytes());
            }
            if !line.ends_with('\n') {
                out.extend_from_slice(b"\n\\ No newline at end of file\n");
            }
        }
        Ok(())
    }
}

/// A hunk header's range, as `diff -u` writes it: `START,LEN` (1-based), `START` alone
/// for one line, and the line before for none.
struct Range(usize, usize);

impl std::fmt::Display for Range {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Range(start, 1) => write!(f, "{}", start + 1),
            Range(start, 0) => write!(f, "{start},0"),
            Range(start, len) => write!(f, "{},{len}", start + 1),
        }
    }
}

/// Lines ending at LF, each with its LF.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive('\n')
}

/// The hunks from `old` to `new`, in one pass over both.
fn hunks<'a>(old: &'a str, new: &'a str) -> Vec<Hunk<'a>> {
    if old == new {
        return Vec::new();
    }
    if lines(old).count() != lines(new).count() {
        return vec![Hunk {
            old_start: 0,
            new_start: 0,
            lines: lines(old)
                .map(|l| (b'-', l))
                .chain(lines(new).map(|l| (b'+', l)))
                .collect(),
        }];
    }
    let mut done = Vec::new();
    let mut open: Option<Hunk<'a>> = None;
    // Unchanged lines since the last change (or the last few, with no hunk open).
    let mut equal: Vec<&'a str> = Vec::new();
    // The run of changed lines being read: its old and its new lines.
    let (mut removed, mut added): (Vec<&'a str>, Vec<&'a str>) = (Vec::new(), Vec::new());
    for (i, (a, b)) in lines(old).zip(lines(new)).enumerate() {
        if a != b {
            if removed.is_empty() {
                let hunk = open.get_or_insert_with(|| Hunk {
                    old_start: i - equal.len(),
                    new_start: i - equal.len(),
                    lines: Vec::new(),
                });
                hunk.lines.extend(equal.drain(..).map(|l| (b' ', l)));
            }
            removed.push(a);
            added.push(b);
            continue;
        }
        if let Some(hunk) = open.as_mut() {
            flush(hunk, &mut removed, &mut added);
        }
        equal.push(a);
        match open.take() {
            // Too far from the last change for the next one to join this hunk: close
            // it with its trailing context, and keep the last lines as the next one's.
            Some(mut hunk) if equal.len() > 2 * CONTEXT => {
                hunk.lines.extend(equal.drain(..CONTEXT).map(|l| (b' ', l)));
                equal.drain(..equal.len() - CONTEXT);
                done.push(hunk);
            }
            Some(hunk) => open = Some(hunk),
            None if equal.len() > CONTEXT => {
                equal.remove(0);
            }
            None => {}
        }
    }
    if let Some(mut hunk) = open {
        flush(&mut hunk, &mut removed, &mut added);
        let tail = equal.len().min(CONTEXT);
        hunk.lines.extend(equal.drain(..tail).map(|l| (b' ', l)));
        done.push(hunk);
    }
    done
}

/// Moves a run of changed lines into its hunk: the old lines, then the new.
fn flush<'a>(hunk: &mut Hunk<'a>, removed: &mut Vec<&'a str>, added: &mut Vec<&'a str>) {
    hunk.lines.extend(removed.drain(..).map(|l| (b'-', l)));
    hunk.lines.extend(added.drain(..).map(|l| (b'+', l)));
}

/// The name after `a/`, as bytes: the path relative to `cwd`, with `..` where the
/// file is not below it. `patch` and `git apply` refuse a name with `..`, so such a
/// diff cannot touch a file that only looks like the plan from here.
fn header_name(path: &Path, cwd: &Path) -> Vec<u8> {
    let relative = discover::relative(&cwd.join(path), cwd);
    let parts: Vec<&[u8]> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.as_encoded_bytes()),
            Component::ParentDir => Some(&b".."[..]),
            _ => None,
        })
        .collect();
    parts.join(&b'/')
}

/// A header's file name: as is, ending with a tab when it holds a space (`patch`
/// reads a name up to a tab); quoted as git quotes it (`"a/x\033y.md"`), which both
/// `git apply` and `patch` read, when it holds a control character, a quote, a
/// backslash or bytes that are not UTF-8.
fn header(prefix: &str, name: &[u8]) -> String {
    let plain = std::str::from_utf8(name)
        .ok()
        .filter(|n| !n.chars().any(|c| c.is_control() || c == '"' || c == '\\'));
    if let Some(name) = plain {
        let end = if name.contains(' ') { "\t" } else { "" };
        return format!("{prefix}{name}{end}");
    }
    let mut out = String::from("\"");
    out.push_str(prefix);
    for chunk in name.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c if c.is_control() => {
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        out.push_str(&format!("\\{b:03o}"));
                    }
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\{b:03o}"));
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn diff(old: &str, new: &str) -> String {
        let mut out = Vec::new();
        unified(
            &mut out,
            Path::new("p.md"),
            Path::new("/w"),
            old,
            new,
            false,
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn names_are_relative_to_the_working_directory() {
        let cwd = Path::new("/home/me/study");
        let name = |p: &str| String::from_utf8(header_name(Path::new(p), cwd)).unwrap();
        assert_eq!(name("plans/go.md"), "plans/go.md");
        assert_eq!(name("./plans/../alt/a.md"), "alt/a.md");
        assert_eq!(name("/home/me/study/plans/go.md"), "plans/go.md");
        // Outside the working directory the `..` stay: patch and git refuse such a
        // name, rather than patch a file that only looks like the plan from here.
        assert_eq!(name("../plans/a.md"), "../plans/a.md");
        assert_eq!(name("/tmp/x.md"), "../../../tmp/x.md");
    }

    #[test]
    fn names_with_control_characters_or_odd_bytes_are_quoted_as_git_does() {
        assert_eq!(header("a/", b"plans/go.md"), "a/plans/go.md");
        assert_eq!(header("a/", "Планы/go.md".as_bytes()), "a/Планы/go.md");
        assert_eq!(
            header("a/", b"esc\x1b[31m\nx.md"),
            "\"a/esc\\033[31m\\nx.md\""
        );
        assert_eq!(
            header("b/", b"caf\xe9 \"q\".md"),
            "\"b/caf\\351 \\\"q\\\".md\""
        );
    }

    #[test]
    fn a_terminal_sees_control_characters_escaped() {
        let mut out = Vec::new();
        unified(
            &mut out,
            Path::new("p.md"),
            Path::new("/w"),
            "- [ ] a\x1b]0;x\x07\r\n",
            "- [x] a\x1b]0;x\x07\r\n",
            true,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("-- [ ] a\\x1b]0;x\\x07\\r\n+- [x] a"),
            "{text:?}"
        );
    }

    #[test]
    fn a_name_with_a_space_ends_with_a_tab() {
        let mut out = Vec::new();
        unified(
            &mut out,
            Path::new("my plan.md"),
            Path::new("/w"),
            "- [ ] a\n",
            "- [x] a\n",
            false,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("--- a/my plan.md\t\n+++ b/my plan.md\t\n"),
            "{text}"
        );
    }

    #[test]
    fn equal_texts_give_no_diff() {
        assert_eq!(diff("- [ ] a\n", "- [ ] a\n"), "");
        assert_eq!(diff("", ""), "");
    }

    // Issue 10, item 15: a lone CR ends no line for `patch` and `git apply`.
    #[test]
    fn lone_cr_files_are_one_line() {
        assert_eq!(
            diff("# P\r- [ ] a\r- [ ] b\r", "# P\r- [x] a\r- [ ] b\r"),
            "--- a/p.md\n+++ b/p.md\n@@ -1 +1 @@\n\
             -# P\r- [ ] a\r- [ ] b\r\n\\ No newline at end of file\n\
             +# P\r- [x] a\r- [ ] b\r\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn runs_of_changes_print_old_lines_then_new() {
        let old = "0\n1\n2\n3\n- [ ] a\n- [ ] b\n4\n";
        let new = "0\n1\n2\n3\n- [x] a\n- [x] b\n4\n";
        assert_eq!(
            diff(old, new),
            "--- a/p.md\n+++ b/p.md\n@@ -2,6 +2,6 @@\n 1\n 2\n 3\n-- [ ] a\n-- [ ] b\n+- [x] a\n+- [x] b\n 4\n"
        );
    }

    #[test]
    fn hunks_merge_when_their_context_touches() {
        // Two changes with 6 unchanged lines between them share a hunk; with 7 they
        // do not, as with `diff -u`.
        for (gap, hunks) in [(5, 1), (6, 1), (7, 2), (8, 2)] {
            let mut old: Vec<String> = (0..20).map(|i| format!("line {i}\n")).collect();
            old[4] = "- [ ] a\n".into();
            old[5 + gap] = "- [ ] b\n".into();
            let new: Vec<String> = old.iter().map(|l| l.replace("[ ]", "[x]")).collect();
            let (old, new) = (old.concat(), new.concat());
            let ours = diff(&old, &new);
            assert_eq!(ours.matches("\n@@ ").count(), hunks, "{ours}");
            let theirs = similar::TextDiff::from_lines(&old, &new)
                .unified_diff()
                .context_radius(CONTEXT)
                .header("a/p.md", "b/p.md")
                .to_string();
            assert_eq!(ours, theirs);
        }
    }

    /// Text with lines ending in LF or CRLF (never a lone CR, which `similar` takes for
    /// a line end and `patch` does not), tasks and plain lines, and the same text with
    /// some boxes ticked and some dates added or removed, as `check` changes them.
    /// Every line is numbered: where lines repeat, a minimal diff may pair a line with
    /// an equal one elsewhere, which is as correct as pairing it with itself but
    /// prints differently.
    fn old_and_new() -> impl Strategy<Value = (String, String)> {
        let line = prop_oneof![
            Just("- [ ] task"),
            Just("- [x] done ✅ 2026-11-24"),
            Just("text"),
            Just(""),
        ];
        let lines = prop::collection::vec((line, any::<bool>(), any::<u8>()), 0..60);
        (lines, any::<bool>()).prop_map(|(lines, final_newline)| {
            let (mut old, mut new) = (String::new(), String::new());
            let count = lines.len();
            for (i, (line, crlf, change)) in lines.into_iter().enumerate() {
                let changed = match (line, change % 6) {
                    ("- [ ] task", 0) => format!("- [x] task {i} ✅ 2026-11-25"),
                    ("- [ ] task", 1) => format!("- [/] task {i}"),
                    ("- [x] done ✅ 2026-11-24", 0) => format!("- [ ] done {i}"),
                    ("- [x] done ✅ 2026-11-24", _) => format!("- [x] done {i} ✅ 2026-11-24"),
                    ("- [ ] task", _) => format!("- [ ] task {i}"),
                    _ => format!("{line}{i}"),
                };
                let line = match line {
                    "- [ ] task" => format!("- [ ] task {i}"),
                    "- [x] done ✅ 2026-11-24" => format!("- [x] done {i} ✅ 2026-11-24"),
                    _ => format!("{line}{i}"),
                };
                let end = match (i + 1 == count && !final_newline, crlf) {
                    (true, _) => "",
                    (false, true) => "\r\n",
                    (false, false) => "\n",
                };
                old.push_str(&line);
                old.push_str(end);
                new.push_str(&changed);
                new.push_str(end);
            }
            (old, new)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 2000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// The one-pass diff is exactly what `similar`'s Myers diff prints, with the
        /// same context, on texts a status change gives.
        #[test]
        fn the_diff_is_what_similar_prints((old, new) in old_and_new()) {
            let expected = similar::TextDiff::from_lines(&old, &new)
                .unified_diff()
                .context_radius(CONTEXT)
                .header("a/p.md", "b/p.md")
                .to_string();
            prop_assert_eq!(diff(&old, &new), expected);
        }
    }
}
