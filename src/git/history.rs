//! The one walk over history: every commit reachable from HEAD, children
//! before parents, each diffed against its first parent, its changes
//! attributed to the files they touch.
//!
//! Names are followed per line of history, as `git log --follow` does for
//! one file: each commit carries the paths its descendants' files had in
//! it, a rename hands the old name to the parent, and an addition ends the
//! name there. A merge is credited with a file only when its version of the
//! file matches none of its parents (a conflict resolved by hand); when it
//! matches one, the name is followed into that parent only, where the
//! commits that made the change are found, so nothing counts twice.

use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::{DateTime, FixedOffset, Utc};
use gix::ObjectId;
use gix::bstr::{BStr, BString, ByteSlice};
use gix::diff::tree_with_rewrites::{ChangeRef, Options};
use gix::object::tree::EntryMode;

use super::Commit;
use super::prefetch::{Plain, Prefetch};

/// Tracked repository paths in one commit, each to the index of its file.
type Names = HashMap<BString, usize>;

/// The commits that changed one file, oldest first, each with the id of the
/// file's blob in it.
pub(super) type Credits = Vec<(Arc<Commit>, ObjectId)>;

struct Node {
    id: ObjectId,
    parents: Vec<usize>,
    seconds: i64,
}

/// How a commit changed a tracked file, seen from its first parent.
enum Change {
    Modified,
    Added,
    Renamed { from: BString },
}

/// A tracked path a commit changed, with the blob it holds there.
struct Changed {
    path: BString,
    how: Change,
    blob: ObjectId,
}

/// Up to this many names, a root commit looks its files' blobs up one by
/// one; beyond, one diff against the empty tree lists them all (a lookup
/// searches each tree on the path in sequence, so 10,000 lookups in one
/// folder would be slow).
const ROOT_LOOKUPS: usize = 16;

/// The commits that changed each of `tracked` (paths in `head`'s tree, by
/// file index).
pub(super) fn walk(
    repo: &gix::Repository,
    head: ObjectId,
    tracked: &[BString],
) -> Result<Vec<Credits>> {
    walk_with(repo, head, tracked, None)
}

