//! The bad-input matrix: every input either gives exit 0 with the right answer or
//! exit 2 with a clear message; never a panic, a hang or a changed file.
//!
//! `ROADMAP_LONG=1` adds a 200 MB plan (the default run uses 24 MB).

use std::time::{Duration, Instant};

use crate::support::{Sandbox, json, stderr};

/// Runs `list` and `check` on `bytes` as `plan.md`; returns list's output and
/// checks that nothing panicked, hung or changed the file.
fn try_plan(name: &str, bytes: &[u8]) -> std::process::Output {
    let sandbox = Sandbox::new();
    sandbox.write("plan.md", bytes);
    let started = Instant::now();
    let list = sandbox
        .roadmap()
        .args(["--plan", "plan.md", "list", "--format", "json"])
        .output()
        .unwrap();
    let check = sandbox
        .roadmap()
        .args(["--plan", "plan.md", "check", "--all", "zzz-no-such-task"])
        .output()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{name}: too slow"
    );
    for out in [&list, &check] {
        let err = stderr(out);
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(
            matches!(out.status.code(), Some(0 | 2)),
            "{name}: {:?}",
            out.status
        );
        if out.status.code() == Some(2) {
            assert!(err.starts_with("roadmap: error: "), "{name}: {err}");
        }
    }
    assert!(sandbox.read("plan.md") == bytes, "{name}: the file changed");
    list
}

fn rejected(name: &str, bytes: &[u8], message: &str) {
    let out = try_plan(name, bytes);
    assert_eq!(out.status.code(), Some(2), "{name}");
    let err = stderr(&out);
    assert!(
        err.contains(message),
        "{name}: expected `{message}` in: {err}"
    );
}

fn accepted(name: &str, bytes: &[u8], tasks: usize) -> Vec<serde_json::Value> {
    let out = try_plan(name, bytes);
    assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
    let found = json(&out);
    assert_eq!(found.len(), tasks, "{name}");
    found
}

#[test]
fn invalid_utf8_is_named_with_its_offset_at_start_middle_and_end() {
    rejected(
        "start",
        b"\xff- [ ] a\n",
        "byte 0xFF at offset 0 (line 1, column 1)",
    );
    rejected(
        "middle",
        b"# T\n- [ ] caf\xe9 au lait\n",
        "byte 0xE9 at offset 13 (line 2, column 10)",
    );
    // A multi-byte sequence cut off by the end of the file.
    rejected(
        "end",
        "- [ ] Привет\n- [ ] x"
            .as_bytes()
            .iter()
            .chain(b"\xd0")
            .copied()
            .collect::<Vec<_>>()
            .as_slice(),
        "byte 0xD0 at offset",
    );
}

#[test]
fn legacy_encodings_are_named_with_a_fix() {
    // "- [ ] Изучить основы\n" in Windows-1251.
    let cp1251 =
        b"# \xcf\xeb\xe0\xed\n- [ ] \xc8\xe7\xf3\xf7\xe8\xf2\xfc \xee\xf1\xed\xee\xe2\xfb\n";
    rejected("cp1251", cp1251, "Windows-1251");
    rejected("cp1251", cp1251, "iconv -f cp1251 -t utf-8");
    let utf16le: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("- [ ] x\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    rejected("utf-16le", &utf16le, "UTF-16");
    let utf16be: Vec<u8> = [0xfe, 0xff]
        .into_iter()
        .chain("- [ ] x\n".encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    rejected("utf-16be", &utf16be, "UTF-16");
}

/// Texts to encode, in French, Russian, English and Japanese.
const FRENCH_ONE: &str = "# Courses\n- [ ] Acheter du café\n- [ ] Lire le journal\n";
const FRENCH: &str = "# Plan d'étude\n\
    - [ ] Étudier les bases de la programmation : variables, fonctions, boucles\n\
    - [ ] Écrire un programme qui lit un fichier et compte les mots\n\
    - [ ] Révision : les structures de données élémentaires (tableaux, listes chaînées)\n\
    Ce plan a été préparé pour les élèves débutants ; il prévoit une leçon par semaine.\n";
const RUSSIAN: &str = "# План изучения программирования\n\
    Этот план рассчитан на начинающих разработчиков. Каждую неделю мы изучаем новую тему,\n\
    выполняем практические задания и повторяем пройденный материал.\n\
    - [ ] Изучить основы синтаксиса языка\n\
    - [ ] Написать первую программу, которая читает файл и считает слова\n\
    - [ ] Разобраться со структурами данных: массивы, списки, словари\n";
const QUOTES: &str = "# Reading list\n\
    - [ ] Read “The Pragmatic Programmer” — chapters 1–3\n\
    - [ ] Don’t skip the exercises; they’re the point\n\
    He said: “it’s fine”.\n";
const JAPANESE: &str = "# 学習計画\n\
    - [ ] プログラミングの基礎を学ぶ\n\
    - [ ] ファイルを読んで単語を数えるプログラムを書く\n\
    毎週新しいテーマを勉強します。\n";

/// Latin-1: one byte per character, the character's code.
fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

/// `text` in a legacy encoding, by encoding_rs's encoder (no character unmappable).
fn legacy(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{}", encoding.name());
    bytes.into_owned()
}

fn utf16(text: &str, bom: bool, little: bool) -> Vec<u8> {
    let bom: &[u16] = if bom { &[0xfeff] } else { &[] };
    bom.iter()
        .copied()
        .chain(text.encode_utf16())
        .flat_map(|u| {
            if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            }
        })
        .collect()
}

/// Bytes from a small deterministic generator, all of them from `low` up.
fn random_bytes(seed: u64, len: usize, low: u8) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            low + (state % (256 - u64::from(low))) as u8
        })
        .collect()
}

