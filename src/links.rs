//! Links between plans (`📖 **План Linux** → **Этап 1**`): which plan and sections
//! each names among the plans a command sees, which section of its own plan it
//! belongs to, and the linked progress the views show beside a plan's own. Pure:
//! plans and what their text says ([`Refs`]) in, values out. Counts stay each
//! plan's own: linked tasks are never added to the linking plan's.
//!
//! A plan's names are its file stem, its title and its front matter `aliases`. A
//! link's words are its name's words in lower case without `план`/`plan`; it names
//! the plans one of whose names holds all of them as words (`Сети план` names "План
//! Компьютерные сети"). Of several, one with a name of exactly those words wins;
//! else the link is ambiguous. The part after `→` names sections by a numbered part
//! ([`parse_part`]: `Этапы 1-3` the sections `Этап 1`…`Этап 3`, `Недели 1-2` the
//! weeks); with no number (`Все этапы`, `Полный курс`) it names the whole plan.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::plan::{Plan, RawLink, Refs, Section, TaskRef};
use crate::prerequisites::Prerequisites;
use crate::progress::Counts;
use crate::report::{LinkReport, Report};
use crate::schedule::{Part, parse_part};

/// How a link resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum State {
    /// One plan, and the sections named, found.
    #[serde(rename = "resolved")]
    Resolved,
    /// No plan the command sees has that name.
    #[serde(rename = "plan missing")]
    PlanMissing,
    /// The plan is there, but no section of it is the one named.
    #[serde(rename = "section missing")]
    SectionMissing,
    /// Several plans have that name.
    #[serde(rename = "ambiguous")]
    Ambiguous,
}

impl State {
    /// The state as `links` prints it: `resolved`, `plan missing`, ….
    pub fn word(self) -> &'static str {
        match self {
            State::Resolved => "resolved",
            State::PlanMissing => "plan missing",
            State::SectionMissing => "section missing",
            State::Ambiguous => "ambiguous",
        }
    }
}

/// One link, resolved as far as it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The plan it is written in (an index into the plans).
    pub from: usize,
    /// Its 1-based line there.
    pub line: usize,
    /// The section of its plan it belongs to: the one it is written in, or the
    /// nearest above that holds tasks; `None` at the top of the plan.
    pub section: Option<usize>,
    /// The plan's name as written.
    pub name: String,
    /// The section part as written, if any.
    pub target: Option<String>,
    /// The plans the name fits: one when resolved or section missing, several when
    /// ambiguous, none when the plan is missing.
    pub plans: Vec<usize>,
    /// The sections of the linked plan it names, outermost only; empty for the
    /// whole plan.
    pub sections: Vec<usize>,
    /// How it resolved.
    pub state: State,
}

impl Link {
    /// The linked plan, when the link resolved.
    pub fn to(&self) -> Option<usize> {
        match self.state {
            State::Resolved => self.plans.first().copied(),
            _ => None,
        }
    }

    /// `План Linux → Этап 1`: the link as written, bold markers removed.
    pub fn written(&self) -> String {
        crate::plan::link_written(&self.name, self.target.as_deref())
    }
}

/// The progress of what a resolved link names, in the linked plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    /// The link (an index into the links).
    pub link: usize,
    /// The linked plan.
    pub plan: usize,
    /// The linked tasks by status.
    pub counts: Counts,
    /// The linked plan's next task there: in progress first, then the first open.
    pub next: Option<TaskRef>,
}

/// Resolves every link of every plan; `refs` parallels `plans`.
pub fn resolve(plans: &[Plan], refs: &[Refs]) -> Vec<Link> {
    resolve_where(plans, refs, |_, _| true)
}

