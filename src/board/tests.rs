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
    build(&analysis, &settings, period, &conformity(&analysis, &[]))
}

fn conformity(analysis: &Analysis, diagnostics: &[crate::diagnostics::Diagnostic]) -> Conformity {
    Conformity::without_history(analysis, diagnostics)
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

/// The charts cover the twelve months and the four quarters that end with
/// the period, each with that month's or quarter's own figures.
#[test]
fn charts_cover_the_months_and_quarters_up_to_the_period_end() {
    let pack = pack(Period::quarter(2026, 2).unwrap(), None, &[]);
    let by_severity = &pack.charts[0].chart;
    let months: Vec<String> = (7..=12)
        .map(|m| format!("2025-{m:02}"))
        .chain((1..=6).map(|m| format!("2026-{m:02}")))
        .collect();
    assert_eq!(by_severity.categories, months);
    let series = |chart: &crate::charts::Chart, name: &str| -> Vec<Option<f64>> {
        chart
            .series
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no series {name}"))
            .values
            .clone()
    };
    // High: A (01-10) and F (04-20); E is a false positive. Medium: B
    // (02-01) and G (06-01); D is a near miss. Low: C (02-20).
    let counts = |at: &[(usize, f64)]| -> Vec<Option<f64>> {
        (0..12)
            .map(|i| Some(at.iter().find(|(j, _)| *j == i).map_or(0.0, |(_, n)| *n)))
            .collect()
    };
    assert_eq!(series(by_severity, "high"), counts(&[(6, 1.0), (9, 1.0)]));
    assert_eq!(
        series(by_severity, "medium"),
        counts(&[(7, 1.0), (11, 1.0)])
    );
    assert_eq!(series(by_severity, "low"), counts(&[(7, 1.0)]));
    let resolve = &pack.charts[1].chart;
    assert_eq!(
        resolve.categories,
        ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]
    );
    // Q1: A 24 h, B 48 h, C 6 h: median 24, p90 48. Q2: F 48 h.
    assert_eq!(
        series(resolve, "median"),
        [None, None, Some(24.0), Some(48.0)]
    );
    assert_eq!(
        series(resolve, "90th percentile"),
        [None, None, Some(48.0), Some(48.0)]
    );
    assert_eq!(
        pack.charts[2].chart.categories,
        ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]
    );
}

/// A follow-up due before the as-of date (07-15) without a result is
/// overdue; one due on the as-of date is not yet due.
#[test]
fn follow_ups_due_before_the_as_of_date_are_overdue() {
    let review = |id: &str, follow_up: &str| {
        (
            format!("r/{id}.md"),
            format!(
                "---\nkind: review\nid: {id}\nincidents: [INC-G]\ndate: 2026-06-15\nparticipants: [{{function: IT}}]\nmethod: other\nroot_cause: {{summary: s, category: process}}\nlessons: [l]\nfollow_up: {follow_up}\n---\n"
            ),
        )
    };
    let extra = [
        review("PIR-X", "{due: 2026-07-01}"),
        review("PIR-Y", "{due: 2026-07-15}"),
    ];
    let q3 = pack(Period::quarter(2026, 3).unwrap(), None, &extra);
    let results: Vec<(&str, &str, &str)> = q3
        .follow_ups
        .iter()
        .map(|f| (f.review.as_str(), f.due.as_str(), f.result.as_str()))
        .collect();
    assert_eq!(
        results,
        [
            ("PIR-X", "2026-07-01", "overdue"),
            ("PIR-A", "2026-07-10", "effective"),
            ("PIR-Y", "2026-07-15", "not yet due"),
            ("PIR-B", "2026-08-09", "not yet due"),
        ]
    );
}

