//! The `json` format. Shapes change only additively; the README documents each.

use std::io::{self, Write};

use serde::Serialize;

use crate::plan::{Plan, TaskRef};
use crate::prerequisites::Passed;
use crate::schedule::Schedule;

/// Writes tasks as one JSON array, one task per line, and a final newline: the
/// output of `list` and `next`. `schedules` parallels `plans`.
pub fn tasks(
    out: &mut dyn Write,
    plans: &[Plan],
    shown: &[TaskRef],
    schedules: &[Option<Schedule>],
) -> io::Result<()> {
    array(out, plans, shown, schedules, None)?;
    out.write_all(b"\n")
}

/// [`tasks`] with more fields on each task (`next`'s `links` and `passed_over`):
/// `extra[i]` is written, as is, at the end of the object of `shown[i]`.
pub fn tasks_with(
    out: &mut dyn Write,
    plans: &[Plan],
    shown: &[TaskRef],
    schedules: &[Option<Schedule>],
    extra: &[Vec<u8>],
) -> io::Result<()> {
    array(out, plans, shown, schedules, Some(extra))?;
    out.write_all(b"\n")
}

/// `,"passed_over":[{"id": …, "reason": …}]`: the tasks `next` passed over before
/// a task, and why (`next --explain`).
pub fn passed_over(plans: &[Plan], passed: &[(TaskRef, Passed)]) -> io::Result<Vec<u8>> {
    #[derive(Serialize)]
    struct PassedJson<'a> {
        id: &'a str,
        reason: String,
    }
    let list: Vec<PassedJson> = passed
        .iter()
        .map(|(r, why)| PassedJson {
            id: plans[r.plan].tasks[r.task].id.as_str(),
            reason: why.reason(),
        })
        .collect();
    let mut bytes = b",\"passed_over\":".to_vec();
    serde_json::to_writer(&mut bytes, &list)?;
    Ok(bytes)
}

/// `,"links":[{"plan", "sections", "done", "total", "next"}]`: the linked progress
/// over a task `next` shows, as `report` gives it on a section.
pub fn links_over(
    plans: &[Plan],
    links: &[crate::links::Link],
    joined: &[crate::links::Joined],
    schedules: &[Option<Schedule>],
) -> io::Result<Vec<u8>> {
    #[derive(Serialize)]
    struct LinkJson<'a> {
        plan: String,
        sections: Vec<&'a str>,
        done: usize,
        total: usize,
        next: Option<Box<serde_json::value::RawValue>>,
    }
    let list = joined
        .iter()
        .map(|j| {
            let target = &plans[j.plan];
            Ok(LinkJson {
                plan: crate::escape::path(&target.path),
                sections: links[j.link]
                    .sections
                    .iter()
                    .filter_map(|&s| target.sections.get(s))
                    .map(|s| s.title.as_str())
                    .collect(),
                done: j.counts.done,
                total: j.counts.total,
                next: j.next.map(|t| one(plans, t, schedules)).transpose()?,
            })
        })
        .collect::<io::Result<Vec<LinkJson>>>()?;
    let mut bytes = b",\"links\":".to_vec();
    serde_json::to_writer(&mut bytes, &list)?;
    Ok(bytes)
}

/// Tasks as a JSON array to put inside another value (`milestone NAME`'s `left`,
/// `week`'s lists): the same writer, so every task JSON has one shape.
pub fn embedded(
    plans: &[Plan],
    shown: &[TaskRef],
    schedules: &[Option<Schedule>],
) -> io::Result<Box<serde_json::value::RawValue>> {
    let mut bytes = Vec::new();
    array(&mut bytes, plans, shown, schedules, None)?;
    let text = String::from_utf8(bytes).map_err(io::Error::other)?;
    serde_json::value::RawValue::from_string(text).map_err(io::Error::other)
}

/// One task as a JSON object to put inside another value (a link's `next` in
/// `report`): the same writer as every task JSON.
pub fn one(
    plans: &[Plan],
    task: TaskRef,
    schedules: &[Option<Schedule>],
) -> io::Result<Box<serde_json::value::RawValue>> {
    let array = embedded(plans, &[task], schedules)?;
    let object = array
        .get()
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim();
    serde_json::value::RawValue::from_string(object.to_string()).map_err(io::Error::other)
}

