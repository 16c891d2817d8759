//! `--format sarif`: one SARIF 2.1.0 log for GitHub code scanning and other
//! SARIF viewers. The driver lists every rule with its documentation; each
//! diagnostic is a result with its region (columns in UTF-16 code units,
//! SARIF's default), its other labels as related locations, and a stable
//! fingerprint.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Diagnostic, Label, RepoPaths, RuleInfo, Severity, fingerprints};

/// The OASIS schema the log conforms to (the errata 01 text, vendored in
/// tests/fixtures/sarif/ and checked by the tests).
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    original_uri_base_ids: BaseIds,
    /// Stated although it is the default, so no reader has to guess.
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

/// Says what `%SRCROOT%` stands for; its place on disk is the reader's.
#[derive(Serialize)]
struct BaseIds {
    #[serde(rename = "%SRCROOT%")]
    src_root: BaseId,
}

#[derive(Serialize)]
struct BaseId {
    description: Text<'static>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Help<'a> {
    text: &'a str,
    markdown: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: String,
    short_description: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Properties<'a> {
    tags: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    partial_fingerprints: Fingerprints,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "lessonbook/v1")]
    lessonbook: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn level(severity: Option<Severity>) -> &'static str {
    match severity {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        None => "none",
    }
}

/// `missing-review` → `MissingReview`: SARIF's `name` is an identifier.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

fn descriptor(rule: &RuleInfo) -> Descriptor<'_> {
    Descriptor {
        id: rule.id,
        name: pascal_case(rule.id),
        short_description: Text {
            text: &rule.summary,
        },
        full_description: Some(Text {
            text: &rule.description,
        }),
        help: Some(Help {
            text: &rule.description,
            markdown: &rule.help_markdown,
        }),
        help_uri: help_uri(&rule.anchor),
        default_configuration: Configuration {
            level: level(rule.default),
        },
        properties: Some(Properties { tags: &rule.tags }),
    }
}

/// Where docs/rules.md's heading is published: only when lessonbook's
/// Cargo.toml names its `repository`; no link is made up.
fn help_uri(anchor: &str) -> Option<String> {
    let repository = env!("CARGO_PKG_REPOSITORY");
    (!repository.is_empty()).then(|| format!("{repository}/blob/main/docs/rules.md#{anchor}"))
}

/// A rule the catalogue does not know (a code added without docs): listed
/// by id alone, so every result still has a rule to point at.
fn bare_descriptor(id: &str) -> Descriptor<'_> {
    Descriptor {
        id,
        name: pascal_case(id),
        short_description: Text { text: id },
        full_description: None,
        help: None,
        help_uri: None,
        default_configuration: Configuration { level: "error" },
        properties: None,
    }
}

fn location<'a>(label: &'a Label, id: Option<usize>, paths: &RepoPaths) -> Location<'a> {
    let (uri, uri_base_id) = paths.uri(&label.file);
    let region = label.span.as_ref().map(|span| {
        let (start_line, start_column) = label.file.line_col_utf16(span.start);
        let (end_line, end_column) = label.file.line_col_utf16(span.end);
        Region {
            start_line,
            start_column,
            end_line,
            end_column,
        }
    });
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri, uri_base_id },
            region,
        },
        message: (!label.message.is_empty()).then_some(Text {
            text: &label.message,
        }),
    }
}