/// Resolves the links that belong where `keep(plan, section)` says: `next` needs
/// only those over the tasks it shows, of thousands in a long plan.
pub fn resolve_where(
    plans: &[Plan],
    refs: &[Refs],
    keep: impl Fn(usize, Option<usize>) -> bool + Sync,
) -> Vec<Link> {
    let homes: Vec<Vec<Option<usize>>> = plans
        .iter()
        .zip(refs)
        .map(|(plan, r)| match r.links.is_empty() {
            true => Vec::new(),
            false => homes(plan, &plan.holding(), r),
        })
        .collect();
    resolve_held(plans, refs, &homes, keep)
}

/// [`resolve_where`] for plans whose tasks are gone: `homes[p]` are the sections
/// plan `p`'s links belong to ([`homes`], found before).
pub fn resolve_held(
    plans: &[Plan],
    refs: &[Refs],
    homes: &[Vec<Option<usize>>],
    keep: impl Fn(usize, Option<usize>) -> bool + Sync,
) -> Vec<Link> {
    resolve_into(plans, refs, homes, keep, |found| {
        Some(Link {
            from: found.from,
            line: found.raw.line,
            section: found.section,
            name: found.raw.name.clone(),
            target: found.raw.target.clone(),
            plans: found.plans.to_vec(),
            sections: found.sections.to_vec(),
            state: found.state,
        })
    })
}

/// How one link resolved, before it is made into a value: what [`resolve_into`]
/// hands its `make`.
pub struct Resolution<'a> {
    /// The plan it is written in.
    pub from: usize,
    /// The section of that plan it belongs to (see [`Link::section`]).
    pub section: Option<usize>,
    /// The link as written.
    pub raw: &'a RawLink,
    /// The plans its name fits (see [`Link::plans`]).
    pub plans: &'a [usize],
    /// The sections it names in the one plan (see [`Link::sections`]).
    pub sections: &'a [usize],
    /// How it resolved.
    pub state: State,
}

/// Resolves the links `keep` keeps (as [`resolve_held`]) and makes of each what
/// `make` makes, if anything: `lint` keeps only the broken ones, and makes no
/// [`Link`] of the tens of thousands that resolve. `homes[p]` are the sections
/// plan `p`'s links belong to ([`homes`]), found where the plan was read.
///
/// A vault's links are resolved on every core: the plans with links in runs of
/// about as many links each, one run per core, each with its own memo. What is
/// made comes back in the order of the plans, then of their lines.
pub fn resolve_into<T: Send>(
    plans: &[Plan],
    refs: &[Refs],
    homes: &[Vec<Option<usize>>],
    keep: impl Fn(usize, Option<usize>) -> bool + Sync,
    make: impl Fn(Resolution) -> Option<T> + Sync,
) -> Vec<T> {
    let names = Names::of(plans, refs);
    // Each plan's section titles read as parts once, when a link first names it:
    // not once per link (a long plan may be named thousands of times).
    let parts: Vec<OnceLock<Vec<Option<Part>>>> = plans.iter().map(|_| OnceLock::new()).collect();
    let runs = runs_of_links(refs, crate::parallel::cores());
    let resolve_run = |run: &std::ops::Range<usize>| {
        // Links name few plans, many times: each name's candidates found once,
        // each target read as a part once (by the text as written: no words made
        // first), each part's sections in a plan found once.
        let mut memo = Memo::default();
        let mut out = Vec::new();
        for p in run.clone() {
            let Some(own) = refs.get(p) else {
                continue;
            };
            let own_homes = homes.get(p).map_or(&[][..], Vec::as_slice);
            for (k, raw) in own.links.iter().enumerate() {
                let section = own_homes.get(k).copied().flatten();
                if !keep(p, section) {
                    continue;
                }
                let (found, sections, state) = resolve_one(plans, &names, &parts, &mut memo, raw);
                out.extend(make(Resolution {
                    from: p,
                    section,
                    raw,
                    plans: &found,
                    sections: &sections,
                    state,
                }));
            }
        }
        out
    };
    let mut made = crate::parallel::map(&runs, 2, resolve_run);
    if made.len() == 1 {
        return made.pop().unwrap_or_default();
    }
    made.into_iter().flatten().collect()
}

