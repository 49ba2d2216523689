//! What a section title says about time: a position (`Неделя 4`, `Days 1-2`) or a
//! duration (`(6-8 недель)`, `(3-6 months)`), in Russian and English. Numbers
//! saturate rather than overflow; placing the result on the calendar is the
//! schedule's business. Also which numbered part a title names (`Этап 1`, `Модули
//! 1-2`, `Week 3`), read with the same words and numbers, for links between plans.

/// What a section title says about time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// Weeks `from..=to` of the anchor (1-based).
    Weeks(u32, u32),
    /// Days `from..=to` of the enclosing placed section (1-based).
    Days(u32, u32),
    /// A length in days, as a range.
    Duration { min: u32, max: u32 },
}

/// A piece of a title: a word (as written: compared in lower case by
/// [`Lowered`]), a number, a dash, any other character.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Token<'a> {
    Word(&'a str),
    Number(u32),
    Dash,
    Other(char),
}

/// Whether `c` is a letter: ASCII and Cyrillic answered at once, the rest by the
/// Unicode tables (titles are read for every section of every plan).
fn letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' => true,
        _ if c.is_ascii() => false,
        // Emoji, which open many titles, and their variation selectors (a test
        // holds that none is a letter).
        '\u{1F300}'..='\u{1FAFF}' | '\u{FE00}'..='\u{FE0F}' => false,
        _ => c.is_alphabetic(),
    }
}

/// A title's tokens, read as far as they are asked for: a schedule's word opens
/// most titles that have one, and the rest of the title is then not read. Words
/// are slices of the title, put in lower case only when compared (every section
/// title with a digit is read).
struct Tokens<'a> {
    title: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    read: Vec<Token<'a>>,
}

impl<'a> Tokens<'a> {
    fn of(title: &'a str) -> Tokens<'a> {
        Tokens {
            title,
            chars: title.char_indices().peekable(),
            read: Vec::with_capacity(8),
        }
    }

    /// The token at `i`, reading the title up to it.
    fn get(&mut self, i: usize) -> Option<Token<'a>> {
        while self.read.len() <= i {
            let token = self.next_token()?;
            self.read.push(token);
        }
        self.read.get(i).copied()
    }

    fn next_token(&mut self) -> Option<Token<'a>> {
        let chars = &mut self.chars;
        while let Some(&(at, c)) = chars.peek() {
            if letter(c) {
                let mut end = at;
                while let Some(&(i, c)) = chars.peek().filter(|&&(_, c)| letter(c)) {
                    end = i + c.len_utf8();
                    chars.next();
                }
                return Some(Token::Word(self.title.get(at..end).unwrap_or_default()));
            }
            if c.is_ascii_digit() {
                let mut number: u32 = 0;
                while let Some(d) = chars.peek().and_then(|&(_, c)| c.to_digit(10)) {
                    number = number.saturating_mul(10).saturating_add(d);
                    chars.next();
                }
                return Some(Token::Number(number));
            }
            chars.next();
            if matches!(c, '-' | '–' | '—') {
                return Some(Token::Dash);
            }
            if !c.is_whitespace() {
                return Some(Token::Other(c));
            }
        }
        None
    }
}

/// The start of a word in lower case, as much of it as fits in a few bytes: enough
/// to compare it with the unit words and part stems, all short.
struct Lowered {
    bytes: [u8; Lowered::ROOM],
    len: usize,
    /// Whether the whole word fitted.
    whole: bool,
}

impl Lowered {
    /// Bytes of room: more than the longest unit word (`месяцев`, 14 bytes) and
    /// part stem (`раздел`, 12).
    const ROOM: usize = 16;

