//! Agreement with GitHub's parser under the project's task rule: for every file in
//! the corpus of real checklists and in the tricky fixtures, the (line, status) set
//! that `list --format json` gives equals `expected.tsv` (made by
//! `shared/tools/oracle.py --spec`). Every mismatch is reported at once.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::support::{data, json, roadmap};

type Answer = BTreeSet<(u64, String)>;

/// `file → {(line, status)}` from an `expected.tsv`.
fn expected(folder: &Path) -> BTreeMap<String, Answer> {
    let text = fs::read_to_string(folder.join("expected.tsv")).unwrap();
    let mut out: BTreeMap<String, Answer> = BTreeMap::new();
    for row in text.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        out.entry(cols[0].to_string())
            .or_default()
            .insert((cols[1].parse().unwrap(), cols[2].to_string()));
    }
    out
}

/// The Markdown data files of a folder (not its README and notes).
fn data_files(folder: &Path) -> Vec<String> {
    let notes = ["README.md", "SOURCES.md", "NAIVE-DIFFS.md"];
    let mut files: Vec<String> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && !notes.contains(&n.as_str()))
        .collect();
    files.sort();
    files
}

/// What `roadmap list --format json` reports for one file.
fn reported(path: &Path) -> Answer {
    let output = roadmap()
        .arg("--plan")
        .arg(path)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}: {:?}", path.display(), output);
    json(&output)
        .iter()
        .map(|t| {
            (
                t["line"].as_u64().unwrap(),
                t["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn check_folder(name: &str, min_files: usize) {
    let folder = data().join(name);
    let expected = expected(&folder);
    let files = data_files(&folder);
    assert!(
        files.len() >= min_files,
        "{name}: only {} files",
        files.len()
    );
    let mut problems = Vec::new();
    let mut tasks = 0;
    for file in &files {
        let want = expected.get(file).cloned().unwrap_or_default();
        let got = reported(&folder.join(file));
        tasks += want.len();
        for (line, status) in want.difference(&got) {
            problems.push(format!("{name}/{file}:{line}: missed a {status} task"));
        }
        for (line, status) in got.difference(&want) {
            problems.push(format!(
                "{name}/{file}:{line}: reported a {status} task that is none"
            ));
        }
    }
    for file in expected.keys() {
        if !files.contains(file) {
            problems.push(format!("{name}/{file}: listed in expected.tsv but missing"));
        }
    }
    eprintln!("{name}: {} files, {tasks} tasks compared", files.len());
    assert!(
        problems.is_empty(),
        "{} mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn corpus_tasks_agree_with_github() {
    check_folder("corpus", 23);
}

#[test]
fn fixture_tasks_agree_with_github() {
    check_folder("fixtures", 45);
}

/// Every corpus and fixture file, cut into chunks as small as allowed, parses to the
/// same sections and tasks as in one piece (long plans are parsed in chunks on every
/// core; these files are real ones, with link definitions, code and HTML).
#[test]
fn parsing_in_chunks_finds_the_same_on_every_data_file() {
    let mut files = 0;
    for name in ["corpus", "fixtures"] {
        let folder = data().join(name);
        for file in data_files(&folder) {
            let text = fs::read_to_string(folder.join(&file)).unwrap();
            let whole = roadmap::plan::Plan::parse(file.clone().into(), text.clone());
            for chunk_min in [1, 64, 4096] {
                let cut = roadmap::plan::Plan::parse_in_chunks(
                    file.clone().into(),
                    text.clone(),
                    chunk_min,
                );
                assert_eq!(
                    cut.sections, whole.sections,
                    "{name}/{file}, chunks of {chunk_min}"
                );
                assert_eq!(
                    cut.tasks, whole.tasks,
                    "{name}/{file}, chunks of {chunk_min}"
                );
            }
            files += 1;
        }
    }
    assert!(files >= 68, "only {files} files");
}
