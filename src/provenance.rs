//! The book's git provenance, per record file: read once per run (after
//! the records are parsed, before the rules run) and handed to the rules
//! (`recorded-late`), the Record of Evidence pages and every page's
//! footer. `git` knows commits and paths; this module knows which paths
//! are records and which of their versions first stated a follow-up
//! result.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::config::Settings;
use crate::git::{self, Commit, FileProvenance, Head, History, Provenance};
use crate::records::{Book, Review};

/// Where a run's records came from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A git repository: HEAD and the working tree, or the tree of a
    /// revision (`--at REV`, never dirty).
    Git { head: Option<Head>, shallow: bool },
    /// No provenance, and why.
    Unavailable(Why),
}

#[derive(Clone, Debug)]
pub enum Why {
    Git(git::Unavailable),
    /// Nothing asked for it (tests and fuzzing).
    NotRead,
}

/// The provenance of every record file, by its display path.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub source: Source,
    files: HashMap<PathBuf, FileProvenance>,
    /// Reviews whose follow-up result (`follow_up.done`) might have been
    /// recorded late: the first commit whose version of the file states
    /// one. Only reviews whose last change is already too late are looked
    /// up (an earlier commit cannot be later than the last).
    follow_ups: HashMap<PathBuf, Arc<Commit>>,
}

impl Default for Recorded {
    fn default() -> Self {
        Recorded::unavailable(Why::NotRead)
    }
}

impl Recorded {
    pub fn unavailable(why: Why) -> Recorded {
        Recorded {
            source: Source::Unavailable(why),
            files: HashMap::new(),
            follow_ups: HashMap::new(),
        }
    }

    /// Reads the history of every record file of `book` from the
    /// repository holding `book_root` (the record paths are relative to
    /// it): from HEAD and the working tree, or from the tree of `at`.
    pub fn read(book_root: &Path, settings: &Settings, book: &Book, at: Option<&str>) -> Recorded {
        let paths = record_paths(book);
        let read = match at {
            None => Provenance::read(book_root, &paths),
            Some(rev) => Provenance::read_at(book_root, &paths, rev),
        };
        match read {
            Ok(provenance) => Recorded::from_provenance(book_root, settings, book, provenance),
            Err(why) => Recorded::unavailable(Why::Git(why)),
        }
    }

    fn from_provenance(
        book_root: &Path,
        settings: &Settings,
        book: &Book,
        provenance: Provenance,
    ) -> Recorded {
        let files: HashMap<PathBuf, FileProvenance> = record_paths(book)
            .into_iter()
            .filter_map(|path| {
                let found = provenance.file(&path)?.clone();
                Some((path, found))
            })
            .collect();
        let follow_ups = first_follow_up_commits(book_root, settings, book, &files);
        Recorded {
            source: Source::Git {
                head: provenance.head.clone(),
                shallow: provenance.shallow,
            },
            files,
            follow_ups,
        }
    }

    /// Why provenance is missing, if it is: then the rules that need it do
    /// not run.
    pub fn unavailable_because(&self) -> Option<&str> {
        match &self.source {
            Source::Unavailable(Why::Git(why)) => Some(&why.0),
            Source::Unavailable(Why::NotRead) => Some("git history was not read"),
            Source::Git { head: None, .. } => Some("the git repository has no commit yet"),
            Source::Git { .. } => None,
        }
    }

    pub fn shallow(&self) -> bool {
        matches!(self.source, Source::Git { shallow: true, .. })
    }

    /// The commit the run read, and whether the working tree differed from
    /// it.
    pub fn head(&self) -> Option<&Head> {
        match &self.source {
            Source::Git { head, .. } => head.as_ref(),
            Source::Unavailable(_) => None,
        }
    }

    /// The provenance of one record file, by its display path (relative to
    /// the book root).
    pub fn file(&self, path: &Path) -> Option<&FileProvenance> {
        self.files.get(path)
    }

    /// The first commit stating a review's follow-up result, when its last
    /// change came later than `record_within_days` after the result.
    pub fn follow_up_recorded(&self, path: &Path) -> Option<&Commit> {
        self.follow_ups.get(path).map(|c| &**c)
    }

    /// Everything read, in path order, as text: what a whole build's key
    /// hashes (`inputs_key` in the render module). The maps are unordered, so
    /// `Debug` of the struct would differ from run to run.
    pub fn write_fingerprint(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        writeln!(out, "{:?}", self.source)?;
        let mut files: Vec<_> = self.files.iter().collect();
        files.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (path, provenance) in files {
            writeln!(out, "{path:?} {provenance:?}")?;
        }
        let mut follow_ups: Vec<_> = self.follow_ups.iter().collect();
        follow_ups.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (path, commit) in follow_ups {
            writeln!(out, "{path:?} {commit:?}")?;
        }
        Ok(())
    }

