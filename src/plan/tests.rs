//! Tests of the plan model: every box, what is not a task, text, done dates,
//! sections and labels, IDs, and parsing in chunks equal to parsing whole.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::ids::ID_BATCH;
use super::text::{finish_text, push_folded, strip_done_date};
use super::*;

fn parse(text: &str) -> Plan {
    Plan::parse(PathBuf::from("plans/t.md"), text.to_string())
}

fn summary(text: &str) -> Vec<(usize, Status, String, usize)> {
    parse(text)
        .tasks
        .iter()
        .map(|t| (t.line, t.status, t.text.clone(), t.depth))
        .collect()
}

#[test]
fn every_status_box_and_nothing_else() {
    let got = summary("- [ ] a\n- [x] b\n- [X] c\n- [/] d\n- [-] e\n- [>] f\n- [?] g\n- [] h\n");
    let statuses: Vec<_> = got.iter().map(|t| t.1).collect();
    use Status::*;
    assert_eq!(statuses, [Todo, Done, Done, Doing, Skipped]);
    assert_eq!(got[3].2, "d");
    assert_eq!(got[4].2, "e");
}

#[test]
fn boxes_in_code_html_tables_and_front_matter_are_not_tasks() {
    let text = "---\n- [ ] meta\n---\n```\n- [ ] fenced\n```\n\n    - [ ] indented\n\n<div>\n- [ ] html\n</div>\n\n| a |\n|---|\n| - [ ] cell |\n\n- [ ] real\n";
    let got = summary(text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, 18);
}

#[test]
fn quotes_nesting_and_ordered_items() {
    let got = summary("> - [ ] q\n- - [x] inner\n1. [ ] one\n2) [/] two\n- a\n\t- [ ] tab\n");
    assert_eq!(
        got.iter().map(|t| (t.0, t.3)).collect::<Vec<_>>(),
        [(1, 0), (2, 1), (3, 0), (4, 0), (6, 1)]
    );
}

#[test]
fn lone_cr_blank_lines_end_html_blocks() {
    // GitHub: a task (the blank line ends the `<details>` HTML block).
    let got = summary("<details>\r<summary>More</summary>\r\r- [ ] learn\r\r</details>");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, 4);
}

#[test]
fn whitespace_is_folded_including_unicode_spaces() {
    let normalize = |text: &str| {
        let mut out = String::new();
        push_folded(&mut out, text);
        finish_text(out)
    };
    let mut split = String::from("a ");
    push_folded(&mut split, " \n b");
    assert_eq!(finish_text(split), "a b", "runs across events fold too");
    assert_eq!(normalize("  a\t b\n\u{a0}c\u{3000} "), "a b c");
    assert_eq!(normalize("Неделя 1: Синтаксис"), "Неделя 1: Синтаксис");
    assert_eq!(normalize("a → b — c"), "a → b — c");
    assert_eq!(normalize(""), "");
}

#[test]
fn the_fallback_reading_finds_the_same_tasks_and_sections() {
    let text = "# Plan\n[ref]: /u\nStage\n===\n[ref2]: /v\n**Week 1** (📖 x)\n- [ ] a ✅ 2026-01-02\n  - [x] b *em* `c`[^n]\n\n  [^n]: - [ ] in a note\n\n- [/] loose\n\n  more\n- [-] c\n1) [X] d\n> - [ ] e\n\n[x]: /link\n- [x] f\n- [ ]\n- [>] g\n";
    let usual = Plan::parse_without_fallback("plans/t.md".into(), text.into());
    let forced = Plan::parse_forcing_fallback("plans/t.md".into(), text.into());
    assert_eq!(forced.sections, usual.sections);
    assert_eq!(forced.tasks, usual.tasks);
    assert_eq!(forced.link_marks, usual.link_marks);
    assert_eq!(usual.link_marks.len(), 1);
    assert_eq!(usual.link_marks[0].line, 6);
    assert_eq!(usual.tasks.len(), 8, "{:?}", usual.tasks);
    assert_eq!(
        usual.sections[1].line, 3,
        "the heading's line, not the definition's"
    );
    assert_eq!(
        usual.sections[2].line, 6,
        "the label's line, not the definition's"
    );
}

#[test]
fn a_form_feed_line_is_read_as_github_reads_it_and_renamed_tags_come_back() {
    assert!(summary("<div>\n\u{c}\n- [ ] a\n").is_empty());
    let got = summary("\u{c}\n\n- [ ] use `<textarea>` or <search>\n");
    assert_eq!(got[0].2, "use <textarea> or");
    let got = summary("- [ ] use `<TEXTAREA>`\n");
    assert_eq!(got[0].2, "use <TEXTAREA>");
}

