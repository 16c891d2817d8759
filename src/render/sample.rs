//! The audit sample's two files: a self-contained, printable page of the
//! incidents drawn (their Records of Evidence linked, actions as of the
//! as-of date, provenance) and a CSV of their keys. The records come
//! through the site's own views, so confidentiality is applied as on the
//! site; nothing here computes a figure.

use anyhow::Result;
use serde::Serialize;

use super::exports::push_csv_row;
use super::view::{self, FollowUpView, IncidentView, ReviewView, Views};
use crate::check::Checked;
use crate::config::Settings;
use crate::metrics::Analysis;
use crate::sample::{ALGORITHM, Sample};
use crate::theme::{Site, Theme, base_context};

/// How the sample was asked for, in words, for its page's header.
pub struct Asked {
    /// `the whole history` or a period's label.
    pub period: String,
    /// `10 per severity`, `10 %`.
    pub size: String,
    /// `severity`, or None for one stratum.
    pub by: Option<&'static str>,
    /// The command line that draws the same sample again.
    pub command: String,
}

pub struct SampleFiles {
    pub html: String,
    pub csv: String,
}

#[derive(Serialize)]
struct StratumView<'a> {
    name: &'a str,
    population: usize,
    drawn: usize,
}

#[derive(Serialize)]
struct SampledReview {
    #[serde(flatten)]
    review: ReviewView,
    /// The follow-up audit's result in words.
    follow_up_result: String,
}

#[derive(Serialize)]
struct Sampled<'a> {
    rank: usize,
    stratum: &'a str,
    key: &'a str,
    incident: IncidentView,
    reviews: Vec<SampledReview>,
    actions_open: usize,
    actions_overdue: usize,
}

#[derive(Serialize)]
struct SamplePage<'a> {
    seed: &'a str,
    algorithm: &'static str,
    period: &'a str,
    size: &'a str,
    by: Option<&'static str>,
    command: &'a str,
    strata: Vec<StratumView<'a>>,
    population: usize,
    drawn: usize,
    errors: usize,
    warnings: usize,
    include_restricted: bool,
    incidents: Vec<Sampled<'a>>,
}

/// A follow-up audit's result as the sample shows it: effective or not
/// once done, overdue or when due before.
pub fn follow_up_result(follow_up: Option<&FollowUpView>) -> String {
    let Some(f) = follow_up else {
        return "no follow-up planned".into();
    };
    match (&f.done, f.effective) {
        (Some(done), Some(true)) => format!("effective (done {done})"),
        (Some(done), Some(false)) => format!("not effective (done {done})"),
        (Some(done), None) => format!("done {done}, effectiveness not recorded"),
        (None, _) => match &f.due {
            Some(due) if f.overdue => format!("overdue (due {due})"),
            Some(due) => format!("due {due}"),
            None => "not scheduled".into(),
        },
    }
}

/// The sample page and CSV for `sample`, drawn from `analysis.book`.
pub fn sample_files(
    analysis: &Analysis,
    settings: &Settings,
    checked: &Checked,
    theme: &Theme,
    options: &super::BuildOptions,
    sample: &Sample,
    asked: &Asked,
) -> Result<SampleFiles> {
    let views = Views::new(
        analysis,
        &checked.diagnostics,
        options.include_restricted,
        &checked.recorded,
    );
    let mut recurred_by = super::recurred_by(analysis);
    let incidents: Vec<Sampled> = sample
        .drawn()
        .map(|(stratum, drawn)| {
            let incident = view::incident_view(
                &views,
                drawn.index,
                std::mem::take(&mut recurred_by[drawn.index]),
            );
            let reviews = analysis.reviews_of[drawn.index]
                .iter()
                .map(|&r| {
                    let review = view::review_view(&views, r);
                    SampledReview {
                        follow_up_result: follow_up_result(review.follow_up.as_ref()),
                        review,
                    }
                })
                .collect();
            Sampled {
                rank: drawn.rank,
                stratum,
                key: &drawn.key,
                actions_open: incident.actions.iter().filter(|a| a.open).count(),
                actions_overdue: incident.actions.iter().filter(|a| a.overdue).count(),
                incident,
                reviews,
            }
        })
        .collect();
    let csv = csv(&incidents);
    let page = SamplePage {
        seed: &sample.seed,
        algorithm: ALGORITHM,
        period: &asked.period,
        size: &asked.size,
        by: asked.by,
        command: &asked.command,
        strata: sample
            .strata
            .iter()
            .map(|s| StratumView {
                name: &s.name,
                population: s.population,
                drawn: s.drawn.len(),
            })
            .collect(),
        population: sample.population(),
        drawn: incidents.len(),
        errors: checked.summary.errors,
        warnings: checked.summary.warnings,
        include_restricted: options.include_restricted,
        incidents,
    };
    let site = Site::new(settings, checked.recorded.footer());
    let mut context = base_context(&site, "", "sample");
    context.insert("sample", &page);
    let html = theme.render(
        "sample.html",
        &context,
        &format!("the sample of seed {}", sample.seed),
    )?;
    Ok(SampleFiles { html, csv })
}

/// One row per incident drawn, in the page's order: enough to compare the
/// keys and find the record; IDs, dates and states only, no record text.
fn csv(incidents: &[Sampled]) -> String {
    let mut out = String::new();
    push_csv_row(
        &mut out,
        &[
            "rank",
            "stratum",
            "incident",
            "key",
            "severity",
            "status",
            "detected",
            "reviews",
            "actions_open",
            "actions_overdue",
            "follow_up",
        ]
        .map(String::from),
    );
    for s in incidents {
        let row = &s.incident.row;
        let follow_up: Vec<String> = s
            .reviews
            .iter()
            .map(|r| format!("{}: {}", r.review.row.id, r.follow_up_result))
            .collect();
        let reviews: Vec<&str> = s.reviews.iter().map(|r| r.review.row.id.as_str()).collect();
        push_csv_row(
            &mut out,
            &[
                s.rank.to_string(),
                s.stratum.to_string(),
                row.id.clone(),
                s.key.to_string(),
                row.severity.clone(),
                row.status.clone(),
                row.detected.clone(),
                reviews.join(" "),
                s.actions_open.to_string(),
                s.actions_overdue.to_string(),
                follow_up.join("; "),
            ],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn follow_up(due: Option<&str>, done: Option<&str>, effective: Option<bool>) -> FollowUpView {
        FollowUpView {
            due: due.map(String::from),
            done: done.map(String::from),
            effective,
            recurred: None,
            auditor: None,
            note: None,
            overdue: false,
        }
    }

    #[test]
    fn follow_up_results_read_as_words() {
        assert_eq!(follow_up_result(None), "no follow-up planned");
        let done = follow_up(Some("2026-07-10"), Some("2026-07-08"), Some(true));
        assert_eq!(follow_up_result(Some(&done)), "effective (done 2026-07-08)");
        let failed = follow_up(None, Some("2026-07-08"), Some(false));
        assert_eq!(
            follow_up_result(Some(&failed)),
            "not effective (done 2026-07-08)"
        );
        let unjudged = follow_up(None, Some("2026-07-08"), None);
        assert_eq!(
            follow_up_result(Some(&unjudged)),
            "done 2026-07-08, effectiveness not recorded"
        );
        let mut late = follow_up(Some("2026-07-10"), None, None);
        assert_eq!(follow_up_result(Some(&late)), "due 2026-07-10");
        late.overdue = true;
        assert_eq!(follow_up_result(Some(&late)), "overdue (due 2026-07-10)");
        assert_eq!(
            follow_up_result(Some(&follow_up(None, None, None))),
            "not scheduled"
        );
    }
}
