//! Finds the `[`, `{`, `'` or `"` that a broken front matter never closes,
//! so the syntax error can point where the value was opened rather than where
//! the YAML parser gave up (often lines later, or at the end of the block).
//!
//! A single forward pass, linear in the text: it knows just enough YAML to
//! tell an opening indicator from the same character inside text (comments,
//! plain scalars such as `don't`, block scalars after `|` or `>`). It is
//! consulted only once the real parser has failed, so a guess it gets wrong
//! can only move a label, never reject a valid file.

/// What was left open: its byte offset in `text` and the character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unclosed {
    pub offset: usize,
    pub opener: char,
}

/// The innermost opener left unclosed at the end of `text`, or the opener a
/// mismatched closer (`[a, {b: c]`) shows to be unclosed.
pub fn find(text: &str) -> Option<Unclosed> {
    let bytes = text.as_bytes();
    // Open flow collections, innermost last.
    let mut flow: Vec<Unclosed> = Vec::new();
    // Whether the next non-blank character starts a node (so a quote or a
    // bracket there is an indicator, not text).
    let mut at_node = true;
    // Indentation of the current line, for block scalars.
    let mut indent = 0;
    let mut line_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if line_start {
            let spaces = bytes[i..].iter().take_while(|&&b| b == b' ').count();
            indent = spaces;
            i += spaces;
            line_start = false;
            continue;
        }
        match c {
            b'\n' => {
                line_start = true;
                at_node = true;
            }
            b' ' | b'\t' | b'\r' => {}
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                i = line_end(bytes, i);
                continue;
            }
            b'\'' | b'"' if at_node => {
                let close = if c == b'\'' {
                    single_quoted_end(bytes, i + 1)
                } else {
                    double_quoted_end(bytes, i + 1)
                };
                let Some(close) = close else {
                    return Some(Unclosed {
                        offset: i,
                        opener: c as char,
                    });
                };
                i = close + 1;
                at_node = false;
                continue;
            }
            b'[' | b'{' if at_node || !flow.is_empty() => {
                flow.push(Unclosed {
                    offset: i,
                    opener: c as char,
                });
                at_node = true;
            }
            b']' | b'}' if !flow.is_empty() => {
                let open = flow.pop().expect("not empty");
                let matching = if c == b']' { '[' } else { '{' };
                if open.opener != matching {
                    return Some(open);
                }
                at_node = false;
            }
            b',' if !flow.is_empty() => at_node = true,
            // `key: value`, or `{a:}` in a flow map.
            b':' if bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace())
                || (!flow.is_empty() && matches!(bytes.get(i + 1), Some(b',' | b']' | b'}'))) =>
            {
                at_node = true;
            }
            // `- item` and `? key` start a node only where one may start.
            b'-' | b'?' if at_node && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()) => {}
            b'|' | b'>' if at_node && flow.is_empty() => {
                i = block_scalar_end(bytes, line_end(bytes, i), indent);
                continue;
            }
            b'&' | b'!' if at_node => {
                // An anchor or a tag: the node itself follows.
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                continue;
            }
            _ => at_node = false,
        }
        i += 1;
    }
    flow.pop()
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |at| from + at)
}

/// The closing `'` of a single-quoted scalar starting at `from` (`''` is an
/// escaped quote).
fn single_quoted_end(bytes: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let at = from + bytes[from..].iter().position(|&b| b == b'\'')?;
        if bytes.get(at + 1) == Some(&b'\'') {
            from = at + 2;
        } else {
            return Some(at);
        }
    }
}

/// The closing `"` of a double-quoted scalar starting at `from`.
fn double_quoted_end(bytes: &[u8], mut from: usize) -> Option<usize> {
    while from < bytes.len() {
        match bytes[from] {
            b'\\' => from += 2,
            b'"' => return Some(from),
            _ => from += 1,
        }
    }
    None
}

/// Skips the content lines of a block scalar (`|` or `>`) whose indicator
/// line has indentation `indent`: every following line that is blank or
/// indented deeper. Returns the offset of the first line after it (at the
/// newline ending the last content line).
fn block_scalar_end(bytes: &[u8], mut at: usize, indent: usize) -> usize {
    while at < bytes.len() {
        let next = at + 1;
        let spaces = bytes[next..].iter().take_while(|&&b| b == b' ').count();
        let blank = matches!(bytes.get(next + spaces), None | Some(b'\n' | b'\r'));
        if !blank && spaces <= indent {
            return at;
        }
        at = line_end(bytes, next);
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opened(text: &str) -> Option<(usize, char)> {
        find(text).map(|u| (u.offset, u.opener))
    }

    #[test]
    fn finds_each_unclosed_opener() {
        assert_eq!(opened("a: 1\ntitle: [x, y\nb: 2\n"), Some((12, '[')));
        assert_eq!(opened("title: {x: 1\n"), Some((7, '{')));
        assert_eq!(opened("title: 'it\nb: 2\n"), Some((7, '\'')));
        assert_eq!(opened("title: \"it\\\" \nb: 2\n"), Some((7, '"')));
        assert_eq!(opened("a: [x, {y: 1]\n"), Some((7, '{')));
        assert_eq!(opened("- [a, [b]\n"), Some((2, '[')));
    }

    #[test]
    fn text_that_only_looks_like_an_opener_is_not_one() {
        for text in [
            "title: don't [panic\n",
            "title: a \"quote\n",
            "title: 'it''s fine'\n",
            "note: x # a [comment\n",
            "note: |\n  a [ block\n  'scalar\nb: [1, 2]\n",
            "note: >-\n  \"folded\n\n  {more\nb: {c: d}\n",
            "a: &x [1, 2]\nb: !!str 'y'\n",
            "url: http://x/[y\n",
            "title: a - 'b\n",
            "list: ['a, b', \"c]\", {d: '}'}]\n",
        ] {
            assert_eq!(opened(text), None, "{text:?}");
        }
    }

    #[test]
    fn linear_on_a_long_hostile_line() {
        let text = "a: ".to_string() + &"[".repeat(200_000) + &"'x".repeat(100_000);
        assert_eq!(opened(&text), Some((200_002, '[')));
        let quotes = "a: ".to_string() + &"''".repeat(200_000);
        assert_eq!(opened(&quotes), None);
    }
}
