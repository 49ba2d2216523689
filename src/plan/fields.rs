//! Obsidian Tasks fields: the dates, priority, recurrence and dependencies that the
//! Obsidian Tasks plugin keeps at the end of a task's line, in its emoji form
//! (`📅 2026-12-01`, `⏫`, `🔁 every week`, `🆔 abc`, `⛔ abc,def`) or its Dataview
//! form (`[due:: 2026-12-01]`, `(priority:: high)`).
//!
//! Read as the plugin reads them: from the end of the line backwards, one field at a
//! time, stepping over trailing `#tags` (which stay in the text); the first thing
//! that is neither a field nor a tag ends the fields, so a field followed by more
//! text is text. Emoji are taken with or without U+FE0F, and the blanks between an
//! emoji and its value may be any number of spaces, tabs or no-break spaces. The
//! plugin's alternative emoji count: 📆 and 🗓 for due, ⌛ for scheduled.
//!
//! One reader serves both the line as written (for the values and the byte spans an
//! edit removes) and a task's plain text (to take the same fields out of it).

use std::ops::Range;

use chrono::NaiveDate;

/// A task's priority, as the plugin orders them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Priority {
    /// 🔺
    Highest,
    /// ⏫
    High,
    /// 🔼
    Medium,
    /// 🔽
    Low,
    /// ⏬
    Lowest,
}

impl Priority {
    /// The word JSON and the Dataview form use: `highest` … `lowest`.
    pub fn word(self) -> &'static str {
        match self {
            Priority::Highest => "highest",
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
            Priority::Lowest => "lowest",
        }
    }

    /// Where a task of this priority (or none) comes in `next --by priority`: a
    /// task without one sits between medium and low, as in the plugin.
    pub fn rank(priority: Option<Priority>) -> u8 {
        match priority {
            Some(Priority::Highest) => 0,
            Some(Priority::High) => 1,
            Some(Priority::Medium) => 2,
            None => 3,
            Some(Priority::Low) => 4,
            Some(Priority::Lowest) => 5,
        }
    }

    fn from_word(word: &str) -> Option<Option<Priority>> {
        Some(match word.to_ascii_lowercase().as_str() {
            "highest" => Some(Priority::Highest),
            "high" => Some(Priority::High),
            "medium" => Some(Priority::Medium),
            "low" => Some(Priority::Low),
            "lowest" => Some(Priority::Lowest),
            "normal" | "none" | "" => None,
            _ => return None,
        })
    }
}

/// What a field says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Due,
    Scheduled,
    Start,
    Created,
    Done,
    Cancelled,
    Priority,
    Recurrence,
    OnCompletion,
    Id,
    DependsOn,
}

/// A field's value as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Date(NaiveDate),
    Priority(Option<Priority>),
    Text(String),
    Ids(Vec<String>),
}

/// One field found at the end of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    pub(crate) kind: Kind,
    pub(crate) value: Value,
    /// Its bytes in the text read, from its emoji or bracket to its end.
    pub(crate) range: Range<usize>,
}

/// The fields of one task, from the end of its first line. Most tasks have none,
/// and carry no `Fields` at all (see [`super::Task::fields`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    /// 📅: when the task is due; it overrides the schedule's date.
    pub due: Option<NaiveDate>,
    /// ⏳: the day the learner plans to work on it (gates nothing).
    pub scheduled: Option<NaiveDate>,
    /// 🛫: not before this day; `next` passes the task over until then.
    pub start: Option<NaiveDate>,
    /// ➕: when the task was written.
    pub created: Option<NaiveDate>,
    /// ❌: when it was cancelled (skipped).
    pub cancelled: Option<NaiveDate>,
    /// 🔺 ⏫ 🔼 🔽 ⏬
    pub priority: Option<Priority>,
    /// 🔁: the rule's text when it is one (`every week`); kept, not acted on.
    pub recurrence: Option<String>,
    /// 🏁: what the plugin does on completion (`keep`, `delete`).
    pub on_completion: Option<String>,
    /// 🆔: the plugin's ID of the task, which ⛔ of other tasks names.
    pub id: Option<String>,
    /// ⛔: the IDs (🆔 or roadmap IDs) of the tasks this one waits for.
    pub depends_on: Vec<String>,
    /// ✅ or `[completion:: …]` found among the fields rather than at the very end
    /// (where the done date is read as before).
    pub(crate) done: Option<(NaiveDate, Range<usize>)>,
    /// The bytes of the ❌ field with the blank before it, which undoing a skip
    /// removes.
    pub cancelled_span: Option<Range<usize>>,
    /// Every field read, last first, to take the same ones out of the task's text.
    pub(crate) read: Vec<(Kind, Value)>,
}

