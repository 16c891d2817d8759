//! Revisions to commits, read as `git rev-parse` reads them, in the part
//! of git's syntax that names one commit: a name (`HEAD` or `@`, a tag, a
//! branch, any reference by the rules of `git rev-parse`, a full or
//! abbreviated object id) followed by any number of `~N`, `^N`, `^{}` and
//! `^{commit}`.
//!
//! Written here rather than with gix's `rev_parse_single`, which needs
//! gix's `revision` feature (describe and merge-base, which nothing else
//! here needs). Reflog (`@{…}`), message search (`:/…`), paths (`REV:path`)
//! and ranges name no single commit of a book's history: they read as
//! unknown revisions.

use std::path::Path;

use gix::ObjectId;
use gix::object::Kind;

use super::Unavailable;
use super::repository::unreadable;

/// `git::resolve`: only tests call it (the commands resolve inside
/// `export_book` and `read_at`, through `commit_id`).
#[cfg(test)]
pub(super) fn resolve(
    book_root: &Path,
    rev: &str,
) -> Result<std::sync::Arc<super::Commit>, Unavailable> {
    let repo = super::repository::open(book_root)?;
    let id = commit_id(&repo, book_root, rev)?;
    let described = repo
        .find_commit(id)
        .map_err(anyhow::Error::from)
        .and_then(|commit| super::history::describe(&commit));
    described
        .map(std::sync::Arc::new)
        .map_err(|e| unreadable(book_root, e))
}

/// The id of the commit `rev` names, or why there is none, as a sentence.
pub(super) fn commit_id(
    repo: &gix::Repository,
    book_root: &Path,
    rev: &str,
) -> Result<ObjectId, Unavailable> {
    let holding = || format!("the repository holding {}", book_root.display());
    parse(repo, rev).map_err(|unresolved| match unresolved {
        Unresolved::Unknown => Unavailable(format!(
            "`{rev}` is not a revision of {} (a tag, branch or commit)",
            holding()
        )),
        Unresolved::Ambiguous => Unavailable(format!(
            "`{rev}` is ambiguous in {}: more than one object id starts with it; \
             give more digits",
            holding()
        )),
        Unresolved::NotACommit(kind) => Unavailable(format!(
            "`{rev}` names a {kind}, not a commit, in {}",
            holding()
        )),
        Unresolved::Unreadable(error) => unreadable(book_root, error),
    })
}

enum Unresolved {
    Unknown,
    Ambiguous,
    NotACommit(Kind),
    Unreadable(anyhow::Error),
}

impl From<gix::Error> for Unresolved {
    fn from(error: gix::Error) -> Unresolved {
        Unresolved::Unreadable(error.into())
    }
}

fn parse(repo: &gix::Repository, rev: &str) -> Result<ObjectId, Unresolved> {
    let split = rev.find(['~', '^']).unwrap_or(rev.len());
    let (name, mut steps) = rev.split_at(split);
    let mut id = match name {
        "" => return Err(Unresolved::Unknown),
        "@" => named(repo, "HEAD")?,
        name => named(repo, name)?,
    };
    while let Some(&step) = steps.as_bytes().first() {
        if step != b'~' && step != b'^' {
            return Err(Unresolved::Unknown);
        }
        steps = &steps[1..];
        if step == b'^' && steps.starts_with('{') {
            let end = steps.find('}').ok_or(Unresolved::Unknown)?;
            match &steps[1..end] {
                // Either peels tags, and at the end everything is peeled to
                // a commit anyway.
                "" | "commit" => id = peel_to_commit(repo, id)?,
                _ => return Err(Unresolved::Unknown),
            }
            steps = &steps[end + 1..];
            continue;
        }
        let digits = steps.len() - steps.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let count = match &steps[..digits] {
            "" => 1,
            digits => digits.parse().map_err(|_| Unresolved::Unknown)?,
        };
        steps = &steps[digits..];
        id = peel_to_commit(repo, id)?;
        id = match step {
            // `~N`: the Nth first-parent ancestor.
            b'~' => (0..count).try_fold(id, |id, _| parent(repo, id, 1))?,
            // `^N`: the Nth parent, `^0` the commit itself.
            _ if count == 0 => id,
            _ => parent(repo, id, count)?,
        };
    }
    peel_to_commit(repo, id)
}

/// The object a name stands for, in git's order: a full object id, then a
/// reference (`v1`, `main`, `origin/main`, `refs/…`), then an abbreviated
/// id of at least four digits.
fn named(repo: &gix::Repository, name: &str) -> Result<ObjectId, Unresolved> {
    let hex = name.bytes().all(|b| b.is_ascii_hexdigit());
    if hex && name.len() == repo.object_hash().len_in_hex() {
        return Ok(ObjectId::from_hex(name.as_bytes())?);
    }
    // Not every string is a reference name (`a..b`, `x@{1}`, `:/fix`).
    if <&gix::refs::PartialNameRef>::try_from(name).is_ok()
        && let Some(reference) = repo.try_find_reference(name)?
    {
        // A symbolic reference to nothing (HEAD before the first commit)
        // names no object.
        return reference
            .into_fully_peeled_id()
            .map(|id| id.detach())
            .map_err(|_| Unresolved::Unknown);
    }
    if !hex || name.len() < gix::hash::Prefix::MIN_HEX_LEN {
        return Err(Unresolved::Unknown);
    }
    let prefix = gix::hash::Prefix::from_hex(name)?;
    match repo.objects.lookup_prefix(prefix, None)? {
        Some(Ok(id)) => Ok(id),
        Some(Err(())) => Err(Unresolved::Ambiguous),
        None => Err(Unresolved::Unknown),
    }
}

/// Follows annotated tags to the commit they name.
fn peel_to_commit(repo: &gix::Repository, mut id: ObjectId) -> Result<ObjectId, Unresolved> {
    loop {
        let object = repo.try_find_object(id)?.ok_or(Unresolved::Unknown)?;
        match object.kind {
            Kind::Commit => return Ok(id),
            Kind::Tag => id = object.into_tag().target_id()?.detach(),
            kind => return Err(Unresolved::NotACommit(kind)),
        }
    }
}

/// The `nth` parent (from 1) of a commit; a parent beyond a shallow
/// clone's boundary is unknown, as it is to git.
fn parent(repo: &gix::Repository, commit: ObjectId, nth: usize) -> Result<ObjectId, Unresolved> {
    let commit = repo.find_commit(commit)?;
    let parent = commit
        .parent_ids()
        .nth(nth - 1)
        .ok_or(Unresolved::Unknown)?
        .detach();
    if !repo.has_object(parent) {
        return Err(Unresolved::Unknown);
    }
    Ok(parent)
}
