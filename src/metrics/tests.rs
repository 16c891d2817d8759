//! Hand-worked fixtures for every metric. Each number in an assertion is
//! worked out in the comment above it from the records below.
//!
//! The book, as of 2026-07-15 (UTC):
//!
//! | id | nature | severity | detected | contained | resolved | notes |
//! |---|---|---|---|---|---|---|
//! | INC-A | confirmed | high | 01-10 08:00 (occurred 06:00) | 01-10 12:00 | 01-11 08:00 | social/phishing, 1000 GBP, 2 h down |
//! | INC-B | confirmed | medium | 02-01 | – | 02-03 | malware, 300 USD, 1.5 h down |
//! | INC-C | confirmed | low | 02-20 10:00 | 02-20 11:00 | 02-20 16:00 | error, waived |
//! | INC-D | near-miss | medium | 03-05 | – | 03-05 | social/phishing |
//! | INC-E | false-positive | high | 03-06 | – | 03-06 | |
//! | INC-F | confirmed | high | 04-20 09:00 (occurred 07:00) | 04-20 10:00 | 04-22 09:00 | social/phishing |
//! | INC-G | confirmed | medium | 06-01 | – | – | open |
//!
//! Reviews: PIR-A (01-15) of INC-A: 5.17 failed, 8.16 effective; ACT-A1 due
//! 02-28 done 03-01; follow-up due 07-10 done 07-08 effective. PIR-B (02-10)
//! of INC-B: 8.7 failed; ACT-B1 due 03-31 open; ACT-B2 due 02-20 done 02-18;
//! follow-up due 08-09. PIR-F (07-20, after the as-of date) of INC-F: 5.17
//! failed; ACT-F1 due 09-30 open; follow-up due 2027-01-15.

use super::*;
use crate::testing::{day, load, settings};

fn incident(id: &str, fields: &str) -> (String, String) {
    (
        format!("r/{id}.md"),
        format!("---\nkind: incident\nid: {id}\ntitle: {id}\n{fields}\n---\n"),
    )
}

fn review(id: &str, fields: &str) -> (String, String) {
    (
        format!("r/{id}.md"),
        format!(
            "---\nkind: review\nid: {id}\nchair: CISO\nparticipants: [{{function: IT}}, {{function: Legal}}]\nmethod: other\nroot_cause: {{summary: s, category: process}}\nlessons: [l]\n{fields}\n---\n"
        ),
    )
}

pub(crate) fn fixture() -> Vec<(String, String)> {
    vec![
        incident(
            "INC-A",
            "severity: high\ncategory: social\nvariety: phishing\nstatus: closed\noccurred: 2026-01-10 06:00\ndetected: 2026-01-10 08:00\ncontained: 2026-01-10 12:00\nresolved: 2026-01-11 08:00\nimpact: {cost: 1000, currency: GBP, downtime_hours: 2}",
        ),
        incident(
            "INC-B",
            "severity: medium\ncategory: malware\nstatus: resolved\ndetected: 2026-02-01\nresolved: 2026-02-03\nimpact: {cost: 300, currency: USD, downtime_hours: 1.5}",
        ),
        incident(
            "INC-C",
            "severity: low\ncategory: error\nvariety: misdelivery\nstatus: closed\ndetected: 2026-02-20 10:00\ncontained: 2026-02-20 11:00\nresolved: 2026-02-20 16:00\nreview_waiver: one recipient, recalled",
        ),
        incident(
            "INC-D",
            "severity: medium\ncategory: social\nvariety: phishing\nnature: near-miss\nstatus: closed\ndetected: 2026-03-05\nresolved: 2026-03-05",
        ),
        incident(
            "INC-E",
            "severity: high\ncategory: unknown\nnature: false-positive\nstatus: closed\ndetected: 2026-03-06\nresolved: 2026-03-06",
        ),
        incident(
            "INC-F",
            "severity: high\ncategory: social\nvariety: phishing\nstatus: closed\noccurred: 2026-04-20 07:00\ndetected: 2026-04-20 09:00\ncontained: 2026-04-20 10:00\nresolved: 2026-04-22 09:00",
        ),
        incident(
            "INC-G",
            "severity: medium\ncategory: hacking\nstatus: open\ndetected: 2026-06-01",
        ),
        review(
            "PIR-A",
            "incidents: [INC-A]\ndate: 2026-01-15\ncontrols: [{id: \"5.17\", outcome: failed}, {id: \"8.16\", outcome: effective}]\nactions: [{id: ACT-A1, title: t, owner: o, due: 2026-02-28, controls: [\"5.17\"], type: technical, status: done, done: 2026-03-01}]\nfollow_up: {due: 2026-07-10, done: 2026-07-08, effective: true}",
        ),
        review(
            "PIR-B",
            "incidents: [INC-B]\ndate: 2026-02-10\ncontrols: [{id: \"8.7\", outcome: failed}]\nactions: [{id: ACT-B1, title: t, owner: o, due: 2026-03-31, controls: [\"8.7\"], type: technical, status: open}, {id: ACT-B2, title: t, owner: o, due: 2026-02-20, controls: [\"8.7\"], type: process, status: done, done: 2026-02-18}]\nfollow_up: {due: 2026-08-09}",
        ),
        review(
            "PIR-F",
            "incidents: [INC-F]\ndate: 2026-07-20\ncontrols: [{id: \"5.17\", outcome: failed}]\nactions: [{id: ACT-F1, title: t, owner: o, due: 2026-09-30, controls: [\"5.17\"], type: technical, status: open}]\nfollow_up: {due: 2027-01-15}",
        ),
    ]
}