    fn of(word: &str) -> Lowered {
        let mut lowered = Lowered {
            bytes: [0; Lowered::ROOM],
            len: 0,
            whole: true,
        };
        let mut push = |c: char| {
            let mut utf8 = [0; 4];
            let encoded = c.encode_utf8(&mut utf8).as_bytes();
            let end = lowered.len + encoded.len();
            match lowered.bytes.get_mut(lowered.len..end) {
                Some(slot) => {
                    slot.copy_from_slice(encoded);
                    lowered.len = end;
                    true
                }
                None => false,
            }
        };
        for c in word.chars() {
            // ASCII and Cyrillic at once; the rest by the Unicode tables.
            let fitted = match c {
                'A'..='Z' => push(c.to_ascii_lowercase()),
                'А'..='Я' => push(char::from_u32(u32::from(c) + 0x20).unwrap_or(c)),
                'Ё' => push('ё'),
                _ if c.is_ascii() || ('а'..='ё').contains(&c) => push(c),
                _ => c.to_lowercase().all(&mut push),
            };
            if !fitted {
                lowered.whole = false;
                break;
            }
        }
        lowered
    }

    /// The lowered start, in UTF-8 (the whole word when [`Lowered::whole`]):
    /// compared as bytes, with no check that they are text (whole characters
    /// only were copied in).
    fn start(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }

