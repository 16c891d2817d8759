//! The board pack's content on the metrics fixture (see
//! `src/metrics/tests.rs` for the records), as of 2026-07-15.

use super::*;
use crate::testing::{load, settings};

fn pack(period: Period, book_toml: Option<&str>, extra_files: &[(String, String)]) -> BoardPack {
    let settings = settings(book_toml, "2026-07-15");
    let mut files = crate::metrics::tests::fixture();
    files.extend(extra_files.iter().cloned());
    let (mut book, diagnostics) = load(&files, &settings);
    assert!(
        diagnostics.is_empty(),
        "{:?}",
        diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    book.incidents.sort_by(|a, b| a.id.cmp(&b.id));
    book.reviews.sort_by(|a, b| a.id.cmp(&b.id));
    let analysis = Analysis::new(&book, &settings);
    build(&analysis, &settings, period, &[])
}

fn kpi<'a>(pack: &'a BoardPack, label: &str) -> &'a KpiRow {
    pack.kpis
        .iter()
        .find(|k| k.label == label)
        .unwrap_or_else(|| panic!("no KPI {label}"))
}

#[test]
fn compares_with_the_previous_period_and_the_year_before() {
    let pack = pack(Period::quarter(2026, 2).unwrap(), None, &[]);
    assert_eq!(
        (
            pack.period.as_str(),
            pack.previous_period.as_str(),
            pack.year_before_period.as_str()
        ),
        ("2026-Q2", "2026-Q1", "2025-Q2")
    );
    // Detected: Q2 F and G; Q1 A, B, C; 2025-Q2 nothing. 2 − 3 = −1.
    let incidents = kpi(&pack, "Incidents");
    assert_eq!(
        (
            incidents.value.as_str(),
            incidents.previous.as_str(),
            incidents.year_before.as_str(),
            incidents.change.as_str()
        ),
        ("2", "3", "0", "-1")
    );
    // 2 − 0 = +2 against the same quarter a year before.
    assert_eq!(incidents.change_year, "+2");
    // Coverage: Q2 0 of 1 (F's review is after the as-of date); Q1 2 of 3.
    // (0 − 2/3) × 100 = −66.7 points.
    let coverage = kpi(&pack, "Review coverage");
    assert_eq!(
        (
            coverage.value.as_str(),
            coverage.previous.as_str(),
            coverage.year_before.as_str(),
            coverage.change.as_str()
        ),
        ("0%", "67%", "–", "-66.7 pp")
    );
    // Time to resolve: Q2 F 48 h; Q1 median 24 h; +24 h. N = 1 < 5: no mean.
    let mttr = kpi(&pack, "Time to resolve (median)");
    assert_eq!(
        (
            mttr.value.as_str(),
            mttr.previous.as_str(),
            mttr.change.as_str()
        ),
        ("48.0 h", "24.0 h", "+24.0 h")
    );
    assert_eq!(
        mttr.note,
        "N = 1; 90th percentile 48.0 h (mean not shown below N = 5)"
    );
    // Recurrence: Q2 1 of 2 = 50%, Q1 0 of 3.
    let recurrence = kpi(&pack, "Recurrence rate (same incident type)");
    assert_eq!(
        (
            recurrence.value.as_str(),
            recurrence.previous.as_str(),
            recurrence.change.as_str()
        ),
        ("50%", "0%", "+50.0 pp")
    );
}

