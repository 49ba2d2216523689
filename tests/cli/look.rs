//! Colour and width: escapes only on request or on a terminal, `NO_COLOR` and
//! `CLICOLOR_FORCE` honoured, and text fitted to `COLUMNS` by display width.

use crate::support::{Sandbox, stdout};

const ESC: char = '\u{1b}';

#[test]
fn piped_output_has_no_escapes_unless_asked() {
    let sandbox = Sandbox::with_bundled_plans();
    let plain = sandbox.roadmap().arg("next").output().unwrap();
    assert!(!stdout(&plain).contains(ESC));

    let always = sandbox
        .roadmap()
        .args(["--color", "always", "next"])
        .output()
        .unwrap();
    assert!(stdout(&always).contains(ESC));

    let forced = sandbox
        .roadmap()
        .env("CLICOLOR_FORCE", "1")
        .arg("next")
        .output()
        .unwrap();
    assert!(stdout(&forced).contains(ESC));

    let no_color = sandbox
        .roadmap()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .arg("next")
        .output()
        .unwrap();
    assert!(
        !stdout(&no_color).contains(ESC),
        "NO_COLOR wins over CLICOLOR_FORCE"
    );

    let never = sandbox
        .roadmap()
        .env("CLICOLOR_FORCE", "1")
        .args(["--color", "never", "list"])
        .output()
        .unwrap();
    assert!(!stdout(&never).contains(ESC));
}

#[test]
fn json_and_plain_are_never_coloured() {
    let sandbox = Sandbox::with_bundled_plans();
    for format in ["json", "plain"] {
        let output = sandbox
            .roadmap()
            .args(["--color", "always", "list", "--format", format])
            .output()
            .unwrap();
        assert!(!stdout(&output).contains(ESC), "{format}");
    }
}

fn columns(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

#[test]
fn text_fits_forty_columns_with_cyrillic() {
    let sandbox = Sandbox::with_bundled_plans();
    for command in ["next", "list"] {
        let output = sandbox
            .roadmap()
            .env("COLUMNS", "40")
            .arg(command)
            .output()
            .unwrap();
        let text = stdout(&output);
        for line in text.lines() {
            assert!(
                columns(line) <= 40,
                "{command}: {} columns: {line}",
                columns(line)
            );
        }
        assert!(
            text.contains('…'),
            "{command}: long lines are cut with an ellipsis"
        );
    }
    // `next` wraps the task text rather than cutting it: every word is there.
    let output = sandbox
        .roadmap()
        .env("COLUMNS", "40")
        .args(["next", "-p", "go-backend"])
        .output()
        .unwrap();
    let words: Vec<String> = stdout(&output)
        .split_whitespace()
        .map(String::from)
        .collect();
    for word in ["Установка", "Go", "(последняя", "стабильная", "версия)"]
    {
        assert!(words.iter().any(|w| w == word), "missing {word}");
    }
}

#[test]
fn wide_terminals_and_pipes_keep_whole_lines() {
    let sandbox = Sandbox::with_bundled_plans();
    let wide = sandbox
        .roadmap()
        .env("COLUMNS", "200")
        .arg("list")
        .output()
        .unwrap();
    let piped = sandbox.roadmap().arg("list").output().unwrap();
    let wide = stdout(&wide);
    assert!(wide.contains("- [ ] Установка Go (последняя стабильная версия)  go-backend#"));
    assert!(wide.lines().all(|l| columns(l) <= 200));
    let piped = stdout(&piped);
    assert!(!piped.contains('…'), "a pipe without COLUMNS is not cut");
}