    /// The whole word in lower case, when it fitted.
    fn word(&self) -> Option<&[u8]> {
        self.whole.then(|| self.start())
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    Week,
    Day,
    Month,
}

/// The unit a word names, in any case.
fn unit(word: &str) -> Option<Unit> {
    // Most words are passed over by their first letter, which every unit word's
    // is one of.
    let first = word.chars().next()?;
    if !matches!(
        first,
        'н' | 'Н' | 'д' | 'Д' | 'м' | 'М' | 'w' | 'W' | 'd' | 'D' | 'm' | 'M'
    ) {
        return None;
    }
    unit_lowered(Lowered::of(word).word()?)
}

/// The unit a word in lower case (in UTF-8) names.
fn unit_lowered(word: &[u8]) -> Option<Unit> {
    const UNITS: [(&[&str], Unit); 3] = [
        (
            &[
                "неделя",
                "недели",
                "недель",
                "неделю",
                "неделе",
                "week",
                "weeks",
            ],
            Unit::Week,
        ),
        (&["день", "дня", "дней", "дни", "day", "days"], Unit::Day),
        (
            &["месяц", "месяца", "месяцев", "month", "months"],
            Unit::Month,
        ),
    ];
    UNITS
        .iter()
        .find(|(words, _)| words.iter().any(|w| w.as_bytes() == word))
        .map(|&(_, unit)| unit)
}

/// A number or a range at `tokens[at..]`: the range and how many tokens it took.
fn range(tokens: &mut Tokens, at: usize) -> Option<(u32, u32, usize)> {
    let Some(Token::Number(a)) = tokens.get(at) else {
        return None;
    };
    match (tokens.get(at + 1), tokens.get(at + 2)) {
        (Some(Token::Dash), Some(Token::Number(b))) if b >= a => Some((a, b, 3)),
        _ => Some((a, a, 1)),
    }
}

/// Reads what a section title says about time, if anything.
///
/// ```
/// use roadmap::schedule::{parse_label, Label};
/// assert_eq!(parse_label("Неделя 4: Базы данных"), Some(Label::Weeks(4, 4)));
/// assert_eq!(parse_label("ЭТАП 1.1: Linux (6-8 недель)"), Some(Label::Duration { min: 42, max: 56 }));
/// assert_eq!(parse_label("День 1-2: Настройка"), Some(Label::Days(1, 2)));
/// assert_eq!(parse_label("Проекты этапа"), None);
/// ```
pub fn parse_label(title: &str) -> Option<Label> {
    label_of(&mut Tokens::of(title))
}

/// What a title says about time ([`parse_label`]) and what is wrong with how it
/// says it ([`label_trouble`]), from one reading of its words.
pub fn read_label(title: &str) -> (Option<Label>, Option<String>) {
    let mut tokens = Tokens::of(title);
    (label_of(&mut tokens), trouble_of(&mut tokens))
}

fn label_of(tokens: &mut Tokens) -> Option<Label> {
    for i in 0.. {
        let token = tokens.get(i)?;
        match token {
            // Word, then number: a position.
            Token::Word(word) => {
                let Some(unit) = unit(word) else { continue };
                let Some((a, b, _)) = range(tokens, i + 1) else {
                    continue;
                };
                if a == 0 {
                    continue;
                }
                match unit {
                    Unit::Week => return Some(Label::Weeks(a, b)),
                    Unit::Day => return Some(Label::Days(a, b)),
                    Unit::Month => {
                        // "Месяц 2": the second month, as days of the enclosing
                        // section. Saturated, a huge number stays out of range.
                        let from = (a - 1).saturating_mul(30).saturating_add(1);
                        return Some(Label::Days(from, b.saturating_mul(30)));
                    }
                }
            }
            // Number, then word: a duration. Not the tail of "1.1" or of a range.
            Token::Number(_)
                if !matches!(
                    i.checked_sub(1).and_then(|p| tokens.get(p)),
                    Some(Token::Other('.') | Token::Dash | Token::Number(_))
                ) =>
            {
                let Some((a, b, used)) = range(tokens, i) else {
                    continue;
                };
                let Some(Token::Word(word)) = tokens.get(i + used) else {
                    continue;
                };
                let days = match unit(word) {
                    Some(Unit::Week) => 7,
                    Some(Unit::Day) => 1,
                    Some(Unit::Month) => 30,
                    None => continue,
                };
                if a == 0 {
                    continue;
                }
                return Some(Label::Duration {
                    min: a.saturating_mul(days),
                    max: b.saturating_mul(days),
                });
            }
            _ => {}
        }
    }
    None
}

/// What is wrong with a title that opens like a schedule position (`Неделя 3`,
/// `Days 1-2`) but does not read as the one its writer meant: a range with no end
/// (`Неделя 3-`, `Недели 5–`), one that runs backwards (`Недели 4-2`), or a week
/// or day 0. [`parse_label`] reads such a title as the first number alone, or not
/// at all; this says why. Only a unit word that opens the title counts: `Первая
/// неделя`, `(6-8 недель)` are no positions.
///
/// ```
/// use roadmap::schedule::label_trouble;
/// assert!(label_trouble("Неделя 3-: Каналы").is_some());
/// assert!(label_trouble("Недели 4-2").is_some());
/// assert_eq!(label_trouble("Недели 3-4: Горутины"), None);
/// assert_eq!(label_trouble("ЭТАП 1.1: Linux (6-8 недель)"), None);
/// ```
pub fn label_trouble(title: &str) -> Option<String> {
    trouble_of(&mut Tokens::of(title))
}

fn trouble_of(tokens: &mut Tokens) -> Option<String> {
    let first = (0..)
        .map_while(|i| Some((i, tokens.get(i)?)))
        .find_map(|(i, t)| matches!(t, Token::Word(_) | Token::Number(_)).then_some(i))?;
    let Some(Token::Word(word)) = tokens.get(first) else {
        return None;
    };
    let unit = unit(word)?;
    let Some(Token::Number(a)) = tokens.get(first + 1) else {
        return None;
    };
    let what = match unit {
        Unit::Week => "week",
        Unit::Day => "day",
        Unit::Month => "month",
    };
    match (tokens.get(first + 2), tokens.get(first + 3)) {
        (Some(Token::Dash), Some(Token::Number(b))) if b < a => Some(format!(
            "the range {a}-{b} runs backwards: it reads as {what} {a} alone"
        )),
        (Some(Token::Dash), Some(Token::Number(_))) if a == 0 => {
            Some(format!("{what}s count from 1: this heading is no {what}"))
        }
        (Some(Token::Dash), Some(Token::Number(_))) => None,
        // `Week 1 – Basics`: a dash before words separates the title.
        (Some(Token::Dash), Some(Token::Word(_))) => None,
        (Some(Token::Dash), _) => Some(format!(
            "the range {a}- has no end: it reads as {what} {a} alone"
        )),
        _ if a == 0 => Some(format!("{what}s count from 1: this heading is no {what}")),
        _ => None,
    }
}

/// A kind of numbered part of a plan, whatever word form names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartKind {
    /// `Этап`, `Этапы`, `Stage`, `Step`, `Шаг`.
    Stage,
    /// `Модуль`, `Модули`, `Module`.
    Module,
    /// `Фаза`, `Фазы`, `Phase`.
    Phase,
    /// `Уровень`, `Уровни`, `Level`.
    Level,
    /// `Часть`, `Раздел`, `Глава`, `Part`, `Section`, `Chapter`.
    Part,
    /// `Неделя`, `Недели`, `Week` (the schedule's week words).
    Week,
    /// `День`, `Дни`, `Day` (the schedule's day words).
    Day,
    /// `Месяц`, `Month` (the schedule's month words).
    Month,
}

