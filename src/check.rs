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
    if !settings.src.is_dir() {
        bail!(
            "the records folder {} does not exist (set [book] src in book.toml)",
            settings.src.display()
        );
    }
    let (book, mut all) = parse::load(settings);
    all.extend(validate::validate(&book, settings));
    diagnostics::sort(&mut all);
    let mut summary = Summary {
        records: book.files,
        incidents: book.incidents.len(),
        reviews: book.reviews.len(),
        risks: book.risks.len(),
        ..Summary::default()
    };
    summary.count(&all);
    // The same figure, by the same definition, as metrics.json's `all`.
    let history = Analysis::new(&book, settings).metrics(Period::ALL);
    summary.needing_review = history.needing_review;
    summary.reviewed = history.reviewed;
    summary.review_coverage = history.review_coverage;
    Ok(Checked {
        book,
        diagnostics: all,
        summary,
    })
}