/// Whether a line may hold a field at all: a field's emoji (each starts with the
/// byte `E2` or `F0`) or a Dataview `::`. Lines without (most text, other emoji
/// included) are not read further.
pub(crate) fn may_hold(content: &str) -> bool {
    let bytes = content.as_bytes();
    memchr::memchr3_iter(b':', 0xE2, 0xF0, bytes).any(|at| match bytes[at] {
        b':' => bytes.get(at + 1) == Some(&b':'),
        _ => field_emoji_at(content, at).is_some(),
    })
}

/// Reads the fields of a task's first line: `line` is the text after the box and up
/// to where a done date would be stamped, starting at byte `at` of the file;
/// `blank_after` says whether a blank that stays follows it on the line.
pub(crate) fn read(line: &str, at: usize, blank_after: bool) -> Option<Box<Fields>> {
    if !may_hold(line) {
        return None;
    }
    let found = trailing(line);
    if found.is_empty() {
        return None;
    }
    let mut fields = Fields::default();
    let with_blank = |range: &Range<usize>| {
        let before = &line[..range.start];
        // The blank after the box goes only when another takes its place: `- [ ]`
        // with nothing after it is no task.
        let after = line[range.end..]
            .chars()
            .next()
            .map_or(blank_after, is_blank);
        let blank = before
            .chars()
            .next_back()
            .filter(|&c| is_blank(c) && (after || before.len() > c.len_utf8()));
        let start = range.start - blank.map_or(0, char::len_utf8);
        at + start..at + range.end
    };
    // Last first: where a field is given twice, the leftmost wins, as in the plugin.
    for field in &found {
        match (&field.kind, &field.value) {
            (Kind::Due, Value::Date(d)) => fields.due = Some(*d),
            (Kind::Scheduled, Value::Date(d)) => fields.scheduled = Some(*d),
            (Kind::Start, Value::Date(d)) => fields.start = Some(*d),
            (Kind::Created, Value::Date(d)) => fields.created = Some(*d),
            (Kind::Done, Value::Date(d)) => fields.done = Some((*d, with_blank(&field.range))),
            (Kind::Cancelled, Value::Date(d)) => {
                fields.cancelled = Some(*d);
                fields.cancelled_span = Some(with_blank(&field.range));
            }
            (Kind::Priority, Value::Priority(p)) => fields.priority = *p,
            (Kind::Recurrence, Value::Text(t)) => {
                let rule = t.to_ascii_lowercase().starts_with("every");
                fields.recurrence = rule.then(|| t.clone());
            }
            (Kind::OnCompletion, Value::Text(t)) => fields.on_completion = Some(t.clone()),
            (Kind::Id, Value::Text(t)) => fields.id = Some(t.clone()),
            (Kind::DependsOn, Value::Ids(ids)) => fields.depends_on.clone_from(ids),
            _ => {}
        }
    }
    fields.read = found.into_iter().map(|f| (f.kind, f.value)).collect();
    Some(Box::new(fields))
}