fn with_analysis<T>(book_toml: Option<&str>, f: impl FnOnce(&Analysis) -> T) -> T {
    let settings = settings(book_toml, "2026-07-15");
    let files = fixture();
    let (book, diagnostics) = load(&files, &settings);
    let errors: Vec<_> = diagnostics.iter().map(|d| &d.message).collect();
    assert!(errors.is_empty(), "fixture does not parse: {errors:?}");
    let mut book = book;
    book.incidents.sort_by(|a, b| a.id.cmp(&b.id));
    book.reviews.sort_by(|a, b| a.id.cmp(&b.id));
    let analysis = Analysis::new(&book, &settings);
    f(&analysis)
}

fn q(year: i32, quarter: u32) -> Period {
    Period::quarter(year, quarter).unwrap()
}

#[test]
fn counts_coverage_and_times_in_the_first_quarter() {
    let m = with_analysis(None, |a| a.metrics(q(2026, 1)));
    // Detected in Q1: A, B, C; D is a near miss, E a false positive.
    assert_eq!(m.incidents, 3);
    assert_eq!(m.near_misses, 1);
    assert_eq!(
        m.by_severity,
        BTreeMap::from([("high".into(), 1), ("low".into(), 1), ("medium".into(), 1)])
    );
    // Resolved in Q1 and resolved/closed: A, B, C. Reviewed by the as-of
    // date: A (PIR-A), B (PIR-B); C was waived, not reviewed. 2/3.
    assert_eq!((m.needing_review, m.reviewed), (3, 2));
    assert_eq!(m.review_coverage, Some(2.0 / 3.0));
    // Time to resolve: A 01-10 08:00 → 01-11 08:00 = 24 h; B 02-01 → 02-03 =
    // 48 h; C 10:00 → 16:00 = 6 h. Mean 78/3 = 26, median 24, p90 rank
    // ceil(0.9 × 3) = 3 → 48.
    assert_eq!(
        (
            m.mttr_hours_n,
            m.mttr_hours_mean,
            m.mttr_hours_median,
            m.mttr_hours_p90
        ),
        (3, Some(26.0), Some(24.0), Some(48.0))
    );
    // Time to detect: only A has `occurred`: 06:00 → 08:00 = 2 h.
    assert_eq!((m.mttd_hours_n, m.mttd_hours_mean), (1, Some(2.0)));
    // Time to contain: A 4 h, C 1 h; mean and median 2.5.
    assert_eq!(
        (m.mttc_hours_n, m.mttc_hours_mean, m.mttc_hours_median),
        (2, Some(2.5), Some(2.5))
    );
    // Time to review: A 01-15 − 01-11 = 4 days, B 02-10 − 02-03 = 7; median
    // of an even count is the mean of the two: 5.5.
    assert_eq!(m.time_to_review_days_median, Some(5.5));
    // Costs per currency and downtime, over incidents detected in Q1.
    assert_eq!(
        m.cost,
        BTreeMap::from([("GBP".into(), 1000.0), ("USD".into(), 300.0)])
    );
    assert_eq!(m.downtime_hours, 3.5);
    // Reviews dated in Q1: PIR-A (5.17 failed), PIR-B (8.7 failed).
    assert_eq!(
        m.control_failures,
        BTreeMap::from([("5.17".into(), 1), ("8.7".into(), 1)])
    );
    // Actions due in Q1: A1 (done 03-01, late), B1 (open, due 03-31 < as-of:
    // overdue), B2 (done 02-18 ≤ due 02-20: on time).
    assert_eq!(
        (
            m.actions_due,
            m.actions_open,
            m.actions_overdue,
            m.actions_done,
            m.actions_done_on_time
        ),
        (3, 1, 1, 2, 1)
    );
    assert_eq!(m.actions_done_on_time_rate, Some(0.5));
    // Review to done: A1 03-01 − 01-15 = 45 days, B2 02-18 − 02-10 = 8; median 26.5.
    assert_eq!(m.actions_days_to_done_median, Some(26.5));
    assert_eq!(m.recurrences, 0);
    assert_eq!(m.recurrence_rate, Some(0.0));
}

