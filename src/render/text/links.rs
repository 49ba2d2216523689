//! The `text` format of links between plans: the `links` listing, one link per two
//! lines (`FILE:LINE: state: 📖 …`, then where it sits and what it names), and the
//! line `next` adds under a task whose section links elsewhere.

use std::io::{self, Write};

use super::{count, mark, sanitize};
use crate::links::{Listed, State, tally};
use crate::plan::Plan;
use crate::render::style::Look;

/// Writes `links`: every link, then how many are in each state.
pub fn links(out: &mut dyn Write, look: &Look, listed: &[Listed], plans: usize) -> io::Result<()> {
    let p = &look.palette;
    for l in listed {
        let style = match l.state {
            State::Resolved => p.done,
            _ => p.overdue,
        };
        let written = match &l.to.target {
            Some(t) if l.to.name.is_empty() => format!("→ {t}"),
            Some(t) => format!("{} → {t}", l.to.name),
            None => l.to.name.clone(),
        };
        writeln!(
            out,
            "{}: {}: 📖 {}",
            p.paint(p.muted, format!("{}:{}", l.from.plan, l.from.line)),
            p.paint(style, l.state.word()),
            sanitize(&written)
        )?;
        let within = l
            .from
            .section
            .last()
            .map_or("(top of the plan)".to_string(), |s| {
                sanitize(s).into_owned()
            });
        let names = match l.state {
            State::Resolved | State::SectionMissing if l.to.sections.is_empty() => {
                match (&l.to.plan, l.state) {
                    (Some(plan), State::Resolved) => format!("{plan} (the whole plan)"),
                    (Some(plan), _) => format!(
                        "{plan}, which has no section `{}`",
                        sanitize(l.to.target.as_deref().unwrap_or(""))
                    ),
                    (None, _) => String::new(),
                }
            }
            State::Resolved | State::SectionMissing => format!(
                "{} › {}",
                l.to.plan.as_deref().unwrap_or(""),
                sanitize(&l.to.sections.join(" · "))
            ),
            State::Ambiguous => format!("one of {}", l.to.candidates.join(", ")),
            State::PlanMissing => format!(
                "no plan by that name among {}",
                count(plans, "plan", "plans")
            ),
        };
        writeln!(out, "    {within} → {}", p.paint(p.muted, names))?;
    }
    let states: Vec<String> = tally(listed)
        .into_iter()
        .map(|(state, n)| format!("{n} {}", state.word()))
        .collect();
    let summary = match states.is_empty() {
        true => format!("no links in {}", count(plans, "plan", "plans")),
        false => format!(
            "{}: {}",
            count(listed.len(), "link", "links"),
            states.join(", ")
        ),
    };
    writeln!(out, "{summary}")
}

/// The line `next` writes under a task for a link over it:
/// `📖 Linux план → Этап 1: next there: [ ] Навигация  linux#1a2b3c`, or `… all
/// done there (4/4)` when the linked sections have nothing open.
pub fn linked_next(
    out: &mut dyn Write,
    look: &Look,
    plans: &[Plan],
    written: &str,
    joined: &crate::links::Joined,
) -> io::Result<()> {
    let p = &look.palette;
    let lead = format!("    📖 {}", sanitize(written));
    match joined
        .next
        .and_then(|r| Some((r, plans.get(r.plan)?.tasks.get(r.task)?)))
    {
        Some((r, task)) => {
            let id = plans[r.plan].tasks[r.task].id.as_str();
            writeln!(
                out,
                "{lead}: next there: {} {}  {}",
                mark(look, task.status),
                sanitize(&task.text),
                p.paint(p.muted, sanitize(id))
            )
        }
        None => writeln!(
            out,
            "{lead}: {} ({}/{})",
            p.paint(p.done, "nothing left there"),
            joined.counts.done,
            joined.counts.planned()
        ),
    }
}
