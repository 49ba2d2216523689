//! The floor: the minimal correct pulldown-cmark loop that counts task markers, one
//! file after another on one thread. A correct pulldown-cmark tool cannot be faster;
//! the benchmarks measure `roadmap` against it.
//!
//! ```sh
//! cargo run --release --example floor -- FILE...
//! ```

#![allow(clippy::unwrap_used, clippy::print_stdout)] // a tool, not the product

use pulldown_cmark::{Event, Options, Parser};

fn main() {
    let options = Options::ENABLE_TASKLISTS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let mut total = 0usize;
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        total += Parser::new_ext(&text, options)
            .into_offset_iter()
            .filter(|(event, _)| matches!(event, Event::TaskListMarker(_)))
            .count();
    }
    println!("{total}");
}
