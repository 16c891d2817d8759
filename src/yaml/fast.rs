//! A reader for the plain shape nearly every record's front matter has:
//! block maps and lists indented with spaces, one-line flow lists and maps
//! (`[A, B]`, `{ref: X, kind: ticket, access: [security]}`), plain scalars and quoted ones
//! without escapes. It gives exactly the `Node`s, spans included, that the
//! full parser gives, and declines (`None`) anything else: comments, tabs,
//! anchors, tags, block scalars, escapes, multi-line scalars, empty values,
//! indentless lists, keys that are not plain words. The full parser then
//! reads the text, so YAML's meaning and its error messages come from one
//! place; this path only saves the time yaml-rust2 spends on a token queue,
//! an event per scalar and a `String` per token, which was most of `check`.
//!
//! Where spans come from in the full parser, so that this file can match
//! them: a scalar starts at its first character (a quoted one at its quote)
//! and ends where `Locator::scalar_end` says; a flow collection runs from
//! its opening bracket to its closing one (not included); a block list
//! starts at its first `-`, a block map at its first key, and both end
//! where the next line indented less than them starts, or at the end of
//! the text. `fuzzing::yaml_readers_agree` checks the two against each
//! other on mutated sample records.

use super::{MAX_DEPTH, MAX_NODES, Map, Node, Value};

/// The front matter read by the fast path, or `None` when it holds
/// anything the fast path does not read.
pub fn parse(text: &str, base: usize) -> Option<Node> {
    if !text.bytes().all(plain_byte)
        || text.contains(['\u{feff}', '\u{85}', '\u{2028}', '\u{2029}'])
    {
        return None;
    }
    let mut reader = Reader {
        text,
        base,
        lines: Lines::new(text),
        nodes: 0,
    };
    let first = reader.lines.peek()?;
    if first.indent != 0 {
        return None;
    }
    let root = reader.block(0, 0)?;
    // Anything left is indented less than the root, which cannot be.
    reader.lines.peek().is_none().then_some(root)
}

/// Bytes the fast path accepts anywhere: printable ASCII, the newline, and
/// the bytes of longer UTF-8 characters (checked as characters above).
fn plain_byte(byte: u8) -> bool {
    byte == b'\n' || (b' '..=b'~').contains(&byte) || byte >= 0x80
}

/// A line with text on it: where it starts, how far it is indented, and
/// where its text ends (before trailing spaces).
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    indent: usize,
    end: usize,
}

impl Line {
    fn content(self) -> usize {
        self.start + self.indent
    }
}

/// The lines that hold something other than spaces, in order.
struct Lines<'a> {
    text: &'a str,
    at: usize,
    next: Option<Line>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        let mut lines = Lines {
            text,
            at: 0,
            next: None,
        };
        lines.advance();
        lines
    }

    fn peek(&self) -> Option<Line> {
        self.next
    }

    fn advance(&mut self) {
        self.next = None;
        while self.at < self.text.len() {
            let start = self.at;
            let rest = &self.text[start..];
            let length = rest.find('\n').unwrap_or(rest.len());
            self.at = start + length + 1;
            let line = &rest[..length];
            let trimmed = line.trim_end_matches(' ');
            if trimmed.is_empty() {
                continue;
            }
            let indent = trimmed.len() - trimmed.trim_start_matches(' ').len();
            self.next = Some(Line {
                start,
                indent,
                end: start + trimmed.len(),
            });
            return;
        }
    }

    /// Where the line after the current one starts being text, or the end
    /// of the text: where a block that ends here ends.
    fn block_end(&self) -> usize {
        self.next.map_or(self.text.len(), Line::content)
    }
}

struct Reader<'a> {
    text: &'a str,
    base: usize,
    lines: Lines<'a>,
    nodes: usize,
}

