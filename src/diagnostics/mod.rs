//! Findings as data: a `Diagnostic` names its rule, severity, message, where
//! it points and how to fix it. Renderers turn a sorted list into text; nothing
//! here decides what is wrong.

mod fingerprint;
mod github;
mod gitlab;
mod human;
mod json;
mod repo_path;
mod sarif;

use std::ops::Range;
use std::sync::Arc;

use fingerprint::fingerprints;
pub use github::render_github;
pub use gitlab::render_gitlab;
pub use human::render_human;
pub use json::render_json;
pub use repo_path::RepoPaths;
pub use sarif::render_sarif;

use crate::source::SourceFile;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a file: a byte range with a short message under it. A label
/// without a range points at the file as a whole (it could not be read).
#[derive(Clone, Debug)]
pub struct Label {
    pub file: Arc<SourceFile>,
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl Label {
    pub fn new(file: &Arc<SourceFile>, span: Range<usize>, message: impl Into<String>) -> Label {
        Label {
            file: Arc::clone(file),
            span: Some(span),
            message: message.into(),
        }
    }

    pub fn whole_file(file: &Arc<SourceFile>, message: impl Into<String>) -> Label {
        Label {
            file: Arc::clone(file),
            span: None,
            message: message.into(),
        }
    }

    /// 1-based line and column of the start, when the label has a range.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        self.span
            .as_ref()
            .map(|span| self.file.line_col(span.start))
    }
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(rule: &'static str, message: impl Into<String>, primary: Label) -> Diagnostic {
        Diagnostic::new(rule, Severity::Error, message, primary)
    }

    pub fn new(
        rule: &'static str,
        severity: Severity,
        message: impl Into<String>,
        primary: Label,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            severity,
            message: message.into(),
            primary,
            secondary: Vec::new(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, label: Label) -> Diagnostic {
        self.secondary.push(label);
        self
    }

    fn sort_key(&self) -> (&std::path::Path, usize, usize, &'static str, &str) {
        let (line, col) = self.primary.line_col().unwrap_or((0, 0));
        (
            self.primary.file.path(),
            line,
            col,
            self.rule,
            &self.message,
        )
    }
}

/// What a CI report (SARIF) says about one rule or format error code:
/// filled in by `validate` from the registry and docs/rules.md, so the
/// renderers know no rule.
#[derive(Clone, Debug)]
pub struct RuleInfo {
    pub id: &'static str,
    /// The level before book.toml changes it; None when off by default.
    pub default: Option<Severity>,
    /// One line: what the rule enforces or what the error means.
    pub summary: String,
    /// The rule's documentation as plain text.
    pub description: String,
    /// The same documentation as markdown.
    pub help_markdown: String,
    /// The heading of docs/rules.md that documents it (GitHub's anchor).
    pub anchor: String,
    pub tags: Vec<String>,
}

/// Orders diagnostics by file, line, column and rule so output never depends
/// on thread scheduling.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// What `check` says at the end of a run.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Summary {
    pub records: usize,
    pub incidents: usize,
    pub reviews: usize,
    pub risks: usize,
    pub errors: usize,
    pub warnings: usize,
    pub needing_review: usize,
    pub reviewed: usize,
    /// Reviewed share of the incidents needing review, 0..1; None when none need one.
    pub review_coverage: Option<f64>,
    /// Record files no commit holds yet ("not yet recorded").
    pub not_yet_recorded: usize,
    /// Rules that were on but did not run, each as a sentence with the
    /// reason (no git history, a shallow clone).
    pub skipped: Vec<String>,
}

impl Summary {
    pub fn count(&mut self, diagnostics: &[Diagnostic]) {
        self.errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        self.warnings = diagnostics.len() - self.errors;
    }

    pub fn line(&self) -> String {
        let coverage = match self.review_coverage {
            // The same formatter as the pages: "92%" everywhere, never
            // "92.1%" here and "92%" there.
            Some(share) => format!(
                "{}/{} ({})",
                self.reviewed,
                self.needing_review,
                crate::format::percent(Some(share))
            ),
            None => "n/a (no resolved incident needs a review)".to_string(),
        };
        format!(
            "checked {} {} ({} {}, {} {}, {} {}): {} {}, {} {}; review coverage {}",
            self.records,
            plural(self.records, "record", "records"),
            self.incidents,
            plural(self.incidents, "incident", "incidents"),
            self.reviews,
            plural(self.reviews, "review", "reviews"),
            self.risks,
            plural(self.risks, "risk", "risks"),
            self.errors,
            plural(self.errors, "error", "errors"),
            self.warnings,
            plural(self.warnings, "warning", "warnings"),
            coverage
        )
    }

    /// The summary line, then a `note:` line for each rule that did not
    /// run and for records not yet committed: what `check` prints last.
    pub fn report(&self) -> String {
        let mut text = self.line();
        for skipped in &self.skipped {
            text.push_str("\nnote: ");
            text.push_str(skipped);
        }
        if self.not_yet_recorded > 0 {
            text.push_str(&format!(
                "\nnote: {} {} not yet recorded in git (never committed)",
                self.not_yet_recorded,
                plural(self.not_yet_recorded, "record file is", "record files are")
            ));
        }
        text
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