#[test]
fn recurrence_after_fix_in_the_second_quarter() {
    let m = with_analysis(None, |a| a.metrics(q(2026, 2)));
    // Detected in Q2: F and G (open). F shares social/phishing and
    // control:5.17 with A, whose review PIR-A (01-15) came before F was
    // detected (04-20, 95 days later, inside 365), and ACT-A1 was done
    // 03-01 < 04-20: a recurrence and a repeat after fix. Rate 1/2.
    assert_eq!(m.incidents, 2);
    assert_eq!((m.recurrences, m.repeats_after_fix), (1, 1));
    assert_eq!(m.recurrence_rate, Some(0.5));
    // F resolved in Q2 but its only review is dated after the as-of date.
    assert_eq!(
        (m.needing_review, m.reviewed, m.review_coverage),
        (1, 0, Some(0.0))
    );
    // F: detected 09:00 → resolved two days later 09:00 = 48 h.
    assert_eq!((m.mttr_hours_n, m.mttr_hours_mean), (1, Some(48.0)));
    // No review is dated in Q2.
    assert!(m.control_failures.is_empty());
}

#[test]
fn empty_period_gives_null_rates() {
    let m = with_analysis(None, |a| a.metrics(q(2026, 3)));
    // Nothing detected or resolved in Q3.
    assert_eq!(m.incidents, 0);
    assert_eq!(m.review_coverage, None);
    assert_eq!(m.recurrence_rate, None);
    assert_eq!(
        (m.mttr_hours_n, m.mttr_hours_mean, m.mttr_hours_median),
        (0, None, None)
    );
    // Follow-ups due in Q3: PIR-A (07-10, done 07-08, effective) and PIR-B
    // (08-09, not done). Effective 1 of 1 done.
    assert_eq!(
        (m.follow_ups_due, m.follow_ups_done, m.follow_ups_effective),
        (2, 1, 1)
    );
    assert_eq!(m.follow_ups_effective_rate, Some(1.0));
    // PIR-F is dated 07-20 (in Q3, after the as-of date): 5.17 failed.
    assert_eq!(m.control_failures, BTreeMap::from([("5.17".into(), 1)]));
    // ACT-F1 is due 09-30: open, not yet overdue.
    assert_eq!(
        (m.actions_due, m.actions_open, m.actions_overdue),
        (1, 1, 0)
    );
}

#[test]
fn whole_history() {
    let m = with_analysis(None, |a| a.metrics(Period::ALL));
    // A, B, C, F, G; one recurrence (F, social/phishing like A): 1/5.
    assert_eq!((m.incidents, m.near_misses, m.recurrences), (5, 1, 1));
    assert_eq!(m.recurrence_rate, Some(0.2));
    // F's review finds 5.17 failed, as A's did: one repeat control failure.
    assert_eq!(
        (m.repeat_control_failures, m.repeat_control_failure_rate),
        (1, Some(0.2))
    );
    // High or above: A and F (E, high, is a false positive).
    assert_eq!(m.high_or_above, 2);
    // Needing review: A, B, C, F; reviewed A, B: 2/4.
    assert_eq!(m.review_coverage, Some(0.5));
    // 24, 48, 6, 48 h: mean 31.5; median (24 + 48) / 2 = 36; p90 rank
    // ceil(3.6) = 4 → 48.
    assert_eq!(
        (
            m.mttr_hours_n,
            m.mttr_hours_mean,
            m.mttr_hours_median,
            m.mttr_hours_p90
        ),
        (4, Some(31.5), Some(36.0), Some(48.0))
    );
    // Four actions: A1 done late, B1 open overdue, B2 done on time, F1 open.
    assert_eq!(
        (
            m.actions_due,
            m.actions_open,
            m.actions_overdue,
            m.actions_done,
            m.actions_done_on_time
        ),
        (4, 2, 1, 2, 1)
    );
    assert_eq!(
        m.control_failures,
        BTreeMap::from([("5.17".into(), 2), ("8.7".into(), 1)])
    );
}

