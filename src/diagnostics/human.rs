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

/// Source lines longer than this many bytes are shown cut to a window
/// around the label, starting up to `BEFORE` bytes ahead of it: otherwise
/// 20,000 diagnostics on a one-line 200 KB front matter print 4 GB.
const MAX_LINE_BYTES: usize = 240;
const BEFORE: usize = 80;

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
            let (line, _) = label.file.line_col(span.start);
            let shown = Shown::new(&label.file, line, span.clone());
            let text = shown.text;
            let col = shown.col;
            let line_chars = text.chars().count();
            let carets = shown
                .span_chars
                .clamp(1, (line_chars + 1).saturating_sub(col).max(1));
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

/// The part of a source line a label shows: the whole line, or for a long
/// one a window around the label marked with `…` where it is cut.
struct Shown {
    text: String,
    /// 1-based column of the label's start within `text`.
    col: usize,
    /// Characters of the label's span on this line, within the window.
    span_chars: usize,
}

impl Shown {
    fn new(file: &crate::source::SourceFile, line: usize, span: std::ops::Range<usize>) -> Shown {
        let full = file.line_text(line);
        let start = file.line_start(line);
        let at = span.start.saturating_sub(start).min(full.len());
        let (from, to) = if full.len() <= MAX_LINE_BYTES {
            (0, full.len())
        } else {
            let from = full.floor_char_boundary(at.saturating_sub(BEFORE));
            (from, full.ceil_char_boundary(from + MAX_LINE_BYTES))
        };
        let prefix = if from > 0 { "…" } else { "" };
        let suffix = if to < full.len() { "…" } else { "" };
        let window = &full[from..to];
        let at = full.floor_char_boundary(at);
        // A label can start past the shown text: on the `\n` of a CRLF line
        // end, which the shown line leaves out with the `\r`.
        let span_end = span.end.clamp(span.start, (start + to).max(span.start));
        let span_chars = file
            .text
            .get(span.start..span_end)
            .unwrap_or_default()
            .lines()
            .next()
            .map_or(0, |first| first.chars().count());
        Shown {
            text: format!("{prefix}{}{suffix}", window.replace('\t', " ")),
            col: prefix.chars().count() + full[from..at].chars().count() + 1,
            span_chars,
        }
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

    /// Found by the property test: a YAML error on the `\n` of a CRLF line
    /// end points past the line as shown.
    #[test]
    fn a_label_on_the_newline_of_a_crlf_line_is_shown_after_the_line() {
        let file = SourceFile::new("records/x.md", "---\na: x\r\n---\n".to_string());
        let label = Label::new(&file, 9..10, "here");
        let text =
            HumanRenderer { color: false }.render(&Diagnostic::error("yaml-syntax", "bad", label));
        assert_eq!(
            text,
            "error[yaml-syntax]: bad\n \
             --> records/x.md:2:6\n  \
             |\n\
             2 | a: x\n  \
             |     ^ here\n"
        );
    }

    /// 20,000 labels on one 200 KB line: each shows a window of the line,
    /// so the output and the time stay linear.
    #[test]
    fn long_lines_are_cut_to_a_window_around_the_label() {
        let keys: Vec<String> = (0..20_000).map(|i| format!("k{i:05}: 1")).collect();
        let line = format!("{{{}}}", keys.join(", "));
        let file = SourceFile::new("records/x.md", format!("---\n{line}\n---\n"));
        let renderer = HumanRenderer { color: false };
        let mut total = 0;
        for (i, key) in keys.iter().enumerate() {
            let start = 4 + 1 + i * (key.len() + 2);
            let label = Label::new(&file, start..start + 6, "unknown key");
            let text = renderer.render(&Diagnostic::error("unknown-key", "unknown key", label));
            total += text.len();
            if i == 19_999 {
                let col = 2 + i * 11;
                assert_eq!(
                    text,
                    format!(
                        "error[unknown-key]: unknown key\n \
                         --> records/x.md:2:{col}\n  \
                         |\n\
                         2 | …{}\n  \
                         | {}^^^^^^ unknown key\n",
                        &line[line.len() - 90..],
                        " ".repeat(81)
                    )
                );
            }
        }
        assert!(total < 20_000 * 600, "{total}");
    }
}