/// The one writer of task JSON: an array of objects with the fields `plan`, `line`,
/// `id`, `status`, `text`, `section`, `depth`, `done_on`, `done_on_source` (`stamp`,
/// `git`, `worktree` or null), `due` (the task's own 📅, else its schedule's), then
/// the Obsidian Tasks fields (see [`fields`]), in this order.
/// Written by hand, for `list` on a long plan: a plan's path and each section's
/// titles are escaped once, not once per task; a new field is added here only.
fn array(
    out: &mut dyn Write,
    plans: &[Plan],
    shown: &[TaskRef],
    schedules: &[Option<Schedule>],
    extra: Option<&[Vec<u8>]>,
) -> io::Result<()> {
    let mut line: Vec<u8> = Vec::with_capacity(64 * 1024);
    line.push(b'[');
    let mut cache = PlanCache::default();
    for (i, s) in shown.iter().enumerate() {
        line.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        let plan = &plans[s.plan];
        if cache.plan != Some(s.plan) {
            cache = PlanCache::new(s.plan, plan)?;
        }
        let task = &plan.tasks[s.task];
        line.extend_from_slice(b"{\"plan\":");
        line.extend_from_slice(&cache.path);
        // itoa: a number without the formatting machinery, a third of the time
        // of `write!` for the two numbers of every task.
        let mut number = itoa::Buffer::new();
        line.extend_from_slice(b",\"line\":");
        line.extend_from_slice(number.format(task.line).as_bytes());
        line.extend_from_slice(b",\"id\":");
        serde_json::to_writer(&mut line, task.id.as_str())?;
        line.extend_from_slice(b",\"status\":\"");
        line.extend_from_slice(task.status.word().as_bytes());
        line.extend_from_slice(b"\",\"text\":");
        serde_json::to_writer(&mut line, &task.text)?;
        line.extend_from_slice(b",\"section\":");
        line.extend_from_slice(cache.section(plan, task.section)?);
        line.extend_from_slice(b",\"depth\":");
        line.extend_from_slice(number.format(task.depth).as_bytes());
        line.extend_from_slice(b",\"done_on\":");
        date(&mut line, task.done_on)?;
        line.extend_from_slice(b",\"done_on_source\":");
        match task.done_source {
            Some(source) => {
                line.push(b'"');
                line.extend_from_slice(source.word().as_bytes());
                line.push(b'"');
            }
            None => line.extend_from_slice(b"null"),
        }
        line.extend_from_slice(b",\"due\":");
        let schedule = schedules.get(s.plan).and_then(Option::as_ref);
        date(
            &mut line,
            schedule.and_then(|sch| sch.due.get(s.task).copied().flatten()),
        )?;
        fields(&mut line, task.fields.as_deref())?;
        if let Some(more) = extra.and_then(|e| e.get(i)) {
            line.extend_from_slice(more);
        }
        line.push(b'}');
        if line.len() >= 60 * 1024 {
            out.write_all(&line)?;
            line.clear();
        }
    }
    line.extend_from_slice(if shown.is_empty() { b"]" } else { b"\n]" });
    out.write_all(&line)
}

/// A plan's path and section arrays, escaped once.
#[derive(Default)]
struct PlanCache {
    plan: Option<usize>,
    path: Vec<u8>,
    /// The JSON array of each section's path, made when first needed.
    sections: Vec<Option<Vec<u8>>>,
}

impl PlanCache {
    fn new(index: usize, plan: &Plan) -> io::Result<PlanCache> {
        Ok(PlanCache {
            plan: Some(index),
            path: serde_json::to_vec(&crate::escape::path(&plan.path))?,
            sections: vec![None; plan.sections.len()],
        })
    }

    fn section(&mut self, plan: &Plan, section: Option<usize>) -> io::Result<&[u8]> {
        let Some(slot) = section.and_then(|i| self.sections.get_mut(i)) else {
            return Ok(b"[]");
        };
        if slot.is_none() {
            *slot = Some(serde_json::to_vec(&plan.section_titles(section))?);
        }
        Ok(slot.as_deref().unwrap_or(b"[]"))
    }
}

/// The Obsidian Tasks fields of a task: `scheduled`, `start`, `created`,
/// `cancelled_on`, `priority`, `obsidian_id`, `depends_on`, `recurrence`.
fn fields(line: &mut Vec<u8>, fields: Option<&crate::plan::Fields>) -> io::Result<()> {
    let Some(f) = fields else {
        line.extend_from_slice(
            b",\"scheduled\":null,\"start\":null,\"created\":null,\"cancelled_on\":null,\
              \"priority\":null,\"obsidian_id\":null,\"depends_on\":[],\"recurrence\":null",
        );
        return Ok(());
    };
    for (key, day) in [
        (&b",\"scheduled\":"[..], f.scheduled),
        (b",\"start\":", f.start),
        (b",\"created\":", f.created),
        (b",\"cancelled_on\":", f.cancelled),
    ] {
        line.extend_from_slice(key);
        date(line, day)?;
    }
    line.extend_from_slice(b",\"priority\":");
    serde_json::to_writer(&mut *line, &f.priority.map(crate::plan::Priority::word))?;
    line.extend_from_slice(b",\"obsidian_id\":");
    serde_json::to_writer(&mut *line, &f.id)?;
    line.extend_from_slice(b",\"depends_on\":");
    serde_json::to_writer(&mut *line, &f.depends_on)?;
    line.extend_from_slice(b",\"recurrence\":");
    serde_json::to_writer(&mut *line, &f.recurrence)?;
    Ok(())
}

/// A date as a JSON string `"YYYY-MM-DD"`, or `null`.
fn date(line: &mut Vec<u8>, day: Option<chrono::NaiveDate>) -> io::Result<()> {
    match day {
        // `NaiveDate`'s Display is `%Y-%m-%d`, without parsing a format each time.
        Some(day) => write!(line, "\"{day}\""),
        None => line.write_all(b"null"),
    }
}