impl Reader<'_> {
    /// A node at `start..end` of the text, counted against the budget the
    /// full parser enforces: past it, the full parser reports the error.
    fn node(&mut self, value: Value, start: usize, end: usize) -> Option<Node> {
        self.nodes += 1;
        (self.nodes <= MAX_NODES).then(|| Node {
            value,
            span: self.base + start..self.base + end,
        })
    }

    /// The scalar whose text is `start..end`, as written.
    fn scalar(&mut self, start: usize, end: usize, plain: bool) -> Option<Node> {
        let text = self.text[start..end].to_string();
        self.node(Value::Scalar { text, plain }, start, end)
    }

    /// The block node whose first line is the next one, indented `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Node> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let line = self.lines.peek()?;
        let content = &self.text[line.content()..line.end];
        if content == "-" || content.starts_with("- ") {
            self.block_list(indent, depth)
        } else {
            self.block_map(line.content(), indent, depth)
        }
    }

    /// Items `- ...` at `indent`, each on its own line.
    fn block_list(&mut self, indent: usize, depth: usize) -> Option<Node> {
        let start = self.lines.peek()?.content();
        let mut items = Vec::new();
        while let Some(line) = self.lines.peek() {
            if line.indent < indent {
                break;
            }
            let content = &self.text[line.content()..line.end];
            if line.indent > indent || !content.starts_with("- ") {
                return None;
            }
            let item = self.skip_spaces(line.content() + 1, line.end);
            if self.key(item, line.end).is_some() {
                // `- key: value` opens a map whose keys line up with `key`.
                let column = item - line.start;
                items.push(self.block_map(item, column, depth + 1)?);
            } else {
                items.push(self.inline(item, line.end, depth + 1)?);
                // A next line indented past the dash (a plain scalar's
                // continuation, or a mistake) is refused by the loop.
                self.lines.advance();
            }
        }
        let end = self.lines.block_end();
        self.node(Value::Seq(items), start, end)
    }

    /// Entries `key: value` whose keys sit at column `indent`; the first
    /// key starts at `first` (a list item's map starts mid-line).
    fn block_map(&mut self, first: usize, indent: usize, depth: usize) -> Option<Node> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let mut entries = Vec::new();
        let mut key_start = first;
        loop {
            let line = self.lines.peek()?;
            let (colon, value_at) = self.key(key_start, line.end)?;
            let key = self.scalar(key_start, colon, true)?;
            if value_at == line.end {
                // The value is the block on the lines below, indented more.
                self.lines.advance();
                let below = self.lines.peek().filter(|next| next.indent > indent)?;
                let value = self.block(below.indent, depth + 1)?;
                entries.push((key, value));
            } else {
                let value = self.inline(value_at, line.end, depth + 1)?;
                entries.push((key, value));
                self.lines.advance();
            }
            match self.lines.peek() {
                Some(next) if next.indent == indent => key_start = next.content(),
                // A plain scalar's continuation, or a mistake.
                Some(next) if next.indent > indent => return None,
                _ => break,
            }
        }
        let end = self.lines.block_end();
        self.node(Value::Map(Map::new(entries)), first, end)
    }

    /// A plain key at `start`: where its colon is and where its value
    /// starts (`end` when the line stops after the colon).
    fn key(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let line = &self.text[start..end];
        let colon = line.find(':')?;
        let name = &line[..colon];
        let after = &line[colon + 1..];
        if name.is_empty()
            || name.ends_with(' ')
            || !plain_start(name)
            || name.contains([',', '[', ']', '{', '}'])
            || !(after.is_empty() || after.starts_with(' '))
        {
            return None;
        }
        let colon = start + colon;
        Some((colon, self.skip_spaces(colon + 1, end)))
    }

    /// A value that fits on the rest of its line: a flow list or map, a
    /// quoted scalar or a plain one.
    fn inline(&mut self, start: usize, end: usize, depth: usize) -> Option<Node> {
        let (node, after) = match self.text.as_bytes()[start] {
            b'[' | b'{' => self.flow(start, end, depth)?,
            b'"' | b'\'' => self.quoted(start, end)?,
            _ => {
                let text = &self.text[start..end];
                if !plain_start(text) || text.contains(": ") || text.ends_with(':') {
                    return None;
                }
                (self.scalar(start, end, true)?, end)
            }
        };
        (after == end).then_some(node)
    }

    /// A quoted scalar without escapes at `start`, and where it ends.
    fn quoted(&mut self, start: usize, end: usize) -> Option<(Node, usize)> {
        let quote = self.text.as_bytes()[start];
        let inner = &self.text[start + 1..end];
        let close = inner.find(quote as char)?;
        let text = &inner[..close];
        if (quote == b'"' && text.contains('\\'))
            || (quote == b'\'' && inner[close + 1..].starts_with('\''))
        {
            return None;
        }
        let stop = start + 1 + close + 1;
        let text = text.to_string();
        let node = self.node(Value::Scalar { text, plain: false }, start, stop)?;
        Some((node, stop))
    }

    /// A flow list or map at `start` that closes on this line, and where it
    /// ends (after the bracket).
    fn flow(&mut self, start: usize, end: usize, depth: usize) -> Option<(Node, usize)> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let bytes = self.text.as_bytes();
        let map = bytes[start] == b'{';
        let close = if map { b'}' } else { b']' };
        let mut at = self.skip_spaces(start + 1, end);
        let mut items: Vec<Node> = Vec::new();
        let mut entries: Vec<(Node, Node)> = Vec::new();
        if at < end && bytes[at] == close {
            return self.flow_end(map, items, entries, start, at);
        }
        loop {
            if map {
                let (key, after) = self.flow_node(at, end, depth, true)?;
                if after + 1 >= end || bytes[after] != b':' || bytes[after + 1] != b' ' {
                    return None;
                }
                at = self.skip_spaces(after + 1, end);
                let (value, after) = self.flow_node(at, end, depth, false)?;
                at = after;
                entries.push((key, value));
            } else {
                let (item, after) = self.flow_node(at, end, depth, false)?;
                at = after;
                items.push(item);
            }
            at = self.skip_spaces(at, end);
            if at >= end {
                return None;
            }
            match bytes[at] {
                b',' => {
                    at = self.skip_spaces(at + 1, end);
                    // A trailing comma, or nothing after it: not ours.
                    if at >= end || bytes[at] == close || bytes[at] == b',' {
                        return None;
                    }
                }
                byte if byte == close => return self.flow_end(map, items, entries, start, at),
                _ => return None,
            }
        }
    }

    fn flow_end(
        &mut self,
        map: bool,
        items: Vec<Node>,
        entries: Vec<(Node, Node)>,
        start: usize,
        close: usize,
    ) -> Option<(Node, usize)> {
        let value = if map {
            Value::Map(Map::new(entries))
        } else {
            Value::Seq(items)
        };
        let node = self.node(value, start, close.max(start + 1))?;
        Some((node, close + 1))
    }

    /// An item, key or value inside a flow collection, and where it ends: a
    /// nested flow collection (not as a key), a quoted scalar, or a plain one
    /// as yaml-rust2 scans it in a flow: up to `,`, `[`, `]`, `{`, `}` or a
    /// `:` followed by a space, a flow character or the line's end, trailing
    /// spaces excluded.
    fn flow_node(
        &mut self,
        start: usize,
        end: usize,
        depth: usize,
        key: bool,
    ) -> Option<(Node, usize)> {
        let bytes = self.text.as_bytes();
        if start >= end {
            return None;
        }
        match bytes[start] {
            b'[' | b'{' if !key => return self.flow(start, end, depth + 1),
            b'"' | b'\'' => return self.quoted(start, end),
            _ => {}
        }
        let mut stop = start;
        while stop < end {
            match bytes[stop] {
                b',' | b'[' | b']' | b'{' | b'}' => break,
                b':' if stop + 1 >= end
                    || matches!(bytes[stop + 1], b' ' | b',' | b'[' | b']' | b'{' | b'}') =>
                {
                    break;
                }
                _ => stop += 1,
            }
        }
        let text = self.text[start..stop].trim_end_matches(' ');
        if text.is_empty() || !plain_start(text) {
            return None;
        }
        // A `:` ends only a key; after a value, and `[` or `{` after any
        // plain scalar, make shapes the fast path leaves alone.
        match bytes.get(stop) {
            Some(b':') if !key || text.len() != stop - start => return None,
            Some(b'[' | b'{') => return None,
            _ => {}
        }
        let stop = start + text.len();
        Some((self.scalar(start, stop, true)?, stop))
    }

    fn skip_spaces(&self, mut at: usize, end: usize) -> usize {
        while at < end && self.text.as_bytes()[at] == b' ' {
            at += 1;
        }
        at
    }
}

/// Whether `text` may be a plain scalar as the fast path reads one: not
/// starting with an indicator character, and holding no `#` (a comment or
/// not, the full parser decides).
fn plain_start(text: &str) -> bool {
    let Some(first) = text.bytes().next() else {
        return false;
    };
    !b"-?:,[]{}#&*!|>'\"%@`".contains(&first) && first != b' ' && !text.contains('#')
}
