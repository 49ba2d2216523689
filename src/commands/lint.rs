//! `roadmap lint`: findings as `FILE:LINE: RULE: MESSAGE` (or JSON), exit 1 when
//! there are any; `--fix` prints the fixes as a diff, `--fix --write` makes them
//! through the same atomic, changed-on-disk-refusing writer as `check`.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::cli::{LintArgs, LintFormat};
use crate::context::{self, Context};
use crate::discover::{self, PlanPath};
use crate::error::{Error, Outcome};
use crate::files;
use crate::links;
use crate::lint::{self, Finding, Knowledge};
use crate::plan::{Plan, Refs};
use crate::render;

/// One plan's file as lint read it and what was found in it. The plan itself is
/// let go once linted (a vault's plans are never all in memory): what links need
/// of it is kept beside it, in the lists they are resolved among.
struct Read {
    snapshot: files::Snapshot,
    /// The bytes as read, kept only to fix them (`--fix`).
    bytes: Vec<u8>,
    /// The plan's path as given or found.
    path: PathBuf,
    /// The path as printed, control characters and bytes not UTF-8 escaped.
    shown: String,
    /// With `--fix`: the findings but for links, by line then rule.
    findings: Vec<Finding>,
    /// Without `--fix`: the same findings as printed, made on the core that read
    /// the plan (a vault's tens of thousands are not kept as values).
    printed: Printed,
    /// The links that do not resolve, by line: added once every plan is read.
    broken: Vec<Finding>,
    /// With `--fix`, when any finding has one: the text with every fix made.
    fixed: Option<String>,
    /// With `--fix`: how many findings the fixes take away, and what is left
    /// (links aside) in the fixed text.
    made: usize,
    left: Vec<Finding>,
}

impl Read {
    /// Every finding, by line then rule: the rules' and the broken links' merged.
    fn all_findings(&self) -> impl Iterator<Item = &Finding> {
        by_line(self.findings.iter(), self.broken.iter(), |f| {
            (f.line, f.rule)
        })
    }

    /// The text as on disk (with `--fix`; empty otherwise).
    fn original(&self) -> &str {
        // Checked as text when read; checked again, with SIMD, for want of unsafe.
        simdutf8::basic::from_utf8(&self.bytes).unwrap_or("")
    }
}

/// Findings of `rules` and of `links`, each by line then rule, merged in that
/// order (`key` says where a finding goes).
fn by_line<T>(
    rules: impl Iterator<Item = T>,
    links: impl Iterator<Item = T>,
    key: impl Fn(&T) -> (usize, lint::Rule),
) -> impl Iterator<Item = T> {
    let (mut rules, mut links) = (rules.peekable(), links.peekable());
    std::iter::from_fn(move || match (rules.peek(), links.peek()) {
        (Some(r), Some(l)) if key(l) < key(r) => links.next(),
        (Some(_), _) => rules.next(),
        (None, _) => links.next(),
    })
}

/// Findings as printed, one after the other, with where each ends.
#[derive(Default)]
struct Printed {
    bytes: Vec<u8>,
    /// Each finding's line and rule, and the end of its text in `bytes`.
    ends: Vec<(usize, lint::Rule, usize)>,
    /// How many of them have a fix.
    fixable: usize,
}

impl Printed {
    /// Adds `finding`, of the plan shown as `file`, as `printer` prints it.
    fn push(&mut self, printer: &Printer<'_>, file: &str, finding: &Finding) {
        printer.one(&mut self.bytes, file, finding);
        self.ends
            .push((finding.line, finding.rule, self.bytes.len()));
        self.fixable += usize::from(finding.fix.is_some());
    }

    /// Each finding's line and rule, and its text.
    fn items(&self) -> impl Iterator<Item = ((usize, lint::Rule), &[u8])> {
        let mut start = 0;
        self.ends.iter().map(move |&(line, rule, end)| {
            let text = self.bytes.get(start..end).unwrap_or_default();
            start = end;
            ((line, rule), text)
        })
    }
}

/// How findings are printed: in text, `FILE:LINE: RULE: MESSAGE [fix: WHAT]`
/// with each rule's name as painted (in the order of [`lint::Rule::ALL`]); in
/// JSON, an array of objects.
struct Printer<'a> {
    format: LintFormat,
    names: &'a [String],
}

