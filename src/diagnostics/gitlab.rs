//! `--format gitlab`: a GitLab Code Quality report (a JSON array of issues in
//! the Code Climate shape GitLab reads), shown in merge requests.

use serde::Serialize;

use super::{Diagnostic, RepoPaths, Severity, fingerprints};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// GitLab's scale is info, minor, major, critical, blocker. Errors fail the
/// check, so they are `major`; warnings `minor`. `critical` and `blocker`
/// are left for tools that find exploitable defects: a missing review
/// chair is not one.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
    }
}

pub fn render_gitlab(diagnostics: &[Diagnostic], paths: &RepoPaths) -> String {
    let issues: Vec<Issue> = diagnostics
        .iter()
        .zip(fingerprints(diagnostics, paths))
        .map(|(diagnostic, fingerprint)| {
            let label = &diagnostic.primary;
            Issue {
                description: match &diagnostic.help {
                    Some(help) => format!("{} (help: {help})", diagnostic.message),
                    None => diagnostic.message.clone(),
                },
                check_name: diagnostic.rule,
                fingerprint,
                severity: severity(diagnostic.severity),
                location: Location {
                    path: paths.path(&label.file),
                    // A finding about a whole file (it could not be read) is
                    // shown at its first line: GitLab needs one.
                    lines: Lines {
                        begin: label.line_col().map_or(1, |(line, _)| line),
                    },
                },
            }
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).expect("plain data serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diagnostics::Label;
    use crate::source::SourceFile;

    #[test]
    fn issues_have_every_field_gitlab_reads() {
        let file = SourceFile::new("records/INC-1.md", "---\nid: INC-1\n".to_string());
        let diagnostics = [
            Diagnostic::new(
                "late-review",
                Severity::Warning,
                "late",
                Label::new(&file, 4..6, ""),
            )
            .with_help("hold it sooner"),
            Diagnostic::error("read-error", "cannot read", Label::whole_file(&file, "")),
        ];
        let issues: serde_json::Value = serde_json::from_str(&render_gitlab(
            &diagnostics,
            &RepoPaths::new(Path::new("isms")),
        ))
        .unwrap();
        assert_eq!(issues[0]["description"], "late (help: hold it sooner)");
        assert_eq!(issues[0]["check_name"], "late-review");
        assert_eq!(issues[0]["severity"], "minor");
        assert_eq!(issues[0]["location"]["path"], "isms/records/INC-1.md");
        assert_eq!(issues[0]["location"]["lines"]["begin"], 2);
        assert_eq!(issues[1]["severity"], "major");
        assert_eq!(issues[1]["location"]["lines"]["begin"], 1);
        assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
    }
}
