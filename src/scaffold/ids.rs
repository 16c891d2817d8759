//! The next free ID in a book's own pattern, learned from the IDs it has:
//! INC-2026-014 → INC-2026-015, INC-7 → INC-8, and a pattern that holds
//! a year starts again at 1 in a later year (INC-2026-014 in 2027 →
//! INC-2027-001). Pure.

use std::collections::{BTreeMap, HashSet};

/// An ID cut into the text around its counter (the last run of digits)
/// and, when an earlier run of four digits reads as a year, that year.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Shape {
    /// The text before the year (or before the counter, without a year).
    head: String,
    /// The text between the year and the counter.
    middle: Option<String>,
    /// The text after the counter.
    tail: String,
}

#[derive(Clone, Debug)]
struct Parsed {
    shape: Shape,
    year: Option<i32>,
    counter: u64,
    width: usize,
}

fn digit_runs(id: &str) -> Vec<(usize, usize)> {
    let bytes = id.as_bytes();
    let mut runs = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii_digit() {
            let start = at;
            while at < bytes.len() && bytes[at].is_ascii_digit() {
                at += 1;
            }
            runs.push((start, at));
        } else {
            at += 1;
        }
    }
    runs
}

fn parse(id: &str) -> Option<Parsed> {
    let runs = digit_runs(id);
    let &(start, end) = runs.last()?;
    let counter = id[start..end].parse::<u64>().ok()?;
    let year = runs[..runs.len() - 1].iter().rev().find(|&&(s, e)| {
        e - s == 4 && (1970..=9999).contains(&id[s..e].parse::<i32>().unwrap_or(0))
    });
    let (shape, year) = match year {
        Some(&(ys, ye)) => (
            Shape {
                head: id[..ys].to_string(),
                middle: Some(id[ye..start].to_string()),
                tail: id[end..].to_string(),
            },
            id[ys..ye].parse().ok(),
        ),
        None => (
            Shape {
                head: id[..start].to_string(),
                middle: None,
                tail: id[end..].to_string(),
            },
            None,
        ),
    };
    Some(Parsed {
        shape,
        year,
        counter,
        width: end - start,
    })
}

fn format(shape: &Shape, year: Option<i32>, counter: u64, width: usize) -> String {
    match (&shape.middle, year) {
        (Some(middle), Some(year)) => {
            format!(
                "{}{year}{middle}{counter:0width$}{}",
                shape.head, shape.tail
            )
        }
        _ => format!("{}{counter:0width$}{}", shape.head, shape.tail),
    }
}

/// The next ID after `existing` (IDs of one kind) as of `year`; `example`
/// (`INC-2026-001`) gives the pattern when there are none. `taken` holds
/// every ID of the book, all kinds, which the result never repeats.
pub fn next(existing: &[&str], example: &str, year: i32, taken: &HashSet<&str>) -> String {
    let parsed: Vec<Parsed> = existing.iter().filter_map(|id| parse(id)).collect();
    // The shape most IDs have is the book's pattern; a tie goes to the
    // shape of the later IDs.
    let mut by_shape: BTreeMap<&Shape, Vec<&Parsed>> = BTreeMap::new();
    for p in &parsed {
        by_shape.entry(&p.shape).or_default().push(p);
    }
    let pattern = by_shape.into_values().max_by_key(|ids| {
        let latest = ids.iter().map(|p| (p.year, p.counter)).max();
        (ids.len(), latest)
    });
    let (shape, year, mut counter, width) = match pattern {
        Some(ids) => {
            let latest = ids
                .iter()
                .max_by_key(|p| (p.year, p.counter))
                .expect("a shape has IDs");
            match latest.year {
                // A later year starts the count again.
                Some(last) if year > last => (latest.shape.clone(), Some(year), 1, latest.width),
                _ => (
                    latest.shape.clone(),
                    latest.year,
                    latest.counter + 1,
                    latest.width,
                ),
            }
        }
        None => {
            let example = parse(example).expect("the table's example IDs end in a number");
            (example.shape, example.year.map(|_| year), 1, example.width)
        }
    };
    loop {
        let candidate = format(&shape, year, counter, width);
        if !taken.contains(candidate.as_str()) {
            return candidate;
        }
        // A counter that outgrows its width stays in its year, only
        // wider: INC-2026-999 → INC-2026-1000.
        counter += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next_of(existing: &[&str], year: i32) -> String {
        let taken = existing.iter().copied().collect();
        next(existing, "INC-2026-001", year, &taken)
    }

    #[test]
    fn the_counter_goes_up_keeping_its_width() {
        let ids: Vec<String> = (1..=14).map(|n| format!("INC-2026-{n:03}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(next_of(&ids, 2026), "INC-2026-015");
        assert_eq!(next_of(&["INC-7"], 2026), "INC-8");
        assert_eq!(next_of(&["INC-9"], 2026), "INC-10");
        assert_eq!(next_of(&["INC-0099"], 2026), "INC-0100");
        assert_eq!(next_of(&["INC-2026-999"], 2026), "INC-2026-1000");
        assert_eq!(next_of(&["RISK-012", "RISK-003"], 2030), "RISK-013");
    }

    #[test]
    fn a_later_year_starts_again_at_one() {
        assert_eq!(next_of(&["INC-2026-014"], 2027), "INC-2027-001");
        assert_eq!(
            next_of(&["INC-2026-014", "INC-2025-020"], 2026),
            "INC-2026-015"
        );
        // A book dated before its latest year keeps counting in that year.
        assert_eq!(next_of(&["INC-2026-014"], 2025), "INC-2026-015");
        assert_eq!(next_of(&["2026-INC-3"], 2027), "2027-INC-1");
    }

    #[test]
    fn the_pattern_most_ids_follow_wins() {
        assert_eq!(
            next_of(&["INC-2026-001", "INC-2026-002", "legacy-9"], 2026),
            "INC-2026-003"
        );
    }

    #[test]
    fn without_ids_the_example_gives_the_pattern_in_the_as_of_year() {
        let none = HashSet::new();
        assert_eq!(next(&[], "INC-2026-001", 2027, &none), "INC-2027-001");
        assert_eq!(next(&[], "RISK-001", 2027, &none), "RISK-001");
    }

    #[test]
    fn an_id_taken_by_another_kind_is_skipped() {
        let taken: HashSet<&str> = ["INC-5", "INC-6"].into_iter().collect();
        assert_eq!(next(&["INC-5"], "INC-2026-001", 2026, &taken), "INC-7");
    }
}