impl Printer<'_> {
    /// Appends one finding of the plan shown as `file`: its text line, or its
    /// JSON object as an item of the array [`Printer::all`] writes.
    fn one(&self, out: &mut Vec<u8>, file: &str, f: &Finding) {
        match self.format {
            LintFormat::Text => {
                let name = self.names.get(f.rule as usize).map_or("", String::as_str);
                // Pieces copied as they are, the number alone formatted: a vault
                // in a work tree has hundreds of thousands of findings.
                out.extend_from_slice(file.as_bytes());
                // Writing to a Vec cannot fail.
                let _ = write!(out, ":{}: ", f.line);
                out.extend_from_slice(name.as_bytes());
                out.extend_from_slice(b": ");
                out.extend_from_slice(f.message.as_bytes());
                if let Some(fix) = &f.fix {
                    out.extend_from_slice(b" [fix: ");
                    out.extend_from_slice(fix.what.as_bytes());
                    out.push(b']');
                }
                out.push(b'\n');
            }
            LintFormat::Json => {
                let shown = Shown::of(file, f);
                // As an item of an indented array: every line one level in (JSON
                // strings hold no line break).
                let object = serde_json::to_vec_pretty(&shown).unwrap_or_default();
                out.extend_from_slice(b"  ");
                for &b in &object {
                    out.push(b);
                    if b == b'\n' {
                        out.extend_from_slice(b"  ");
                    }
                }
            }
        }
    }

    /// Writes the findings printed by [`Printer::one`]: text lines one after the
    /// other, JSON objects in an indented array (as `serde_json` indents one).
    fn all<'b>(
        &self,
        out: &mut dyn Write,
        items: impl Iterator<Item = &'b [u8]>,
    ) -> Result<(), Error> {
        match self.format {
            LintFormat::Text => {
                for item in items {
                    out.write_all(item)?;
                }
            }
            LintFormat::Json => {
                out.write_all(b"[")?;
                let mut none = true;
                for item in items {
                    out.write_all(if none { b"\n" } else { b",\n" })?;
                    out.write_all(item)?;
                    none = false;
                }
                out.write_all(if none { b"]\n" } else { b"\n]\n" })?;
            }
        }
        Ok(())
    }
}

/// A plan as links need it: its names (no tasks, no section but its title: the
/// plans a link names a section of are read again, see [`add_broken_links`]), its
/// links and the section each belongs to.
struct ForLinks {
    plan: Plan,
    refs: Refs,
    homes: Vec<Option<usize>>,
}

impl ForLinks {
    /// What links need of `plan` (read from `text`): the plan itself is let go.
    fn of(plan: Plan, text: &str) -> ForLinks {
        let refs = Refs::of(text, &plan.link_marks);
        let homes = links::homes(&plan, &plan.holding(), &refs);
        ForLinks {
            plan: Plan {
                sections: plan.title().cloned().into_iter().collect(),
                path: plan.path,
                name: plan.name,
                tasks: Vec::new(),
                link_marks: Vec::new(),
                look_alikes: Vec::new(),
            },
            refs,
            homes,
        }
    }
}

/// Runs `lint`.
pub fn run(
    ctx: &Context,
    args: &LintArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let requested: Vec<String> = ctx.requested.iter().chain(&args.plans).cloned().collect();
    let paths = discover::plans(
        &ctx.cwd,
        ctx.config.as_ref(),
        &requested,
        ctx.home.as_deref(),
    )?;
    let work_trees = crate::history::WorkTrees::default();
    // Each rule's name painted once, not once a finding.
    let names = lint::Rule::ALL.map(|rule| paint(ctx, rule));
    let printer = Printer {
        format: args.format,
        names: &names,
    };
    let common = Common::of(ctx, args.fix, &work_trees, &printer);
    let mut read = Vec::with_capacity(paths.len());
    let mut linking = Vec::with_capacity(paths.len());
    let mut readable = Vec::with_capacity(paths.len());
    // A plan that cannot be read (not UTF-8, binary, gone) is an error, exit 2; the
    // others are linted all the same and their findings printed first, as a
    // search tool goes on past a file it cannot read. Before writing, any such
    // error stops the run: nothing is written.
    let mut unreadable = None;
    let all = crate::parallel::map(&paths, context::PLANS_IN_PARALLEL, |p| lint_one(common, p));
    for (one, path) in all.into_iter().zip(paths) {
        match one {
            Ok((r, l)) => {
                read.push(r);
                linking.push(l);
                readable.push(path);
            }
            Err(e) if args.write => return Err(e),
            Err(e) => {
                unreadable.get_or_insert(e);
            }
        }
    }
    let paths = readable;
    if let Some(e) = unreadable {
        if !read.is_empty() {
            report_findings(
                ctx, args, out, err, common, read, linking, &paths, &requested,
            )?;
            out.flush()?;
        }
        return Err(e);
    }
    report_findings(
        ctx, args, out, err, common, read, linking, &paths, &requested,
    )
}

