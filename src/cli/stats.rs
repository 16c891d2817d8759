//! `lessonbook stats`: the key figures of one period in the terminal, or as
//! JSON. The same table of definitions as the dashboard and the board pack
//! (`kpi::KPIS`), the same values as `data/metrics.json`.

use std::io::Write;

use clap::ValueEnum;
use serde::Serialize;

use super::{BookArgs, EXIT_FAILURE, EXIT_OK};
use crate::kpi::{self, KpiRow};
use crate::metrics::{Analysis, Metrics};
use crate::period::{Period, PeriodSpec};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// a table on stdout
    Human,
    /// one JSON document on stdout
    Json,
}

/// `all` (the whole history) or any period `board` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatsPeriod {
    All,
    Spec(PeriodSpec),
}

fn parse_period(text: &str) -> Result<StatsPeriod, String> {
    if text.trim() == "all" {
        Ok(StatsPeriod::All)
    } else {
        PeriodSpec::parse(text).map(StatsPeriod::Spec)
    }
}

#[derive(clap::Args, Debug)]
pub struct StatsArgs {
    #[command(flatten)]
    pub book: BookArgs,
    #[command(flatten)]
    pub at: super::AtArgs,
    /// all | quarter | month | year | 2026-Q3 | 2026-07 | 2026 | 2026-01-01..2026-06-30 (default: [board] period)
    #[arg(long, value_parser = parse_period)]
    pub period: Option<StatsPeriod>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// What `--format json` prints.
#[derive(Serialize)]
struct StatsJson<'a> {
    as_of: String,
    period: PeriodJson,
    /// The key figures, in the dashboard's order, with metrics.json's values.
    figures: Vec<Figure<'a>>,
    /// Every metric of the period, exactly as `data/metrics.json` holds it.
    metrics: &'a Metrics,
}

#[derive(Serialize)]
struct PeriodJson {
    label: String,
    /// First day, or null for the whole history.
    start: Option<String>,
    /// Last day (included), or null for the whole history.
    last: Option<String>,
}

#[derive(Serialize)]
struct Figure<'a> {
    key: &'static str,
    label: &'static str,
    /// The metrics.json value (null when undefined, such as a rate of none).
    value: serde_json::Value,
    /// As the pages show it.
    shown: &'a str,
    /// As shown, for the period before (null for the whole history).
    previous: Option<&'a str>,
    /// Against the period before (null for the whole history).
    change: Option<&'a str>,
    note: &'a str,
}

pub fn execute(args: &StatsArgs) -> i32 {
    let (settings, checked) = match args
        .book
        .checked_clean(args.at.at.as_deref(), "their figures would not be true")
    {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let period = match args.period {
        Some(StatsPeriod::All) => Period::ALL,
        Some(StatsPeriod::Spec(spec)) => spec.resolve(settings.today),
        None => settings.board_period.resolve(settings.today),
    };
    let analysis = Analysis::new(&checked.book, &settings);
    let (metrics, rows) = kpi::for_period(&analysis, period);
    let text = match args.format {
        Format::Human => human(period, &settings.today.to_string(), &rows),
        Format::Json => json(period, &settings.today.to_string(), &metrics, &rows),
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the figures: {error}");
            EXIT_FAILURE
        }
        _ => EXIT_OK,
    }
}

fn label(period: Period) -> String {
    if period == Period::ALL {
        "the whole history".into()
    } else {
        period.label()
    }
}

/// A table: figure, value, previous period, change, note. Numbers are
/// right-aligned; the whole history has no period before it to compare with.
fn human(period: Period, as_of: &str, rows: &[KpiRow]) -> String {
    let mut out = format!("Key figures for {}, as of {as_of}", label(period));
    let compared = period != Period::ALL;
    if compared {
        out.push_str(&format!(" (previous: {})", label(period.previous())));
    }
    out.push_str("\n\n");
    // (header, cell of a row, right-aligned)
    type Column = (&'static str, fn(&KpiRow) -> &str, bool);
    let mut columns: Vec<Column> = vec![
        ("figure", |r| r.label, false),
        ("value", |r| &r.value, true),
    ];
    if compared {
        columns.push(("previous", |r| &r.previous, true));
        columns.push(("change", |r| &r.change, false));
    }
    columns.push(("note", |r| &r.note, false));
    let widths: Vec<usize> = columns
        .iter()
        .map(|(title, cell, _)| {
            rows.iter()
                .map(|r| cell(r).chars().count())
                .chain([title.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = " ".repeat(widths[i].saturating_sub(cell.chars().count()));
            if i > 0 {
                text.push_str("  ");
            }
            if columns[i].2 {
                text.push_str(&pad);
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&pad);
            }
        }
        format!("{}\n", text.trim_end())
    };
    out.push_str(&line(columns.iter().map(|c| c.0).collect()));
    for row in rows {
        out.push_str(&line(columns.iter().map(|c| (c.1)(row)).collect()));
    }
    out
}

fn json(period: Period, as_of: &str, metrics: &Metrics, rows: &[KpiRow]) -> String {
    let values = serde_json::to_value(metrics).unwrap_or_default();
    let day = |d: chrono::NaiveDate| (period != Period::ALL).then(|| d.to_string());
    let document = StatsJson {
        as_of: as_of.to_string(),
        period: PeriodJson {
            label: if period == Period::ALL {
                "all".into()
            } else {
                period.label()
            },
            start: day(period.start),
            last: period.end.pred_opt().and_then(day),
        },
        figures: rows
            .iter()
            .map(|row| Figure {
                key: row.key,
                label: row.label,
                value: values.get(row.key).cloned().unwrap_or_default(),
                shown: &row.value,
                previous: (period != Period::ALL).then_some(row.previous.as_str()),
                change: (period != Period::ALL).then_some(row.change.as_str()),
                note: &row.note,
            })
            .collect(),
        metrics,
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
