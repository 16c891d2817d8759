//! Git provenance: for each record file, the commits that brought it into
//! the repository and changed it since, read in one walk over the history
//! of the repository holding the book (gix, the `git` feature); the HEAD
//! commit and whether the files differ from it. The same at an older
//! revision (`Provenance::read_at`), with the book as it was then
//! (`export_book`) and the files' recorded contents (`read_blobs`). Read
//! only: nothing here writes to the repository, not even the index. It
//! must not know what a record is: callers hand it paths and read dates
//! back.
//!
//! Without a repository, or built without the feature, every function
//! says why in an `Unavailable` sentence, so callers can name the checks
//! they skip.

// Without the feature nothing builds the history types: the callers still
// match on them, so they stay, unconstructed.
#![cfg_attr(not(feature = "git"), allow(dead_code))]

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

#[cfg(feature = "git")]
mod export;
#[cfg(feature = "git")]
mod history;
#[cfg(feature = "git")]
mod prefetch;
#[cfg(feature = "git")]
mod repository;
#[cfg(feature = "git")]
mod revision;
#[cfg(feature = "git")]
mod worktree;

#[cfg(test)]
mod tests;

/// One commit, as provenance shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full hexadecimal id.
    pub id: String,
    /// When it was committed (committer time: a rebase or amend moves it
    /// later, never earlier, so "recorded by" stays conservative).
    pub time: DateTime<Utc>,
    /// The day of `time` in the committer's own UTC offset, the date
    /// `git log --date=short` shows.
    pub date: NaiveDate,
    /// The first line of the message.
    pub subject: String,
    /// The author's name (personal data: pages show it only when asked).
    pub author: String,
}

impl Commit {
    /// The first seven digits of the id: fixed, unlike git's
    /// abbreviation that grows with the repository, so a page that
    /// shows an old commit does not change when new ones arrive.
    pub fn short_id(&self) -> &str {
        self.id.get(..7).unwrap_or(&self.id)
    }
}

/// The commits that changed one file, oldest first; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileHistory {
    pub(crate) commits: Vec<Arc<Commit>>,
    /// One per commit: the file's content as that commit recorded it.
    pub(crate) blob_ids: Vec<String>,
}

impl FileHistory {
    /// The commit that first recorded the file (under its oldest name
    /// when it was renamed since).
    pub fn first(&self) -> &Commit {
        &self.commits[0]
    }

    /// The newest commit that changed it.
    pub fn last(&self) -> &Commit {
        &self.commits[self.commits.len() - 1]
    }

    /// How many commits changed it, the first included.
    pub fn revisions(&self) -> usize {
        self.commits.len()
    }

    pub fn commits(&self) -> &[Arc<Commit>] {
        &self.commits
    }

    /// Parallel to `commits()`: the full hexadecimal id of the file's blob
    /// (its content) in each, what `git rev-parse COMMIT:PATH` prints;
    /// `read_blobs` turns them into bytes.
    pub fn blob_ids(&self) -> &[String] {
        &self.blob_ids
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum History {
    Committed(FileHistory),
    /// Not in HEAD's tree (`rev`'s for `read_at`): untracked, only
    /// staged, or deleted since.
    NotCommitted,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProvenance {
    pub history: History,
    /// The working-tree file differs from HEAD (staged or not), or is
    /// not in HEAD at all; never for `read_at`, which has no working tree.
    pub uncommitted_changes: bool,
}

/// The commit provenance was read from: HEAD's, or `rev`'s for `read_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub commit: Arc<Commit>,
    /// Uncommitted changes to any requested file or to book.toml (never for
    /// `read_at`).
    pub dirty: bool,
}

/// Why provenance could not be read, as a sentence for the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unavailable(pub String);

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unavailable {}

impl Unavailable {
    /// Why, as a published page may say it: without the local paths the
    /// sentence names, which would make a site's bytes depend on the folder
    /// it was built in.
    pub fn for_pages(&self) -> &'static str {
        if self.0.contains(WITHOUT_THE_FEATURE) {
            "lessonbook was built without git support"
        } else if self.0.contains(NOT_A_REPOSITORY) {
            "the book is not in a git repository"
        } else {
            "the git repository could not be read"
        }
    }
}

/// The ends of the sentences `for_pages` tells apart.
const WITHOUT_THE_FEATURE: &str = "lessonbook was built without the `git` feature";
const NOT_A_REPOSITORY: &str = "is not inside a git repository";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// `None` in a repository without commits yet.
    pub head: Option<Head>,
    /// A shallow clone: history stops early, so "first recorded" dates
    /// are those of the oldest commit present, not the real ones.
    pub shallow: bool,
    files: BTreeMap<PathBuf, FileProvenance>,
}

