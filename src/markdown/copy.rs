//! The parse copy: a plan's text with single ASCII bytes replaced, one for one,
//! where a parser would read a construct otherwise than GitHub, so that every
//! offset into the copy is an offset into the plan.

use std::borrow::Cow;

/// The text the parsers read: a plan's text with single ASCII bytes replaced where
/// pulldown-cmark, or both it and comrak, would read a construct otherwise than
/// GitHub's cmark-gfm. Every change puts one byte for one byte, so an offset into
/// the copy is an offset into the plan; the copy is borrowed when nothing changes.
///
/// - A lone CR becomes LF (pulldown-cmark does not end an HTML block at `\r\r`).
/// - A tab among the blanks that end a line after three or more backticks or
///   tildes becomes a space: pulldown-cmark closes a fence only before spaces.
///   Anywhere else such blanks are trailing blanks, which no reading keeps.
/// - The names `textarea` and `search` in tags, and the `!` of `<!` before a
///   lower-case letter, are renamed: pulldown-cmark and comrak follow CommonMark
///   0.31, where `<textarea` opens an HTML block that only `</textarea>` ends,
///   `<search` is a block-level tag and `<!doctype` a declaration; GitHub follows
///   0.29, where the first two are ordinary tags and `<!d…` is text. The renamed
///   tags stay tags (the last letter of the name becomes a digit) and the
///   declaration becomes text (`!` becomes U+0001); [`ParseCopy::restore`] puts
///   the original bytes back in text gathered from the copy. A plan that already
///   holds one of those replacements is left as it is.
pub struct ParseCopy<'a> {
    /// The text to parse.
    pub text: Cow<'a, str>,
    /// Whether a name or a `!` was renamed, so that gathered text needs restoring.
    renamed: bool,
}

/// Tag names that GitHub reads as ordinary tags and CommonMark 0.31 does not.
const RENAMED_TAGS: [&[u8]; 2] = [b"textarea", b"search"];

/// The byte a renamed tag's last letter becomes: lower case, upper case.
const RENAMED_LETTER: [u8; 2] = [b'0', b'1'];

/// The byte the `!` of a lower-case declaration becomes.
const RENAMED_BANG: u8 = 0x01;

impl<'a> ParseCopy<'a> {
    /// Prepares `original` for parsing (see [`ParseCopy`]).
    ///
    /// ```
    /// let copy = roadmap::markdown::ParseCopy::new("```\ncode\n```\t\n- [ ] a\r<textarea>\n");
    /// assert_eq!(copy.text, "```\ncode\n``` \n- [ ] a\n<textare0>\n");
    /// assert_eq!(copy.restore("<textare0>"), "<textarea>");
    /// ```
    pub fn new(original: &'a str) -> ParseCopy<'a> {
        let bytes = original.as_bytes();
        let mut edits: Vec<(usize, u8)> = Vec::new();
        let mut renamed = false;
        let mut renames: Vec<(usize, u8)> = Vec::new();
        for at in memchr::memchr3_iter(b'\r', b'\t', b'<', bytes) {
            match bytes[at] {
                b'\r' if bytes.get(at + 1) != Some(&b'\n') => edits.push((at, b'\n')),
                b'\t' if after_fence_run(bytes, at) => edits.push((at, b' ')),
                b'<' => renames.extend(rename_at(bytes, at)),
                _ => {}
            }
        }
        if !renames.is_empty() && !holds_replacements(bytes) {
            edits.extend(renames);
            renamed = true;
        }
        if edits.is_empty() {
            return ParseCopy {
                text: original.into(),
                renamed,
            };
        }
        let mut out = bytes.to_vec();
        for (at, byte) in edits {
            if let Some(b) = out.get_mut(at) {
                *b = byte;
            }
        }
        // Only ASCII bytes were replaced, by ASCII bytes: the copy is UTF-8.
        let text = String::from_utf8(out).map_or_else(|_| original.into(), Into::into);
        ParseCopy { text, renamed }
    }

    /// Text gathered from the copy, with renamed names and `!`s put back.
    pub fn restore<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if !self.renamed {
            return text.into();
        }
        let bytes = text.as_bytes();
        let mut out: Option<Vec<u8>> = None;
        for (i, &b) in bytes.iter().enumerate() {
            let original = match b {
                RENAMED_BANG => Some(b'!'),
                b'0' | b'1' => RENAMED_TAGS.iter().find_map(|name| {
                    let stem = &name[..name.len() - 1];
                    let before = bytes.get(i.checked_sub(stem.len())?..i)?;
                    let last = name[name.len() - 1];
                    before.eq_ignore_ascii_case(stem).then_some(if b == b'0' {
                        last
                    } else {
                        last.to_ascii_uppercase()
                    })
                }),
                _ => None,
            };
            if let Some(original) = original {
                out.get_or_insert_with(|| bytes.to_vec())[i] = original;
            }
        }
        match out.map(String::from_utf8) {
            Some(Ok(restored)) => restored.into(),
            _ => text.into(),
        }
    }
}

/// Whether the tab at `at` is among the blanks that end a line after a run of three
/// or more backticks or tildes.
fn after_fence_run(bytes: &[u8], at: usize) -> bool {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let rest = bytes.get(at..).unwrap_or(&[]);
    let after = rest.iter().position(|b| !blank(b)).unwrap_or(rest.len());
    if !matches!(rest.get(after), None | Some(b'\n' | b'\r')) {
        return false;
    }
    let before = bytes.get(..at).unwrap_or(&[]);
    let run_end = before.iter().rposition(|b| !blank(b)).map_or(0, |i| i + 1);
    let fence = match run_end.checked_sub(1).and_then(|i| before.get(i)) {
        Some(&c @ (b'`' | b'~')) => c,
        _ => return false,
    };
    before[..run_end]
        .iter()
        .rev()
        .take(3)
        .filter(|&&b| b == fence)
        .count()
        == 3
}

/// The byte to rename at or after the `<` at `at`, if a renamed tag name or a
/// lower-case declaration starts there.
fn rename_at(bytes: &[u8], at: usize) -> Option<(usize, u8)> {
    let after = bytes.get(at + 1..)?;
    if after.first() == Some(&b'!') && after.get(1).is_some_and(u8::is_ascii_lowercase) {
        return Some((at + 1, RENAMED_BANG));
    }
    let name_at = at + 1 + usize::from(after.first() == Some(&b'/'));
    let rest = bytes.get(name_at..)?;
    RENAMED_TAGS.iter().find_map(|name| {
        let found = rest.get(..name.len())?.eq_ignore_ascii_case(name);
        let ends = !rest
            .get(name.len())
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'-');
        let last = name_at + name.len() - 1;
        let letter = bytes.get(last)?;
        (found && ends).then_some((
            last,
            RENAMED_LETTER[usize::from(letter.is_ascii_uppercase())],
        ))
    })
}

/// Whether the text already holds what a rename writes (a `U+0001`, or a renamed
/// tag name), which [`ParseCopy::restore`] could not tell from a rename.
fn holds_replacements(bytes: &[u8]) -> bool {
    memchr::memchr(RENAMED_BANG, bytes).is_some()
        || RENAMED_TAGS.iter().any(|name| {
            let stem = &name[..name.len() - 1];
            bytes.windows(name.len()).any(|w| {
                w[..stem.len()].eq_ignore_ascii_case(stem)
                    && RENAMED_LETTER.contains(&w[stem.len()])
            })
        })
}
