//! The board pack: one document for senior management, for one period, as
//! self-contained HTML and as PDF. This module builds its content once
//! (`BoardPack`), from the metrics only, with every text redacted and no
//! restricted text, names, reporters or evidence references; `pdf` and the
//! `board-pack.html` template only lay it out.

mod pays;
#[cfg(feature = "pdf")]
pub mod pdf;
mod redact;

use std::collections::BTreeMap;

use chrono::Months;
use serde::Serialize;

pub use redact::{Redactor, Shown};

use crate::chart_data::{self, ChartView};
use crate::config::Settings;
use crate::conformity::Conformity;
use crate::controls;
use crate::format::{hours, percent};
use crate::kpi::{self, KpiRow};
use crate::metrics::{Analysis, Metrics, month_label, quarter_label};
use crate::output::Output;
use crate::period::Period;
use crate::restate::Restatement;
use crate::theme::{Site, Theme, base_context};

#[derive(Debug, Serialize)]
pub struct CountRow {
    pub name: String,
    pub detail: String,
    pub count: usize,
}

/// A step of the procedure as the pack's compliance table shows it.
#[derive(Debug, Serialize)]
pub struct StepRow {
    pub step: String,
    /// "3 of 3 rules", or "not checked".
    pub rules: String,
    /// "29 of 31 reviews; 40 of 42 incidents" without a finding.
    pub records: String,
    pub findings: usize,
}

#[derive(Debug, Serialize)]
pub struct OverdueAction {
    pub id: String,
    pub owner: String,
    pub due: String,
    pub days_overdue: i64,
    pub review: String,
}

#[derive(Debug, Serialize)]
pub struct FollowUpRow {
    pub review: String,
    pub due: String,
    pub done: String,
    pub result: String,
}

#[derive(Debug, Serialize)]
pub struct RiskChangeRow {
    pub risk: String,
    pub title: String,
    pub date: String,
    pub change: String,
    pub score: String,
}

#[derive(Debug, Serialize)]
pub struct Lesson {
    pub review: String,
    pub text: String,
}

/// Lists of actions name at most this many (the most overdue first), with
/// the total: a board reads the worst cases, and the site's actions page
/// lists every one. It also keeps the pack (and its PDF) small however
/// large the book.
pub const LISTED: usize = 20;

/// Everything the board pack shows, already redacted.
#[derive(Serialize)]
pub struct BoardPack {
    pub title: String,
    pub organisation: String,
    pub period: String,
    pub previous_period: String,
    pub year_before_period: String,
    pub as_of: String,
    pub summary: String,
    pub kpis: Vec<KpiRow>,
    pub charts: Vec<ChartView>,
    /// "Does the learning pay?": impact and time to resolve against the
    /// year before, and the actions of earlier management reports.
    pub learning_pays: pays::LearningPays,
    pub recurring_themes: Vec<CountRow>,
    pub failed_controls: Vec<CountRow>,
    /// The most overdue actions, at most [`LISTED`].
    pub overdue_actions: Vec<OverdueAction>,
    /// How many are overdue in all.
    pub overdue_total: usize,
    pub actions_due: usize,
    pub actions_done: usize,
    pub actions_done_on_time: usize,
    pub actions_on_time: String,
    pub follow_ups: Vec<FollowUpRow>,
    pub follow_ups_effective: String,
    pub risk_changes: Vec<RiskChangeRow>,
    pub findings: Vec<CountRow>,
    pub findings_total: usize,
    /// The conformity statement, as the compliance page has it.
    pub compliance: String,
    pub steps: Vec<StepRow>,
    pub lessons: Vec<Lesson>,
    /// What the figures were compared with (`board --since REV`), and the
    /// figures of ended periods that read differently now.
    pub restated_since: Option<String>,
    pub restated: Vec<RestatedRow>,
}

/// One restated figure, as the pack lists it.
#[derive(Clone, Debug, Serialize)]
pub struct RestatedRow {
    pub period: String,
    pub figure: String,
    pub reported: String,
    pub now: String,
    /// The records that caused it, by kind and ID ("review PIR-7 edited").
    pub causes: String,
}