/// January 2026: A detected (high), resolved 01-11 and reviewed 01-15, so
/// every incident resolved in the period was reviewed; F's repeat after a
/// fix (04-20) is outside the period and not named.
#[test]
fn summary_of_a_fully_reviewed_month() {
    let pack = pack(Period::month(2026, 1).unwrap(), None, &[]);
    assert_eq!(
        pack.summary,
        "In 2026-01, the organisation recorded 1 incident (1 high or above) and 0 near misses. Every one of the 1 incidents resolved in the period was reviewed. The median time to resolve was 24.0 h (N = 1). No incident was of the same type as one reviewed shortly before it. No control failed again after failing in an earlier reviewed incident. No corrective action was overdue at period end."
    );
}

/// The compliance section: the conformity statement as the compliance
/// page has it, the ten steps, and the findings per rule in step order at
/// their most severe level.
#[test]
fn compliance_states_what_was_checked_step_by_step() {
    let settings = settings(None, "2026-07-15");
    let files = crate::metrics::tests::fixture();
    let (book, _) = load(&files, &settings);
    let analysis = Analysis::new(&book, &settings);
    let file = crate::source::SourceFile::new("r/PIR-A.md", "---\n".into());
    let finding = |rule: &'static str, severity| {
        crate::diagnostics::Diagnostic::new(
            rule,
            severity,
            "m",
            crate::diagnostics::Label::new(&file, 0..3, "here"),
        )
    };
    use crate::diagnostics::Severity::{Error, Warning};
    let q2 = Period::quarter(2026, 2).unwrap();
    let found = [
        finding("no-timeline", Warning),
        finding("no-chair", Error),
        finding("no-timeline", Error),
        finding("no-chair", Error),
    ];
    let checked = conformity(&analysis, &found);
    let pack = build(&analysis, &settings, q2, &checked);
    assert_eq!(pack.compliance, checked.statement);
    assert!(
        pack.compliance.starts_with("The rules that ran (21 of 22) report 4 open findings (3 errors, 1 warning) in 2 of the 10 steps;"),
        "{}",
        pack.compliance
    );
    assert!(
        pack.compliance
            .ends_with(" Not checked: step 4, recorded-late (git history was not read).")
    );
    assert_eq!(pack.findings_total, 4);
    let rows: Vec<(&str, &str, usize)> = pack
        .findings
        .iter()
        .map(|f| (f.name.as_str(), f.detail.as_str(), f.count))
        .collect();
    // Step 2's no-chair before step 3's no-timeline.
    assert_eq!(
        rows,
        [("no-chair", "error", 2), ("no-timeline", "error", 2)]
    );
    let steps: Vec<(&str, &str, usize)> = pack
        .steps
        .iter()
        .map(|s| (s.step.as_str(), s.rules.as_str(), s.findings))
        .collect();
    assert_eq!(steps.len(), 10);
    assert_eq!(
        steps[1],
        (
            "2. Convene a cross-functional review team",
            "2 of 2 rules",
            2
        )
    );
    assert_eq!(steps[3].1, "5 of 6 rules");
    // Both findings point into PIR-A, one record file.
    let reviews = book.reviews.len();
    assert_eq!(
        pack.steps[1].records,
        format!("{} of {reviews} reviews", reviews - 1)
    );

    let none = build(&analysis, &settings, q2, &conformity(&analysis, &[]));
    assert_eq!(none.findings_total, 0);
    assert!(
        none.compliance
            .starts_with("No rule that ran reports a finding (21 of 22 rules ran);")
    );
    assert!(!none.compliance.contains("every step"));
}