/// `walk`, with (diff threads, commits per stretch) as given (None: as
/// suit the history and the machine); tests compare one thread with
/// several and short stretches with long.
pub(super) fn walk_with(
    repo: &gix::Repository,
    head: ObjectId,
    tracked: &[BString],
    parallel: Option<(usize, usize)>,
) -> Result<Vec<Credits>> {
    let mut credited: Vec<Vec<(usize, ObjectId)>> = vec![Vec::new(); tracked.len()];
    let nodes = graph(repo, head)?;
    let mut commits: Vec<Option<Arc<Commit>>> = vec![None; nodes.len()];
    let mut states: Vec<Option<Names>> = vec![None; nodes.len()];
    let start = nodes
        .iter()
        .position(|n| n.id == head)
        .context("HEAD is missing from its own history")?;
    if !tracked.is_empty() {
        let names = tracked
            .iter()
            .enumerate()
            .map(|(file, path)| (path.clone(), file));
        states[start] = Some(names.collect());
    }
    // Commits holding names still to follow: the walk ends when none do.
    let mut live = usize::from(states[start].is_some());
    let mut differ = Differ::new(repo)?;
    let order = topological(&nodes);
    let pairs: Vec<Option<(ObjectId, ObjectId)>> = nodes
        .iter()
        .map(|node| Some((node.id, nodes[*node.parents.first()?].id)))
        .collect();
    let parallel = parallel.unwrap_or_else(|| {
        (
            super::prefetch::threads_for(order.len()),
            super::prefetch::STRETCH,
        )
    });
    let mut prefetch = Prefetch::new(repo, &pairs, &order, parallel);

    for (position, &n) in order.iter().enumerate() {
        let Some(mut names) = states[n].take() else {
            continue;
        };
        live -= 1;
        let node = &nodes[n];
        let commit = repo.find_commit(node.id)?;
        let mut touched: Vec<(usize, ObjectId)> = Vec::new();
        let mut handed: Vec<(usize, Names)> = Vec::new();

        match node.parents.split_first() {
            None => touched = differ.root_blobs(&tree_of(repo, node.id)?, &names)?,
            Some((&first, others)) => {
                let plain = prefetch
                    .take(position)?
                    .context("a commit with a parent has no diff")?;
                let changes = differ.changes(plain, &names, || {
                    Ok((tree_of(repo, nodes[first].id)?, tree_of(repo, node.id)?))
                })?;
                // Merges compare each changed file with their other
                // parents; only they need the trees here.
                let tree = if others.is_empty() || changes.is_empty() {
                    None
                } else {
                    Some(tree_of(repo, node.id)?)
                };
                let other_trees = match &tree {
                    None => Vec::new(),
                    Some(_) => others
                        .iter()
                        .map(|&p| Ok((p, tree_of(repo, nodes[p].id)?)))
                        .collect::<Result<Vec<_>>>()?,
                };
                for Changed { path, how, blob } in changes {
                    let Some(&file) = names.get(&path) else {
                        continue;
                    };
                    let mut same_as = None;
                    if let Some(tree) = &tree {
                        let here = entry_of(tree, path.as_bstr())?;
                        for (parent, parent_tree) in &other_trees {
                            if entry_of(parent_tree, path.as_bstr())? == here {
                                same_as = Some(*parent);
                                break;
                            }
                        }
                    }
                    names.remove(&path);
                    if let Some(parent) = same_as {
                        hand(&mut handed, parent, path, file);
                        continue;
                    }
                    touched.push((file, blob));
                    for (parent, parent_tree) in &other_trees {
                        if entry_of(parent_tree, path.as_bstr())?.is_some() {
                            hand(&mut handed, *parent, path.clone(), file);
                        }
                    }
                    match how {
                        Change::Modified => {
                            names.insert(path, file);
                        }
                        Change::Renamed { from } => {
                            names.insert(from, file);
                        }
                        Change::Added => {}
                    }
                }
                handed.push((first, names));
            }
        }

        if !touched.is_empty() {
            let described = Arc::new(describe(&commit)?);
            commits[n] = Some(described);
            for (file, blob) in touched {
                credited[file].push((n, blob));
            }
        }
        for (parent, names) in handed {
            if !names.is_empty() {
                live += usize::from(states[parent].is_none());
                merge_into(&mut states[parent], names);
            }
        }
        if live == 0 {
            break;
        }
    }

    Ok(credited
        .into_iter()
        .map(|nodes_of_file| {
            nodes_of_file
                .into_iter()
                .rev()
                .filter_map(|(n, blob)| Some((commits[n].clone()?, blob)))
                .collect()
        })
        .collect())
}

fn hand(handed: &mut Vec<(usize, Names)>, parent: usize, path: BString, file: usize) {
    match handed.iter_mut().find(|(p, _)| *p == parent) {
        Some((_, names)) => {
            names.insert(path, file);
        }
        None => handed.push((parent, Names::from([(path, file)]))),
    }
}

/// Adds `names` to a commit's state; two lines of history meeting again
/// bring their names together (the smaller is added to the larger).
fn merge_into(state: &mut Option<Names>, names: Names) {
    match state {
        None => *state = Some(names),
        Some(existing) => {
            let (mut big, small) = if existing.len() >= names.len() {
                (std::mem::take(existing), names)
            } else {
                (names, std::mem::take(existing))
            };
            for (path, file) in small {
                // Two files claiming one path in one commit is possible only
                // when renames crossed; the lower index wins, deterministically.
                let slot = big.entry(path).or_insert(file);
                *slot = (*slot).min(file);
            }
            *existing = big;
        }
    }
}

