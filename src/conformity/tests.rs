//! The ten steps as assessed from hand-made books, as of 2026-02-01.

use std::sync::Arc;

use super::*;
use crate::git::{Commit, Head};
use crate::provenance::Source;
use crate::testing::{INCIDENT, REVIEW, load, settings, with};

/// Provenance of a repository with one commit and nothing else known: the
/// rules that need git run (every record reads "not yet recorded").
fn committed(shallow: bool) -> Recorded {
    let mut recorded = Recorded::default();
    recorded.source = Source::Git {
        head: Some(Head {
            commit: Arc::new(Commit {
                id: "0123456789abcdef0123456789abcdef01234567".into(),
                time: chrono::DateTime::from_timestamp(1_769_904_000, 0).unwrap(),
                date: crate::testing::day("2026-02-01"),
                subject: "records".into(),
                author: "A".into(),
            }),
            dirty: false,
        }),
        shallow,
    };
    recorded
}

fn incident(id: &str) -> String {
    with(INCIDENT, "id:", &format!("id: {id}"))
}

fn assess(
    files: &[(&str, String)],
    book_toml: Option<&str>,
    recorded: &Recorded,
) -> (Conformity, Vec<Diagnostic>) {
    let settings = settings(book_toml, "2026-02-01");
    let (book, format) = load(files, &settings);
    assert!(format.is_empty(), "{:?}", format[0].message);
    let diagnostics = crate::check::judged(&settings, format, &book, recorded);
    let analysis = Analysis::new(&book, &settings);
    let summary = crate::check::summarise(&book, &diagnostics, &analysis, recorded);
    let all = analysis.metrics(crate::period::Period::ALL);
    let conformity = Conformity::assess(&analysis, &all, &diagnostics, &summary, recorded);
    (conformity, diagnostics)
}

fn step(conformity: &Conformity, number: u8) -> &StepCheck {
    &conformity.steps[usize::from(number) - 1]
}

fn judged(step: &StepCheck) -> Vec<(&str, usize, usize)> {
    step.judged
        .iter()
        .map(|j| (j.kind, j.checked, j.without_finding))
        .collect()
}

/// Three closed incidents: INC-1 reviewed by PIR-1 (clean), INC-2 not
/// reviewed (missing-review, step 4, on the incident), INC-3 reviewed by
/// PIR-2, which names no chair (no-chair, step 2, on the review). Without
/// git history recorded-late (step 4) does not run.
#[test]
fn steps_count_the_records_their_rules_judged_and_found_nothing_in() {
    let pir2 = with(
        &with(
            &with(
                &with(REVIEW, "id:", "id: PIR-2"),
                "incidents:",
                "incidents: [INC-3]",
            ),
            "chair:",
            "",
        ),
        "  - {id: ACT-1",
        "  - {id: ACT-2, title: Roll out FIDO2, owner: IT lead, due: 2026-03-31, controls: [\"5.17\"], type: technical, status: open}",
    );
    let files = [
        ("r/INC-1.md", INCIDENT.to_string()),
        ("r/INC-2.md", incident("INC-2")),
        ("r/INC-3.md", incident("INC-3")),
        ("r/PIR-1.md", REVIEW.to_string()),
        ("r/PIR-2.md", pir2),
    ];
    let (conformity, diagnostics) = assess(&files, None, &Recorded::default());
    let found: Vec<(&str, String)> = diagnostics
        .iter()
        .map(|d| (d.rule, d.primary.file.path.display().to_string()))
        .collect();
    assert_eq!(
        found,
        [
            ("missing-review", "r/INC-2.md".to_string()),
            ("no-chair", "r/PIR-2.md".to_string())
        ]
    );

    // Step 1: stale-incident judges incidents; none is open.
    assert_eq!(judged(step(&conformity, 1)), [("incidents", 3, 3)]);
    // Step 2: narrow-review and no-chair judge reviews; PIR-2 has a finding.
    let team = step(&conformity, 2);
    assert_eq!(judged(team), [("reviews", 2, 1)]);
    assert_eq!((team.findings, team.errors, team.warnings), (1, 1, 0));
    let no_chair = team.rules.iter().find(|r| r.name == "no-chair").unwrap();
    assert_eq!((no_chair.findings, no_chair.errors), (1, 1));
    assert_eq!(no_chair.level, Level::Deny);
    // Step 4 judges both kinds: INC-2 has the finding, no review has one.
    let evidence = step(&conformity, 4);
    assert_eq!(judged(evidence), [("incidents", 3, 2), ("reviews", 2, 2)]);
    let late = evidence
        .rules
        .iter()
        .find(|r| r.name == "recorded-late")
        .unwrap();
    assert_eq!(late.not_run.as_deref(), Some("git history was not read"));
    assert!(evidence.checked(), "its other rules ran");
    // Step 10's recurred-after-fix judges incidents and reviews too.
    assert_eq!(
        judged(step(&conformity, 10)),
        [("incidents", 3, 3), ("reviews", 2, 2)]
    );
    // Every step had a rule that ran, and the counts add up.
    assert!(conformity.steps.iter().all(StepCheck::checked));
    assert_eq!(
        (conformity.rules_run, conformity.rules_total),
        (21, RULES.len())
    );
    assert_eq!((conformity.errors, conformity.warnings), (2, 0));
    assert_eq!(
        conformity.steps.iter().map(|s| s.findings).sum::<usize>(),
        diagnostics.len()
    );
    assert!(!conformity.conforms());
    assert_eq!(
        conformity.statement,
        "The rules that ran (21 of 22) report 2 open findings (2 errors, 0 warnings) in 2 of the 10 steps; 2 of 3 resolved incidents that needed a review were reviewed. Not checked: step 4, recorded-late (git history was not read)."
    );
}

