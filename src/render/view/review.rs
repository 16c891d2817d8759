//! Review views: the Record of Evidence page and the list row.

use serde::Serialize;

use super::{
    ActionView, ControlRef, FindingView, Link, RESTRICTED, Views, action_views, control_ref,
    incident_link, review_link, risk_link, show, show_opt,
};
use crate::records::Training;

#[derive(Clone, Debug, Serialize)]
pub struct ReviewRow {
    pub id: String,
    pub url: String,
    pub date: String,
    pub restricted: bool,
    pub incidents: Vec<Link>,
    pub method: String,
    pub root_cause_category: String,
    pub failed_controls: usize,
    pub actions: usize,
    pub actions_open: usize,
    pub follow_up_due: Option<String>,
    pub follow_up_done: Option<String>,
    pub findings: usize,
    /// The Annex A controls it evaluated, by ID (for the list's filter).
    pub controls: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CoveredIncident {
    pub link: Link,
    pub title: String,
    pub severity: String,
    pub detected: String,
    pub resolved: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Participant {
    pub function: String,
    pub name: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TimelineEntry {
    pub at: String,
    pub event: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct FishboneBranch {
    pub category: String,
    pub causes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ControlOutcome {
    pub control: ControlRef,
    pub outcome: String,
    pub failed: bool,
    pub note: Option<String>,
    /// For a failed control: the IDs of the review's actions that treat it
    /// (`Review::actions_treating`, as rule untreated-control-failure).
    pub treated_by: Vec<String>,
    /// Why a failed control gets no action.
    pub accepted: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ApprovalView {
    pub by: String,
    pub role: Option<String>,
    pub date: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct RiskChange {
    pub risk: Link,
    pub likelihood: Option<(u8, u8)>,
    pub impact: Option<(u8, u8)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FollowUpView {
    pub due: Option<String>,
    pub done: Option<String>,
    pub effective: Option<bool>,
    pub recurred: Option<bool>,
    pub auditor: Option<String>,
    pub note: Option<String>,
    pub overdue: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ReviewView {
    #[serde(flatten)]
    pub row: ReviewRow,
    pub covered: Vec<CoveredIncident>,
    pub chair: Option<String>,
    pub participants: Vec<Participant>,
    pub evidence: Vec<(String, Option<String>)>,
    pub timeline: Vec<TimelineEntry>,
    pub root_cause_summary: String,
    pub whys: Vec<String>,
    pub fishbone: Vec<FishboneBranch>,
    pub controls: Vec<ControlOutcome>,
    pub previously_documented: Option<bool>,
    pub risks: Vec<Link>,
    pub risk_updates: Vec<RiskChange>,
    pub new_risks: Vec<Link>,
    pub lessons: Vec<String>,
    pub action_list: Vec<ActionView>,
    pub training_modules: Vec<String>,
    pub training_audiences: Vec<String>,
    pub training_none: Option<String>,
    pub management_report: Option<(String, String)>,
    pub follow_up: Option<FollowUpView>,
    pub anonymised: Option<bool>,
    pub approval: Option<ApprovalView>,
    pub body_html: String,
    pub finding_list: Vec<FindingView>,
    pub source: String,
    pub provenance: super::ProvenanceView,
}

fn text(hidden: bool, value: &str) -> String {
    if hidden {
        RESTRICTED.to_string()
    } else {
        value.to_string()
    }
}

pub fn review_row(views: &Views, index: usize) -> ReviewRow {
    let review = &views.analysis.book.reviews[index];
    let actions = review.actions();
    ReviewRow {
        id: review.id.clone(),
        url: review_link(&review.id).url,
        date: show(&review.date, views.settings),
        restricted: views.review_is_restricted(index),
        incidents: review
            .incidents
            .iter()
            .map(|id| incident_link(id))
            .collect(),
        method: review.method.as_str().to_string(),
        root_cause_category: review.root_cause.category.as_str().to_string(),
        failed_controls: review
            .controls()
            .iter()
            .filter(|c| c.outcome.is_failure())
            .count(),
        actions: actions.len(),
        actions_open: actions.iter().filter(|a| a.status.is_open()).count(),
        follow_up_due: review
            .follow_up
            .as_ref()
            .and_then(|f| show_opt(f.due.as_ref(), views.settings)),
        follow_up_done: review
            .follow_up
            .as_ref()
            .and_then(|f| show_opt(f.done.as_ref(), views.settings)),
        findings: views.findings_for(&review.origin.file).len(),
        controls: review
            .controls()
            .iter()
            .filter_map(|c| crate::controls::find(&c.id).map(|c| c.id.to_string()))
            .collect(),
    }
}

pub fn review_view(views: &Views, index: usize) -> ReviewView {
    let analysis = views.analysis;
    let review = &analysis.book.reviews[index];
    let hidden = views.review_is_restricted(index);
    let settings = views.settings;
    let covered = review
        .incidents
        .iter()
        .filter_map(|id| {
            analysis
                .incident_index
                .get(id.as_str())
                .map(|&i| &analysis.book.incidents[i])
        })
        .map(|incident| CoveredIncident {
            link: incident_link(&incident.id),
            title: if views.incident_is_hidden(incident) {
                RESTRICTED.to_string()
            } else {
                incident.title.clone()
            },
            severity: incident.severity.clone(),
            detected: show(&incident.detected, settings),
            resolved: show_opt(incident.resolved.as_ref(), settings),
        })
        .collect();
    let register = review.risk_register.clone().unwrap_or_default();
    let (modules, audiences, none) = match &review.training {
        Some(Training::Planned { modules, audiences }) => {
            (modules.clone(), audiences.clone(), None)
        }
        Some(Training::None { reason }) => (Vec::new(), Vec::new(), Some(text(hidden, reason))),
        None => (Vec::new(), Vec::new(), None),
    };
    ReviewView {
        row: review_row(views, index),
        covered,
        chair: review.chair.as_deref().map(|c| text(hidden, c)),
        participants: review
            .participants
            .iter()
            .map(|p| Participant {
                function: p.function.clone(),
                name: if hidden { None } else { p.name.clone() },
            })
            .collect(),
        evidence: if hidden {
            Vec::new()
        } else {
            review
                .evidence
                .iter()
                .map(|e| (e.reference.clone(), e.kind.clone()))
                .collect()
        },
        timeline: review
            .timeline
            .iter()
            .flatten()
            .map(|t| TimelineEntry {
                at: show(&t.at, settings),
                event: text(hidden, &t.event),
            })
            .collect(),
        root_cause_summary: text(hidden, &review.root_cause.summary),
        whys: review
            .root_cause
            .whys
            .iter()
            .flatten()
            .map(|w| text(hidden, w))
            .collect(),
        fishbone: review
            .root_cause
            .fishbone
            .iter()
            .flatten()
            .map(|(category, causes)| FishboneBranch {
                category: category.clone(),
                causes: causes.iter().map(|c| text(hidden, c)).collect(),
            })
            .collect(),
        controls: review
            .controls()
            .iter()
            .map(|c| ControlOutcome {
                control: control_ref(&c.id),
                outcome: c.outcome.as_str().to_string(),
                failed: c.outcome.is_failure(),
                note: c.note.as_deref().map(|n| text(hidden, n)),
                treated_by: if c.outcome.is_failure() {
                    review
                        .actions_treating(&c.id)
                        .map(|a| a.id.clone())
                        .collect()
                } else {
                    Vec::new()
                },
                accepted: c.accepted.as_deref().map(|a| text(hidden, a)),
            })
            .collect(),
        previously_documented: register.previously_documented,
        risks: register.risks.iter().map(|id| risk_link(id)).collect(),
        risk_updates: register
            .updates
            .iter()
            .map(|u| RiskChange {
                risk: risk_link(&u.risk),
                likelihood: u.likelihood,
                impact: u.impact,
            })
            .collect(),
        new_risks: register.new_risks.iter().map(|id| risk_link(id)).collect(),
        lessons: review.lessons.iter().map(|l| text(hidden, l)).collect(),
        action_list: action_views(views, index),
        training_modules: modules,
        training_audiences: audiences,
        training_none: none,
        management_report: review
            .management_report
            .as_ref()
            .map(|m| (show(&m.date, settings), text(hidden, &m.to))),
        follow_up: review.follow_up.as_ref().map(|f| FollowUpView {
            due: show_opt(f.due.as_ref(), settings),
            done: show_opt(f.done.as_ref(), settings),
            effective: f.effective,
            recurred: f.recurred,
            auditor: f.auditor.as_deref().map(|a| text(hidden, a)),
            note: f.note.as_deref().map(|n| text(hidden, n)),
            overdue: f.done.is_none() && f.due.is_some_and(|d| d.date < settings.today),
        }),
        anonymised: review.anonymised,
        // The approver is a name or a role: hidden like the chair.
        approval: review.approval.as_ref().map(|a| ApprovalView {
            by: text(hidden, &a.by),
            role: a.role.as_deref().map(|r| text(hidden, r)),
            date: show(&a.date, settings),
        }),
        body_html: if hidden {
            String::new()
        } else {
            views.body_html(review.origin.body_text())
        },
        finding_list: views.findings_for(&review.origin.file),
        source: views.source_of(&review.origin.file, hidden),
        provenance: super::provenance_view(
            views,
            &review.origin.file,
            Some(review.date.date),
            hidden,
        ),
    }
}
