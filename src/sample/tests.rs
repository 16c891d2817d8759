//! The draw on a hand-worked book. Keys were computed outside lessonbook:
//!
//! ```sh
//! for id in INC-1 INC-2 INC-3 INC-4 INC-5 INC-6 INC-7 INC-8 INC-9; do
//!   printf '%s %s\n' "$(printf '%s' "audit-2026:$id" | sha256sum | cut -d' ' -f1)" "$id"
//! done | LC_ALL=C sort
//! ```
//!
//! which printed (first 8 hex digits): 034ecf78 INC-6, 14960025 INC-3,
//! 41eed68b INC-4, a5c55532 INC-1, b62132f8 INC-9, c1c0b62d INC-5,
//! cf1ea4a8 INC-7, d4ada838 INC-2, d95f684f INC-8.
//!
//! | id | severity | nature | detected |
//! |---|---|---|---|
//! | INC-1 | high | confirmed | 2026-01-05 |
//! | INC-2 | high | confirmed | 2026-04-02 |
//! | INC-3 | medium | suspected | 2026-01-20 |
//! | INC-4 | medium | confirmed | 2026-02-10 |
//! | INC-5 | low | confirmed | 2026-02-11 |
//! | INC-6 | low | confirmed | 2026-03-01 |
//! | INC-7 | medium | confirmed | 2026-03-15 |
//! | INC-8 | high | false-positive | 2026-01-06 |
//! | INC-9 | low | near-miss | 2026-01-07 |

use super::*;
use crate::records::Book;
use crate::testing::{day, load, settings};

fn incident(id: &str, severity: &str, nature: &str, detected: &str) -> (String, String) {
    (
        format!("r/{id}.md"),
        format!(
            "---\nkind: incident\nid: {id}\ntitle: {id}\nseverity: {severity}\ncategory: malware\nnature: {nature}\nstatus: open\ndetected: {detected}\n---\n"
        ),
    )
}

fn book() -> (Book, Vec<String>) {
    let settings = settings(None, "2026-05-01");
    let files = vec![
        incident("INC-1", "high", "confirmed", "2026-01-05"),
        incident("INC-2", "high", "confirmed", "2026-04-02"),
        incident("INC-3", "medium", "suspected", "2026-01-20"),
        incident("INC-4", "medium", "confirmed", "2026-02-10"),
        incident("INC-5", "low", "confirmed", "2026-02-11"),
        incident("INC-6", "low", "confirmed", "2026-03-01"),
        incident("INC-7", "medium", "confirmed", "2026-03-15"),
        incident("INC-8", "high", "false-positive", "2026-01-06"),
        incident("INC-9", "low", "near-miss", "2026-01-07"),
    ];
    let (book, _) = load(&files, &settings);
    (book, settings.policy.severities.clone())
}

