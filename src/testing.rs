//! Test helpers: fixture records that pass every rule, a line-replacing
//! editor, and a runner that returns findings as (severity, path, line, col).

use std::path::Path;

use chrono::NaiveDate;

use crate::config::{self, Settings};
use crate::diagnostics::{self, Diagnostic};
use crate::parse;
use crate::records::Book;
use crate::source::SourceFile;
use crate::validate;

/// Real repositories with commits at chosen dates, shared with the CLI tests.
#[cfg(feature = "git")]
#[path = "../tests/support/git_repo.rs"]
pub mod git_repo;

/// A high, closed phishing incident, line by line:
/// 1 `---`, 2 kind, 3 id, 4 title, 5 severity, 6 category, 7 variety,
/// 8 status, 9 detected, 10 contained, 11 resolved, 12 `---`.
pub const INCIDENT: &str = include_str!("../tests/fixtures/records/INC-1.md");

/// A review of INC-1 that passes every rule as of 2026-02-01. Lines: 5 date,
/// 6 chair, 7 participants, 12 timeline, 15 method, 16 root_cause, 19 whys,
/// 20 risk_register, 21 previously_documented, 22 risks, 23 controls,
/// 25 lessons, 26 actions, 27 the action, 28 training,
/// 29 management_report, 30 follow_up, 31 anonymised, 32 approval,
/// 34 body.
pub const REVIEW: &str = include_str!("../tests/fixtures/records/PIR-1.md");

/// Replaces the first line starting with `prefix` by `replacement`; an
/// empty replacement deletes the line.
pub fn with(text: &str, prefix: &str, replacement: &str) -> String {
    let mut done = false;
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        if !done && line.starts_with(prefix) {
            done = true;
            if !replacement.is_empty() {
                out.push_str(replacement);
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    assert!(done, "no line starts with {prefix:?}");
    out
}

pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

pub fn settings(book_toml: Option<&str>, today: &str) -> Settings {
    let text = book_toml.unwrap_or("[book]\ntitle = \"Test\"\n");
    let file = SourceFile::new("book.toml", text.to_string());
    config::from_source(Path::new("/book"), &file, day(today), &validate::defaults())
        .unwrap_or_else(|e| panic!("fixture book.toml: {}", e[0].message))
}

/// Parses in-memory files into a book, with every diagnostic.
pub fn load<P: AsRef<str>>(files: &[(P, String)], settings: &Settings) -> (Book, Vec<Diagnostic>) {
    let bytes = files
        .iter()
        .map(|(path, text)| (path.as_ref(), text.clone().into_bytes()));
    parse::load_bytes(settings, bytes)
}

/// Every diagnostic of a set of files (format and rules), sorted.
pub fn check<P: AsRef<str>>(
    files: &[(P, String)],
    book_toml: Option<&str>,
    today: &str,
) -> Vec<Diagnostic> {
    let settings = settings(book_toml, today);
    let (book, mut all) = load(files, &settings);
    all.extend(validate::validate(
        &book,
        &settings,
        &crate::provenance::Recorded::default(),
    ));
    diagnostics::sort(&mut all);
    all
}

/// (severity, path, line, column) of a diagnostic, for compact asserts.
pub type At = (String, String, usize, usize);

pub fn finding(severity: &str, path: &str, line: usize, col: usize) -> At {
    (severity.to_string(), path.to_string(), line, col)
}

pub fn at(d: &Diagnostic) -> At {
    let (line, col) = d.primary.line_col().unwrap_or((0, 0));
    (
        d.severity.as_str().to_string(),
        d.primary.file.path().display().to_string(),
        line,
        col,
    )
}

/// The findings of one rule as of 2026-02-01; panics on any format error so
/// a broken fixture cannot pass silently.
pub fn run_rule(rule: &str, files: &[(&str, String)], book_toml: Option<&str>) -> Vec<At> {
    run_rule_with(rule, files, book_toml, "2026-02-01")
}

pub fn run_rule_on(rule: &str, files: &[(&str, String)], today: &str) -> Vec<At> {
    run_rule_with(rule, files, None, today)
}

fn run_rule_with(
    rule: &str,
    files: &[(&str, String)],
    book_toml: Option<&str>,
    today: &str,
) -> Vec<At> {
    let all = check(files, book_toml, today);
    let rule_names: Vec<&str> = validate::RULES.iter().map(|r| r.name).collect();
    if let Some(format_error) = all.iter().find(|d| !rule_names.contains(&d.rule)) {
        panic!(
            "fixture has a format error: {} {:?}",
            format_error.message,
            at(format_error)
        );
    }
    all.iter().filter(|d| d.rule == rule).map(at).collect()
}

/// A small deterministic generator (xorshift64) for generated test inputs:
/// the same seed always gives the same records.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// An index into a collection of `len` items.
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}
