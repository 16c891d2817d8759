//! Incident views: a slim row for lists, the full view for its page.

use serde::Serialize;

use super::{
    ActionView, FindingView, Link, RESTRICTED, Views, action_views, incident_link, review_link,
    risk_link, show, show_opt,
};
use crate::records::{Impact, Incident};

#[derive(Clone, Debug, Serialize)]
pub struct IncidentRow {
    pub id: String,
    pub url: String,
    pub title: String,
    pub restricted: bool,
    pub severity: String,
    pub severity_rank: usize,
    pub category: String,
    pub variety: Option<String>,
    pub status: String,
    pub nature: String,
    pub detected: String,
    /// YYYY-MM-DD, for sorting.
    pub detected_day: String,
    pub resolved: Option<String>,
    pub reviews: Vec<Link>,
    pub waived: bool,
    /// Of the same type as an incident reviewed within the window before.
    pub recurrence: bool,
    /// A control failed again that failed in such an incident.
    pub repeat_failure: bool,
    /// Empty for a restricted incident: a tag can say what it is about.
    pub tags: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RecurrenceView {
    pub key: String,
    pub earlier: Link,
    pub review: Link,
    pub after_fix: bool,
    pub fixed_by: Option<Link>,
}

#[derive(Clone, Debug, Serialize)]
pub struct IncidentView {
    #[serde(flatten)]
    pub row: IncidentRow,
    pub occurred: Option<String>,
    pub reported: String,
    pub contained: Option<String>,
    pub channel: Option<String>,
    pub reporter: Option<String>,
    pub assets: Vec<String>,
    pub personal_data: Option<bool>,
    pub impact: Impact,
    pub review_waiver: Option<String>,
    /// Who decided that no review is needed, and when.
    pub decided_by: Option<String>,
    pub decided: Option<String>,
    pub hours_to_detect: Option<f64>,
    pub hours_to_contain: Option<f64>,
    pub hours_to_resolve: Option<f64>,
    /// The incident type, `category/variety`.
    pub type_key: Option<String>,
    /// `control:ID` for each control its reviews found failed.
    pub control_keys: Vec<String>,
    pub recurrence_of: Option<RecurrenceView>,
    pub repeat_failure_of: Option<RecurrenceView>,
    /// Later incidents that recur this one, or repeat a control failure.
    pub recurred_by: Vec<Link>,
    pub actions: Vec<ActionView>,
    pub risks: Vec<Link>,
    pub body_html: String,
    pub findings: Vec<FindingView>,
    pub source: String,
    pub provenance: super::ProvenanceView,
}

pub fn incident_row(views: &Views, index: usize) -> IncidentRow {
    let analysis = views.analysis;
    let incident = &analysis.book.incidents[index];
    let hidden = views.incident_is_hidden(incident);
    IncidentRow {
        id: incident.id.clone(),
        url: incident_link(&incident.id).url,
        title: if hidden {
            RESTRICTED.to_string()
        } else {
            incident.title.clone()
        },
        restricted: incident.is_restricted(),
        severity: incident.severity.clone(),
        severity_rank: incident.severity_rank,
        category: incident.category.clone(),
        variety: incident.variety.clone(),
        status: incident.status.as_str().to_string(),
        nature: incident.nature.as_str().to_string(),
        detected: show(&incident.detected, views.settings),
        detected_day: super::day(incident.detected.date),
        resolved: show_opt(incident.resolved.as_ref(), views.settings),
        reviews: analysis.reviews_of[index]
            .iter()
            .map(|&r| review_link(&analysis.book.reviews[r].id))
            .collect(),
        waived: incident.review_waiver.is_some(),
        recurrence: analysis.recurrence[index].is_some(),
        repeat_failure: analysis.repeat_failure[index].is_some(),
        tags: if hidden {
            Vec::new()
        } else {
            incident.tags.clone()
        },
    }
}

fn recurrence_view(
    book: &crate::records::Book,
    found: Option<&crate::recurrence::Recurrence>,
) -> Option<RecurrenceView> {
    found.map(|found| RecurrenceView {
        key: found.key.clone(),
        earlier: incident_link(&book.incidents[found.earlier].id),
        review: review_link(&book.reviews[found.review].id),
        after_fix: found.after_fix,
        fixed_by: found.fixed_by.map(|r| review_link(&book.reviews[r].id)),
    })
}

pub fn incident_view(views: &Views, index: usize, recurred_by: Vec<Link>) -> IncidentView {
    let analysis = views.analysis;
    let book = analysis.book;
    let incident: &Incident = &book.incidents[index];
    let hidden = views.incident_is_hidden(incident);
    let recurrence_of = recurrence_view(book, analysis.recurrence[index].as_ref());
    let repeat_failure_of = recurrence_view(book, analysis.repeat_failure[index].as_ref());
    let durations = crate::metrics::Durations::of(incident);
    let mut actions = Vec::new();
    let mut risks: Vec<String> = Vec::new();
    for &r in &analysis.reviews_of[index] {
        actions.extend(action_views(views, r));
        if let Some(register) = &book.reviews[r].risk_register {
            risks.extend(register.risks.iter().chain(&register.new_risks).cloned());
            risks.extend(register.updates.iter().map(|u| u.risk.clone()));
        }
    }
    risks.sort();
    risks.dedup();
    IncidentView {
        row: incident_row(views, index),
        occurred: show_opt(incident.occurred.as_ref(), views.settings),
        reported: show(&incident.reported, views.settings),
        contained: show_opt(incident.contained.as_ref(), views.settings),
        channel: incident.channel.clone(),
        reporter: if hidden {
            None
        } else {
            incident.reporter.clone()
        },
        assets: if hidden {
            Vec::new()
        } else {
            incident.assets.clone()
        },
        personal_data: incident.personal_data,
        impact: incident.impact.clone(),
        review_waiver: if hidden {
            incident
                .review_waiver
                .as_ref()
                .map(|_| RESTRICTED.to_string())
        } else {
            incident.review_waiver.clone()
        },
        decided_by: decided_by(views, incident),
        decided: show_opt(incident.decided.as_ref(), views.settings),
        hours_to_detect: durations.detect,
        hours_to_contain: durations.contain,
        hours_to_resolve: durations.resolve,
        type_key: analysis.type_keys[index].first().cloned(),
        control_keys: analysis.control_keys[index].iter().cloned().collect(),
        recurrence_of,
        repeat_failure_of,
        recurred_by,
        actions,
        risks: risks.iter().map(|id| risk_link(id)).collect(),
        body_html: if hidden {
            String::new()
        } else {
            views.body_html(incident.origin.body_text())
        },
        findings: views.findings_for(&incident.origin.file),
        source: views.source_of(&incident.origin.file, hidden),
        provenance: super::provenance_view(views, &incident.origin.file, None, hidden),
    }
}

/// Who decided an incident's exemption from review: a name or a role, so
/// hidden for a restricted incident like its other text.
pub fn decided_by(views: &Views, incident: &Incident) -> Option<String> {
    incident.decided_by.as_ref().map(|by| {
        if views.incident_is_hidden(incident) {
            RESTRICTED.to_string()
        } else {
            by.clone()
        }
    })
}
