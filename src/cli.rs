//! The command line: global options, one `Command` enum, one `Args` struct per
//! subcommand. Doc comments here are the user's `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};
use clap_complete::engine::ArgValueCandidates;

/// Study by a Markdown plan: what to learn next, tick tasks off in place, see progress.
///
/// Plans are Markdown files with task lists (`- [ ] task`). roadmap finds them from
/// --plan, the `plans` globs of the nearest roadmap.toml, or ./plans/*.md.
#[derive(Debug, Parser)]
#[command(name = "roadmap", version, max_term_width = 100)]
pub struct Cli {
    /// Plan to use: a path, a file name or a stem such as go-backend (repeatable)
    #[arg(short = 'p', long = "plan", global = true, value_name = "PLAN", value_hint = ValueHint::FilePath,
          add = ArgValueCandidates::new(crate::complete::plans))]
    pub plans: Vec<String>,

    /// Run as if started in DIR
    #[arg(short = 'C', global = true, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub dir: Option<PathBuf>,

    /// Read this config file instead of the nearest roadmap.toml
    #[arg(long, global = true, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub config: Option<PathBuf>,

    /// When to use colours: auto colours a terminal, honouring NO_COLOR and CLICOLOR_FORCE
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Take this date as today (YYYY-MM-DD), for done dates, due dates and reports
    ///
    /// The environment variable ROADMAP_TODAY does the same; --today wins over it.
    #[arg(long, global = true, value_name = "DATE")]
    pub today: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

/// The command line as clap builds it from [`Cli`].
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List tasks under their headings, with status and ID
    #[command(after_long_help = "Examples:
  roadmap list
  roadmap list --status open --section \"неделя 2\"
  roadmap list --format json | jq length")]
    List(ListArgs),
    /// Show what to study next: tasks in progress, then the first open task of each plan
    #[command(after_long_help = "Examples:
  roadmap next
  roadmap next -n 3 -p go-backend
  roadmap next --format plain | head -1")]
    Next(NextArgs),
    /// Mark tasks done (or open, in progress, skipped) in the plan files
    ///
    /// A selector is a task ID as printed by list and next (go-backend#3fa9c1), a
    /// FILE:LINE (plans/go-backend.md:25), or part of a task's text, case-insensitive,
    /// which must match exactly one task unless --all is given.
    #[command(after_long_help = "Examples:
  roadmap check go-backend#b5a991
  roadmap check plans/go-backend.md:25
  roadmap check --stamp \"настройка gopath\"
  roadmap check --undo go-backend#b5a991
  roadmap check --all --dry-run \"установка\"")]
    Check(CheckArgs),
    /// Show progress per plan and stage: counts, bars, pace from done dates, schedule
    ///
    /// With done dates it ends with the days studied in the last 28 days, as a row
    /// of marks (a calendar in HTML), and the streak of days in a row.
    #[command(after_long_help = "Examples:
  roadmap report
  roadmap report --depth 2
  roadmap report --format markdown >> \"$GITHUB_STEP_SUMMARY\"
  roadmap report --format html -o report.html")]
    Report(ReportArgs),
    /// Show milestones and where each stands; with NAME, the tasks left in it
    #[command(after_long_help = "Examples:
  roadmap milestone
  roadmap milestone \"базовые\"
  roadmap milestone --fail-on overdue")]
    Milestone(MilestoneArgs),
    /// The week in review: what was done, what is in progress, due and overdue
    ///
    /// Done tasks are those with a done date in the 7 days up to today (or since
    /// --since). Plans without a schedule have no due dates: their next tasks are
    /// listed instead. With done dates it ends with the days studied in the last 28
    /// days and the streak, as report does. The Markdown is ready to paste into a
    /// weekly report or an issue.
    #[command(after_long_help = "Examples:
  roadmap week
  roadmap week --since 2026-11-01 --format markdown")]
    Week(WeekArgs),
    /// List the links from one plan to another (📖 План Linux → Этап 1) and their state
    ///
    /// A link is a line holding 📖, a plan's name (its file stem, title or an alias
    /// from its front matter) and, after →, optionally a section of it. Links are
    /// resolved among the plans this command sees. A link that does not resolve is
    /// no error unless --strict is given.
    #[command(after_long_help = "Examples:
  roadmap links
  roadmap links --format json | jq '.[] | select(.state != \"resolved\")'
  roadmap links --strict   (exit 1 when a link does not resolve, for CI)")]
    Links(LinksArgs),
    /// Find what is wrong with plans: mojibake, boxes GitHub does not read, parents
    /// and subtasks that disagree, undated ticks, misplaced fields, schedule words
    ///
    /// Prints findings as FILE:LINE: RULE: MESSAGE and exits 1 when there are any, 0
    /// when the plans are clean, 2 on errors. Rules: mojibake, parent-done-children-
    /// open, children-done-parent-open, done-without-date, field-not-at-end,
    /// odd-whitespace, unknown-box, schedule-words, duplicate-task, broken-link.
    /// --fix prints the safe fixes as a unified diff; --fix --write makes them in the
    /// files, and exits 0 when nothing is left, 1 when findings without a fix remain.
    #[command(after_long_help = "Examples:
  roadmap lint
  roadmap lint plans/go-backend.md --format json | jq -r '.[].rule'
  roadmap lint --fix | git apply
  roadmap lint --fix --write")]
    Lint(LintArgs),
    /// Start studying: write a bundled plan into ./plans/ and a starter roadmap.toml
    #[command(after_long_help = "Examples:
  roadmap init go-backend
  roadmap init backend-roadmap   (adds a second plan to an existing setup)
  roadmap init --list")]
    Init(InitArgs),
    /// Print a shell completion script
    ///
    /// The script asks roadmap for candidates: -p offers the plans, init the bundled
    /// plans, check the open tasks' IDs.
    #[command(after_long_help = "Examples:
  roadmap completions bash > ~/.local/share/bash-completion/completions/roadmap
  roadmap completions zsh > ~/.zfunc/_roadmap     (with fpath+=~/.zfunc)
  roadmap completions fish > ~/.config/fish/completions/roadmap.fish")]
    Completions(CompletionsArgs),
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// For people
    Text,
    /// One JSON object
    Json,
    /// GitHub-flavoured Markdown tables (for an issue or $GITHUB_STEP_SUMMARY)
    Markdown,
    /// One self-contained HTML page
    Html,
}