/// The plans in runs (ranges of indices) of about as many links each, at most
/// `most` runs; one run when there are too few links to be worth a thread.
fn runs_of_links(refs: &[Refs], most: usize) -> Vec<std::ops::Range<usize>> {
    /// Fewer links than this are resolved on one core: a thread costs more.
    const WORTH_A_THREAD: usize = 2_000;
    let total: usize = refs.iter().map(|r| r.links.len()).sum();
    if total < WORTH_A_THREAD || most <= 1 {
        return std::iter::once(0..refs.len()).collect();
    }
    let per_run = total.div_ceil(most);
    let mut runs = Vec::with_capacity(most);
    let (mut start, mut taken) = (0, 0);
    for (p, r) in refs.iter().enumerate() {
        taken += r.links.len();
        if taken >= per_run {
            runs.push(start..p + 1);
            (start, taken) = (p + 1, 0);
        }
    }
    if start < refs.len() {
        runs.push(start..refs.len());
    }
    runs
}

/// What links resolved before have found, by what they wrote: the plans a name
/// fits, the part a target names; and the sections of a plan a part names.
#[derive(Default)]
struct Memo<'r> {
    plans: FxHashMap<&'r str, Rc<[usize]>>,
    parts: FxHashMap<&'r str, Option<Part>>,
    sections: FxHashMap<(usize, Part), Rc<[usize]>>,
    /// No plans, no sections: one for every link that has none.
    none: Rc<[usize]>,
}

/// Every plan's names as words, each word by its number: names are compared as
/// numbers, not strings (a vault's links ask for the plans of thousands of names).
struct Names {
    /// Each word's number.
    numbers: FxHashMap<String, usize>,
    /// Each plan's names, as its words' numbers.
    of_plan: Vec<Vec<Box<[usize]>>>,
    /// By word number: the plans with the word in a name, in order.
    with_word: Vec<Vec<usize>>,
    /// Each plan's words, one bit for each ([`Names::bit`]): a plan lacking a
    /// word's bit lacks the word, and is passed over without reading its names.
    bits: Vec<u64>,
}

impl Names {
    /// The names of `plans` (with their aliases in `refs`), read on every core.
    fn of(plans: &[Plan], refs: &[Refs]) -> Names {
        let indices: Vec<usize> = (0..plans.len()).collect();
        let as_words = crate::parallel::map(&indices, crate::context::PLANS_IN_PARALLEL, |&p| {
            plan_names(&plans[p], refs.get(p))
        });
        let mut numbers: FxHashMap<String, usize> = FxHashMap::default();
        let mut with_word: Vec<Vec<usize>> = Vec::new();
        let mut of_plan = Vec::with_capacity(as_words.len());
        let mut bits = Vec::with_capacity(as_words.len());
        for (p, names) in as_words.into_iter().enumerate() {
            let mut numbered = Vec::with_capacity(names.len());
            let mut plan_bits = 0;
            for name in names {
                let mut name_numbers = Vec::with_capacity(name.len());
                for word in name {
                    let next = numbers.len();
                    let number = *numbers.entry(word).or_insert(next);
                    if number == with_word.len() {
                        with_word.push(Vec::new());
                    }
                    let plans = &mut with_word[number];
                    if plans.last() != Some(&p) {
                        plans.push(p);
                    }
                    name_numbers.push(number);
                    plan_bits |= Names::bit(number);
                }
                numbered.push(name_numbers.into_boxed_slice());
            }
            of_plan.push(numbered);
            bits.push(plan_bits);
        }
        Names {
            numbers,
            of_plan,
            with_word,
            bits,
        }
    }

    /// A word's bit among a plan's [`Names::bits`].
    fn bit(number: usize) -> u64 {
        1 << (number % 64)
    }
}

