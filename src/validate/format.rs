//! Format errors that need more than one record: duplicate IDs, references
//! to records that do not exist, reviews dated before their incident.

// foldhash: these maps are keyed by record IDs and built on every check.
use foldhash::HashMap;

use super::Context;
use crate::diagnostics::{Diagnostic, Label};
use crate::records::{Kind, RecordId};
use crate::suggest;

pub fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    duplicate_records(cx, &mut out);
    duplicate_actions(cx, &mut out);
    references(cx, &mut out);
    review_dates(cx, &mut out);
    out
}

fn duplicate_records(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut ids: Vec<&RecordId> = cx.book.ids.iter().collect();
    ids.sort_by(|a, b| (&a.id, a.file.path()).cmp(&(&b.id, b.file.path())));
    let mut first: HashMap<&str, &RecordId> = HashMap::default();
    for id in ids {
        match first.get(id.id.as_str()) {
            Some(original) => out.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!("ID `{}` is used by two records", id.id),
                    Label::new(&id.file, id.span.clone(), "used again here"),
                )
                .with_label(Label::new(
                    &original.file,
                    original.span.clone(),
                    "first used here",
                ))
                .with_help(
                    "IDs are unique across the repository and name the output page: rename one",
                ),
            ),
            None => {
                first.insert(&id.id, id);
            }
        }
    }
}

fn duplicate_actions(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, (&crate::records::Review, usize)> = HashMap::default();
    for review in &cx.book.reviews {
        for (index, action) in review.actions().iter().enumerate() {
            let path = format!("actions[{index}].id");
            match first.get(action.id.as_str()) {
                Some((other, other_index)) => out.push(
                    Diagnostic::error(
                        "duplicate-id",
                        format!("action ID `{}` is used twice", action.id),
                        Label::new(
                            &review.origin.file,
                            review.origin.value_span(&path),
                            "used again here",
                        ),
                    )
                    .with_label(Label::new(
                        &other.origin.file,
                        other
                            .origin
                            .value_span(&format!("actions[{other_index}].id")),
                        "first used here",
                    ))
                    .with_help("action IDs are unique across the repository"),
                ),
                None => {
                    first.insert(&action.id, (review, index));
                }
            }
        }
    }
}

/// How many (reference, candidate) pairs "did you mean" may compare in one
/// run. Each unknown reference is compared with every ID of its kind, so a
/// book of thousands of broken references to thousands of records would
/// cost millions of comparisons; past the budget, the help is the plain one.
const SUGGESTION_BUDGET: usize = 200_000;

fn references(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut budget = SUGGESTION_BUDGET;
    let mut suggested: HashMap<(&str, Kind), Option<&str>> = HashMap::default();
    let kinds: HashMap<&str, Kind> = cx
        .book
        .ids
        .iter()
        .map(|id| (id.id.as_str(), id.kind))
        .collect();
    let of_kind = |kind: Kind| -> Vec<&str> {
        cx.book
            .ids
            .iter()
            .filter(|id| id.kind == kind)
            .map(|id| id.id.as_str())
            .collect()
    };
    let incidents = of_kind(Kind::Incident);
    let risks = of_kind(Kind::Risk);
    let check_risks = !risks.is_empty();
    for review in &cx.book.reviews {
        let mut wanted: Vec<(String, &str, Kind, &Vec<&str>)> = review
            .incidents
            .iter()
            .enumerate()
            .map(|(i, id)| {
                (
                    format!("incidents[{i}]"),
                    id.as_str(),
                    Kind::Incident,
                    &incidents,
                )
            })
            .collect();
        if let (Some(register), true) = (&review.risk_register, check_risks) {
            for (list, key) in [
                (&register.risks, "risks"),
                (&register.new_risks, "new_risks"),
            ] {
                for (i, id) in list.iter().enumerate() {
                    wanted.push((format!("risk_register.{key}[{i}]"), id, Kind::Risk, &risks));
                }
            }
            for (i, update) in register.updates.iter().enumerate() {
                wanted.push((
                    format!("risk_register.updates[{i}].risk"),
                    &update.risk,
                    Kind::Risk,
                    &risks,
                ));
            }
        }
        for (path, id, kind, candidates) in wanted {
            let problem = match kinds.get(id) {
                Some(found) if *found == kind => continue,
                Some(found) => format!(
                    "`{id}` is {}, not {}",
                    with_article(*found),
                    with_article(kind)
                ),
                None => format!("no {} has the ID `{id}`", kind.as_str()),
            };
            let suggestion = match suggested.get(&(id, kind)) {
                Some(&known) => known,
                None if budget >= candidates.len() => {
                    budget -= candidates.len();
                    let found = suggest::did_you_mean(id, candidates.iter().copied());
                    suggested.insert((id, kind), found);
                    found
                }
                None => None,
            };
            let help = match suggestion {
                Some(candidate) => format!("did you mean `{candidate}`?"),
                None if kind == Kind::Risk => {
                    "add a risk record with this ID, or correct the reference".into()
                }
                None => format!("add the {} record, or correct the reference", kind.as_str()),
            };
            // Spans cost a second parse of the front matter: only for errors.
            let span = review.origin.value_span(&path);
            out.push(
                Diagnostic::error(
                    "unknown-reference",
                    problem,
                    Label::new(&review.origin.file, span, "not found"),
                )
                .with_help(help),
            );
        }
    }
}