    /// Why there is no history, as pages say it: without the local paths
    /// the terminal's sentence names, which would make a site's bytes
    /// depend on the folder it was built in.
    pub fn page_reason(&self) -> Option<&'static str> {
        match &self.source {
            Source::Git { head: None, .. } => Some("the git repository has no commit yet"),
            Source::Git { .. } => None,
            Source::Unavailable(why) => Some(match why {
                Why::Git(why) => why.for_pages(),
                Why::NotRead => "git history was not read",
            }),
        }
    }

    /// Why the rules that need git history cannot use it, as pages say it:
    /// none was read, or a shallow clone's first commits are not the real
    /// ones.
    pub fn rules_unusable_for_pages(&self) -> Option<&'static str> {
        self.page_reason().or_else(|| {
            self.shallow().then_some(
                "the repository is a shallow clone, so first-commit dates would be wrong",
            )
        })
    }

    /// What every page's footer says about where the site came from.
    pub fn footer(&self) -> String {
        let Some(head) = self.head() else {
            let reason = self.page_reason().unwrap_or("no git history");
            return format!("git provenance not available: {reason}");
        };
        let mut text = format!(
            "built from commit {} of {}",
            head.commit.short_id(),
            head.commit.date
        );
        if head.dirty {
            text.push_str(", with uncommitted changes to records or book.toml");
        }
        if self.shallow() {
            text.push_str(" (a shallow clone: history incomplete)");
        }
        text
    }

    /// How many record files no commit holds yet (new or only staged).
    pub fn not_yet_recorded(&self) -> usize {
        self.files
            .values()
            .filter(|f| matches!(f.history, History::NotCommitted))
            .count()
    }
}

/// Every record file's display path (relative to the book root), in book
/// order.
fn record_paths(book: &Book) -> Vec<PathBuf> {
    let incidents = book.incidents.iter().map(|r| &r.origin);
    let reviews = book.reviews.iter().map(|r| &r.origin);
    let risks = book.risks.iter().map(|r| &r.origin);
    incidents
        .chain(reviews)
        .chain(risks)
        .map(|origin| origin.file.path().to_path_buf())
        .collect()
}

/// The follow-up result's date of a review, when it states one.
fn follow_up_done(review: &Review) -> Option<NaiveDate> {
    review.follow_up.as_ref()?.done.map(|done| done.date)
}

/// The reviews whose follow-up result might have been recorded late: those
/// stating a result whose file's last commit came more than
/// `record_within_days` after it (an earlier commit cannot be later than
/// the last, so the others need no reading).
fn follow_up_suspects<'a>(
    settings: &Settings,
    book: &Book,
    files: &'a HashMap<PathBuf, FileProvenance>,
) -> Vec<(PathBuf, &'a git::FileHistory)> {
    let limit = i64::from(settings.policy.record_within_days);
    let mut suspects = Vec::new();
    for review in &book.reviews {
        let Some(done) = follow_up_done(review) else {
            continue;
        };
        let path = review.origin.file.path();
        let Some(FileProvenance {
            history: History::Committed(history),
            ..
        }) = files.get(path)
        else {
            continue;
        };
        if (history.last().date - done).num_days() > limit {
            suspects.push((path.to_path_buf(), history));
        }
    }
    suspects
}

/// For each suspect (`follow_up_suspects`): the first commit whose version
/// of the file states a result. Reads those versions' text from the object
/// database in one go.
fn first_follow_up_commits(
    book_root: &Path,
    settings: &Settings,
    book: &Book,
    files: &HashMap<PathBuf, FileProvenance>,
) -> HashMap<PathBuf, Arc<Commit>> {
    let suspects = follow_up_suspects(settings, book, files);
    let ids: Vec<&str> = suspects
        .iter()
        .flat_map(|(_, history)| history.blob_ids().iter().map(String::as_str))
        .collect();
    if ids.is_empty() {
        return HashMap::new();
    }
    let Ok(texts) = git::read_blobs(book_root, &ids) else {
        return HashMap::new();
    };
    let mut texts = texts.into_iter();
    let mut found = HashMap::new();
    for (path, history) in suspects {
        let versions: Vec<Vec<u8>> = texts.by_ref().take(history.revisions()).collect();
        let first = history
            .commits()
            .iter()
            .zip(&versions)
            .find(|(_, text)| crate::parse::states_follow_up_result(text));
        if let Some((commit, _)) = first {
            found.insert(path, commit.clone());
        }
    }
    found
}

// Real repositories: only with the feature that reads them.
#[cfg(all(test, feature = "git"))]
mod tests;