/// Adds the broken links to what was read and prints the findings, the diff, or
/// makes the fixes, as asked.
#[allow(clippy::too_many_arguments)]
fn report_findings(
    ctx: &Context,
    args: &LintArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    common: Common<'_>,
    mut read: Vec<Read>,
    linking: Vec<ForLinks>,
    paths: &[PlanPath],
    requested: &[String],
) -> Result<Outcome, Error> {
    // A plan read again for links and unreadable now is an error, as a plan that
    // cannot be read at all: the findings are shown, nothing is written, exit 2.
    let gone = add_broken_links(ctx, paths, &mut read, linking, !requested.is_empty());
    if args.write
        && let Some(e) = gone
    {
        return Err(e);
    }
    let finish = |outcome: Outcome| gone.map_or(Ok(outcome), Err);
    let printer = common.printer;
    if !args.fix {
        // The broken links printed on every core, then written in order among
        // the findings printed as each plan was read.
        let broken = crate::parallel::map(&read, context::PLANS_IN_PARALLEL, |r| {
            let mut printed = Printed::default();
            for f in &r.broken {
                printed.push(printer, &r.shown, f);
            }
            printed
        });
        let all = read.iter().zip(&broken).flat_map(|(r, links)| {
            by_line(r.printed.items(), links.items(), |(key, _)| *key).map(|(_, text)| text)
        });
        printer.all(out, all)?;
        // The summary after the findings, where both go to one terminal or file.
        out.flush()?;
        let mut count = Count {
            plans: read.len(),
            ..Count::default()
        };
        for (r, links) in read.iter().zip(&broken) {
            let found = r.printed.ends.len() + links.ends.len();
            count.findings += found;
            count.files += usize::from(found > 0);
            count.fixable += r.printed.fixable + links.fixable;
        }
        summary(err, &count)?;
        // A vault's findings are let go of with the context.
        ctx.keep_until_exit((read, broken));
        return finish(outcome(count.findings));
    }
    let findings: Vec<(&Read, &Finding)> = read
        .iter()
        .flat_map(|r| r.all_findings().map(move |f| (r, f)))
        .collect();
    if !args.write {
        for r in &read {
            if let Some(new) = &r.fixed {
                let terminal = ctx.look.terminal;
                render::diff::unified(out, &r.path, &ctx.cwd, r.original(), new, terminal)?;
            }
        }
        show(err, printer, &findings)?;
        return finish(outcome(findings.len()));
    }
    let mut written = Vec::new();
    // What is left, by plan: cloned, as a plan fixed again under the lock has its
    // own findings.
    let mut left: Vec<(usize, Finding)> = Vec::new();
    for (i, r) in read.iter().enumerate() {
        // Broken links have no fix; they stay as found.
        let links = r.broken.iter();
        let Some(new) = &r.fixed else {
            left.extend(r.all_findings().map(|f| (i, f.clone())));
            continue;
        };
        let done = match write(common, &paths[i], r, new) {
            Ok(done) => done,
            Err(failed) => {
                let not_written = read[i + 1..]
                    .iter()
                    .filter(|r| r.fixed.is_some())
                    .map(|r| r.path.clone())
                    .collect::<Vec<PathBuf>>();
                return Err(Error::not_all_written(failed, written, not_written));
            }
        };
        let (made, rest) = match &done {
            Some(again) => (again.made, &again.left),
            None => (r.made, &r.left),
        };
        if made > 0 {
            writeln!(
                err,
                "fixed {made} {} in {}",
                if made == 1 { "finding" } else { "findings" },
                crate::escape::path(&r.path)
            )?;
            written.push(r.path.clone());
        }
        let mut mine: Vec<Finding> = rest.iter().chain(links).cloned().collect();
        mine.sort_by_key(|f| (f.line, f.rule));
        left.extend(mine.into_iter().map(|f| (i, f)));
    }
    let left: Vec<(&Read, &Finding)> = left.iter().map(|(i, f)| (&read[*i], f)).collect();
    show(out, printer, &left)?;
    finish(outcome(left.len()))
}

