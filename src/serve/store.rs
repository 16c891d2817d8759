//! The site `serve` shows, in memory. A rebuild renders into a new `Store`
//! that remembers the previous site: a record page whose inputs did not
//! change is kept (the same bytes, shared), not rendered again.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Result;

use crate::output::Output;

/// One file of the site.
#[derive(Clone)]
pub struct Page {
    /// The fingerprint of the inputs it was rendered from, where the
    /// renderer gave one (record pages).
    pub fingerprint: Option<u64>,
    pub bytes: Arc<[u8]>,
}

/// A complete site: path (relative, `/`-separated) to file.
pub type Files = HashMap<String, Page>;

/// Receives one rebuild.
pub struct Store {
    previous: Arc<Files>,
    current: Mutex<Files>,
    kept: AtomicUsize,
    rendered: AtomicUsize,
}

impl Store {
    /// A rebuild that may keep pages of `previous` (pass an empty map after
    /// a change to book.toml or the theme: every page may differ).
    pub fn new(previous: Arc<Files>) -> Store {
        Store {
            current: Mutex::new(HashMap::with_capacity(previous.len())),
            previous,
            kept: AtomicUsize::new(0),
            rendered: AtomicUsize::new(0),
        }
    }

    fn insert(&self, relative: &str, page: Page) {
        self.current
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(relative.to_string(), page);
    }

    /// The files, and how many were (rendered, kept).
    pub fn finish(self) -> (Files, usize, usize) {
        (
            self.current.into_inner().unwrap_or_else(|e| e.into_inner()),
            self.rendered.into_inner(),
            self.kept.into_inner(),
        )
    }
}

impl Output for Store {
    fn write(&self, relative: &str, bytes: &[u8]) -> Result<()> {
        self.rendered.fetch_add(1, Ordering::Relaxed);
        self.insert(
            relative,
            Page {
                fingerprint: None,
                bytes: bytes.into(),
            },
        );
        Ok(())
    }

    fn remembers(&self) -> bool {
        true
    }

    fn keep(&self, relative: &str, fingerprint: u64) -> bool {
        match self.previous.get(relative) {
            Some(page) if page.fingerprint == Some(fingerprint) => {
                self.kept.fetch_add(1, Ordering::Relaxed);
                self.insert(relative, page.clone());
                true
            }
            _ => false,
        }
    }

    fn write_fingerprinted(&self, relative: &str, fingerprint: u64, bytes: &[u8]) -> Result<()> {
        self.rendered.fetch_add(1, Ordering::Relaxed);
        self.insert(
            relative,
            Page {
                fingerprint: Some(fingerprint),
                bytes: bytes.into(),
            },
        );
        Ok(())
    }
}
