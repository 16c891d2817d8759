//! The check pipeline shared by `check` and `build`: load the records,
//! validate them, count what was found.

use anyhow::{Result, bail};

use crate::config::Settings;
use crate::diagnostics::{self, Diagnostic, Summary};
use crate::parse;
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
    let (needing, reviewed) = review_coverage(&book, settings);
    summary.needing_review = needing;
    summary.reviewed = reviewed;
    summary.review_coverage = (needing > 0).then(|| reviewed as f64 / needing as f64);
    Ok(Checked {
        book,
        diagnostics: all,
        summary,
    })
}

/// Over the whole history: resolved or closed incidents (confirmed or
/// suspected) and how many of them a review dated on or before the as-of
/// date names.
pub fn review_coverage(book: &Book, settings: &Settings) -> (usize, usize) {
    let reviewed_ids: std::collections::HashSet<&str> = book
        .reviews
        .iter()
        .filter(|review| review.date.date <= settings.today)
        .flat_map(|review| review.incidents.iter().map(String::as_str))
        .collect();
    let needing: Vec<_> = book
        .incidents
        .iter()
        .filter(|incident| incident.is_resolved() && incident.is_real())
        .collect();
    let reviewed = needing
        .iter()
        .filter(|incident| reviewed_ids.contains(incident.id.as_str()))
        .count();
    (needing.len(), reviewed)
}