/// What fixing a plan came to: its fixed text, how many findings the fixes took
/// away, and the findings left in the fixed text (links aside).
struct Fixing {
    text: Option<String>,
    made: usize,
    left: Vec<Finding>,
}

/// Makes every fix of the text read from `path` (`text`), then lints the fixed
/// text and fixes it again until nothing more is fixed: a fix may make another (a
/// parent ticked whose own parent has then all its subtasks done; text garbled
/// twice). At most a few rounds; what is left is what the last found.
///
/// `dates`: what history gave the text as read, when the caller asked it already
/// (git is not asked twice); `None` asks it.
fn fix_rounds(
    common: Common<'_>,
    path: &PlanPath,
    text: &str,
    mut dates: Option<Vec<crate::history::Inferred>>,
) -> Fixing {
    const ROUNDS: usize = 4;
    let mut now = text.to_string();
    let mut made = 0;
    let mut left = Vec::new();
    for round in 0..ROUNDS {
        let (mojibake, repaired) = lint::repaired(&now);
        let reading = repaired.as_deref().unwrap_or(&now);
        let mut plan = Plan::parse_for_counts(path.shown.clone(), reading);
        // History dates the plan as read; later rounds read a text it never held.
        let knowledge = match (round, dates.take()) {
            (0, Some(dates)) => Knowledge {
                dates,
                ..knowledge(common, path, &plan, reading, false)
            },
            (round, _) => knowledge(common, path, &plan, reading, round == 0),
        };
        crate::history::apply(&mut plan, &knowledge.dates);
        let mut findings = lint::lint(&plan, reading, &knowledge, mojibake);
        let fixed = lint::fixed(&plan, reading, &mut findings, &path.name);
        match fixed {
            Some(new) if new != now => {
                made += findings.iter().filter(|f| f.fix.is_some()).count();
                left = findings.into_iter().filter(|f| f.fix.is_none()).collect();
                now = new;
            }
            _ => {
                left = findings;
                break;
            }
        }
    }
    Fixing {
        text: (now != text).then_some(now),
        made,
        left,
    }
}

/// Reads one plan and lints it: the mojibake repair, the parse of what the rules
/// read, the findings (but for links), the fixed text with `--fix`.
fn lint_one(common: Common<'_>, path: &PlanPath) -> Result<(Read, ForLinks), Error> {
    let (snapshot, mut bytes) = files::read(&path.real, &path.shown)?;
    let text = files::text(&path.shown, &bytes)?;
    let (mojibake, repaired) = lint::repaired(text);
    let reading = repaired.as_deref().unwrap_or(text);
    // Without task text: no rule needs it, and it costs a third of the parse.
    let mut plan = Plan::parse_for_counts(path.shown.clone(), reading);
    let knowledge = knowledge(common, path, &plan, reading, true);
    // Dates from history count as the plan's own for every rule (a parent ticked
    // by a fix is dated as its latest subtask, dated or inferred).
    crate::history::apply(&mut plan, &knowledge.dates);
    let findings = lint::lint(&plan, reading, &knowledge, mojibake);
    let fixing = if common.fix {
        fix_rounds(common, path, text, Some(knowledge.dates.clone()))
    } else {
        Fixing {
            text: None,
            made: 0,
            left: Vec::new(),
        }
    };
    let links = ForLinks::of(plan, reading);
    let shown = crate::escape::path(&path.shown);
    let mut printed = Printed::default();
    let mut findings = findings;
    if !common.fix {
        bytes = Vec::new();
        for f in &findings {
            printed.push(common.printer, &shown, f);
        }
        // Kept until every plan is read: no room to spare.
        printed.bytes.shrink_to_fit();
        printed.ends.shrink_to_fit();
        findings = Vec::new();
    }
    let read = Read {
        snapshot,
        bytes,
        path: path.shown.clone(),
        shown,
        findings,
        printed,
        broken: Vec::new(),
        fixed: fixing.text,
        made: fixing.made,
        left: fixing.left,
    };
    Ok((read, links))
}

fn outcome(findings: usize) -> Outcome {
    if findings == 0 {
        Outcome::Success
    } else {
        Outcome::Negative
    }
}