#[test]
fn summary_themes_actions_and_follow_ups() {
    let pack = pack(Period::quarter(2026, 2).unwrap(), None, &[]);
    // F is of A's type (social/phishing) and fails 5.17 again, as A did:
    // one recurrence and one repeat control failure, both after PIR-A's
    // actions were done (A1 done 03-01, F detected 04-20); F is named once.
    // At period end (06-30) ACT-B1 (due 03-31) is overdue.
    assert_eq!(
        pack.summary,
        "In 2026-Q2, the organisation recorded 2 incidents (1 high or above) and 0 near misses. 0 of 1 incidents resolved in the period were reviewed (0%). The median time to resolve was 48.0 h (N = 1). 1 incident was of the same type as one reviewed shortly before (50%, recurrence rate). In 1 incident a control failed again that had failed in an earlier reviewed incident (50%, repeat control failure rate). Repeats after a fix: INC-F (social/phishing) came after every action of PIR-A was done. 1 corrective action was overdue at period end (2026-06-30)."
    );
    let themes: Vec<(&str, &str, usize)> = pack
        .recurring_themes
        .iter()
        .map(|t| (t.name.as_str(), t.detail.as_str(), t.count))
        .collect();
    assert_eq!(
        themes,
        [
            (
                "control:5.17",
                "repeat control failure: 5.17 Authentication information",
                1
            ),
            ("social/phishing", "recurrence: same incident type", 1)
        ]
    );
    // ACT-B1 due 03-31, open: 91 days overdue at the end of 06-30, the same
    // figure as the KPI "Overdue actions at period end".
    assert_eq!(pack.overdue_actions.len(), 1);
    assert_eq!(
        (
            pack.overdue_actions[0].id.as_str(),
            pack.overdue_actions[0].days_overdue
        ),
        ("ACT-B1", 91)
    );
    let overdue_kpi = pack
        .kpis
        .iter()
        .find(|k| k.key == "actions_overdue_at_end")
        .unwrap();
    assert_eq!(overdue_kpi.value, "1");
    // No review is dated in Q2: no failed controls, no lessons.
    assert!(pack.failed_controls.is_empty());
    assert!(pack.lessons.is_empty());
    // Q3: PIR-A's follow-up (07-10) was effective, PIR-B's (08-09) is not yet due.
    let q3 = super::tests::pack(Period::quarter(2026, 3).unwrap(), None, &[]);
    let results: Vec<(&str, &str)> = q3
        .follow_ups
        .iter()
        .map(|f| (f.review.as_str(), f.result.as_str()))
        .collect();
    assert_eq!(results, [("PIR-A", "effective"), ("PIR-B", "not yet due")]);
    assert_eq!(q3.follow_ups_effective, "100%");
}

#[test]
fn lessons_are_redacted_and_restricted_reviews_are_left_out() {
    let toml = "[book]\ntitle = \"T\"\norganisation = \"Acme Ltd\"\n[board]\nredact = [\"(?i)acme-internal-\\\\w+\"]\n";
    let extra = vec![
        ("r/INC-R.md".to_string(), "---\nkind: incident\nid: INC-R\ntitle: secret\nseverity: low\ncategory: misuse\nstatus: closed\nconfidentiality: restricted\ndetected: 2026-01-20\nresolved: 2026-01-21\n---\n".to_string()),
        ("r/PIR-R.md".to_string(), "---\nkind: review\nid: PIR-R\nincidents: [INC-R]\ndate: 2026-01-25\nparticipants: [{function: HR}]\nmethod: other\nroot_cause: {summary: s, category: people}\nlessons: [RESTRICTED-LESSON]\n---\n".to_string()),
        ("r/PIR-L.md".to_string(), "---\nkind: review\nid: PIR-L\nincidents: [INC-C]\ndate: 2026-02-25\nparticipants: [{function: HR}]\nmethod: other\nroot_cause: {summary: s, category: people}\nlessons: [\"Ask j.doe@example.com or +44 20 7946 0958 before touching 10.0.0.7 and ACME-INTERNAL-vault\"]\n---\n".to_string()),
    ];
    let pack = pack(Period::quarter(2026, 1).unwrap(), Some(toml), &extra);
    let lessons: Vec<&str> = pack.lessons.iter().map(|l| l.text.as_str()).collect();
    assert!(
        lessons.contains(&"Ask [redacted] or [redacted] before touching [redacted] and [redacted]"),
        "{lessons:?}"
    );
    assert!(
        !lessons.iter().any(|l| l.contains("RESTRICTED")),
        "{lessons:?}"
    );
    // Restricted incidents still count: A, B, C and INC-R detected in Q1.
    assert_eq!(kpi(&pack, "Incidents").value, "4");
}
