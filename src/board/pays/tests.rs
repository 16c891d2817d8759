//! "Does the learning pay?" on a hand-worked book, as of 2026-07-15 (UTC),
//! for the pack of 2026-Q2:
//!
//! | id | detected | resolved | hours | impact |
//! |---|---|---|---|---|
//! | INC-1 | 2026-04-10 09:00 | 04-11 09:00 | 24 | 1000 GBP, 2.5 h down |
//! | INC-2 | 2026-05-03 10:00 | 05-03 22:00 | 12 | 500 GBP, 1 h down |
//! | INC-3 | 2026-06-01 08:00 | 06-03 08:00 | 48 | 200 EUR, 0.5 h down |
//! | INC-4 | 2025-04-15 00:00 | 04-17 00:00 | 48 | 900 GBP, 3 h down |
//! | INC-5 | 2025-06-10 00:00 | 06-13 00:00 | 72 | 250 USD, 2 h down |
//! | INC-6 | 2025-08-01 00:00 | 08-02 00:00 | 24 | no cost, 6 h down; restricted |
//!
//! Reviews and their management reports: PIR-4 (2025-04-25, reported
//! 2025-05-02): A4 due 2025-06-30 done 06-20. PIR-5 (2025-06-20, reported
//! 2025-07-05): A5 due 2025-09-30 done 10-15 (late), A5B cancelled, A5C due
//! 2026-12-31 in progress. PIR-6 of the restricted INC-6 (2025-08-10,
//! reported 2025-09-01): A6 due 2026-03-31 open. PIR-1 (2026-04-20,
//! reported 2026-05-10, within the pack's quarter): A1 open.

use super::super::*;
use crate::testing::{load, settings};

fn incident(
    id: &str,
    detected: &str,
    resolved: &str,
    impact: &str,
    extra: &str,
) -> (String, String) {
    (
        format!("r/{id}.md"),
        format!(
            "---\nkind: incident\nid: {id}\ntitle: {id} title\nseverity: low\ncategory: error\nstatus: resolved\ndetected: {detected}\nresolved: {resolved}\nimpact: {{{impact}}}\n{extra}---\n"
        ),
    )
}

fn review(
    id: &str,
    incident: &str,
    date: &str,
    reported: &str,
    actions: &[&str],
) -> (String, String) {
    let actions: Vec<String> = actions
        .iter()
        .map(|a| {
            format!(
                "{{{a}, title: t, owner: Service desk lead, controls: [\"8.16\"], type: process}}"
            )
        })
        .collect();
    (
        format!("r/{id}.md"),
        format!(
            "---\nkind: review\nid: {id}\nincidents: [{incident}]\ndate: {date}\nchair: CISO\nparticipants: [{{function: IT}}, {{function: Legal}}]\nmethod: other\nroot_cause: {{summary: s, category: process}}\nlessons: [l]\nmanagement_report: {{date: {reported}, to: Board}}\nactions: [{}]\n---\n",
            actions.join(", ")
        ),
    )
}

fn fixture() -> Vec<(String, String)> {
    vec![
        incident(
            "INC-1",
            "2026-04-10 09:00",
            "2026-04-11 09:00",
            "cost: 1000, currency: GBP, downtime_hours: 2.5",
            "",
        ),
        incident(
            "INC-2",
            "2026-05-03 10:00",
            "2026-05-03 22:00",
            "cost: 500, currency: GBP, downtime_hours: 1",
            "",
        ),
        incident(
            "INC-3",
            "2026-06-01 08:00",
            "2026-06-03 08:00",
            "cost: 200, currency: EUR, downtime_hours: 0.5",
            "",
        ),
        incident(
            "INC-4",
            "2025-04-15 00:00",
            "2025-04-17 00:00",
            "cost: 900, currency: GBP, downtime_hours: 3",
            "",
        ),
        incident(
            "INC-5",
            "2025-06-10 00:00",
            "2025-06-13 00:00",
            "cost: 250, currency: USD, downtime_hours: 2",
            "",
        ),
        incident(
            "INC-6",
            "2025-08-01 00:00",
            "2025-08-02 00:00",
            "downtime_hours: 6",
            "confidentiality: restricted\n",
        ),
        review(
            "PIR-4",
            "INC-4",
            "2025-04-25",
            "2025-05-02",
            &["id: A4, due: 2025-06-30, status: done, done: 2025-06-20"],
        ),
        review(
            "PIR-5",
            "INC-5",
            "2025-06-20",
            "2025-07-05",
            &[
                "id: A5, due: 2025-09-30, status: done, done: 2025-10-15",
                "id: A5B, due: 2025-09-30, status: cancelled",
                "id: A5C, due: 2026-12-31, status: in-progress",
            ],
        ),
        review(
            "PIR-6",
            "INC-6",
            "2025-08-10",
            "2025-09-01",
            &["id: A6, due: 2026-03-31, status: open"],
        ),
        review(
            "PIR-1",
            "INC-1",
            "2026-04-20",
            "2026-05-10",
            &["id: A1, due: 2026-06-30, status: open"],
        ),
    ]
}

