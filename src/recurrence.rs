//! Recurrence (SPEC §4), for two kinds of key computed apart: the incident
//! type (`category/variety`, "the same incident type has reoccurred") and the
//! control keys (`control:ID`, a repeat control failure). Incident I matches
//! when another incident J shares a key of that kind with it, a review of J
//! is dated before I was detected, and I was detected at most
//! `recurrence_window_days` after that review. It is a repeat after fix when
//! every action of such a review was done before I was detected. Dates compare as calendar days: a review (or a fix) on the day
//! of the detection does not count as before it. Pure: records in, findings
//! out; O(n log n) in the number of (incident, key, review) triples.

use std::collections::BTreeSet;

// foldhash: these maps are keyed by record IDs and built on every check.
use foldhash::HashMap;

use chrono::{Duration, NaiveDate};

use crate::records::{Book, Incident, Review};

/// Why an incident counts as a recurrence: the latest earlier review (within
/// the window) of an incident sharing a key.
#[derive(Clone, Debug, PartialEq)]
pub struct Recurrence {
    /// Index into `book.incidents` of the recurring incident I.
    pub incident: usize,
    pub key: String,
    /// Index into `book.incidents` of the earlier incident J.
    pub earlier: usize,
    /// Index into `book.reviews` of J's review that preceded I.
    pub review: usize,
    /// Every action of a preceding review sharing a key was done before I
    /// was detected.
    pub after_fix: bool,
    /// The review behind `after_fix`, when there is one.
    pub fixed_by: Option<usize>,
}

/// Confirmed and suspected incidents take part; near misses and false
/// positives do not.
fn takes_part(incident: &Incident) -> bool {
    incident.is_real()
}

/// For each incident (by index): the reviews that name it.
pub fn reviews_by_incident(book: &Book) -> Vec<Vec<usize>> {
    let position: HashMap<&str, usize> = book
        .incidents
        .iter()
        .enumerate()
        .map(|(i, inc)| (inc.id.as_str(), i))
        .collect();
    let mut reviews = vec![Vec::new(); book.incidents.len()];
    for (r, review) in book.reviews.iter().enumerate() {
        for id in &review.incidents {
            // Reviews come in index order, so a review naming the same
            // incident twice is the last entry: no scan of the list.
            if let Some(&i) = position.get(id.as_str())
                && reviews[i].last() != Some(&r)
            {
                reviews[i].push(r);
            }
        }
    }
    reviews
}

/// The type key of every incident: `category/variety` (variety lowercased
/// by the parser) when it has a variety; an incident without one has no type.
pub fn type_keys(book: &Book) -> Vec<BTreeSet<String>> {
    book.incidents
        .iter()
        .map(|incident| {
            incident
                .variety
                .iter()
                .map(|variety| format!("{}/{}", incident.category, variety))
                .collect()
        })
        .collect()
}

/// The control keys of every incident: `control:ID` for each control a
/// review of it found failed, bypassed or missing.
pub fn control_keys(book: &Book, reviews_of: &[Vec<usize>]) -> Vec<BTreeSet<String>> {
    reviews_of
        .iter()
        .map(|reviews| {
            reviews
                .iter()
                .flat_map(|&r| book.reviews[r].controls())
                .filter(|control| control.outcome.is_failure())
                .map(|control| format!("control:{}", control.id))
                .collect()
        })
        .collect()
}

/// When every action of a review was done: the latest done date, or None
/// when an action is not done (or the review has none).
fn fixed_at(review: &Review) -> Option<NaiveDate> {
    let actions = review.actions();
    if actions.is_empty() {
        return None;
    }
    actions
        .iter()
        .map(|action| {
            action
                .done
                .filter(|_| action.status == crate::records::ActionStatus::Done)
                .map(|d| d.date)
        })
        .collect::<Option<Vec<_>>>()
        .and_then(|dates| dates.into_iter().max())
}

struct Entry {
    at: NaiveDate,
    review: usize,
    incident: usize,
    fixed_at: Option<NaiveDate>,
}

/// Range minimum over `fixed_at` (None counts as never), built once per key.
struct SparseMin {
    levels: Vec<Vec<(Option<NaiveDate>, usize)>>,
}

fn earlier(
    a: (Option<NaiveDate>, usize),
    b: (Option<NaiveDate>, usize),
) -> (Option<NaiveDate>, usize) {
    match (a.0, b.0) {
        (Some(x), Some(y)) if y < x => b,
        (None, Some(_)) => b,
        _ => a,
    }
}