/// Resolves one link: the plans its name fits, the sections it names in the one
/// plan, and how it resolved.
fn resolve_one<'r>(
    plans: &[Plan],
    names: &Names,
    parts: &[OnceLock<Vec<Option<Part>>>],
    memo: &mut Memo<'r>,
    raw: &'r RawLink,
) -> (Rc<[usize]>, Rc<[usize]>, State) {
    let fits = Rc::clone(
        memo.plans
            .entry(raw.name.as_str())
            .or_insert_with(|| candidates(names, &raw.name).into()),
    );
    let none = Rc::clone(&memo.none);
    let one = match *fits {
        [] => return (fits, none, State::PlanMissing),
        [_, _, ..] => return (fits, none, State::Ambiguous),
        [one] => one,
    };
    let part = raw.target.as_deref().and_then(|target| {
        *memo
            .parts
            .entry(target)
            .or_insert_with(|| parse_part(target))
    });
    let Some(part) = part else {
        return (fits, none, State::Resolved);
    };
    let target = &plans[one];
    let sections = Rc::clone(memo.sections.entry((one, part)).or_insert_with(|| {
        let titles = parts[one].get_or_init(|| {
            target
                .sections
                .iter()
                .map(|s| parse_part(&s.title))
                .collect()
        });
        outermost(target, |i| {
            titles[i].as_ref().is_some_and(|p| p.overlaps(&part))
        })
        .into()
    }));
    let state = if sections.is_empty() {
        State::SectionMissing
    } else {
        State::Resolved
    };
    (fits, sections, state)
}

/// Words in lower case, without `план`/`plan`: `План Компьютерные сети` →
/// `компьютерные`, `сети`.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(text, |w| out.push(w.to_string()));
    out
}

/// Calls `each` with every word of `text` as [`words`] gives them, each lowered
/// into one buffer: a vault's links ask for the words of thousands of names.
/// Words of ASCII and Cyrillic letters (`Ѐ`–`џ`) are read and lowered at once,
/// the others by the Unicode tables (`str::to_lowercase` knows a Greek word's
/// final sigma).
fn each_word(text: &str, mut each: impl FnMut(&str)) {
    let in_word = |c: char| match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | '\u{400}'..='\u{45F}' => true,
        _ if c.is_ascii() => false,
        _ => c.is_alphanumeric(),
    };
    let mut lower = String::new();
    for word in text.split(|c: char| !in_word(c)).filter(|w| !w.is_empty()) {
        lower.clear();
        if word
            .chars()
            .all(|c| c.is_ascii() || ('\u{400}'..='\u{45F}').contains(&c))
        {
            lower.extend(word.chars().map(|c| match c {
                'Ѐ'..='Џ' => char::from_u32(u32::from(c) + 0x50).unwrap_or(c),
                'А'..='Я' => char::from_u32(u32::from(c) + 0x20).unwrap_or(c),
                _ => c.to_ascii_lowercase(),
            }));
        } else {
            lower.push_str(&word.to_lowercase());
        }
        if lower != "план" && lower != "plan" {
            each(&lower);
        }
    }
}

/// Each name's words: the stem's, the title's, each alias's.
fn plan_names(plan: &Plan, refs: Option<&Refs>) -> Vec<Vec<String>> {
    let mut names = vec![words(&plan.stem())];
    names.extend(plan.title().map(|t| words(&t.title)));
    names.extend(
        refs.into_iter()
            .flat_map(|r| r.aliases.iter().map(|a| words(a))),
    );
    names.retain(|n| !n.is_empty());
    names
}