fn pack() -> (BoardPack, String) {
    let settings = settings(None, "2026-07-15");
    let (mut book, diagnostics) = load(&fixture(), &settings);
    let errors: Vec<_> = diagnostics.iter().map(|d| &d.message).collect();
    assert!(errors.is_empty(), "fixture does not parse: {errors:?}");
    book.reviews.sort_by(|a, b| a.id.cmp(&b.id));
    let analysis = Analysis::new(&book, &settings);
    let q2 = Period::quarter(2026, 2).unwrap();
    let theme = Theme::load(std::path::Path::new("/nonexistent"), "default").unwrap();
    let conformity = Conformity::without_history(&analysis, &[]);
    let reported = Reported {
        conformity: &conformity,
        built_from: String::new(),
        restated: None,
    };
    let html = render_html(&analysis, &settings, q2, &reported, &theme).unwrap();
    (build(&analysis, &settings, q2, &conformity), html)
}

type Row<'a> = (&'a str, &'a str, &'a str, &'a str);

fn rows(period: &pays::PaysPeriod) -> Vec<Row<'_>> {
    period
        .rows
        .iter()
        .map(|r| {
            (
                r.figure.as_str(),
                r.now.as_str(),
                r.year_before.as_str(),
                r.change.as_str(),
            )
        })
        .collect()
}