/// A numbered part a title names: its kind and the numbers `from..=to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Part {
    /// What the word calls it.
    pub kind: PartKind,
    /// The first number.
    pub from: u32,
    /// The last number (`from` for one).
    pub to: u32,
}

impl Part {
    /// Whether two parts of the same kind share a number.
    pub fn overlaps(&self, other: &Part) -> bool {
        self.kind == other.kind && self.from <= other.to && other.from <= self.to
    }
}

fn part_kind(word: &str) -> Option<PartKind> {
    let lowered = Lowered::of(word);
    if let Some(unit) = lowered.word().and_then(unit_lowered) {
        return Some(match unit {
            Unit::Week => PartKind::Week,
            Unit::Day => PartKind::Day,
            Unit::Month => PartKind::Month,
        });
    }
    // Russian words change their endings: compare the stems.
    let stems: [(&[&str], PartKind); 5] = [
        (&["этап", "stage", "step", "шаг"], PartKind::Stage),
        (&["модул", "module"], PartKind::Module),
        (&["фаз", "phase"], PartKind::Phase),
        (&["уровен", "уровн", "level"], PartKind::Level),
        (
            &["част", "раздел", "глав", "part", "section", "chapter"],
            PartKind::Part,
        ),
    ];
    let start = lowered.start();
    stems
        .iter()
        .find(|(list, _)| list.iter().any(|stem| start.starts_with(stem.as_bytes())))
        .map(|&(_, kind)| kind)
}