fn trailing(end: chrono::NaiveDate, count: u32, months_each: u32) -> Vec<Period> {
    (0..count)
        .rev()
        .map(|i| {
            let start = end - Months::new((i + 1) * months_each);
            Period {
                start,
                end: start + Months::new(months_each),
            }
        })
        .collect()
}

pub fn build(
    analysis: &Analysis,
    settings: &Settings,
    period: Period,
    conformity: &Conformity,
) -> BoardPack {
    let redactor = Redactor::new(&settings.redact);
    let clean = |text: &str| redactor.clean(text);
    let book = analysis.book;
    let (now, kpis) = kpi::for_period(analysis, period);
    let end_day = crate::metrics::period_end_day(period, analysis.as_of);

    let months: Vec<(String, Metrics)> = trailing(period.end, 12, 1)
        .into_iter()
        .map(|p| (month_label(p.start), analysis.metrics(p)))
        .collect();
    let quarters: Vec<(String, Metrics)> = trailing(period.end, 4, 3)
        .into_iter()
        .map(|p| (quarter_label(p.start), analysis.metrics(p)))
        .collect();
    fn window(list: &[(String, Metrics)]) -> Vec<(&String, &Metrics)> {
        list.iter().map(|(l, m)| (l, m)).collect()
    }
    let charts = vec![
        chart_data::incidents_by_severity(&window(&months), &settings.policy.severities),
        chart_data::time_to_resolve(&window(&quarters)),
        chart_data::recurrence_rate(&window(&quarters)),
    ];

    let mut themes: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, found) in analysis
        .recurrence
        .iter()
        .enumerate()
        .chain(analysis.repeat_failure.iter().enumerate())
    {
        if let Some(found) = found
            && period.contains(book.incidents[i].detected.date)
        {
            *themes.entry(found.key.as_str()).or_default() += 1;
        }
    }
    let mut recurring_themes: Vec<CountRow> = themes
        .into_iter()
        .map(|(key, count)| {
            let detail = match key.strip_prefix("control:") {
                Some(id) => controls::find(id).map_or("repeat control failure".to_string(), |c| {
                    format!("repeat control failure: {} {}", c.id, c.title)
                }),
                None => "recurrence: same incident type".to_string(),
            };
            CountRow {
                name: clean(key),
                detail,
                count,
            }
        })
        .collect();
    recurring_themes.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    let mut failed_controls: Vec<CountRow> = controls::all()
        .iter()
        .filter_map(|c| {
            now.control_failures.get(c.id).map(|&n| CountRow {
                name: c.id.into(),
                detail: c.title.into(),
                count: n,
            })
        })
        .collect();
    failed_controls.sort_by_key(|row| std::cmp::Reverse(row.count));
    failed_controls.truncate(10);

    let as_of = analysis.as_of;
    let mut overdue_actions = Vec::new();
    let mut follow_ups = Vec::new();
    let mut lessons = Vec::new();
    let shown = Shown::new(book, &redactor);
    if let Some(day) = end_day {
        for (r, a, overdue) in analysis.actions_open_on(day) {
            let review = &book.reviews[r];
            let action = &review.actions()[a];
            let Some(due) = action.due.filter(|_| overdue) else {
                continue;
            };
            overdue_actions.push(OverdueAction {
                id: action.id.clone(),
                owner: shown.owner(review, action),
                due: due.date.to_string(),
                days_overdue: (day - due.date).num_days(),
                review: review.id.clone(),
            });
        }
    }
    for review in &book.reviews {
        let hidden = shown.hidden(review);
        if let Some(follow_up) = &review.follow_up
            && let Some(due) = follow_up.due.filter(|d| period.contains(d.date))
        {
            let result = match (follow_up.done, follow_up.effective, follow_up.recurred) {
                (None, ..) if due.date < as_of => "overdue".to_string(),
                (None, ..) => "not yet due".to_string(),
                (Some(_), _, Some(true)) => "recurred".to_string(),
                (Some(_), Some(true), _) => "effective".to_string(),
                (Some(_), Some(false), _) => "not effective".to_string(),
                (Some(_), None, _) => "done, no verdict".to_string(),
            };
            follow_ups.push(FollowUpRow {
                review: review.id.clone(),
                due: due.date.to_string(),
                done: follow_up.done.map_or("–".into(), |d| d.date.to_string()),
                result,
            });
        }
        if period.contains(review.date.date) && !hidden {
            lessons.extend(review.lessons.iter().map(|l| Lesson {
                review: review.id.clone(),
                text: clean(l),
            }));
        }
    }
    overdue_actions.sort_by(|a, b| b.days_overdue.cmp(&a.days_overdue).then(a.id.cmp(&b.id)));
    let overdue_total = overdue_actions.len();
    overdue_actions.truncate(LISTED);
    follow_ups.sort_by(|a, b| (&a.due, &a.review).cmp(&(&b.due, &b.review)));

    let mut risk_changes = Vec::new();
    let risk_titles: BTreeMap<&str, &str> = book
        .risks
        .iter()
        .map(|r| (r.id.as_str(), r.title.as_str()))
        .collect();
    for review in book.reviews.iter().filter(|r| period.contains(r.date.date)) {
        let Some(register) = &review.risk_register else {
            continue;
        };
        for id in &register.new_risks {
            risk_changes.push(RiskChangeRow {
                risk: id.clone(),
                title: clean(risk_titles.get(id.as_str()).copied().unwrap_or("")),
                date: review.date.date.to_string(),
                change: "added".into(),
                score: String::new(),
            });
        }
        for update in &register.updates {
            let pair = |p: Option<(u8, u8)>| p.map_or("–".into(), |(a, b)| format!("{a} → {b}"));
            risk_changes.push(RiskChangeRow {
                risk: update.risk.clone(),
                title: clean(risk_titles.get(update.risk.as_str()).copied().unwrap_or("")),
                date: review.date.date.to_string(),
                change: "re-scored".into(),
                score: format!(
                    "likelihood {}, impact {}",
                    pair(update.likelihood),
                    pair(update.impact)
                ),
            });
        }
    }

    let (findings, steps) = compliance(conformity);
    let findings_total = conformity.findings();

    let summary = summary(settings, period, &now, analysis, overdue_total);
    BoardPack {
        title: clean(&settings.title),
        organisation: clean(settings.organisation.as_deref().unwrap_or(&settings.title)),
        period: period.label(),
        previous_period: period.previous().label(),
        year_before_period: period.year_before().label(),
        as_of: as_of.to_string(),
        summary: clean(&summary),
        kpis,
        charts,
        learning_pays: pays::build(analysis, period, &redactor, &shown),
        recurring_themes,
        failed_controls,
        overdue_actions,
        overdue_total,
        actions_due: now.actions_due,
        actions_done: now.actions_done,
        actions_done_on_time: now.actions_done_on_time,
        actions_on_time: percent(now.actions_done_on_time_rate),
        follow_ups,
        follow_ups_effective: percent(now.follow_ups_effective_rate),
        risk_changes,
        findings,
        findings_total,
        compliance: clean(&conformity.statement),
        steps,
        lessons,
        restated_since: None,
        restated: Vec::new(),
    }
}

