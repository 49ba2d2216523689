//! A deterministic generator of realistic learning plans, for benchmarks.
//!
//! ```sh
//! cargo run --release --example gencorpus -- --size 100MB --out bench/data/plan-100mb.md
//! cargo run --release --example gencorpus -- --vault 2000 --file-size 50KB --out bench/data/vault
//! ```
//!
//! Plans have H1–H4 headings in Russian and English with emoji, nested `- [ ]` and
//! `- [x]` tasks on about 40% of lines, bold labels over lists, numbered project
//! lists, and fenced code (about 2% of lines) holding checkbox-looking lines that
//! are not tasks. The same arguments always give the same bytes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a tool, not the product

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// splitmix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "изучить",
    "основы",
    "горутины",
    "каналы",
    "интерфейсы",
    "тестирование",
    "базы",
    "данных",
    "PostgreSQL",
    "индексы",
    "транзакции",
    "HTTP",
    "сервер",
    "middleware",
    "REST",
    "API",
    "learn",
    "the",
    "basics",
    "of",
    "concurrency",
    "and",
    "memory",
    "model",
    "write",
    "tests",
    "for",
    "handlers",
    "Docker",
    "Kubernetes",
    "деплой",
    "мониторинг",
    "логирование",
    "кэширование",
    "`go test`",
    "**важно**",
    "[docs](https://go.dev/doc)",
    "практика",
    "проект",
    "упражнения",
];
const EMOJI: &[&str] = &["🎯", "🚀", "📚", "🛠️", "🌐", "📊", "✅", "🧪"];

fn words(rng: &mut Rng, min: usize, max: usize) -> String {
    let n = min + rng.below(max - min + 1);
    (0..n)
        .map(|_| rng.pick(WORDS))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Appends one plan of about `size` bytes; returns the number of real tasks.
fn plan(rng: &mut Rng, size: usize, out: &mut String) -> usize {
    let mut tasks = 0;
    let _ = writeln!(
        out,
        "# {} План изучения: {}\n",
        rng.pick(EMOJI),
        words(rng, 2, 4)
    );
    let mut stage = 0;
    let mut week = 0;
    while out.len() < size {
        stage += 1;
        let _ = writeln!(
            out,
            "## {} ЭТАП {stage}: {} (Недели {}-{})\n",
            rng.pick(EMOJI),
            words(rng, 2, 5),
            week + 1,
            week + 3
        );
        for _ in 0..3 {
            week += 1;
            let _ = writeln!(out, "### Неделя {week}: {}\n", words(rng, 2, 5));
            for day in [1, 3, 5] {
                let _ = writeln!(out, "#### День {day}-{}: {}", day + 1, words(rng, 1, 4));
                if rng.below(3) == 0 {
                    let _ = writeln!(
                        out,
                        "**Недели {week}-{}: {}** (📖 **{}**)",
                        week + 1,
                        words(rng, 1, 3),
                        words(rng, 1, 2)
                    );
                }
                for _ in 0..(3 + rng.below(5)) {
                    let depth = if rng.below(4) == 0 { 1 } else { 0 };
                    let mark = if rng.below(3) == 0 { 'x' } else { ' ' };
                    let _ = writeln!(out, "{}- [{mark}] {}", "  ".repeat(depth), words(rng, 2, 9));
                    tasks += 1;
                }
                // Prose between lists keeps tasks near 40% of lines.
                let _ = writeln!(out, "\n{}\n", words(rng, 6, 14));
                if rng.below(12) == 0 {
                    let _ = writeln!(
                        out,
                        "```markdown\n- [ ] {}\n- [x] {}\n```\n",
                        words(rng, 2, 4),
                        words(rng, 2, 4)
                    );
                }
            }
            let _ = writeln!(out, "**Практическое задание:** {}\n", words(rng, 4, 8));
            let _ = writeln!(
                out,
                "1. **{}** - {}\n2. **{}** - {}\n",
                words(rng, 1, 2),
                words(rng, 3, 6),
                words(rng, 1, 2),
                words(rng, 3, 6)
            );
        }
        if stage % 4 == 0 {
            let _ = writeln!(out, "---\n");
        }
    }
    tasks
}

fn size(text: &str) -> usize {
    let text = text.trim().to_ascii_uppercase();
    let (number, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let n: usize = number.parse().expect("a size such as 100MB");
    n * match unit {
        "" | "B" => 1,
        "KB" | "K" => 1024,
        "MB" | "M" => 1024 * 1024,
        other => panic!("unknown unit {other}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let out = PathBuf::from(value("--out").expect("--out PATH"));
    if let Some(files) = value("--vault") {
        let files: usize = files.parse().expect("--vault N");
        let each = size(&value("--file-size").unwrap_or_else(|| "50KB".into()));
        let mut tasks = 0;
        for i in 0..files {
            let mut rng = Rng(0x5eed_0000 + i as u64);
            let mut text = String::with_capacity(each + 4096);
            tasks += plan(&mut rng, each, &mut text);
            let dir = out
                .join(format!("area-{:02}", i % 20))
                .join(format!("topic-{:02}", (i / 20) % 10));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("plan-{i:05}.md")), text).unwrap();
        }
        println!("{files} files in {}, {tasks} tasks", out.display());
    } else {
        let bytes = size(&value("--size").expect("--size SIZE or --vault N"));
        let mut rng = Rng(0x5eed);
        let mut text = String::with_capacity(bytes + 4096);
        let tasks = plan(&mut rng, bytes, &mut text);
        if let Some(parent) = Path::new(&out).parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&out, &text).unwrap();
        println!("{} bytes in {}, {tasks} tasks", text.len(), out.display());
    }
}