/// Writes any value as indented JSON and a final newline.
pub fn value<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Pace;
    use chrono::NaiveDate;

    use crate::plan::{DoneSource, Status};

    /// What each task of the array must be: the fields, as serde writes them.
    #[derive(Serialize)]
    struct TaskJson<'a> {
        plan: String,
        line: usize,
        id: &'a str,
        status: Status,
        text: &'a str,
        section: Vec<&'a str>,
        depth: usize,
        done_on: Option<String>,
        done_on_source: Option<DoneSource>,
        due: Option<String>,
        scheduled: Option<String>,
        start: Option<String>,
        created: Option<String>,
        cancelled_on: Option<String>,
        priority: Option<&'static str>,
        obsidian_id: Option<&'a str>,
        depends_on: &'a [String],
        recurrence: Option<&'a str>,
    }

    fn task<'a>(plan: &'a Plan, index: usize, schedule: Option<&Schedule>) -> TaskJson<'a> {
        let task = &plan.tasks[index];
        let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        TaskJson {
            plan: crate::escape::path(&plan.path),
            line: task.line,
            id: task.id.as_str(),
            status: task.status,
            text: &task.text,
            section: plan.section_path(task),
            depth: task.depth,
            done_on: task.done_on.map(day),
            done_on_source: task.done_source,
            due: schedule
                .and_then(|s| s.due.get(index).copied().flatten())
                .map(day),
            scheduled: task.fields().scheduled.map(day),
            start: task.fields().start.map(day),
            created: task.fields().created.map(day),
            cancelled_on: task.fields().cancelled.map(day),
            priority: task.fields().priority.map(crate::plan::Priority::word),
            obsidian_id: task.fields().id.as_deref(),
            depends_on: &task.fields().depends_on,
            recurrence: task.fields().recurrence.as_deref(),
        }
    }

    #[test]
    fn the_hand_written_array_is_serde_s_form_of_each_task() {
        // The writer must not drift from the fields and forms the README documents.
        let text = "# Go \"plan\"\n## Неделя 1\n- [x] a\tb ✅ 2026-11-20\n  - [/] \\ nested\n\
                    **Label:**\n- [-] skipped\n- [x] h\n- [x] i\n## Неделя 2\n1. [ ] ordered\n\
                    - [ ] f ⏫ 🔁 every week ➕ 2026-11-01 🛫 2026-11-02 📅 2026-12-01 🆔 a1 ⛔ b,c\n\
                    - [-] g ❌ 2026-11-03 [scheduled:: 2026-11-02]\n";
        let mut plan = Plan::parse("plans/my \"plan\".md".into(), text.into());
        // Dates from history, as `list` fills them in.
        for (task, source) in [(3, DoneSource::Git), (4, DoneSource::Worktree)] {
            plan.tasks[task].done_on = NaiveDate::from_ymd_opt(2026, 11, 21);
            plan.tasks[task].done_source = Some(source);
        }
        let start = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let schedules = vec![Some(Schedule::build(&plan, start, Pace::default()))];
        let plans = vec![plan];
        let shown: Vec<TaskRef> = (0..plans[0].tasks.len())
            .map(|task| TaskRef { plan: 0, task })
            .collect();
        let mut out = Vec::new();
        tasks(&mut out, &plans, &shown, &schedules).unwrap();
        let expected: Vec<String> = shown
            .iter()
            .map(|r| {
                serde_json::to_string(&task(&plans[0], r.task, schedules[0].as_ref())).unwrap()
            })
            .collect();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("[\n{}\n]\n", expected.join(",\n"))
        );
        assert!(
            expected.iter().any(|t| t.contains("\"due\":\"2026-")),
            "{expected:?}"
        );
        assert!(
            expected
                .iter()
                .any(|t| t.contains("\"done_on\":\"2026-11-20\",\"done_on_source\":\"stamp\""))
        );
        for source in ["git", "worktree"] {
            let part = format!("\"done_on\":\"2026-11-21\",\"done_on_source\":\"{source}\"");
            assert!(expected.iter().any(|t| t.contains(&part)), "{part}");
        }
        assert!(
            expected
                .iter()
                .any(|t| t.contains("\"done_on\":null,\"done_on_source\":null"))
        );
        let fields = &expected[expected.len() - 2];
        for part in [
            "\"text\":\"f\"",
            "\"due\":\"2026-12-01\"",
            "\"priority\":\"high\"",
            "\"recurrence\":\"every week\"",
            "\"depends_on\":[\"b\",\"c\"]",
            "\"obsidian_id\":\"a1\"",
            "\"start\":\"2026-11-02\"",
            "\"created\":\"2026-11-01\"",
        ] {
            assert!(fields.contains(part), "{part} in {fields}");
        }
        let cancelled = expected.last().unwrap();
        assert!(
            cancelled.contains("\"cancelled_on\":\"2026-11-03\""),
            "{cancelled}"
        );
        assert!(
            cancelled.contains("\"scheduled\":\"2026-11-02\""),
            "{cancelled}"
        );
    }
}
