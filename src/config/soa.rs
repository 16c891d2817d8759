//! The Statement of Applicability: which Annex A controls are excluded, and
//! why. Declared in book.toml's `[soa]` table or in a `soa.csv` at the book
//! root (`control,applicable,justification`), never both.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::span_label;
use crate::controls;
use crate::diagnostics::{Diagnostic, Label};
use crate::source::SourceFile;
use crate::suggest;

/// book.toml's `[soa]`: control ID → why it is excluded.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub(super) struct SoaSection {
    excluded: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// A declared Statement of Applicability, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Soa {
    /// Where it was declared: `book.toml` or `soa.csv`.
    pub source: &'static str,
    /// Excluded control ID → the justification of its exclusion. Every
    /// other control is applicable.
    pub excluded: BTreeMap<String, String>,
}

impl Soa {
    pub fn exclusion(&self, control: &str) -> Option<&str> {
        self.excluded.get(control).map(String::as_str)
    }
}

fn unknown_control(file: &Arc<SourceFile>, span: Range<usize>, id: &str) -> Diagnostic {
    let mut d = Diagnostic::error(
        "unknown-control",
        format!("`{id}` is not an ISO/IEC 27001:2022 Annex A control"),
        span_label(file, span, "unknown control"),
    );
    let bare = id.strip_prefix("A.").unwrap_or(id);
    d.help = Some(if controls::find(bare).is_some() {
        format!("write `{bare}`")
    } else {
        suggest::did_you_mean(id, controls::ids())
            .map(|c| format!("did you mean `{c}`?"))
            .unwrap_or_else(|| "use a control ID such as `5.17`".into())
    });
    d
}

/// The `[soa]` table, or `soa.csv`, or neither. `section` carries the span
/// of the `[soa]` table, for the error when both are given.
pub(super) fn resolve(
    book_toml: &Arc<SourceFile>,
    section: Option<Spanned<SoaSection>>,
    csv: Option<&Arc<SourceFile>>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Soa> {
    match (section, csv) {
        (Some(section), Some(csv)) => {
            let mut d = Diagnostic::error(
                "config",
                "the Statement of Applicability is declared twice: book.toml has `[soa]` and the book root has soa.csv",
                span_label(book_toml, section.span(), "`[soa]` here"),
            );
            d.secondary.push(Label::whole_file(csv, "and soa.csv here"));
            d.help =
                Some("keep one of them: remove `[soa]` from book.toml or delete soa.csv".into());
            problems.push(d);
            None
        }
        (Some(section), None) => {
            let mut excluded = BTreeMap::new();
            // In the order of the file, for the errors.
            let mut entries: Vec<_> = section.into_inner().excluded.into_iter().collect();
            entries.sort_by_key(|(id, _)| id.span().start);
            for (id, why) in entries {
                if controls::find(id.get_ref()).is_none() {
                    problems.push(unknown_control(book_toml, id.span(), id.get_ref()));
                    continue;
                }
                if why.get_ref().trim().is_empty() {
                    let mut d = Diagnostic::error(
                        "config",
                        format!(
                            "the exclusion of control {} has no justification",
                            id.get_ref()
                        ),
                        span_label(book_toml, why.span(), "empty"),
                    );
                    d.help = Some("say why the control does not apply".into());
                    problems.push(d);
                    continue;
                }
                excluded.insert(id.into_inner(), why.into_inner().trim().to_string());
            }
            Some(Soa {
                source: "book.toml",
                excluded,
            })
        }
        (None, Some(csv)) => Some(from_csv(csv, problems)),
        (None, None) => None,
    }
}

/// One CSV cell: its text, unquoted, and the byte range it takes.
struct Cell {
    text: String,
    span: Range<usize>,
}

/// RFC 4180 records with each cell's span; blank lines are skipped. An
/// unterminated quote runs to the end of the file.
fn parse_csv(text: &str) -> Vec<Vec<Cell>> {
    let bytes = text.as_bytes();
    let mut rows = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let mut row = Vec::new();
        loop {
            let start = at;
            let mut value = String::new();
            if bytes.get(at) == Some(&b'"') {
                at += 1;
                let mut from = at;
                while at < bytes.len() {
                    if bytes[at] == b'"' {
                        value.push_str(&text[from..at]);
                        if bytes.get(at + 1) == Some(&b'"') {
                            value.push('"');
                            at += 2;
                            from = at;
                            continue;
                        }
                        at += 1;
                        from = at;
                        break;
                    }
                    at += 1;
                }
                value.push_str(&text[from.min(at)..at]);
                // Anything between the closing quote and the separator.
                let rest = at;
                while at < bytes.len() && !matches!(bytes[at], b',' | b'\n' | b'\r') {
                    at += 1;
                }
                value.push_str(&text[rest..at]);
            } else {
                while at < bytes.len() && !matches!(bytes[at], b',' | b'\n' | b'\r') {
                    at += 1;
                }
                value.push_str(&text[start..at]);
            }
            row.push(Cell {
                text: value.trim().to_string(),
                span: start..at,
            });
            if bytes.get(at) == Some(&b',') {
                at += 1;
                continue;
            }
            if bytes.get(at) == Some(&b'\r') {
                at += 1;
            }
            if bytes.get(at) == Some(&b'\n') {
                at += 1;
            }
            break;
        }
        if !(row.len() == 1 && row[0].text.is_empty()) {
            rows.push(row);
        }
    }
    rows
}

