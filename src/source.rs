//! Source files as read from disk: the display path, the text, and the mapping
//! from byte offsets to 1-based line and column. Owns no parsing.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// One file of the book, shared between the record parsed from it and every
/// diagnostic that points into it.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the book root, as shown in diagnostics and links.
    pub path: PathBuf,
    /// The text after a UTF-8 BOM was removed and CRLF kept as written.
    pub text: String,
    /// Built on first use: most files of a book are never asked for a
    /// line or column, and at 100,000 files an index built with each file
    /// was a second pass over every text and 8 bytes a line kept for the
    /// whole run.
    index: OnceLock<LineIndex>,
}

#[derive(Debug)]
struct LineIndex {
    line_starts: Vec<usize>,
    /// So a column costs at most one chunk of counting even on a 4 MiB
    /// one-line front matter with thousands of diagnostics (each one sorted
    /// and printed).
    chars: CharIndex,
}

/// Characters before each 256-byte boundary of a text: converts between
/// byte offsets and character positions in O(log n + 256) instead of
/// counting from the start of a (possibly huge) line every time.
#[derive(Debug)]
pub struct CharIndex {
    /// All ASCII (the usual case): positions are byte offsets.
    ascii: bool,
    before_chunk: Vec<usize>,
    /// Characters outside the Basic Multilingual Plane before each boundary:
    /// each is two UTF-16 code units, the unit SARIF counts columns in.
    astral_before_chunk: Vec<usize>,
}

const CHUNK: usize = 256;

fn is_char_start(byte: u8) -> bool {
    byte & 0xC0 != 0x80
}

/// The first byte of a four-byte UTF-8 sequence: a character beyond U+FFFF.
fn is_astral_start(byte: u8) -> bool {
    byte >= 0xF0
}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        if text.is_ascii() {
            return CharIndex {
                ascii: true,
                before_chunk: Vec::new(),
                astral_before_chunk: Vec::new(),
            };
        }
        let mut before_chunk = vec![0];
        let mut astral_before_chunk = vec![0];
        let (mut chars, mut astral) = (0, 0);
        for chunk in text.as_bytes().chunks(CHUNK) {
            chars += chunk.iter().filter(|&&b| is_char_start(b)).count();
            astral += chunk.iter().filter(|&&b| is_astral_start(b)).count();
            before_chunk.push(chars);
            astral_before_chunk.push(astral);
        }
        CharIndex {
            ascii: false,
            before_chunk,
            astral_before_chunk,
        }
    }

    /// Whether the text is all ASCII, so that characters are bytes.
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// Characters beyond U+FFFF in `text` before byte `offset`.
    fn astral_before(&self, text: &str, offset: usize) -> usize {
        if self.ascii {
            return 0;
        }
        let chunk = offset / CHUNK;
        let partial = &text.as_bytes()[chunk * CHUNK..offset];
        self.astral_before_chunk[chunk] + partial.iter().filter(|&&b| is_astral_start(b)).count()
    }

    /// Characters of `text` before byte `offset` (at most `text.len()`).
    pub fn chars_before(&self, text: &str, offset: usize) -> usize {
        if self.ascii {
            return offset;
        }
        let chunk = offset / CHUNK;
        let partial = &text.as_bytes()[chunk * CHUNK..offset];
        self.before_chunk[chunk] + partial.iter().filter(|&&b| is_char_start(b)).count()
    }

    /// The byte offset where character `index` (0-based) of `text` starts,
    /// or `text.len()` past the last one.
    pub fn offset_of_char(&self, text: &str, index: usize) -> usize {
        let bytes = text.as_bytes();
        if self.ascii {
            return index.min(bytes.len());
        }
        let chunk = self.before_chunk.partition_point(|&before| before <= index) - 1;
        let mut seen = self.before_chunk[chunk];
        for (at, &byte) in bytes.iter().enumerate().skip(chunk * CHUNK) {
            if is_char_start(byte) {
                if seen == index {
                    return at;
                }
                seen += 1;
            }
        }
        bytes.len()
    }
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            path: path.into(),
            text,
            index: OnceLock::new(),
        })
    }

    fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| {
            let mut line_starts = vec![0];
            line_starts.extend(self.text.match_indices('\n').map(|(at, _)| at + 1));
            LineIndex {
                line_starts,
                chars: CharIndex::new(&self.text),
            }
        })
    }

    fn line_starts(&self) -> &[usize] {
        &self.index().line_starts
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
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&start| start <= offset) - 1;
        let start = line_starts[line];
        let end = floor_char_boundary(&self.text, offset);
        // A short stretch is quicker to count than to look up.
        let col = if end - start <= CHUNK {
            self.text[start..end].chars().count()
        } else {
            let chars = &self.index().chars;
            chars.chars_before(&self.text, end) - chars.chars_before(&self.text, start)
        };
        (line + 1, col + 1)
    }

    /// 1-based line and 1-based column in UTF-16 code units, SARIF's
    /// default column unit: a character beyond U+FFFF (most emoji) counts
    /// two.
    pub fn line_col_utf16(&self, offset: usize) -> (usize, usize) {
        let (line, col) = self.line_col(offset);
        let start = self.line_starts()[line - 1];
        let end = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let astral = if end - start <= CHUNK {
            self.text.as_bytes()[start..end]
                .iter()
                .filter(|&&b| is_astral_start(b))
                .count()
        } else {
            let chars = &self.index().chars;
            chars.astral_before(&self.text, end) - chars.astral_before(&self.text, start)
        };
        (line, col + astral)
    }

    /// The byte offset where a 1-based line starts (the end of the text past
    /// the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts()
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let line_starts = self.line_starts();
        let Some(&start) = line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = line_starts.get(line).copied().unwrap_or(self.text.len());
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

    #[test]
    fn utf16_columns_count_astral_characters_twice() {
        let file = SourceFile::new("a.md", "x\né😀: y\n".to_string());
        // é is one UTF-16 unit, 😀 two: `:` is the fourth unit.
        assert_eq!(file.line_col(2 + 2 + 4), (2, 3));
        assert_eq!(file.line_col_utf16(2 + 2 + 4), (2, 4));
        assert_eq!(file.line_col_utf16(2), (2, 1));
        // Past a chunk boundary the index answers, and agrees with counting.
        let long = format!("k: {}!", "😀é".repeat(200));
        let file = SourceFile::new("b.md", format!("---\n{long}\n"));
        let bang = 4 + long.len() - 1;
        let units = long[..long.len() - 1].encode_utf16().count();
        assert_eq!(file.line_col_utf16(bang), (2, units + 1));
        assert_eq!(file.line_col(bang), (2, 3 + 400 + 1));
    }

    #[test]
    fn char_index_round_trips() {
        let ascii = "ab\ncd";
        let index = CharIndex::new(ascii);
        assert_eq!(index.chars_before(ascii, 4), 4);
        assert_eq!(index.offset_of_char(ascii, 4), 4);
        assert_eq!(index.offset_of_char(ascii, 9), 5);
        let text = "aé€😀b".repeat(300);
        let index = CharIndex::new(&text);
        for (n, (at, _)) in text.char_indices().enumerate() {
            assert_eq!(index.offset_of_char(&text, n), at);
            assert_eq!(index.chars_before(&text, at), n);
        }
        let chars = text.chars().count();
        assert_eq!(index.offset_of_char(&text, chars), text.len());
        assert_eq!(index.offset_of_char(&text, chars + 9), text.len());
    }
}
