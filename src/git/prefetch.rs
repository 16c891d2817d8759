//! The walk's tree diffs, done ahead on every core. Nearly all of a walk's
//! time is unpacking two trees per commit and comparing them entry by
//! entry; which of the changes matter depends on the names the walk
//! follows, but the diff itself does not, so the diffs of the next stretch
//! of commits (in the walk's order) are computed in parallel, each thread
//! with its own handle on the repository and its own caches, and the walk
//! filters them. A stretch at a time, so a walk that ends early (every
//! file found) wastes at most one stretch.

use std::collections::HashMap;

use std::sync::mpsc;

use anyhow::{Context, Result};
use gix::ObjectId;
use gix::bstr::BString;

use super::history::Differ;

/// Commits diffed per stretch.
pub(super) const STRETCH: usize = 512;

/// Threads, whatever the machine has: more add memory (each holds caches)
/// for little.
const MAX_THREADS: usize = 8;

/// Below this many commits, threads cost more than they save: the diffs
/// are done on the calling thread.
const PARALLEL_FROM: usize = 256;

/// Every file a commit changed against its first parent (no renames).
#[derive(Default)]
pub(super) struct Plain {
    /// Modified or added files: path, added, blob id.
    pub changed: Vec<(BString, bool, ObjectId)>,
    /// A file was deleted (then an addition may be a rename).
    pub deleted: bool,
}

/// How many diff threads a walk over `commits` commits uses: none below
/// PARALLEL_FROM or on one core.
pub(super) fn threads_for(commits: usize) -> usize {
    let cores = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, MAX_THREADS);
    if commits < PARALLEL_FROM || cores == 1 {
        0
    } else {
        cores
    }
}

/// The plain diffs of the commits of the walk, computed a stretch ahead.
pub(super) struct Prefetch<'a> {
    repo: &'a gix::Repository,
    /// None for a short history: its diffs are done on the calling thread.
    workers: Vec<Worker>,
    /// (commit, first parent) per node; None for a root.
    pairs: &'a [Option<(ObjectId, ObjectId)>],
    order: &'a [usize],
    /// Position in `order` up to which diffs are done.
    done: usize,
    /// Commits diffed per stretch.
    stretch: usize,
    diffs: HashMap<usize, Plain>,
}

/// A job: nodes with their commit and first parent.
type Job = Vec<(usize, ObjectId, ObjectId)>;

/// A thread with its own handle on the repository, opened once (gix's
/// handles are not shared across threads without its `parallel` feature),
/// so its caches stay warm from one stretch to the next.
struct Worker {
    jobs: Option<mpsc::Sender<Job>>,
    results: mpsc::Receiver<Result<Vec<(usize, Plain)>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Worker {
    fn start(git_dir: std::path::PathBuf) -> Worker {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (outbox, results) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let opened = gix::open(&git_dir).map_err(anyhow::Error::from);
            let mut repo = match opened {
                Ok(repo) => repo,
                Err(error) => {
                    let _ = outbox.send(Err(error));
                    return;
                }
            };
            super::repository::set_caches(&mut repo);
            let mut differ = match Differ::new(&repo) {
                Ok(differ) => differ,
                Err(error) => {
                    let _ = outbox.send(Err(error));
                    return;
                }
            };
            for job in inbox {
                let done: Result<Vec<(usize, Plain)>> = job
                    .into_iter()
                    .map(|(n, commit, parent)| Ok((n, differ.plain(parent, commit)?)))
                    .collect();
                if outbox.send(done).is_err() {
                    return;
                }
            }
        });
        Worker {
            jobs: Some(jobs),
            results,
            thread: Some(thread),
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing the job channel ends the thread's loop.
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl<'a> Prefetch<'a> {
    /// With `threads` diff threads (0: the calling thread does the diffs),
    /// `stretch` commits at a time.
    pub(super) fn new(
        repo: &'a gix::Repository,
        pairs: &'a [Option<(ObjectId, ObjectId)>],
        order: &'a [usize],
        (threads, stretch): (usize, usize),
    ) -> Prefetch<'a> {
        let workers = (0..threads)
            .map(|_| Worker::start(repo.path().to_path_buf()))
            .collect();
        Prefetch {
            repo,
            workers,
            pairs,
            order,
            done: 0,
            stretch: stretch.max(1),
            diffs: HashMap::new(),
        }
    }

    /// The plain diff of the node at `position` in the walk's order (its
    /// first parent against it); None for a root commit.
    pub(super) fn take(&mut self, position: usize) -> Result<Option<Plain>> {
        if position >= self.done {
            self.fill(position)?;
        }
        Ok(self.diffs.remove(&self.order[position]))
    }

    /// Diffs the stretch starting at `from`, split into one contiguous run
    /// per thread (a child and its parent are mostly neighbours in the
    /// order, so a thread's caches hold the tree both diffs read).
    fn fill(&mut self, from: usize) -> Result<()> {
        // Every position before `from` has been walked: what it left
        // untaken belonged to commits the walk skipped.
        self.diffs.clear();
        let end = (from + self.stretch).min(self.order.len());
        let job: Job = self.order[from..end]
            .iter()
            .filter_map(|&n| self.pairs[n].map(|(commit, parent)| (n, commit, parent)))
            .collect();
        if self.workers.is_empty() {
            let mut differ = Differ::new(self.repo)?;
            for (n, commit, parent) in job {
                self.diffs.insert(n, differ.plain(parent, commit)?);
            }
            self.done = end;
            return Ok(());
        }
        let per_worker = job.len().div_ceil(self.workers.len()).max(1);
        let mut sent = Vec::new();
        for (worker, chunk) in self.workers.iter().zip(job.chunks(per_worker)) {
            let jobs = worker.jobs.as_ref().context("a diff thread has stopped")?;
            jobs.send(chunk.to_vec())
                .map_err(|_| anyhow::anyhow!("a diff thread has stopped"))?;
            sent.push(worker);
        }
        for worker in sent {
            let diffs = worker
                .results
                .recv()
                .map_err(|_| anyhow::anyhow!("a diff thread has stopped"))??;
            self.diffs.extend(diffs);
        }
        self.done = end;
        Ok(())
    }
}
