//! `Provenance::read` and `read_at` with gix: finds the repository holding
//! the book, turns the requested files into repository paths, and puts the
//! history walk, the starting commit and the working tree's state
//! together; `read_blobs`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use gix::ObjectId;
use gix::bstr::{BStr, BString, ByteSlice, ByteVec};

use super::{
    FileHistory, FileProvenance, Head, History, Provenance, Unavailable, history, revision,
};

/// Memory for unpacked objects while walking: gix sets no caches unless
/// built with its `max-performance` feature (which also brings threads).
const DELTA_BASE_CACHE_BYTES: usize = 64 << 20;
const OBJECT_CACHE_BYTES: usize = 32 << 20;

pub(super) fn read(book_root: &Path, files: &[PathBuf]) -> Result<Provenance, Unavailable> {
    let repo = open_with_caches(book_root)?;
    provenance(&repo, book_root, files, None).map_err(|e| unreadable(book_root, e))
}

pub(super) fn read_at(
    book_root: &Path,
    files: &[PathBuf],
    rev: &str,
) -> Result<Provenance, Unavailable> {
    let repo = open_with_caches(book_root)?;
    let commit = revision::commit_id(&repo, book_root, rev)?;
    provenance(&repo, book_root, files, Some(commit)).map_err(|e| unreadable(book_root, e))
}

pub(super) fn read_blobs(book_root: &Path, ids: &[&str]) -> Result<Vec<Vec<u8>>, Unavailable> {
    let repo = open_with_caches(book_root)?;
    let in_repository = || format!("the repository holding {}", book_root.display());
    ids.iter()
        .map(|&hex| {
            let id = ObjectId::from_hex(hex.as_bytes()).map_err(|_| {
                Unavailable(format!(
                    "`{hex}` is not a blob id (a full hexadecimal object id)"
                ))
            })?;
            match repo.try_find_object(id) {
                Ok(Some(object)) if object.kind == gix::object::Kind::Blob => {
                    Ok(object.detach().data)
                }
                Ok(Some(object)) => Err(Unavailable(format!(
                    "{hex} is a {}, not a blob, in {}",
                    object.kind,
                    in_repository()
                ))),
                Ok(None) => Err(Unavailable(format!(
                    "blob {hex} is not in {}",
                    in_repository()
                ))),
                Err(e) => Err(unreadable(book_root, e.into())),
            }
        })
        .collect()
}

pub(super) fn unreadable(book_root: &Path, error: anyhow::Error) -> Unavailable {
    Unavailable(format!(
        "the git repository holding {} could not be read: {error:#}",
        book_root.display()
    ))
}

/// The repository, with caches for reading many objects (a walk, or the
/// files of a book).
pub(super) fn open_with_caches(book_root: &Path) -> Result<gix::Repository, Unavailable> {
    let mut repo = open(book_root)?;
    set_caches(&mut repo);
    Ok(repo)
}

/// The caches gix sets only with its `max-performance` feature; each
/// thread's handle on the repository has its own.
pub(super) fn set_caches(repo: &mut gix::Repository) {
    repo.objects.set_pack_cache(|| {
        Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
            DELTA_BASE_CACHE_BYTES,
        ))
    });
    repo.object_cache_size_if_unset(OBJECT_CACHE_BYTES);
}

pub(super) fn open(book_root: &Path) -> Result<gix::Repository, Unavailable> {
    gix::discover(book_root).map_err(|error| {
        use gix::discover::upwards::Error::*;
        match error.downcast_any_ref::<gix::discover::upwards::Error>() {
            Some(
                NoGitRepository { .. }
                | NoGitRepositoryWithinCeiling { .. }
                | NoGitRepositoryWithinFs { .. },
            ) => Unavailable(format!(
                "{} {}",
                book_root.display(),
                super::NOT_A_REPOSITORY
            )),
            _ => Unavailable(format!(
                "the git repository holding {} could not be opened: {error}",
                book_root.display()
            )),
        }
    })
}

/// The book root's repository path ("" at the top of the working tree).
pub(super) fn book_prefix(repo: &gix::Repository, book_root: &Path) -> Result<BString> {
    let (workdir, root) = locate(repo, book_root)?;
    Ok(Places::new(&workdir, book_root, &root)?.prefix)
}

