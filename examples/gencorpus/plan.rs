//! Generates one learning plan, deterministically: the shared part of
//! `examples/gencorpus.rs` and `benches/parse.rs`.
//!
//! A plan is shaped like the bundled ones: an H1 title, a preface of bold labels,
//! then levels (H2), stages (H3) and H4 subsections, bold week labels directly
//! over task lists, nested `- [ ]` / `- [x]` tasks (some with done dates), prose,
//! numbered project lists (some of them with boxes), thematic breaks, and fenced
//! code holding lines that look like tasks but are not. Russian and English text,
//! emoji, inline code, links and emphasis. Tasks are about 40% of the lines and
//! fenced code about 2%.

use std::fmt::Write as _;

/// splitmix64: tiny, fast, and the same on every machine.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True `percent` times in 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const RU: &[&str] = &[
    "изучить",
    "основы",
    "горутины",
    "каналы",
    "интерфейсы",
    "тестирование",
    "базы",
    "данных",
    "индексы",
    "транзакции",
    "сервер",
    "деплой",
    "мониторинг",
    "логирование",
    "кэширование",
    "практика",
    "проект",
    "упражнения",
    "архитектура",
    "очереди",
    "сообщений",
    "безопасность",
    "производительность",
    "профилирование",
    "контейнеры",
    "репликация",
    "шардирование",
    "аутентификация",
    "обработка",
    "ошибок",
    "паттерны",
    "конкурентность",
    "и",
    "в",
    "для",
    "с",
];
const EN: &[&str] = &[
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
    "PostgreSQL",
    "HTTP",
    "REST",
    "API",
    "gRPC",
    "middleware",
    "Docker",
    "Kubernetes",
    "Redis",
    "Kafka",
    "Linux",
    "TCP/IP",
    "OAuth 2.0",
    "CI/CD",
];
/// Inline Markdown a task's text may hold.
const INLINE: &[&str] = &[
    "`go test`",
    "`context.Context`",
    "`ls`, `cd`, `pwd`",
    "**важно**",
    "*optional*",
    "[docs](https://go.dev/doc)",
    "[Tour of Go](https://go.dev/tour/)",
    "~~устарело~~",
    "(`EXPLAIN ANALYZE`)",
];
const EMOJI: &[&str] = &[
    "🎯", "🚀", "📚", "🛠️", "🌐", "📊", "🧪", "🔥", "💡", "🗄️", "⚡", "🔒",
];
const TOPICS: &[&str] = &[
    "Компьютерная грамотность и Linux",
    "Компьютерные сети",
    "Основы языка Go",
    "Базы данных и SQL",
    "HTTP и REST API",
    "Конкурентность в Go",
    "Тестирование и качество кода",
    "Docker и контейнеризация",
    "Kubernetes basics",
    "Message queues: Kafka and RabbitMQ",
    "Caching with Redis",
    "Observability: logs, metrics, traces",
    "System design",
    "Security and OAuth 2.0",
    "Алгоритмы и структуры данных",
    "Микросервисная архитектура",
];

/// Writes plans; counts the real tasks it writes.
struct Writer<'a> {
    rng: &'a mut Rng,
    out: &'a mut String,
    tasks: usize,
}

