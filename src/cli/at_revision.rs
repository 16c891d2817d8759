//! `--at REV`: the book as it was at a revision. book.toml, the records and
//! the theme are written from the tree of REV in the object database into
//! a private temporary folder (never the working tree), and the pipeline
//! reads them from there as it reads any book, so the output is the output
//! of a checkout of REV: one reader of book files, not two that could
//! disagree. The as-of date defaults to REV's commit date; the output
//! folder is the one REV's book.toml names, beside the book as it is now.

use chrono::NaiveDate;
use tempfile::TempDir;

use super::{BookArgs, EXIT_FAILURE, load_settings};
use crate::config::{AsOf, Settings};

/// Settings read from REV's book.toml, with the copy of REV's book they
/// point into (keep it until the command is done).
pub fn settings(
    args: &BookArgs,
    rev: &str,
    today: Option<NaiveDate>,
) -> Result<(Settings, TempDir), i32> {
    let fail = |text: String| {
        eprint!("{text}");
        EXIT_FAILURE
    };
    let root = args.root();
    let snapshot = tempfile::Builder::new()
        .prefix("lessonbook-at-")
        .tempdir()
        .map_err(|e| {
            fail(format!(
                "error: cannot make a folder for the book at {rev}: {e}\n"
            ))
        })?;
    let commit = crate::git::export_book(&root, rev, snapshot.path())
        .map_err(|why| fail(format!("error: {why}\n")))?;
    // `--today` wins; otherwise the revision's own day (in the book's time
    // zone), so last quarter's pack comes out as it did then.
    let as_of = match today {
        Some(day) => AsOf::Date(day),
        None => AsOf::Epoch(commit.time.timestamp()),
    };
    let shown = format!("{rev}:book.toml");
    let mut settings =
        load_settings(snapshot.path(), &shown, as_of, args.color.enabled()).map_err(fail)?;
    if let Ok(inside) = settings.output.strip_prefix(snapshot.path()) {
        settings.output = root.join(inside);
    }
    Ok((settings, snapshot))
}
