use super::*;
use crate::testing::*;

fn book(files: &[(&str, String)], settings: &Settings) -> Book {
    let (book, diagnostics) = load(files, settings);
    assert!(
        diagnostics.is_empty(),
        "fixture has errors: {}",
        diagnostics[0].message
    );
    book
}

fn second_incident(severity: &str) -> String {
    with(
        &with(INCIDENT, "id", "id: INC-2"),
        "severity",
        &format!("severity: {severity}"),
    )
}

/// INC-2, a high phishing incident on 2026-02-20, after PIR-1 (2026-01-12)
/// reviewed INC-1: a recurrence of the same type within 365 days.
fn recurrence() -> String {
    with(
        &with(
            &with(
                &second_incident("high"),
                "detected",
                "detected: 2026-02-20 09:00",
            ),
            "contained",
            "contained: 2026-02-20 12:00",
        ),
        "resolved",
        "resolved: 2026-02-21",
    )
}

fn quarter(year: i32, q: u32) -> Period {
    Period::quarter(year, q).unwrap()
}

/// The restatements of 2026-Q1 between two books.
fn q1(then: (&Book, &Settings), now: (&Book, &Settings)) -> Vec<Restatement> {
    restatements(
        Side {
            book: then.0,
            settings: then.1,
        },
        Side {
            book: now.0,
            settings: now.1,
        },
        &[quarter(2026, 1)],
    )
}

#[test]
fn an_incident_added_later_restates_its_quarter_and_is_named() {
    let settings = settings(None, "2026-04-15");
    let then = book(
        &[
            ("r/INC-1.md", INCIDENT.into()),
            ("r/PIR-1.md", REVIEW.into()),
        ],
        &settings,
    );
    // Recorded after the pack went out: a second high incident in Q1,
    // not reviewed.
    let now = book(
        &[
            ("r/INC-1.md", INCIDENT.into()),
            ("r/PIR-1.md", REVIEW.into()),
            ("r/INC-2.md", second_incident("high")),
        ],
        &settings,
    );
    let found = q1((&then, &settings), (&now, &settings));
    let lines: Vec<String> = found.iter().map(Restatement::sentence).collect();
    assert_eq!(
        lines,
        [
            "2026-Q1 incidents: reported 1, now 2",
            "2026-Q1 review coverage: reported 100%, now 50%",
        ]
    );
    for restated in &found {
        assert_eq!(
            restated.causes,
            [Cause {
                kind: "incident",
                id: "INC-2".into(),
                change: Change::Added
            }]
        );
        assert!(!restated.combined);
    }
}

#[test]
fn an_edit_is_named_and_an_unrelated_edit_is_not() {
    let settings = settings(None, "2026-04-15");
    let then = book(
        &[
            ("r/INC-1.md", INCIDENT.into()),
            ("r/PIR-1.md", REVIEW.into()),
            ("r/INC-2.md", recurrence()),
        ],
        &settings,
    );
    // INC-2 re-classified (no longer the same type: no recurrence); INC-1's
    // body reworded (no figure moves).
    let now = book(
        &[
            ("r/INC-1.md", INCIDENT.replace("Body.", "Body, reworded.")),
            ("r/PIR-1.md", REVIEW.into()),
            (
                "r/INC-2.md",
                with(
                    &with(&recurrence(), "category", "category: error"),
                    "variety",
                    "variety: misdelivery",
                ),
            ),
        ],
        &settings,
    );
    let found = q1((&then, &settings), (&now, &settings));
    let lines: Vec<String> = found.iter().map(Restatement::sentence).collect();
    assert_eq!(
        lines,
        ["2026-Q1 recurrence rate (same incident type): reported 50%, now 0%"]
    );
    assert_eq!(
        found[0].causes,
        [Cause {
            kind: "incident",
            id: "INC-2".into(),
            change: Change::Edited
        }]
    );
}

