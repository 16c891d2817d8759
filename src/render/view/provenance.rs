//! A record's provenance as its page shows it: when the file entered the
//! git history, when it last changed, how often, and what changed after the
//! review was held. Author names only with `[provenance] show_authors`;
//! commit subjects of restricted records are hidden like their text.

use chrono::NaiveDate;
use serde::Serialize;

use super::{RESTRICTED, Views, day};
use crate::git::{Commit, History};
use crate::source::SourceFile;

/// At most this many later changes are listed; the rest are counted.
const LATER_CHANGES_SHOWN: usize = 10;

#[derive(Clone, Debug, Serialize)]
pub struct CommitView {
    pub date: String,
    pub id: String,
    pub subject: String,
    pub author: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProvenanceView {
    /// Why there is no history, when there is none.
    pub unavailable: Option<String>,
    /// The file is in no commit yet.
    pub not_yet_recorded: bool,
    pub first: Option<CommitView>,
    pub last: Option<CommitView>,
    pub revisions: usize,
    /// Commits after the first that changed the file after `since` (a
    /// review's date), newest last; at most LATER_CHANGES_SHOWN.
    pub later_changes: Vec<CommitView>,
    /// How many more later changes there are than are listed.
    pub later_changes_more: usize,
    /// The working tree's file differs from the last commit.
    pub uncommitted_changes: bool,
    /// History from a shallow clone: the first commit may not be the real
    /// first.
    pub shallow: bool,
}

pub fn provenance_view(
    views: &Views,
    file: &SourceFile,
    since: Option<NaiveDate>,
    hidden: bool,
) -> ProvenanceView {
    let recorded = views.recorded;
    let mut view = ProvenanceView {
        unavailable: recorded.page_reason().map(str::to_string),
        not_yet_recorded: false,
        first: None,
        last: None,
        revisions: 0,
        later_changes: Vec::new(),
        later_changes_more: 0,
        uncommitted_changes: false,
        shallow: recorded.shallow(),
    };
    if view.unavailable.is_some() {
        return view;
    }
    let commit = |c: &Commit| CommitView {
        date: day(c.date),
        id: c.short_id().to_string(),
        subject: if hidden {
            RESTRICTED.to_string()
        } else {
            c.subject.clone()
        },
        author: (views.settings.show_authors && !hidden).then(|| c.author.clone()),
    };
    let Some(found) = recorded.file(file.path()) else {
        // Added since the history was read (serve): not in a commit yet.
        view.not_yet_recorded = true;
        view.uncommitted_changes = true;
        return view;
    };
    view.uncommitted_changes = found.uncommitted_changes;
    match &found.history {
        History::NotCommitted => view.not_yet_recorded = true,
        History::Committed(history) => {
            view.first = Some(commit(history.first()));
            view.last = Some(commit(history.last()));
            view.revisions = history.revisions();
            if let Some(since) = since {
                let later: Vec<_> = history.commits()[1..]
                    .iter()
                    .filter(|c| c.date > since)
                    .collect();
                view.later_changes_more = later.len().saturating_sub(LATER_CHANGES_SHOWN);
                view.later_changes = later[..later.len().min(LATER_CHANGES_SHOWN)]
                    .iter()
                    .map(|c| commit(c))
                    .collect();
            }
        }
    }
    view
}