/// Every commit reachable from `head`, with parents as indices.
/// Parents that are not in the repository (beyond a shallow clone's
/// boundary) are left out, so those commits diff against the empty tree.
fn graph(repo: &gix::Repository, head: ObjectId) -> Result<Vec<Node>> {
    let sorting = gix::revision::walk::Sorting::ByCommitTime(
        gix::traverse::commit::simple::CommitTimeOrder::NewestFirst,
    );
    let mut infos = Vec::new();
    for info in repo.rev_walk([head]).sorting(sorting).all()? {
        let info = info?;
        let seconds = info.commit_time.unwrap_or_default();
        infos.push((info.id, info.parent_ids.to_vec(), seconds));
    }
    let index: HashMap<ObjectId, usize> = infos
        .iter()
        .enumerate()
        .map(|(i, (id, _, _))| (*id, i))
        .collect();
    Ok(infos
        .into_iter()
        .map(|(id, parents, seconds)| Node {
            id,
            parents: parents
                .iter()
                .filter_map(|p| index.get(p).copied())
                .collect(),
            seconds,
        })
        .collect())
}

/// Children before parents (Kahn), newest commit time first among those
/// ready, then by id: the same order on every run.
fn topological(nodes: &[Node]) -> Vec<usize> {
    let mut children = vec![0usize; nodes.len()];
    for node in nodes {
        for &p in &node.parents {
            children[p] += 1;
        }
    }
    let mut ready: BinaryHeap<(i64, ObjectId, usize)> = nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| children[*i] == 0)
        .map(|(i, n)| (n.seconds, n.id, i))
        .collect();
    let mut order = Vec::with_capacity(nodes.len());
    while let Some((_, _, n)) = ready.pop() {
        order.push(n);
        for &p in &nodes[n].parents {
            children[p] -= 1;
            if children[p] == 0 {
                ready.push((nodes[p].seconds, nodes[p].id, p));
            }
        }
    }
    order
}

pub(super) fn tree_of<'repo>(
    repo: &'repo gix::Repository,
    commit: ObjectId,
) -> Result<gix::Tree<'repo>> {
    Ok(repo.find_tree(repo.find_commit(commit)?.tree_id()?)?)
}

/// The blob id and mode at `path` in `tree`, if there is one.
fn entry_of(tree: &gix::Tree<'_>, path: &BStr) -> Result<Option<(ObjectId, EntryMode)>> {
    let entry = tree.lookup_entry(path.split_str("/"))?;
    Ok(entry.map(|e| (e.object_id(), e.mode())))
}

pub(super) fn describe(commit: &gix::Commit<'_>) -> Result<Commit> {
    let id = commit.id;
    let signature = commit.time()?;
    let time = DateTime::<Utc>::from_timestamp(signature.seconds, 0)
        .with_context(|| format!("commit {id} has a date out of range"))?;
    let date = FixedOffset::east_opt(signature.offset).map_or(time.date_naive(), |offset| {
        time.with_timezone(&offset).date_naive()
    });
    let subject = commit.message()?.summary().to_str_lossy().into_owned();
    let author = commit.author()?.name.to_str_lossy().into_owned();
    Ok(Commit {
        id: id.to_string(),
        time,
        date,
        subject,
        author,
    })
}

/// Tree diffs with reused buffers. Rename tracking (git's defaults: 50 %
/// similarity, exact renames first) runs only for commits that add a
/// tracked path while deleting something, so the common commit pays for a
/// plain diff alone.
pub(super) struct Differ<'repo> {
    repo: &'repo gix::Repository,
    blobs: gix::diff::blob::Platform,
    state: gix::diff::tree::State,
}

