//! The check pipeline shared by `check` and `build`: load the records,
//! validate them, count what was found.

use anyhow::{Result, bail};

use crate::config::Settings;
use crate::diagnostics::{self, Diagnostic, Summary};
use crate::metrics::Analysis;
use crate::parse;
use crate::period::Period;
use crate::records::Book;
use crate::validate;

pub struct Checked {
    pub book: Book,
    /// Every diagnostic, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

pub fn check(settings: &Settings) -> Result<Checked> {
    check_with(settings, None)
}

/// The records and every diagnostic, sorted, parsing again only the files
/// that changed since the cache was filled; the rules always see the whole
/// book. For `serve`, which builds the analysis for its pages anyway and
/// gives it to [`summarise`].
pub fn validated_cached(
    settings: &Settings,
    cache: &mut parse::Cache,
) -> Result<(Book, Vec<Diagnostic>)> {
    validated(settings, Some(cache))
}

fn check_with(settings: &Settings, cache: Option<&mut parse::Cache>) -> Result<Checked> {
    let (book, all) = validated(settings, cache)?;
    let summary = summarise(&book, &all, &Analysis::new(&book, settings));
    Ok(Checked {
        book,
        diagnostics: all,
        summary,
    })
}

fn validated(
    settings: &Settings,
    cache: Option<&mut parse::Cache>,
) -> Result<(Book, Vec<Diagnostic>)> {
    if !settings.src.is_dir() {
        bail!(
            "the records folder {} does not exist (set [book] src in book.toml)",
            settings.src.display()
        );
    }
    let (book, mut all) = match cache {
        Some(cache) => parse::load_cached(settings, cache),
        None => parse::load(settings),
    };
    all.extend(validate::validate(&book, settings));
    diagnostics::sort(&mut all);
    Ok((book, all))
}

/// What `check` prints last: records read, findings, and the whole-history
/// review coverage, the same figure by the same definition as
/// metrics.json's `all`.
pub fn summarise(book: &Book, diagnostics: &[Diagnostic], analysis: &Analysis) -> Summary {
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
    summary
}
