//! Everything read from the outside world, resolved once before a command runs: the
//! working directory after `-C`, the config file, the plan paths and today's date;
//! the plans, and for the commands that use done dates, what their git history
//! says of hand-ticked tasks. Code below receives these values and reads no
//! environment or clock itself.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cli::{Cli, ColorChoice, Command};
use crate::config::{self, Config};
use crate::discover::{self, PlanPath};
use crate::error::Error;
use crate::files;
use crate::milestone::{self, Milestone};
use crate::plan::{Plan, Refs};
use crate::render::style::{Look, Palette};
use crate::schedule::Schedule;

/// The resolved environment of one run.
#[derive(Debug)]
pub struct Context {
    /// The working directory (after `-C`).
    pub cwd: PathBuf,
    /// The config file in force, if any.
    pub config: Option<config::Found>,
    /// Where the config file in force is or would be: `--config`, else the nearest
    /// `roadmap.toml` upwards (found even when it is not read, for `init`).
    pub config_file: Option<PathBuf>,
    /// `--plan` values.
    pub requested: Vec<String>,
    /// The home folder, for `~/` in plan globs.
    pub home: Option<PathBuf>,
    /// `--today` or `ROADMAP_TODAY`, checked.
    pub today_given: Option<NaiveDate>,
    /// Whether done tasks without a done date are dated from git history when plans
    /// are read: in the commands that use done dates (`list`, `report`, `week`),
    /// unless `roadmap.toml` says `history = false` (see [`crate::history`]).
    pub history: bool,
    /// The clock's date, read once and only when needed (it means reading the
    /// time zone database).
    clock: std::cell::OnceCell<NaiveDate>,
    /// Colours and width for text output.
    pub look: Look,
    /// Whether standard input and output are a terminal a person can answer at.
    pub interactive: bool,
    /// The plans read to look at, once: owned here so that the binary can leave
    /// them unfreed at exit (see `main`'s `skip_drop_at_exit`).
    plans: std::cell::OnceCell<Vec<Plan>>,
    /// What each plan says about other plans, read with them when a command asks.
    refs: std::cell::OnceCell<Vec<Refs>>,
    /// What commands made and handed over to go with the context, for the same
    /// reason (see [`Context::keep_until_exit`]).
    kept: Kept,
}

/// Values handed to [`Context::keep_until_exit`].
#[derive(Default)]
struct Kept(std::cell::RefCell<Vec<Box<dyn std::any::Any>>>);

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Kept({} values)", self.0.borrow().len())
    }
}

impl Context {
    /// Resolves the context from the parsed command line and the process state.
    /// `init` and `completions` do not read `roadmap.toml`: `init` makes one, and a
    /// broken one already there must not stop it.
    pub fn from_cli(cli: &Cli) -> Result<Context, Error> {
        let read_config = !matches!(cli.command, Command::Init(_) | Command::Completions(_));
        let start = std::env::current_dir().map_err(|source| Error::Io {
            path: PathBuf::from("."),
            action: "cannot read the working directory",
            source,
        })?;
        let cwd = match &cli.dir {
            Some(dir) => {
                let dir = start.join(dir);
                if !dir.is_dir() {
                    return Err(Error::Usage {
                        message: format!("-C {}: not a directory", crate::escape::path(&dir)),
                    });
                }
                dir
            }
            None => start,
        };
        let config_file = match &cli.config {
            Some(path) => Some(cwd.join(path)),
            None => config::find_upwards(&cwd),
        };
        let config = config_file
            .as_deref()
            .filter(|_| read_config)
            .map(|path| config::load(path, &discover::relative(path, &cwd)))
            .transpose()?
            .map(|found| found.rebased(&cwd));
        let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        let today_given = match (&cli.today, env("ROADMAP_TODAY")) {
            (Some(text), _) => Some(parse_date(text).ok_or_else(|| Error::Usage {
                message: format!("--today {text}: not a date (expected YYYY-MM-DD)"),
            })?),
            (None, Some(value)) => {
                let text = value.to_string_lossy();
                Some(parse_date(&text).ok_or_else(|| Error::Usage {
                    message: format!("ROADMAP_TODAY={text}: not a date (expected YYYY-MM-DD)"),
                })?)
            }
            (None, None) => None,
        };
        // No other command asks git: `check --stamp` must see a hand-ticked task
        // as undated, to date it; `next` has no use for done dates.
        let history = matches!(
            cli.command,
            Command::List(_) | Command::Report(_) | Command::Week(_)
        ) && config.as_ref().and_then(|c| c.config.history) != Some(false);
        let stdout_is_terminal = std::io::stdout().is_terminal();
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if env("NO_COLOR").is_some() => false,
            ColorChoice::Auto if env("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
            // A terminal that says it cannot show colours.
            ColorChoice::Auto if env("TERM").is_some_and(|t| t == "dumb") => false,
            ColorChoice::Auto => stdout_is_terminal,
        };
        let columns = env("COLUMNS")
            .and_then(|v| v.to_str().and_then(|v| v.trim().parse::<usize>().ok()))
            .filter(|&w| w > 0);
        let width = columns.or_else(|| {
            stdout_is_terminal
                .then(terminal_size::terminal_size)
                .flatten()
                .map(|(w, _)| usize::from(w.0))
        });
        Ok(Context {
            cwd,
            config,
            config_file,
            requested: cli.plans.clone(),
            home: std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(PathBuf::from),
            today_given,
            history,
            clock: std::cell::OnceCell::new(),
            look: Look {
                palette: Palette::new(color),
                width,
                terminal: stdout_is_terminal,
            },
            interactive: stdout_is_terminal && std::io::stdin().is_terminal(),
            plans: std::cell::OnceCell::new(),
            refs: std::cell::OnceCell::new(),
            kept: Kept::default(),
        })
    }

