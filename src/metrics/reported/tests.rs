//! The actions of earlier management reports on a hand-built book, as of
//! 2026-07-15 (UTC), for a pack of 2026-Q3 (so "earlier" means reported
//! before 2026-07-01):
//!
//! | review | held | reported | actions |
//! |---|---|---|---|
//! | PIR-1 | 2026-01-20 | 2026-02-01 (Q1) | A1 due 03-31 done 03-15 (on time); A2 due 02-28 done 03-10 (late); A3 cancelled |
//! | PIR-2 | 2026-03-01 | 2026-03-20 (Q1) | B1 due 05-31 open (overdue); B2 due 08-31 in progress |
//! | PIR-3 | 2026-04-10 | 2026-05-05 (Q2) | C1 due 06-30 done 06-30 (on time); C2 due 07-10 done 07-20, after the as-of date (overdue) |
//! | PIR-4 | 2026-06-20 | 2026-07-02 (Q3: not earlier) | D1 due 06-25 open |
//! | PIR-5 | 2026-06-01 | never | E1 due 06-10 open |
//! | PIR-6 | 2025-05-01 | 2025-05-10 (2025-Q2) | F1 due 06-30 done 07-05 (late) |
//! | PIR-7 | 2026-07-01 | 2026-08-10 (after the as-of date) | G1 due 07-05 open |

use super::*;
use crate::testing::{day, load, settings};

fn review(id: &str, date: &str, report: Option<&str>, actions: &[&str]) -> (String, String) {
    let report = report.map_or(String::new(), |d| {
        format!("management_report: {{date: {d}, to: Board}}\n")
    });
    let actions: Vec<String> = actions
        .iter()
        .map(|a| format!("{{{a}, title: t, owner: o, controls: [\"5.17\"], type: process}}"))
        .collect();
    (
        format!("r/{id}.md"),
        format!(
            "---\nkind: review\nid: {id}\nincidents: [INC-1]\ndate: {date}\nchair: CISO\nparticipants: [{{function: IT}}, {{function: Legal}}]\nmethod: other\nroot_cause: {{summary: s, category: process}}\nlessons: [l]\n{report}actions: [{}]\n---\n",
            actions.join(", ")
        ),
    )
}

fn fixture() -> Vec<(String, String)> {
    vec![
        (
            "r/INC-1.md".into(),
            "---\nkind: incident\nid: INC-1\ntitle: t\nseverity: high\ncategory: social\nstatus: closed\ndetected: 2025-04-20\nresolved: 2025-04-22\n---\n".into(),
        ),
        review(
            "PIR-1",
            "2026-01-20",
            Some("2026-02-01"),
            &[
                "id: A1, due: 2026-03-31, status: done, done: 2026-03-15",
                "id: A2, due: 2026-02-28, status: done, done: 2026-03-10",
                "id: A3, due: 2026-04-30, status: cancelled",
            ],
        ),
        review(
            "PIR-2",
            "2026-03-01",
            Some("2026-03-20"),
            &[
                "id: B1, due: 2026-05-31, status: open",
                "id: B2, due: 2026-08-31, status: in-progress",
            ],
        ),
        review(
            "PIR-3",
            "2026-04-10",
            Some("2026-05-05"),
            &[
                "id: C1, due: 2026-06-30, status: done, done: 2026-06-30",
                "id: C2, due: 2026-07-10, status: done, done: 2026-07-20",
            ],
        ),
        review(
            "PIR-4",
            "2026-06-20",
            Some("2026-07-02"),
            &["id: D1, due: 2026-06-25, status: open"],
        ),
        review(
            "PIR-5",
            "2026-06-01",
            None,
            &["id: E1, due: 2026-06-10, status: open"],
        ),
        review(
            "PIR-6",
            "2025-05-01",
            Some("2025-05-10"),
            &["id: F1, due: 2025-06-30, status: done, done: 2025-07-05"],
        ),
        review(
            "PIR-7",
            "2026-07-01",
            Some("2026-08-10"),
            &["id: G1, due: 2026-07-05, status: open"],
        ),
    ]
}

fn with_analysis<T>(f: impl FnOnce(&Analysis) -> T) -> T {
    let settings = settings(None, "2026-07-15");
    let (mut book, diagnostics) = load(&fixture(), &settings);
    let errors: Vec<_> = diagnostics.iter().map(|d| &d.message).collect();
    assert!(errors.is_empty(), "fixture does not parse: {errors:?}");
    book.reviews.sort_by(|a, b| a.id.cmp(&b.id));
    f(&Analysis::new(&book, &settings))
}

