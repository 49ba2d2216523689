//! The `html` format of `report`: one self-contained page — inline CSS and SVG, no
//! script, nothing fetched — with a calendar of the study days of the last four
//! weeks, each plan's progress by stage and section, the milestones, and a burn-up
//! chart of done tasks over time when done dates exist.
//!
//! Numbers carry `data-*` attributes (`data-done`, `data-planned`, `data-percent`) so
//! that tests can read them from the rendered DOM.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::report::{MilestoneReport, PlanReport, Report};

/// Escapes text for HTML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --done: #2da44e; --todo: #d0d7de; --doing: #bf8700; --late: #cf222e; --ink: #1f2328; --muted: #656d76; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--todo); padding-bottom: .25rem; }
.muted { color: var(--muted); }
.summary { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: .5rem 0 1rem; }
.summary b { font-size: 1.3rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eaeef2; vertical-align: middle; }
th { font-weight: 600; color: var(--muted); font-size: .85rem; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { width: 10rem; height: .7rem; }
.depth-2 td:first-child { padding-left: 1.5rem; }
.depth-3 td:first-child { padding-left: 2.5rem; }
.state { font-weight: 600; }
.state-done, .state-on_track { color: var(--done); }
.state-overdue, .state-behind { color: var(--late); }
.state-in_progress { color: var(--doing); }
.state-not_started { color: var(--muted); }
.schedule-behind { color: var(--late); }
.schedule-done { color: var(--done); }
svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
table.calendar { width: auto; border-collapse: separate; border-spacing: 3px; margin: .5rem 0 1rem; }
table.calendar th { text-align: center; padding: 0 .2rem; font-size: .75rem; border: none; }
table.calendar td { width: 2rem; height: 2rem; padding: 0; text-align: center; border: none; border-radius: 4px; font-size: .8rem; font-variant-numeric: tabular-nums; }
table.calendar td.studied { background: var(--done); color: #fff; font-weight: 600; }
table.calendar td.idle { background: #eaeef2; color: var(--muted); }
table.calendar td.outside { color: var(--todo); }
table.calendar td.today { box-shadow: inset 0 0 0 2px var(--ink); }
"#;

/// A progress bar as inline SVG.
fn bar(fraction: f64) -> String {
    let width = (fraction.clamp(0.0, 1.0) * 100.0 * 100.0).round() / 100.0;
    format!(
        r##"<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="{pct}%"><rect width="100" height="10" rx="2" fill="#d0d7de"/><rect width="{width}" height="10" rx="2" fill="#2da44e"/></svg>"##,
        pct = (fraction * 100.0).floor()
    )
}

/// Writes the page.
pub fn report(
    out: &mut dyn Write,
    report: &Report,
    milestones: &[MilestoneReport],
) -> io::Result<()> {
    let mut page = String::new();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>roadmap report — {today}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Study progress</h1>\n<p class=\"muted\">Report for <time id=\"today\" datetime=\"{today}\">{today}</time>, \
         made by <code>roadmap report --format html</code>.</p>\n",
        today = report.today
    );
    calendar(&mut page, &report.study);
    for (i, plan) in report.plans.iter().enumerate() {
        plan_section(&mut page, i, plan, report.today);
    }
    if !milestones.is_empty() {
        page.push_str("<h2>Milestones</h2>\n<table id=\"milestones\">\n<thead><tr><th>Milestone</th><th>Plan</th><th>Done</th><th>%</th><th></th><th>Due</th><th>Status</th></tr></thead>\n<tbody>\n");
        for m in milestones {
            let status = serde_json::to_value(m.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = writeln!(
                page,
                "<tr class=\"milestone\" data-done=\"{done}\" data-planned=\"{planned}\" data-percent=\"{pct}\" data-status=\"{status}\">\
                 <td>{name}</td><td class=\"muted\">{plan}</td><td class=\"num\">{done}/{planned}</td><td class=\"num\">{pct}%</td><td>{bar}</td>\
                 <td class=\"num\">{due}</td><td class=\"state state-{status}\">{words}</td></tr>",
                done = m.counts.done,
                planned = m.counts.planned(),
                pct = m.percent,
                name = esc(&m.name),
                plan = esc(&m.plan),
                bar = bar(m.counts.fraction()),
                due = m.due.map(|d| d.to_string()).unwrap_or_default(),
                words = esc(m.status.words()),
            );
        }
        page.push_str("</tbody>\n</table>\n");
    }
    page.push_str("</body>\n</html>\n");
    out.write_all(page.as_bytes())
}

fn plan_section(page: &mut String, index: usize, plan: &PlanReport, today: chrono::NaiveDate) {
    let c = &plan.counts;
    let title = plan.title.as_deref().unwrap_or(&plan.plan);
    let _ = write!(
        page,
        "<section class=\"plan\" id=\"plan-{index}\" data-plan=\"{path}\" data-done=\"{done}\" data-planned=\"{planned}\" data-percent=\"{pct}\">\n\
         <h2>{title}</h2>\n<p class=\"muted\">{path}</p>\n<div class=\"summary\">\
         <span><b>{pct}%</b> done</span><span><b>{done}</b> of {planned_tasks}</span>\
         <span>{doing} in progress</span><span>{skipped} skipped</span>",
        path = esc(&plan.plan),
        title = esc(title),
        done = c.done,
        planned = c.planned(),
        planned_tasks = crate::report::count(c.planned() as u64, "task", "tasks"),
        pct = plan.percent,
        doing = c.doing,
        skipped = c.skipped,
    );
    if let Some(s) = &plan.schedule {
        let status = serde_json::to_value(s.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let verdict = format!(
            "<span class=\"schedule schedule-{status}\" data-schedule=\"{status}\">{}</span>",
            esc(&s.verdict())
        );
        let _ = write!(
            page,
            "<span>{when}: {expected}, {verdict}</span>",
            when = esc(&s.where_in_it()),
            expected = esc(&s.expected()),
        );
    }
    let _ = writeln!(
        page,
        "<span>pace {:.1} a week: {}</span></div>",
        plan.pace.per_week,
        esc(&plan.pace.outlook())
    );
    page.push_str(&bar(c.fraction()).replace(
        "class=\"bar\"",
        "class=\"bar\" style=\"width:100%;height:1rem\"",
    ));
    if !plan.sections.is_empty() {
        page.push_str("<table class=\"sections\">\n<thead><tr><th>Section</th><th>Done</th><th>%</th><th></th><th>Due</th></tr></thead>\n<tbody>\n");
        for s in &plan.sections {
            // A section past its due date with work left is shown late.
            let late = s.due.is_some_and(|d| d < today) && s.counts.open() > 0;
            let _ = writeln!(
                page,
                "<tr class=\"section depth-{depth}{late}\" id=\"plan-{index}-section-{row}\" data-done=\"{done}\" data-planned=\"{planned}\" data-percent=\"{pct}\">\
                 <td>{title}{links}</td><td class=\"num\">{done}/{planned}</td><td class=\"num\">{pct}%</td><td>{bar}</td><td class=\"num\">{due}</td></tr>",
                depth = s.depth.min(3),
                row = s.index,
                links = linked(s),
                title = esc(&s.title),
                done = s.counts.done,
                planned = s.counts.planned(),
                pct = s.percent,
                bar = bar(s.counts.fraction()),
                due = s.due.map(|d| d.to_string()).unwrap_or_default(),
                late = if late { " late" } else { "" },
            );
        }
        page.push_str("</tbody>\n</table>\n");
    }
    burn_up(page, plan, today);
    page.push_str("</section>\n");
}

/// The study days of all the plans as a calendar of the weeks the last 28 days
/// fall in, Monday first: the window's days numbered, study days filled, the days
/// around them faint. Nothing when the plans have no done date.
fn calendar(page: &mut String, study: &crate::streak::Streak) {
    use chrono::{Datelike, Days};
    if !study.dated {
        return;
    }
    let lead = u64::from(study.from.weekday().num_days_from_monday());
    let trail = 6 - u64::from(study.today.weekday().num_days_from_monday());
    // (day, whether studied): no day only beyond the calendar's first or last
    // day; no answer for the days around the window.
    let mut cells: Vec<(Option<chrono::NaiveDate>, Option<bool>)> = Vec::new();
    for back in (1..=lead).rev() {
        cells.push((study.from.checked_sub_days(Days::new(back)), None));
    }
    for (day, studied) in study.window() {
        cells.push((Some(day), Some(studied)));
    }
    for ahead in 1..=trail {
        cells.push((study.today.checked_add_days(Days::new(ahead)), None));
    }
    let _ = write!(
        page,
        "<section class=\"study\" id=\"study\" data-studied=\"{studied}\" data-streak=\"{streak}\" data-longest=\"{longest}\">\n\
         <h2>Study days</h2>\n<p class=\"muted\">{summary} (from {from} to {today}).</p>\n\
         <table class=\"calendar\">\n<thead><tr><th>Mon</th><th>Tue</th><th>Wed</th><th>Thu</th><th>Fri</th><th>Sat</th><th>Sun</th></tr></thead>\n<tbody>\n",
        studied = study.days.len(),
        streak = study.current,
        longest = study.longest,
        summary = esc(&study.summary()),
        from = study.from,
        today = study.today,
    );
    for week in cells.chunks(7) {
        page.push_str("<tr>");
        for &(day, studied) in week {
            let Some(day) = day else {
                page.push_str("<td class=\"outside\"></td>");
                continue;
            };
            let (class, data, title) = match studied {
                Some(true) => (
                    "studied",
                    format!(" data-day=\"{day}\""),
                    format!("{day}: studied"),
                ),
                Some(false) => (
                    "idle",
                    format!(" data-day=\"{day}\""),
                    format!("{day}: no study"),
                ),
                None => ("outside", String::new(), day.to_string()),
            };
            let today = if day == study.today { " today" } else { "" };
            let _ = write!(
                page,
                "<td class=\"{class}{today}\"{data} title=\"{title}\">{}</td>",
                day.day()
            );
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

/// Each link of a row, as an anchor to the linked plan's row (or the plan).
fn linked(row: &crate::report::SectionReport) -> String {
    let mut cell = String::new();
    for l in &row.links {
        let href = match l.anchor {
            (p, Some(s)) => format!("#plan-{p}-section-{s}"),
            (p, None) => format!("#plan-{p}"),
        };
        let _ = write!(
            cell,
            " <a class=\"link\" href=\"{href}\" title=\"{written}\" data-done=\"{done}\" data-planned=\"{planned}\">📖 {name} {done}/{planned}</a>",
            written = esc(&l.written),
            name = esc(&l.name),
            done = l.done,
            planned = l.counts.planned(),
        );
    }
    cell
}

/// A burn-up chart of the plan's planned tasks: the done line (from done dates,
/// up to today) against the schedule's line (tasks due by each day), and, when the
/// pace gives one, the projection from today to the day the open tasks are done.
/// Ahead or behind shows as the done line above or below the schedule's. Drawn
/// when there are done dates or a schedule.
fn burn_up(page: &mut String, plan: &PlanReport, today: chrono::NaiveDate) {
    use chrono::NaiveDate;
    let done_by_day = by_today(&plan.done_by_day, today);
    let firsts = [
        done_by_day.first().map(|d| d.day),
        plan.due_by_day.first().map(|d| d.day),
        plan.schedule.as_ref().map(|s| s.start),
    ];
    let Some(first) = firsts.iter().flatten().min().copied() else {
        return;
    };
    // A projection years away would flatten everything else: drawn up to a year.
    let horizon = crate::schedule::shift(today, 366);
    let projection = plan
        .pace
        .finish
        .filter(|_| plan.counts.open() > 0)
        .filter(|f| horizon.is_some_and(|h| *f <= h));
    let lasts = [
        Some(today),
        plan.due_by_day.last().map(|d| d.day),
        projection,
    ];
    let end = lasts
        .iter()
        .flatten()
        .max()
        .copied()
        .unwrap_or(today)
        .max(first);
    let planned = plan.counts.planned().max(1) as f64;
    let days = (end - first).num_days().max(1) as f64;
    let (w, h, left, bottom) = (640.0, 200.0, 40.0, 20.0);
    let x = |day: NaiveDate| left + (day - first).num_days() as f64 / days * (w - left - 10.0);
    let y = |n: f64| (h - bottom) - n / planned * (h - bottom - 10.0);
    // Steps: each count holds until the next day it changes.
    let steps = |counts: &[crate::report::DayCount], until: NaiveDate| {
        let mut points = format!("{:.1},{:.1} ", x(first), y(0.0));
        let mut total = 0usize;
        for d in counts {
            let _ = write!(points, "{:.1},{:.1} ", x(d.day), y(total as f64));
            total += d.done;
            let _ = write!(points, "{:.1},{:.1} ", x(d.day), y(total as f64));
        }
        let _ = write!(points, "{:.1},{:.1}", x(until), y(total as f64));
        (points, total)
    };
    let (done_points, done) = steps(&done_by_day, today.clamp(first, end));
    let expected = if plan.due_by_day.is_empty() {
        String::new()
    } else {
        let (points, _) = steps(&plan.due_by_day, end);
        format!(
            "<polyline class=\"expected\" fill=\"none\" stroke=\"#8c959f\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\" points=\"{points}\"/>"
        )
    };
    let forecast = match projection {
        Some(day) => format!(
            "<line class=\"projection\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#2da44e\" stroke-dasharray=\"2 3\"/>",
            // From where the done line ends.
            x(today),
            y(done as f64),
            x(day),
            y(planned)
        ),
        None => String::new(),
    };
    let legend = match (expected.is_empty(), forecast.is_empty()) {
        (false, false) => {
            ", the schedule's tasks due by each day (dashed), and the pace's projection (dotted)"
        }
        (false, true) => ", and the schedule's tasks due by each day (dashed)",
        (true, false) => ", and the pace's projection (dotted)",
        (true, true) => "",
    };
    let _ = writeln!(
        page,
        "<figure class=\"burnup\" data-dated-done=\"{done}\"><svg viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" aria-label=\"Done tasks over time\">\
         <line x1=\"{left}\" y1=\"{top:.1}\" x2=\"{right}\" y2=\"{top:.1}\" stroke=\"#d0d7de\" stroke-dasharray=\"4 3\"/>\
         <line x1=\"{left}\" y1=\"{base}\" x2=\"{right}\" y2=\"{base}\" stroke=\"#8c959f\"/>\
         <line class=\"today\" x1=\"{now:.1}\" y1=\"{top:.1}\" x2=\"{now:.1}\" y2=\"{base}\" stroke=\"#d0d7de\"/>\
         {expected}{forecast}\
         <polyline class=\"done\" fill=\"none\" stroke=\"#2da44e\" stroke-width=\"2\" points=\"{done_points}\"/>\
         <text x=\"2\" y=\"{top:.1}\">{planned}</text><text x=\"2\" y=\"{base}\">0</text>\
         <text x=\"{left}\" y=\"{h}\">{from}</text><text x=\"{right}\" y=\"{h}\" text-anchor=\"end\">{to}</text>\
         </svg><figcaption class=\"muted\">Done tasks by done date ({done} dated, solid) of {planned} planned{legend}</figcaption></figure>",
        top = y(planned),
        base = h - bottom,
        right = w - 10.0,
        now = x(today.clamp(first, end)),
        planned = plan.counts.planned(),
        from = first,
        to = end,
    );
}

/// Done counts by day with a done date after `today` (a typo, or a clock set wrong)
/// counted today: the line of what is done never runs into the future.
fn by_today(
    counts: &[crate::report::DayCount],
    today: chrono::NaiveDate,
) -> Vec<crate::report::DayCount> {
    let mut out: Vec<crate::report::DayCount> = Vec::with_capacity(counts.len());
    for d in counts {
        let day = d.day.min(today);
        match out.last_mut() {
            Some(last) if last.day == day => last.done += d.done,
            _ => out.push(crate::report::DayCount { day, done: d.done }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calendar_holds_whole_weeks_even_at_the_ends_of_time() {
        use chrono::NaiveDate;
        for today in [NaiveDate::MIN, NaiveDate::MAX] {
            let mut page = String::new();
            calendar(&mut page, &crate::streak::streak([today], today));
            assert_eq!(page.matches("<td").count() % 7, 0, "{page}");
            assert_eq!(page.matches("<td class=\"studied today\"").count(), 1);
        }
        let mut page = String::new();
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        calendar(&mut page, &crate::streak::streak([], today));
        assert!(page.is_empty(), "no dates, no calendar");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<b>\"a\" & 'b'</b>"),
            "&lt;b&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/b&gt;"
        );
    }
}