#[test]
fn bom_and_crlf() {
    let got = summary("\u{feff}- [ ] first\r\n- [x] second\r\n");
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].1, Status::Done);
}

#[test]
fn empty_box_tab_inside_box_and_box_later_on_the_line() {
    assert!(summary("- [ ]\n- [\t] x\n").is_empty());
    let got = summary("- [ ] see [x] here\n");
    assert_eq!(got[0].1, Status::Todo);
    assert_eq!(got[0].2, "see [x] here");
}

#[test]
fn text_is_plain_and_stops_before_nested_lists() {
    let got = summary(
        "- [ ] **Bold** [link](http://x) `code` <b>x</b>\n  more\n  - [ ] child ✅ 2026-01-02\n",
    );
    assert_eq!(got[0].2, "Bold link code x more");
    assert_eq!(got[1].2, "child");
}

#[test]
fn done_dates_are_read_and_located() {
    let text = "- [x] read it ✅ 2026-11-22  \n- [x] twice ✅\u{fe0f} 2026-01-05\\\n  on\n";
    let plan = parse(text);
    let t = &plan.tasks[0];
    assert_eq!(t.done_on, NaiveDate::from_ymd_opt(2026, 11, 22));
    assert_eq!(&text[t.done_span.clone().unwrap()], " ✅ 2026-11-22");
    assert_eq!(t.text, "read it");
    assert_eq!(&text[t.stamp_at..t.stamp_at + 2], "  ");
    let t = &plan.tasks[1];
    assert_eq!(t.done_on, NaiveDate::from_ymd_opt(2026, 1, 5));
    assert_eq!(t.text, "twice on");
    assert_eq!(&text[t.stamp_at..t.stamp_at + 1], "\\");
}

#[test]
fn a_date_cut_inside_a_character_is_no_date() {
    // Found by the fuzzer: the tenth byte after `✅ ` fell inside a BOM character.
    assert_eq!(
        strip_done_date("a ✅ 2026-11-\u{feff}24x]"),
        "a ✅ 2026-11-\u{feff}24x]"
    );
    assert_eq!(strip_done_date("a ✅ 2026-11-24 b"), "a b");
}

#[test]
fn every_trailing_done_date_belongs_to_the_span() {
    let text = "- [x] done twice ✅ 2026-11-20 ✅ 2026-11-22\n";
    let t = &parse(text).tasks[0];
    assert_eq!(t.text, "done twice");
    assert_eq!(t.done_on, NaiveDate::from_ymd_opt(2026, 11, 22));
    assert_eq!(
        &text[t.done_span.clone().unwrap()],
        " ✅ 2026-11-20 ✅ 2026-11-22"
    );
}

#[test]
fn sections_come_from_top_level_headings_and_bold_labels() {
    let text = "# Plan\n## Stage 1\n**Weeks 1-2: Basics** (📖 **Book**)\n- [ ] a\n- # [ ] b\n\n## Stage 2\n**Note:** text\n\n- [ ] c\n";
    let plan = parse(text);
    let paths: Vec<_> = plan.tasks.iter().map(|t| plan.section_path(t)).collect();
    assert_eq!(paths[0], ["Plan", "Stage 1", "Weeks 1-2: Basics"]);
    assert_eq!(plan.tasks.len(), 2, "a heading inside an item is no task");
    assert_eq!(paths[1], ["Plan", "Stage 2"]);
}

#[test]
fn a_heading_inside_an_open_fence_or_comment_is_never_a_cut() {
    for text in [
        "# A\n- [ ] a\n\n```\n\n# B\n- [ ] in code\n",
        "# A\n\n<!--\n\n## B\n- [ ] in a comment\n-->\n\n# C\n- [x] c\n",
        "# A\n\n- [ ] a\n  ~~~\n\n# B\n- [ ] b\n",
        "# A\n\n**Label**\n- [ ] a\n\n## B\n\n- [ ] b\n\n# C\n\n### D\n- [ ] d\n",
        "# A\n📖 x\n```\n📖 in code\n```\n# B\n- [ ] b (📖 y)\n# C\n`📖 span` 📖 z 📖 w\n",
    ] {
        let whole = parse(text);
        let cut = Plan::parse_in_chunks("t.md".into(), text.into(), 1);
        assert_eq!(cut.sections, whole.sections, "{text:?}");
        assert_eq!(cut.tasks, whole.tasks, "{text:?}");
        assert_eq!(cut.link_marks, whole.link_marks, "{text:?}");
    }
    let marks =
        parse("# A\n📖 x\n```\n📖 in code\n```\n# B\n- [ ] b (📖 y)\n# C\n`📖 span` 📖 z 📖 w\n")
            .link_marks;
    let lines: Vec<(usize, bool)> = marks.iter().map(|m| (m.line, m.in_list)).collect();
    assert_eq!(
        lines,
        [(2, false), (7, true), (9, false), (9, false)],
        "none in code"
    );
    let cut = Plan::parse_in_chunks("t.md".into(), "# A\n\n```\n\n# B\n- [ ] b\n".into(), 1);
    assert!(cut.tasks.is_empty());
    assert_eq!(cut.sections.len(), 1);
}

