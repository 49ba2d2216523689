//! Mojibake: text that was UTF-8, read as a single-byte code page (Mac Roman,
//! Windows-1252, Windows-1251, Latin-1) and saved again as UTF-8, and its exact repair.
//!
//! An editor that reads the UTF-8 bytes of `для` (`D0 B4 D0 BB D1 8F`) as Mac Roman
//! shows `–¥–ª—è`, and saves those six characters as UTF-8. Encoding the garbled text
//! back into the code page gives the original bytes again: that is the repair, and it
//! is exact, because each of these code pages maps its 256 bytes to 256 distinct
//! characters. This module finds the code page and repairs; it reads no file and
//! reports nothing itself (`roadmap lint` does, in `lint/mod.rs`).
//!
//! # The rule
//!
//! A *garbled sequence* under a code page is a character that is the image of a UTF-8
//! lead byte (`C2`–`F4`) followed by the images of the continuation bytes it needs,
//! their bytes together one valid UTF-8 character (`Ð¿` under Windows-1252 is
//! `D0 BF`, `п`). A line *repairs* under a code page when every character has a byte
//! there (an encoder's `&#NNNN;` for the others never counts) and the bytes are UTF-8.
//!
//! 1. Text that is ASCII, or has no garbled sequence under any code page, is sound.
//!    One pass over the bytes finds the sequences: only characters that begin the
//!    image of a continuation byte are looked at closely, and few of those occur in
//!    sound text, Russian included (`ё`, `»`, `…`).
//! 2. When every line with non-ASCII text repairs, the file is judged whole: it is
//!    mojibake when its changed lines (the first 64 KiB of them) are odder before
//!    the repair than after, and then every line is repaired. Otherwise each line
//!    holding a garbled sequence is judged alone, by the same comparison, so that
//!    garbled lines pasted into a sound file are repaired and the rest is kept.
//! 3. *Oddness* counts what garbling makes and sound text rarely has, inside a word:
//!    C1 controls, private-use characters and U+FFFD; a non-ASCII letter next to a
//!    symbol (`Ã©`, `Ð¿`, `–¥`); letters of two scripts side by side (`Рµ`); a
//!    lowercase letter before a non-ASCII capital (`fÃ`, `ёР`); two symbols side by
//!    side unless both are punctuation (`…»`) or both pictographs (emoji); an
//!    uncommon combining mark, or one after no letter; a non-ASCII capital before
//!    a no-break space (`Â `). A garbled byte-order mark (`ï»¿`) at the start
//!    counts three.
//! 4. A file is mojibake only when at least three garbled characters are repaired:
//!    one garbled accent (`Ã©`, two characters) is what a text explaining mojibake
//!    quotes.
//! 5. When several code pages repair, the one explaining the most garbled characters
//!    wins, then the one whose repair is least odd, then the first of Windows-1252,
//!    Latin-1, Mac Roman, Windows-1251. Latin-1 and Windows-1252 differ only in
//!    `80`–`9F`, so one of them fails on any text that tells them apart, and their
//!    repairs agree on any text that does not.
//!
//! Repairs change only non-ASCII characters: line endings (LF, CRLF, a lone CR), a
//! missing final newline and every ASCII byte stay as they are, and a byte-order
//! mark before the text is kept. Text garbled twice is repaired one layer at a
//! time: the repaired text is reported again by the next run.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use encoding_rs::{Encoding, MACINTOSH, WINDOWS_1251, WINDOWS_1252};

/// A single-byte code page through which UTF-8 text was read by mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodePage {
    /// Mac OS Roman, as the WHATWG encoding standard defines `macintosh`.
    MacRoman,
    /// Windows-1252, Western European (what browsers also use for `iso-8859-1`).
    Windows1252,
    /// Windows-1251, Cyrillic.
    Windows1251,
    /// ISO-8859-1 proper: every byte is the code point of its value, so bytes
    /// `80`–`9F` are the C1 controls.
    Latin1,
}

impl CodePage {
    /// Every code page, in declaration order.
    pub const ALL: [CodePage; 4] = [
        CodePage::MacRoman,
        CodePage::Windows1252,
        CodePage::Windows1251,
        CodePage::Latin1,
    ];

    /// The order in which equally good repairs are preferred: the most common
    /// mistake first.
    const PREFERENCE: [CodePage; 4] = [
        CodePage::Windows1252,
        CodePage::Latin1,
        CodePage::MacRoman,
        CodePage::Windows1251,
    ];

    /// The name users know: "Mac Roman", "Windows-1252", "Windows-1251", "Latin-1".
    pub fn name(self) -> &'static str {
        match self {
            CodePage::MacRoman => "Mac Roman",
            CodePage::Windows1252 => "Windows-1252",
            CodePage::Windows1251 => "Windows-1251",
            CodePage::Latin1 => "Latin-1",
        }
    }

    /// The double-encoded form of `text`: its UTF-8 bytes read as this code page,
    /// as UTF-8 (what an editor produced; for tests and for users who want to
    /// reproduce it).
    ///
    /// ```
    /// use roadmap::lint::mojibake::CodePage;
    /// assert_eq!(CodePage::MacRoman.garble("для"), "–¥–ª—è");
    /// assert_eq!(CodePage::Windows1252.garble("привет"), "Ð¿Ñ€Ð¸Ð²ÐµÑ‚");
    /// ```
    pub fn garble(self, text: &str) -> String {
        match self.encoding() {
            // Every byte has a character in these three: nothing is replaced.
            Some(encoding) => encoding
                .decode_without_bom_handling(text.as_bytes())
                .0
                .into_owned(),
            None => text.bytes().map(char::from).collect(),
        }
    }

    /// The text `garbled` is the garbling of, if any: `garbled` encoded into this
    /// code page, when every character has a byte here and the bytes are UTF-8.
    ///
    /// ```
    /// use roadmap::lint::mojibake::CodePage;
    /// assert_eq!(CodePage::Windows1251.repair("РїСЂРёРІРµС‚").as_deref(), Some("привет"));
    /// assert_eq!(CodePage::Windows1251.repair("Россия"), None);
    /// ```
    pub fn repair(self, garbled: &str) -> Option<String> {
        String::from_utf8(self.encode(garbled)?).ok()
    }

    /// The bytes of `text` in this code page, or None when a character has none.
    ///
    /// The tables are read from encoding_rs's decoders; its encoders would give
    /// the same bytes (a test checks every one) but look characters up one by one.
    fn encode(self, text: &str) -> Option<Vec<u8>> {
        let tables: &Tables = &TABLES;
        text.chars().map(|c| tables.byte_in(self, c)).collect()
    }

    /// encoding_rs's encoding, or None for Latin-1, which encoding_rs maps to
    /// Windows-1252 as the WHATWG standard does.
    fn encoding(self) -> Option<&'static Encoding> {
        match self {
            CodePage::MacRoman => Some(MACINTOSH),
            CodePage::Windows1252 => Some(WINDOWS_1252),
            CodePage::Windows1251 => Some(WINDOWS_1251),
            CodePage::Latin1 => None,
        }
    }

    /// The character byte `byte` (`80`–`FF`) stands for in this code page.
    fn char_of(self, byte: u8) -> Option<char> {
        let text = self.garble_bytes(&[byte]);
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c != char::REPLACEMENT_CHARACTER => Some(c),
            _ => None,
        }
    }

    /// [`CodePage::garble`] of bytes that need not be UTF-8.
    fn garble_bytes(self, bytes: &[u8]) -> String {
        match self.encoding() {
            Some(encoding) => encoding.decode_without_bom_handling(bytes).0.into_owned(),
            None => bytes.iter().copied().map(char::from).collect(),
        }
    }

    /// This code page's slot in a [`Bytes`] array.
    fn index(self) -> usize {
        self as usize
    }
}

