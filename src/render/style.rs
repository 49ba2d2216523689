//! How text output looks: the [`Palette`] of colours named by meaning, and fitting
//! lines to the terminal's width, measured in display columns (Cyrillic letters take
//! one, CJK characters and most emoji two).

use std::borrow::Cow;
use std::fmt::Display;

use owo_colors::{OwoColorize, Style};
use unicode_width::UnicodeWidthStr;

/// Styles by meaning; every one is plain when colour is off.
#[derive(Debug, Clone, Copy, Default)]
pub struct Palette {
    /// Done tasks and complete milestones.
    pub done: Style,
    /// Open tasks.
    pub todo: Style,
    /// Tasks in progress.
    pub doing: Style,
    /// Skipped tasks, IDs, locations: what the eye may pass over.
    pub muted: Style,
    /// Headings and plan names.
    pub heading: Style,
    /// Overdue and behind.
    pub overdue: Style,
}

impl Palette {
    /// The colours, or all plain.
    pub fn new(color: bool) -> Palette {
        if !color {
            return Palette::default();
        }
        Palette {
            done: Style::new().green(),
            todo: Style::new(),
            doing: Style::new().yellow().bold(),
            muted: Style::new().dimmed(),
            heading: Style::new().bold().cyan(),
            overdue: Style::new().red().bold(),
        }
    }

    /// `text` in `style`.
    pub fn paint<T: Display>(&self, style: Style, text: T) -> String {
        text.style(style).to_string()
    }
}

/// Text output settings: colours and the width to fit, if any.
#[derive(Debug, Clone, Copy, Default)]
pub struct Look {
    /// Colours.
    pub palette: Palette,
    /// Columns available; `None` in a pipe without `COLUMNS`: lines are not cut.
    pub width: Option<usize>,
    /// Whether standard output is a terminal (what is printed is read, not parsed).
    pub terminal: bool,
}

/// Display width of a string in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cuts `text` to at most `max` columns, ending it with `…` when cut.
pub fn fit(text: &str, max: usize) -> Cow<'_, str> {
    if width(text) <= max {
        return text.into();
    }
    // Measure whole prefixes: a variation selector can widen the character before it.
    let mut end = 0;
    for (at, c) in text.char_indices() {
        let next = at + c.len_utf8();
        if width(&text[..next]) + 1 > max {
            break;
        }
        end = next;
    }
    format!("{}…", &text[..end]).into()
}

/// Cuts `text` to at most `max` columns from the left, starting it with `…`.
pub fn fit_left(text: &str, max: usize) -> Cow<'_, str> {
    if width(text) <= max {
        return text.into();
    }
    let mut start = text.len();
    for (at, _) in text.char_indices().rev() {
        if width(&text[at..]) + 1 > max {
            break;
        }
        start = at;
    }
    format!("…{}", &text[start..]).into()
}

/// Where to cut `text` so that its head fits in `max` columns: at least one
/// character, so that a cut always moves on.
fn split_at_width(text: &str, max: usize) -> usize {
    let mut end = 0;
    for (at, c) in text.char_indices() {
        let next = at + c.len_utf8();
        if width(&text[..next]) > max && end > 0 {
            break;
        }
        end = next;
    }
    end
}

/// Breaks `text` into lines of at most `max` columns at spaces (a word longer than
/// a line is cut).
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(8);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let needed = if line.is_empty() {
            width(word)
        } else {
            width(&line) + 1 + width(word)
        };
        if needed > max && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while width(&line) > max {
            let cut = split_at_width(&line, max);
            let rest = line[cut..].to_string();
            line.truncate(cut);
            lines.push(std::mem::replace(&mut line, rest));
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_display_columns() {
        assert_eq!(width("Неделя"), 6);
        assert_eq!(width("日本語"), 6);
        assert_eq!(width("🎯 a"), 4);
    }

    #[test]
    fn fitting_cuts_by_columns() {
        assert_eq!(fit("Установка Go", 8), "Установ…");
        assert_eq!(fit("日本語テキスト", 7), "日本語…");
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit_left("a › b › Неделя 1", 10), "… Неделя 1");
        assert!(width(&fit("### 🖥️ ЭТАП 1.1: Компьютерная", 12)) <= 12);
    }

    #[test]
    fn wrapping_ends_on_any_text() {
        // Found by review: a word of `…` made an empty head, forever.
        for text in [
            "…………………………………………",
            "日本語日本語日本語日本語",
            "a\u{fe0f}\u{fe0f}\u{fe0f}",
            "🎯🎯🎯🎯🎯🎯🎯",
        ] {
            for max in 0..12 {
                let lines = wrap(text, max);
                assert_eq!(
                    lines.concat().replace(' ', ""),
                    text.replace(' ', ""),
                    "{text} {max}"
                );
            }
        }
    }

    #[test]
    fn wrapping_keeps_words() {
        assert_eq!(
            wrap("Объявление и инициализация массивов", 20),
            ["Объявление и", "инициализация", "массивов"]
        );
        assert!(wrap("x", 40) == ["x"]);
    }

    #[test]
    fn plain_palette_writes_no_escapes() {
        let p = Palette::new(false);
        assert_eq!(p.paint(p.done, "x"), "x");
        let p = Palette::new(true);
        assert!(p.paint(p.done, "x").contains('\u{1b}'));
    }
}