#[test]
fn duplicate_counts_follow_document_order_across_id_batches() {
    let count = 2 * ID_BATCH + 5;
    let text = format!("# A\n{}- [ ] other\n", "- [ ] same\n".repeat(count));
    let plan = parse(&text);
    let first = plan.tasks[0].id.as_str().to_string();
    for (i, task) in plan.tasks.iter().take(count).enumerate().skip(1) {
        assert_eq!(task.id.as_str(), format!("{first}-{}", i + 1));
    }
    let last = plan.tasks[count].id.as_str();
    assert!(!last.contains('-') && last != first, "{last}");
}

#[test]
fn the_counting_parse_finds_the_same_tasks_and_sections() {
    let text = include_str!("../../plans/backend-roadmap.md");
    let full = parse(text);
    let light = Plan::parse_for_counts("p.md".into(), text);
    assert_eq!(light.sections, full.sections);
    let key = |t: &Task| (t.line, t.offset, t.status, t.section, t.depth, t.done_on);
    assert_eq!(
        light.tasks.iter().map(key).collect::<Vec<_>>(),
        full.tasks.iter().map(key).collect::<Vec<_>>()
    );
}

#[test]
fn a_plan_answers_to_every_folder_bounded_tail_of_its_full_name() {
    let name = PlanName {
        short: "work/plan".into(),
        full: "home/me/work/plan".into(),
    };
    for yes in ["plan", "work/plan", "me/work/plan", "home/me/work/plan"] {
        assert!(name.answers_to(yes), "{yes}");
    }
    for no in [
        "",
        "lan",
        "ork/plan",
        "home/plan",
        "other/work/plan",
        "plan/",
    ] {
        assert!(!name.answers_to(no), "{no}");
    }
    assert_eq!(
        PlanName::of_path(Path::new("plans/go-backend.md")),
        PlanName {
            short: "go-backend".into(),
            full: "plans/go-backend".into()
        }
    );
}

#[test]
fn ids_are_stable_when_ticked_and_unique_for_duplicates() {
    let a = parse("# S\n- [ ] same\n- [ ] same\n- [ ] other\n");
    let b = parse("# S\n- [x] same\n- [ ] same\n- [/] other ✅ 2026-01-01\n");
    let ids = |p: &Plan| p.tasks.iter().map(|t| t.id.to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
    assert!(ids(&a)[0].starts_with("t#"));
    assert_eq!(ids(&a)[1], format!("{}-2", ids(&a)[0]));
}

#[test]
fn every_status_byte_rewrite_keeps_the_same_tasks() {
    let text = "# H\n- [ ] a\n  - [x] b\n> 1. [/] c\n- [-] d\n";
    let plan = parse(text);
    for task in &plan.tasks {
        for byte in [b' ', b'x', b'X', b'/', b'-'] {
            let mut bytes = text.as_bytes().to_vec();
            bytes[task.offset] = byte;
            let again = parse(std::str::from_utf8(&bytes).unwrap());
            assert_eq!(again.tasks.len(), plan.tasks.len());
            for (x, y) in again.tasks.iter().zip(&plan.tasks) {
                assert_eq!(
                    (x.offset, &x.text, x.depth, &x.id),
                    (y.offset, &y.text, y.depth, &y.id)
                );
            }
        }
    }
}

proptest::proptest! {
    #[test]
    fn iso_dates_read_as_chrono_reads_them(
        text in "([0-9]{4}|[0-9]{1,5})-[0-9]{1,3}-[0-9]{1,3}|[0-9 +-]{10}|.{0,12}"
    ) {
        let chrono = chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
        let shaped = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        // Where chrono reads what is no YYYY-MM-DD (`2026-1-5`), no date is read.
        let want = chrono.filter(|_| shaped);
        proptest::prop_assert_eq!(iso_date(&text), want);
    }
}
