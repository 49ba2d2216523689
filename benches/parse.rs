//! Micro-benchmarks of the hot paths, in process (no start-up, no file I/O):
//! `Plan::parse` (list, next, check), `Plan::parse_for_counts` (report), the edit
//! path (`edit::set_status` + `edit::apply`), and the floor — the bare pulldown-cmark
//! loop that counts task markers, which a correct parse cannot beat.
//!
//! ```sh
//! cargo bench --bench parse               # everything, about a minute
//! cargo bench --bench parse -- floor      # a filter, as with cargo test
//! ```
//!
//! Inputs: the two bundled plans and a 1 MB plan from the benchmark generator
//! (`examples/gencorpus/plan.rs`, the same bytes `gencorpus --size 1MB` writes).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark, not the product

#[path = "../examples/gencorpus/plan.rs"]
mod generator;

use std::path::PathBuf;
use std::sync::LazyLock;

use chrono::NaiveDate;
use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use pulldown_cmark::{Event, Options, Parser};
use roadmap::edit;
use roadmap::plan::{Plan, Status};

const INPUTS: &[&str] = &["go-backend", "backend-roadmap", "generated-1mb"];

static GENERATED: LazyLock<String> = LazyLock::new(|| {
    let mut text = String::new();
    generator::plan(&mut generator::Rng(0x5eed), 1024 * 1024, &mut text);
    text
});

fn text(input: &str) -> &'static str {
    match input {
        "go-backend" => include_str!("../plans/go-backend.md"),
        "backend-roadmap" => include_str!("../plans/backend-roadmap.md"),
        _ => &GENERATED,
    }
}

fn path(input: &str) -> PathBuf {
    PathBuf::from(format!("plans/{input}.md"))
}

fn main() {
    divan::main();
}

/// What `list`, `next` and `check` do per plan: every task with text and ID.
#[divan::bench(args = INPUTS)]
fn parse(bencher: Bencher, input: &str) {
    let text = text(input);
    bencher
        .counter(BytesCount::of_str(text))
        .with_inputs(|| text.to_owned())
        .bench_local_values(|text| Plan::parse(path(input), text));
}

/// What `report` does per plan: statuses, sections and done dates only.
#[divan::bench(args = INPUTS)]
fn parse_for_counts(bencher: Bencher, input: &str) {
    let text = text(input);
    bencher
        .counter(BytesCount::of_str(text))
        .bench_local(|| Plan::parse_for_counts(path(input), text));
}

/// The floor: pulldown-cmark's events with offsets, counting task markers.
#[divan::bench(args = INPUTS)]
fn floor(bencher: Bencher, input: &str) {
    let text = text(input);
    let options = Options::ENABLE_TASKLISTS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    bencher.counter(BytesCount::of_str(text)).bench_local(|| {
        Parser::new_ext(black_box(text), options)
            .into_offset_iter()
            .filter(|(event, _)| matches!(event, Event::TaskListMarker(_)))
            .count()
    });
}

/// Ticking the open task nearest the middle of the plan: splices, then new text.
#[divan::bench(args = INPUTS)]
fn check(bencher: Bencher, input: &str) {
    let plan = Plan::parse(path(input), text(input).to_owned());
    let task = open_task(&plan);
    bencher
        .counter(BytesCount::of_str(text(input)))
        .bench_local(|| {
            let splices = edit::set_status(black_box(task), Status::Done, None);
            edit::apply(text(input), &splices)
        });
}

/// The same with a done date written (`check --stamp`).
#[divan::bench(args = INPUTS)]
fn check_stamp(bencher: Bencher, input: &str) {
    let plan = Plan::parse(path(input), text(input).to_owned());
    let task = open_task(&plan);
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("a valid date");
    bencher
        .counter(BytesCount::of_str(text(input)))
        .bench_local(|| {
            let splices = edit::set_status(black_box(task), Status::Done, Some(today));
            edit::apply(text(input), &splices)
        });
}

fn open_task(plan: &Plan) -> &roadmap::plan::Task {
    let open: Vec<_> = plan.tasks.iter().filter(|t| t.status.is_open()).collect();
    open[open.len() / 2]
}
