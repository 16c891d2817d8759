//! Splits a record file into its `---` front matter and markdown body.
//!
//! Done by hand rather than with gray_matter: gray_matter parses the YAML
//! itself (losing positions), and the split needs exact byte offsets so that
//! every YAML position maps back to the file.

use std::ops::Range;

#[derive(Debug, PartialEq)]
pub struct Split {
    /// The opening `---` line.
    pub opening: Range<usize>,
    /// The YAML between the fences.
    pub yaml: Range<usize>,
    /// Everything after the closing fence's line.
    pub body: Range<usize>,
}

#[derive(Debug, PartialEq)]
pub struct SplitError {
    pub message: &'static str,
    pub span: Range<usize>,
    pub help: &'static str,
}

fn is_fence(line: &str, fence: &str) -> bool {
    line.trim_end() == fence
}

pub fn split(text: &str) -> Result<Split, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError {
            message: "the file is empty",
            span: 0..0,
            help: "a record starts with `---`, a YAML block with `kind:` and `id:`, then `---`",
        });
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    let first_trimmed = first.trim_end_matches(['\n', '\r']);
    if !is_fence(first_trimmed, "---") {
        return Err(SplitError {
            message: "no front matter: the file does not start with a `---` line",
            span: 0..first_trimmed.len(),
            help: "put the record's YAML between two `---` lines at the top of the file",
        });
    }
    let opening = 0..first_trimmed.len();
    let yaml_start = first.len();
    let mut at = yaml_start;
    for line in lines {
        // Only a line that starts like a fence can be one: the others
        // (all but one) skip the trimming.
        if !(line.starts_with("---") || line.starts_with("...")) {
            at += line.len();
            continue;
        }
        let content = line.trim_end_matches(['\n', '\r']);
        if is_fence(content, "---") || is_fence(content, "...") {
            return Ok(Split {
                opening,
                yaml: yaml_start..at,
                body: at + line.len()..text.len(),
            });
        }
        at += line.len();
    }
    Err(SplitError {
        message: "the front matter is not closed",
        span: opening,
        help: "add a `---` line after the last front matter key",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lf_and_crlf() {
        let text = "---\r\nid: A\r\n---\r\nbody\r\n";
        let split = split(text).unwrap();
        assert_eq!(&text[split.yaml.clone()], "id: A\r\n");
        assert_eq!(&text[split.body.clone()], "body\r\n");
        assert_eq!(split.opening, 0..3);
    }

    #[test]
    fn refuses_missing_and_unclosed_fences() {
        assert_eq!(split("").unwrap_err().message, "the file is empty");
        assert!(
            split("# title\n")
                .unwrap_err()
                .message
                .starts_with("no front matter")
        );
        assert_eq!(
            split("---\nid: A\n").unwrap_err().message,
            "the front matter is not closed"
        );
    }

    #[test]
    fn closing_fence_may_end_the_file() {
        let split = split("---\nid: A\n---").unwrap();
        assert!(split.body.is_empty());
    }
}