impl Writer<'_> {
    /// `min..=max` words, mostly Russian, some English, some inline Markdown.
    fn words(&mut self, min: usize, max: usize) -> String {
        let n = self.rng.between(min, max);
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            let roll = self.rng.below(100);
            s.push_str(if roll < 60 {
                self.rng.pick(RU)
            } else if roll < 90 {
                self.rng.pick(EN)
            } else {
                self.rng.pick(INLINE)
            });
        }
        s
    }

    fn capitalised(&mut self, min: usize, max: usize) -> String {
        let w = self.words(min, max);
        let mut chars = w.chars();
        match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => w,
        }
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// One task line at `depth`; sometimes a done date, sometimes an emoji.
    fn task(&mut self, depth: usize, marker: &str) {
        let done = self.rng.chance(35);
        let mut text = self.capitalised(2, 9);
        if self.rng.chance(8) {
            text = format!("{} {text}", self.rng.pick(EMOJI));
        }
        if done && self.rng.chance(30) {
            let month = self.rng.between(1, 10);
            let day = self.rng.between(1, 28);
            let _ = write!(text, " ✅ 2026-{month:02}-{day:02}");
        }
        let indent = "  ".repeat(depth);
        let box_ = if done { 'x' } else { ' ' };
        let _ = writeln!(self.out, "{indent}{marker} [{box_}] {text}");
        self.tasks += 1;
    }

    /// A bullet task list of 3–8 items, nested up to two levels below the first.
    fn task_list(&mut self) {
        let mut depth = 0;
        for i in 0..self.rng.between(3, 8) {
            depth = match self.rng.below(10) {
                _ if i == 0 => 0,
                0..=5 => 0,
                6..=8 => (depth + 1).min(1),
                _ => (depth + 1).min(2),
            };
            self.task(depth, "-");
        }
    }

    /// Code that holds lines which look like tasks and are not.
    fn fenced_code(&mut self) {
        let (open, close) = match self.rng.below(4) {
            0 => ("```go", "```"),
            1 => ("~~~markdown", "~~~"),
            _ => ("```markdown", "```"),
        };
        self.line(open);
        if open == "```go" {
            self.line("// TODO: the parser must not take these for tasks");
        }
        for _ in 0..self.rng.between(2, 4) {
            let marker = self.rng.pick(&["-", "-", "*", "1."]);
            let box_ = self.rng.pick(&[" ", " ", "x"]);
            let text = self.words(2, 5);
            let _ = writeln!(self.out, "{marker} [{box_}] {text}");
        }
        self.line(close);
        self.line("");
    }

    /// A projects section: a numbered list, with boxes one time in three.
    fn projects(&mut self, english: bool) {
        self.line(if english {
            "#### Stage projects:"
        } else {
            "#### Проекты этапа:"
        });
        let boxes = self.rng.chance(33);
        for n in 1..=self.rng.between(2, 4) {
            let name = self.capitalised(1, 3);
            let what = self.words(3, 7);
            if boxes {
                let done = if self.rng.chance(30) { 'x' } else { ' ' };
                let _ = writeln!(self.out, "{n}. [{done}] **{name}** - {what}");
                self.tasks += 1;
            } else {
                let _ = writeln!(self.out, "{n}. **{name}** - {what}");
            }
        }
        self.line("");
    }

    /// One stage (H3): goal, sources, a programme of weeks, projects.
    fn stage(&mut self, level: usize, stage: usize, week: &mut usize) {
        let english = self.rng.chance(20);
        let emoji = self.rng.pick(EMOJI);
        let topic = self.rng.pick(TOPICS);
        let weeks = self.rng.between(2, 4) * 2;
        let _ = if english {
            writeln!(
                self.out,
                "### {emoji} STAGE {level}.{stage}: {topic} ({weeks} weeks)\n"
            )
        } else {
            writeln!(
                self.out,
                "### {emoji} ЭТАП {level}.{stage}: {topic} ({}-{weeks} недель)\n",
                weeks - 2
            )
        };
        let goal = self.words(5, 12);
        let _ = writeln!(self.out, "**Цель:** {goal}\n");
        let sources = self.capitalised(2, 4);
        let _ = writeln!(
            self.out,
            "#### Источники материала:\n📖 **План {topic}** → **Этапы 1-3: {sources}**\n"
        );
        self.line(if english {
            "#### Study programme:"
        } else {
            "#### Программа изучения:"
        });
        for _ in 0..weeks / 2 {
            let first = *week + 1;
            *week += 2;
            let title = self.capitalised(1, 4);
            let head = if english {
                format!("**Weeks {first}-{week}: {title}**")
            } else {
                format!("**Недели {first}-{week}: {title}**")
            };
            if self.rng.chance(50) {
                let source = self.capitalised(1, 3);
                let _ = writeln!(self.out, "{head} (📖 **{source}**)");
            } else {
                self.line(&head);
            }
            self.task_list();
            self.line("");
            if self.rng.chance(55) {
                let prose = self.capitalised(8, 24);
                let _ = writeln!(self.out, "{prose}.\n");
            }
            if self.rng.chance(9) {
                self.fenced_code();
            }
        }
        if self.rng.chance(50) {
            let days = self.rng.between(1, 3);
            let what = self.words(1, 3);
            let _ = writeln!(self.out, "#### День {days}: {what}");
            self.task_list();
            self.line("");
        }
        self.projects(english);
        self.line("---\n");
    }
}

/// Appends one plan of at least `size` bytes (a few hundred more) to `out`; returns
/// the number of real tasks in it.
pub fn plan(rng: &mut Rng, size: usize, out: &mut String) -> usize {
    let mut w = Writer { rng, out, tasks: 0 };
    let start = w.out.len();
    let emoji = w.rng.pick(EMOJI);
    let title = w.capitalised(2, 4);
    let _ = writeln!(w.out, "# {emoji} План изучения: {title}");
    let subtitle = w.words(4, 8);
    let _ = writeln!(w.out, "*Roadmap: {subtitle}*\n");
    w.line("## 🎯 Философия обучения\n");
    for label in ["Стартовая точка", "Конечная цель", "Подход"] {
        // Two trailing spaces: a hard line break, as in the bundled plans.
        let text = w.capitalised(3, 8);
        let _ = writeln!(w.out, "**{label}:** {text}  ");
    }
    w.line("**Время:** 2-3 года при серьезном подходе (20-30 часов в неделю)\n\n---\n");
    let mut level = 0;
    let mut week = 0;
    while w.out.len() - start < size {
        level += 1;
        let emoji = w.rng.pick(EMOJI);
        let name = w.words(2, 4).to_uppercase();
        let months = w.rng.between(3, 9);
        let _ = writeln!(
            w.out,
            "## {emoji} УРОВЕНЬ {level}: {name} ({}-{months} месяцев)\n",
            months - 2
        );
        for stage in 1..=w.rng.between(2, 5) {
            w.stage(level, stage, &mut week);
            if w.out.len() - start >= size {
                break;
            }
        }
    }
    w.tasks
}