/// Adds to each plan's findings its links that do not resolve: resolved among the
/// plans linted and, when plans were named on the command line, every other plan
/// the config names (a link from the one plan linted to another is not broken).
/// A link to a plan that is not among them names one not written yet (the
/// bundled backend roadmap names a dozen): `links --strict` reports those. A link
/// is broken when the plan is there and the section is not, or when several
/// plans answer to its name.
///
/// The plans a link names a section of are read again: one that cannot be read
/// then is the error returned (its links are resolved as if it had no sections).
fn add_broken_links(
    ctx: &Context,
    paths: &[PlanPath],
    read: &mut [Read],
    mut linking: Vec<ForLinks>,
    requested: bool,
) -> Option<Error> {
    if linking.iter().all(|l| l.refs.links.is_empty()) {
        return None;
    }
    let others: Vec<PlanPath> = if requested {
        let key = |p: &PlanPath| {
            std::fs::metadata(&p.real)
                .ok()
                .as_ref()
                .and_then(files::inode)
                .ok_or_else(|| p.real.clone())
        };
        let linted: std::collections::HashSet<_> = paths.iter().map(key).collect();
        ctx.configured_plan_paths()
            .unwrap_or_default()
            .into_iter()
            .filter(|o| !linted.contains(&key(o)))
            .collect()
    } else {
        Vec::new()
    };
    // A plan that cannot be read is only not there to link to. Each is read as
    // lint reads a plan: a garbled one repaired.
    let read_others = crate::parallel::map(&others, context::PLANS_IN_PARALLEL, |p| {
        context::look_at(p, |text| {
            as_lint_reads(text, |text| {
                ForLinks::of(Plan::parse_for_counts(p.shown.clone(), text), text)
            })
        })
    });
    // Where each plan was read.
    let mut sources: Vec<&PlanPath> = paths.iter().collect();
    for (path, l) in others.iter().zip(read_others) {
        if let Ok(l) = l {
            linking.push(l);
            sources.push(path);
        }
    }
    let mut plans = Vec::with_capacity(linking.len());
    let mut refs = Vec::with_capacity(linking.len());
    let mut homes = Vec::with_capacity(linking.len());
    for l in linking {
        plans.push(l.plan);
        refs.push(l.refs);
        homes.push(l.homes);
    }
    // Resolved with the plans' titles alone first; the plans a link names a
    // section of are then read again for their sections, and the links resolved
    // again (a vault's plans are many, the plans links reach by a section few).
    let (reached, mut broken) = broken_links(&plans, &refs, &homes);
    let mut gone = None;
    if !reached.is_empty() {
        let again = crate::parallel::map(&reached, context::PLANS_IN_PARALLEL, |&t| {
            let path = sources[t];
            context::look_at(path, |text| {
                as_lint_reads(text, |text| {
                    Plan::parse_for_counts(path.shown.clone(), text).sections
                })
            })
        });
        for (&t, sections) in reached.iter().zip(again) {
            match sections {
                Ok(sections) => plans[t].sections = sections,
                Err(e) => {
                    plans[t].sections = Vec::new();
                    gone.get_or_insert(e);
                }
            }
        }
        broken = broken_links(&plans, &refs, &homes).1;
    }
    // In the order of the plans, then of their lines.
    for (from, line, message) in broken {
        if let Some(r) = read.get_mut(from) {
            r.broken.push(Finding {
                rule: lint::Rule::BrokenLink,
                line,
                message,
                fix: None,
                sample: None,
            });
        }
    }
    ctx.keep_until_exit((plans, refs, homes));
    gone
}

/// `f` of `text` as lint reads it: repaired when it is garbled (mojibake).
fn as_lint_reads<R>(text: &str, f: impl FnOnce(&str) -> R) -> R {
    match lint::repaired(text).1 {
        Some(repaired) => f(&repaired),
        None => f(text),
    }
}

/// The links of `refs` that do not resolve among `plans`, as (plan, line,
/// message), in the order of the plans, then of their lines; and the plans whose
/// sections a link names (by a numbered part), which `plans` must hold whole for
/// those links' answers to be right.
fn broken_links(
    plans: &[Plan],
    refs: &[Refs],
    homes: &[Vec<Option<usize>>],
) -> (Vec<usize>, Vec<(usize, usize, String)>) {
    // Only the broken links are made a message: most of a vault's resolve.
    let found = links::resolve_into(
        plans,
        refs,
        homes,
        |_, _| true,
        |found| {
            let reached = match *found.plans {
                [one]
                    if found.state == links::State::SectionMissing
                        || !found.sections.is_empty() =>
                {
                    Some(one)
                }
                _ => None,
            };
            let message = match found.state {
                links::State::SectionMissing => "the plan has no such section",
                links::State::Ambiguous => "several plans have that name",
                links::State::Resolved | links::State::PlanMissing => {
                    return reached.map(|r| (Some(r), None));
                }
            };
            let written = found.raw.written();
            let message = format!("📖 {}: {message}", crate::escape::text(&written));
            let at = (found.from, found.raw.line, message);
            Some((reached, Some(at)))
        },
    );
    let mut reached: Vec<usize> = found.iter().filter_map(|(r, _)| *r).collect();
    reached.sort_unstable();
    reached.dedup();
    (reached, found.into_iter().filter_map(|(_, b)| b).collect())
}

