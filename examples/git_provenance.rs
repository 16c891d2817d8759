//! Times git provenance on a generated repository: FILES record files
//! (default 10,000) written over COMMITS commits (default 5,000) spread over
//! three years, with edits, renames and merged side branches, generated
//! with `git fast-import` from a stream with explicit dates, then repacked
//! as `git gc` packs objects committed one at a time (fast-import's own
//! pack deltifies each tree against its older version, the opposite of
//! git's, which makes a newest-first walk unpack long delta chains).
//! `cargo run --release --example git_provenance -- [DIR [FILES COMMITS
//! [by-year]]]` keeps the repository in DIR when given (an existing one is
//! reused); `by-year` puts each kind's records into one folder a year
//! instead of one folder for all.
//! Prints the time of each `Provenance::read`, git's own time for the same
//! walk (`git log --raw -M`), and checks a sample of files against
//! `git log --follow`.
//!
//! The module is compiled in from its source: `git` is private to the
//! library (only `run` is public), and depends on no other module.

// The benchmark uses only part of the module's API.
#[allow(dead_code)]
#[path = "../src/git/mod.rs"]
mod git;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// 2023-01-02 00:00 UTC; commits follow every 5 hours 15 minutes.
const START: i64 = 1_672_617_600;
const STEP: i64 = 5 * 3600 + 15 * 60;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let files: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let commits: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(5_000);
    let by_year = args.get(4).is_some_and(|a| a == "by-year");
    let temporary = tempfile::tempdir().expect("temp dir");
    let root = args
        .get(1)
        .map_or_else(|| temporary.path().join("repo"), PathBuf::from);
    if !root.join(".git").exists() {
        let started = Instant::now();
        generate(&root, files, commits, by_year);
        println!(
            "generated {files} files in {commits} commits in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }

    let records = record_paths(&root);
    for run in 1..=3 {
        let started = Instant::now();
        let provenance = git::Provenance::read(&root, &records).expect("provenance");
        let seconds = started.elapsed().as_secs_f64();
        let (committed, revisions) = totals(&provenance, &records);
        println!(
            "run {run}: Provenance::read of {} files: {seconds:.3} s ({committed} committed, {revisions} revisions, shallow: {}, dirty: {})",
            records.len(),
            provenance.shallow,
            provenance.head.as_ref().is_some_and(|h| h.dirty),
        );
    }

    let started = Instant::now();
    git(
        &root,
        &["log", "--raw", "-M", "--no-abbrev", "--format=%H"],
        None,
    );
    println!(
        "git log --raw -M (git's own walk with diffs): {:.3} s",
        started.elapsed().as_secs_f64()
    );

    let provenance = git::Provenance::read(&root, &records).expect("provenance");
    let sample: Vec<&PathBuf> = records
        .iter()
        .step_by((records.len() / 50).max(1))
        .collect();
    let disagreements = sample
        .iter()
        .filter(|file| {
            let theirs = git(
                &root,
                &[
                    "log",
                    "--follow",
                    "--format=%H",
                    "--",
                    &file.display().to_string(),
                ],
                None,
            );
            let theirs: Vec<&str> = theirs.lines().rev().collect();
            let ours: Vec<&str> = match &provenance.file(file).expect("requested").history {
                git::History::Committed(history) => {
                    history.commits().iter().map(|c| c.id.as_str()).collect()
                }
                git::History::NotCommitted => Vec::new(),
            };
            if ours != theirs {
                println!(
                    "  {}: ours {} commits, git log --follow {}",
                    file.display(),
                    ours.len(),
                    theirs.len()
                );
            }
            ours != theirs
        })
        .count();
    println!(
        "{} of {} sampled files agree with git log --follow",
        sample.len() - disagreements,
        sample.len()
    );
}

fn totals(provenance: &git::Provenance, records: &[PathBuf]) -> (usize, usize) {
    let mut committed = 0;
    let mut revisions = 0;
    for file in records {
        if let git::History::Committed(history) = &provenance.file(file).expect("requested").history
        {
            committed += 1;
            revisions += history.revisions();
        }
    }
    (committed, revisions)
}

/// The record files under `records/`, relative to the root, sorted.
fn record_paths(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root.join("records")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("records folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                found.push(path.strip_prefix(root).expect("under root").to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// A small deterministic generator (xorshift64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Writes the repository: each commit on `main` adds its share of the
/// files and edits a few older ones; every 100th renames one; every 25th
/// is a merge of a one-commit side branch that edited a file.
fn generate(root: &Path, files: usize, commits: usize, by_year: bool) {
    std::fs::create_dir_all(root).expect("repository folder");
    git(root, &["init", "--quiet", "--initial-branch=main"], None);
    let mut stream = String::new();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut paths: Vec<String> = Vec::new();
    let mut versions: Vec<usize> = Vec::new();
    let mut mark = 0;
    let mut made = 0;
    let mut main_mark = None;
    // Side commits and merges add nothing; the other commits share the adds.
    let adding = commits.saturating_sub(2 * (commits / 25)).max(1);
    let adds_per_commit = files.div_ceil(adding);
    while made < commits {
        let time = START + made as i64 * STEP;
        let side_mark = if made % 25 == 24 && !paths.is_empty() && made + 1 < commits {
            // A side branch off main's tip that edits one file.
            let file = rng.below(paths.len());
            versions[file] += 1;
            mark += 1;
            commit_header(
                &mut stream,
                "refs/heads/side",
                mark,
                time,
                "Side edit",
                main_mark,
            );
            modify(&mut stream, &paths[file], versions[file]);
            made += 1;
            Some((mark, file))
        } else {
            None
        };
        let time = START + made as i64 * STEP;
        mark += 1;
        let subject = if side_mark.is_some() {
            "Merge side"
        } else {
            "Update records"
        };
        commit_header(
            &mut stream,
            "refs/heads/main",
            mark,
            time,
            subject,
            main_mark,
        );
        if let Some((side, file)) = side_mark {
            let _ = writeln!(stream, "merge :{side}");
            // The merge takes the side branch's version of the file.
            modify(&mut stream, &paths[file], versions[file]);
        } else {
            for _ in 0..adds_per_commit {
                if paths.len() < files {
                    let n = paths.len();
                    let year = if by_year {
                        format!("{}/", 2023 + n * 3 / files)
                    } else {
                        String::new()
                    };
                    let path = match n % 10 {
                        0..=5 => format!("records/incidents/{year}INC-{n:06}.md"),
                        6..=8 => format!("records/reviews/{year}PIR-{n:06}.md"),
                        _ => format!("records/risks/{year}RISK-{n:06}.md"),
                    };
                    paths.push(path);
                    versions.push(0);
                    modify(&mut stream, &paths[n], 0);
                }
            }
            for _ in 0..rng.below(3) + 1 {
                let file = rng.below(paths.len());
                versions[file] += 1;
                modify(&mut stream, &paths[file], versions[file]);
            }
            if made % 100 == 99 {
                let file = rng.below(paths.len());
                let renamed = paths[file].replace(".md", "-renamed.md");
                if !paths.contains(&renamed) {
                    let _ = writeln!(stream, "R {} {renamed}", paths[file]);
                    paths[file] = renamed;
                }
            }
        }
        main_mark = Some(mark);
        made += 1;
    }
    stream.push_str("done\n");
    git(
        root,
        &["fast-import", "--quiet", "--done"],
        Some(stream.as_bytes()),
    );
    git(root, &["repack", "-a", "-d", "-f", "--quiet"], None);
    git(root, &["reset", "--quiet", "--hard"], None);
}

fn commit_header(
    stream: &mut String,
    reference: &str,
    mark: usize,
    time: i64,
    subject: &str,
    parent: Option<usize>,
) {
    let _ = writeln!(stream, "commit {reference}\nmark :{mark}");
    let who = "Bench Author <bench@example.invalid>";
    let _ = writeln!(
        stream,
        "author {who} {time} +0000\ncommitter {who} {time} +0000"
    );
    let _ = writeln!(stream, "data {}\n{subject}", subject.len());
    if let Some(parent) = parent {
        let _ = writeln!(stream, "from :{parent}");
    }
}

/// Writes version `version` of a record at `path`.
fn modify(stream: &mut String, path: &str, version: usize) {
    let mut text = format!(
        "---\nkind: incident\nid: {path}\ntitle: Synthetic record at {path}\nseverity: medium\nstatus: closed\n---\n"
    );
    // Short lines unique to the file: git's copy detection (which
    // `--follow` uses) hashes 64-byte chunks and must not take one record
    // for a copy of another.
    let mut seed = path.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    for line in 0..12 {
        seed = seed.rotate_left(17).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let _ = writeln!(text, "Paragraph {line} of the write-up, note {seed:016x}.");
    }
    for edit in 1..=version {
        let _ = writeln!(text, "Revision {edit}.");
    }
    let _ = writeln!(
        stream,
        "M 100644 inline {path}\ndata {}\n{text}",
        text.len()
    );
}

fn git(dir: &Path, args: &[&str], input: Option<&[u8]>) -> String {
    let mut child = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .spawn()
        .expect("git runs");
    if let Some(input) = input {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("stream to git");
    }
    let output = child.wait_with_output().expect("git finishes");
    assert!(output.status.success(), "git {args:?} failed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}