/// The plans one of whose names holds all the words of `name`; of several, those
/// with a name of exactly those words, when that leaves one.
fn candidates(names: &Names, name: &str) -> Vec<usize> {
    let mut wanted = Vec::new();
    // A word in no plan's name: no plan fits.
    let mut unknown = false;
    each_word(name, |w| match names.numbers.get(w) {
        Some(&number) => wanted.push(number),
        None => unknown = true,
    });
    if unknown {
        return Vec::new();
    }
    let fits = |name: &[usize]| wanted.iter().all(|w| name.contains(w));
    let exact = |name: &[usize]| fits(name) && name.iter().all(|w| wanted.contains(w));
    // Only plans with the rarest of the words in a name can have them all.
    let Some(few) = wanted
        .iter()
        .map(|&w| names.with_word.get(w).map_or(&[][..], Vec::as_slice))
        .min_by_key(|plans| plans.len())
    else {
        return Vec::new();
    };
    let wanted_bits = wanted.iter().fold(0, |bits, &w| bits | Names::bit(w));
    let (bits, names) = (&names.bits, &names.of_plan);
    let all: Vec<usize> = few
        .iter()
        .copied()
        .filter(|&p| bits[p] & wanted_bits == wanted_bits && names[p].iter().any(|n| fits(n)))
        .collect();
    if all.len() > 1 {
        let exact: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&p| names[p].iter().any(|n| exact(n)))
            .collect();
        if exact.len() == 1 {
            return exact;
        }
    }
    all
}

/// The sections `matches` takes, without those under one already taken (a
/// section's parent comes before it).
fn outermost(plan: &Plan, matches: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut covered = vec![false; plan.sections.len()];
    let mut out = Vec::new();
    for (i, section) in plan.sections.iter().enumerate() {
        if section
            .parent
            .is_some_and(|p| covered.get(p).copied().unwrap_or(false))
        {
            covered[i] = true;
        } else if matches(i) {
            covered[i] = true;
            out.push(i);
        }
    }
    out
}

/// The section each of a plan's links belongs to ([`home`]).
pub fn homes(plan: &Plan, holding: &[bool], refs: &Refs) -> Vec<Option<usize>> {
    refs.links
        .iter()
        .map(|l| home(plan, holding, l.line, l.in_list))
        .collect()
}

/// The section a link belongs to: the one it is written in (a bold label on its
/// own line, or the heading above; a label's list ends before a paragraph that
/// follows it), climbing to the nearest that holds tasks.
/// `line` and `in_list` say where the link is written.
pub fn home(plan: &Plan, holding: &[bool], line: usize, in_list: bool) -> Option<usize> {
    let before = plan.sections.partition_point(|s| s.line <= line);
    let mut at = before.checked_sub(1);
    if let Some(i) = at {
        let s = &plan.sections[i];
        if s.level == Section::LABEL_LEVEL && s.line != line && !in_list {
            at = s.parent;
        }
    }
    while let Some(i) = at {
        if holding.get(i).copied().unwrap_or(false) {
            return Some(i);
        }
        at = plan.sections.get(i).and_then(|s| s.parent);
    }
    None
}

/// What picks a linked plan's next task: the prerequisites of the plans, and the
/// day a 🛫 start date is compared with (as `next` has them).
pub struct Picking<'p> {
    /// The tasks by the IDs a ⛔ may name.
    pub waits: Prerequisites<'p>,
    /// Today, or `None` when no task has a start date.
    pub today: Option<NaiveDate>,
}

/// The linked progress of a resolved link (`None` for any other); its next task
/// as `next` would pick it there.
pub fn join(plans: &[Plan], links: &[Link], index: usize, picking: &Picking) -> Option<Joined> {
    let link = links.get(index)?;
    let p = link.to()?;
    let plan = plans.get(p)?;
    let inside = |t: &crate::plan::Task| {
        link.sections.is_empty() || link.sections.iter().any(|&s| plan.is_under(t, s))
    };
    let counts = Counts::of(plan.tasks.iter().filter(|t| inside(t)));
    let next = crate::view::first_to_study(plans, p, inside, &picking.waits, picking.today)
        .map(|task| TaskRef { plan: p, task });
    Some(Joined {
        link: index,
        plan: p,
        counts,
        next,
    })
}

/// The resolved links of each section, by (plan, section), in document order: one
/// pass over the links, not one per row (a vault has thousands of each).
fn by_section(links: &[Link]) -> HashMap<(usize, usize), Vec<usize>> {
    let mut index: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (i, l) in links.iter().enumerate() {
        if let (Some(section), Some(_)) = (l.section, l.to()) {
            index.entry((l.from, section)).or_default().push(i);
        }
    }
    index
}