fn ids(book: &Book, sample: &Sample) -> Vec<(String, String)> {
    sample
        .drawn()
        .map(|(stratum, d)| (stratum.to_string(), book.incidents[d.index].id.clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(s, id)| (s.to_string(), id.to_string()))
        .collect()
}

#[test]
fn keys_are_sha256_of_seed_colon_id_in_lowercase_hex() {
    // printf '%s' "audit-2026:INC-1" | sha256sum
    assert_eq!(
        key("audit-2026", "INC-1"),
        "a5c555326616aebeda6694d4e4c29b4f5242006a67dc49e71d80cc80739ccb99"
    );
    // The colon is always there, even after an empty seed:
    // printf '%s' ":x" | sha256sum
    assert_eq!(
        key("", "x"),
        "37469d4452548140e06297c8f2e0d9319d52d7b7978beb1661500a200d41b965"
    );
}

#[test]
fn the_whole_population_is_sorted_by_key_and_cut() {
    let (book, severities) = book();
    let sample = draw(
        &book,
        &severities,
        Period::ALL,
        "audit-2026",
        Strata::None,
        Size::Count(3),
    );
    // INC-8 (false positive) and INC-9 (near miss) are not in the population.
    assert_eq!(sample.population(), 7);
    assert_eq!(
        ids(&book, &sample),
        pairs(&[("all", "INC-6"), ("all", "INC-3"), ("all", "INC-4")])
    );
    let first = &sample.strata[0].drawn[0];
    assert_eq!(first.rank, 1);
    assert_eq!(first.key, key("audit-2026", "INC-6"));
}

#[test]
fn strata_follow_the_policy_order_and_draw_n_each() {
    let (book, severities) = book();
    let sample = draw(
        &book,
        &severities,
        Period::ALL,
        "audit-2026",
        Strata::Severity,
        Size::Count(2),
    );
    let sizes: Vec<(&str, usize, usize)> = sample
        .strata
        .iter()
        .map(|s| (s.name.as_str(), s.population, s.drawn.len()))
        .collect();
    // An empty stratum is listed too: the auditor sees there was none.
    assert_eq!(
        sizes,
        [
            ("low", 2, 2),
            ("medium", 3, 2),
            ("high", 2, 2),
            ("critical", 0, 0)
        ]
    );
    assert_eq!(
        ids(&book, &sample),
        pairs(&[
            ("low", "INC-6"),
            ("low", "INC-5"),
            ("medium", "INC-3"),
            ("medium", "INC-4"),
            ("high", "INC-1"),
            ("high", "INC-2"),
        ])
    );
    assert_eq!(sample.strata[1].drawn[1].rank, 2);
}

#[test]
fn a_percentage_rounds_up_per_stratum_and_takes_at_least_one() {
    let (book, severities) = book();
    let fifty = Size::Percent(Percent::parse("50").unwrap());
    let sample = draw(
        &book,
        &severities,
        Period::ALL,
        "audit-2026",
        Strata::Severity,
        fifty,
    );
    // low: ceil(0.5 × 2) = 1; medium: ceil(0.5 × 3) = 2; high: 1.
    assert_eq!(
        ids(&book, &sample),
        pairs(&[
            ("low", "INC-6"),
            ("medium", "INC-3"),
            ("medium", "INC-4"),
            ("high", "INC-1"),
        ])
    );
    // Without strata: ceil(0.5 × 7) = 4.
    let whole = draw(
        &book,
        &severities,
        Period::ALL,
        "audit-2026",
        Strata::None,
        fifty,
    );
    assert_eq!(whole.strata[0].drawn.len(), 4);
    // 1 % of 2 is 0.02 incidents: one is still drawn.
    assert_eq!(Size::Percent(Percent::parse("1").unwrap()).of(2), 1);
    assert_eq!(Size::Percent(Percent::parse("1").unwrap()).of(0), 0);
}

#[test]
fn percentages_are_exact() {
    let of = |p: &str, n| Size::Percent(Percent::parse(p).unwrap()).of(n);
    // 0.1 × 30 in floating point is 3.0000000000000004, whose ceiling is 4.
    assert_eq!(of("10", 30), 3);
    assert_eq!(of("10", 31), 4);
    assert_eq!(of("12.5", 8), 1);
    assert_eq!(of("12.5", 9), 2);
    assert_eq!(of("100", 9), 9);
    assert_eq!(of("0.01", 1_000_000), 100);
    assert_eq!(of("33.33", 3), 1);
    assert_eq!(Percent::parse("12.5").unwrap().label(), "12.5");
    assert_eq!(Percent::parse("0.25%").unwrap().label(), "0.25");
    assert_eq!(Percent::parse("100").unwrap().label(), "100");
    for bad in [
        "0", "0.00", "100.01", "101", "-5", "", "1.234", "abc", "1e2", ".5", "5.", "1000",
    ] {
        assert!(Percent::parse(bad).is_err(), "{bad:?} was accepted");
    }
}

#[test]
fn a_count_takes_the_whole_stratum_when_it_is_smaller() {
    assert_eq!(Size::Count(10).of(3), 3);
    assert_eq!(Size::Count(2).of(3), 2);
    assert_eq!(Size::Count(2).of(0), 0);
}

#[test]
fn a_period_limits_the_population_to_incidents_detected_in_it() {
    let (book, severities) = book();
    let q1 = Period {
        start: day("2026-01-01"),
        end: day("2026-04-01"),
    };
    // INC-2 (2026-04-02) is detected after the quarter.
    let members: Vec<&str> = population(&book, q1)
        .into_iter()
        .map(|i| book.incidents[i].id.as_str())
        .collect();
    assert_eq!(
        members,
        ["INC-1", "INC-3", "INC-4", "INC-5", "INC-6", "INC-7"]
    );
    let sample = draw(
        &book,
        &severities,
        q1,
        "audit-2026",
        Strata::Severity,
        Size::Count(5),
    );
    assert_eq!(sample.strata[2].population, 1);
}

#[test]
fn the_population_per_severity_is_the_metrics_count() {
    let (book, severities) = book();
    let settings = settings(None, "2026-05-01");
    let analysis = crate::metrics::Analysis::new(&book, &settings);
    let sample = draw(
        &book,
        &severities,
        Period::ALL,
        "s",
        Strata::Severity,
        Size::Count(1),
    );
    let metrics = analysis.metrics(Period::ALL);
    assert_eq!(sample.population(), metrics.incidents);
    for stratum in sample.strata.iter().filter(|s| s.population > 0) {
        assert_eq!(metrics.by_severity[&stratum.name], stratum.population);
    }
}

#[test]
fn an_incident_of_a_severity_outside_the_policy_is_in_no_stratum() {
    // `check` reports it (`unknown-value`); like every metric, the sample
    // cannot count a record that was not read as an incident.
    let settings = settings(None, "2026-05-01");
    let files = vec![
        incident("INC-1", "severe", "confirmed", "2026-01-05"),
        incident("INC-2", "low", "confirmed", "2026-01-06"),
    ];
    let (book, _) = load(&files, &settings);
    let sample = draw(
        &book,
        &settings.policy.severities,
        Period::ALL,
        "s",
        Strata::Severity,
        Size::Count(1),
    );
    let names: Vec<&str> = sample.strata.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["low", "medium", "high", "critical"]);
    assert_eq!(sample.population(), 1);
}

#[test]
fn seeds_become_file_names_of_safe_characters() {
    assert_eq!(file_safe("audit-2026"), "audit-2026");
    assert_eq!(file_safe("Q3 2026/ISO é"), "Q3-2026-ISO--");
    assert_eq!(file_safe("a.b_c"), "a.b_c");
}

#[test]
fn docs_state_the_algorithm_the_code_runs() {
    let docs = include_str!("../../docs/sampling.md");
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words(docs).contains(&words(ALGORITHM)),
        "docs/sampling.md must state sample::ALGORITHM word for word"
    );
    assert!(docs.contains(&format!("`--size {DEFAULT_SIZE}`")));
}
