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
    /// Characters before each `CHUNK`-byte boundary, so a column costs at
    /// most one chunk of counting even on a 4 MiB one-line front matter
    /// with thousands of diagnostics (each one sorted and printed).
    chars_before_chunk: Vec<usize>,
}

const CHUNK: usize = 256;

/// Characters in a byte slice cut anywhere: every byte that is not a UTF-8
/// continuation byte starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Arc<SourceFile> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        let mut chars_before_chunk = vec![0];
        let mut total = 0;
        for chunk in text.as_bytes().chunks(CHUNK) {
            total += count_chars(chunk);
            chars_before_chunk.push(total);
        }
        Arc::new(SourceFile {
            path: path.into(),
            text,
            line_starts,
            chars_before_chunk,
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
        let end = floor_char_boundary(&self.text, offset);
        (
            line + 1,
            self.chars_before(end) - self.chars_before(start) + 1,
        )
    }

    /// Characters before a byte offset (a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let chunk = offset / CHUNK;
        self.chars_before_chunk[chunk] + count_chars(&self.text.as_bytes()[chunk * CHUNK..offset])
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

    /// Columns on one 1 MiB line with non-ASCII text, 20,000 times: counting
    /// from the line start each time was quadratic.
    #[test]
    fn columns_on_a_huge_line_are_cheap() {
        let line = "é".repeat(512 * 1024);
        let file = SourceFile::new("a.md", format!("x\n{line}\n"));
        let bytes = line.len();
        for i in 0..20_000 {
            let offset = 2 + (bytes / 20_000 * i) / 2 * 2;
            assert_eq!(file.line_col(offset), (2, (offset - 2) / 2 + 1));
        }
        assert_eq!(file.line_col(2 + bytes), (2, 512 * 1024 + 1));
        assert_eq!(file.line_col(3 + bytes), (3, 1));
    }
}
