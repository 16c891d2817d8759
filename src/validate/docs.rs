//! The rules' documentation for reports that carry it (SARIF): each 5.27
//! rule's section and each format error's row of docs/rules.md, compiled
//! in. The docs are the one text; the registry test keeps them in step
//! with the `Rule` values.

use super::RULES;
use crate::diagnostics::{RuleInfo, Severity};
use crate::procedure::Level;

const RULES_MD: &str = include_str!("../../docs/rules.md");

const FORMAT_HEADING: &str = "## Format errors (always errors)";
/// GitHub's anchor for that heading.
const FORMAT_ANCHOR: &str = "format-errors-always-errors";

/// Every format error code, then every rule of the registry, in the order
/// docs/rules.md lists them.
pub fn catalogue() -> Vec<RuleInfo> {
    let mut all = format_codes();
    all.extend(RULES.iter().map(|rule| {
        let section = rule_section(rule.name).unwrap_or(rule.enforces);
        RuleInfo {
            id: rule.name,
            default: match rule.default {
                Level::Deny => Some(Severity::Error),
                Level::Warn => Some(Severity::Warning),
                Level::Allow => None,
            },
            summary: sentence(rule.enforces),
            description: plain(section),
            help_markdown: section.to_string(),
            // GitHub's anchor for "### `no-chair`" is "no-chair".
            anchor: rule.name.to_string(),
            tags: vec![
                "iso27001-5.27".to_string(),
                format!("step-{}", rule.step.number()),
            ],
        }
    }));
    all
}

/// The text under `### \`name\``, up to the next heading.
fn rule_section(name: &str) -> Option<&'static str> {
    let heading = format!("### `{name}`");
    let (_, after) = RULES_MD.split_once(&heading)?;
    let end = after.find("\n#").unwrap_or(after.len());
    Some(after[..end].trim())
}

/// The rows of the format error table: `| \`code\` | what it means |`.
fn format_codes() -> Vec<RuleInfo> {
    let Some((_, section)) = RULES_MD.split_once(FORMAT_HEADING) else {
        return Vec::new();
    };
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    section
        .lines()
        .filter_map(|line| {
            let row = line.strip_prefix("| `")?;
            let (code, meaning) = row.split_once("` | ")?;
            let meaning = meaning.trim_end().trim_end_matches('|').trim_end();
            Some((code, meaning))
        })
        .map(|(id, meaning)| {
            let markdown = format!(
                "{}.\n\nA format error: the record cannot be read as the \
                 record format says. Always an error; it cannot be turned off.",
                sentence(meaning)
            );
            RuleInfo {
                id,
                default: Some(Severity::Error),
                summary: sentence(first_clause(meaning)),
                description: plain(&markdown),
                help_markdown: markdown,
                anchor: FORMAT_ANCHOR.to_string(),
                tags: vec!["format".to_string()],
            }
        })
        .collect()
}

/// The text up to the first colon, semicolon, parenthesis or full stop:
/// "the file cannot be read: permissions, …" → "the file cannot be read".
fn first_clause(text: &str) -> &str {
    let end = [": ", "; ", " (", ". "]
        .iter()
        .filter_map(|stop| text.find(stop))
        .min()
        .unwrap_or(text.len());
    text[..end].trim()
}

/// Capitalised, as SARIF viewers show a rule's one-line description.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// Markdown as plain text: paragraphs unwrapped, bold markers dropped
/// (backticks stay: they read well as text).
fn plain(markdown: &str) -> String {
    markdown
        .split("\n\n")
        .map(|paragraph| {
            paragraph
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace("**", "")
        })
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes parse/ and validate/format.rs report.
    const FORMAT_CODES: &[&str] = &[
        "read-error",
        "encoding",
        "front-matter",
        "yaml-syntax",
        "missing-key",
        "wrong-type",
        "bad-date",
        "unknown-key",
        "duplicate-key",
        "unknown-value",
        "invalid-id",
        "duplicate-id",
        "unknown-reference",
        "unknown-control",
        "date-order",
    ];

    #[test]
    fn every_format_code_and_rule_is_documented_once() {
        let all = catalogue();
        let ids: Vec<&str> = all.iter().map(|rule| rule.id).collect();
        let mut expected = FORMAT_CODES.to_vec();
        expected.extend(RULES.iter().map(|rule| rule.name));
        assert_eq!(ids, expected);
        for rule in &all {
            assert!(!rule.summary.is_empty(), "{}", rule.id);
            assert!(!rule.anchor.is_empty(), "{}", rule.id);
        }
    }

    #[test]
    fn rule_text_comes_from_its_section() {
        let all = catalogue();
        let no_chair = all.iter().find(|rule| rule.id == "no-chair").unwrap();
        assert_eq!(no_chair.summary, "The review names its chair");
        assert_eq!(
            no_chair.description,
            "Default deny. Step 2 (Convene a cross-functional review team). \
             The review names its `chair`."
        );
        assert!(no_chair.help_markdown.starts_with("Default **deny**."));
        assert_eq!(no_chair.anchor, "no-chair");
        assert_eq!(no_chair.default, Some(Severity::Error));
        assert_eq!(no_chair.tags, ["iso27001-5.27", "step-2"]);
        let late = all.iter().find(|rule| rule.id == "late-review").unwrap();
        assert_eq!(late.default, Some(Severity::Warning));

        let read = all.iter().find(|rule| rule.id == "read-error").unwrap();
        assert_eq!(read.summary, "The file cannot be read");
        assert!(
            read.description
                .starts_with("The file cannot be read: permissions")
        );
        assert_eq!(read.anchor, "format-errors-always-errors");
        let yaml = all.iter().find(|rule| rule.id == "yaml-syntax").unwrap();
        assert_eq!(yaml.summary, "The front matter is not valid YAML");
    }
}
