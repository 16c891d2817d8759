//! `lessonbook serve`: the site built into memory and served on localhost,
//! rebuilt when a record, book.toml or the theme changes, with open pages
//! reloaded once the new site is complete. A change that breaks the records
//! keeps the last good site and shows the messages over it.

mod build;
mod http;
mod store;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use anyhow::{Result, anyhow};

use crate::config::Settings;
use build::Builder;
use http::{Event, Shared};

/// Editors write a file in several steps (truncate, write, rename): changes
/// this close together make one rebuild.
const SETTLE: Duration = Duration::from_millis(5);

pub struct Options {
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
    pub poll: bool,
    pub color: bool,
}

/// Serves until the process is stopped. `load_settings(color)` reads
/// book.toml and the flags again for each rebuild.
pub fn run<F>(load_settings: F, options: &Options) -> Result<()>
where
    F: Fn(bool) -> Result<Settings, String>,
{
    let first = load_settings(options.color).map_err(|text| {
        eprint!("{text}");
        anyhow!("book.toml is not valid; nothing is served")
    })?;
    let watched = watch::Watched {
        root: absolute(&first.root),
        src: absolute(&first.src),
        themes: absolute(&first.root.join("themes")),
        output: absolute(&first.output),
    };
    drop(first);

    let shared = Arc::new(Shared::new());
    let mut builder = Builder::new(load_settings, options.color);
    rebuild(&mut builder, &shared);

    let address = SocketAddr::new(options.bind, options.port);
    let server = tiny_http::Server::http(address)
        .map_err(|error| anyhow!("cannot listen on {address}: {error}"))?;
    let url = match server.server_addr().to_ip() {
        Some(bound) => format!("http://{bound}/"),
        None => format!("http://{address}/"),
    };
    let (watching, changes) = watch::start(watched, options.poll)?;
    if let Some(reason) = &watching.polling {
        eprintln!(
            "note: watching by polling every {} ms: {reason}",
            watch::POLL_INTERVAL.as_millis()
        );
    }
    {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || http::serve(server, shared));
    }
    eprintln!("serving {url} (Ctrl-C stops)");
    if options.open {
        open_browser(&url);
    }
    loop {
        if changes.recv().is_err() {
            return Err(anyhow!("the file watcher stopped"));
        }
        // Let a burst of events settle into one rebuild.
        loop {
            match changes.recv_timeout(SETTLE) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(anyhow!("the file watcher stopped"));
                }
            }
        }
        rebuild(&mut builder, &shared);
    }
}

/// One rebuild: on success the new site is swapped in whole, then open
/// pages are told to reload (so a reload never sees a half-built site);
/// on failure the last good site stays and open pages show the messages.
fn rebuild<F>(builder: &mut Builder<F>, shared: &Shared)
where
    F: Fn(bool) -> Result<Settings, String>,
{
    match builder.rebuild() {
        Ok(built) => {
            let stats = built.stats;
            eprint!("{}", built.report);
            let built = Arc::new(built);
            let replaced = {
                let mut state = shared.state.write().unwrap_or_else(|e| e.into_inner());
                state.problems = None;
                state.pdf = None;
                state.site.replace(Arc::clone(&built))
            };
            shared.broadcast(&Event::Reload);
            // Freed once the pages are told, not before.
            drop(replaced);
            let rendered = match stats.pages_rendered {
                0 => "pages rendered when asked for".to_string(),
                pages => format!("{pages} files rendered"),
            };
            eprintln!(
                "rebuilt in {:.0} ms (checking {:.0} ms): {} records parsed, {rendered}",
                stats.millis, stats.check_millis, stats.records_parsed,
            );
        }
        Err(failed) => {
            eprint!("{}", failed.terminal);
            shared
                .state
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .problems = Some(failed.plain.clone());
            shared.broadcast(&Event::Problems(failed.plain));
        }
    }
}

fn absolute(path: &std::path::Path) -> std::path::PathBuf {
    path.canonicalize().unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    })
}

/// Opens the site in the desktop's browser; a failure is only a note.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(command.0)
        .args(&command.1)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(error) = spawned {
        eprintln!(
            "note: cannot open a browser ({}: {error}); open {url}",
            command.0
        );
    }
}