fn review_dates(cx: &Context, out: &mut Vec<Diagnostic>) {
    for review in &cx.book.reviews {
        for incident in cx.covered(review) {
            if incident.detected.is_after(&review.date) {
                out.push(
                    Diagnostic::error(
                        "date-order",
                        format!("review is dated before {} was detected", incident.id),
                        Label::new(
                            &review.origin.file,
                            review.origin.value_span("date"),
                            "review date",
                        ),
                    )
                    .with_label(Label::new(
                        &incident.origin.file,
                        incident.origin.value_span("detected"),
                        "detected here",
                    ))
                    .with_help("a review is held after the incident it reviews was detected"),
                );
            }
        }
    }
}

/// "an incident", "a review", "a risk".
fn with_article(kind: Kind) -> &'static str {
    match kind {
        Kind::Incident => "an incident",
        Kind::Review => "a review",
        Kind::Risk => "a risk",
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::source::SourceFile;
    use crate::testing::{self, INCIDENT, REVIEW};

    /// (rule, path, line, column, message, help, secondary labels as
    /// path:line:column) of the cross-record format errors of `files`.
    type Error = (
        &'static str,
        String,
        usize,
        usize,
        String,
        String,
        Vec<String>,
    );

    fn errors(files: &[(&str, String)]) -> Vec<Error> {
        let place = |label: &Label| {
            let (line, col) = label.line_col().unwrap();
            (label.file.path().display().to_string(), line, col)
        };
        testing::check(files, None, "2026-02-01")
            .into_iter()
            .filter(|d| ["duplicate-id", "unknown-reference", "date-order"].contains(&d.rule))
            .map(|d| {
                let (path, line, col) = place(&d.primary);
                let secondary = d
                    .secondary
                    .iter()
                    .map(|l| {
                        let (p, line, col) = place(l);
                        format!("{p}:{line}:{col}")
                    })
                    .collect();
                (
                    d.rule,
                    path,
                    line,
                    col,
                    d.message,
                    d.help.unwrap_or_default(),
                    secondary,
                )
            })
            .collect()
    }

    /// A second record with an ID is reported at its `id:` value (line 3,
    /// column 5), pointing back at the first, by path order.
    #[test]
    fn a_record_id_used_twice_is_reported_at_the_second() {
        let files = [
            ("r/b/INC-1.md", INCIDENT.to_string()),
            ("r/a/INC-1.md", INCIDENT.to_string()),
            ("r/PIR-1.md", REVIEW.to_string()),
        ];
        assert_eq!(
            errors(&files),
            vec![(
                "duplicate-id",
                "r/b/INC-1.md".to_string(),
                3,
                5,
                "ID `INC-1` is used by two records".to_string(),
                "IDs are unique across the repository and name the output page: rename one"
                    .to_string(),
                vec!["r/a/INC-1.md:3:5".to_string()],
            )]
        );
    }

    /// An action ID used by two reviews: at the second review's
    /// `actions[0].id` value (line 27, `  - {id: ACT-1` puts it at column 10).
    #[test]
    fn an_action_id_used_twice_is_reported_at_the_second() {
        let files = [
            ("r/INC-1.md", INCIDENT.to_string()),
            ("r/PIR-1.md", REVIEW.to_string()),
            ("r/PIR-2.md", testing::with(REVIEW, "id:", "id: PIR-2")),
        ];
        assert_eq!(
            errors(&files),
            vec![(
                "duplicate-id",
                "r/PIR-2.md".to_string(),
                27,
                10,
                "action ID `ACT-1` is used twice".to_string(),
                "action IDs are unique across the repository".to_string(),
                vec!["r/PIR-1.md:27:10".to_string()],
            )]
        );
    }

    /// Unknown incidents and risks, each at its value, with "did you mean"
    /// when an ID is close and the plain help for its kind when none is.
    /// Risk references are checked only in a book that has risk records.
    #[test]
    fn unknown_references_are_reported_at_their_value() {
        let review = testing::with(
            &testing::with(REVIEW, "incidents", "incidents: [INC-1, INC-2, RISK-1]"),
            "  risks",
            "  risks: [RISK-1, R9]",
        );
        let risk = include_str!("../../tests/fixtures/records/RISK-1.md").to_string();
        let unknown = |line, col, message: &str, help: &str| {
            (
                "unknown-reference",
                "r/PIR-1.md".to_string(),
                line,
                col,
                message.to_string(),
                help.to_string(),
                vec![],
            )
        };
        // `incidents: [INC-1, ` is 19 characters, `incidents: [INC-1, INC-2, `
        // 26 and `  risks: [RISK-1, ` 18. RISK-1 is too far from INC-1 for
        // "did you mean" (Jaro-Winkler 0.7 < 0.8), R9 from RISK-1.
        let inc_2 = unknown(
            4,
            20,
            "no incident has the ID `INC-2`",
            "did you mean `INC-1`?",
        );
        let plain = "add the incident record, or correct the reference";
        assert_eq!(
            errors(&[
                ("r/INC-1.md", INCIDENT.to_string()),
                ("r/PIR-1.md", review.clone()),
                ("r/RISK-1.md", risk),
            ]),
            vec![
                inc_2.clone(),
                unknown(4, 27, "`RISK-1` is a risk, not an incident", plain),
                unknown(
                    22,
                    19,
                    "no risk has the ID `R9`",
                    "add a risk record with this ID, or correct the reference"
                ),
            ]
        );
        // Without risk records, risk references are not checked.
        assert_eq!(
            errors(&[("r/INC-1.md", INCIDENT.to_string()), ("r/PIR-1.md", review)]),
            vec![
                inc_2,
                unknown(4, 27, "no incident has the ID `RISK-1`", plain),
            ]
        );
    }

    /// A review dated before its incident was detected, at the review's
    /// `date:` value (line 5, column 7); the same day is not before.
    #[test]
    fn a_review_dated_before_the_detection_is_reported() {
        let dated = |date: &str| {
            errors(&[
                ("r/INC-1.md", INCIDENT.to_string()),
                (
                    "r/PIR-1.md",
                    testing::with(REVIEW, "date:", &format!("date: {date}")),
                ),
            ])
        };
        assert_eq!(
            dated("2026-01-04"),
            vec![(
                "date-order",
                "r/PIR-1.md".to_string(),
                5,
                7,
                "review is dated before INC-1 was detected".to_string(),
                "a review is held after the incident it reviews was detected".to_string(),
                vec!["r/INC-1.md:9:11".to_string()],
            )]
        );
        assert_eq!(dated("2026-01-05"), vec![]);
    }

    /// 5,000 broken references against 2,000 incident IDs: "did you mean"
    /// for each would be 10 million comparisons. The first references get a
    /// suggestion until the budget is spent, the rest the plain help; every
    /// one is still reported at its value.
    #[test]
    fn thousands_of_unknown_references_stay_cheap() {
        let refs: Vec<String> = (0..5_000).map(|i| format!("INX-{i}")).collect();
        let review = testing::with(
            REVIEW,
            "incidents",
            &format!("incidents: [INC-1, {}]", refs.join(", ")),
        );
        let settings = testing::settings(None, "2026-02-01");
        let files = [
            ("records/INC-1.md", INCIDENT.to_string()),
            ("records/PIR-1.md", review),
        ];
        let (mut book, _) = testing::load(&files, &settings);
        let elsewhere = SourceFile::new("records/other.md", String::new());
        book.ids.extend((2..2_002).map(|i| RecordId {
            id: format!("INC-{i}"),
            kind: Kind::Incident,
            file: Arc::clone(&elsewhere),
            span: 0..0,
            covers: Vec::new(),
        }));
        let found = check(&Context::new(
            &book,
            &settings,
            &crate::provenance::Recorded::default(),
        ));
        assert_eq!(found.len(), 5_000);
        assert!(found.iter().all(|d| d.rule == "unknown-reference"));
        assert_eq!(found[0].message, "no incident has the ID `INX-0`");
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap()
                .starts_with("did you mean"),
            "{:?}",
            found[0].help
        );
        // The budget buys 99 suggestions against the 2,001 incident IDs:
        // 99 × 2,001 = 198,099; the 100th would need 2,001 of the 1,901 left.
        assert_eq!(found[98].help.as_deref(), Some("did you mean `INC-98`?"));
        assert_eq!(
            found[99].help.as_deref(),
            Some("add the incident record, or correct the reference")
        );
        let last = &found[4_999];
        assert_eq!(last.message, "no incident has the ID `INX-4999`");
        assert_eq!(
            last.help.as_deref(),
            Some("add the incident record, or correct the reference")
        );
        let span = last.primary.span.clone().unwrap();
        assert_eq!(&last.primary.file.text[span], "INX-4999");
    }
}
