//! What `serve` watches: book.toml, soa.csv, the records folder and the themes
//! folder, with native events (inotify, FSEvents, ReadDirectoryChangesW), or
//! by polling where native events are unreliable (network file systems,
//! WSL's Windows drives) or when asked. Events only say "something changed":
//! the rebuild compares every file's stamp itself, so a missed or merged
//! event cannot leave a stale page.
//!
//! The polling is lessonbook's own, not notify's `PollWatcher`: that one
//! compares modification times in whole seconds, so a second save within
//! the same second as the first was never seen.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Config, RecommendedWatcher, RecursiveMode, Watcher};

/// How often the polling watcher looks.
pub const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// A running watcher; dropping it stops the native one (the polling
/// thread stops when the receiver is gone).
pub struct Watching {
    _watcher: Option<Box<dyn Watcher + Send>>,
    /// Why polling is used, when it is.
    pub polling: Option<String>,
}

/// The folders and files to watch.
#[derive(Clone)]
pub struct Watched {
    pub root: PathBuf,
    pub src: PathBuf,
    pub themes: PathBuf,
    pub output: PathBuf,
}

impl Watched {
    /// Whether a changed path can change the site: book.toml, soa.csv, anything
    /// under the records or themes folder (folders too: a renamed folder
    /// moves its records), never the output folder or hidden files.
    pub fn matters(&self, path: &Path) -> bool {
        if path.starts_with(&self.output) && self.output != self.root {
            return false;
        }
        let hidden = path
            .strip_prefix(&self.root)
            .unwrap_or(path)
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        if hidden {
            return false;
        }
        path == self.root.join("book.toml")
            || path == self.root.join("soa.csv")
            || path.starts_with(&self.src)
            || path.starts_with(&self.themes)
    }
}

/// Starts watching; every change that matters sends `()` on the receiver.
pub fn start(watched: Watched, force_poll: bool) -> Result<(Watching, Receiver<()>)> {
    let (sender, receiver) = channel();
    let reason = if force_poll {
        Some("--poll was given".to_string())
    } else {
        unreliable_events(&watched.root)
    };
    let watching = match reason {
        Some(reason) => poll(watched, sender, reason)?,
        None => match native(&watched, sender.clone()) {
            Ok(watcher) => Watching {
                _watcher: Some(watcher),
                polling: None,
            },
            Err(error) => poll(
                watched,
                sender,
                format!("native file events failed ({error:#})"),
            )?,
        },
    };
    Ok((watching, receiver))
}

fn handler(
    watched: Watched,
    sender: Sender<()>,
) -> impl Fn(notify::Result<notify::Event>) + Send + 'static {
    move |event| {
        let Ok(event) = event else {
            // An error (such as a queue overflow) may hide changes.
            let _ = sender.send(());
            return;
        };
        let reads = matches!(
            event.kind,
            EventKind::Access(
                AccessKind::Read | AccessKind::Open(_) | AccessKind::Close(AccessMode::Read)
            )
        );
        if !reads && event.paths.iter().any(|p| watched.matters(p)) {
            let _ = sender.send(());
        }
    }
}

fn watch_all(watcher: &mut dyn Watcher, watched: &Watched) -> Result<()> {
    // The root alone (book.toml, a themes folder that appears), then the
    // records and themes below it.
    watcher
        .watch(&watched.root, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch {}", watched.root.display()))?;
    for folder in [&watched.src, &watched.themes] {
        if folder.is_dir() {
            watcher
                .watch(folder, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", folder.display()))?;
        }
    }
    Ok(())
}

fn native(watched: &Watched, sender: Sender<()>) -> Result<Box<dyn Watcher + Send>> {
    let mut watcher = RecommendedWatcher::new(handler(watched.clone(), sender), Config::default())?;
    watch_all(&mut watcher, watched)?;
    Ok(Box::new(watcher))
}

fn poll(watched: Watched, sender: Sender<()>, reason: String) -> Result<Watching> {
    let mut last = snapshot(&watched);
    std::thread::Builder::new()
        .name("lessonbook poll".into())
        .spawn(move || {
            loop {
                std::thread::sleep(POLL_INTERVAL);
                let now = snapshot(&watched);
                if now != last {
                    last = now;
                    if sender.send(()).is_err() {
                        return;
                    }
                }
            }
        })
        .context("cannot start the polling thread")?;
    Ok(Watching {
        _watcher: None,
        polling: Some(reason),
    })
}

/// A digest of what can change the site: the path, length and modification
/// time (to the nanosecond, where the file system keeps them) of book.toml,
/// soa.csv and of every file under the records and themes folders, and the paths
/// of their folders (not a folder's time: a hidden editor file changes it).
fn snapshot(watched: &Watched) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    let mut stamp = |path: &Path, metadata: &std::fs::Metadata| {
        path.hash(&mut hasher);
        metadata.is_dir().hash(&mut hasher);
        if !metadata.is_dir() {
            metadata.len().hash(&mut hasher);
            metadata.modified().ok().hash(&mut hasher);
        }
    };
    for name in ["book.toml", "soa.csv"] {
        let file = watched.root.join(name);
        if let Ok(metadata) = std::fs::metadata(&file) {
            stamp(&file, &metadata);
        }
    }
    for folder in [&watched.src, &watched.themes] {
        for entry in walkdir::WalkDir::new(folder)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if watched.matters(entry.path())
                && let Ok(metadata) = entry.metadata()
            {
                stamp(entry.path(), &metadata);
            }
        }
    }
    hasher.finish()
}

