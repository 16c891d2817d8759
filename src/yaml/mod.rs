//! YAML front matter to a tree of `Node`s that remember where they stand in
//! the file. The only module that touches the YAML library: swapping it means
//! changing this file alone.
//!
//! Why not serde_yaml or gray_matter: rules need the span of every key and
//! value (`actions[2].owner`), and neither keeps one. yaml-rust2's event
//! parser hands out a marker for every event, and its scanner is iterative,
//! so deep nesting cannot overflow the stack. Scalars keep their source text
//! so that `5.10` stays `5.10`, not the float `5.1`.

use std::collections::HashMap;
use std::ops::Range;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

mod fast;
mod unclosed;

/// The front matter read by the fast path alone, or `None` where it
/// declines: for the tests that hold it to [`parse_full`].
pub use fast::parse as parse_fast;
pub use unclosed::Unclosed;

use crate::source::CharIndex;

/// Deeper front matter than this is refused: no record needs it, and it keeps
/// every later recursive walk of the tree cheap.
pub const MAX_DEPTH: usize = 64;
/// Node budget per front matter, counting alias expansions, which defuses
/// "billion laughs" documents.
pub const MAX_NODES: usize = 100_000;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar as written; `plain` is false for quoted and block scalars,
    /// which are always strings.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Map),
}

/// A map's entries in file order; past `INDEXED` entries, with an index from
/// each key to its first entry: lookups stay O(1) however many keys a
/// hostile map holds, and a key whose first entry is elsewhere is a
/// duplicate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map {
    entries: Vec<(Node, Node)>,
    // Boxed so that the rare index costs a map 8 bytes, not 48, in every
    // node: nodes are moved and stored by the hundred per record.
    #[allow(clippy::box_collection)]
    first: Option<Box<HashMap<String, usize>>>,
}

/// Maps up to this many entries are searched in order: a record's maps
/// hold a few keys each, and building an index (a copy of every key and a
/// hash table) for each of them was most of the cost of reading one.
const INDEXED: usize = 16;

impl Map {
    pub fn new(entries: Vec<(Node, Node)>) -> Map {
        if entries.len() <= INDEXED {
            return Map {
                entries,
                first: None,
            };
        }
        let mut first = HashMap::with_capacity(entries.len());
        for (at, (key, _)) in entries.iter().enumerate() {
            if let Some(name) = key.as_scalar() {
                first.entry(name.to_string()).or_insert(at);
            }
        }
        Map {
            entries,
            first: Some(Box::new(first)),
        }
    }

    pub fn entries(&self) -> &[(Node, Node)] {
        &self.entries
    }

    /// The position of the first entry whose key is `key`.
    pub fn position(&self, key: &str) -> Option<usize> {
        match &self.first {
            Some(first) => first.get(key).copied(),
            // The text first: `as_scalar`'s null test costs more than
            // comparing, and few keys match.
            None => self.entries.iter().position(|(name, _)| {
                matches!(&name.value, Value::Scalar { text, .. } if text == key) && !name.is_null()
            }),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    /// Byte range in the whole file (not the front matter).
    pub span: Range<usize>,
}

#[derive(Debug, PartialEq)]
pub struct YamlError {
    pub message: String,
    /// Byte offset in the whole file.
    pub offset: usize,
    /// For a syntax error: a bracket or quote the text never closes (file
    /// offset and character), the likely cause.
    pub unclosed: Option<Unclosed>,
}

impl Node {
    /// An empty map at `span`: what an empty front matter reads as.
    pub fn empty_map(span: Range<usize>) -> Node {
        Node {
            value: Value::Map(Map::default()),
            span,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// What kind of YAML value this is, for "expected X, found Y" messages.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Seq(_) => "a list",
            Value::Map(_) => "a map",
            Value::Scalar { plain: false, .. } => "a string",
            Value::Scalar { text, plain: true } => {
                if self.is_null() {
                    "nothing (null)"
                } else if matches!(text.as_str(), "true" | "false" | "True" | "False") {
                    "a boolean"
                } else if text.parse::<f64>().is_ok() {
                    "a number"
                } else {
                    "a string"
                }
            }
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(map) => Some(map.entries()),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The scalar text, for any non-null scalar.
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } if !self.is_null() => Some(text),
            _ => None,
        }
    }

    /// The entry of a map whose key is `key`: (key node, value node).
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        let Value::Map(map) = &self.value else {
            return None;
        };
        let (k, v) = &map.entries[map.position(key)?];
        Some((k, v))
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, value)| value)
    }

    /// Follows a key path such as `actions[2].owner` or `root_cause.whys`.
    /// Returns the deepest node reached and whether the whole path resolved.
    pub fn walk(&self, path: &str) -> (&Node, bool) {
        let mut node = self;
        for step in path_steps(path) {
            let next = match step {
                Step::Key(key) => node.get(key),
                Step::Index(index) => node.as_seq().and_then(|items| items.get(index)),
            };
            match next {
                Some(next) => node = next,
                None => return (node, false),
            }
        }
        (node, true)
    }

    /// Span of the key of the last path step when it is a map key (so the
    /// underline sits on `owner:`), else of the node itself.
    pub fn key_span(&self, path: &str) -> Option<Range<usize>> {
        let (parent_path, last) = match path.rfind(['.', '[']) {
            Some(at) if path.as_bytes()[at] == b'.' => (&path[..at], &path[at + 1..]),
            Some(_) => return self.walk(path).1.then(|| self.walk(path).0.span.clone()),
            None => ("", path),
        };
        let (parent, found) = self.walk(parent_path);
        if !found {
            return None;
        }
        parent.entry(last).map(|(key, _)| key.span.clone())
    }

    fn count(&self) -> usize {
        1 + match &self.value {
            Value::Scalar { .. } => 0,
            Value::Seq(items) => items.iter().map(Node::count).sum(),
            Value::Map(map) => map.entries.iter().map(|(k, v)| k.count() + v.count()).sum(),
        }
    }
}

enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn path_steps(path: &str) -> impl Iterator<Item = Step<'_>> {
    path.split('.')
        .filter(|part| !part.is_empty())
        .flat_map(|part| {
            let mut pieces = part.split('[');
            let key = pieces.next().filter(|key| !key.is_empty()).map(Step::Key);
            let indexes = pieces
                .filter_map(|piece| piece.trim_end_matches(']').parse().ok().map(Step::Index));
            key.into_iter().chain(indexes).collect::<Vec<_>>()
        })
}

/// Where a marker points in the whole file. yaml-rust2 counts `index` in
/// characters, so the offset is rebuilt from the 1-based line and 0-based
/// column against the front matter text itself.
/// Both lookups avoid counting from the line start, which was quadratic on
/// a long one-line flow list (5,000 IDs in `incidents: [...]`).
struct Locator<'a> {
    text: &'a str,
    base: usize,
    line_starts: Vec<usize>,
    chars: CharIndex,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str, base: usize) -> Locator<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        Locator {
            text,
            base,
            line_starts,
            chars: CharIndex::new(text),
        }
    }

    fn local(&self, marker: &Marker) -> usize {
        let Some(&start) = self.line_starts.get(marker.line().saturating_sub(1)) else {
            return self.text.len();
        };
        if self.chars.is_ascii() {
            return (start + marker.col()).min(self.text.len());
        }
        // A column near the line start is quicker to walk to than to look up.
        if marker.col() < 64 {
            let line = &self.text[start..];
            return start
                + line
                    .char_indices()
                    .nth(marker.col())
                    .map_or(line.len(), |(at, _)| at);
        }
        let first = self.chars.chars_before(self.text, start);
        self.chars.offset_of_char(self.text, first + marker.col())
    }

    /// The end of the line holding local offset `at`, before its `\r\n`.
    fn line_end(&self, at: usize) -> usize {
        let line = self.line_starts.partition_point(|&start| start <= at);
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        let end = end.max(at);
        if end > at && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        }
    }

    fn offset(&self, marker: &Marker) -> usize {
        self.base + self.local(marker)
    }

    /// The end of a scalar that starts at `start` (local offset): plain
    /// scalars end where their text does, quoted ones at the closing quote;
    /// anything spanning lines is cut at the end of its first line.
    fn scalar_end(&self, start: usize, text: &str, style: TScalarStyle) -> usize {
        let start = start.min(self.text.len());
        let line = &self.text[start..self.line_end(start)];
        let len = match style {
            TScalarStyle::Plain if line.starts_with(text) => text.len(),
            TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => {
                let quote = if matches!(style, TScalarStyle::SingleQuoted) {
                    b'\''
                } else {
                    b'"'
                };
                // Bytes, not characters: the quote and the backslash are
                // ASCII, and no byte of a longer character equals them.
                let opening = line.chars().next().map_or(0, char::len_utf8);
                let mut escaped = false;
                line.as_bytes()[opening..]
                    .iter()
                    .position(|&c| {
                        let close = c == quote && !escaped;
                        escaped = c == b'\\' && !escaped && quote == b'"';
                        close
                    })
                    .map_or(line.len(), |at| opening + at + 1)
            }
            _ => line.trim_end().len(),
        };
        self.base + start + len.max(usize::from(!line.is_empty()))
    }
}

