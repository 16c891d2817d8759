//! The site `serve` shows, in memory: pages by path, and an `Output` that
//! collects what a renderer writes.

use std::sync::{Arc, Mutex};

use anyhow::Result;

use crate::output::Output;

/// One file of the site; shared, so that answering a request copies nothing
/// but the pointer until the answer is written.
#[derive(Clone)]
pub struct Page {
    pub bytes: Arc<[u8]>,
}

impl Page {
    pub fn new(bytes: &[u8]) -> Page {
        Page {
            bytes: bytes.into(),
        }
    }
}

/// Files by path (relative, `/`-separated).
pub type Files = foldhash::HashMap<String, Page>;

/// Receives what a renderer writes, from any thread.
#[derive(Default)]
pub struct Store {
    files: Mutex<Files>,
}

impl Store {
    pub fn finish(self) -> Files {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Output for Store {
    fn write(&self, relative: &str, bytes: &[u8]) -> Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(relative.to_string(), Page::new(bytes));
        Ok(())
    }
}