/// Takes out of a task's plain text the fields its line was read to have: only when
/// the text ends in those very fields (a paragraph that goes on past the first line
/// ends in something else, and keeps its text).
pub(crate) fn strip(text: &str, fields: &Fields) -> String {
    let found = trailing(text);
    let same = found.len() == fields.read.len()
        && found
            .iter()
            .zip(&fields.read)
            .all(|(f, (kind, value))| f.kind == *kind && f.value == *value);
    if !same {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut ranges: Vec<&Range<usize>> = found.iter().map(|f| &f.range).collect();
    ranges.sort_by_key(|r| r.start);
    for range in ranges {
        out.push_str(&text[at..range.start]);
        at = range.end;
    }
    out.push_str(&text[at..]);
    // Blanks the fields stood between fold to one space, as text does.
    let mut folded = String::with_capacity(out.len());
    for word in out.split(is_blank).filter(|w| !w.is_empty()) {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    folded
}

/// The fields at the end of `text`, last first, stepping over trailing tags.
pub(crate) fn trailing(text: &str) -> Vec<Field> {
    let mut found = Vec::new();
    let mut end = text.len();
    // A bound, not a limit a plan meets: each round takes at least a few bytes.
    for _ in 0..256 {
        end = text[..end].trim_end_matches(is_blank).len();
        if end == 0 {
            break;
        }
        let head = &text[..end];
        if let Some(field) = dataview(head).or_else(|| emoji(head)) {
            end = field.range.start;
            found.push(field);
        } else if let Some(tag) = trailing_tag(head) {
            end = tag;
        } else {
            break;
        }
    }
    // Tags with no field before them were only text.
    found
}

/// What `lint` finds wrong with the fields of a task's first line (`line`, the text
/// after the box to the end of the line's content).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineTrouble {
    /// Fields followed by text, which the plugin reads as text: byte ranges in
    /// `line`, from the emoji to the end of its value.
    pub misplaced: Vec<Range<usize>>,
    /// Odd characters among the fields that end the line, each with what should
    /// stand there: U+FE0F after an emoji (nothing), a no-break space (a space).
    pub odd: Vec<(Range<usize>, &'static str)>,
}

/// Reads `line` for [`LineTrouble`].
pub fn trouble(line: &str) -> LineTrouble {
    let mut found = LineTrouble::default();
    if !may_hold(line) {
        return found;
    }
    let start = trailing(line)
        .iter()
        .map(|f| f.range.start)
        .min()
        .unwrap_or(line.len());
    let (head, tail) = line.split_at(start);
    for (at, c) in field_emoji_starts(head) {
        if let Some(end) = field_at(head, at, c) {
            found.misplaced.push(at..end);
        }
    }
    for (at, c) in tail.char_indices() {
        let fix = match c {
            '\u{fe0f}' => "",
            '\u{a0}' | '\u{202f}' => " ",
            _ => continue,
        };
        found.odd.push((start + at..start + at + c.len_utf8(), fix));
    }
    found
}

/// The fields' emoji in `text`, with where each starts. Every one starts with
/// the byte `E2` or `F0` (a test holds them to that): only those are looked at.
fn field_emoji_starts(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    memchr::memchr2_iter(0xE2, 0xF0, text.as_bytes())
        .filter_map(|at| Some((at, field_emoji_at(text, at)?)))
}

/// The field's emoji starting at byte `at` of `text`, if one does.
fn field_emoji_at(text: &str, at: usize) -> Option<char> {
    let c = text.get(at..)?.chars().next()?;
    (marker(c).is_some() || priority_emoji(c).is_some()).then_some(c)
}

/// Where a field that starts with the emoji `c` at `at` of `head` ends, when one
/// does: its value read up to the first blank (a recurrence, up to the next emoji).
fn field_at(head: &str, at: usize, c: char) -> Option<usize> {
    let after = at + c.len_utf8();
    if priority_emoji(c).is_some() {
        let end = after + head[after..].strip_prefix('\u{fe0f}').map_or(0, |_| 3);
        return Some(end);
    }
    let kind = marker(c)?;
    let rest = head[after..].trim_start_matches('\u{fe0f}');
    let value_from = head.len() - rest.trim_start_matches(is_blank).len();
    let value = &head[value_from..];
    let len = match kind {
        Kind::Recurrence => value
            .find(|c: char| marker(c).is_some() || priority_emoji(c).is_some())
            .unwrap_or(value.len()),
        _ => value.find(is_blank).unwrap_or(value.len()),
    };
    let end = value_from + value[..len].trim_end_matches(is_blank).len();
    emoji(&head[at..end])
        .filter(|f| f.range.start == 0 && f.kind == kind)
        .map(|_| end)
}

/// Blanks between fields and between an emoji and its value.
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{202f}')
}

/// A `#tag` ending `head`: where it starts.
fn trailing_tag(head: &str) -> Option<usize> {
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| is_blank(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let name = head[start..].strip_prefix('#')?;
    let forbidden = |c: char| "#!@$%^&*(),.?\":{}|<>[]".contains(c);
    let plain = !name.is_empty()
        && !name.chars().all(|c| c.is_ascii_digit())
        && !name.chars().any(forbidden);
    plain.then_some(start)
}

/// A Dataview field `[key:: value]` or `(key:: value)` ending `head`.
fn dataview(head: &str) -> Option<Field> {
    let open = match head.as_bytes().last()? {
        b']' => '[',
        b')' => '(',
        _ => return None,
    };
    let start = head.rfind(open)?;
    let inner = &head[start + 1..head.len() - 1];
    let (key, value) = inner.split_once("::")?;
    let value = value.trim_matches(is_blank);
    let kind = match key.trim_matches(is_blank).to_ascii_lowercase().as_str() {
        "due" => Kind::Due,
        "scheduled" => Kind::Scheduled,
        "start" => Kind::Start,
        "created" => Kind::Created,
        "completion" => Kind::Done,
        "cancelled" => Kind::Cancelled,
        "priority" => Kind::Priority,
        "repeat" => Kind::Recurrence,
        "oncompletion" => Kind::OnCompletion,
        "id" => Kind::Id,
        "dependson" => Kind::DependsOn,
        _ => return None,
    };
    let value = parse_value(kind, value)?;
    Some(Field {
        kind,
        value,
        range: start..head.len(),
    })
}

/// The kind an emoji marks.
fn marker(c: char) -> Option<Kind> {
    Some(match c {
        '📅' | '📆' | '🗓' => Kind::Due,
        '⏳' | '⌛' => Kind::Scheduled,
        '🛫' => Kind::Start,
        '➕' => Kind::Created,
        '✅' => Kind::Done,
        '❌' => Kind::Cancelled,
        '🔁' => Kind::Recurrence,
        '🏁' => Kind::OnCompletion,
        '🆔' => Kind::Id,
        '⛔' => Kind::DependsOn,
        _ => return None,
    })
}

fn priority_emoji(c: char) -> Option<Priority> {
    Some(match c {
        '🔺' => Priority::Highest,
        '⏫' => Priority::High,
        '🔼' => Priority::Medium,
        '🔽' => Priority::Low,
        '⏬' => Priority::Lowest,
        _ => return None,
    })
}

/// The most characters a field's value (with its blanks) is looked for in.
const VALUE_MAX: usize = 256;

/// Characters a field's value may hold (dates, IDs, roadmap IDs such as
/// `work/plan#3fa9c1`, rules such as `every week`).
fn value_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ',' | '!' | '_' | '-' | '#' | '/' | '.') || is_blank(c)
}