/// The working tree's top folder and the book root, both canonical.
fn locate(repo: &gix::Repository, book_root: &Path) -> Result<(PathBuf, PathBuf)> {
    let workdir = repo
        .workdir()
        .context("it has no working tree (the book is inside its .git folder)")?;
    let workdir = std::fs::canonicalize(workdir)
        .with_context(|| format!("cannot resolve {}", workdir.display()))?;
    let root = std::fs::canonicalize(book_root)
        .with_context(|| format!("cannot resolve {}", book_root.display()))?;
    Ok((workdir, root))
}

/// Provenance from HEAD and the working tree, or, `at` a commit, from that
/// commit alone.
fn provenance(
    repo: &gix::Repository,
    book_root: &Path,
    files: &[PathBuf],
    at: Option<ObjectId>,
) -> Result<Provenance> {
    let (workdir, root) = locate(repo, book_root)?;
    let places = Places::new(&workdir, book_root, &root)?;
    let paths: Vec<Option<BString>> = files.iter().map(|f| places.repository_path(f)).collect();
    let book_toml = places.repository_path(Path::new("book.toml"));
    let shallow = repo.is_shallow()?;
    let worktree = at.is_none();
    // At a commit there is no working tree, so nothing is a change.
    let not_in_start = |file: &Path, in_working_tree: bool| {
        if worktree {
            not_committed(book_root, file, in_working_tree)
        } else {
            FileProvenance {
                history: History::NotCommitted,
                uncommitted_changes: false,
            }
        }
    };

    let start = match at {
        Some(commit) => commit,
        None => match repo.head()?.try_into_peeled_id()? {
            Some(head) => head.detach(),
            None => {
                // No commit yet: nothing is recorded, every file is a change.
                let files = files
                    .iter()
                    .zip(&paths)
                    .map(|(f, path)| (f.clone(), not_in_start(f, path.is_some())))
                    .collect();
                return Ok(Provenance {
                    head: None,
                    shallow,
                    files,
                });
            }
        },
    };

    let mut wanted = paths.clone();
    wanted.push(book_toml.clone());
    let in_start = paths_in_commit(repo, start, &places.prefix, &wanted)?;
    let changed = if worktree {
        // Files outside the book's folder are rare (absolute paths elsewhere
        // in the repository); status then looks at the whole working tree.
        let everywhere = paths
            .iter()
            .flatten()
            .any(|p| !under(p.as_bstr(), places.prefix.as_bstr()));
        let status_prefix = if everywhere {
            BString::default()
        } else {
            places.prefix.clone()
        };
        super::worktree::changed(repo, status_prefix.as_bstr())?
    } else {
        HashSet::new()
    };

    // Two spellings of one file (relative and absolute) share one slot.
    let mut tracked: Vec<BString> = Vec::new();
    let mut slots: HashMap<&BString, usize> = HashMap::new();
    let slot: Vec<Option<usize>> = paths
        .iter()
        .map(|path| {
            let path = path.as_ref().filter(|p| in_start.contains(*p))?;
            Some(*slots.entry(path).or_insert_with(|| {
                tracked.push(path.clone());
                tracked.len() - 1
            }))
        })
        .collect();
    let histories = history::walk(repo, start, &tracked)?;

    let mut out = BTreeMap::new();
    let mut dirty = false;
    for ((file, path), slot) in files.iter().zip(&paths).zip(slot) {
        let provenance = match (path, slot) {
            (Some(path), Some(index)) => {
                let (commits, blob_ids) = histories[index]
                    .iter()
                    .map(|(commit, blob)| (commit.clone(), blob.to_string()))
                    .unzip();
                FileProvenance {
                    // A path in the start's tree has at least the start's
                    // history; the fallback only guards against a walk that
                    // found nothing.
                    history: if histories[index].is_empty() {
                        History::NotCommitted
                    } else {
                        History::Committed(FileHistory { commits, blob_ids })
                    },
                    uncommitted_changes: changed.contains(path),
                }
            }
            _ => not_in_start(file, path.is_some()),
        };
        dirty |= provenance.uncommitted_changes;
        out.insert(file.clone(), provenance);
    }
    if let Some(book_toml) = &book_toml {
        dirty |= if in_start.contains(book_toml) {
            changed.contains(book_toml)
        } else {
            not_in_start(Path::new("book.toml"), true).uncommitted_changes
        };
    }

    let commit = repo.find_commit(start)?;
    Ok(Provenance {
        head: Some(Head {
            commit: Arc::new(history::describe(&commit)?),
            dirty,
        }),
        shallow,
        files: out,
    })
}