/// The findings per rule (at their most severe level), and the steps.
fn compliance(conformity: &Conformity) -> (Vec<CountRow>, Vec<StepRow>) {
    let findings = conformity
        .steps
        .iter()
        .flat_map(|step| &step.rules)
        .filter(|rule| rule.findings > 0)
        .map(|rule| CountRow {
            name: rule.name.into(),
            detail: if rule.errors > 0 { "error" } else { "warning" }.into(),
            count: rule.findings,
        })
        .collect();
    let steps = conformity
        .steps
        .iter()
        .map(|step| {
            let ran = step.rules.iter().filter(|r| r.not_run.is_none()).count();
            let records: Vec<String> = step
                .judged
                .iter()
                .map(|j| format!("{} of {} {}", j.without_finding, j.checked, j.kind))
                .collect();
            StepRow {
                step: format!("{}. {}", step.number, step.title),
                rules: if ran == 0 {
                    "not checked".into()
                } else {
                    format!(
                        "{ran} of {} rule{}",
                        step.rules.len(),
                        if step.rules.len() == 1 { "" } else { "s" }
                    )
                },
                records: if records.is_empty() {
                    "–".into()
                } else {
                    records.join("; ")
                },
                findings: step.findings,
            }
        })
        .collect();
    (findings, steps)
}