/// A file found to be mojibake, and its repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mojibake {
    /// The code page the text was read through.
    pub code_page: CodePage,
    /// The whole text repaired: the bytes to write back.
    pub repaired: String,
    /// The first line the repair changes.
    pub sample: Sample,
}

/// One line before and after the repair, to show the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// The line's number, from 1.
    pub line: usize,
    /// The line as it is, without its line ending.
    pub before: String,
    /// The line repaired, without its line ending.
    pub after: String,
}

/// The file's text repaired, when it is mojibake; None for text that is fine.
///
/// ```
/// use roadmap::lint::mojibake::{detect, CodePage};
/// let found = detect("# Go –¥–ª—è Backend —Ä–∞–∑—Ä–∞–±–æ—Ç—á–∏–∫–∞\n").unwrap();
/// assert_eq!(found.code_page, CodePage::MacRoman);
/// assert_eq!(found.repaired, "# Go для Backend разработчика\n");
/// assert_eq!(detect("# Go для Backend разработчика\n"), None);
/// ```
pub fn detect(text: &str) -> Option<Mojibake> {
    if text.is_ascii() {
        return None;
    }
    // A byte-order mark before the text is kept as it is; a garbled one (`ï»¿`)
    // is part of the text and repairs to the mark.
    let body = text.strip_prefix(BOM).unwrap_or(text);
    let offset = text.len() - body.len();
    if body.is_ascii() {
        return None;
    }
    let tables: &Tables = &TABLES;
    if !find_hit_lines(body, tables, Scan::UntilFirst)
        .iter()
        .any(|lines| !lines.is_empty())
    {
        return None;
    }
    // A garbled file is repaired whole or not at all; a sound file may hold
    // garbled lines pasted in, and those are repaired one by one.
    let wholes = whole_repairs(body);
    let judged_whole: Vec<CodePage> = wholes.iter().map(|(page, _)| *page).collect();
    let best = wholes
        .into_iter()
        .filter_map(|(page, repaired)| judge_whole(page, body, repaired, tables))
        .reduce(better)
        .or_else(|| judge_hit_lines(body, tables, &judged_whole))?;
    let repaired = splice(text, offset, &best.edits)?;
    let sample = first_changed_line(text, &repaired)?;
    Some(Mojibake {
        code_page: best.page,
        repaired,
        sample,
    })
}

/// The byte-order mark.
const BOM: char = '\u{FEFF}';

/// Garbled characters a file must repair to be called mojibake: one garbled
/// accented letter (`Ã©`, two characters) is what a text explaining mojibake quotes.
const MIN_GARBLED: usize = 3;

/// How much of the changed lines the whole-file judgement reads: enough to judge,
/// and a 100 MB file costs no more than a small one.
const SAMPLE_BYTES: usize = 64 * 1024;

/// The oddness of a garbled byte-order mark at the start of a file: `Ôªø`, three
/// letters, is not odd by the other rules, and a mark in front of a file is the
/// commonest trace an editor leaves.
const GARBLED_BOM_ODDNESS: usize = 3;

/// A character's byte in each code page, by [`CodePage::index`]; 0 where it has none.
type Bytes = [u8; 4];

/// What the scan and the repair need to know about the characters code pages give
/// bytes `80`–`FF`.
struct Tables {
    /// The bytes of U+0080..U+04FF (Latin-1 and Cyrillic), by code point minus 0x80.
    low: Vec<Bytes>,
    /// The bytes of U+2000..U+22FF (punctuation, letterlike, arrows, maths: most of
    /// Mac Roman's), by code point minus 0x2000.
    middle: Vec<Bytes>,
    /// The bytes of the few other characters some code page has, sorted.
    rest: Vec<(char, Bytes)>,
    /// For each UTF-8 lead byte (by its low six bits), the second bytes (a bit each,
    /// by their low six bits) that begin a character standing for a continuation
    /// byte in some code page: where the scan looks closer.
    cont_starts: [u64; 64],
}

/// The code points [`Tables::low`] covers.
const LOW: Range<u32> = 0x80..0x500;

/// The code points [`Tables::middle`] covers.
const MIDDLE: Range<u32> = 0x2000..0x2300;

/// Built once, from encoding_rs's own decoders, so that the scan, the repair and
/// [`CodePage::garble`] agree on every byte.
static TABLES: LazyLock<Tables> = LazyLock::new(Tables::build);

impl Tables {
    /// Reads bytes `80`–`FF` of every code page.
    fn build() -> Tables {
        let mut all: BTreeMap<char, Bytes> = BTreeMap::new();
        for page in CodePage::ALL {
            for byte in 0x80..=0xFF {
                if let Some(c) = page.char_of(byte)
                    && let Some(slot) = all.entry(c).or_default().get_mut(page.index())
                {
                    *slot = byte;
                }
            }
        }
        let mut tables = Tables {
            low: vec![[0; 4]; LOW.len()],
            middle: vec![[0; 4]; MIDDLE.len()],
            rest: Vec::new(),
            cont_starts: [0; 64],
        };
        for (c, bytes) in all {
            if bytes.iter().any(|&b| is_continuation(b)) {
                tables.note_cont_start(c);
            }
            match tables.slot_mut(u32::from(c)) {
                Some(slot) => *slot = bytes,
                None => tables.rest.push((c, bytes)),
            }
        }
        tables
    }

    /// The direct slot of code point `code`, if a direct table covers it.
    fn slot_mut(&mut self, code: u32) -> Option<&mut Bytes> {
        if LOW.contains(&code) {
            self.low.get_mut((code - LOW.start) as usize)
        } else if MIDDLE.contains(&code) {
            self.middle.get_mut((code - MIDDLE.start) as usize)
        } else {
            None
        }
    }

