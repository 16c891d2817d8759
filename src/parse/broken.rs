//! What a front matter that is not valid YAML still tells: the syntax
//! diagnostic (pointing at an unclosed bracket or quote when there is one)
//! and, read as plain text, the record's `kind` and `id`, so that one syntax
//! error does not cascade into "no such record" findings elsewhere.

use std::sync::Arc;

use super::{decode, yaml};
use crate::diagnostics::{Diagnostic, Label};
use crate::records::{Kind, RecordId};
use crate::source::SourceFile;

/// A syntax error at the parser's position; when a bracket or quote is left
/// open, at the opener, with the parser's position as a second label.
pub fn yaml_error(file: &Arc<SourceFile>, e: &yaml::YamlError) -> Diagnostic {
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
    if file.line_col(e.offset).0 != file.line_col(unclosed.offset).0 {
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
/// missing: the syntax error alone is the problem to fix.
pub fn recover_id(file: &Arc<SourceFile>, yaml: std::ops::Range<usize>) -> Option<RecordId> {
    let mut kind = None;
    let mut id = None;
    let mut at = yaml.start;
    for line in file.text[yaml].split_inclusive('\n') {
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
    }
    let (id, span) = id.filter(|(text, _)| decode::is_valid_id(text))?;
    Some(RecordId {
        id,
        kind: kind?,
        file: Arc::clone(file),
        span,
    })
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