impl<'repo> Differ<'repo> {
    pub(super) fn new(repo: &'repo gix::Repository) -> Result<Differ<'repo>> {
        Ok(Differ {
            repo,
            blobs: repo.diff_resource_cache_for_tree_diff()?,
            state: Default::default(),
        })
    }

    /// Every file `commit` changed against `parent`, without renames: what
    /// `prefetch` computes ahead of the walk.
    pub(super) fn plain(&mut self, parent: ObjectId, commit: ObjectId) -> Result<Plain> {
        let old = tree_of(self.repo, parent)?;
        let new = tree_of(self.repo, commit)?;
        let mut plain = Plain::default();
        self.diff(&old, &new, None, |change| match change {
            ChangeRef::Modification {
                location,
                entry_mode,
                id,
                ..
            } if entry_mode.is_no_tree() => plain.changed.push((location.to_owned(), false, id)),
            ChangeRef::Addition {
                location,
                entry_mode,
                id,
                ..
            } if entry_mode.is_no_tree() => plain.changed.push((location.to_owned(), true, id)),
            ChangeRef::Deletion { entry_mode, .. } if entry_mode.is_no_tree() => {
                plain.deleted = true;
            }
            _ => {}
        })?;
        Ok(plain)
    }

    /// The tracked paths among a commit's plain diff, and how they
    /// changed; `trees` (first parent's and the commit's) is asked for only
    /// when a tracked path was added while a file was deleted, to tell a
    /// rename.
    fn changes<'t>(
        &mut self,
        plain: Plain,
        names: &Names,
        trees: impl FnOnce() -> Result<(gix::Tree<'t>, gix::Tree<'t>)>,
    ) -> Result<Vec<Changed>> {
        let mut found = Vec::new();
        let mut added = false;
        for (path, is_addition, blob) in plain.changed {
            if names.contains_key(&path) {
                added |= is_addition;
                let how = if is_addition {
                    Change::Added
                } else {
                    Change::Modified
                };
                found.push(Changed { path, how, blob });
            }
        }
        if added && plain.deleted {
            let (old, new) = trees()?;
            let mut renamed = HashMap::new();
            self.diff(&old, &new, Some(gix::diff::Rewrites::default()), |change| {
                if let ChangeRef::Rewrite {
                    source_location,
                    location,
                    copy: false,
                    ..
                } = change
                    && names.contains_key(location)
                {
                    renamed.insert(location.to_owned(), source_location.to_owned());
                }
            })?;
            // The rewrite's new side is the addition found above, blob
            // included; only the kind of change is new.
            for changed in &mut found {
                if let Some(from) = renamed.remove(&changed.path) {
                    changed.how = Change::Renamed { from };
                }
            }
        }
        Ok(found)
    }

    /// Every name of a root commit (one without parents in the repository)
    /// is credited to it, with its blob there.
    fn root_blobs(
        &mut self,
        tree: &gix::Tree<'_>,
        names: &Names,
    ) -> Result<Vec<(usize, ObjectId)>> {
        let mut blobs: HashMap<&BStr, ObjectId> = HashMap::new();
        if names.len() > ROOT_LOOKUPS {
            let empty = self.repo.empty_tree();
            self.diff(&empty, tree, None, |change| {
                if let ChangeRef::Addition { location, id, .. } = change
                    && let Some((path, _)) = names.get_key_value(location)
                {
                    blobs.insert(path.as_bstr(), id);
                }
            })?;
        }
        let mut found = Vec::with_capacity(names.len());
        for (path, &file) in names {
            let blob = match blobs.get(path.as_bstr()) {
                Some(&blob) => blob,
                None => {
                    entry_of(tree, path.as_bstr())?
                        .with_context(|| format!("{path} is missing from its root commit"))?
                        .0
                }
            };
            found.push((file, blob));
        }
        Ok(found)
    }

    fn diff(
        &mut self,
        old: &gix::Tree<'_>,
        new: &gix::Tree<'_>,
        rewrites: Option<gix::diff::Rewrites>,
        mut visit: impl FnMut(ChangeRef<'_>),
    ) -> Result<()> {
        let options = Options {
            location: Some(gix::diff::tree::recorder::Location::Path),
            rewrites,
        };
        gix::diff::tree_with_rewrites(
            gix::objs::TreeRefIter::from_bytes(&old.data, old.id.kind()),
            gix::objs::TreeRefIter::from_bytes(&new.data, new.id.kind()),
            &mut self.blobs,
            &mut self.state,
            &self.repo.objects,
            |change| {
                visit(change);
                Ok(std::ops::ControlFlow::Continue(()))
            },
            options,
        )?;
        self.blobs.clear_resource_cache_keep_allocation();
        Ok(())
    }
}
