//! Judges a parsed book: cross-record format checks (always errors) and the
//! control 5.27 rules, each at the level book.toml `[rules]` gives it. Pure:
//! no I/O; every finding is a `Diagnostic`.

mod context;
mod docs;
mod format;
mod rules;

pub use context::Context;
pub use docs::catalogue;
pub use rules::RULES;

use crate::procedure::Level;

use crate::config::Settings;
use crate::diagnostics::{Diagnostic, Severity};
use crate::provenance::Recorded;
use crate::records::Book;

/// Every rule's name and default level, for `config` to check `[rules]`
/// against (passed in, so config does not depend on the rules).
pub fn defaults() -> Vec<(&'static str, Level)> {
    RULES.iter().map(|rule| (rule.name, rule.default)).collect()
}

/// Runs the cross-record format checks and every rule not set to allow,
/// except those that need git history when `recorded` has none
/// ([`skipped`] says which, and why).
pub fn validate(book: &Book, settings: &Settings, recorded: &Recorded) -> Vec<Diagnostic> {
    let cx = Context::new(book, settings, recorded);
    let mut diagnostics = format::check(&cx);
    let without_git = git_unusable(recorded).is_some();
    // Each record file's kind, to check that rules report where they say.
    #[cfg(debug_assertions)]
    let kinds: std::collections::HashMap<&std::path::Path, crate::records::Kind> = book
        .ids
        .iter()
        .map(|id| (id.file.path.as_path(), id.kind))
        .collect();
    for rule in RULES {
        let level = settings.level(rule.name);
        if level == Level::Allow || (rule.needs_git && without_git) {
            continue;
        }
        for finding in (rule.check)(&cx) {
            #[cfg(debug_assertions)]
            assert!(
                kinds
                    .get(finding.primary.file.path.as_path())
                    .is_some_and(|kind| rule.judges.contains(kind)),
                "{} reported {} outside the records it judges ({:?})",
                rule.name,
                finding.primary.file.path.display(),
                rule.judges
            );
            let severity = match (level, finding.at_most_warning) {
                (Level::Deny, false) => Severity::Error,
                _ => Severity::Warning,
            };
            diagnostics.push(finding.into_diagnostic(rule.name, severity));
        }
    }
    diagnostics
}

/// Why git history cannot be trusted for rules, if it cannot: none was
/// read, or a shallow clone's first commits are not the real ones.
fn git_unusable(recorded: &Recorded) -> Option<String> {
    if let Some(why) = recorded.unavailable_because() {
        return Some(format!("no git history ({why})"));
    }
    recorded.shallow().then(|| {
        "the repository is a shallow clone, so first-commit dates are those of its oldest commit, not the real ones (fetch the whole history: `git fetch --unshallow`)".to_string()
    })
}

/// The rules that were on but did not run for want of git history, with
/// the reason: `check`'s summary and the compliance page name them.
pub fn skipped(settings: &Settings, recorded: &Recorded) -> Vec<(&'static str, String)> {
    let Some(why) = git_unusable(recorded) else {
        return Vec::new();
    };
    RULES
        .iter()
        .filter(|rule| rule.needs_git && settings.level(rule.name) != Level::Allow)
        .map(|rule| (rule.name, why.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    /// The levels of `[rules]`: deny reports errors, warn warnings, allow
    /// nothing; a finding a rule marks "at most a warning" stays one.
    #[test]
    fn rule_levels_decide_the_severity() {
        let chairless = with(REVIEW, "chair", "");
        let files = [
            ("r/INC-1.md", INCIDENT.to_string()),
            ("r/PIR-1.md", chairless),
        ];
        let severities = |level: &str| -> Vec<String> {
            let toml = format!("[book]\ntitle = \"T\"\n[rules]\nno-chair = \"{level}\"\n");
            check(&files, Some(&toml), "2026-02-01")
                .into_iter()
                .filter(|d| d.rule == "no-chair")
                .map(|d| d.severity.as_str().to_string())
                .collect()
        };
        assert_eq!(severities("deny"), ["error"]);
        assert_eq!(severities("warn"), ["warning"]);
        assert!(severities("allow").is_empty());
        // The default level of no-chair is deny.
        let default: Vec<_> = check(&files, None, "2026-02-01")
            .into_iter()
            .filter(|d| d.rule == "no-chair")
            .map(|d| d.severity)
            .collect();
        assert_eq!(default, [crate::diagnostics::Severity::Error]);

        // A low incident without a review is at most a warning, even at deny.
        let low = with(INCIDENT, "severity", "severity: low");
        let toml = "[book]\ntitle = \"T\"\n[rules]\nmissing-review = \"deny\"\n";
        let found: Vec<_> = check(&[("r/INC-1.md", low)], Some(toml), "2026-02-01")
            .into_iter()
            .filter(|d| d.rule == "missing-review")
            .map(|d| d.severity.as_str())
            .collect();
        assert_eq!(found, ["warning"]);
    }
}