/// An emoji field ending `head`: an emoji, an optional U+FE0F, blanks, a value.
fn emoji(head: &str) -> Option<Field> {
    // A priority is its emoji alone.
    let bare = head.strip_suffix('\u{fe0f}').unwrap_or(head);
    let (at, last) = bare.char_indices().next_back()?;
    if let Some(p) = priority_emoji(last) {
        return Some(Field {
            kind: Kind::Priority,
            value: Value::Priority(Some(p)),
            range: at..head.len(),
        });
    }
    // Else a value, back to the emoji that marks it.
    // Values are short: looking further back than a long one could be would make
    // a line of many tags cost its length once per tag.
    let value_start = head
        .char_indices()
        .rev()
        .take(VALUE_MAX)
        .find(|&(_, c)| !value_char(c) && c != '\u{fe0f}')
        .map(|(i, c)| i + c.len_utf8())?;
    let (emoji_at, mark) = head[..value_start].char_indices().next_back()?;
    let kind = marker(mark)?;
    let value = head[value_start..]
        .trim_start_matches('\u{fe0f}')
        .trim_matches(is_blank);
    // A variation selector is only ever right after the emoji.
    if value.contains('\u{fe0f}') {
        return None;
    }
    let value = parse_value(kind, value)?;
    Some(Field {
        kind,
        value,
        range: emoji_at..head.len(),
    })
}

