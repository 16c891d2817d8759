//! Judges a parsed book: cross-record format checks (always errors) and the
//! control 5.27 rules, each at the level book.toml `[rules]` gives it. Pure:
//! no I/O; every finding is a `Diagnostic`.

mod context;
mod format;
mod rules;

use serde::Serialize;

pub use context::Context;
pub use rules::{Finding, RULES, Rule};

use crate::config::Settings;
use crate::diagnostics::{Diagnostic, Severity};
use crate::records::Book;

/// How a rule's findings are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// An error: `check` exits 1 and `build` stops.
    Deny,
    Warn,
    /// Not checked.
    Allow,
}

impl Level {
    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "deny" => Some(Level::Deny),
            "warn" => Some(Level::Warn),
            "allow" => Some(Level::Allow),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Deny => "deny",
            Level::Warn => "warn",
            Level::Allow => "allow",
        }
    }
}

/// Runs the cross-record format checks and every rule not set to allow.
pub fn validate(book: &Book, settings: &Settings) -> Vec<Diagnostic> {
    let cx = Context::new(book, settings);
    let mut diagnostics = format::check(&cx);
    for rule in RULES {
        let level = settings.level(rule.name);
        if level == Level::Allow {
            continue;
        }
        for finding in (rule.check)(&cx) {
            let severity = match (level, finding.at_most_warning) {
                (Level::Deny, false) => Severity::Error,
                _ => Severity::Warning,
            };
            diagnostics.push(finding.into_diagnostic(rule.name, severity));
        }
    }
    diagnostics
}
