//! Source files as read from disk: the display path, the text, and the mapping
//! from byte offsets to 1-based line and column. Owns no parsing.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One file of the book, shared between the record parsed from it and every
/// diagnostic that points into it.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the book root, as shown in diagnostics and links.
    pub path: PathBuf,
    /// The text after a UTF-8 BOM was removed and CRLF kept as written.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Arc<SourceFile> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        Arc::new(SourceFile {
            path: path.into(),
            text,
            line_starts,
        })
    }

    /// A file whose text could not be read: diagnostics show only its path.
    pub fn unreadable(path: impl Into<PathBuf>) -> Arc<SourceFile> {
        SourceFile::new(path, String::new())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count();
        (line + 1, col + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The byte range of the one character at `offset` (empty at the end of
    /// the text), for labels that point at a single place.
    pub fn char_span(&self, offset: usize) -> Range<usize> {
        let start = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let width = self.text[start..].chars().next().map_or(0, char::len_utf8);
        start..start + width
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let file = SourceFile::new("a.md", "ab\r\nçd: x\n".to_string());
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(4), (2, 1));
        assert_eq!(file.line_col(8), (2, 4));
        assert_eq!(file.line_text(1), "ab");
        assert_eq!(file.line_text(2), "çd: x");
        // ç is two bytes: its span covers both.
        assert_eq!(file.char_span(4), 4..6);
        assert_eq!(file.char_span(5), 4..6);
    }
}