/// A file that is not in HEAD: a change when it exists (untracked or only
/// staged) or lies outside the working tree, where git cannot hold it; one
/// that does not exist has nothing to commit.
fn not_committed(book_root: &Path, file: &Path, in_working_tree: bool) -> FileProvenance {
    FileProvenance {
        history: History::NotCommitted,
        uncommitted_changes: !in_working_tree || book_root.join(file).exists(),
    }
}

fn under(path: &BStr, prefix: &BStr) -> bool {
    prefix.is_empty() || (path.starts_with(prefix) && path.get(prefix.len()) == Some(&b'/'))
}

/// Which of `paths` are files in `commit`'s tree. Lists the book folder's
/// subtree once rather than looking each path up (a tree's entries are
/// searched in sequence, so 10,000 lookups in one folder would be slow).
fn paths_in_commit(
    repo: &gix::Repository,
    commit: ObjectId,
    prefix: &BString,
    paths: &[Option<BString>],
) -> Result<HashSet<BString>> {
    let tree = repo.find_commit(commit)?.tree()?;
    let mut found = HashSet::new();
    let subtree = if prefix.is_empty() {
        Some(tree.clone())
    } else {
        match tree.lookup_entry(prefix.split_str("/"))? {
            Some(entry) if entry.mode().is_tree() => Some(repo.find_tree(entry.object_id())?),
            _ => None,
        }
    };
    if let Some(subtree) = subtree {
        let mut recorder = gix::traverse::tree::Recorder::default();
        subtree.traverse().breadthfirst(&mut recorder)?;
        for entry in recorder.records {
            if entry.mode.is_no_tree() {
                found.insert(join(prefix, entry.filepath.as_bstr()));
            }
        }
    }
    for path in paths.iter().flatten() {
        if !under(path.as_bstr(), prefix.as_bstr()) {
            let entry = tree.lookup_entry(path.split_str("/"))?;
            if entry.is_some_and(|e| e.mode().is_no_tree()) {
                found.insert(path.clone());
            }
        }
    }
    Ok(found)
}

fn join(prefix: &BString, relative: &BStr) -> BString {
    if prefix.is_empty() {
        return relative.to_owned();
    }
    let mut path = prefix.clone();
    path.push_byte(b'/');
    path.push_str(relative);
    path
}

/// Where the book sits in the working tree, for mapping file paths.
struct Places<'a> {
    workdir: &'a Path,
    given_root: &'a Path,
    root: &'a Path,
    /// The book root's repository path, "" at the top.
    prefix: BString,
}

impl<'a> Places<'a> {
    fn new(workdir: &'a Path, given_root: &'a Path, root: &'a Path) -> Result<Places<'a>> {
        let relative = root.strip_prefix(workdir).with_context(|| {
            format!(
                "{} is not inside its working tree {}",
                root.display(),
                workdir.display()
            )
        })?;
        let prefix = normalise(BString::default(), relative)
            .with_context(|| format!("{} cannot be named in git", relative.display()))?;
        Ok(Places {
            workdir,
            given_root,
            root,
            prefix,
        })
    }

    /// The repository path of a file given relative to the book root or
    /// absolute; `None` outside the working tree.
    fn repository_path(&self, file: &Path) -> Option<BString> {
        if file.is_relative() {
            return normalise(self.prefix.clone(), file);
        }
        for root in [self.given_root, self.root] {
            if let Ok(relative) = file.strip_prefix(root) {
                return normalise(self.prefix.clone(), relative);
            }
        }
        let canonical = std::fs::canonicalize(file).ok()?;
        normalise(
            BString::default(),
            canonical.strip_prefix(self.workdir).ok()?,
        )
    }
}

/// `relative` resolved lexically against the repository path `base`, with
/// `/` separators; `None` when `..` climbs above the top or a component
/// cannot be spelled in git.
fn normalise(base: BString, relative: &Path) -> Option<BString> {
    let mut parts: Vec<BString> = if base.is_empty() {
        Vec::new()
    } else {
        base.split_str("/").map(BString::from).collect()
    };
    for component in relative.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(name) => {
                parts.push(gix::path::os_str_into_bstr(name).ok()?.to_owned())
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(gix::bstr::join("/", parts).into())
}
