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

#[test]
fn every_text_output_ends_at_any_width_with_wide_and_ellipsis_text() {
    // A run of `…`, of CJK (two columns each) or of emoji has no place to break:
    // fitting it to a narrow terminal must still end, and succeed.
    let sandbox = Sandbox::new();
    sandbox.write("roadmap.toml", "[schedule]\nstart = 2026-11-02\n");
    sandbox.write(
        "plans/wide.md",
        format!(
            "# {dots}\n## Неделя 1 {cjk}\n- [ ] {dots}\n- [/] {cjk}\n- [x] {emoji} ✅ 2026-11-03\n\
             ## Неделя 2 {emoji}\n- [ ] {long}\n- [ ] a{dots}b{cjk}c{emoji}\n",
            dots = "…".repeat(60),
            cjk = "漢字".repeat(30),
            emoji = "🎯".repeat(30),
            long = "x".repeat(120),
        ),
    );
    // A plan whose next task is nothing but `…`, and whose heading is.
    sandbox.write(
        "plans/dots.md",
        format!("# {dots}\n- [ ] {dots}\n", dots = "…".repeat(60)),
    );
    let commands: [&[&str]; 7] = [
        &["list"],
        &["next"],
        &["next", "--count", "9"],
        &["report", "--depth", "2"],
        &["milestone"],
        &["milestone", "Неделя 2"],
        &["week"],
    ];
    // Below some 60 columns an ID and a due date alone fill the line: they are never
    // cut, so only from there must every line fit.
    for width in (1..=40).chain([60, 80]) {
        for command in commands {
            let output = sandbox
                .roadmap()
                .env("COLUMNS", width.to_string())
                .env("ROADMAP_TODAY", "2026-11-12")
                .args(command)
                .timeout(std::time::Duration::from_secs(10))
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{command:?} at {width} columns: {output:?}"
            );
            if width >= 60 {
                for line in stdout(&output).lines() {
                    assert!(
                        columns(line) <= width,
                        "{command:?} at {width}: {} columns: {line}",
                        columns(line)
                    );
                }
            }
        }
    }
}