const HEADER: [&str; 3] = ["control", "applicable", "justification"];

fn from_csv(file: &Arc<SourceFile>, problems: &mut Vec<Diagnostic>) -> Soa {
    let mut excluded = BTreeMap::new();
    let error = |span: Range<usize>, rule: &'static str, message: String, help: &str| {
        let mut d = Diagnostic::error(rule, message, span_label(file, span, ""));
        if !help.is_empty() {
            d.help = Some(help.to_string());
        }
        d
    };
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let offset = file.text.len() - text.len();
    let mut rows = parse_csv(text).into_iter().map(|row| {
        row.into_iter()
            .map(|cell| Cell {
                span: cell.span.start + offset..cell.span.end + offset,
                ..cell
            })
            .collect::<Vec<_>>()
    });
    let header_help = "the first line of soa.csv is `control,applicable,justification`";
    match rows.next() {
        None => problems.push(error(
            0..0,
            "config",
            "soa.csv is empty".into(),
            header_help,
        )),
        Some(header) => {
            let names: Vec<String> = header.iter().map(|c| c.text.to_lowercase()).collect();
            if names != HEADER {
                let start = header.first().map_or(0, |c| c.span.start);
                let span = start..header.last().map_or(start, |c| c.span.end);
                problems.push(error(
                    span,
                    "config",
                    "soa.csv's header is not `control,applicable,justification`".into(),
                    header_help,
                ));
                return Soa {
                    source: "soa.csv",
                    excluded,
                };
            }
        }
    }
    let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
    for row in rows {
        if row.len() != 3 {
            let span = row[0].span.start..row[row.len() - 1].span.end;
            problems.push(error(
                span,
                "config",
                format!("a row of soa.csv has {} cells, not 3", row.len()),
                "each row is `control,applicable,justification`; quote a justification that holds a comma",
            ));
            continue;
        }
        let (id, applicable, why) = (&row[0], &row[1], &row[2]);
        if controls::find(&id.text).is_none() {
            problems.push(unknown_control(file, id.span.clone(), &id.text));
            continue;
        }
        if let Some(first) = seen.get(&id.text) {
            let mut d = Diagnostic::error(
                "config",
                format!("soa.csv lists control {} twice", id.text),
                span_label(file, id.span.clone(), "again here"),
            );
            d.secondary
                .push(Label::new(file, first.clone(), "first listed here"));
            problems.push(d);
            continue;
        }
        seen.insert(id.text.clone(), id.span.clone());
        let applies = match applicable.text.to_lowercase().as_str() {
            "yes" | "true" => true,
            "no" | "false" => false,
            _ => {
                problems.push(error(
                    applicable.span.clone(),
                    "unknown-value",
                    format!(
                        "`{}` is not an applicable value for control {}",
                        applicable.text, id.text
                    ),
                    "write yes, no, true or false",
                ));
                continue;
            }
        };
        if !applies {
            if why.text.is_empty() {
                problems.push(error(
                    why.span.clone(),
                    "config",
                    format!(
                        "control {} is not applicable but has no justification",
                        id.text
                    ),
                    "say why the control does not apply",
                ));
                continue;
            }
            excluded.insert(id.text.clone(), why.text.clone());
        }
    }
    Soa {
        source: "soa.csv",
        excluded,
    }
}

#[cfg(test)]
mod tests;