/// For each task shown, the resolved links over it, innermost section first: a
/// link on a section covers every task under it; of two links to the same plan,
/// the one nearer the task is kept.
pub fn over_tasks(
    plans: &[Plan],
    links: &[Link],
    shown: &[TaskRef],
    today: Option<NaiveDate>,
) -> Vec<Vec<Joined>> {
    let picking = Picking {
        waits: Prerequisites::new(plans),
        today,
    };
    shown
        .iter()
        .map(|r| {
            let Some(plan) = plans.get(r.plan) else {
                return Vec::new();
            };
            let Some(task) = plan.tasks.get(r.task) else {
                return Vec::new();
            };
            // The task's section, its parents, then the top of the plan (`None`).
            let chain = std::iter::successors(Some(task.section), |at| {
                at.map(|i| plan.sections.get(i).and_then(|s| s.parent))
            });
            let mut out: Vec<Joined> = Vec::new();
            for at in chain {
                for (i, l) in links.iter().enumerate() {
                    if l.from != r.plan || l.section != at {
                        continue;
                    }
                    let Some(joined) = join(plans, links, i, &picking) else {
                        continue;
                    };
                    let nearer = out.iter().any(|j| {
                        j.plan == joined.plan && links[j.link].section != links[i].section
                    });
                    if !nearer {
                        out.push(joined);
                    }
                }
            }
            out
        })
        .collect()
}

/// One link as `links` lists it (its JSON form).
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    /// Where it is written.
    pub from: Source,
    /// What it names.
    pub to: Target,
    /// `resolved`, `plan missing`, `section missing` or `ambiguous`.
    pub state: State,
}

/// Where a link is written.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// The plan's path as given or found.
    pub plan: String,
    /// The 1-based line of the 📖.
    pub line: usize,
    /// The path of the section it belongs to, outermost first (`[]` at the top).
    pub section: Vec<String>,
}

/// What a link names.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// The linked plan's path, when one plan has the name.
    pub plan: Option<String>,
    /// The titles of the linked sections; `[]` for the whole plan or none found.
    pub sections: Vec<String>,
    /// The plan's name as written (`План Linux`).
    pub name: String,
    /// The section part as written (`Этапы 1-3: Основы`), or `null`.
    pub target: Option<String>,
    /// The paths of the plans that have the name, when several do.
    pub candidates: Vec<String>,
}

/// Every link, as `links` lists it.
pub fn listing(plans: &[Plan], links: &[Link]) -> Vec<Listed> {
    let path = |p: usize| crate::escape::path(&plans[p].path);
    links
        .iter()
        .map(|l| {
            let titles = |p: usize| -> Vec<String> {
                l.sections
                    .iter()
                    .filter_map(|&s| plans[p].sections.get(s))
                    .map(|s| s.title.clone())
                    .collect()
            };
            let one = (l.plans.len() == 1).then(|| l.plans[0]);
            Listed {
                from: Source {
                    plan: path(l.from),
                    line: l.line,
                    section: plans[l.from]
                        .section_titles(l.section)
                        .into_iter()
                        .map(String::from)
                        .collect(),
                },
                to: Target {
                    plan: one.map(path),
                    sections: one.map(titles).unwrap_or_default(),
                    name: l.name.clone(),
                    target: l.target.clone(),
                    candidates: match l.state {
                        State::Ambiguous => l.plans.iter().map(|&p| path(p)).collect(),
                        _ => Vec::new(),
                    },
                },
                state: l.state,
            }
        })
        .collect()
}

/// How many links are in each state, in the order of [`State`]'s variants.
pub fn tally(listed: &[Listed]) -> Vec<(State, usize)> {
    [
        State::Resolved,
        State::PlanMissing,
        State::SectionMissing,
        State::Ambiguous,
    ]
    .into_iter()
    .map(|state| (state, listed.iter().filter(|l| l.state == state).count()))
    .filter(|&(_, n)| n > 0)
    .collect()
}