    /// Marks the first two UTF-8 bytes of `c` (never ASCII) in `cont_starts`.
    fn note_cont_start(&mut self, c: char) {
        let mut buf = [0; 4];
        let utf8 = c.encode_utf8(&mut buf).as_bytes();
        if let (Some(&lead), Some(&second)) = (utf8.first(), utf8.get(1))
            && let Some(bits) = self.cont_starts.get_mut(usize::from(lead & 0x3F))
        {
            *bits |= 1 << (second & 0x3F);
        }
    }

    /// The bytes of `c` in each code page.
    fn bytes_of(&self, c: char) -> Bytes {
        let code = u32::from(c);
        let direct = if LOW.contains(&code) {
            self.low.get((code - LOW.start) as usize)
        } else if MIDDLE.contains(&code) {
            self.middle.get((code - MIDDLE.start) as usize)
        } else if code < 0x80 {
            return [0; 4];
        } else {
            self.rest
                .binary_search_by_key(&c, |&(k, _)| k)
                .ok()
                .and_then(|i| self.rest.get(i))
                .map(|(_, bytes)| bytes)
        };
        direct.copied().unwrap_or_default()
    }

    /// The byte of `c` in `page`, if it has one (ASCII is itself).
    fn byte_in(&self, page: CodePage, c: char) -> Option<u8> {
        if let Ok(ascii) = u8::try_from(c)
            && ascii.is_ascii()
        {
            return Some(ascii);
        }
        self.bytes_of(c)
            .get(page.index())
            .copied()
            .filter(|&b| b != 0)
    }

    /// Whether a character whose UTF-8 begins `lead, second` may stand for a
    /// continuation byte.
    fn may_be_continuation(&self, lead: u8, second: u8) -> bool {
        self.cont_starts[usize::from(lead & 0x3F)] >> (second & 0x3F) & 1 == 1
    }
}

/// Whether `byte` is a UTF-8 continuation byte.
fn is_continuation(byte: u8) -> bool {
    (0x80..=0xBF).contains(&byte)
}

/// The length of the UTF-8 character `byte` begins, when it is a lead byte of a
/// multi-byte character.
fn sequence_length(byte: u8) -> Option<usize> {
    match byte {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

/// For each code page, the lines (byte ranges without their endings) holding at
/// least one garbled sequence, in order.
type HitLines = [Vec<Range<usize>>; 4];

/// How far [`find_hit_lines`] goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// To the first garbled sequence: whether there is any.
    UntilFirst,
    /// To the end.
    All,
}

/// One pass over `text` finding the lines with garbled sequences.
///
/// Most bytes are passed over by their value alone: ASCII eight at a time, and
/// each other character by its first two bytes, which tell whether it can stand
/// for a continuation byte. Only those are looked at closer, with the character
/// before them: in sound text, a few punctuation marks and `ё`.
fn find_hit_lines(text: &str, tables: &Tables, scan: Scan) -> HitLines {
    let bytes = text.as_bytes();
    let mut hits = HitLines::default();
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte < 0x80 {
            i = skip_ascii(bytes, i + 1);
            continue;
        }
        let second = bytes.get(i + 1).copied().unwrap_or(0);
        if tables.may_be_continuation(byte, second) {
            note_sequence(text, i, tables, &mut hits);
            if scan == Scan::UntilFirst && hits.iter().any(|lines| !lines.is_empty()) {
                break;
            }
        }
        // `i` is always at the start of a character: step over the whole of it.
        i += sequence_length(byte).unwrap_or(1);
    }
    hits
}

/// The first index from `i` whose eight-byte word is not all ASCII.
fn skip_ascii(bytes: &[u8], mut i: usize) -> usize {
    while let Some(word) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        if u64::from_ne_bytes(*word) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 8;
    }
    i
}

/// Looks at the character at `at`, which may stand for a continuation byte: under
/// each code page where it does, and where the character before it stands for a
/// lead byte, a garbled sequence may start there. Notes its line when it does.
fn note_sequence(text: &str, at: usize, tables: &Tables, hits: &mut HitLines) {
    let (Some(rest), Some(before)) = (text.get(at..), text.get(..at)) else {
        return;
    };
    let (Some(cont), Some(lead)) = (rest.chars().next(), before.chars().next_back()) else {
        return;
    };
    let (cont_bytes, lead_bytes) = (tables.bytes_of(cont), tables.bytes_of(lead));
    for page in CodePage::ALL {
        let k = page.index();
        let (Some(lines), Some(&cont_byte), Some(&lead_byte)) =
            (hits.get_mut(k), cont_bytes.get(k), lead_bytes.get(k))
        else {
            continue;
        };
        // One sequence is enough to judge a line: the rest of it is known.
        let known = lines.last().is_some_and(|line| line.end > at);
        if !known && is_continuation(cont_byte) && completes_sequence(tables, page, lead_byte, rest)
        {
            lines.push(line_around(text.as_bytes(), at - lead.len_utf8(), at));
        }
    }
}

/// Whether `lead` and the bytes `rest`'s first characters stand for in `page` make
/// one valid UTF-8 character.
fn completes_sequence(tables: &Tables, page: CodePage, lead: u8, rest: &str) -> bool {
    let Some(length) = sequence_length(lead) else {
        return false;
    };
    let mut sequence = [lead, 0, 0, 0];
    let mut chars = rest.chars();
    for slot in sequence.iter_mut().take(length).skip(1) {
        match chars.next().and_then(|c| tables.byte_in(page, c)) {
            Some(byte) if is_continuation(byte) => *slot = byte,
            _ => return false,
        }
    }
    // UTF-8's own rules decide the rest: no overlong forms, no surrogates,
    // nothing past U+10FFFF.
    sequence
        .get(..length)
        .is_some_and(|sequence| std::str::from_utf8(sequence).is_ok())
}

/// The line holding `start..end`, without its ending.
fn line_around(bytes: &[u8], start: usize, end: usize) -> Range<usize> {
    let from = bytes
        .get(..start)
        .and_then(|head| memchr::memrchr2(b'\n', b'\r', head))
        .map_or(0, |p| p + 1);
    let to = bytes
        .get(end..)
        .and_then(|tail| memchr::memchr2(b'\n', b'\r', tail))
        .map_or(bytes.len(), |p| end + p);
    from..to
}

/// A code page's repair of a file: what it changes, and how good it is.
struct Candidate {
    /// The code page.
    page: CodePage,
    /// Byte ranges of the text (after any byte-order mark) and their repairs, in order.
    edits: Vec<(Range<usize>, String)>,
    /// Garbled characters repaired: the repair explains that many.
    garbled: usize,
    /// The oddness left in the repaired lines judged.
    oddness: usize,
}