#[test]
fn time_passing_restates_nothing_and_a_removal_is_named() {
    let then_settings = settings(None, "2026-04-15");
    // A year later, same records: both sides are computed as of the
    // earlier date, so nothing moves.
    let now_settings = settings(None, "2027-04-15");
    let files = [
        ("r/INC-1.md", INCIDENT.to_string()),
        ("r/PIR-1.md", REVIEW.to_string()),
    ];
    let same = book(&files, &then_settings);
    assert!(q1((&same, &then_settings), (&same, &now_settings)).is_empty());
    let without_review = book(&files[..1], &now_settings);
    let found = q1((&same, &then_settings), (&without_review, &now_settings));
    // PIR-1 held the one action, ACT-1, due 2026-03-31 and open.
    assert_eq!(
        found.iter().map(Restatement::sentence).collect::<Vec<_>>(),
        [
            "2026-Q1 review coverage: reported 100%, now 0%",
            "2026-Q1 open actions at period end: reported 1, now 0",
            "2026-Q1 open actions due in the period: reported 1, now 0",
            "2026-Q1 overdue actions due in the period: reported 1, now 0",
        ]
    );
    for restated in &found {
        assert_eq!(restated.causes.len(), 1);
        assert_eq!(restated.causes[0].describe(), "review PIR-1 removed");
    }
}

#[test]
fn a_policy_change_is_a_cause() {
    let then_settings = settings(None, "2026-04-15");
    // INC-2 comes 39 days after PIR-1: a recurrence within 365 days, not
    // within 30.
    let now_settings = settings(
        Some("[book]\ntitle = \"T\"\n[policy]\nrecurrence_window_days = 30\n"),
        "2026-04-15",
    );
    let files = [
        ("r/INC-1.md", INCIDENT.to_string()),
        ("r/PIR-1.md", REVIEW.to_string()),
        ("r/INC-2.md", recurrence()),
    ];
    let then = book(&files, &then_settings);
    let now = book(&files, &now_settings);
    let found = q1((&then, &then_settings), (&now, &now_settings));
    assert_eq!(
        found.iter().map(Restatement::sentence).collect::<Vec<_>>(),
        ["2026-Q1 recurrence rate (same incident type): reported 50%, now 0%"]
    );
    assert_eq!(found[0].causes.len(), 1);
    assert_eq!(found[0].causes[0].describe(), "book.toml edited");
}

#[test]
fn ended_periods_run_from_the_first_incident_to_the_last_ended_period() {
    let settings = settings(None, "2026-11-20");
    let files = [("r/INC-1.md", INCIDENT.to_string())];
    let book = book(&files, &settings);
    let quarters = ended_periods(&book, &book, PeriodStep::Quarter, day("2026-11-20"));
    assert_eq!(
        quarters.iter().map(Period::label).collect::<Vec<_>>(),
        ["2026-Q1", "2026-Q2", "2026-Q3"]
    );
    let months = ended_periods(&book, &book, PeriodStep::Month, day("2026-03-01"));
    assert_eq!(
        months.iter().map(Period::label).collect::<Vec<_>>(),
        ["2026-01", "2026-02"]
    );
    assert!(ended_periods(&book, &book, PeriodStep::Year, day("2026-12-31")).is_empty());
    // An incident in August: its quarter starts in July, its month in August.
    let august = with(INCIDENT, "detected", "detected: 2026-08-20 09:00");
    let august = with(&august, "contained", "contained: 2026-08-20 12:00");
    let august = with(&august, "resolved", "resolved: 2026-08-21");
    let later = self::book(&[("r/INC-1.md", august)], &settings);
    let labels = |step| {
        ended_periods(&later, &later, step, day("2026-11-20"))
            .iter()
            .map(Period::label)
            .collect::<Vec<_>>()
    };
    assert_eq!(labels(PeriodStep::Quarter), ["2026-Q3"]);
    assert_eq!(labels(PeriodStep::Month), ["2026-08", "2026-09", "2026-10"]);
    assert!(labels(PeriodStep::Year).is_empty());
}

#[test]
fn a_replayed_addition_keeps_the_books_id_order() {
    let settings = settings(None, "2026-04-15");
    let numbered = |id: &str| with(INCIDENT, "id", &format!("id: {id}"));
    let then = book(
        &[
            ("r/INC-1.md", numbered("INC-1")),
            ("r/INC-3.md", numbered("INC-3")),
        ],
        &settings,
    );
    let now = book(
        &[
            ("r/INC-1.md", numbered("INC-1")),
            ("r/INC-2.md", numbered("INC-2")),
            ("r/INC-3.md", numbered("INC-3")),
        ],
        &settings,
    );
    let found = changes(&then, &now);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0.describe(), "incident INC-2 added");
    let replayed = replayed(&then, &now, found[0].1);
    let ids: Vec<&str> = replayed.incidents.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["INC-1", "INC-2", "INC-3"]);
}