/// The cover paragraph, written from the numbers.
fn summary(
    settings: &Settings,
    period: Period,
    m: &Metrics,
    analysis: &Analysis,
    overdue_at_end: usize,
) -> String {
    let high_name = &settings.policy.severities[settings.policy.high];
    let mut parts = vec![format!(
        "In {}, {} recorded {} incident{} ({} {} or above) and {} near miss{}.",
        period.label(),
        settings
            .organisation
            .as_deref()
            .unwrap_or("the organisation"),
        m.incidents,
        if m.incidents == 1 { "" } else { "s" },
        m.high_or_above,
        high_name,
        m.near_misses,
        if m.near_misses == 1 { "" } else { "es" },
    )];
    parts.push(match m.review_coverage {
        Some(share) if share >= 1.0 => format!(
            "Every one of the {} incidents resolved in the period was reviewed.",
            m.needing_review
        ),
        Some(_) => format!(
            "{} of {} incidents resolved in the period were reviewed ({}).",
            m.reviewed,
            m.needing_review,
            percent(m.review_coverage)
        ),
        None => "No incident was resolved in the period.".into(),
    });
    if let Some(median) = m.mttr_hours_median {
        parts.push(format!(
            "The median time to resolve was {} (N = {}).",
            hours(Some(median)),
            m.mttr_hours_n
        ));
    }
    parts.push(match m.recurrences {
        0 => "No incident was of the same type as one reviewed shortly before it.".into(),
        n => format!(
            "{n} incident{} the same type as one reviewed shortly before ({}, recurrence rate).",
            if n == 1 { " was of" } else { "s were of" },
            percent(m.recurrence_rate)
        ),
    });
    parts.push(match m.repeat_control_failures {
        0 => "No control failed again after failing in an earlier reviewed incident.".into(),
        n => format!(
            "In {n} incident{} a control failed again that had failed in an earlier reviewed incident ({}, repeat control failure rate).",
            if n == 1 { "" } else { "s" },
            percent(m.repeat_control_failure_rate)
        ),
    });
    // One entry per incident: its recurrence if that came after a fix, else
    // its repeated control failure.
    let mut by_incident = BTreeMap::new();
    for f in analysis
        .repeat_failure
        .iter()
        .chain(&analysis.recurrence)
        .flatten()
        .filter(|f| {
            f.after_fix && period.contains(analysis.book.incidents[f.incident].detected.date)
        })
    {
        by_incident.insert(f.incident, f);
    }
    let after_fix: Vec<String> = by_incident
        .into_values()
        .map(|f| {
            format!(
                "{} ({}) came after every action of {} was done",
                analysis.book.incidents[f.incident].id,
                f.key,
                f.fixed_by
                    .map_or("", |r| analysis.book.reviews[r].id.as_str())
            )
        })
        .collect();
    if !after_fix.is_empty() {
        parts.push(format!("Repeats after a fix: {}.", after_fix.join("; ")));
    }
    parts.push(match overdue_at_end {
        0 => "No corrective action was overdue at period end.".into(),
        n => format!(
            "{n} corrective action{} overdue at period end ({}).",
            if n == 1 { " was" } else { "s were" },
            match crate::metrics::period_end_day(period, analysis.as_of) {
                Some(day) => day.to_string(),
                None => analysis.as_of.to_string(),
            }
        ),
    });
    parts.join(" ")
}