/// The code pages that repair the whole of `body`, with their repairs.
///
/// Tried once a garbled sequence is known to be there, and before the full scan
/// for them, which a wholly garbled file then never needs. A code page lacking a
/// character fails early, and the first line with non-ASCII text is tried alone
/// first, so a sound file costs little.
fn whole_repairs(body: &str) -> Vec<(CodePage, String)> {
    let bytes = body.as_bytes();
    let Some(first) = first_non_ascii(bytes) else {
        return Vec::new();
    };
    let Some(first_line) = body.get(line_around(bytes, first, first)) else {
        return Vec::new();
    };
    CodePage::PREFERENCE
        .into_iter()
        .filter(|page| page.repair(first_line).is_some())
        .filter_map(|page| Some((page, page.repair(body)?)))
        .collect()
}

/// The index of the first non-ASCII byte.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    let start = skip_ascii(bytes, 0);
    let offset = bytes.get(start..)?.iter().position(|b| !b.is_ascii())?;
    Some(start + offset)
}

/// The best line-by-line repair of `body`: its lines with garbled sequences, under
/// each code page but those in `judged_whole`, which repair the whole file and
/// found it sound.
fn judge_hit_lines(body: &str, tables: &Tables, judged_whole: &[CodePage]) -> Option<Candidate> {
    let hits = find_hit_lines(body, tables, Scan::All);
    CodePage::PREFERENCE
        .into_iter()
        .filter(|page| !judged_whole.contains(page))
        .filter_map(|page| {
            let lines = hits.get(page.index())?;
            (!lines.is_empty()).then(|| judge_lines(page, body, lines))?
        })
        .reduce(better)
}

/// The better of two repairs, `best` on a tie: it comes first in preference.
fn better(best: Candidate, next: Candidate) -> Candidate {
    let wins = next.garbled > best.garbled
        || (next.garbled == best.garbled && next.oddness < best.oddness);
    if wins { next } else { best }
}

/// The whole-file repair `repaired`, if the file is mojibake: judged on a sample of
/// its changed lines.
fn judge_whole(page: CodePage, body: &str, repaired: String, tables: &Tables) -> Option<Candidate> {
    let (before, after) = sample_oddness(page, body, tables)?;
    let garbled = non_ascii_bytes(&repaired);
    (after < before && garbled >= MIN_GARBLED).then(|| Candidate {
        page,
        edits: vec![(0..body.len(), repaired)],
        garbled,
        oddness: after,
    })
}

/// The oddness of the first [`SAMPLE_BYTES`] of the changed lines of `body`, which
/// `page` repairs whole, before and after the repair.
fn sample_oddness(page: CodePage, body: &str, tables: &Tables) -> Option<(usize, usize)> {
    let (mut before, mut after) = (0, 0);
    let mut budget = SAMPLE_BYTES;
    for line in line_ranges(body) {
        if budget == 0 {
            break;
        }
        if body
            .as_bytes()
            .get(line.clone())
            .is_none_or(<[u8]>::is_ascii)
        {
            continue;
        }
        let end = sequence_boundary(
            page,
            body,
            line.start.saturating_add(budget),
            line.end,
            tables,
        );
        let piece = body.get(line.start..end)?;
        let repaired = page.repair(piece)?;
        before += oddness(piece) + bom_oddness(line.start, &repaired);
        after += oddness(&repaired);
        budget = budget.saturating_sub(piece.len());
    }
    Some((before, after))
}

/// The first place from `at` (and before `end`) where no garbled sequence is cut:
/// a character boundary before a character that does not stand for a
/// continuation byte.
fn sequence_boundary(page: CodePage, body: &str, at: usize, end: usize, tables: &Tables) -> usize {
    let mut at = at.min(end);
    while at < end {
        let Some(c) = body.get(at..).and_then(|rest| rest.chars().next()) else {
            at += 1; // not a character boundary yet
            continue;
        };
        if !tables.byte_in(page, c).is_some_and(is_continuation) {
            break;
        }
        at += c.len_utf8();
    }
    at
}

/// The repairs of the lines that are odder garbled than repaired, if they repair
/// enough garbled characters.
fn judge_lines(page: CodePage, body: &str, lines: &[Range<usize>]) -> Option<Candidate> {
    let mut candidate = Candidate {
        page,
        edits: Vec::new(),
        garbled: 0,
        oddness: 0,
    };
    for line in lines {
        let Some(before) = body.get(line.clone()) else {
            continue;
        };
        let Some(after) = page.repair(before) else {
            continue;
        };
        let odd_after = oddness(&after);
        if odd_after >= oddness(before) + bom_oddness(line.start, &after) {
            continue;
        }
        candidate.garbled += non_ascii_bytes(&after);
        candidate.oddness += odd_after;
        candidate.edits.push((line.clone(), after));
    }
    (candidate.garbled >= MIN_GARBLED).then_some(candidate)
}

/// [`GARBLED_BOM_ODDNESS`] when the repair of the text at `start` begins with a
/// byte-order mark at the very start.
fn bom_oddness(start: usize, repaired: &str) -> usize {
    if start == 0 && repaired.starts_with(BOM) {
        GARBLED_BOM_ODDNESS
    } else {
        0
    }
}

/// Bytes of non-ASCII characters in `text`: in a repair, the number of garbled
/// characters it replaced.
fn non_ascii_bytes(text: &str) -> usize {
    text.bytes().filter(|b| !b.is_ascii()).count()
}

/// `text` with `edits` made after its first `offset` bytes.
fn splice(text: &str, offset: usize, edits: &[(Range<usize>, String)]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    out.push_str(text.get(..offset)?);
    let mut cursor = offset;
    for (range, replacement) in edits {
        out.push_str(text.get(cursor..offset + range.start)?);
        out.push_str(replacement);
        cursor = offset + range.end;
    }
    out.push_str(text.get(cursor..)?);
    Some(out)
}

/// The first line that differs between `before` and its repair `after`, which
/// has the same lines and line endings.
fn first_changed_line(before: &str, after: &str) -> Option<Sample> {
    line_ranges(before)
        .zip(line_ranges(after))
        .enumerate()
        .find_map(|(n, (old, new))| {
            let (old, new) = (before.get(old)?, after.get(new)?);
            (old != new).then(|| Sample {
                line: n + 1,
                before: old.to_owned(),
                after: new.to_owned(),
            })
        })
}

/// The lines of `text` as byte ranges without their endings (LF, CRLF or a lone
/// CR, as CommonMark counts them).
fn line_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut next = Some(0);
    std::iter::from_fn(move || {
        let start = next?;
        let rest = bytes.get(start..)?;
        match memchr::memchr2(b'\n', b'\r', rest) {
            Some(p) => {
                let end = start + p;
                let crlf = bytes.get(end..end + 2) == Some(b"\r\n".as_slice());
                next = Some(end + if crlf { 2 } else { 1 });
                Some(start..end)
            }
            None => {
                next = None;
                Some(start..bytes.len())
            }
        }
    })
}