impl SparseMin {
    fn new(entries: &[Entry]) -> SparseMin {
        let mut levels = vec![
            entries
                .iter()
                .map(|e| (e.fixed_at, e.review))
                .collect::<Vec<_>>(),
        ];
        let mut width = 1;
        while width * 2 <= entries.len() {
            let previous = levels.last().expect("level 0 exists");
            let next = (0..=entries.len() - width * 2)
                .map(|i| earlier(previous[i], previous[i + width]))
                .collect();
            levels.push(next);
            width *= 2;
        }
        SparseMin { levels }
    }

    /// The earliest fix in `start..end` (non-empty).
    fn min(&self, start: usize, end: usize) -> (Option<NaiveDate>, usize) {
        let level = (usize::BITS - 1 - (end - start).leading_zeros()) as usize;
        earlier(
            self.levels[level][start],
            self.levels[level][end - (1 << level)],
        )
    }
}

/// Every match in the book for one kind of key, in incident order, from the
/// reviews of each incident (`reviews_by_incident`) and its keys
/// (`type_keys` or `control_keys`), which callers compute once and keep.
pub fn find(
    book: &Book,
    reviews_of: &[Vec<usize>],
    keys: &[BTreeSet<String>],
    window_days: u32,
) -> Vec<Recurrence> {
    let mut by_key: HashMap<&str, Vec<Entry>> = HashMap::default();
    for (j, incident) in book.incidents.iter().enumerate() {
        if !takes_part(incident) {
            continue;
        }
        for key in &keys[j] {
            for &r in &reviews_of[j] {
                let review = &book.reviews[r];
                by_key.entry(key.as_str()).or_default().push(Entry {
                    at: review.date.date,
                    review: r,
                    incident: j,
                    fixed_at: fixed_at(review),
                });
            }
        }
    }
    let indexed: HashMap<&str, (Vec<Entry>, SparseMin)> = by_key
        .into_iter()
        .map(|(key, mut entries)| {
            entries.sort_by_key(|e| (e.at, e.review, e.incident));
            let table = SparseMin::new(&entries);
            (key, (entries, table))
        })
        .collect();
    let window = Duration::days(i64::from(window_days));
    let mut found = Vec::new();
    for (i, incident) in book.incidents.iter().enumerate() {
        if !takes_part(incident) {
            continue;
        }
        let detected = incident.detected.date;
        let mut best: Option<Recurrence> = None;
        let mut best_at = None;
        for key in &keys[i] {
            let Some((entries, table)) = indexed.get(key.as_str()) else {
                continue;
            };
            // Saturates for incidents detected in the first year there is.
            let since = detected
                .checked_sub_signed(window)
                .unwrap_or(NaiveDate::MIN);
            let start = entries.partition_point(|e| e.at < since);
            let end = entries.partition_point(|e| e.at < detected);
            // Latest preceding review of another incident.
            let Some(latest) = entries[start..end].iter().rev().find(|e| e.incident != i) else {
                continue;
            };
            let (fix, fixed_review) = table.min(start, end);
            let fixed_by = fix.filter(|&at| at < detected).map(|_| fixed_review);
            let candidate = Recurrence {
                incident: i,
                key: key.clone(),
                earlier: latest.incident,
                review: latest.review,
                after_fix: fixed_by.is_some(),
                fixed_by,
            };
            let better = match (&best, best_at) {
                (None, _) => true,
                (Some(current), Some(at)) => {
                    (candidate.after_fix, latest.at) > (current.after_fix, at)
                }
                _ => false,
            };
            if better {
                best_at = Some(latest.at);
                best = Some(candidate);
            }
        }
        found.extend(best);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{INCIDENT, REVIEW, load, settings, with};

    /// A phishing incident detected on `day` at 09:00, resolved the next day.
    fn incident(id: &str, day: &str, next: &str) -> String {
        with(
            &with(
                &with(
                    &with(INCIDENT, "id", &format!("id: {id}")),
                    "detected",
                    &format!("detected: {day} 09:00"),
                ),
                "contained",
                &format!("contained: {day} 12:00"),
            ),
            "resolved",
            &format!("resolved: {next}"),
        )
    }

    /// A review of `incident` held on `date`, its one action done on `done`.
    fn review(id: &str, incident: &str, date: &str, done: &str) -> String {
        with(
            &with(
                &with(
                    &with(REVIEW, "id", &format!("id: {id}")),
                    "incidents",
                    &format!("incidents: [{incident}]"),
                ),
                "date",
                &format!("date: {date}"),
            ),
            "  - {id: ACT-1",
            &format!(
                "  - {{id: ACT-{id}, title: t, owner: o, due: 2026-03-31, controls: [\"5.17\"], type: technical, status: done, done: {done}}}"
            ),
        )
    }

    /// The type recurrences of a book of INC-A (01-05), INC-B (01-06) and
    /// INC-C (02-15), all social/phishing, with PIR-A of A held 01-10 and
    /// PIR-B of B held 01-20, their actions done on the dates given.
    fn recurrences(pir_a_done: &str, pir_b_done: &str) -> Vec<Recurrence> {
        let settings = settings(None, "2026-04-01");
        let files = [
            ("r/INC-A.md", incident("INC-A", "2026-01-05", "2026-01-06")),
            ("r/INC-B.md", incident("INC-B", "2026-01-06", "2026-01-07")),
            ("r/INC-C.md", incident("INC-C", "2026-02-15", "2026-02-16")),
            (
                "r/PIR-A.md",
                review("PIR-A", "INC-A", "2026-01-10", pir_a_done),
            ),
            (
                "r/PIR-B.md",
                review("PIR-B", "INC-B", "2026-01-20", pir_b_done),
            ),
        ];
        let (book, diagnostics) = load(&files, &settings);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let reviews_of = reviews_by_incident(&book);
        find(&book, &reviews_of, &type_keys(&book), 365)
    }

    /// Only C follows a review of another incident of its type; the latest
    /// such review is PIR-B (of B, index 1).
    fn of_c(after_fix: bool, fixed_by: Option<usize>) -> Vec<Recurrence> {
        vec![Recurrence {
            incident: 2,
            key: "social/phishing".into(),
            earlier: 1,
            review: 1,
            after_fix,
            fixed_by,
        }]
    }

    /// A repeat after fix needs the earliest fix among the reviews in the
    /// window to come before the detection, whichever review that is.
    #[test]
    fn the_earliest_fix_in_the_window_decides_after_fix() {
        // PIR-A (reviewed first) was fixed 03-01, after C; PIR-B 01-25, before.
        assert_eq!(recurrences("2026-03-01", "2026-01-25"), of_c(true, Some(1)));
        // Fixed on the day C was detected: not before it.
        assert_eq!(recurrences("2026-03-01", "2026-02-15"), of_c(false, None));
        // Both fixed after C was detected: a recurrence, not after a fix.
        assert_eq!(recurrences("2026-03-01", "2026-02-20"), of_c(false, None));
    }

    /// Two reviews fixed on the same day: the one held first is named.
    #[test]
    fn of_two_fixes_on_the_same_day_the_first_review_is_named() {
        assert_eq!(recurrences("2026-01-25", "2026-01-25"), of_c(true, Some(0)));
    }

    /// When two keys match the same review equally (both after the fix,
    /// the same latest review), the first key in order is the one named.
    #[test]
    fn of_keys_that_match_alike_the_first_is_named() {
        let settings = settings(None, "2026-04-01");
        let both = |text: String| {
            with(
                &text,
                "  - {id: \"5.17\"",
                "  - {id: \"5.17\", outcome: failed}\n  - {id: \"8.5\", outcome: failed}",
            )
        };
        let files = [
            ("r/INC-B.md", incident("INC-B", "2026-01-06", "2026-01-07")),
            ("r/INC-C.md", incident("INC-C", "2026-02-15", "2026-02-16")),
            (
                "r/PIR-B.md",
                both(review("PIR-B", "INC-B", "2026-01-20", "2026-01-25")),
            ),
            (
                "r/PIR-C.md",
                both(review("PIR-C", "INC-C", "2026-02-20", "2026-03-01")),
            ),
        ];
        let (book, diagnostics) = load(&files, &settings);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let reviews_of = reviews_by_incident(&book);
        let keys = control_keys(&book, &reviews_of);
        assert_eq!(
            keys[1],
            BTreeSet::from(["control:5.17".to_string(), "control:8.5".to_string()])
        );
        // C (index 1) repeats both failures of B's review PIR-B (index 0),
        // fixed 01-25 before C's detection on 02-15.
        assert_eq!(
            find(&book, &reviews_of, &keys, 365),
            vec![Recurrence {
                incident: 1,
                key: "control:5.17".into(),
                earlier: 0,
                review: 0,
                after_fix: true,
                fixed_by: Some(0),
            }]
        );
    }
}