/// A value of `kind` as written, or `None` when it is not one.
fn parse_value(kind: Kind, value: &str) -> Option<Value> {
    let id_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-');
    match kind {
        Kind::Due
        | Kind::Scheduled
        | Kind::Start
        | Kind::Created
        | Kind::Done
        | Kind::Cancelled => super::text::iso_date(value).map(Value::Date),
        Kind::Priority => Priority::from_word(value).map(Value::Priority),
        Kind::Recurrence => (!value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, ',' | '!' | ' ')))
        .then(|| Value::Text(value.to_string())),
        Kind::OnCompletion => (value.chars().all(|c| c.is_ascii_alphabetic()))
            .then(|| Value::Text(value.to_ascii_lowercase())),
        Kind::Id => (!value.is_empty() && value.chars().all(id_char))
            .then(|| Value::Text(value.to_string())),
        Kind::DependsOn => {
            // Roadmap IDs too, which the plugin does not know.
            let id_char = |c: char| id_char(c) || matches!(c, '#' | '/' | '.');
            let ids: Vec<String> = value
                .split(',')
                .map(|id| id.trim_matches(is_blank).to_string())
                .collect();
            ids.iter()
                .all(|id| !id.is_empty() && id.chars().all(id_char))
                .then_some(Value::Ids(ids))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn fields(line: &str) -> Fields {
        read(line, 0, false).map(|f| *f).unwrap_or_default()
    }

    #[test]
    fn every_field_emoji_starts_with_a_byte_trouble_looks_for() {
        // `trouble` looks at characters starting `E2` or `F0` only.
        let all = (0..=0x10FFFFu32).filter_map(char::from_u32);
        for c in all.filter(|&c| marker(c).is_some() || priority_emoji(c).is_some()) {
            let mut buf = [0; 4];
            let lead = c.encode_utf8(&mut buf).as_bytes()[0];
            assert!(matches!(lead, 0xE2 | 0xF0), "{c} starts with {lead:02X}");
        }
    }

    #[test]
    fn every_emoji_field_is_read() {
        let f = fields(
            " learn 🔺 🔁 every week 🏁 delete ➕ 2026-11-01 🛫 2026-11-02 ⏳ 2026-11-03 \
             📅 2026-11-04 ❌ 2026-11-05 🆔 abc_1 ⛔ x-1,y2",
        );
        assert_eq!(f.priority, Some(Priority::Highest));
        assert_eq!(f.recurrence.as_deref(), Some("every week"));
        assert_eq!(f.on_completion.as_deref(), Some("delete"));
        assert_eq!(f.created, Some(date(2026, 11, 1)));
        assert_eq!(f.start, Some(date(2026, 11, 2)));
        assert_eq!(f.scheduled, Some(date(2026, 11, 3)));
        assert_eq!(f.due, Some(date(2026, 11, 4)));
        assert_eq!(f.cancelled, Some(date(2026, 11, 5)));
        assert_eq!(f.id.as_deref(), Some("abc_1"));
        assert_eq!(f.depends_on, ["x-1", "y2"]);
    }

    #[test]
    fn dataview_fields_in_both_brackets_with_blanks_inside() {
        let f = fields(
            " a [due:: 2026-12-01] ( scheduled :: 2026-11-30 ) [priority:: high] \
             [dependsOn:: a, b] [id:: q] (repeat:: every day)",
        );
        assert_eq!(f.due, Some(date(2026, 12, 1)));
        assert_eq!(f.scheduled, Some(date(2026, 11, 30)));
        assert_eq!(f.priority, Some(Priority::High));
        assert_eq!(f.depends_on, ["a", "b"]);
        assert_eq!(f.id.as_deref(), Some("q"));
        assert_eq!(f.recurrence.as_deref(), Some("every day"));
    }

    #[test]
    fn alternative_emoji_variation_selectors_and_no_break_spaces() {
        for line in [
            " a 📆 2026-12-01",
            " a 🗓 2026-12-01",
            " a 🗓\u{fe0f} 2026-12-01",
            " a 📅\u{a0}2026-12-01",
            " a 📅    2026-12-01",
            " a 📅2026-12-01",
            " a 📅\t2026-12-01",
        ] {
            assert_eq!(fields(line).due, Some(date(2026, 12, 1)), "{line:?}");
        }
        assert_eq!(
            fields(" a ⌛ 2026-12-01").scheduled,
            Some(date(2026, 12, 1))
        );
        assert_eq!(fields(" a ⏫\u{fe0f}").priority, Some(Priority::High));
        assert_eq!(fields(" a ⛔\u{fe0f} x").depends_on, ["x"]);
    }

    #[test]
    fn only_trailing_fields_are_fields() {
        assert_eq!(fields(" a 📅 2026-12-01 then more").due, None);
        assert_eq!(fields(" a 📅 2026-13-01").due, None, "no such date");
        assert!(read(" plain words", 0, false).is_none());
        let f = fields(" a 📅 2026-12-01 #study #go");
        assert_eq!(f.due, Some(date(2026, 12, 1)), "tags are stepped over");
        assert_eq!(
            fields(" 📅 2026-12-01").due,
            Some(date(2026, 12, 1)),
            "only fields"
        );
    }

    #[test]
    fn a_repeat_that_is_not_a_rule_is_no_recurrence() {
        let f = fields(" a 🔁 sometimes");
        assert_eq!(f.recurrence, None);
        assert_eq!(f.read.len(), 1, "still a field, as the plugin reads it");
    }

    #[test]
    fn strip_takes_the_fields_out_and_keeps_tags() {
        let line = " learn Go ⏫ 📅 2026-12-01 #go";
        let f = fields(line);
        assert_eq!(strip("learn Go ⏫ 📅 2026-12-01 #go", &f), "learn Go #go");
        assert_eq!(
            strip("learn Go ⏫ 📅 2026-12-01 and more", &f),
            "learn Go ⏫ 📅 2026-12-01 and more",
            "text that does not end in the line's fields is kept"
        );
    }

    #[test]
    fn long_lines_of_tags_and_values_end_the_search_soon() {
        let tags = "#a ".repeat(100_000);
        let f = fields(&format!(" x {tags}📅 2026-12-01"));
        assert_eq!(f.due, Some(date(2026, 12, 1)));
        let f = fields(&format!(" x 📅 2026-12-01 {tags}"));
        assert_eq!(
            f.due, None,
            "past the tags a field could be read at, it is text"
        );
        let long_rule = format!(" x 🔁 every {}", "week ".repeat(100));
        assert_eq!(fields(&long_rule).recurrence, None);
    }

    #[test]
    fn cancelled_span_takes_its_blank() {
        let line = " a ❌ 2026-11-05";
        let f = fields(line);
        assert_eq!(&line[f.cancelled_span.clone().unwrap()], " ❌ 2026-11-05");
    }
}