#[test]
fn recurrence_window_edges() {
    // PIR-A is dated 2026-01-15 and F detected 2026-04-20: 95 days apart.
    let inside = with_analysis(
        Some("[book]\ntitle = \"T\"\n[policy]\nrecurrence_window_days = 95\n"),
        |a| a.metrics(q(2026, 2)).recurrences,
    );
    assert_eq!(inside, 1);
    let outside = with_analysis(
        Some("[book]\ntitle = \"T\"\n[policy]\nrecurrence_window_days = 94\n"),
        |a| a.metrics(q(2026, 2)).recurrences,
    );
    assert_eq!(outside, 0);
}

#[test]
fn report_covers_every_period_with_data_including_future_due_dates() {
    let report = with_analysis(None, |a| a.report());
    // From the first detection (2026-01) past the as-of month (2026-07) to
    // the last due date: PIR-F's follow-up, due 2027-01-15.
    assert_eq!(
        report.months.keys().cloned().collect::<Vec<_>>(),
        [
            "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08",
            "2026-09", "2026-10", "2026-11", "2026-12", "2027-01"
        ]
    );
    assert_eq!(
        report.quarters.keys().cloned().collect::<Vec<_>>(),
        ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"]
    );
    // ACT-F1 falls due 09-30, after the as-of date: open, not overdue; the
    // follow-up of PIR-F is due in 2027-01.
    assert_eq!(
        (
            report.months["2026-09"].actions_due,
            report.months["2026-09"].actions_open,
            report.months["2026-09"].actions_overdue
        ),
        (1, 1, 0)
    );
    assert_eq!(report.months["2027-01"].follow_ups_due, 1);
    // At period end: July is taken on the as-of date 07-15: B1 (agreed 02-10,
    // due 03-31) is open and overdue; F1's review (07-20) is not yet held.
    // August has not started: no figure.
    assert_eq!(
        (
            report.months["2026-07"].actions_open_at_end,
            report.months["2026-07"].actions_overdue_at_end
        ),
        (Some(1), Some(1))
    );
    assert_eq!(report.months["2026-08"].actions_open_at_end, None);
    // March ends 03-31: A1 was done 03-01; B1 is due that day, not past it.
    assert_eq!(
        (
            report.months["2026-03"].actions_open_at_end,
            report.months["2026-03"].actions_overdue_at_end
        ),
        (Some(1), Some(0))
    );
    // February: B and C detected.
    assert_eq!(report.months["2026-02"].incidents, 2);
    assert_eq!(report.as_of, day("2026-07-15"));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["all"]["mttr_hours_median"], 36.0);
    assert!(json["quarters"]["2026-Q3"]["review_coverage"].is_null());
}

#[test]
fn an_as_of_date_long_after_every_record_lists_no_empty_centuries() {
    // The last record date is PIR-F's follow-up, due 2027-01-15: with the
    // as-of date in 9999 the months end there, not 95,000 months later.
    let far = settings(None, "9999-12-31");
    let (mut book, _) = load(&fixture(), &far);
    book.incidents.sort_by(|a, b| a.id.cmp(&b.id));
    let report = Analysis::new(&book, &far).report();
    assert_eq!(
        report.months.keys().last().map(String::as_str),
        Some("2027-01")
    );
    assert_eq!(report.months.len(), 13);
    // Five years after the last record date is still near: 2032-01-15.
    let near = settings(None, "2032-01-15");
    let (book, _) = load(&fixture(), &near);
    let report = Analysis::new(&book, &near).report();
    assert_eq!(
        report.months.keys().last().map(String::as_str),
        Some("2032-01")
    );
}

#[test]
fn open_actions_for_the_burndown() {
    with_analysis(None, |a| {
        // 2026-01-14: PIR-A is not yet held; on its day, 01-15, A1 is agreed.
        assert_eq!(a.open_actions_on(day("2026-01-14")), (0, 0));
        assert_eq!(a.open_actions_on(day("2026-01-15")), (1, 0));
        // 2026-01-31: PIR-A (01-15) agreed A1, due 02-28: open, not overdue.
        assert_eq!(a.open_actions_on(day("2026-01-31")), (1, 0));
        // 2026-02-28: A1 open (due today, not past), B1 open, B2 done 02-18.
        assert_eq!(a.open_actions_on(day("2026-02-28")), (2, 0));
        // 2026-03-31: A1 done 03-01; B1 due 03-31, not yet past: 1 open.
        assert_eq!(a.open_actions_on(day("2026-03-31")), (1, 0));
        // 2026-04-30: B1 still open and past due.
        assert_eq!(a.open_actions_on(day("2026-04-30")), (1, 1));
        // 2026-07-31: PIR-F (07-20) adds F1, due 09-30.
        assert_eq!(a.open_actions_on(day("2026-07-31")), (2, 1));
    });
}