/// What the run knows that is the same for every plan.
#[derive(Clone, Copy)]
struct Common<'a> {
    /// The config says `stamp = true`.
    stamp: bool,
    today: chrono::NaiveDate,
    /// `--fix`: fixes are made (and checked), and the bytes kept.
    fix: bool,
    /// Whether git history may date hand-ticked tasks (`history = false` says no).
    history: bool,
    /// The work trees of the plans' folders, as found.
    work_trees: &'a crate::history::WorkTrees,
    /// How findings are printed.
    printer: &'a Printer<'a>,
}

impl Common<'_> {
    fn of<'a>(
        ctx: &Context,
        fix: bool,
        work_trees: &'a crate::history::WorkTrees,
        printer: &'a Printer<'a>,
    ) -> Common<'a> {
        let settings = ctx.settings();
        Common {
            stamp: settings.stamp == Some(true),
            today: ctx.today(),
            fix,
            history: settings.history != Some(false),
            work_trees,
            printer,
        }
    }
}

/// What lint knows of a plan besides its text (`text`, what it reads, and `plan`
/// its parse): whether dates are kept, and the dates git history gives the
/// hand-ticked tasks, which a fix may write.
fn knowledge(
    common: Common<'_>,
    path: &PlanPath,
    plan: &Plan,
    text: &str,
    history: bool,
) -> Knowledge {
    let in_git = common.work_trees.hold(&path.real);
    let dates = if in_git
        && history
        && common.history
        && crate::history::wants(plan)
        && common.work_trees.may_have_history(&path.real)
    {
        // History follows tasks by their text, which `plan` was read without.
        let whole = Plan::parse_to_look(path.shown.clone(), text);
        crate::history::infer(&whole, &path.real, common.today)
    } else {
        Vec::new()
    };
    Knowledge {
        dates_kept: common.stamp || in_git,
        dates,
        today: Some(common.today),
    }
}

/// Writes one plan's fixed text, its folder locked: as fixed when the file still
/// holds what was read; else fixed again from what it holds now, which is then
/// what the run reports (`Some`).
fn write(
    common: Common<'_>,
    path: &PlanPath,
    read: &Read,
    new: &str,
) -> Result<Option<Fixing>, Error> {
    let dir = files::plan_dir(&path.real);
    let lock = files::lock_dir(&dir)?;
    if read.snapshot.unchanged() {
        return files::write(&read.snapshot, read.original(), new, &lock).map(|()| None);
    }
    let (snapshot, now) = files::read(&path.real, &path.shown)?;
    if now == read.bytes {
        return files::write(&snapshot, read.original(), new, &lock).map(|()| None);
    }
    let text = files::text(&path.shown, &now)?;
    let again = fix_rounds(common, path, text, None);
    if let Some(fixed) = &again.text {
        files::write(&snapshot, text, fixed, &lock)?;
    }
    Ok(Some(again))
}

/// Prints findings in the format asked for.
fn show(
    out: &mut dyn Write,
    printer: &Printer<'_>,
    findings: &[(&Read, &Finding)],
) -> Result<(), Error> {
    let mut printed = Printed::default();
    for (r, f) in findings {
        printed.push(printer, &r.shown, f);
    }
    printer.all(out, printed.items().map(|(_, text)| text))
}

/// A finding in JSON.
#[derive(Serialize)]
struct Shown<'a> {
    file: &'a str,
    line: usize,
    rule: &'static str,
    severity: lint::Severity,
    message: &'a str,
    fix: Option<&'a str>,
    sample: Option<Sample<'a>>,
}

