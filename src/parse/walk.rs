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

/// Whether a file name ends in `.md` (and has a stem), as
/// `Path::extension` would say, without parsing the path.
fn is_markdown(name: &std::ffi::OsStr) -> bool {
    let name = name.as_encoded_bytes();
    name.len() > 3 && name.ends_with(b".md")
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
                // Cheap tests first: `serve` walks the book on every rebuild.
                if entry.file_type().is_dir() || !is_markdown(entry.file_name()) {
                    continue;
                }
                let path = entry.path();
                if !ignore.is_empty() && ignore.is_match(path.strip_prefix(src).unwrap_or(path)) {
                    continue;
                }
                found.push(Found::File(entry.into_path()));
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

#[cfg(test)]
mod tests {
    use super::is_markdown;
    use std::path::Path;

    #[test]
    fn markdown_files_are_those_path_extension_calls_md() {
        for name in [
            "a.md", "INC-1.md", "..md", "a.b.md", ".md", "md", "a.mdx", "a.MD", "a.md.bak", "amd",
        ] {
            let expected = Path::new(name).extension().is_some_and(|e| e == "md");
            assert_eq!(is_markdown(std::ffi::OsStr::new(name)), expected, "{name}");
        }
    }
}
