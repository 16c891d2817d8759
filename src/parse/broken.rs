//! What a front matter that is not valid YAML still tells: the syntax
//! diagnostic (pointing at an unclosed bracket or quote when there is one)
//! and, read as plain text, the record's `kind`, `id` and a review's
//! `incidents`, so that one syntax error does not cascade into "no such
//! record" or "no review" findings elsewhere.

use std::sync::Arc;

use super::decode;
use crate::diagnostics::{Diagnostic, Label};
use crate::records::{Kind, RecordId};
use crate::source::SourceFile;

/// A syntax error at the parser's position; when a bracket or quote is left
/// open, at the opener, with the parser's position as a second label.
pub fn yaml_error(file: &Arc<SourceFile>, e: &crate::yaml::YamlError) -> Diagnostic {
    let Some(unclosed) = e.unclosed else {
        return Diagnostic::error(
            "yaml-syntax",
            format!("invalid YAML: {}", e.message),
            Label::new(file, file.char_span(e.offset), ""),
        )
        .with_help(yaml_help(file, e.offset));
    };
    let opener = unclosed.opener;
    let (what, closer) = match opener {
        '[' => ("list", ']'),
        '{' => ("map", '}'),
        _ => ("quoted text", opener),
    };
    let mut diagnostic = Diagnostic::error(
        "yaml-syntax",
        format!("invalid YAML: this `{opener}` is never closed"),
        Label::new(
            file,
            file.char_span(unclosed.offset),
            format!("this `{opener}` is never closed"),
        ),
    );
    if e.offset != unclosed.offset {
        diagnostic = diagnostic.with_label(Label::new(
            file,
            file.char_span(e.offset),
            format!("the parser gave up here: {}", e.message),
        ));
    }
    let help = match opener {
        '\'' => "end the text with `'` (an apostrophe inside single quotes is written `''`), or remove the opening quote".to_string(),
        '"' => "end the text with `\"` (a quote inside double quotes is written `\\\"`), or remove the opening quote".to_string(),
        _ => format!("close the {what} with `{closer}`, or quote the whole value if the `{opener}` is part of the text"),
    };
    diagnostic.with_help(help)
}

/// When the YAML cannot be parsed, the record's `kind:` and `id:` lines are
/// read as plain text so that other records naming it do not report it
/// missing, and a review's `incidents:` list so that the incidents it covers
/// are not reported unreviewed: the syntax error alone is the problem to fix.
pub fn recover_id(file: &Arc<SourceFile>, yaml: std::ops::Range<usize>) -> Option<RecordId> {
    let mut kind = None;
    let mut id = None;
    let mut covers = Vec::new();
    let mut at = yaml.start;
    let mut lines = file.text[yaml].split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let value = |key: &str| {
            let rest = line.strip_prefix(key)?.trim();
            let unquoted = rest.trim_matches(['"', '\'']);
            let offset = at + line.find(unquoted).unwrap_or(0);
            Some((unquoted.to_string(), offset..offset + unquoted.len()))
        };
        if let Some((text, _)) = value("kind:") {
            kind = Kind::parse(&text);
        }
        if let Some(found) = value("id:") {
            id = Some(found);
        }
        at += line.len();
        if let Some(rest) = line.strip_prefix("incidents:") {
            covers = recover_list(rest, &mut lines, &mut at);
        }
    }
    let (id, span) = id.filter(|(text, _)| decode::is_valid_id(text))?;
    let kind = kind?;
    if kind != Kind::Review {
        covers.clear();
    }
    Some(RecordId {
        id,
        kind,
        file: Arc::clone(file),
        span,
        covers,
    })
}

/// The IDs of a list written after `incidents:`, as plain text: a flow list
/// `[A, B]` (possibly over several lines) or a block list of `- A` lines.
/// Consumes the lines the list takes; anything that is not an ID is skipped.
fn recover_list<'t>(
    rest: &'t str,
    lines: &mut std::iter::Peekable<impl Iterator<Item = &'t str>>,
    at: &mut usize,
) -> Vec<String> {
    let id = |item: &str| {
        let item = item.trim().trim_matches(['"', '\'']).trim();
        decode::is_valid_id(item).then(|| item.to_string())
    };
    let rest = rest.split(" #").next().unwrap_or_default().trim();
    if let Some(flow) = rest.strip_prefix('[') {
        let mut text = flow.to_string();
        let mut closed = flow.contains(']');
        while !closed {
            let Some(line) = lines.next() else { break };
            *at += line.len();
            closed = line.contains(']');
            text.push_str(line);
        }
        let inside = text.split(']').next().unwrap_or_default();
        return inside.split(',').filter_map(id).collect();
    }
    if !rest.is_empty() {
        return id(rest).into_iter().collect();
    }
    let mut found = Vec::new();
    while let Some(line) = lines.peek() {
        let item = line.trim_start();
        if let Some(value) = item.strip_prefix('-') {
            found.extend(id(value.split(" #").next().unwrap_or_default()));
        } else if !(item.trim().is_empty() || item.starts_with('#')) {
            break;
        }
        *at += line.len();
        lines.next();
    }
    found
}

/// A hint for the YAML mistakes people make most in front matter.
fn yaml_help(file: &SourceFile, offset: usize) -> String {
    let (line, _) = file.line_col(offset);
    let text = file.line_text(line);
    if text.contains('\t') {
        "YAML indents with spaces, never tabs".into()
    } else if text.matches(": ").count() > 1 {
        "a value holding `: ` must be quoted: key: \"a: b\"".into()
    } else {
        "check the indentation and that quotes and brackets are closed".into()
    }
}
