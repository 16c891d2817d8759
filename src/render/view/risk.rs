//! Risk register views, with the changes incidents drove.

use std::collections::HashMap;

use serde::Serialize;

use super::{ControlRef, Link, Views, control_ref, incident_link, review_link, risk_link, show};

/// What a review did to a risk in the register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RiskChange {
    /// Named as already documented.
    Documented,
    /// Re-scored.
    Updated,
    /// Added as a new risk.
    Added,
}

#[derive(Clone, Debug, Serialize)]
pub struct RiskEvent {
    pub review: Link,
    pub date: String,
    pub incidents: Vec<Link>,
    pub change: RiskChange,
    pub likelihood: Option<(u8, u8)>,
    pub impact: Option<(u8, u8)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RiskView {
    pub id: String,
    pub url: String,
    pub title: String,
    pub owner: String,
    pub likelihood: u8,
    pub impact: u8,
    pub score: u8,
    pub treatment: String,
    pub status: String,
    pub controls: Vec<ControlRef>,
    pub events: Vec<RiskEvent>,
    pub body_html: String,
    pub provenance: super::ProvenanceView,
}

/// Every review's register changes, by risk ID, oldest first: built once so
/// risk pages cost no scan of all reviews each.
pub fn risk_events(views: &Views) -> HashMap<String, Vec<RiskEvent>> {
    let mut by_risk: HashMap<String, Vec<RiskEvent>> = HashMap::new();
    for review in &views.analysis.book.reviews {
        let Some(register) = &review.risk_register else {
            continue;
        };
        // Indexed once per review: no scan of its lists per risk.
        let mut updates = HashMap::new();
        for update in &register.updates {
            updates.entry(&update.risk).or_insert(update);
        }
        let added: std::collections::HashSet<&String> = register.new_risks.iter().collect();
        let mut touched: Vec<&String> = register
            .risks
            .iter()
            .chain(&register.new_risks)
            .chain(register.updates.iter().map(|u| &u.risk))
            .collect();
        touched.sort();
        touched.dedup();
        for risk in touched {
            let update = updates.get(risk).copied();
            let change = if added.contains(risk) {
                RiskChange::Added
            } else if update.is_some() {
                RiskChange::Updated
            } else {
                RiskChange::Documented
            };
            by_risk.entry(risk.clone()).or_default().push(RiskEvent {
                review: review_link(&review.id),
                date: show(&review.date, views.settings),
                incidents: review
                    .incidents
                    .iter()
                    .map(|id| incident_link(id))
                    .collect(),
                change,
                likelihood: update.and_then(|u| u.likelihood),
                impact: update.and_then(|u| u.impact),
            });
        }
    }
    for events in by_risk.values_mut() {
        events.sort_by(|a, b| (&a.date, &a.review.id).cmp(&(&b.date, &b.review.id)));
    }
    by_risk
}

pub fn risk_view(views: &Views, index: usize, events: Vec<RiskEvent>) -> RiskView {
    let risk = &views.analysis.book.risks[index];
    RiskView {
        id: risk.id.clone(),
        url: risk_link(&risk.id).url,
        title: risk.title.clone(),
        owner: risk.owner.clone(),
        likelihood: risk.likelihood,
        impact: risk.impact,
        score: risk.likelihood * risk.impact,
        treatment: risk.treatment.as_str().to_string(),
        status: risk.status.as_str().to_string(),
        controls: risk.controls.iter().map(|c| control_ref(c)).collect(),
        events,
        body_html: views.body_html(risk.origin.body_text()),
        provenance: super::provenance_view(views, &risk.origin.file, None, false),
    }
}
