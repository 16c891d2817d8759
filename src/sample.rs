//! Reproducible audit sampling (`lessonbook sample`): the population (the
//! incidents the metrics count, detected in a period), its strata, each
//! incident's key and the draw. The algorithm is docs/sampling.md's, so an
//! auditor can redraw a sample with `sha256sum` and `sort`; change one and
//! the other changes with it. Pure: no I/O, no clock, no randomness.

use sha2::{Digest, Sha256};

use crate::metrics;
use crate::period::Period;
use crate::records::Book;

/// The draw in one sentence, as the sample page and docs/sampling.md state
/// it (a test holds the docs to it).
pub const ALGORITHM: &str = "each incident's key is the SHA-256 of the UTF-8 text \
    <seed>:<ID> (the seed, a colon, the incident ID), written as 64 lowercase hex digits; \
    within each stratum the incidents are sorted by key, ascending (equal keys by ID), \
    and the first N are taken";

/// The sample size when neither `--size` nor `--percent` is given.
pub const DEFAULT_SIZE: usize = 10;

/// The name of the one stratum of a sample not split by severity.
pub const WHOLE: &str = "all";

/// How the population is split before drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strata {
    /// One stratum, [`WHOLE`].
    None,
    /// One stratum per severity, in the policy's order (lowest first).
    Severity,
}

/// A percentage with at most two decimals, held exactly as hundredths of a
/// percent (1..=10000), so `10` of 30 incidents is 3, never 4 by rounding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Percent(u32);

impl Percent {
    /// `10`, `12.5`, `0.25` or `10%`: more than 0, at most 100.
    pub fn parse(text: &str) -> Result<Percent, String> {
        let bad = || {
            format!(
                "`{text}` is not a percentage: use a number above 0 and at most 100, with at most two decimals (10, 12.5)"
            )
        };
        let number = text.trim();
        let number = number.strip_suffix('%').unwrap_or(number);
        let (whole, fraction) = match number.split_once('.') {
            Some((_, "")) => return Err(bad()),
            Some(parts) => parts,
            None => (number, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !(1..=3).contains(&whole.len()) || !digits(whole) || !digits(fraction) {
            return Err(bad());
        }
        if fraction.len() > 2 {
            return Err(bad());
        }
        let whole: u32 = whole.parse().map_err(|_| bad())?;
        let fraction: u32 = format!("{fraction:0<2}").parse().map_err(|_| bad())?;
        let hundredths = whole * 100 + fraction;
        if hundredths == 0 || hundredths > 10_000 {
            return Err(bad());
        }
        Ok(Percent(hundredths))
    }

    /// As written back: `10`, `12.5`, `0.25`.
    pub fn label(self) -> String {
        let (whole, fraction) = (self.0 / 100, self.0 % 100);
        match fraction {
            0 => whole.to_string(),
            f if f % 10 == 0 => format!("{whole}.{}", f / 10),
            f => format!("{whole}.{f:02}"),
        }
    }
}

/// How many incidents to draw from each stratum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    /// N (at least 1), or the whole stratum when it is smaller.
    Count(usize),
    /// ceil(P / 100 × the stratum's size), at least 1 of a non-empty stratum.
    Percent(Percent),
}

impl Size {
    /// The number drawn from a stratum of `population` incidents.
    pub fn of(self, population: usize) -> usize {
        match self {
            Size::Count(n) => n.min(population),
            Size::Percent(Percent(hundredths)) => {
                // Integers throughout: P/100 × n = hundredths × n / 10000.
                let wanted = (hundredths as u128 * population as u128).div_ceil(10_000);
                (wanted as usize).clamp(usize::from(population > 0), population)
            }
        }
    }

    /// `10 per stratum`, `10 %`.
    pub fn label(self, strata: Strata) -> String {
        match (self, strata) {
            (Size::Count(n), Strata::None) => format!("{n}"),
            (Size::Count(n), Strata::Severity) => format!("{n} per severity"),
            (Size::Percent(p), Strata::None) => format!("{} %", p.label()),
            (Size::Percent(p), Strata::Severity) => format!("{} % of each severity", p.label()),
        }
    }
}

/// The key of one incident: lowercase hex SHA-256 of `<seed>:<ID>`.
pub fn key(seed: &str, id: &str) -> String {
    format!("{:x}", Sha256::digest(format!("{seed}:{id}").as_bytes()))
}

/// One incident drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drawn {
    /// Index into `Book::incidents`.
    pub index: usize,
    /// Its place in the stratum's order, from 1.
    pub rank: usize,
    pub key: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stratum {
    /// A severity, or [`WHOLE`].
    pub name: String,
    /// Incidents in the stratum.
    pub population: usize,
    /// The first N by key, in key order.
    pub drawn: Vec<Drawn>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sample {
    pub seed: String,
    pub strata: Vec<Stratum>,
}

impl Sample {
    pub fn population(&self) -> usize {
        self.strata.iter().map(|s| s.population).sum()
    }

    /// Every incident drawn, stratum by stratum, with its stratum's name.
    pub fn drawn(&self) -> impl Iterator<Item = (&str, &Drawn)> {
        self.strata
            .iter()
            .flat_map(|s| s.drawn.iter().map(move |d| (s.name.as_str(), d)))
    }
}

/// The population: the incidents every metric counts (`metrics::counts`:
/// confirmed or suspected, so no false positives and no near misses)
/// detected in `period`, as indexes in book order.
pub fn population(book: &Book, period: Period) -> Vec<usize> {
    book.incidents
        .iter()
        .enumerate()
        .filter(|(_, incident)| {
            metrics::counts(incident) && period.contains(incident.detected.date)
        })
        .map(|(i, _)| i)
        .collect()
}

/// Draws the sample: the population split into strata (`severities`, the
/// policy's, in its order: every incident in the book has one of them, as
/// one with another is not read), each sorted by key and cut at its size.
pub fn draw(
    book: &Book,
    severities: &[String],
    period: Period,
    seed: &str,
    strata: Strata,
    size: Size,
) -> Sample {
    let members = population(book, period);
    let groups: Vec<(String, Vec<usize>)> = match strata {
        Strata::None => vec![(WHOLE.to_string(), members)],
        Strata::Severity => severities
            .iter()
            .map(|name| {
                let of: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|&i| &book.incidents[i].severity == name)
                    .collect();
                (name.clone(), of)
            })
            .collect(),
    };
    let strata = groups
        .into_iter()
        .map(|(name, of)| {
            let mut keyed: Vec<(String, usize)> = of
                .iter()
                .map(|&i| (key(seed, &book.incidents[i].id), i))
                .collect();
            // Equal keys (never seen for distinct IDs) by ID, then book order.
            keyed.sort_by(|a, b| {
                (&a.0, &book.incidents[a.1].id, a.1).cmp(&(&b.0, &book.incidents[b.1].id, b.1))
            });
            let n = size.of(keyed.len());
            Stratum {
                name,
                population: keyed.len(),
                drawn: keyed
                    .into_iter()
                    .take(n)
                    .enumerate()
                    .map(|(rank, (key, index))| Drawn {
                        index,
                        rank: rank + 1,
                        key,
                    })
                    .collect(),
            }
        })
        .collect();
    Sample {
        seed: seed.to_string(),
        strata,
    }
}

/// The seed as it appears in file names: ASCII letters, digits, `.`, `_`
/// and `-` kept, every other character written as `-`.
pub fn file_safe(seed: &str) -> String {
    seed.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
