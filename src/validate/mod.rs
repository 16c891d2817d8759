//! Judges a parsed book: cross-record format checks (always errors) and the
//! control 5.27 rules, each at the level book.toml `[rules]` gives it. Pure:
//! no I/O; every finding is a `Diagnostic`.

mod context;
mod format;
mod rules;

pub use context::Context;
pub use rules::RULES;

use crate::procedure::Level;

use crate::config::Settings;
use crate::diagnostics::{Diagnostic, Severity};
use crate::records::Book;

/// Every rule's name and default level, for `config` to check `[rules]`
/// against (passed in, so config does not depend on the rules).
pub fn defaults() -> Vec<(&'static str, Level)> {
    RULES.iter().map(|rule| (rule.name, rule.default)).collect()
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