#[cfg(test)]
mod tests;

/// The pack's two files: self-contained HTML and PDF.
pub struct Rendered {
    pub html: String,
    /// None when lessonbook was built without the `pdf` feature.
    pub pdf: Option<Vec<u8>>,
}

/// What the pack says besides the analysis: the findings, and where the
/// records came from (the footer of its HTML).
pub struct Reported<'a> {
    /// The ten steps as `check`'s findings evidence them.
    pub conformity: &'a Conformity,
    /// The commit the pack was built from, or why that is not known.
    pub built_from: String,
    /// With `--since REV`: what REV is ("v1 (abc1234, as of 2026-07-01)")
    /// and the figures restated since.
    pub restated: Option<(String, &'a [Restatement])>,
}

impl Reported<'_> {
    /// The pack of `build`, with what only the caller knows.
    fn pack(&self, analysis: &Analysis, settings: &Settings, period: Period) -> BoardPack {
        let mut pack = build(analysis, settings, period, self.conformity);
        if let Some((since, restated)) = &self.restated {
            pack.restated_since = Some(since.clone());
            pack.restated = restated
                .iter()
                .map(|r| RestatedRow {
                    period: r.period.clone(),
                    figure: r.figure.to_string(),
                    reported: r.reported.clone(),
                    now: r.now.clone(),
                    causes: causes_text(r),
                })
                .collect();
        }
        pack
    }
}

/// At most this many causes are named per restated figure.
const CAUSES_NAMED: usize = 8;

fn causes_text(restated: &Restatement) -> String {
    let named: Vec<String> = restated
        .causes
        .iter()
        .take(CAUSES_NAMED)
        .map(|c| c.describe())
        .collect();
    let mut text = named.join(", ");
    let more = restated.causes.len().saturating_sub(CAUSES_NAMED);
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    if restated.combined {
        text = format!("together: {text}");
    }
    text
}

/// Builds the pack for `period` and lays it out with the theme.
pub fn render(
    analysis: &Analysis,
    settings: &Settings,
    period: Period,
    reported: &Reported,
    theme: &Theme,
) -> anyhow::Result<Rendered> {
    let pack = reported.pack(analysis, settings, period);
    let html = html(&pack, settings, reported, theme)?;
    #[cfg(feature = "pdf")]
    let pdf = Some(pdf::render(&pack, &theme.board_typst, settings.today)?);
    #[cfg(not(feature = "pdf"))]
    let pdf = None;
    Ok(Rendered { html, pdf })
}

/// The pack's HTML alone (`serve` renders the PDF only when asked for it).
pub fn render_html(
    analysis: &Analysis,
    settings: &Settings,
    period: Period,
    reported: &Reported,
    theme: &Theme,
) -> anyhow::Result<String> {
    html(
        &reported.pack(analysis, settings, period),
        settings,
        reported,
        theme,
    )
}

fn html(
    pack: &BoardPack,
    settings: &Settings,
    reported: &Reported,
    theme: &Theme,
) -> anyhow::Result<String> {
    let site = Site::new(settings, reported.built_from.clone());
    let mut context = base_context(&site, "", "board-pack");
    context.insert("pack", pack);
    theme.render(
        "board-pack.html",
        &context,
        &format!("the board pack for {}", pack.period),
    )
}

/// Renders the pack and writes it to `out` under `names` (HTML, PDF); the
/// PDF only with the `pdf` feature. Returns whether a PDF was written.
pub fn write(
    analysis: &Analysis,
    settings: &Settings,
    period: Period,
    reported: &Reported,
    theme: &Theme,
    names: (&str, &str),
    out: &dyn Output,
) -> anyhow::Result<bool> {
    let rendered = render(analysis, settings, period, reported, theme)?;
    out.write(names.0, rendered.html.as_bytes())?;
    if let Some(pdf) = &rendered.pdf {
        out.write(names.1, pdf)?;
    }
    Ok(rendered.pdf.is_some())
}