impl<'a> Shown<'a> {
    /// `finding` of the plan shown as `file`.
    fn of(file: &'a str, finding: &'a Finding) -> Shown<'a> {
        Shown {
            file,
            line: finding.line,
            rule: finding.rule.name(),
            severity: finding.rule.severity(),
            message: &finding.message,
            fix: finding.fix.as_ref().map(|x| x.what.as_str()),
            sample: finding.sample.as_ref().map(|s| Sample {
                line: s.line,
                before: &s.before,
                after: &s.after,
            }),
        }
    }
}

/// A mojibake sample in JSON.
#[derive(Serialize)]
struct Sample<'a> {
    line: usize,
    before: &'a str,
    after: &'a str,
}

/// What a run found, for its summary.
#[derive(Default)]
struct Count {
    findings: usize,
    /// The plans with findings.
    files: usize,
    /// Of the findings, those with a fix.
    fixable: usize,
    /// The plans linted.
    plans: usize,
}

/// `3 findings in 2 of 5 plans (1 can be fixed: roadmap lint --fix)`, on standard
/// error, after the text findings.
fn summary(err: &mut dyn Write, count: &Count) -> Result<(), Error> {
    let of = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let plans = of(count.plans, "plan", "plans");
    if count.findings == 0 {
        writeln!(err, "no findings in {plans}")?;
        return Ok(());
    }
    write!(
        err,
        "{} in {} of {plans}",
        of(count.findings, "finding", "findings"),
        count.files,
    )?;
    match count.fixable {
        0 => writeln!(err)?,
        n => writeln!(err, " ({n} can be fixed: roadmap lint --fix)")?,
    }
    Ok(())
}

/// A rule's name, red for an error and yellow for a warning.
fn paint(ctx: &Context, rule: lint::Rule) -> String {
    let palette = &ctx.look.palette;
    let style = match rule.severity() {
        lint::Severity::Error => palette.overdue,
        lint::Severity::Warning => palette.doing,
    };
    palette.paint(style, rule.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(rule: lint::Rule, line: usize, message: &str, fix: Option<&str>) -> Finding {
        Finding {
            rule,
            line,
            message: message.to_string(),
            fix: fix.map(|what| lint::Fix {
                what: what.to_string(),
                edit: lint::Edit::Splices(Vec::new()),
            }),
            sample: None,
        }
    }

    /// Findings printed one by one, then put together, are what serializing them
    /// all at once writes: the JSON array, byte for byte.
    #[test]
    fn json_printed_one_by_one_is_the_array_serde_writes() {
        let mut garbled = found(
            lint::Rule::Mojibake,
            1,
            "UTF-8 read as \"Mac\"",
            Some("repair"),
        );
        garbled.sample = Some(lint::mojibake::Sample {
            line: 3,
            before: "–¥\n\t\\".to_string(),
            after: "д".to_string(),
        });
        let findings = [
            garbled,
            found(lint::Rule::BrokenLink, 7, "📖 План X: no such plan", None),
            found(
                lint::Rule::ParentDoneChildrenOpen,
                9,
                "line\u{1b}[31m",
                None,
            ),
        ];
        let printer = Printer {
            format: LintFormat::Json,
            names: &[],
        };
        for n in 0..=findings.len() {
            let some = &findings[..n];
            let mut printed = Printed::default();
            for f in some {
                printed.push(&printer, "plans/a b.md", f);
            }
            let mut got = Vec::new();
            printer
                .all(&mut got, printed.items().map(|(_, text)| text))
                .unwrap();
            let shown: Vec<Shown> = some.iter().map(|f| Shown::of("plans/a b.md", f)).collect();
            let mut want = Vec::new();
            render::json::value(&mut want, &shown).unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap()
            );
            assert_eq!(printed.fixable, usize::from(n > 0));
        }
    }

    #[test]
    fn the_rules_and_the_links_are_merged_by_line_then_rule() {
        use lint::Rule::{BrokenLink, DuplicateTask, ParentDoneChildrenOpen};
        let rules = [
            (2, ParentDoneChildrenOpen),
            (5, DuplicateTask),
            (9, DuplicateTask),
        ];
        let links = [
            (1, BrokenLink),
            (5, BrokenLink),
            (9, BrokenLink),
            (12, BrokenLink),
        ];
        let merged: Vec<_> = by_line(rules.into_iter(), links.into_iter(), |&k| k).collect();
        let mut sorted: Vec<_> = rules.iter().chain(&links).copied().collect();
        sorted.sort();
        assert_eq!(merged, sorted);
    }
}