/// Only with every rule run and nothing found does the statement claim
/// every step.
#[test]
fn a_clean_book_whose_every_rule_ran_conforms() {
    let files = [
        ("r/INC-1.md", INCIDENT.to_string()),
        ("r/PIR-1.md", REVIEW.to_string()),
    ];
    let (conformity, diagnostics) = assess(&files, None, &committed(false));
    assert!(diagnostics.is_empty(), "{:?}", diagnostics[0].message);
    assert!(conformity.conforms());
    assert!(conformity.not_checked.is_empty());
    assert_eq!(
        conformity.statement,
        "The records evidence every step of the 5.27 procedure: all 22 rules ran and none reports a finding; 1 of 1 resolved incidents that needed a review were reviewed."
    );
    assert_eq!(
        judged(step(&conformity, 4)),
        [("incidents", 1, 1), ("reviews", 1, 1)]
    );
    // Evidence lines quote the metrics.
    assert_eq!(step(&conformity, 8).evidence, "1 control failure recorded");
    assert_eq!(
        step(&conformity, 1).evidence,
        "1 incident record, 0 near misses; 0 open or contained"
    );
}

/// A step whose only rule is allowed is not checked, and the statement
/// says so rather than claim it; a shallow clone's reason is the pages'.
#[test]
fn a_step_no_rule_checked_is_named_and_never_claimed() {
    let files = [
        ("r/INC-1.md", INCIDENT.to_string()),
        ("r/PIR-1.md", REVIEW.to_string()),
    ];
    let toml = "[book]\ntitle = \"T\"\n[rules]\nnot-reported = \"allow\"\n";
    let (conformity, _) = assess(&files, Some(toml), &committed(false));
    let reported = step(&conformity, 9);
    assert!(!reported.checked());
    assert!(reported.judged.is_empty());
    assert_eq!(
        reported.rules[0].not_run.as_deref(),
        Some("set to allow in book.toml")
    );
    assert_eq!(
        conformity.statement,
        "No rule that ran reports a finding (21 of 22 rules ran); 1 of 1 resolved incidents that needed a review were reviewed. Not checked: step 9, not-reported (set to allow in book.toml). No rule checked step 9 (Report to management): the records are not evidence of it."
    );
    assert!(!conformity.statement.contains("every step"));

    let (shallow, _) = assess(&files, None, &committed(true));
    assert_eq!(
        shallow.not_checked,
        [
            "step 4, recorded-late (the repository is a shallow clone, so first-commit dates would be wrong)"
        ]
    );
}

/// A rule's findings at two levels: counted once each, errors apart.
#[test]
fn findings_of_one_rule_at_two_levels() {
    // A low incident without a review is a warning, a high one an error.
    let low = with(&incident("INC-2"), "severity:", "severity: low");
    let files = [
        ("r/INC-1.md", INCIDENT.to_string()),
        ("r/INC-2.md", low),
        ("r/INC-3.md", incident("INC-3")),
        ("r/PIR-1.md", REVIEW.to_string()),
    ];
    let (conformity, _) = assess(&files, None, &committed(false));
    let evidence = step(&conformity, 4);
    let missing = evidence
        .rules
        .iter()
        .find(|r| r.name == "missing-review")
        .unwrap();
    assert_eq!((missing.findings, missing.errors), (2, 1));
    assert_eq!((evidence.errors, evidence.warnings), (1, 1));
    assert_eq!(judged(evidence)[0], ("incidents", 3, 1));
    assert!(conformity.statement.starts_with(
        "The rules that ran (22 of 22) report 2 open findings (1 error, 1 warning) in 1 of the 10 steps;"
    ));
}
