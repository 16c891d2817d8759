//! The check pipeline shared by `check` and `build`: load the records,
//! validate them, count what was found.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Result, bail};

use crate::config::Settings;
use crate::diagnostics::{self, Diagnostic, Summary};
use crate::metrics::Analysis;
use crate::parse;
use crate::period::Period;
use crate::provenance::Recorded;
use crate::records::Book;
use crate::validate;

pub struct Checked {
    pub book: Book,
    /// Every diagnostic, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    /// Each record file's git history, or why there is none.
    pub recorded: Arc<Recorded>,
    /// The copy of a revision's tree the records were read from (`--at`),
    /// removed when the last holder is dropped.
    pub snapshot: Option<Arc<tempfile::TempDir>>,
}

impl Checked {
    /// For a build, once its inputs are hashed: each record file's text
    /// but those the diagnostics point into becomes its body alone
    /// ([`Book::keep_only_bodies`]).
    pub fn keep_only_bodies(&mut self) {
        let keep = self
            .diagnostics
            .iter()
            .flat_map(|d| std::iter::once(&d.primary).chain(&d.secondary))
            .map(|label| Arc::as_ptr(&label.file))
            .collect();
        self.book.keep_only_bodies(&keep);
    }
}

/// Where the records' git history comes from.
#[derive(Clone, Copy, Debug)]
pub enum History<'a> {
    /// The repository holding the book root: HEAD and the working tree.
    WorkingTree,
    /// The tree of `rev` in the repository holding `book_root` (the
    /// records were read from a copy of that tree, `--at REV`).
    At { book_root: &'a Path, rev: &'a str },
    /// Not read: for `new`, which needs the records' IDs, not their past.
    Off,
}

impl History<'_> {
    /// Reads the history of every record of `book`.
    pub fn read(self, settings: &Settings, book: &Book) -> Recorded {
        match self {
            History::WorkingTree => Recorded::read(&settings.root, settings, book, None),
            History::At { book_root, rev } => Recorded::read(book_root, settings, book, Some(rev)),
            History::Off => Recorded::default(),
        }
    }
}

pub fn check(settings: &Settings, history: History) -> Result<Checked> {
    check_with(settings, None, history)
}

/// The records and their format errors, parsing again only the files
/// that changed since the cache was filled: for `serve`, which reads the
/// git history itself (once, not on every edit), then calls [`judged`]
/// with the whole book and builds the analysis for its pages anyway and
/// gives it to [`summarise`].
pub fn loaded_cached(
    settings: &Settings,
    cache: &mut parse::Cache,
) -> Result<(Book, Vec<Diagnostic>)> {
    loaded(settings, Some(cache))
}

fn check_with(
    settings: &Settings,
    cache: Option<&mut parse::Cache>,
    history: History,
) -> Result<Checked> {
    let (book, format) = loaded(settings, cache)?;
    let recorded = history.read(settings, &book);
    let all = judged(settings, format, &book, &recorded);
    let summary = summarise(&book, &all, &Analysis::new(&book, settings), &recorded);
    Ok(Checked {
        book,
        diagnostics: all,
        summary,
        recorded: Arc::new(recorded),
        snapshot: None,
    })
}

/// Every diagnostic: the format errors found while loading, then the
/// rules', sorted.
pub fn judged(
    settings: &Settings,
    mut all: Vec<Diagnostic>,
    book: &Book,
    recorded: &Recorded,
) -> Vec<Diagnostic> {
    all.extend(validate::validate(book, settings, recorded));
    diagnostics::sort(&mut all);
    all
}

fn loaded(
    settings: &Settings,
    cache: Option<&mut parse::Cache>,
) -> Result<(Book, Vec<Diagnostic>)> {
    if !settings.src.is_dir() {
        bail!(
            "the records folder {} does not exist (set [book] src in book.toml)",
            settings.src.display()
        );
    }
    Ok(match cache {
        Some(cache) => parse::load_cached(settings, cache),
        None => parse::load(settings),
    })
}

/// What `check` prints last: records read, findings, and the whole-history
/// review coverage, the same figure by the same definition as
/// metrics.json's `all`; and what git could not tell.
pub fn summarise(
    book: &Book,
    diagnostics: &[Diagnostic],
    analysis: &Analysis,
    recorded: &Recorded,
) -> Summary {
    let mut summary = Summary {
        records: book.files,
        incidents: book.incidents.len(),
        reviews: book.reviews.len(),
        risks: book.risks.len(),
        ..Summary::default()
    };
    summary.count(diagnostics);
    let history = analysis.metrics(Period::ALL);
    summary.needing_review = history.needing_review;
    summary.reviewed = history.reviewed;
    summary.review_coverage = history.review_coverage;
    summary.not_yet_recorded = recorded.not_yet_recorded();
    summary.skipped = validate::skipped(analysis.settings, recorded)
        .into_iter()
        .map(|(rule, why)| format!("{rule} did not run: {why}"))
        .collect();
    summary
}
