//! The study row of `report` and `week`: a line that counts the study days and
//! gives the streak, then the last 28 days as marks, oldest first, in groups of
//! seven (the last group ends today), between the window's first and last dates:
//!
//! ```text
//! Studied 9 of the last 28 days · streak 3 days
//!   2026-10-28 ■■·■··· ■■■···· ······■ ■■■···· 2026-11-24
//! ```
//!
//! At a narrow terminal the dates go first, then the row breaks between weeks.
//! Shown only when the plans have a done date (see [`Streak::dated`]).

use std::io::{self, Write};

use crate::render::style::Look;
use crate::streak::Streak;

/// A study day's mark.
pub const STUDIED: char = '■';
/// A day without study.
pub const IDLE: char = '·';

/// Columns before the row.
const INDENT: usize = 2;

/// The marks as plain text in groups of seven: `■■·■··· ■■■···· ······■ ■■■····`.
pub fn row(study: &Streak) -> String {
    let marks: Vec<bool> = study.window().iter().map(|&(_, on)| on).collect();
    marks_text(&marks, true)
}

/// Writes a blank line, the label and the row, fitted to the terminal; nothing
/// when the plans have no done date on or before today.
pub fn study(out: &mut dyn Write, look: &Look, study: &Streak) -> io::Result<()> {
    if !study.dated {
        return Ok(());
    }
    let p = &look.palette;
    writeln!(out)?;
    let label = study.summary();
    let labels = match look.width {
        Some(w) => crate::render::style::wrap(&label, w),
        None => vec![label],
    };
    for line in labels {
        writeln!(out, "{}", p.paint(p.heading, line))?;
    }
    let marks: Vec<bool> = study.window().iter().map(|&(_, on)| on).collect();
    let ends = (study.from.to_string(), study.today.to_string());
    let weeks = marks.len().div_ceil(7);
    let whole = INDENT + marks.len() + weeks.saturating_sub(1);
    let dated = INDENT + ends.0.len() + 1 + (whole - INDENT) + 1 + ends.1.len();
    // (indent, marks per line, groups of seven kept apart, dates at the ends)
    let (indent, per_line, grouped, with_ends) = match look.width {
        Some(w) if w < dated => match w {
            w if w >= whole => (INDENT, marks.len(), true, false),
            w if w >= INDENT + 7 => (INDENT, 7 * ((w - INDENT + 1) / 8), true, false),
            w => (0, w.max(1), false, false),
        },
        _ => (INDENT, marks.len(), true, true),
    };
    for chunk in marks.chunks(per_line.max(1)) {
        let mut line = " ".repeat(indent);
        if with_ends {
            line.push_str(&p.paint(p.muted, &ends.0));
            line.push(' ');
        }
        // Runs of one kind painted at once: fewer escapes.
        let text = marks_text(chunk, grouped);
        let mut run = String::new();
        let mut kind = None;
        for c in text.chars() {
            let this = if c == ' ' { kind } else { Some(c == STUDIED) };
            if this != kind && !run.is_empty() {
                line.push_str(&paint_run(look, kind, &run));
                run.clear();
            }
            kind = this;
            run.push(c);
        }
        line.push_str(&paint_run(look, kind, &run));
        if with_ends {
            line.push(' ');
            line.push_str(&p.paint(p.muted, &ends.1));
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Marks as characters, a space between groups of seven when `grouped`.
fn marks_text(marks: &[bool], grouped: bool) -> String {
    let mut text = String::with_capacity(marks.len() * 3);
    for (i, &on) in marks.iter().enumerate() {
        if grouped && i > 0 && i % 7 == 0 {
            text.push(' ');
        }
        text.push(if on { STUDIED } else { IDLE });
    }
    text
}

/// A run of study marks in the done colour, of idle ones muted.
fn paint_run(look: &Look, studied: Option<bool>, run: &str) -> String {
    let p = &look.palette;
    match studied {
        Some(true) => p.paint(p.done, run),
        Some(false) => p.paint(p.muted, run),
        None => run.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::style::{Palette, width};
    use chrono::NaiveDate;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn shown(study: &Streak, width: Option<usize>, color: bool) -> String {
        let look = Look {
            palette: Palette::new(color),
            width,
            terminal: false,
        };
        let mut out = Vec::new();
        super::study(&mut out, &look, study).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn sample() -> Streak {
        let dates = [10 * 100 + 28, 1101, 1102, 1104, 1120, 1122, 1123, 1124]
            .map(|md| day(md / 100, md % 100));
        crate::streak::streak(dates, day(11, 24))
    }

    #[test]
    fn the_row_shows_four_weeks_between_their_dates() {
        let text = shown(&sample(), None, false);
        assert_eq!(
            text,
            "\nStudied 8 of the last 28 days · streak 3 days\n  \
             2026-10-28 ■···■■· ■······ ······· ··■·■■■ 2026-11-24\n"
        );
        assert_eq!(row(&sample()), "■···■■· ■······ ······· ··■·■■■");
    }

    #[test]
    fn a_narrow_row_drops_the_dates_then_breaks_between_weeks() {
        let at = |w: usize| shown(&sample(), Some(w), false);
        assert!(at(55).contains("  2026-10-28 ■"), "{}", at(55));
        assert!(at(54).contains("\n  ■···■■· ■······ ······· ··■·■■■\n"));
        assert!(at(32).contains("\n  ■···■■· ■······ ·······\n  ··■·■■■\n"));
        assert!(at(9).ends_with("\n  ■···■■·\n  ■······\n  ·······\n  ··■·■■■\n"));
        for w in 1..=80 {
            let text = at(w);
            // Row lines hold marks, spaces and dates; the label's lines hold words.
            let is_row = |l: &&str| {
                l.contains([STUDIED, IDLE])
                    && l.chars()
                        .all(|c| matches!(c, STUDIED | IDLE | ' ' | '-' | '0'..='9'))
            };
            let rows: Vec<&str> = text.lines().filter(is_row).collect();
            let marks = rows
                .concat()
                .chars()
                .filter(|&c| c == STUDIED || c == IDLE)
                .count();
            assert_eq!(marks, 28, "{w}: every day once: {text}");
            for line in text.lines().filter(|l| w >= 8 || is_row(l)) {
                assert!(width(line) <= w, "{w}: {line}");
            }
        }
    }

    #[test]
    fn colours_mark_study_days_and_nothing_without_dates() {
        let text = shown(&sample(), None, true);
        assert!(text.contains('\u{1b}'));
        let plain = crate::streak::streak([], day(11, 24));
        assert_eq!(shown(&plain, None, true), "");
    }
}
