//! `roadmap.toml`: its types, how it is found, and errors that name the line.
//!
//! The file is optional. It is looked up walking up from the working directory, or
//! given with `--config`. Unknown keys are errors, so a typo never silently does
//! nothing.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;
use crate::markdown::LineIndex;

/// The file name looked for in the working directory and its parents.
pub const FILE_NAME: &str = "roadmap.toml";

/// The contents of `roadmap.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Globs naming the plans, relative to the file's directory.
    pub plans: Option<Vec<String>>,
    /// Whether `check` writes a ` ✅ YYYY-MM-DD` done date.
    pub stamp: Option<bool>,
}

/// A config file found on disk, with the directory its globs are relative to.
#[derive(Debug, Clone)]
pub struct Found {
    /// The file's path.
    pub path: PathBuf,
    /// The directory holding it.
    pub dir: PathBuf,
    /// What it says.
    pub config: Config,
}

/// Finds the nearest `roadmap.toml` from `start` upwards.
pub fn find_upwards(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Reads and checks a config file.
pub fn load(path: &Path) -> Result<Found, Error> {
    let bytes = std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => Error::Config {
            path: path.to_path_buf(),
            line: None,
            message: "no such file".into(),
        },
        _ => Error::Io {
            path: path.to_path_buf(),
            action: "cannot read",
            source,
        },
    })?;
    let text = crate::files::decode(path, bytes)?;
    let config = parse(&text).map_err(|(line, message)| Error::Config {
        path: path.to_path_buf(),
        line,
        message,
    })?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok(Found {
        path: path.to_path_buf(),
        dir,
        config,
    })
}

/// Parses config text; an error carries the 1-based line when TOML knows it.
///
/// ```
/// let err = roadmap::config::parse("plans = [\"a.md\"]\nstmp = true\n").unwrap_err();
/// assert_eq!(err.0, Some(2));
/// assert!(err.1.contains("unknown field `stmp`"));
/// ```
pub fn parse(text: &str) -> Result<Config, (Option<usize>, String)> {
    toml::from_str(text).map_err(|e: toml::de::Error| {
        let line = e.span().map(|span| LineIndex::new(text).line(span.start));
        let message = e.message().trim().replace('\n', "; ");
        (line, message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_config_parses() {
        let c = parse("plans = [\"plans/*.md\"]\nstamp = true\n").unwrap();
        assert_eq!(c.plans, Some(vec!["plans/*.md".to_string()]));
        assert_eq!(c.stamp, Some(true));
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn bad_values_name_their_line() {
        let (line, message) = parse("\n\nstamp = \"yes\"\n").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(message.contains("bool"), "{message}");
        let (line, _) = parse("plans = [\n").unwrap_err();
        assert!(line.is_some());
    }
}