/// `write` puts the HTML pack under its name, and the PDF only when built
/// with the `pdf` feature; it says whether it wrote one.
#[test]
fn write_puts_the_pack_into_the_output() {
    let settings = settings(None, "2026-07-15");
    let files = crate::metrics::tests::fixture();
    let (book, _) = load(&files, &settings);
    let analysis = Analysis::new(&book, &settings);
    let theme = Theme::load(std::path::Path::new("/nonexistent"), "default").unwrap();
    let out = crate::output::Memory::default();
    let restated = [crate::restate::Restatement {
        period: "2026-Q1".into(),
        key: "review_coverage",
        figure: "Review coverage",
        reported: "100%".into(),
        now: "83%".into(),
        causes: vec![crate::restate::Cause {
            kind: "review",
            id: "PIR-7".into(),
            change: crate::restate::Change::Edited,
        }],
        combined: false,
    }];
    let wrote_pdf = write(
        &analysis,
        &settings,
        Period::quarter(2026, 2).unwrap(),
        &Reported {
            conformity: &conformity(&analysis, &[]),
            built_from: "built from commit abc1234 of 2026-07-01".into(),
            restated: Some(("v1 (commit abc1234, as of 2026-04-02)".into(), &restated)),
        },
        &theme,
        ("pack.html", "pack.pdf"),
        &out,
    )
    .unwrap();
    assert_eq!(wrote_pdf, cfg!(feature = "pdf"));
    let files = out.into_files();
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    if cfg!(feature = "pdf") {
        assert_eq!(names, ["pack.html", "pack.pdf"]);
    } else {
        assert_eq!(names, ["pack.html"]);
    }
    let html = String::from_utf8_lossy(&files["pack.html"]);
    assert!(html.contains("2026-Q2"));
    assert!(html.contains("built from commit abc1234 of 2026-07-01"));
    assert!(html.contains("<h1>Restated figures</h1>\n<p>Figures of periods that had ended by v1 (commit abc1234, as of 2026-04-02)"));
    assert!(
        html.contains("<tr><td>2026-Q1</td><td>Review coverage</td><td>100%</td><td>83%</td><td>review PIR-7 edited</td></tr>"),
        "{html}"
    );
    #[cfg(feature = "pdf")]
    {
        let text = pdf_extract::extract_text_from_mem(&files["pack.pdf"]).unwrap();
        assert!(text.contains("Restated figures"), "{text}");
        assert!(text.contains("review PIR-7 edited"), "{text}");
    }
}

/// A book with more overdue actions than the pack lists: the most overdue
/// LISTED, by days then ID, and the total beside them.
#[test]
fn long_lists_of_actions_name_the_most_overdue_and_count_the_rest() {
    // PIR-Z, dated 2026-02-10, agrees 25 open actions due 2026-03-01 ..
    // 2026-03-25 (Z00 due 03-01, the most overdue at the end of Q2).
    let actions: Vec<String> = (0..25)
        .map(|k| {
            format!("  - {{id: Z{k:02}, title: t, owner: o, due: 2026-03-{:02}, type: technical, status: open}}", k + 1)
        })
        .collect();
    let review = (
        "r/PIR-Z.md".to_string(),
        format!(
            "---\nkind: review\nid: PIR-Z\nincidents: [INC-A]\ndate: 2026-02-10\nchair: CISO\nparticipants: [{{function: IT}}, {{function: Legal}}]\nmethod: other\nroot_cause: {{summary: s, category: process}}\nlessons: [l]\nmanagement_report: {{date: 2026-02-15, to: Board}}\nactions:\n{}\n---\n",
            actions.join("\n")
        ),
    );
    let pack = pack(Period::quarter(2026, 2).unwrap(), None, &[review]);
    // ACT-B1 (due 03-31) and the 25 of PIR-Z are overdue on 06-30.
    assert_eq!(pack.overdue_total, 26);
    assert_eq!(pack.overdue_actions.len(), LISTED);
    let first: Vec<(&str, i64)> = pack
        .overdue_actions
        .iter()
        .take(2)
        .map(|a| (a.id.as_str(), a.days_overdue))
        .collect();
    assert_eq!(first, [("Z00", 121), ("Z01", 120)]);
    assert_eq!(pack.overdue_actions[LISTED - 1].id, "Z19");
    // Reported to management in Q1: still open from an earlier report, the
    // same cut.
    let pays = &pack.learning_pays;
    assert_eq!(pays.still_open.len(), LISTED);
    // The fixture has no other management report.
    assert_eq!(pays.still_open_total, 25);
    assert_eq!(pays.still_open[0].id, "Z00");
    // The summary counts all of them, not the listed ones.
    assert!(
        pack.summary
            .ends_with("26 corrective actions were overdue at period end (2026-06-30)."),
        "{}",
        pack.summary
    );
}
