//! `--format github`: GitHub Actions workflow commands, one per diagnostic,
//! so findings appear as annotations on the pull request's files.

use super::{Diagnostic, Severity};

/// Escapes the message part of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`), where `:` and `,` separate.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render_github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let label = &diagnostic.primary;
        let mut properties = vec![format!(
            "file={}",
            escape_property(&label.file.path().display().to_string())
        )];
        if let Some(span) = &label.span {
            let (line, col) = label.file.line_col(span.start);
            let (end_line, end_col) = label.file.line_col(span.end);
            properties.push(format!("line={line}"));
            properties.push(format!("col={col}"));
            if end_line == line {
                properties.push(format!("endColumn={end_col}"));
            }
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("lessonbook {}", diagnostic.rule))
        ));
        let mut message = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            escape_data(&message)
        ));
    }
    out
}
