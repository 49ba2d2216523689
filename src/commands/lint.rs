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
use crate::lint::{self, Finding, Knowledge, Linted};
use crate::plan::{Plan, Refs};
use crate::render;

/// One plan as lint read it.
struct Read {
    snapshot: files::Snapshot,
    bytes: Vec<u8>,
    /// The repaired text, when the file is mojibake.
    repaired: Option<String>,
    mojibake: Option<Finding>,
    plan: Plan,
    refs: Refs,
}

impl Read {
    /// The text as on disk.
    fn original(&self) -> &str {
        // Checked as text when read.
        std::str::from_utf8(&self.bytes).unwrap_or("")
    }

    /// The text the rules read: repaired, or as on disk.
    fn reading(&self) -> &str {
        self.repaired.as_deref().unwrap_or_else(|| self.original())
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
    let read = crate::parallel::map(&paths, context::PLANS_IN_PARALLEL, read_plan)
        .into_iter()
        .collect::<Result<Vec<Read>, Error>>()?;
    let broken = broken_links(ctx, &paths, &read)?;
    let linted: Vec<Linted> = read
        .iter()
        .zip(&paths)
        .zip(broken)
        .map(|((r, p), broken_links)| {
            let knowledge = knowledge(ctx, p, &r.plan, broken_links);
            lint::lint(
                &r.plan,
                r.reading(),
                &knowledge,
                r.mojibake.clone(),
                &p.name,
            )
        })
        .collect();
    let findings: Vec<(&Read, &Finding)> = read
        .iter()
        .zip(&linted)
        .flat_map(|(r, l)| l.findings.iter().map(move |f| (r, f)))
        .collect();
    if !args.fix {
        show(out, ctx, args.format, &findings)?;
        // The summary after the findings, where both go to one terminal or file.
        out.flush()?;
        summary(err, &findings, read.len())?;
        return Ok(outcome(findings.len()));
    }
    if !args.write {
        for (r, l) in read.iter().zip(&linted) {
            if let Some(new) = &l.fixed {
                let terminal = ctx.look.terminal;
                render::diff::unified(out, &r.plan.path, &ctx.cwd, r.original(), new, terminal)?;
            }
        }
        show(err, ctx, args.format, &findings)?;
        return Ok(outcome(findings.len()));
    }
    let mut written = Vec::new();
    for (i, (r, l)) in read.iter().zip(&linted).enumerate() {
        let Some(new) = &l.fixed else { continue };
        if let Err(failed) = write(ctx, &paths[i], r, new) {
            let not_written = linted[i + 1..]
                .iter()
                .zip(&read[i + 1..])
                .filter(|(l, _)| l.fixed.is_some())
                .map(|(_, r)| r.plan.path.clone())
                .collect::<Vec<PathBuf>>();
            if written.is_empty() && not_written.is_empty() {
                return Err(failed);
            }
            return Err(Error::NotAllWritten {
                failed: Box::new(failed),
                written,
                not_written,
            });
        }
        let fixed = l.findings.iter().filter(|f| f.fix.is_some()).count();
        writeln!(
            err,
            "fixed {fixed} {} in {}",
            if fixed == 1 { "finding" } else { "findings" },
            crate::escape::path(&r.plan.path)
        )?;
        written.push(r.plan.path.clone());
    }
    let left: Vec<(&Read, &Finding)> = findings
        .into_iter()
        .filter(|(_, f)| f.fix.is_none())
        .collect();
    show(out, ctx, args.format, &left)?;
    Ok(outcome(left.len()))
}

fn outcome(findings: usize) -> Outcome {
    if findings == 0 {
        Outcome::Success
    } else {
        Outcome::Negative
    }
}

/// Reads one plan: its bytes, the mojibake repair, the parse of what the rules
/// read, and its links.
fn read_plan(path: &PlanPath) -> Result<Read, Error> {
    let (snapshot, bytes) = files::read(&path.real, &path.shown)?;
    let text = files::text(&path.shown, &bytes)?;
    let (mojibake, repaired) = lint::repaired(text);
    let reading = repaired.as_deref().unwrap_or(text);
    let plan = Plan::parse_named(path.shown.clone(), &path.name, reading);
    let refs = Refs::of(reading, &plan.link_marks);
    Ok(Read {
        snapshot,
        bytes,
        repaired,
        mojibake,
        plan,
        refs,
    })
}

/// The links of each linted plan that do not resolve, as (line, message): resolved
/// among the plans linted and every other plan the config names (a link from the
/// one plan linted to another is no broken link).
fn broken_links(
    ctx: &Context,
    paths: &[PlanPath],
    read: &[Read],
) -> Result<Vec<Vec<(usize, String)>>, Error> {
    let mut broken = vec![Vec::new(); read.len()];
    if read.iter().all(|r| r.refs.links.is_empty()) {
        return Ok(broken);
    }
    let mut plans: Vec<Plan> = read.iter().map(|r| r.plan.clone()).collect();
    let mut refs: Vec<Refs> = read.iter().map(|r| r.refs.clone()).collect();
    // Others the config names; none when there is no config to name them.
    let others: Vec<PlanPath> = ctx
        .configured_plan_paths()
        .unwrap_or_default()
        .into_iter()
        .filter(|o| !paths.iter().any(|p| discover::same_file(&p.real, &o.real)))
        .collect();
    // A plan that cannot be read is only not there to link to.
    let read_others = crate::parallel::map(&others, context::PLANS_IN_PARALLEL, |p| {
        context::look_at(p, |text| {
            let plan = Plan::parse_named(p.shown.clone(), &p.name, text);
            let refs = Refs::of(text, &[]);
            (plan, refs)
        })
    });
    for (plan, r) in read_others.into_iter().flatten() {
        plans.push(plan);
        refs.push(r);
    }
    // A link to a plan that is not among the plans names one not written yet (the
    // bundled backend roadmap names a dozen): `links --strict` reports those. A
    // link is broken when the plan is there and the section is not, or when
    // several plans answer to its name.
    for link in links::resolve(&plans, &refs) {
        let message = match link.state {
            links::State::SectionMissing => "the plan has no such section",
            links::State::Ambiguous => "several plans have that name",
            links::State::Resolved | links::State::PlanMissing => continue,
        };
        if let Some(list) = broken.get_mut(link.from) {
            list.push((
                link.line,
                format!("📖 {}: {message}", crate::escape::text(&link.written())),
            ));
        }
    }
    Ok(broken)
}

/// What lint knows of a plan besides its text.
fn knowledge(
    ctx: &Context,
    path: &PlanPath,
    _plan: &Plan,
    broken_links: Vec<(usize, String)>,
) -> Knowledge {
    let stamp = ctx.settings().stamp == Some(true);
    Knowledge {
        dates_kept: stamp || crate::history::in_work_tree(&path.real),
        dates: Vec::new(),
        today: Some(ctx.today()),
        broken_links,
    }
}

/// Writes one plan's fixed text, its folder locked: as fixed when the file still
/// holds what was read; else linted and fixed again from what it holds now.
fn write(ctx: &Context, path: &PlanPath, read: &Read, new: &str) -> Result<(), Error> {
    let dir = files::plan_dir(&path.real);
    let lock = files::lock_dir(&dir)?;
    if read.snapshot.unchanged() {
        return files::write(&read.snapshot, read.original(), new, &lock);
    }
    let (snapshot, now) = files::read(&path.real, &path.shown)?;
    if now == read.bytes {
        return files::write(&snapshot, read.original(), new, &lock);
    }
    let text = files::text(&path.shown, &now)?;
    let (mojibake, repaired) = lint::repaired(text);
    let reading = repaired.as_deref().unwrap_or(text);
    let plan = Plan::parse_named(path.shown.clone(), &path.name, reading);
    // Links are not looked at again: their findings have no fix.
    let knowledge = knowledge(ctx, path, &plan, Vec::new());
    let again = lint::lint(&plan, reading, &knowledge, mojibake, &path.name);
    match again.fixed {
        Some(fixed) => files::write(&snapshot, text, &fixed, &lock),
        None => Ok(()),
    }
}

/// Prints findings in the format asked for.
fn show(
    out: &mut dyn Write,
    ctx: &Context,
    format: LintFormat,
    findings: &[(&Read, &Finding)],
) -> Result<(), Error> {
    match format {
        LintFormat::Text => {
            let mut text = Vec::new();
            for (r, f) in findings {
                write!(
                    text,
                    "{}:{}: {}: {}",
                    crate::escape::path(&r.plan.path),
                    f.line,
                    paint(ctx, f.rule),
                    f.message
                )?;
                if let Some(fix) = &f.fix {
                    write!(text, " [fix: {}]", fix.what)?;
                }
                text.push(b'\n');
            }
            out.write_all(&text)?;
        }
        LintFormat::Json => {
            let shown: Vec<Shown> = findings
                .iter()
                .map(|(r, f)| Shown {
                    file: crate::escape::path(&r.plan.path),
                    line: f.line,
                    rule: f.rule.name(),
                    severity: f.rule.severity(),
                    message: &f.message,
                    fix: f.fix.as_ref().map(|x| x.what.as_str()),
                    sample: f.sample.as_ref().map(|s| Sample {
                        line: s.line,
                        before: &s.before,
                        after: &s.after,
                    }),
                })
                .collect();
            render::json::value(out, &shown)?;
        }
    }
    Ok(())
}

/// A finding in JSON.
#[derive(Serialize)]
struct Shown<'a> {
    file: String,
    line: usize,
    rule: &'static str,
    severity: lint::Severity,
    message: &'a str,
    fix: Option<&'a str>,
    sample: Option<Sample<'a>>,
}

/// A mojibake sample in JSON.
#[derive(Serialize)]
struct Sample<'a> {
    line: usize,
    before: &'a str,
    after: &'a str,
}

/// `3 findings in 2 of 5 plans (1 can be fixed: roadmap lint --fix)`, on standard
/// error, after the text findings.
fn summary(err: &mut dyn Write, findings: &[(&Read, &Finding)], plans: usize) -> Result<(), Error> {
    let of = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if findings.is_empty() {
        writeln!(err, "no findings in {}", of(plans, "plan", "plans"))?;
        return Ok(());
    }
    let mut files: Vec<&std::path::Path> = findings
        .iter()
        .map(|(r, _)| r.plan.path.as_path())
        .collect();
    files.dedup();
    let fixable = findings.iter().filter(|(_, f)| f.fix.is_some()).count();
    write!(
        err,
        "{} in {} of {}",
        of(findings.len(), "finding", "findings"),
        files.len(),
        of(plans, "plan", "plans"),
    )?;
    match fixable {
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
