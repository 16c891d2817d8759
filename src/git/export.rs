//! The book as a revision recorded it, written to a folder: the subtree of
//! the revision's tree at the book root's place in the repository.
//!
//! As a checkout writes it, with these differences:
//! - Bytes exactly as committed: no `core.autocrlf`, `.gitattributes`
//!   `eol`/`text` conversion or smudge filter (`filter=lfs`) is applied.
//!   On Linux with git's defaults (autocrlf off, no filters configured) a
//!   checkout writes the same bytes, so the export equals it byte for
//!   byte and its files hash to the blob ids provenance reports; applying
//!   a machine's filters would make one revision's export differ between
//!   machines.
//! - Submodules (commit entries) are skipped, not written as empty folders.
//! - Symbolic links are links on unix; elsewhere a file holding the target,
//!   as git writes them with `core.symlinks` off.
//!
//! A tree's names come from whoever wrote the repository: every one is
//! checked as git checks names before a checkout (no `..`, `.`, `.git` in
//! any spelling, separators or empty names) before anything is written,
//! and writing never follows a link or reuses an existing path (folders
//! are created one by one, files with `create_new`), so nothing lands
//! outside `dest`.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use gix::ObjectId;
use gix::bstr::{BStr, ByteSlice};
use gix::object::tree::EntryKind;
use gix::validate::path::component;

use super::repository::{book_prefix, open_with_caches, unreadable};
use super::{Commit, Unavailable, history, revision};

pub(super) fn export_book(
    book_root: &Path,
    rev: &str,
    dest: &Path,
) -> Result<Arc<Commit>, Unavailable> {
    let repo = open_with_caches(book_root)?;
    let id = revision::commit_id(&repo, book_root, rev)?;
    let unreadable = |e: anyhow::Error| unreadable(book_root, e);
    let prefix = book_prefix(&repo, book_root).map_err(unreadable)?;
    let commit = repo.find_commit(id).map_err(|e| unreadable(e.into()))?;
    let described = Arc::new(history::describe(&commit).map_err(unreadable)?);
    let at = || format!("{rev} ({})", described.short_id());

    ensure_empty(dest).map_err(|e| Unavailable(format!("cannot export the book: {e:#}")))?;
    let Some(tree) = book_tree(&repo, id, prefix.as_bstr()).map_err(unreadable)? else {
        return Err(Unavailable(format!(
            "the book's folder {prefix} does not exist at {}",
            at()
        )));
    };
    let entries = plan(&repo, tree).map_err(|e| {
        Unavailable(format!(
            "the book's folder at {} cannot be exported: {e:#}",
            at()
        ))
    })?;
    write(&repo, &entries, dest).map_err(|e| {
        Unavailable(format!(
            "the book at {} could not be exported to {}: {e:#}",
            at(),
            dest.display()
        ))
    })?;
    Ok(described)
}

fn ensure_empty(dest: &Path) -> Result<()> {
    let mut listing =
        std::fs::read_dir(dest).with_context(|| format!("cannot open {}", dest.display()))?;
    if listing.next().is_some() {
        bail!("{} is not empty", dest.display());
    }
    Ok(())
}

/// The tree at the book's repository path, `None` when there is no folder.
fn book_tree(repo: &gix::Repository, commit: ObjectId, prefix: &BStr) -> Result<Option<ObjectId>> {
    let tree = repo.find_commit(commit)?.tree()?;
    if prefix.is_empty() {
        return Ok(Some(tree.id));
    }
    Ok(tree
        .lookup_entry(prefix.split_str("/"))?
        .filter(|entry| entry.mode().is_tree())
        .map(|entry| entry.object_id()))
}

/// One thing to write, at a path relative to the export's top.
struct Entry {
    path: PathBuf,
    kind: EntryKind,
    id: ObjectId,
}

/// Every entry under `tree`, folders before what they hold, each name
/// checked; nothing is written yet, so a hostile name anywhere leaves
/// `dest` empty.
fn plan(repo: &gix::Repository, tree: ObjectId) -> Result<Vec<Entry>> {
    let options = component::Options {
        protect_windows: cfg!(windows),
        protect_hfs: true,
        protect_ntfs: true,
    };
    let mut entries = Vec::new();
    // A stack, not recursion: a repository can nest trees arbitrarily deep.
    let mut pending = vec![(PathBuf::new(), tree)];
    while let Some((folder, tree)) = pending.pop() {
        let tree = repo.find_tree(tree)?;
        for entry in tree.iter() {
            let entry = entry?;
            let kind = entry.mode().kind();
            let link = (kind == EntryKind::Link).then_some(component::Mode::Symlink);
            let name = entry.filename();
            let path = folder.join(
                file_name(name, link, options)
                    .with_context(|| format!("{} holds the name {name:?}", shown(&folder)))?,
            );
            let id = entry.object_id();
            match kind {
                EntryKind::Tree => pending.push((path.clone(), id)),
                EntryKind::Commit => continue,
                EntryKind::Blob | EntryKind::BlobExecutable | EntryKind::Link => {}
            }
            entries.push(Entry { path, kind, id });
        }
    }
    // A folder's entry is listed when its parent is read, so before its
    // contents: `write` creates folders in order.
    Ok(entries)
}

fn shown(folder: &Path) -> String {
    if folder.as_os_str().is_empty() {
        "the book's folder".to_string()
    } else {
        format!("{}", folder.display())
    }
}

/// A tree entry's name as one normal path component.
fn file_name(
    name: &BStr,
    mode: Option<component::Mode>,
    options: component::Options,
) -> Result<PathBuf> {
    component(name, mode, options)?;
    let path = gix::path::from_bstr(name)?.into_owned();
    let mut components = path.components();
    match (components.next(), components.next()) {
        (Some(Component::Normal(_)), None) => Ok(path),
        _ => bail!("it is not a plain file name"),
    }
}

fn write(repo: &gix::Repository, entries: &[Entry], dest: &Path) -> Result<()> {
    for entry in entries {
        let path = dest.join(&entry.path);
        let fail = || format!("cannot write {}", path.display());
        if entry.kind == EntryKind::Tree {
            // Not `create_dir_all`: an existing path (a link written just
            // before, on a case-insensitive file system) is an error.
            std::fs::create_dir(&path).with_context(fail)?;
            continue;
        }
        let blob = repo.find_blob(entry.id)?.detach().data;
        match entry.kind {
            #[cfg(unix)]
            EntryKind::Link => {
                use std::os::unix::ffi::OsStrExt;
                let target = std::ffi::OsStr::from_bytes(&blob);
                std::os::unix::fs::symlink(target, &path).with_context(fail)?;
            }
            kind => {
                write_file(&path, &blob, kind == EntryKind::BlobExecutable).with_context(fail)?
            }
        }
    }
    Ok(())
}

/// A new file (never an existing one, nor through a link), with the
/// permissions a checkout gives: 0o666 or, executable, 0o777, less the
/// process's umask.
fn write_file(path: &Path, bytes: &[u8], executable: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if executable { 0o777 } else { 0o666 });
    }
    #[cfg(not(unix))]
    let _ = executable;
    options.open(path)?.write_all(bytes)
}