/// A file to name: what it is, its bytes, the text they hold if any, and the name
/// `iconv` is to be given (`None`: no encoding may be named; `either`: named or not).
type Case = (
    &'static str,
    Vec<u8>,
    Option<&'static str>,
    Option<&'static str>,
);

/// Issue 10, item 16: a Latin-1 file was called Windows-1251, and `iconv -f cp1251`
/// corrupts it. The hint is now right or absent, never wrong: for each file, the
/// encoding named (or none), and the `iconv` command it suggests, run when iconv is
/// installed, must turn the file into its text.
#[test]
fn an_encoding_is_named_only_when_right_and_its_iconv_command_works() {
    let have_iconv = std::process::Command::new("iconv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        have_iconv || std::env::var_os("CI").is_none(),
        "iconv is missing in CI"
    );
    let mixed = {
        let mut bytes = "- [ ] Привет, café\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"- [ ] caf\xe9\n");
        bytes
    };
    let bom_then_cp1251 = {
        let mut bytes = vec![0xef, 0xbb, 0xbf];
        bytes.extend(legacy(RUSSIAN, encoding_rs::WINDOWS_1251));
        bytes
    };
    let cases: Vec<Case> = vec![
        (
            "Latin-1, one accent",
            latin1(FRENCH_ONE),
            Some(FRENCH_ONE),
            None,
        ),
        (
            "Latin-1, many accents",
            latin1(FRENCH),
            Some(FRENCH),
            Some("cp1252"),
        ),
        (
            "Windows-1251",
            legacy(RUSSIAN, encoding_rs::WINDOWS_1251),
            Some(RUSSIAN),
            Some("cp1251"),
        ),
        (
            "Windows-1252 quotes",
            legacy(QUOTES, encoding_rs::WINDOWS_1252),
            Some(QUOTES),
            Some("cp1252"),
        ),
        (
            "Shift_JIS",
            legacy(JAPANESE, encoding_rs::SHIFT_JIS),
            Some(JAPANESE),
            Some("cp932"),
        ),
        (
            "KOI8-R",
            legacy(RUSSIAN, encoding_rs::KOI8_R),
            Some(RUSSIAN),
            Some("KOI8-R"),
        ),
        (
            "UTF-16LE with BOM",
            utf16(RUSSIAN, true, true),
            Some(RUSSIAN),
            Some("UTF-16"),
        ),
        (
            "UTF-16BE with BOM",
            utf16(FRENCH, true, false),
            Some(FRENCH),
            Some("UTF-16"),
        ),
        (
            "UTF-16LE without BOM",
            utf16(FRENCH, false, true),
            Some(FRENCH),
            Some("either"),
        ),
        (
            "UTF-16BE without BOM",
            utf16(JAPANESE, false, false),
            Some(JAPANESE),
            Some("either"),
        ),
        ("UTF-8 with one Latin-1 byte", mixed, None, None),
        ("UTF-8 BOM, then Windows-1251", bom_then_cp1251, None, None),
    ];
    let binaries = (1..=6u64).flat_map(|seed| {
        [
            ("random bytes", random_bytes(seed, 3000, 0), None, None),
            (
                "random high bytes",
                random_bytes(seed, 3000, 0x80),
                None,
                None,
            ),
        ]
    });
    for (case, bytes, text, expected) in cases.into_iter().chain(binaries) {
        let sandbox = Sandbox::new();
        sandbox.write("plan.md", &bytes);
        let out = sandbox
            .roadmap()
            .args(["--plan", "plan.md", "list"])
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{case}: {err}");
        assert!(!err.contains("panicked"), "{case}: {err}");
        // UTF-16 text without a BOM may be valid UTF-8 with NUL bytes: binary.
        if err.contains("binary file") {
            assert!(
                expected != Some("cp1252") && !err.contains("looks like"),
                "{case}: {err}"
            );
            continue;
        }
        assert!(err.contains("not valid UTF-8: byte 0x"), "{case}: {err}");
        assert!(err.contains(", near bytes "), "{case}: {err}");
        let named = err
            .split("`iconv -f ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next());
        match (expected, named) {
            (Some("either"), _) => {}
            (expected, named) => assert_eq!(named, expected, "{case}: {err}"),
        }
        assert_eq!(
            named.is_some(),
            err.contains("; it looks like "),
            "{case}: {err}"
        );
        if let (Some(from), Some(text), true) = (named, text, have_iconv) {
            let converted = std::process::Command::new("iconv")
                .args(["-f", from, "-t", "utf-8", "plan.md"])
                .current_dir(sandbox.path())
                .output()
                .unwrap();
            assert!(converted.status.success(), "{case}: iconv -f {from} failed");
            assert_eq!(
                String::from_utf8_lossy(&converted.stdout),
                text,
                "{case}: iconv -f {from} gives other text"
            );
        }
    }
}

#[test]
fn the_bytes_around_the_bad_one_are_shown() {
    rejected(
        "café",
        &latin1("café\n"),
        "byte 0xE9 at offset 3 (line 1, column 4), near bytes 63 61 66 E9 0A\n",
    );
    rejected(
        "long",
        &latin1("0123456789é0123456789"),
        "byte 0xE9 at offset 10 (line 1, column 11), near bytes 36 37 38 39 E9 30 31 32 33\n",
    );
}

/// The README's example of a Windows-1251 plan is what roadmap prints for one.
#[test]
fn the_readme_example_of_a_legacy_plan_is_true() {
    let readme = std::fs::read_to_string(crate::support::repo().join("README.md")).unwrap();
    let example = readme
        .lines()
        .skip_while(|l| *l != "$ roadmap -p legacy.md list")
        .nth(1)
        .expect("the legacy.md example in the README");
    let sandbox = Sandbox::new();
    sandbox.write(
        "legacy.md",
        legacy(
            "- [ ] Прочитать главу о каналах\n- [ ] Решить задачи\n",
            encoding_rs::WINDOWS_1251,
        ),
    );
    let out = sandbox.run(&["-p", "legacy.md", "list"]);
    assert_eq!(stderr(&out), format!("{example}\n"));
}

#[test]
fn nul_bytes_mean_a_binary_file() {
    rejected(
        "nul",
        b"- [ ] a\n\0\0\0",
        "binary file (NUL byte at offset 8)",
    );
}

#[test]
fn a_ten_megabyte_line_is_one_task() {
    let mut text = String::from("- [ ] ");
    text.push_str(&"слово ".repeat(10 * 1024 * 1024 / 11));
    text.push('\n');
    let tasks = accepted("10 MB line", text.as_bytes(), 1);
    assert!(tasks[0]["text"].as_str().unwrap().len() > 9_000_000);
}

#[test]
fn ten_thousand_levels_of_nesting_do_not_break_anything() {
    let lists = format!("{}[ ] deep\n", "- ".repeat(10_000));
    let tasks = accepted("nested lists", lists.as_bytes(), 1);
    assert_eq!(tasks[0]["depth"], 9_999);
    let quotes = format!("{}- [x] quoted\n", "> ".repeat(10_000));
    let tasks = accepted("nested quotes", quotes.as_bytes(), 1);
    assert_eq!(tasks[0]["status"], "done");
    let indented: String = (0..10_000)
        .map(|i| format!("{}- [ ] level {i}\n", "  ".repeat(i % 200)))
        .collect();
    accepted("indented lists", indented.as_bytes(), 10_000);
}

#[test]
fn a_hundred_thousand_tasks_in_one_file() {
    let text: String = (0..100_000)
        .map(|i| format!("- [{}] task {i}\n", if i % 3 == 0 { 'x' } else { ' ' }))
        .collect();
    let tasks = accepted("100k tasks", text.as_bytes(), 100_000);
    assert_eq!(tasks[99_999]["line"], 100_000);
    assert_eq!(
        tasks.iter().filter(|t| t["status"] == "done").count(),
        33_334
    );
}

#[test]
fn a_very_large_plan_works() {
    let megabytes = if std::env::var_os("ROADMAP_LONG").is_some() {
        200
    } else {
        24
    };
    let chunk = "## Неделя\n\n- [ ] прочитать главу про каналы и горутины 🎯\n- [x] сделать упражнения\n\n```\n- [ ] not a task\n```\n\n";
    let copies = megabytes * 1024 * 1024 / chunk.len();
    let text = chunk.repeat(copies);
    let sandbox = Sandbox::new();
    sandbox.write("big.md", &text);
    let out = sandbox
        .roadmap()
        .args(["--plan", "big.md", "next", "--format", "plain"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "прочитать главу про каналы и горутины 🎯\n"
    );
    let out = sandbox
        .roadmap()
        .args([
            "--plan", "big.md", "list", "--format", "plain", "--status", "done",
        ])
        .output()
        .unwrap();
    assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), copies);
}