#[test]
fn impact_and_time_to_resolve_against_the_year_before() {
    let (pack, html) = pack();
    let pays = &pack.learning_pays;
    let labels: Vec<(&str, &str)> = pays
        .periods
        .iter()
        .map(|p| (p.period.as_str(), p.year_before.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            ("2026-Q2", "2025-Q2"),
            ("2026-Q1", "2025-Q1"),
            ("2025-Q4", "2024-Q4"),
            ("2025-Q3", "2024-Q3"),
        ]
    );
    // 2026-Q2: GBP 1000 + 500 = 1,500 (INC-1, INC-2), EUR 200 (INC-3);
    // 2025-Q2: GBP 900 (INC-4), USD 250 (INC-5). Currencies by code.
    // GBP: 1,500 − 900 = +600, 600 / 900 = 66.7% → +67%. EUR: none a year
    // before, so +200 and no percent. USD: 0 − 250 = −250, −100%.
    // Downtime: 2.5 + 1 + 0.5 = 4.0 h against 3 + 2 = 5.0 h: −1.0 h, −20%.
    // Time to resolve: median of 12, 24, 48 = 24.0 h (N = 3) against the
    // median of 48 and 72 = 60.0 h (N = 2): −36.0 h, −36 / 60 = −60%.
    assert_eq!(
        rows(&pays.periods[0]),
        [
            ("Impact cost (EUR)", "EUR 200", "EUR 0", "+200"),
            ("Impact cost (GBP)", "GBP 1,500", "GBP 900", "+600 (+67%)"),
            ("Impact cost (USD)", "USD 0", "USD 250", "-250 (-100%)"),
            ("Downtime", "4.0 h", "5.0 h", "-1.0 h (-20%)"),
            (
                "Time to resolve (median)",
                "24.0 h (N = 3)",
                "60.0 h (N = 2)",
                "-36.0 h (-60%)"
            ),
        ]
    );
    // 2026-Q1 against 2025-Q1: no incident in either.
    assert_eq!(
        rows(&pays.periods[1]),
        [
            ("Impact cost", "no incidents", "no incidents", "–"),
            ("Downtime", "no incidents", "no incidents", "–"),
            ("Time to resolve (median)", "– (N = 0)", "– (N = 0)", "–"),
        ]
    );
    // 2025-Q3: INC-6 (restricted, still counted), no cost, 6 h down, 24 h
    // to resolve; 2024-Q3 had none: +6.0 h from zero has no percent.
    assert_eq!(
        rows(&pays.periods[3]),
        [
            ("Impact cost", "none recorded", "no incidents", "–"),
            ("Downtime", "6.0 h", "no incidents", "+6.0 h"),
            (
                "Time to resolve (median)",
                "24.0 h (N = 1)",
                "– (N = 0)",
                "–"
            ),
        ]
    );
    assert!(
        html.contains("<tr><th scope=\"rowgroup\" colspan=\"4\" class=\"group\">2026-Q2 against 2025-Q2</th></tr>"),
        "{html}"
    );
    assert!(html.contains("<tr><th scope=\"row\">Impact cost (GBP)</th><td class=\"num\">GBP 1,500</td><td class=\"num\">GBP 900</td><td class=\"num\">+600 (+67%)</td></tr>"));
    assert!(html.contains("<tr><th scope=\"row\">Time to resolve (median)</th><td class=\"num\">24.0 h (N = 3)</td><td class=\"num\">60.0 h (N = 2)</td><td class=\"num\">-36.0 h (-60%)</td></tr>"));
}

#[test]
fn actions_of_earlier_management_reports_with_owners_redacted() {
    let (pack, html) = pack();
    let pays = &pack.learning_pays;
    assert_eq!(pays.reported_before, "2026-04-01");
    // 2025-Q3: PIR-5 (07-05) and PIR-6 (09-01): A5 done late, A5B
    // cancelled, A5C and A6 open, A6 past due. 2025-Q2: PIR-4, A4 done on
    // time. PIR-1 was reported in the pack's own quarter: left out.
    let groups: Vec<(&str, [usize; 7])> = pays
        .reports
        .iter()
        .map(|g| {
            (
                g.period.as_str(),
                [
                    g.counts.reviews,
                    g.counts.agreed,
                    g.counts.done,
                    g.counts.done_on_time,
                    g.counts.cancelled,
                    g.counts.open,
                    g.counts.overdue,
                ],
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("2025-Q3", [2, 4, 1, 0, 1, 2, 1]),
            ("2025-Q2", [1, 1, 1, 1, 0, 0, 0])
        ]
    );
    // A6: 2026-03-31 to 07-15 is 30 + 31 + 30 + 15 = 106 days; its review
    // is of a restricted incident, so its owner is not shown.
    let open: Vec<(&str, &str, &str, &str, &str)> = pays
        .still_open
        .iter()
        .map(|a| {
            (
                a.id.as_str(),
                a.review.as_str(),
                a.due.as_str(),
                a.days_overdue.as_str(),
                a.owner.as_str(),
            )
        })
        .collect();
    assert_eq!(
        open,
        [
            ("A6", "PIR-6", "2026-03-31", "106", "[redacted]"),
            ("A5C", "PIR-5", "2026-12-31", "–", "Service desk lead"),
        ]
    );
    assert!(html.contains("<tr><th scope=\"row\">2025-Q3</th><td class=\"num\">2</td><td class=\"num\">4</td><td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">2</td><td class=\"num\">1</td></tr>"), "{html}");
    assert!(html.contains("<tr><th scope=\"row\">A6</th><td>PIR-6</td><td>2026-03-31</td><td class=\"num\">106</td><td>[redacted]</td></tr>"));
    // No restricted title reaches the pack.
    assert!(!html.contains("INC-6 title"));
}