/// Reads the first numbered part a title names: a part word followed by a number or
/// a range. Anything else (`Все этапы`, `Полный курс`) names none.
///
/// ```
/// use roadmap::schedule::{parse_part, Part, PartKind};
/// assert_eq!(parse_part("Этапы 1-3: Основы"), Some(Part { kind: PartKind::Stage, from: 1, to: 3 }));
/// assert_eq!(parse_part("🖥️ ЭТАП 1.1: Linux (6-8 недель)"), Some(Part { kind: PartKind::Stage, from: 1, to: 1 }));
/// assert_eq!(parse_part("Недели 1-2"), Some(Part { kind: PartKind::Week, from: 1, to: 2 }));
/// assert_eq!(parse_part("Все этапы"), None);
/// ```
pub fn parse_part(title: &str) -> Option<Part> {
    // A part has a number: most titles have none, and are not read word by word.
    if !title.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut tokens = Tokens::of(title);
    for i in 0.. {
        let Token::Word(word) = tokens.get(i)? else {
            continue;
        };
        let Some(kind) = part_kind(word) else {
            continue;
        };
        if let Some((from, to, _)) = range(&mut tokens, i + 1) {
            return Some(Part { kind, from, to });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What [`Lowered`] must hold: the word lowered character by character.
    fn lowered_char_by_char(word: &str) -> String {
        word.chars().flat_map(char::to_lowercase).collect()
    }

    #[test]
    fn letters_are_what_the_unicode_tables_say() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(letter(c), c.is_alphabetic(), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn a_long_title_is_read_to_its_schedule_words() {
        let long = "a b c d e f g h i j k l m n o p: Неделя 3-4";
        assert_eq!(parse_label(long), Some(Label::Weeks(3, 4)));
        let long = "1 2 3 4 5 6 7 8 9 10 11 12 13 (2-3 недели)";
        assert_eq!(
            parse_label(long),
            Some(Label::Duration { min: 14, max: 21 })
        );
        let part = "a b c d e f g h i j k l m n o p: Этапы 2-5";
        assert_eq!(
            parse_part(part),
            Some(Part {
                kind: PartKind::Stage,
                from: 2,
                to: 5
            })
        );
    }

    #[test]
    fn words_are_compared_in_lower_case_whatever_their_script() {
        for (word, want) in [
            ("НЕДЕЛЯ", Some(Unit::Week)),
            ("Недели", Some(Unit::Week)),
            ("WEEKS", Some(Unit::Week)),
            ("Дней", Some(Unit::Day)),
            ("МЕСЯЦЕВ", Some(Unit::Month)),
            ("Month", Some(Unit::Month)),
            ("Неделька", None),
            ("данных", None),
            ("weekend", None),
        ] {
            assert_eq!(unit(word), want, "{word}");
        }
        assert_eq!(part_kind("ЭТАПЫ"), Some(PartKind::Stage));
        assert_eq!(part_kind("Разделами"), Some(PartKind::Part));
        assert_eq!(part_kind("SECTIONS"), Some(PartKind::Part));
        assert_eq!(part_kind("Уроки"), None);
        assert_eq!(part_kind("Уровни"), Some(PartKind::Level));
    }

    /// The tokens of `title`, read whole before anything is asked of them.
    fn read_whole(title: &str) -> Tokens<'_> {
        let mut tokens = Tokens::of(title);
        tokens.get(usize::MAX);
        tokens
    }

    proptest! {
        #[test]
        fn titles_read_as_far_as_asked_read_as_titles_read_whole(
            title in "((Недел[ияь]|Week|weeks|Дни|день|Месяц|Этапы|Part|х|[0-9]{1,3}|[-–—.:()]| ){0,30})"
        ) {
            prop_assert_eq!(parse_label(&title), label_of(&mut read_whole(&title)));
            prop_assert_eq!(label_trouble(&title), trouble_of(&mut read_whole(&title)));
            let (label, trouble) = read_label(&title);
            prop_assert_eq!(label, parse_label(&title));
            prop_assert_eq!(trouble, label_trouble(&title));
            let mut whole = read_whole(&title);
            let part = (0..).map_while(|i| Some((i, whole.get(i)?))).find_map(|(i, t)| {
                let Token::Word(word) = t else { return None };
                let kind = part_kind(word)?;
                let (from, to, _) = range(&mut read_whole(&title), i + 1)?;
                Some(Part { kind, from, to })
            });
            prop_assert_eq!(parse_part(&title), part);
        }

        #[test]
        fn a_lowered_word_is_the_word_lowered(word in "\\PC{0,12}") {
            let lowered = Lowered::of(&word);
            let want = lowered_char_by_char(&word);
            match lowered.word() {
                Some(got) => prop_assert_eq!(got, want.as_bytes()),
                None => {
                    prop_assert!(want.len() > Lowered::ROOM);
                    prop_assert!(want.as_bytes().starts_with(lowered.start()));
                }
            }
        }

        #[test]
        fn cyrillic_and_latin_words_lower_as_the_unicode_tables_say(
            word in "[a-zA-Zа-яА-ЯёЁѐ-џЀ-Џ]{0,10}"
        ) {
            let lowered = Lowered::of(&word);
            let want = lowered_char_by_char(&word);
            prop_assert!(want.as_bytes().starts_with(lowered.start()));
            if want.len() <= Lowered::ROOM {
                prop_assert_eq!(lowered.word(), Some(want.as_bytes()));
            }
        }
    }
}