/// Puts each resolved link on the report's row of the section it belongs to, with
/// the linked progress; `plans` are the report's, in its order. The JSON `next` is
/// left for the command to write.
pub fn attach(report: &mut Report, plans: &[Plan], links: &[Link]) {
    let shown: Vec<Vec<usize>> = report
        .plans
        .iter()
        .map(|p| p.sections.iter().map(|s| s.index).collect())
        .collect();
    let by_section = by_section(links);
    let picking = Picking {
        waits: Prerequisites::new(plans),
        today: Some(report.today),
    };
    for (p, plan_report) in report.plans.iter_mut().enumerate() {
        for row in &mut plan_report.sections {
            let here = by_section
                .get(&(p, row.index))
                .map_or(&[][..], Vec::as_slice);
            for &i in here {
                let Some(joined) = join(plans, links, i, &picking) else {
                    continue;
                };
                let link = &links[i];
                let target = &plans[joined.plan];
                let first = link.sections.first().copied();
                let row_there = first.and_then(|f| {
                    let on_page = shown.get(joined.plan)?;
                    // The deepest row shown that holds the first linked section.
                    std::iter::successors(Some(f), |&s| target.sections.get(s)?.parent)
                        .find(|s| on_page.contains(s))
                });
                row.links.push(LinkReport {
                    plan: crate::escape::path(&target.path),
                    sections: link
                        .sections
                        .iter()
                        .filter_map(|&s| target.sections.get(s))
                        .map(|s| s.title.clone())
                        .collect(),
                    done: joined.counts.done,
                    total: joined.counts.total,
                    percent: joined.counts.percent(),
                    line: link.line,
                    next: None,
                    next_task: joined.next,
                    counts: joined.counts,
                    written: link.written(),
                    name: target.name.short.clone(),
                    anchor: (joined.plan, row_there),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plans(texts: &[(&str, &str)]) -> (Vec<Plan>, Vec<Refs>) {
        texts
            .iter()
            .map(|(path, text)| {
                (
                    Plan::parse((*path).into(), (*text).into()),
                    Refs::find(text),
                )
            })
            .unzip()
    }

    const LINUX: &str =
        "# План Linux\n## Этап 1\n- [x] a\n- [ ] b\n## Этап 2\n- [ ] c\n## Этап 3\n- [ ] d\n";

    #[test]
    fn names_and_sections_resolve() {
        let master = "# M\n## Stage\n#### Источники:\n📖 **План Linux** → **Этапы 2-3: x**\n\
                      #### Программа:\n**Недели 1-2: y** (📖 **Linux план → Этап 9**)\n- [ ] t\n\n\
                      📖 Сети план → Модуль 1\n📖 **План Linux** → **Все этапы**\n";
        let (p, r) = plans(&[("m.md", master), ("linux.md", LINUX)]);
        let links = resolve(&p, &r);
        let got: Vec<_> = links
            .iter()
            .map(|l| (l.line, l.section, l.state, l.sections.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (4, Some(1), State::Resolved, vec![2, 3]),
                (6, Some(4), State::SectionMissing, vec![]),
                // After the label's list: the heading above it.
                (9, Some(3), State::PlanMissing, vec![]),
                (10, Some(3), State::Resolved, vec![]),
            ]
        );
        let picking = Picking {
            waits: Prerequisites::new(&p),
            today: None,
        };
        let joined = join(&p, &links, 0, &picking).unwrap();
        assert_eq!((joined.counts.done, joined.counts.total), (0, 2));
        assert_eq!(joined.next, Some(TaskRef { plan: 1, task: 2 }));
    }

    #[test]
    fn two_fitting_plans_are_ambiguous_unless_one_fits_exactly() {
        let master = "# M\n- [ ] t\n📖 Linux\n📖 Linux Debian\n";
        let (p, r) = plans(&[
            ("m.md", master),
            ("linux.md", LINUX),
            ("a/linux-debian.md", "# x\n"),
            ("b/debian-linux.md", "# y\n"),
        ]);
        let links = resolve(&p, &r);
        assert_eq!(links[0].plans, [1]);
        assert_eq!(links[0].state, State::Resolved);
        assert_eq!(links[1].state, State::Ambiguous);
        assert_eq!(links[1].plans, [2, 3]);
    }

    #[test]
    fn huge_numbers_and_self_links_are_plain_cases() {
        let master = "# План M\n## Этап 1\n- [ ] t\n📖 План M → Этапы 1-99999999999\n";
        let (p, r) = plans(&[("m.md", master)]);
        let links = resolve(&p, &r);
        assert_eq!(links[0].state, State::Resolved);
        assert_eq!(links[0].sections, [1]);
        let over = over_tasks(&p, &links, &[TaskRef { plan: 0, task: 0 }], None);
        assert_eq!(over[0].len(), 1);
    }

    proptest::proptest! {
        /// Names have more words than a plan's bits tell apart (words that share
        /// a bit): the plans a name fits are those whose names hold its words.
        #[test]
        fn a_name_fits_the_plans_whose_names_hold_its_words(
            titles in proptest::collection::vec(proptest::collection::vec(0..150u8, 1..5), 1..24),
            wanted in proptest::collection::vec(0..150u8, 0..4),
        ) {
            let word = |n: &u8| format!("w{n}");
            let texts: Vec<(String, String)> = titles
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let title: Vec<String> = t.iter().map(word).collect();
                    (format!("p{i}.md"), format!("# {}\n", title.join(" ")))
                })
                .collect();
            let borrowed: Vec<(&str, &str)> =
                texts.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
            let (p, r) = plans(&borrowed);
            let name: Vec<String> = wanted.iter().map(word).collect();
            // Each plan's names: its stem (`p3`) and its title.
            let holds = |i: usize, exact: bool| {
                let title: Vec<String> = titles[i].iter().map(word).collect();
                [vec![format!("p{i}")], title].iter().any(|n| {
                    name.iter().all(|w| n.contains(w)) && (!exact || n.iter().all(|w| name.contains(w)))
                })
            };
            let mut want: Vec<usize> = (0..titles.len()).filter(|&i| holds(i, false)).collect();
            let exact: Vec<usize> = want.iter().copied().filter(|&i| holds(i, true)).collect();
            if name.is_empty() {
                want.clear();
            } else if want.len() > 1 && exact.len() == 1 {
                want = exact;
            }
            proptest::prop_assert_eq!(candidates(&Names::of(&p, &r), &name.join(" ")), want);
        }
    }

    /// Words as the Unicode tables read them: split at whatever is no letter or
    /// digit, lowered.
    fn by_unicode(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .filter(|w| w != "план" && w != "plan")
            .collect()
    }

    #[test]
    fn every_ascii_and_cyrillic_character_is_read_as_the_unicode_tables_read_it() {
        for c in (0u32..0x80).chain(0x400..0x530).filter_map(char::from_u32) {
            let text = format!("x{c}Y {c} {c}Ж");
            assert_eq!(words(&text), by_unicode(&text), "U+{:04X}", u32::from(c));
        }
        // A Greek word's last sigma is lowered by its place in the word.
        assert_eq!(words("ΟΔΟΣ Plan ПЛАН Ёж"), ["οδος", "ёж"]);
    }

    proptest::proptest! {
        #[test]
        fn words_are_what_the_unicode_tables_make_of_them(
            text in "[a-zA-Z0-9 .:,_\\-→*ЀЁЂЏАБЯабяёђџҐґӀΣσςΑ½²éÉİ🚀\u{FE0F}\u{301}]{0,24}"
        ) {
            proptest::prop_assert_eq!(words(&text), by_unicode(&text));
        }
    }
}