    /// Today: `--today`, `ROADMAP_TODAY`, or the local date.
    pub fn today(&self) -> NaiveDate {
        self.today_given
            .unwrap_or_else(|| *self.clock.get_or_init(|| chrono::Local::now().date_naive()))
    }

    /// What the config says, or the defaults.
    pub fn settings(&self) -> Config {
        self.config
            .as_ref()
            .map(|c| c.config.clone())
            .unwrap_or_default()
    }

    /// The plan files this run works on. A `[[plan]]` table that names none of the
    /// configured plans is a config error naming its line (with `--plan`, plans
    /// left out are no error).
    pub fn plan_paths(&self) -> Result<Vec<PlanPath>, Error> {
        let paths = discover::plans(
            &self.cwd,
            self.config.as_ref(),
            &self.requested,
            self.home.as_deref(),
        )?;
        if let Some(found) = self.config.as_ref().filter(|_| self.requested.is_empty()) {
            for own in &found.config.plan_settings {
                let named = |p: &PlanPath| {
                    let is = |s: Option<&std::ffi::OsStr>| {
                        s.is_some_and(|s| crate::escape::name(s) == own.name)
                    };
                    is(p.shown.file_stem())
                        || is(p.shown.file_name())
                        || crate::escape::path(&p.shown) == own.name
                };
                if !paths.iter().any(named) {
                    return Err(Error::Config {
                        path: found.path.clone(),
                        line: Some(own.line),
                        message: format!("plan `{}` is not among the plans", own.name),
                    });
                }
            }
        }
        Ok(paths)
    }

    /// Takes `value` (a command's parsed plans) to be let go of with the context:
    /// where the binary leaves the context unfreed at exit, so is this.
    pub fn keep_until_exit(&self, value: impl std::any::Any) {
        self.kept.0.borrow_mut().push(Box::new(value));
    }

    /// Every plan, read and parsed once, to show them (they cannot be written: see
    /// [`Plan::parse_to_look`]).
    pub fn plans(&self) -> Result<&[Plan], Error> {
        if let Some(plans) = self.plans.get() {
            return Ok(plans);
        }
        let paths = self.plan_paths()?;
        let mut plans = crate::parallel::map(&paths, PLANS_IN_PARALLEL, |p| {
            look_at(p, |text| Plan::parse_named(p.shown.clone(), &p.name, text))
        })
        .into_iter()
        .collect::<Result<Vec<Plan>, Error>>()?;
        self.date_from_history(&mut plans, &paths);
        Ok(self.plans.get_or_init(|| plans))
    }

    /// Every plan, as [`Context::plans`], with what its text says about other plans
    /// (aliases, links), read in the same pass over each file. A plan without `📖`
    /// costs one more search of its text.
    pub fn plans_and_refs(&self) -> Result<(&[Plan], &[Refs]), Error> {
        if let (Some(plans), Some(refs)) = (self.plans.get(), self.refs.get()) {
            return Ok((plans, refs));
        }
        let paths = self.plan_paths()?;
        let read = crate::parallel::map(&paths, PLANS_IN_PARALLEL, |p| {
            look_at(p, |text| {
                let plan = Plan::parse_named(p.shown.clone(), &p.name, text);
                let refs = Refs::of(text, &plan.link_marks);
                (plan, refs)
            })
        })
        .into_iter()
        .collect::<Result<Vec<(Plan, Refs)>, Error>>()?;
        let (mut plans, refs): (Vec<Plan>, Vec<Refs>) = read.into_iter().unzip();
        self.date_from_history(&mut plans, &paths);
        let plans = self.plans.get_or_init(|| plans);
        let refs = self.refs.get_or_init(|| refs);
        Ok((plans, refs))
    }