/// Output formats of `milestone`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MilestoneFormat {
    /// For people
    Text,
    /// JSON
    Json,
    /// A GitHub-flavoured Markdown table
    Markdown,
}

/// States `milestone --fail-on` can fail on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// A milestone's due date has passed with work left
    Overdue,
    /// A milestone is behind its schedule or overdue
    Behind,
}

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// How deep to go: 1 shows each stage, 2 also their parts, and so on
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub depth: u32,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Write the report to FILE instead of standard output
    #[arg(short = 'o', long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub output: Option<PathBuf>,
}

/// Output formats of `week`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WeekFormat {
    /// For people
    Text,
    /// One JSON object with the lists `done`, `in_progress`, `due`, `overdue`
    Json,
    /// Markdown to paste into a weekly report or an issue
    Markdown,
}

/// Arguments of `week`.
#[derive(Debug, Args)]
pub struct WeekArgs {
    /// The first day of the week in review (YYYY-MM-DD); else 6 days before today
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = WeekFormat::Text)]
    pub format: WeekFormat,
}

/// Output formats of `links`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LinksFormat {
    /// For people
    Text,
    /// One JSON array of links
    Json,
}

/// Output formats of `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// FILE:LINE: RULE: MESSAGE, one finding a line
    Text,
    /// One JSON array of findings
    Json,
}

/// Arguments of `lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Plans to lint (paths, file names or stems, as --plan takes); all plans when none
    // Its own ID: under the global --plan's (`plans`), it would take -p's place.
    #[arg(id = "lint_plans", value_name = "PLAN", value_hint = ValueHint::FilePath,
          add = ArgValueCandidates::new(crate::complete::plans))]
    pub plans: Vec<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,

    /// Print the safe fixes as a unified diff (the findings go to standard error)
    #[arg(long)]
    pub fix: bool,

    /// With --fix: make the fixes in the files instead of printing them
    #[arg(long, requires = "fix")]
    pub write: bool,
}

