//! Which tracked files differ from HEAD in the working tree, staged or not:
//! git's own status (HEAD against the index, the index against the files,
//! with the stat cache and the repository's filters such as `autocrlf`),
//! without the search for untracked files, since the caller names the
//! files it cares about. Nothing is written back, not even the index's
//! refreshed stat data.

use std::collections::HashSet;

use anyhow::Result;
use gix::bstr::{BStr, BString};
use gix::status::Submodule;
use gix::submodule::config::Ignore;

/// The repository paths under `prefix` (a folder, "" for all) whose
/// working-tree or staged state differs from HEAD.
pub(super) fn changed(repo: &gix::Repository, prefix: &BStr) -> Result<HashSet<BString>> {
    let mut patterns = Vec::new();
    if !prefix.is_empty() {
        // `top`: from the top of the working tree, whatever the process's
        // current folder; `literal`: a folder named `[x]` is no glob.
        let mut pattern = BString::from(":(top,literal)");
        pattern.extend_from_slice(prefix);
        patterns.push(pattern);
    }
    let status = repo
        .status(gix::progress::Discard)?
        .index_worktree_submodules(Submodule::Given {
            ignore: Ignore::All,
            check_dirty: false,
        })
        .index_worktree_options_mut(|options| options.dirwalk_options = None);
    let mut changed = HashSet::new();
    for item in status.into_iter(patterns)? {
        changed.insert(item?.location().to_owned());
    }
    Ok(changed)
}