#[test]
fn at_period_end_is_the_last_day_or_the_as_of_date() {
    let july = Period::month(2026, 7).unwrap();
    // A period that starts on the as-of date is running: taken that day.
    assert_eq!(
        period_end_day(july, day("2026-07-01")),
        Some(day("2026-07-01"))
    );
    // One that starts the day after has not started: no figure.
    assert_eq!(period_end_day(july, day("2026-06-30")), None);
    // Mid-period: the as-of date; after it: its last day.
    assert_eq!(
        period_end_day(july, day("2026-07-15")),
        Some(day("2026-07-15"))
    );
    assert_eq!(
        period_end_day(july, day("2026-08-01")),
        Some(day("2026-07-31"))
    );
    assert_eq!(
        period_end_day(july, day("2026-07-31")),
        Some(day("2026-07-31"))
    );
}

#[test]
fn actions_due_on_the_as_of_date_or_without_a_due_date() {
    let files = [
        incident(
            "INC-X",
            "severity: low\ncategory: error\nstatus: closed\ndetected: 2026-03-01\nresolved: 2026-03-02",
        ),
        review(
            "PIR-X",
            "incidents: [INC-X]\ndate: 2026-03-05\ncontrols: [{id: \"5.17\", outcome: failed}]\nactions:\n  - {id: ACT-X1, title: t, owner: o, due: 2026-04-10, controls: [\"5.17\"], type: process, status: open}\n  - {id: ACT-X2, title: t, owner: o, controls: [\"5.17\"], type: process, status: open}",
        ),
    ];
    let metrics_on = |today: &str, period: Period| {
        let settings = settings(None, today);
        let (book, _) = load(&files, &settings);
        Analysis::new(&book, &settings).metrics(period)
    };
    // As of 04-10, ACT-X1 is due that day: open, not yet overdue. ACT-X2 has
    // no due date: it counts in the whole history only.
    let all = metrics_on("2026-04-10", Period::ALL);
    assert_eq!(
        (all.actions_due, all.actions_open, all.actions_overdue),
        (2, 2, 0)
    );
    let q2 = metrics_on("2026-04-10", q(2026, 2));
    assert_eq!(
        (q2.actions_due, q2.actions_open, q2.actions_overdue),
        (1, 1, 0)
    );
    // A day later it is overdue.
    let q2 = metrics_on("2026-04-11", q(2026, 2));
    assert_eq!(
        (q2.actions_due, q2.actions_open, q2.actions_overdue),
        (1, 1, 1)
    );
    assert_eq!(metrics_on("2026-04-11", q(2026, 1)).actions_due, 0);
}

#[test]
fn due_dates_up_to_five_years_ahead_are_listed() {
    let files = [
        incident(
            "INC-Y",
            "severity: low\ncategory: error\nstatus: closed\ndetected: 2026-03-01\nresolved: 2026-03-02",
        ),
        review(
            "PIR-Y",
            "incidents: [INC-Y]\ndate: 2026-03-05\ncontrols: [{id: \"5.17\", outcome: failed}]\nactions:\n  - {id: ACT-Y1, title: t, owner: o, due: 2029-04-01, controls: [\"5.17\"], type: process, status: open}",
        ),
    ];
    let settings = settings(None, "2026-04-10");
    let (book, diagnostics) = load(&files, &settings);
    assert!(diagnostics.is_empty());
    let report = Analysis::new(&book, &settings).report();
    // Three years ahead is listed, with its open action. (Due dates more
    // than five years ahead are a bad-date; the horizon is a backstop.)
    assert_eq!(report.months["2029-04"].actions_open, 1);
    assert_eq!(
        report.months.keys().last().map(String::as_str),
        Some("2029-04")
    );
    assert_eq!(
        report.quarters.keys().last().map(String::as_str),
        Some("2029-Q2")
    );
    // ACT-Y1 is due on the first day of its month and quarter: both are
    // listed. The first activity is in March: the months start there, the
    // quarters at the one that holds March (2026-Q1 to 2029-Q2: 14).
    assert_eq!(
        report.months.keys().next().map(String::as_str),
        Some("2026-03")
    );
    assert_eq!(
        report.quarters.keys().next().map(String::as_str),
        Some("2026-Q1")
    );
    assert_eq!(report.quarters.len(), 14);
}