fn q(year: i32, quarter: u32) -> Period {
    Period::quarter(year, quarter).unwrap()
}

fn counts(
    reviews: usize,
    agreed: usize,
    done: usize,
    done_on_time: usize,
    cancelled: usize,
    open: usize,
    overdue: usize,
) -> ReportedActions {
    ReportedActions {
        reviews,
        agreed,
        done,
        done_on_time,
        cancelled,
        open,
        overdue,
    }
}

#[test]
fn actions_of_earlier_reports_by_quarter_of_the_report() {
    with_analysis(|a| {
        let found = a.earlier_reports(q(2026, 3), 4);
        // 2026-Q2: PIR-3, 2 actions. C1 done on its due date (on time); C2's
        // done date (07-20) is after the as-of date, so it is open, and past
        // its due date (07-10): overdue.
        // 2026-Q1: PIR-1 and PIR-2, 3 + 2 = 5 actions. Done: A1 (on time,
        // 03-15 <= 03-31) and A2 (late, 03-10 > 02-28); A3 cancelled; B1
        // open and overdue (due 05-31); B2 open, due 08-31.
        // 2025-Q2: PIR-6, F1 done five days late.
        // PIR-4 (reported 07-02, in the pack's quarter) and PIR-5 (never
        // reported) are left out.
        assert_eq!(
            found.groups,
            [
                (q(2026, 2), counts(1, 2, 1, 1, 0, 1, 1)),
                (q(2026, 1), counts(2, 5, 2, 1, 1, 2, 1)),
                (q(2025, 2), counts(1, 1, 1, 0, 0, 0, 0)),
            ]
        );
        assert_eq!(found.earlier, None);
        // B1: 05-31 to 07-15 is 30 + 15 = 45 days; C2: 07-10 to 07-15 is 5.
        let open: Vec<(&str, &str, Option<i64>)> = found
            .still_open
            .iter()
            .map(|s| {
                let review = &a.book.reviews[s.review];
                (
                    review.id.as_str(),
                    review.actions()[s.action].id.as_str(),
                    s.days_overdue,
                )
            })
            .collect();
        assert_eq!(
            open,
            [
                ("PIR-2", "B1", Some(45)),
                ("PIR-2", "B2", None),
                ("PIR-3", "C2", Some(5)),
            ]
        );
    });
}

#[test]
fn groups_past_the_limit_are_one_earlier_total() {
    with_analysis(|a| {
        let found = a.earlier_reports(q(2026, 3), 2);
        assert_eq!(
            found.groups.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
            [q(2026, 2), q(2026, 1)]
        );
        // Only 2025-Q2 is left: PIR-6's one action, done.
        assert_eq!(found.earlier, Some(counts(1, 1, 1, 0, 0, 0, 0)));
        // One group shown: Q1 2026 and 2025-Q2 together, 2 + 1 reviews,
        // 5 + 1 actions, 2 + 1 done.
        let one = a.earlier_reports(q(2026, 3), 1);
        assert_eq!(one.earlier, Some(counts(3, 6, 3, 1, 1, 2, 1)));
        // The still-open list does not depend on the limit.
        assert_eq!(one.still_open, found.still_open);
    });
}

#[test]
fn a_monthly_pack_groups_by_month_and_reports_after_the_as_of_date_are_not_earlier() {
    with_analysis(|a| {
        let july = Period::month(2026, 7).unwrap();
        let months: Vec<Period> = a
            .earlier_reports(july, 4)
            .groups
            .iter()
            .map(|(p, _)| *p)
            .collect();
        // Reports on 05-05, 03-20, 02-01 and 2025-05-10.
        assert_eq!(
            months,
            [
                Period::month(2026, 5).unwrap(),
                Period::month(2026, 3).unwrap(),
                Period::month(2026, 2).unwrap(),
                Period::month(2025, 5).unwrap(),
            ]
        );
        // A pack for 2026-Q4 as of 07-15: PIR-4's report (07-02) is before
        // the as-of date and counts, in 2026-Q3, with D1 (due 06-25) 20
        // days overdue; PIR-7's (08-10) is before the pack's start but not
        // yet made on the as-of date, so G1 is not in it.
        let q4 = a.earlier_reports(q(2026, 4), 4);
        assert_eq!(q4.groups[0], (q(2026, 3), counts(1, 1, 0, 0, 0, 1, 1)));
        let overdue: Vec<Option<i64>> = q4.still_open.iter().map(|s| s.days_overdue).collect();
        assert_eq!(overdue, [Some(45), None, Some(5), Some(20)]);
        assert_eq!(a.as_of, day("2026-07-15"));
    });
}
