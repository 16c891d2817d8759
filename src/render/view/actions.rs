//! Corrective action views, shared by review, incident and tracker pages.

use serde::Serialize;

use crate::metrics::ActionState;
use crate::records::ActionStatus;

use super::{
    ControlRef, Link, RESTRICTED, Views, control_ref, incident_link, review_link, show_opt,
};

#[derive(Clone, Debug, Serialize)]
pub struct ActionView {
    pub id: String,
    pub title: String,
    pub owner: String,
    pub due: Option<String>,
    pub status: String,
    /// The status as compared in code; `status` is its name for templates.
    #[serde(skip)]
    pub state: ActionStatus,
    pub done: Option<String>,
    pub kind: String,
    pub controls: Vec<ControlRef>,
    pub review: Link,
    pub incidents: Vec<Link>,
    pub open: bool,
    pub overdue: bool,
    pub days_overdue: i64,
    pub done_on_time: Option<bool>,
}

/// The actions of one review, with confidentiality applied.
pub fn action_views(views: &Views, review_index: usize) -> Vec<ActionView> {
    let review = &views.analysis.book.reviews[review_index];
    let hidden = views.review_is_restricted(review_index);
    let today = views.settings.today;
    review
        .actions()
        .iter()
        .map(|action| {
            // One definition of open and overdue: `metrics::action_state_on`.
            let state = crate::metrics::action_state_on(review, action, today);
            let open = matches!(state, ActionState::Open { .. });
            let days_overdue = match (state, action.due) {
                (ActionState::Open { overdue: true }, Some(due)) => (today - due.date).num_days(),
                _ => 0,
            };
            ActionView {
                id: action.id.clone(),
                title: if hidden {
                    RESTRICTED.to_string()
                } else {
                    action.title.clone()
                },
                owner: match (&action.owner, hidden) {
                    (_, true) => RESTRICTED.to_string(),
                    (Some(owner), false) => owner.clone(),
                    (None, false) => "no owner".to_string(),
                },
                due: show_opt(action.due.as_ref(), views.settings),
                status: action.status.as_str().to_string(),
                state: action.status,
                done: show_opt(action.done.as_ref(), views.settings),
                kind: action.kind.as_str().to_string(),
                controls: action.controls.iter().map(|c| control_ref(c)).collect(),
                review: review_link(&review.id),
                incidents: review
                    .incidents
                    .iter()
                    .map(|id| incident_link(id))
                    .collect(),
                open,
                overdue: days_overdue > 0,
                days_overdue,
                done_on_time: match (action.done, action.due) {
                    (Some(done), Some(due)) => Some(done.date <= due.date),
                    _ => None,
                },
            }
        })
        .collect()
}
