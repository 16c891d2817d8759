//! rustc-style text: `error[rule]: message`, `--> path:line:col`, the source
//! line with the span underlined, and a help line.

use std::fmt::Write;

use super::{Diagnostic, Label, Severity};

#[derive(Clone, Copy, Debug)]
pub struct HumanRenderer {
    pub color: bool,
}

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BLUE: &str = "\x1b[1;34m";
const CYAN: &str = "\x1b[1;36m";

impl HumanRenderer {
    fn paint(&self, style: &str, text: &str) -> String {
        if self.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    pub fn render(&self, diagnostic: &Diagnostic) -> String {
        let mut out = String::new();
        let (level, level_style) = match diagnostic.severity {
            Severity::Error => ("error", RED),
            Severity::Warning => ("warning", YELLOW),
        };
        let _ = writeln!(
            out,
            "{}{}",
            self.paint(level_style, &format!("{level}[{}]", diagnostic.rule)),
            self.paint(BOLD, &format!(": {}", diagnostic.message))
        );
        let labels: Vec<&Label> = std::iter::once(&diagnostic.primary)
            .chain(&diagnostic.secondary)
            .collect();
        let width = labels
            .iter()
            .filter_map(|label| label.line_col())
            .map(|(line, _)| line.to_string().len())
            .max()
            .unwrap_or(1);
        let gutter = " ".repeat(width);
        let bar = self.paint(BLUE, "|");
        for (index, label) in labels.iter().enumerate() {
            let arrow = if index == 0 { "-->" } else { ":::" };
            let location = match label.line_col() {
                Some((line, col)) => format!("{}:{line}:{col}", label.file.path().display()),
                None => label.file.path().display().to_string(),
            };
            let _ = writeln!(out, "{gutter}{} {location}", self.paint(BLUE, arrow));
            let Some(span) = &label.span else {
                if !label.message.is_empty() {
                    let _ = writeln!(out, "{gutter} {} {}", self.paint(BLUE, "="), label.message);
                }
                continue;
            };
            let (line, col) = label.file.line_col(span.start);
            let text = label.file.line_text(line).replace('\t', " ");
            let line_chars = text.chars().count();
            let span_chars = label
                .file
                .text
                .get(span.clone())
                .unwrap_or_default()
                .lines()
                .next()
                .map_or(0, |first| first.chars().count());
            let carets = span_chars.clamp(1, (line_chars + 1).saturating_sub(col).max(1));
            let marker = if index == 0 { '^' } else { '-' };
            let style = if index == 0 { level_style } else { CYAN };
            let underline = format!(
                "{}{} {}",
                " ".repeat(col - 1),
                marker.to_string().repeat(carets),
                label.message
            );
            let _ = writeln!(out, "{gutter} {bar}");
            let _ = writeln!(
                out,
                "{} {bar} {text}",
                self.paint(BLUE, &format!("{line:>width$}"))
            );
            let _ = writeln!(
                out,
                "{gutter} {bar} {}",
                self.paint(style, underline.trim_end())
            );
        }
        if let Some(help) = &diagnostic.help {
            let _ = writeln!(out, "{gutter} {}", self.paint(BLUE, "|"));
            let _ = writeln!(out, "{gutter} {} {help}", self.paint(BOLD, "= help:"));
        }
        out
    }
}

/// All diagnostics, each followed by a blank line, then nothing else: the
/// caller prints the summary.
pub fn render_human(diagnostics: &[Diagnostic], color: bool) -> String {
    let renderer = HumanRenderer { color };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&renderer.render(diagnostic));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn renders_like_rustc() {
        let file = SourceFile::new(
            "records/INC-1.md",
            "---\nkind: incident\nstatus: resolvd\n---\n".to_string(),
        );
        let diagnostic = Diagnostic::error(
            "unknown-value",
            "unknown status `resolvd`",
            Label::new(&file, 27..34, "not a status"),
        )
        .with_help("did you mean `resolved`?");
        let text = HumanRenderer { color: false }.render(&diagnostic);
        assert_eq!(
            text,
            "error[unknown-value]: unknown status `resolvd`\n \
             --> records/INC-1.md:3:9\n  \
             |\n\
             3 | status: resolvd\n  \
             |         ^^^^^^^ not a status\n  \
             |\n  \
             = help: did you mean `resolved`?\n"
        );
    }
}