/// How odd `text` looks: the number of places where it has what garbling makes and
/// sound text rarely has (see the module's rule 3).
fn oddness(text: &str) -> usize {
    let mut odd = 0;
    let mut previous: Option<Class> = None;
    for c in text.chars() {
        let class = Class::of(c);
        odd += match (previous, class) {
            (_, Class::Bad) => 1,
            (Some(before), Class::Space) => usize::from(c == '\u{A0}' && before.is_capital()),
            (Some(before), _) => pair_oddness(before, class),
            (None, Class::Mark { .. }) => 1,
            (None, _) => 0,
        };
        // Oddness is looked for inside words: whitespace starts afresh.
        previous = (class != Class::Space).then_some(class);
    }
    odd
}

/// The oddness of `next` right after `before` in one word.
fn pair_oddness(before: Class, next: Class) -> usize {
    match (before, next) {
        (Class::Letter(a), Class::Letter(b)) => a.oddness_before(b),
        // `«слово»` pays for this too, but its garbled forms pay far more.
        (Class::Letter(letter), Class::Punct | Class::Picto | Class::Symbol)
        | (Class::Punct | Class::Picto | Class::Symbol, Class::Letter(letter)) => {
            usize::from(!letter.ascii)
        }
        // Decomposed accents follow a letter (`é` as `e` + U+0301).
        (Class::Letter(_) | Class::Mark { .. }, Class::Mark { common }) => usize::from(!common),
        (_, Class::Mark { .. }) => 1,
        (Class::Symbol, Class::Punct | Class::Picto | Class::Symbol)
        | (Class::Punct | Class::Picto, Class::Symbol) => 1,
        _ => 0,
    }
}

/// What a character is, for [`oddness`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Whitespace: it ends a word.
    Space,
    /// ASCII digits, punctuation and controls.
    AsciiOther,
    /// A letter (`ª`, `µ` and CJK punctuation included).
    Letter(Letter),
    /// A combining mark; `common` for the accents of decomposed European text.
    Mark { common: bool },
    /// Quotes, dashes, the ellipsis, bullets: punctuation that touches words.
    Punct,
    /// Emoji, arrows, dingbats and the characters that join them.
    Picto,
    /// Any other symbol: `©`, `¶`, `√`, `€`, superscripts.
    Symbol,
    /// C1 controls, private use, U+FFFD: never in sound text.
    Bad,
}

/// A letter's script and case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Letter {
    /// Its script, roughly.
    script: Script,
    /// Its case.
    case: Case,
    /// Whether it is ASCII.
    ascii: bool,
}

/// The scripts garbling mixes up: the rest are one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Other,
}

/// A letter's case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Lower,
    Upper,
    Caseless,
}

impl Class {
    /// The class of `c`.
    fn of(c: char) -> Class {
        if c.is_ascii() {
            return Class::of_ascii(c);
        }
        let code = u32::from(c);
        if is_bad(code) {
            Class::Bad
        } else if c.is_whitespace() {
            Class::Space
        } else if let Some(common) = mark(code) {
            Class::Mark { common }
        } else if c.is_alphabetic() || is_cjk_punctuation(code) {
            Class::Letter(Letter::of(c))
        } else if is_pictograph(code) {
            Class::Picto
        } else if is_punctuation(c) {
            Class::Punct
        } else {
            Class::Symbol
        }
    }

    /// The class of the ASCII character `c`.
    fn of_ascii(c: char) -> Class {
        if c.is_ascii_alphabetic() {
            Class::Letter(Letter {
                script: Script::Latin,
                case: if c.is_ascii_uppercase() {
                    Case::Upper
                } else {
                    Case::Lower
                },
                ascii: true,
            })
        } else if c.is_ascii_whitespace() {
            Class::Space
        } else {
            Class::AsciiOther
        }
    }

    /// Whether this is a non-ASCII capital letter.
    fn is_capital(self) -> bool {
        matches!(self, Class::Letter(letter) if !letter.ascii && letter.case == Case::Upper)
    }
}

impl Letter {
    /// The script and case of the non-ASCII letter `c`.
    fn of(c: char) -> Letter {
        let script = match u32::from(c) {
            0xAA | 0xBA | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
            0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
            0x400..=0x52F => Script::Cyrillic,
            _ => Script::Other,
        };
        let case = if c.is_uppercase() {
            Case::Upper
        } else if c.is_lowercase() {
            Case::Lower
        } else {
            Case::Caseless
        };
        Letter {
            script,
            case,
            ascii: false,
        }
    }

    /// The oddness of letter `next` right after this one.
    fn oddness_before(self, next: Letter) -> usize {
        if self.ascii && next.ascii {
            return 0;
        }
        let scripts = usize::from(self.script != next.script);
        // `fÃ`, `ёР`: words do not turn to capitals midway (`iPhone` is ASCII).
        let capital =
            usize::from(self.case == Case::Lower && next.case == Case::Upper && !next.ascii);
        scripts + capital
    }
}

/// C1 controls, private use, U+FFFD and the noncharacters beside it.
fn is_bad(code: u32) -> bool {
    matches!(code, 0x80..=0x9F | 0xE000..=0xF8FF | 0xFFFD..=0xFFFF | 0xF0000..)
}

/// For a combining mark, whether it is one of the common accents of decomposed
/// European text (U+0300..U+030C, dot below, cedilla).
fn mark(code: u32) -> Option<bool> {
    match code {
        0x300..=0x30C | 0x323 | 0x327 => Some(true),
        0x30D..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20E2 | 0x20E4..=0x20FF => {
            Some(false)
        }
        0xFE20..=0xFE2F => Some(false),
        _ => None,
    }
}

/// CJK and full-width punctuation: it sits inside CJK text as letters do.
fn is_cjk_punctuation(code: u32) -> bool {
    matches!(code, 0x3001..=0x303F | 0xFF01..=0xFFEF)
}

/// Emoji, arrows, dingbats, geometric shapes, and the joiners, variation selectors,
/// keycap and tags of emoji sequences.
fn is_pictograph(code: u32) -> bool {
    matches!(
        code,
        0x200D
            | 0x20E3
            | 0x2190..=0x21FF
            | 0x2300..=0x23FF
            | 0x2460..=0x24FF
            | 0x25A0..=0x27BF
            | 0x2900..=0x297F
            | 0x2B00..=0x2BFF
            | 0xFE0E
            | 0xFE0F
            | 0x1F000..=0x1FAFF
            | 0xE0020..=0xE007F
    )
}

