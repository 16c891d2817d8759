//! Restatements: which key figures of which ended periods differ between
//! what a revision of the book reported and what the records say now, and
//! the records whose addition, removal or edit caused each difference.
//!
//! Both sides are computed as of the same day, the earlier revision's
//! as-of date, so a figure moves only because the records (or book.toml)
//! changed, never because time passed: an action closed since is progress,
//! not a restatement. A figure counts as restated when the text the board
//! was shown differs ("100%" then, "83%" now); the figures and their
//! formatting are the key figures' own (`kpi::KPIS`).
//!
//! Causes are found by replaying each changed record alone onto the
//! earlier book and seeing which figures it moves: exact for every change
//! that matters on its own, one analysis per changed record (never pairs).
//! A figure that no single change explains (two edits that only together
//! cross a rounding step) lists every changed record, marked as combined.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Settings;
use crate::kpi::KPIS;
use crate::metrics::Analysis;
use crate::period::Period;
use crate::records::Book;

/// One side of the comparison.
pub struct Side<'a> {
    pub book: &'a Book,
    pub settings: &'a Settings,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Edited,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Edited => "edited",
        }
    }
}

/// A changed record (or book.toml), by kind and ID.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Cause {
    /// "incident", "review", "risk", or "book.toml".
    pub kind: &'static str,
    /// The record's ID; empty for book.toml.
    pub id: String,
    pub change: Change,
}

impl Cause {
    pub fn describe(&self) -> String {
        if self.id.is_empty() {
            format!("{} {}", self.kind, self.change.as_str())
        } else {
            format!("{} {} {}", self.kind, self.id, self.change.as_str())
        }
    }
}

/// One key figure of one period that reads differently now.
#[derive(Clone, Debug, Serialize)]
pub struct Restatement {
    /// The period's label ("2026-Q2").
    pub period: String,
    /// The metrics.json key and the label of the figure.
    pub key: &'static str,
    pub figure: &'static str,
    /// As the earlier revision showed it, and as the records show it now.
    pub reported: String,
    pub now: String,
    /// The changed records that move this figure on their own.
    pub causes: Vec<Cause>,
    /// No single change explains it: `causes` lists every change.
    pub combined: bool,
}

impl Restatement {
    /// "2026-Q2 review coverage: reported 100%, now 83%".
    pub fn sentence(&self) -> String {
        format!(
            "{} {}: reported {}, now {}",
            self.period,
            self.figure.to_lowercase(),
            self.reported,
            self.now
        )
    }
}

/// The figures shown for every period, by (period index, figure index).
type Shown = Vec<Vec<String>>;

fn shown(book: &Book, settings: &Settings, periods: &[Period]) -> Shown {
    let analysis = Analysis::new(book, settings);
    periods
        .iter()
        .map(|&period| {
            let metrics = analysis.metrics(period);
            KPIS.iter()
                .map(|def| def.unit.show((def.value)(&metrics)))
                .collect()
        })
        .collect()
}

/// Every period of `step`'s length (month, quarter or year), from the one
/// holding the first incident of either book to the last that had ended by
/// `as_of`, oldest first.
pub fn ended_periods(then: &Book, now: &Book, step: PeriodStep, as_of: NaiveDate) -> Vec<Period> {
    // An incident after `as_of` starts no period that had ended by then:
    // the loop below stops at once.
    let first = then
        .incidents
        .iter()
        .chain(&now.incidents)
        .map(|i| i.detected.date)
        .min();
    let Some(first) = first else {
        return Vec::new();
    };
    let mut periods = Vec::new();
    let mut period = step.containing(first);
    while let Some(current) = period
        && current.end <= as_of
    {
        periods.push(current);
        period = step.after(current);
    }
    periods
}

/// The length of the periods compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodStep {
    Month,
    Quarter,
    Year,
}

impl PeriodStep {
    fn months(self) -> u32 {
        match self {
            PeriodStep::Month => 1,
            PeriodStep::Quarter => 3,
            PeriodStep::Year => 12,
        }
    }

    fn containing(self, day: NaiveDate) -> Option<Period> {
        use chrono::Datelike;
        let months = self.months();
        let month0 = (day.month0() / months) * months;
        let start = NaiveDate::from_ymd_opt(day.year(), month0 + 1, 1)?;
        Some(Period {
            start,
            end: start.checked_add_months(chrono::Months::new(months))?,
        })
    }

    fn after(self, period: Period) -> Option<Period> {
        Some(Period {
            start: period.end,
            end: period
                .end
                .checked_add_months(chrono::Months::new(self.months()))?,
        })
    }
}

/// The records that differ between the two books, by kind and ID: a file's
/// text is the record (moving a file without changing it changes nothing).
fn changes(then: &Book, now: &Book) -> Vec<(Cause, Replay)> {
    let mut out = Vec::new();
    diff_list(
        &then.incidents,
        &now.incidents,
        "incident",
        Slot::Incident,
        &mut out,
    );
    diff_list(
        &then.reviews,
        &now.reviews,
        "review",
        Slot::Review,
        &mut out,
    );
    diff_list(&then.risks, &now.risks, "risk", Slot::Risk, &mut out);
    out
}