/// Why native events cannot be trusted for `root`, if they cannot: network
/// and virtual-machine file systems do not report changes made elsewhere,
/// and WSL does not report changes on Windows drives.
fn unreliable_events(root: &Path) -> Option<String> {
    let root = root.canonicalize().ok()?;
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let mut best: Option<(usize, String)> = None;
    for line in mounts.lines() {
        // `36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw`
        let fields: Vec<&str> = line.split(' ').collect();
        let Some(dash) = fields.iter().position(|f| *f == "-") else {
            continue;
        };
        let (Some(mount_point), Some(fs_type)) = (fields.get(4), fields.get(dash + 1)) else {
            continue;
        };
        let mount_point = mount_point.replace("\\040", " ");
        if root.starts_with(&mount_point)
            && best
                .as_ref()
                .is_none_or(|(len, _)| mount_point.len() > *len)
        {
            best = Some((mount_point.len(), fs_type.to_string()));
        }
    }
    let (_, fs_type) = best?;
    const UNRELIABLE: &[&str] = &[
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "drvfs",
        "vboxsf",
        "fuse.sshfs",
        "fuse.rclone",
        "afs",
        "ncpfs",
        "virtiofs",
    ];
    UNRELIABLE
        .contains(&fs_type.as_str())
        .then(|| format!("the book is on a {fs_type} file system"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_book_toml_records_and_themes_matter() {
        let watched = Watched {
            root: "/b".into(),
            src: "/b/records".into(),
            themes: "/b/themes".into(),
            output: "/b/book".into(),
        };
        for yes in [
            "/b/book.toml",
            "/b/soa.csv",
            "/b/records/INC-1.md",
            "/b/records/2026",
            "/b/themes/default/templates/base.html",
        ] {
            assert!(watched.matters(Path::new(yes)), "{yes}");
        }
        for no in [
            "/b/README.md",
            "/b/book/index.html",
            "/b/records/.INC-1.md.swp",
            "/b/.git/index",
            "/b/target/debug/x",
        ] {
            assert!(!watched.matters(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn a_second_save_within_the_same_second_changes_the_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("records")).unwrap();
        std::fs::write(root.join("book.toml"), "[book]\n").unwrap();
        let watched = Watched {
            root: root.clone(),
            src: root.join("records"),
            themes: root.join("themes"),
            output: root.join("book"),
        };
        let record = root.join("records/INC-1.md");
        let mut seen = vec![snapshot(&watched)];
        // Each step must change it: a new file, edits of the same length
        // in quick succession, a new folder, a deletion, book.toml.
        std::fs::write(&record, "one").unwrap();
        seen.push(snapshot(&watched));
        for text in ["two", "six", "ten"] {
            // Past the coarsest timestamp tick Linux uses (a jiffy).
            std::thread::sleep(Duration::from_millis(15));
            std::fs::write(&record, text).unwrap();
            seen.push(snapshot(&watched));
        }
        std::fs::create_dir(root.join("records/2026")).unwrap();
        seen.push(snapshot(&watched));
        std::fs::remove_file(&record).unwrap();
        seen.push(snapshot(&watched));
        std::fs::write(root.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
        seen.push(snapshot(&watched));
        // Files that do not matter do not.
        std::fs::write(root.join("README.md"), "x").unwrap();
        std::fs::write(root.join("records/.INC-1.md.swp"), "x").unwrap();
        assert_eq!(snapshot(&watched), *seen.last().unwrap());
        for (i, pair) in seen.windows(2).enumerate() {
            assert_ne!(pair[0], pair[1], "step {i} was not seen");
        }
    }
}