/// A list or map whose end event has not come yet: its items are the
/// nodes on the stack of finished ones from `first` on (a map's as key,
/// value, key, value), so each collection gets one allocation of its exact
/// size when it ends instead of a vector grown item by item.
struct Open {
    map: bool,
    first: usize,
    anchor: usize,
    start: usize,
}

/// Parses one front matter block. `base` is the byte offset of `text` in the
/// file. An empty block gives an empty map. The common shape is read by
/// `fast`, everything else by yaml-rust2; both give the same nodes.
pub fn parse(text: &str, base: usize) -> Result<Node, YamlError> {
    match fast::parse(text, base) {
        Some(node) => Ok(node),
        None => parse_full(text, base),
    }
}

/// Parses one front matter block with yaml-rust2, whatever it holds.
pub fn parse_full(text: &str, base: usize) -> Result<Node, YamlError> {
    let locator = Locator::new(text, base);
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut finished: Vec<Node> = Vec::new();
    let mut anchors: HashMap<usize, (Node, usize)> = HashMap::new();
    let mut nodes = 0usize;
    let mut root: Option<Node> = None;
    let error = |message: String, offset: usize| YamlError {
        message,
        offset,
        unclosed: None,
    };
    loop {
        let (event, marker) = parser.next_token().map_err(|e| {
            let offset = locator.offset(e.marker());
            YamlError {
                message: e.info().to_string(),
                offset,
                // Only an opener before the place the parser stopped can be
                // why it stopped; a later one is a second mistake.
                unclosed: unclosed::find(text)
                    .map(|u| Unclosed {
                        offset: base + u.offset,
                        ..u
                    })
                    .filter(|u| u.offset <= offset),
            }
        })?;
        let local = locator.local(&marker);
        let at = base + local;
        let completed: Option<(Node, usize)> = match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => None,
            Event::DocumentStart => {
                if root.is_some() {
                    return Err(error(
                        "front matter holds more than one YAML document".into(),
                        at,
                    ));
                }
                None
            }
            Event::StreamEnd => break,
            Event::Scalar(value, style, anchor, _) => {
                let end = locator.scalar_end(local, &value, style);
                let node = Node {
                    value: Value::Scalar {
                        plain: matches!(style, TScalarStyle::Plain),
                        text: value,
                    },
                    span: at..end,
                };
                Some((node, anchor))
            }
            Event::Alias(id) => {
                let (node, size) = anchors.get(&id).ok_or_else(|| {
                    error("alias refers to an anchor that is not defined".into(), at)
                })?;
                nodes += size;
                if nodes > MAX_NODES {
                    return Err(error(
                        format!(
                            "aliases expand to more than {MAX_NODES} values; front matter this large is refused"
                        ),
                        at,
                    ));
                }
                Some((node.clone(), 0))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(error(
                        format!("front matter nests deeper than {MAX_DEPTH} levels"),
                        at,
                    ));
                }
                stack.push(Open {
                    map: matches!(event, Event::MappingStart(..)),
                    first: finished.len(),
                    anchor,
                    start: at,
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => stack.pop().map(|open| {
                let mut items = finished.drain(open.first..);
                let end = at.max(open.start + 1);
                let node = if open.map {
                    let mut entries = Vec::with_capacity(items.len() / 2);
                    // A key the parser left without a value is dropped.
                    while let (Some(key), Some(value)) = (items.next(), items.next()) {
                        entries.push((key, value));
                    }
                    // A block map's start event comes after its first key.
                    let start = entries
                        .first()
                        .map_or(open.start, |(key, _)| key.span.start.min(open.start));
                    Node {
                        value: Value::Map(Map::new(entries)),
                        span: start..end,
                    }
                } else {
                    Node {
                        value: Value::Seq(items.collect()),
                        span: open.start..end,
                    }
                };
                (node, open.anchor)
            }),
        };
        let Some((node, anchor)) = completed else {
            continue;
        };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(error(
                format!("front matter holds more than {MAX_NODES} values"),
                node.span.start,
            ));
        }
        if anchor > 0 {
            let size = node.count();
            anchors.insert(anchor, (node.clone(), size));
        }
        if stack.is_empty() {
            root = Some(node);
        } else {
            finished.push(node);
        }
    }
    Ok(root.unwrap_or(Node::empty_map(base..base)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar_at<'a>(text: &'a str, node: &Node) -> &'a str {
        &text[node.span.clone()]
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "id: INC-1\nactions:\n  - owner: 'IT lead'\n    due: 2026-01-02\n";
        let root = parse(text, 0).unwrap();
        assert_eq!(scalar_at(text, root.get("id").unwrap()), "INC-1");
        let (owner, found) = root.walk("actions[0].owner");
        assert!(found);
        assert_eq!(scalar_at(text, owner), "'IT lead'");
        assert_eq!(owner.as_scalar(), Some("IT lead"));
        let key = root.key_span("actions[0].due").unwrap();
        assert_eq!(&text[key], "due");
    }

    #[test]
    fn keeps_number_like_scalars_as_written() {
        let root = parse("controls: [5.10, \"8.7\"]", 0).unwrap();
        let items = root.get("controls").unwrap().as_seq().unwrap();
        assert_eq!(items[0].as_scalar(), Some("5.10"));
        assert_eq!(items[1].as_scalar(), Some("8.7"));
    }

    #[test]
    fn offsets_count_bytes_after_multibyte_text() {
        let text = "title: Café outage\nstatus: résolu\n";
        let root = parse(text, 4).unwrap();
        let status = root.get("status").unwrap();
        assert_eq!(&text[status.span.start - 4..status.span.end - 4], "résolu");
    }

    #[test]
    fn syntax_error_points_at_the_problem() {
        let text = "id: INC-1\ntitle: [unclosed\nstatus: open\n";
        let err = parse(text, 0).unwrap_err();
        assert!(err.offset >= 10, "{err:?}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut previous = 'a';
        for name in 'b'..='j' {
            text.push_str(&format!(
                "{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
            ));
            previous = name;
        }
        let err = parse(&text, 0).unwrap_err();
        assert!(err.message.contains("aliases expand"), "{err:?}");
    }

    /// 20,000 keys, each looked up: lookups were a linear scan of the map
    /// (quadratic here), now an index.
    #[test]
    fn a_map_with_twenty_thousand_keys() {
        let text: String = (0..20_000).map(|i| format!("k{i}: {i}\n")).collect();
        let root = parse(&text, 0).unwrap();
        let keys: Vec<String> = (0..20_000).map(|i| format!("k{i}")).collect();
        for (i, key) in keys.iter().enumerate() {
            let value = root.get(key).and_then(Node::as_scalar).unwrap();
            assert_eq!(value.parse::<usize>(), Ok(i));
        }
        let last = root.key_span("k19999").unwrap();
        assert_eq!(&text[last.start..last.end + 7], "k19999: 19999");
        assert_eq!(root.get("k20000"), None);
    }

    /// A one-line flow list of 20,000 non-ASCII items: turning each event's
    /// column into an offset counted from the line start (quadratic here).
    #[test]
    fn a_long_one_line_list_keeps_exact_spans() {
        let items: Vec<String> = (0..20_000).map(|i| format!("é{i}")).collect();
        let text = format!("a: [{}]\nb: x\n", items.join(", "));
        let root = parse(&text, 0).unwrap();
        let list = root.get("a").and_then(Node::as_seq).unwrap();
        assert_eq!(list.len(), 20_000);
        assert_eq!(scalar_at(&text, &list[19_999]), "é19999");
        assert_eq!(scalar_at(&text, root.get("b").unwrap()), "x");
    }

    #[test]
    fn a_duplicate_key_finds_its_first_entry() {
        let root = parse("a: 1\nb: 2\na: 3\n", 0).unwrap();
        assert_eq!(root.get("a").and_then(Node::as_scalar), Some("1"));
        let Value::Map(map) = &root.value else {
            panic!("a map")
        };
        assert_eq!(map.position("a"), Some(0));
        assert_eq!(map.entries().len(), 3);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "a: ".to_string() + &"[".repeat(10_000) + &"]".repeat(10_000);
        let err = parse(&text, 0).unwrap_err();
        assert!(
            err.message.contains("deeper than") || err.message.contains("recursion"),
            "{err:?}"
        );
    }
}