/// Punctuation that touches words in sound text: quotes, dashes, the ellipsis,
/// bullets, primes, inverted marks.
fn is_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2015}'
            | '\u{2018}'..='\u{201F}'
            | '•'
            | '‣'
            | '…'
            | '′'
            | '″'
            | '‹'
            | '›'
            | '«'
            | '»'
            | '¡'
            | '¿'
            | '·'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const GO_BACKEND: &str = include_str!("../../plans/go-backend.md");
    const BACKEND_ROADMAP: &str = include_str!("../../plans/backend-roadmap.md");
    const PLANS: [(&str, &str); 2] = [
        ("go-backend.md", GO_BACKEND),
        ("backend-roadmap.md", BACKEND_ROADMAP),
    ];

    const JAPANESE: &str =
        "# 学習計画\n\n- [ ] 日本語のテキストを読む（毎日）\n- [x] Go言語の基本、構文とテスト\n";
    const EMOJI: &str = "## 📋 Plan 🚀\n- [ ] ✅ done 👍🏻 👨‍💻 1️⃣ 🇫🇷\n- [ ] ⭐ 🔥 💡 🎉\n";

    /// Repairs `garbled` and checks the repair is `original`, byte for byte, and
    /// that the code page named garbles `original` into `garbled`.
    fn assert_repairs(garbled: &str, original: &str) -> Mojibake {
        let found = detect(garbled).unwrap_or_else(|| panic!("not found: {garbled:?}"));
        assert!(
            found.repaired == original,
            "repaired wrongly: {:?}",
            found.repaired
        );
        assert_eq!(found.code_page.garble(original), garbled);
        found
    }

    #[test]
    fn every_byte_round_trips_through_every_code_page() {
        for page in CodePage::ALL {
            let mut seen = std::collections::HashSet::new();
            for byte in 0x80..=0xFF_u8 {
                let c = page
                    .char_of(byte)
                    .unwrap_or_else(|| panic!("{page:?} {byte:x}"));
                assert!(seen.insert(c), "{page:?}: {c:?} twice");
                assert_eq!(
                    page.encode(&c.to_string()),
                    Some(vec![byte]),
                    "{page:?} {c:?}"
                );
            }
        }
    }

    /// encoding_rs's encoder, without replacement: the reference for [`CodePage::encode`].
    fn encoding_rs_encode(page: CodePage, text: &str) -> Option<Vec<u8>> {
        let Some(encoding) = page.encoding() else {
            return text.chars().map(|c| u8::try_from(c).ok()).collect();
        };
        let mut bytes = Vec::with_capacity(text.len());
        let (result, _) = encoding
            .new_encoder()
            .encode_from_utf8_to_vec_without_replacement(text, &mut bytes, true);
        matches!(result, encoding_rs::EncoderResult::InputEmpty).then_some(bytes)
    }

    #[test]
    fn encoding_agrees_with_encoding_rs() {
        let texts = [
            GO_BACKEND,
            BACKEND_ROADMAP,
            JAPANESE,
            EMOJI,
            "café ÿ € ‰ Ж ✓ \u{85}",
        ];
        for page in CodePage::ALL {
            for other in CodePage::ALL {
                for text in texts {
                    let garbled = other.garble(text);
                    assert_eq!(page.encode(&garbled), encoding_rs_encode(page, &garbled));
                    assert_eq!(page.encode(text), encoding_rs_encode(page, text));
                }
            }
        }
        // With replacement, a character the code page lacks is written `&#1046;`:
        // ASCII, which must never pass for a repair.
        let (bytes, _, had_errors) = WINDOWS_1252.encode("Ж");
        assert!(had_errors);
        assert_eq!(&*bytes, b"&#1046;");
    }

    #[test]
    fn latin1_is_not_windows_1252() {
        assert_eq!(CodePage::Latin1.garble("р"), "Ñ\u{80}");
        assert_eq!(CodePage::Windows1252.garble("р"), "Ñ€");
        assert_eq!(CodePage::Latin1.repair("Ñ€"), None);
        assert_eq!(CodePage::Windows1252.repair("Ñ\u{80}"), None);
    }

    #[test]
    fn a_character_the_code_page_lacks_is_no_repair() {
        // With replacement, encoding_rs would write `&#1046;`, which is ASCII.
        assert_eq!(CodePage::Windows1252.repair("Ж"), None);
        assert_eq!(CodePage::MacRoman.repair("Ж"), None);
        assert_eq!(CodePage::Latin1.repair("Ж"), None);
    }

    #[test]
    fn names() {
        let names = CodePage::ALL.map(CodePage::name);
        assert_eq!(
            names,
            ["Mac Roman", "Windows-1252", "Windows-1251", "Latin-1"]
        );
    }

    #[test]
    fn bundled_plans_garbled_through_each_code_page_repair_exactly() {
        for (name, plan) in PLANS {
            assert_eq!(detect(plan), None, "{name} is sound");
            for page in CodePage::ALL {
                let found = assert_repairs(&page.garble(plan), plan);
                assert_eq!(found.code_page, page, "{name}");
                assert_eq!(found.sample.line, 1, "{name} {page:?}");
            }
        }
    }

    #[test]
    fn text_garbled_twice_is_repaired_one_layer_a_run() {
        for page in CodePage::ALL {
            let once = page.garble(GO_BACKEND);
            let twice = page.garble(&once);
            let first = detect(&twice).unwrap_or_else(|| panic!("{page:?}"));
            assert!(first.repaired == once, "{page:?}");
            assert_eq!(
                detect(&first.repaired).map(|m| m.repaired).as_deref(),
                Some(GO_BACKEND)
            );
        }
    }

    #[test]
    fn the_issue_examples_repair() {
        let found = assert_repairs(
            "# Go –¥–ª—è Backend —Ä–∞–∑—Ä–∞–±–æ—Ç—á–∏–∫–∞",
            "# Go для Backend разработчика",
        );
        assert_eq!(found.code_page, CodePage::MacRoman);
        let found = assert_repairs("Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет");
        assert_eq!(found.code_page, CodePage::Windows1252);
        let found = assert_repairs("РїСЂРёРІРµС‚", "привет");
        assert_eq!(found.code_page, CodePage::Windows1251);
    }

    #[test]
    fn japanese_and_emoji_repair_exactly_from_each_code_page() {
        for text in [JAPANESE, EMOJI] {
            assert_eq!(detect(text), None);
            for page in CodePage::ALL {
                assert_repairs(&page.garble(text), text);
            }
        }
    }

    #[test]
    fn emoji_lines_alone_repair() {
        for emoji in ["📋", "🚀", "✅", "👨‍💻", "🎯 ЭТАП 1", "- [ ] 🔥"] {
            let text = format!("# Plan\n\n{emoji}\n");
            for page in CodePage::ALL {
                assert_repairs(&page.garble(&text), &text);
            }
        }
    }

    #[test]
    fn pasted_garbled_lines_are_repaired_and_the_rest_is_kept() {
        let sound = "# План\n\n- [ ] Привет, мир\n- [ ] café\n";
        for page in CodePage::ALL {
            let pasted = page.garble("- [ ] Изучить горутины и каналы");
            let text = format!("{sound}{pasted}\n- [ ] Ещё одна задача\n{pasted}\n");
            let expected = format!(
                "{sound}- [ ] Изучить горутины и каналы\n- [ ] Ещё одна задача\n- [ ] Изучить горутины и каналы\n"
            );
            let found = detect(&text).unwrap_or_else(|| panic!("{page:?}"));
            assert_eq!(found.repaired, expected, "{page:?}");
            assert_eq!(found.code_page, page);
            assert_eq!(
                found.sample,
                Sample {
                    line: 5,
                    before: pasted.clone(),
                    after: "- [ ] Изучить горутины и каналы".to_owned(),
                }
            );
        }
    }

    #[test]
    fn a_byte_order_mark_survives_and_a_garbled_one_is_repaired() {
        let with_bom = format!("\u{FEFF}{GO_BACKEND}");
        for page in CodePage::ALL {
            // Garbled with the mark: the mark is garbled too (`ï»¿`, `Ôªø`).
            assert_repairs(&page.garble(&with_bom), &with_bom);
            // The mark kept in front of a garbled text.
            let kept = format!("\u{FEFF}{}", page.garble(GO_BACKEND));
            assert_eq!(detect(&kept).map(|m| m.repaired), Some(with_bom.clone()));
            // A garbled mark before ASCII text.
            let ascii = "# Plan\n- [ ] task\n";
            let bom_only = format!("{}{ascii}", page.garble("\u{FEFF}"));
            let found = detect(&bom_only).unwrap_or_else(|| panic!("{page:?}"));
            assert_eq!(found.repaired, format!("\u{FEFF}{ascii}"));
        }
        assert_eq!(detect("\u{FEFF}# Plan\n"), None);
        assert_eq!(detect(&with_bom), None);
    }

    #[test]
    fn line_endings_survive() {
        let lines: Vec<&str> = GO_BACKEND.lines().collect();
        let crlf = lines.join("\r\n");
        let cr = lines.join("\r");
        let mixed = format!("{}\r\n{}\n{}\r", lines[0], lines[2], lines[4]);
        for text in [crlf.clone() + "\r\n", crlf, cr, mixed] {
            for page in CodePage::ALL {
                assert_repairs(&page.garble(&text), &text);
            }
        }
    }

    #[test]
    fn the_sample_is_the_first_changed_line() {
        let text = "# Plan\r\n\r\nASCII line\r\n- [ ] Привет\r\n- [ ] мир\r\n";
        let found = detect(&CodePage::Windows1252.garble(text)).unwrap();
        assert_eq!(
            found.sample,
            Sample {
                line: 4,
                before: "- [ ] ÐŸÑ€Ð¸Ð²ÐµÑ‚".to_owned(),
                after: "- [ ] Привет".to_owned(),
            }
        );
        let found = detect(&CodePage::MacRoman.garble("a\rb\rв начале")).unwrap();
        assert_eq!(found.sample.line, 3);
        assert_eq!(found.sample.after, "в начале");
    }

    #[test]
    fn near_misses_are_sound() {
        let texts = [
            "Un café crème, s'il vous plaît. À bientôt, garçon ! «Ça va ?»",
            "Die Größe der Straße, Übung macht den Meister, Äpfel und Öl.",
            "El año pasado, ¿qué tal? ¡Olé! Mañana, señor, niño.",
            "Mojibake: `é` saved as UTF-8 and read as Latin-1 shows as `Ã©`.",
            "Math: √2 ≈ 1.41, ∑ x ≤ y, ∞ ≠ π, ±1, x² ÷ 2, 5 × 3, ∂f/∂x.",
            "Typography – dashes — and „quotes“ “like” ‘these’ … «guillemets» ‹single›.",
            "Ordinals: 1ª 2º, ¿ ¡, ª º ¿ ¡, §3 ¶2 © ® ™ ° µ ¥ £ €",
            "Ελληνικά: Καλημέρα κόσμε, ΑΒΓΔ αβγδ, ά έ ή ί ό ύ ώ.",
            "Привет, мир! Россия, «СССР» — страна. Ёлка, ещё, её…",
            "Россия",
            "Привет",
            "Україна: Київ, їжак, ґанок, є, і. Беларусь: ў. Србија: ђ, ј, љ, њ, ћ, џ.",
            "日本語のテキスト、ひらがな・カタカナ。Go言語でAPIを書く。",
            "Emoji 🚀🔥 ✅ 👍🏻 👨‍💻 🇫🇷 ⭐️",
            "Ẽ ẽ ệ Việt Nam, Tiếng Việt có dấu",
            "e\u{301}te\u{301} de\u{301}compose\u{301}",
            "\u{FFFD}\u{FFFD} replacement, \u{80} control",
            "Â",
            "Ã",
            "ÃÂÃÂ",
            "–",
        ];
        for text in texts {
            assert_eq!(detect(text), None, "{text}");
            let many = format!("{text}\n").repeat(50);
            assert_eq!(detect(&many), None, "{text} ×50");
        }
        // Quoted once, garbling is not evidence enough; fifty times, it is a
        // garbled file, as `cafÃ©` all over would be.
        let quoted = "# Mojibake\n\nA file read as Latin-1 shows Ã© where é was.\n";
        assert_eq!(detect(quoted), None);
        let quoted = "# Mojibake\n\nIt looks like Ã© in a file.\n";
        assert_eq!(detect(quoted), None);
        assert!(detect(&quoted.repeat(50)).is_some());
    }

    /// Every file under `dir`, recursively, that is UTF-8.
    fn utf8_files(dir: &str) -> Vec<(std::path::PathBuf, String)> {
        let mut found = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(dir)];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let Ok(text) = String::from_utf8(std::fs::read(&path).unwrap()) {
                    found.push((path, text));
                }
            }
        }
        found.sort();
        found
    }

    fn test_data() -> Vec<(std::path::PathBuf, String)> {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
        let mut files = utf8_files(&format!("{root}/corpus"));
        files.extend(utf8_files(&format!("{root}/fixtures")));
        let spec = format!("{root}/gfm-spec.txt");
        files.push((spec.clone().into(), std::fs::read_to_string(spec).unwrap()));
        files
    }

    #[test]
    fn corpus_fixtures_and_the_spec_are_sound() {
        let files = test_data();
        assert!(files.len() > 50, "{} files", files.len());
        let found: Vec<String> = files
            .iter()
            .filter_map(|(path, text)| {
                let m = detect(text)?;
                Some(format!(
                    "{}: {:?} {:?}",
                    path.display(),
                    m.code_page,
                    m.sample
                ))
            })
            .collect();
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn corpus_files_garbled_repair_exactly() {
        for (path, text) in test_data()
            .iter()
            .filter(|(_, text)| non_ascii_bytes(text) >= 3)
        {
            for page in CodePage::ALL {
                let garbled = page.garble(text);
                let found = detect(&garbled);
                assert!(
                    found.as_ref().is_some_and(|m| m.repaired == *text),
                    "{} {page:?}: {:?}",
                    path.display(),
                    found.map(|m| (m.code_page, m.sample))
                );
            }
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let long_line = CodePage::Windows1252.garble(&"привет ".repeat(200_000));
        let inputs = [
            String::new(),
            "é".to_owned(),
            "\u{FEFF}".to_owned(),
            "\u{FFFD}".to_owned(),
            "\u{0}\u{1}\u{7f}\u{80}\u{9f}\r\r\n\n".to_owned(),
            "Ð".to_owned(),
            "¿".to_owned(),
            "Ð¿".to_owned(),
            "ð\u{9f}\u{9a}".to_owned(),
            "\u{10FFFF}\u{F8FF}".to_owned(),
            long_line.clone(),
        ];
        for input in &inputs {
            let _ = detect(input);
        }
        let found = detect(&long_line).unwrap();
        assert_eq!(found.repaired, "привет ".repeat(200_000));
    }

    /// Text of real words in several scripts, with spaces, punctuation and newlines.
    fn plausible_text() -> impl Strategy<Value = String> {
        const WORDS: &[&str] = &[
            "привет",
            "мир",
            "Россия",
            "ёлка",
            "разработчика",
            "горутины",
            "Ещё",
            "«цитата»",
            "日本語",
            "テキスト",
            "東京",
            "学習",
            "Go言語",
            "café",
            "Größe",
            "año",
            "naïve",
            "Ελληνικά",
            "Київ",
            "📋",
            "🚀",
            "✅",
            "👍🏻",
            "—",
            "…",
            "Go",
            "plan",
            "- [ ]",
            "#",
            "2024",
            "**Цель:**",
            "(3-4",
            "месяца)",
            "`go",
            "mod`",
        ];
        const GAPS: &[&str] = &[" ", " ", " ", "\n", "\r\n", ", ", ". "];
        prop::collection::vec(
            (prop::sample::select(WORDS), prop::sample::select(GAPS)),
            1..30,
        )
        .prop_map(|words| words.into_iter().flat_map(|(w, g)| [w, g]).collect())
    }

    /// Characters code pages give bytes `80`–`FF`, ASCII and line endings.
    fn garbled_looking_text() -> impl Strategy<Value = String> {
        let mut chars: Vec<char> = CodePage::ALL
            .iter()
            .flat_map(|page| (0x80..=0xFF_u8).filter_map(|b| page.char_of(b)))
            .collect();
        chars.extend(['a', 'Z', ' ', '\n', '\r', '\u{FEFF}', 'ж', '日', '🚀']);
        prop::collection::vec(prop::sample::select(chars), 0..60)
            .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 2000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Garbled real text comes back byte for byte, once there is enough of it.
        #[test]
        fn garbled_text_repairs_exactly(text in plausible_text(), page in prop::sample::select(&CodePage::ALL[..])) {
            let found = detect(&page.garble(&text)).map(|m| m.repaired);
            if non_ascii_bytes(&text) >= MIN_GARBLED {
                prop_assert_eq!(found, Some(text));
            } else {
                prop_assert_eq!(found, None);
            }
        }

        /// Any text garbled comes back exactly, or is left alone; ASCII always is.
        #[test]
        fn any_text_garbled_repairs_exactly_or_not_at_all(text in any::<String>(), page in prop::sample::select(&CodePage::ALL[..])) {
            let garbled = page.garble(&text);
            match detect(&garbled) {
                None => {}
                Some(found) => {
                    prop_assert!(!text.is_ascii());
                    prop_assert_eq!(found.repaired, text);
                }
            }
        }

        /// Whatever detect says is a repair: each line it changes garbles back to the
        /// line it was, and the rest is kept.
        #[test]
        fn detect_never_panics_and_repairs_invert_garbling(text in prop_oneof![any::<String>(), garbled_looking_text()]) {
            if let Some(found) = detect(&text) {
                let page = found.code_page;
                let repaired = &found.repaired;
                let lines = line_ranges(&text).zip(line_ranges(repaired));
                for (before, after) in lines.map(|(b, a)| (&text[b], &repaired[a])) {
                    prop_assert!(before == after || page.garble(after) == before, "{:?} → {:?}", before, after);
                }
                prop_assert_eq!(line_ranges(&text).count(), line_ranges(repaired).count());
                prop_assert!(found.sample.line >= 1);
                prop_assert_ne!(found.sample.before, found.sample.after);
            }
        }
    }

    /// `cargo test --release --lib lint::mojibake::tests::speed -- --ignored --nocapture`
    #[test]
    #[ignore = "a measurement, not a check"]
    fn speed() {
        /// The best of five runs: the machine is shared, and the best run is the
        /// one least disturbed.
        fn measure(name: &str, text: &str, expect_found: bool) {
            let seconds = (0..5)
                .map(|_| {
                    let start = std::time::Instant::now();
                    let found = detect(text);
                    let seconds = start.elapsed().as_secs_f64();
                    assert_eq!(found.is_some(), expect_found, "{name}");
                    seconds
                })
                .fold(f64::INFINITY, f64::min);
            let mb = text.len() as f64 / 1e6;
            println!(
                "{name}: {mb:.1} MB in {:.1} ms: {:.0} MB/s",
                seconds * 1e3,
                mb / seconds
            );
        }
        let files = test_data();
        let corpus: String = files.iter().map(|(_, text)| text.as_str()).collect();
        measure("corpus and fixtures, as one text", &corpus, false);
        let seconds = (0..5)
            .map(|_| {
                let start = std::time::Instant::now();
                for (path, text) in &files {
                    assert!(detect(text).is_none(), "{}", path.display());
                }
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min);
        let mb = corpus.len() as f64 / 1e6;
        println!(
            "corpus and fixtures, file by file: {mb:.1} MB in {:.1} ms: {:.0} MB/s",
            seconds * 1e3,
            mb / seconds
        );
        let russian = GO_BACKEND.repeat(100_000_000 / GO_BACKEND.len());
        measure("clean Russian (go-backend.md repeated)", &russian, false);
        for page in CodePage::ALL {
            let garbled_plan = page.garble(GO_BACKEND);
            let garbled = garbled_plan.repeat(10_000_000 / garbled_plan.len());
            measure(&format!("garbled {}", page.name()), &garbled, true);
        }
        let one_line = CodePage::MacRoman.garble(&"привет мир ".repeat(1_000_000));
        measure("garbled Mac Roman, one line", &one_line, true);
    }
}