    /// With [`Context::history`], dates the hand-ticked tasks of the plans in a git
    /// work tree from their history. Plans that have none, or are not in a work
    /// tree, cost no process; those that ask, ask side by side.
    fn date_from_history(&self, plans: &mut [Plan], paths: &[PlanPath]) {
        if !self.history {
            return;
        }
        let work_trees = crate::history::WorkTrees::default();
        let asking: Vec<usize> = (0..plans.len().min(paths.len()))
            .filter(|&i| crate::history::wants(&plans[i]))
            .filter(|&i| work_trees.may_have_history(&paths[i].real))
            .collect();
        if asking.is_empty() {
            return;
        }
        let today = self.today();
        let shared: &[Plan] = plans;
        let found = crate::parallel::map(&asking, 2, |&i| {
            crate::history::infer(&shared[i], &paths[i].real, today)
        });
        for (&i, found) in asking.iter().zip(found) {
            crate::history::apply(&mut plans[i], &found);
        }
    }

    /// Each plan placed on the calendar, when it has a start: its `[[plan]]`'s, or
    /// `[schedule]`'s.
    pub fn schedules(&self, plans: &[Plan]) -> Vec<Option<Schedule>> {
        let settings = self.settings();
        plans.iter().map(|p| schedule_of(&settings, p)).collect()
    }

    /// The milestones: `[[milestone]]` tables in file order, then the stages of each
    /// plan that none of them names. A milestone that names no section is a
    /// config error naming its line.
    pub fn milestones(
        &self,
        plans: &[Plan],
        schedules: &[Option<Schedule>],
    ) -> Result<Vec<Milestone>, Error> {
        let mut settings = self.settings();
        // With --plan, milestones of plans not asked for are left out, not errors.
        if !self.requested.is_empty() {
            settings.milestones.retain(|m| {
                m.plan
                    .as_ref()
                    .is_none_or(|name| plans.iter().any(|p| milestone::is_named(p, name)))
            });
        }
        let mut list = milestone::configured(&settings.milestones, plans, schedules).map_err(
            |(m, problem)| Error::Config {
                path: self
                    .config
                    .as_ref()
                    .map(|c| c.path.clone())
                    .unwrap_or_default(),
                line: settings.milestones.get(m).map(|spec| spec.line),
                message: format!(
                    "milestone `{}`: {problem}",
                    settings
                        .milestones
                        .get(m)
                        .map_or("", |spec| spec.name.as_str())
                ),
            },
        )?;
        // A plan with no milestone of its own has its stages as milestones.
        let covered: Vec<bool> = (0..plans.len())
            .map(|p| list.iter().any(|m| m.plan == p))
            .collect();
        list.extend(
            milestone::stages(plans, schedules)
                .into_iter()
                .filter(|m| !covered[m.plan]),
        );
        Ok(list)
    }

    /// The plans the config (or `./plans/*.md`) names, whatever `--plan` says.
    pub fn configured_plan_paths(&self) -> Result<Vec<PlanPath>, Error> {
        discover::plans(&self.cwd, self.config.as_ref(), &[], self.home.as_deref())
    }

    /// An absolute path for a path as shown.
    pub fn absolute(&self, path: &Path) -> PathBuf {
        self.cwd.join(path)
    }
}

/// A plan's schedule under `settings`: its own `[[plan]]` start and pace where it
/// has them, else `[schedule]`'s.
pub fn schedule_of(settings: &Config, plan: &Plan) -> Option<Schedule> {
    let own = settings
        .plan_settings
        .iter()
        .find(|s| milestone::is_named(plan, &s.name));
    let common = settings.schedule.as_ref();
    let pace = own
        .and_then(|o| o.pace)
        .or(common.map(|s| s.pace))
        .unwrap_or_default();
    match own.and_then(|o| o.start).or(common.and_then(|s| s.start)) {
        Some(start) => Some(Schedule::build(plan, start, pace)),
        None => Schedule::from_own_dates(plan, pace),
    }
}

/// How many plans make reading them on every core worth starting threads: with
/// fewer plans of usual size (the bundled two), threads cost more than they save.
/// A single long plan is split and parsed on every core by [`Plan::parse`] itself.
pub const PLANS_IN_PARALLEL: usize = 4;

thread_local! {
    /// Each thread's buffer for the plans it reads to look at, kept from one to the
    /// next.
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Reads a plan into the calling thread's buffer and hands its text to `f`: for
/// commands that only show plans (see [`files::read_to_look`]).
pub fn look_at<R>(path: &PlanPath, f: impl FnOnce(&str) -> R) -> Result<R, Error> {
    BUFFER.with_borrow_mut(|buffer| {
        let text = files::read_to_look(&path.real, &path.shown, buffer)?;
        Ok(f(text))
    })
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}
