//! File names as code hosts want them in CI reports (SARIF, GitLab Code
//! Quality): relative to the repository root, with forward slashes.

use std::path::{Component, Path};

use crate::source::SourceFile;

/// Where the book root sits inside its repository, so that a report names
/// `compliance/records/INC-1.md` when the book lives in `compliance/`.
/// Outside a repository the prefix is empty and paths stay relative to the
/// book root.
#[derive(Clone, Debug, Default)]
pub struct RepoPaths {
    /// Empty, or the book root's path in the repository ending in `/`.
    prefix: String,
}

impl RepoPaths {
    /// `book_root` is the book root's path relative to the repository root.
    pub fn new(book_root: &Path) -> RepoPaths {
        let mut prefix = slashed(book_root);
        if !prefix.is_empty() {
            prefix.push('/');
        }
        RepoPaths { prefix }
    }

    /// The file's path from the repository root, or its absolute path when
    /// it lies outside the book (it could not be made relative).
    pub fn path(&self, file: &SourceFile) -> String {
        if file.path().is_absolute() {
            return file.path().display().to_string();
        }
        format!("{}{}", self.prefix, slashed(file.path()))
    }

    /// The file as a SARIF `artifactLocation`: a relative URI reference
    /// under `%SRCROOT%`, or a `file:` URI for an absolute path.
    pub fn uri(&self, file: &SourceFile) -> (String, Option<&'static str>) {
        let path = self.path(file);
        if file.path().is_absolute() {
            (format!("file://{}", percent_encode(&path)), None)
        } else {
            (percent_encode(&path), Some("%SRCROOT%"))
        }
    }
}

/// The normal components of a relative path joined with `/` (`.` dropped),
/// whatever the platform's separator.
fn slashed(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|part| match part {
            Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// Percent-encodes every byte but unreserved characters and `/`, so a file
/// name with spaces, `#`, `?`, `%` or `:` stays one valid URI path.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_prefixed_with_the_books_place_in_the_repository() {
        let file = SourceFile::new("records/INC 1#x.md", String::new());
        let top = RepoPaths::new(Path::new(""));
        assert_eq!(top.path(&file), "records/INC 1#x.md");
        assert_eq!(
            top.uri(&file),
            ("records/INC%201%23x.md".to_string(), Some("%SRCROOT%"))
        );
        let below = RepoPaths::new(Path::new("./compliance/isms"));
        assert_eq!(below.path(&file), "compliance/isms/records/INC 1#x.md");
        let accented = SourceFile::new("records/é.md", String::new());
        assert_eq!(top.uri(&accented).0, "records/%C3%A9.md");
    }

    #[test]
    fn absolute_paths_become_file_uris() {
        let file = SourceFile::new("/elsewhere/INC-1.md", String::new());
        let paths = RepoPaths::new(Path::new("book"));
        assert_eq!(paths.path(&file), "/elsewhere/INC-1.md");
        assert_eq!(
            paths.uri(&file),
            ("file:///elsewhere/INC-1.md".to_string(), None)
        );
    }
}
