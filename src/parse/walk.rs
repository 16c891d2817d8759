//! Finds the record files under `[book].src`: every `*.md`, minus the
//! `ignore` globs and hidden entries, in a stable order.

use std::path::{Path, PathBuf};

use globset::GlobSet;
use walkdir::WalkDir;

/// A file to read, or a problem met while walking that names a path.
pub enum Found {
    File(PathBuf),
    Problem {
        path: PathBuf,
        message: String,
        is_loop: bool,
    },
}

pub fn walk(src: &Path, ignore: &GlobSet) -> Vec<Found> {
    let mut found = Vec::new();
    let walker = WalkDir::new(src)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let relative = path.strip_prefix(src).unwrap_or(path);
                let is_markdown = path.extension().is_some_and(|ext| ext == "md");
                if entry.file_type().is_dir() || !is_markdown || ignore.is_match(relative) {
                    continue;
                }
                found.push(Found::File(path.to_path_buf()));
            }
            Err(error) => {
                let is_loop = error.loop_ancestor().is_some();
                let path = error
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| src.to_path_buf());
                let message = if let Some(ancestor) = error.loop_ancestor() {
                    format!(
                        "symbolic link loop: this folder leads back to {}; not followed",
                        ancestor.display()
                    )
                } else {
                    match error.io_error() {
                        Some(io) => format!("cannot read: {io}"),
                        None => format!("cannot read: {error}"),
                    }
                };
                found.push(Found::Problem {
                    path,
                    message,
                    is_loop,
                });
            }
        }
    }
    found
}