/// Arguments of `links`.
#[derive(Debug, Args)]
pub struct LinksArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = LinksFormat::Text)]
    pub format: LinksFormat,

    /// Exit 1 when any link is not resolved (plan missing, section missing, ambiguous)
    #[arg(long)]
    pub strict: bool,
}

/// Arguments of `milestone`.
#[derive(Debug, Args)]
pub struct MilestoneArgs {
    /// A milestone's name, or part of it: show the tasks left in it
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// Exit with 1 when any milestone is in this state (for CI)
    #[arg(long, value_enum, value_name = "STATE")]
    pub fail_on: Option<FailOn>,

    /// Output format
    #[arg(long, value_enum, default_value_t = MilestoneFormat::Text)]
    pub format: MilestoneFormat,
}

/// Arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The bundled plan to start from (see --list)
    #[arg(value_name = "TEMPLATE", default_value = "go-backend",
          add = ArgValueCandidates::new(crate::complete::templates))]
    pub template: String,

    /// List the bundled plans and exit
    #[arg(long)]
    pub list: bool,

    /// Overwrite plans/TEMPLATE.md and roadmap.toml if they exist
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Which tasks `list` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    /// `[ ]`
    Todo,
    /// `[x]`
    Done,
    /// `[/]`, in progress
    Doing,
    /// `[-]`
    Skipped,
    /// todo and doing
    Open,
    /// every task
    All,
}

/// Output formats of `list` and `next`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TaskFormat {
    /// For people
    Text,
    /// One JSON array of tasks
    Json,
    /// Task text only, one per line
    Plain,
}

/// Arguments of `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Show only tasks with this status
    #[arg(long, value_enum, default_value_t = StatusFilter::All)]
    pub status: StatusFilter,

    /// Show only tasks under a heading containing TEXT (case-insensitive)
    #[arg(long, value_name = "TEXT")]
    pub section: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = TaskFormat::Text)]
    pub format: TaskFormat,
}

/// Arguments of `next`.
#[derive(Debug, Args)]
pub struct NextArgs {
    /// How many tasks to show per plan
    #[arg(short = 'n', long = "count", value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub count: u32,

    /// Look only under a heading containing TEXT (case-insensitive)
    #[arg(long, value_name = "TEXT")]
    pub section: Option<String>,

    /// The order open tasks come in: the plan's own, or by priority (🔺⏫🔼🔽⏬)
    #[arg(long, value_enum, value_name = "ORDER", default_value_t = NextOrder::Document)]
    pub by: NextOrder,

    /// Say why the tasks before the one shown were passed over (🛫 start later, ⛔ waiting)
    #[arg(long)]
    pub explain: bool,

    /// Output format
    #[arg(long, value_enum, default_value_t = TaskFormat::Text)]
    pub format: TaskFormat,
}

/// The order of `next`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NextOrder {
    /// The plan's document order
    Document,
    /// Highest priority first, tasks without one between 🔼 and 🔽; ties in document order
    Priority,
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Tasks to change: IDs, FILE:LINE, or text to search for
    #[arg(value_name = "SELECTOR", add = ArgValueCandidates::new(crate::complete::open_tasks))]
    pub selectors: Vec<String>,

    /// Mark as not done: `[ ]`, removing any done or cancelled date
    #[arg(long, group = "to")]
    pub undo: bool,

    /// Mark as in progress: `[/]`
    #[arg(long, group = "to")]
    pub start: bool,

    /// Mark as skipped: `[-]`
    #[arg(long, group = "to")]
    pub skip: bool,

    /// Act on every task a text query matches
    #[arg(long)]
    pub all: bool,

    /// Print the change as a unified diff and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Write a done date ( ✅ YYYY-MM-DD) when marking done, a cancelled date ( ❌
    /// YYYY-MM-DD) with --skip
    #[arg(long, overrides_with = "no_stamp")]
    pub stamp: bool,

    /// Write no done date, whatever roadmap.toml says
    #[arg(long, overrides_with = "stamp")]
    pub no_stamp: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