/// The whole log; `rules` is every rule the tool has, documented.
pub fn render_sarif(diagnostics: &[Diagnostic], rules: &[RuleInfo], paths: &RepoPaths) -> String {
    let mut descriptors: Vec<Descriptor> = rules.iter().map(descriptor).collect();
    let mut index: BTreeMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(at, rule)| (rule.id, at))
        .collect();
    let messages: Vec<String> = diagnostics
        .iter()
        .map(|d| match &d.help {
            Some(help) => format!("{}\nhelp: {help}", d.message),
            None => d.message.clone(),
        })
        .collect();
    let fingerprints = fingerprints(diagnostics, paths);
    let results = diagnostics
        .iter()
        .zip(&messages)
        .zip(fingerprints)
        .map(|((diagnostic, message), fingerprint)| {
            let rule_index = *index.entry(diagnostic.rule).or_insert_with(|| {
                descriptors.push(bare_descriptor(diagnostic.rule));
                descriptors.len() - 1
            });
            SarifResult {
                rule_id: diagnostic.rule,
                rule_index,
                level: level(Some(diagnostic.severity)),
                message: Text { text: message },
                locations: [location(&diagnostic.primary, None, paths)],
                related_locations: diagnostic
                    .secondary
                    .iter()
                    .enumerate()
                    .map(|(at, label)| location(label, Some(at + 1), paths))
                    .collect(),
                partial_fingerprints: Fingerprints {
                    lessonbook: fingerprint,
                },
            }
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: env!("CARGO_PKG_NAME"),
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: Some(env!("CARGO_PKG_REPOSITORY"))
                        .filter(|repository| !repository.is_empty()),
                    rules: descriptors,
                },
            },
            original_uri_base_ids: BaseIds {
                src_root: BaseId {
                    description: Text {
                        text: "The root of the git repository that holds the book \
                               (the book root when it is in no repository)",
                    },
                },
            },
            column_kind: "utf16CodeUnits",
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).expect("plain data serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::source::SourceFile;

    fn rule(id: &'static str) -> RuleInfo {
        RuleInfo {
            id,
            default: Some(Severity::Warning),
            summary: "the review names its chair".into(),
            description: "Default warn.".into(),
            help_markdown: "Default **warn**.".into(),
            anchor: "no-chair".into(),
            tags: vec!["iso27001-5.27".into()],
        }
    }

    /// The region counts UTF-16 units (😀 is two), the secondary label is a
    /// related location, and a rule missing from the catalogue is appended
    /// so its result still has a valid `ruleIndex`.
    #[test]
    fn results_point_at_rules_and_regions() {
        let file = SourceFile::new("records/PIR-1.md", "---\nchair: 😀x\n---\n".to_string());
        let x = 4 + 7 + 4;
        let diagnostics = vec![
            Diagnostic::new(
                "no-chair",
                Severity::Warning,
                "review PIR-1 names no chair",
                Label::new(&file, x..x + 1, "here"),
            )
            .with_label(Label::new(&file, 4..9, "key"))
            .with_help("add one"),
            Diagnostic::error("new-code", "m", Label::whole_file(&file, "")),
        ];
        let log: serde_json::Value = serde_json::from_str(&render_sarif(
            &diagnostics,
            &[rule("late-review"), rule("no-chair")],
            &RepoPaths::new(Path::new("isms")),
        ))
        .unwrap();
        let run = &log["runs"][0];
        let rules = &run["tool"]["driver"]["rules"];
        assert_eq!(rules[1]["name"], "NoChair");
        assert_eq!(rules[1]["defaultConfiguration"]["level"], "warning");
        assert_eq!(rules[2]["id"], "new-code");
        let first = &run["results"][0];
        assert_eq!(first["ruleIndex"], 1);
        assert_eq!(
            first["message"]["text"],
            "review PIR-1 names no chair\nhelp: add one"
        );
        let physical = &first["locations"][0]["physicalLocation"];
        assert_eq!(physical["artifactLocation"]["uri"], "isms/records/PIR-1.md");
        assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &physical["region"];
        assert_eq!(
            [
                &region["startLine"],
                &region["startColumn"],
                &region["endLine"],
                &region["endColumn"]
            ],
            [2, 10, 2, 11]
        );
        let related = &first["relatedLocations"][0];
        assert_eq!(related["id"], 1);
        assert_eq!(related["message"]["text"], "key");
        assert_eq!(related["physicalLocation"]["region"]["endColumn"], 6);
        let second = &run["results"][1];
        assert_eq!(second["ruleIndex"], 2);
        assert!(second["locations"][0]["physicalLocation"]["region"].is_null());
        assert_eq!(
            first["partialFingerprints"]["lessonbook/v1"]
                .as_str()
                .map(str::len),
            Some(32)
        );
    }
}
