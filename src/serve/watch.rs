//! What `serve` watches: book.toml, the records folder and the themes
//! folder, with native events (inotify, FSEvents, ReadDirectoryChangesW), or
//! by polling where native events are unreliable (network file systems,
//! WSL's Windows drives) or when asked. Events only say "something changed":
//! the rebuild compares every file's stamp itself, so a missed or merged
//! event cannot leave a stale page.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Config, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

/// How often the polling watcher looks.
pub const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// A running watcher; dropping it stops it.
pub struct Watching {
    _watcher: Box<dyn Watcher + Send>,
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
    /// Whether a changed path can change the site: book.toml, anything
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
                _watcher: watcher,
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
    let mut watcher = PollWatcher::new(
        handler(watched.clone(), sender),
        Config::default().with_poll_interval(POLL_INTERVAL),
    )?;
    watch_all(&mut watcher, &watched)?;
    Ok(Watching {
        _watcher: Box::new(watcher),
        polling: Some(reason),
    })
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
}