/// Which list of the book a replayed change lands in, and where.
#[derive(Clone, Copy)]
enum Slot {
    Incident,
    Review,
    Risk,
}

/// How to apply one change to the earlier book: the list, the earlier
/// record's index (none when added) and the later one's (none when removed).
#[derive(Clone, Copy)]
struct Replay {
    slot: Slot,
    then: Option<usize>,
    now: Option<usize>,
}

trait Keyed {
    fn key(&self) -> &str;
    fn text(&self) -> &str;
}

macro_rules! keyed {
    ($($t:ty),+) => {$(
        impl Keyed for $t {
            fn key(&self) -> &str {
                &self.id
            }
            fn text(&self) -> &str {
                &self.origin.file.text
            }
        }
    )+};
}
keyed!(
    crate::records::Incident,
    crate::records::Review,
    crate::records::Risk
);

/// Both lists are sorted by ID (`parse::assemble`): one merge walk.
fn diff_list<T: Keyed>(
    then: &[Arc<T>],
    now: &[Arc<T>],
    kind: &'static str,
    slot: Slot,
    out: &mut Vec<(Cause, Replay)>,
) {
    let (mut i, mut j) = (0, 0);
    let mut push = |id: &str, change, then, now| {
        let cause = Cause {
            kind,
            id: id.to_string(),
            change,
        };
        out.push((cause, Replay { slot, then, now }));
    };
    while i < then.len() || j < now.len() {
        let order = match (then.get(i), now.get(j)) {
            (Some(a), Some(b)) => a.key().cmp(b.key()),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                push(then[i].key(), Change::Removed, Some(i), None);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                push(now[j].key(), Change::Added, None, Some(j));
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                if then[i].text() != now[j].text() {
                    push(then[i].key(), Change::Edited, Some(i), Some(j));
                }
                i += 1;
                j += 1;
            }
        }
    }
}

/// The earlier book with one change applied.
fn replayed(then: &Book, now: &Book, replay: Replay) -> Book {
    let mut book = then.clone();
    fn apply<T>(
        list: &mut Vec<Arc<T>>,
        later: &[Arc<T>],
        replay: Replay,
        key: impl Fn(&T) -> &str,
    ) {
        match (replay.then, replay.now) {
            (Some(i), Some(j)) => list[i] = later[j].clone(),
            (Some(i), None) => {
                list.remove(i);
            }
            (None, Some(j)) => {
                let at = list.partition_point(|r| key(r) < key(&later[j]));
                list.insert(at, later[j].clone());
            }
            (None, None) => {}
        }
    }
    match replay.slot {
        Slot::Incident => apply(&mut book.incidents, &now.incidents, replay, |r| &r.id),
        Slot::Review => apply(&mut book.reviews, &now.reviews, replay, |r| &r.id),
        Slot::Risk => apply(&mut book.risks, &now.risks, replay, |r| &r.id),
    }
    book
}

/// The figures of `periods` that read differently in `now` than in `then`,
/// both computed as of `then`'s as-of date, with their causes.
pub fn restatements(then: Side, now: Side, periods: &[Period]) -> Vec<Restatement> {
    let as_of = then.settings.today;
    let mut now_settings = now.settings.clone();
    now_settings.today = as_of;
    let reported = shown(then.book, then.settings, periods);
    let current = shown(now.book, &now_settings, periods);
    let mut differing: BTreeMap<(usize, usize), Vec<Cause>> = BTreeMap::new();
    for (p, (a, b)) in reported.iter().zip(&current).enumerate() {
        for (f, (x, y)) in a.iter().zip(b).enumerate() {
            if x != y {
                differing.insert((p, f), Vec::new());
            }
        }
    }
    if differing.is_empty() {
        return Vec::new();
    }
    let mut all_causes = Vec::new();
    let mut credit =
        |cause: Cause, figures: &Shown, differing: &mut BTreeMap<(usize, usize), Vec<Cause>>| {
            for (&(p, f), causes) in differing.iter_mut() {
                if figures[p][f] != reported[p][f] {
                    causes.push(cause.clone());
                }
            }
            all_causes.push(cause);
        };
    // book.toml: the earlier records under today's policy.
    if format!("{:?}", now.settings.policy) != format!("{:?}", then.settings.policy) {
        let figures = shown(then.book, &now_settings, periods);
        let cause = Cause {
            kind: "book.toml",
            id: String::new(),
            change: Change::Edited,
        };
        credit(cause, &figures, &mut differing);
    }
    for (cause, replay) in changes(then.book, now.book) {
        let book = replayed(then.book, now.book, replay);
        let figures = shown(&book, then.settings, periods);
        credit(cause, &figures, &mut differing);
    }
    differing
        .into_iter()
        .map(|((p, f), causes)| {
            let combined = causes.is_empty();
            Restatement {
                period: periods[p].label(),
                key: KPIS[f].key,
                figure: KPIS[f].label,
                reported: reported[p][f].clone(),
                now: current[p][f].clone(),
                causes: if combined { all_causes.clone() } else { causes },
                combined,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