impl Provenance {
    /// Reads the history of `files` (relative to `book_root`, or
    /// absolute) from the repository holding `book_root`, which may sit
    /// anywhere inside it.
    pub fn read(book_root: &Path, files: &[PathBuf]) -> Result<Provenance, Unavailable> {
        backend::read(book_root, files)
    }

    /// `read` as of the revision `rev` (see `resolve`): the walk starts at
    /// its commit and `files` (relative to `book_root`, or absolute) are
    /// looked up in its tree. Nothing is compared with the working tree:
    /// no file has `uncommitted_changes` and `head` is `rev`'s commit,
    /// not dirty. For files inside the repository this equals `read` in
    /// a clean checkout of `rev`; one outside it, which `read` flags as a
    /// change because git cannot hold it, is simply not committed here.
    pub fn read_at(
        book_root: &Path,
        files: &[PathBuf],
        rev: &str,
    ) -> Result<Provenance, Unavailable> {
        backend::read_at(book_root, files, rev)
    }

    /// The provenance of a file, by the path it was requested with.
    pub fn file(&self, path: &Path) -> Option<&FileProvenance> {
        self.files.get(path)
    }
}

/// The raw bytes of the blobs `ids` (full hexadecimal ids, such as
/// `FileHistory::blob_ids`) in the repository holding `book_root`, in the
/// same order.
pub fn read_blobs(book_root: &Path, ids: &[&str]) -> Result<Vec<Vec<u8>>, Unavailable> {
    backend::read_blobs(book_root, ids)
}

/// The commit a revision names, as git reads it: a tag (annotated ones
/// peeled to their commit), a branch, a full or abbreviated commit id or
/// `HEAD`, each optionally followed by `~N`, `^N` or `^{commit}`. Anything
/// else, or a name nothing answers to, is a sentence saying `rev` is not a
/// revision of the repository (the `revision` module has the details).
/// The commands resolve revisions inside `export_book` and `read_at`;
/// tests pin the resolution against `git rev-parse` through this.
#[cfg(test)]
pub fn resolve(book_root: &Path, rev: &str) -> Result<Arc<Commit>, Unavailable> {
    backend::resolve(book_root, rev)
}

/// Writes the book as of `rev` into the existing empty folder `dest`: the
/// subtree of `rev`'s tree at the book root's place in the repository, as
/// a checkout would write it (`export`'s documentation says what differs).
/// Returns `rev`'s commit.
pub fn export_book(book_root: &Path, rev: &str, dest: &Path) -> Result<Arc<Commit>, Unavailable> {
    backend::export_book(book_root, rev, dest)
}

#[cfg(feature = "git")]
mod backend {
    pub(super) use super::export::export_book;
    pub(super) use super::repository::{read, read_at, read_blobs};
    #[cfg(test)]
    pub(super) use super::revision::resolve;
}

/// The same functions, each saying why there is nothing to read.
#[cfg(not(feature = "git"))]
mod backend {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use super::{Commit, Provenance, Unavailable};

    fn without_the_feature<T>() -> Result<T, Unavailable> {
        Err(Unavailable(super::WITHOUT_THE_FEATURE.to_string()))
    }

    pub(super) fn read(_: &Path, _: &[PathBuf]) -> Result<Provenance, Unavailable> {
        without_the_feature()
    }

    pub(super) fn read_at(_: &Path, _: &[PathBuf], _: &str) -> Result<Provenance, Unavailable> {
        without_the_feature()
    }

    pub(super) fn read_blobs(_: &Path, _: &[&str]) -> Result<Vec<Vec<u8>>, Unavailable> {
        without_the_feature()
    }

    #[cfg(test)]
    pub(super) fn resolve(_: &Path, _: &str) -> Result<Arc<Commit>, Unavailable> {
        without_the_feature()
    }

    pub(super) fn export_book(_: &Path, _: &str, _: &Path) -> Result<Arc<Commit>, Unavailable> {
        without_the_feature()
    }
}
