//! The key of a whole build's inputs: when it equals the previous build's,
//! the build has nothing to write (`output::Staging::unchanged`).

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;

use super::{BuildOptions, build_key};
use crate::check::Checked;
use crate::config::Settings;
use crate::output::{Key, KeyHasher};
use crate::source::SourceFile;
use crate::theme::{Site, Theme};

/// The key of everything a whole build is made from: the build key (this
/// binary, the theme, the site's fields), the settings (book.toml as
/// resolved, the as-of date), the options, every file the records, the
/// record IDs and the diagnostics come from (path and text), the IDs read
/// from them and the git history as read. A build's
/// bytes are a function of these (same input and as-of date, same bytes),
/// so a build whose inputs key equals the previous one's has nothing to
/// write. `None` when the binary cannot be told from another.
pub fn inputs_key(
    settings: &Settings,
    checked: &Checked,
    theme: &Theme,
    options: &BuildOptions,
) -> Option<Key> {
    let site = Site::new(settings, checked.recorded.footer());
    let mut key = build_key(&site, theme)?;
    let book = &checked.book;
    // Where the book and the site are is not what the site is made from
    // (pages name files by their path in the book): builds of two copies
    // of a book, or into two folders, are the same bytes, keys included.
    let placed_anywhere = Settings {
        root: std::path::PathBuf::new(),
        src: settings
            .src
            .strip_prefix(&settings.root)
            .unwrap_or(&settings.src)
            .to_path_buf(),
        output: std::path::PathBuf::new(),
        ..settings.clone()
    };
    key.part(format!("{placed_anywhere:?}").as_bytes())
        .part(&[u8::from(options.include_restricted)])
        .part(&book.files.to_le_bytes());
    for file in file_keys(checked) {
        key.part(&file);
    }
    // What was read of the files, without their text (hashed above once
    // per file: `Debug` of these would print each file's text again). The
    // diagnostics are not hashed: they are made from the files, settings
    // and history hashed here, and the files they point into (book.toml's
    // lines, say) are among the files above.
    for id in &book.ids {
        key.part(id.id.as_bytes())
            .part(id.kind.as_str().as_bytes())
            .part(id.file.path.as_os_str().as_encoded_bytes())
            .part(format!("{:?} {:?}", id.span, id.covers).as_bytes());
    }
    checked.recorded.write_fingerprint(&mut key).ok()?;
    Some(key.finish())
}

/// Each distinct file the records, IDs and diagnostics point into, in the
/// order first met (records in ID order, then the files as walked, then
/// the diagnostics in file order: the same for the same book): the key of
/// its path and text, hashed a file at a time on every core.
fn file_keys(checked: &Checked) -> Vec<Key> {
    let book = &checked.book;
    let labels = checked
        .diagnostics
        .iter()
        .flat_map(|d| std::iter::once(&d.primary).chain(&d.secondary))
        .map(|label| &label.file);
    let all = book
        .incidents
        .iter()
        .map(|r| &r.origin.file)
        .chain(book.reviews.iter().map(|r| &r.origin.file))
        .chain(book.risks.iter().map(|r| &r.origin.file))
        .chain(book.ids.iter().map(|id| &id.file))
        .chain(labels);
    // Records, their IDs and their findings share one `SourceFile`. (Not
    // sorted by path: comparing paths a component at a time took 0.4 s of
    // a 100,000-record rebuild.)
    let mut seen: HashSet<*const SourceFile> = HashSet::with_capacity(book.ids.len());
    let files: Vec<&Arc<SourceFile>> = all.filter(|file| seen.insert(Arc::as_ptr(file))).collect();
    files
        .par_iter()
        .map(|file| {
            let mut key = KeyHasher::new();
            key.part(file.path.as_os_str().as_encoded_bytes())
                .part(file.text.as_bytes());
            key.finish()
        })
        .collect()
}
