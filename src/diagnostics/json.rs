//! `--format json`: one JSON document with every diagnostic and the summary.

use serde::Serialize;

use super::{Diagnostic, Label, Summary};

#[derive(Serialize)]
struct JsonLabel<'a> {
    path: String,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    label: &'a str,
}

impl<'a> JsonLabel<'a> {
    fn from(label: &'a Label) -> JsonLabel<'a> {
        let start = label.line_col();
        let end = label
            .span
            .as_ref()
            .map(|span| label.file.line_col(span.end));
        JsonLabel {
            path: label.file.path().display().to_string(),
            line: start.map(|(line, _)| line),
            column: start.map(|(_, col)| col),
            end_line: end.map(|(line, _)| line),
            end_column: end.map(|(_, col)| col),
            label: &label.message,
        }
    }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    #[serde(flatten)]
    primary: JsonLabel<'a>,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: &'a Summary,
}

pub fn render_json(diagnostics: &[Diagnostic], summary: &Summary) -> String {
    let report = JsonReport {
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                rule: d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                primary: JsonLabel::from(&d.primary),
                labels: d.secondary.iter().map(JsonLabel::from).collect(),
                help: d.help.as_deref(),
            })
            .collect(),
        summary,
    };
    let mut text = serde_json::to_string_pretty(&report).expect("plain data serialises");
    text.push('\n');
    text
}
