//! Front matter of `kind: review` to a `Review`, actions included.

use std::ops::Range;

use super::decode::{Decoder, Fields};
use crate::fields::{
    self, ACTION, APPROVAL, CONTROL, EVIDENCE, FOLLOW_UP, Field, MANAGEMENT_REPORT, PARTICIPANT,
    REVIEW, RISK_REGISTER, RISK_UPDATE, ROOT_CAUSE, TIMELINE, TRAINING,
};
use crate::records::{
    Action, ActionStatus, ActionType, Approval, ControlEvaluation, Evidence, FollowUp,
    ManagementReport, Method, Origin, Outcome, Participant, Review, RiskRegister, RiskUpdate,
    RootCause, RootCauseCategory, TimelineEntry, Training,
};
use crate::yaml::Node;

pub fn decode(d: &mut Decoder, origin: &Origin, front: &Node) -> Option<Review> {
    let front = d.fields_of(front, &origin.opening, "", REVIEW)?;
    let id = d
        .require(front, REVIEW, "id")
        .and_then(|n| d.id(n, "review ID"));
    let incidents = d
        .require(front, REVIEW, "incidents")
        .and_then(|n| d.list(n, "incidents", |d, item, _| d.id(item, "incident ID")));
    if let Some(list) = &incidents
        && list.is_empty()
    {
        d.error(
            "missing-key",
            "`incidents` is empty",
            front
                .get("incidents")
                .map(|n| n.span.clone())
                .unwrap_or_default(),
            "no incident",
            Some("name the incident IDs this review covers".into()),
        );
    }
    let date = d
        .require(front, REVIEW, "date")
        .and_then(|n| d.date(n, "date"));
    let chair = front.get("chair").and_then(|n| d.string(n, "chair"));
    let participants = d
        .require(front, REVIEW, "participants")
        .and_then(|n| d.list(n, "participants", |d, item, i| participant(d, item, i)));
    let evidence = front
        .get("evidence")
        .and_then(|n| d.list(n, "evidence", |d, item, i| evidence(d, item, i)))
        .unwrap_or_default();
    let timeline = front
        .get("timeline")
        .and_then(|n| d.list(n, "timeline", |d, item, i| timeline_entry(d, item, i)));
    let method = d
        .require(front, REVIEW, "method")
        .and_then(|n| d.one_of(n, "method", Method::NAMES))
        .and_then(|s| Method::parse(&s));
    let root_cause = d
        .require(front, REVIEW, "root_cause")
        .and_then(|n| root_cause(d, n, front));
    let risk_register = front
        .get("risk_register")
        .and_then(|n| risk_register(d, n, front));
    let controls = front
        .get("controls")
        .and_then(|n| d.list(n, "controls", |d, item, i| control_evaluation(d, item, i)));
    let lessons = d.require(front, REVIEW, "lessons").and_then(|n| {
        let lessons = d.strings(n, "lessons")?;
        if lessons.is_empty() {
            d.error(
                "missing-key",
                "`lessons` is empty",
                n.span.clone(),
                "no lesson",
                Some("write at least one lesson learnt".into()),
            );
        }
        Some(lessons)
    });
    let actions = front
        .get("actions")
        .and_then(|n| d.list(n, "actions", |d, item, i| action(d, item, i)));
    let training = front.get("training").and_then(|n| training(d, n, front));
    let management_report = front.get("management_report").and_then(|n| {
        let anchor = front.key_span("management_report").unwrap_or_default();
        let fields = d.fields_of(n, &anchor, "management_report", MANAGEMENT_REPORT)?;
        let date = d
            .require(fields, MANAGEMENT_REPORT, "date")
            .and_then(|n| d.date(n, "management_report.date"));
        let to = d
            .require(fields, MANAGEMENT_REPORT, "to")
            .and_then(|n| d.text(n, "management_report.to"));
        Some(ManagementReport {
            date: date?,
            to: to?,
        })
    });
    let follow_up = front.get("follow_up").and_then(|n| follow_up(d, n, front));
    let anonymised = front
        .get("anonymised")
        .and_then(|n| d.bool(n, "anonymised"));
    let approval = front.get("approval").and_then(|n| approval(d, n, front));
    if let Some(extra) = front.get("extra") {
        d.free_map(extra, "extra");
    }

    Some(Review {
        origin: origin.clone(),
        id: id?,
        incidents: incidents?,
        date: date?,
        chair,
        participants: participants?,
        evidence,
        timeline,
        method: method?,
        root_cause: root_cause?,
        risk_register,
        controls,
        lessons: lessons?,
        actions,
        training,
        management_report,
        follow_up,
        anonymised,
        approval,
    })
}

/// Opens the map at `actions[2]`-style positions; items anchor on themselves.
fn item_fields<'n>(
    d: &mut Decoder,
    node: &'n Node,
    path: &'n str,
    table: &'static [Field],
) -> Option<Fields<'n>> {
    d.fields_of(node, &node.span, path, table)
}

fn participant(d: &mut Decoder, node: &Node, index: usize) -> Option<Participant> {
    let path = format!("participants[{index}]");
    let f = item_fields(d, node, &path, PARTICIPANT)?;
    let function = d
        .require(f, PARTICIPANT, "function")
        .and_then(|n| d.text(n, "function"));
    let name = f.get("name").and_then(|n| d.text(n, "name"));
    Some(Participant {
        function: function?,
        name,
    })
}

fn evidence(d: &mut Decoder, node: &Node, index: usize) -> Option<Evidence> {
    let path = format!("evidence[{index}]");
    let f = item_fields(d, node, &path, EVIDENCE)?;
    let reference = d.require(f, EVIDENCE, "ref").and_then(|n| d.text(n, "ref"));
    let kind = f.get("kind").and_then(|n| d.text(n, "kind"));
    let access = f
        .get("access")
        .and_then(|n| d.strings(n, "access"))
        .unwrap_or_default();
    Some(Evidence {
        reference: reference?,
        kind,
        access,
    })
}

fn timeline_entry(d: &mut Decoder, node: &Node, index: usize) -> Option<TimelineEntry> {
    let path = format!("timeline[{index}]");
    let f = item_fields(d, node, &path, TIMELINE)?;
    let at = d.require(f, TIMELINE, "at").and_then(|n| d.date(n, "at"));
    let event = d
        .require(f, TIMELINE, "event")
        .and_then(|n| d.text(n, "event"));
    Some(TimelineEntry {
        at: at?,
        event: event?,
    })
}

fn anchor_of(front: Fields, key: &str) -> Range<usize> {
    front.key_span(key).unwrap_or_default()
}

fn root_cause(d: &mut Decoder, node: &Node, front: Fields) -> Option<RootCause> {
    let anchor = anchor_of(front, "root_cause");
    let f = d.fields_of(node, &anchor, "root_cause", ROOT_CAUSE)?;
    let summary = d
        .require(f, ROOT_CAUSE, "summary")
        .and_then(|n| d.text(n, "root_cause.summary"));
    let category = d
        .require(f, ROOT_CAUSE, "category")
        .and_then(|n| d.one_of(n, "root cause category", RootCauseCategory::NAMES))
        .and_then(|s| RootCauseCategory::parse(&s));
    let whys = f.get("whys").and_then(|n| d.strings(n, "root_cause.whys"));
    let fishbone = f.get("fishbone").and_then(|n| {
        let Some(entries) = n.as_map() else {
            d.wrong_type(
                n,
                "root_cause.fishbone",
                "a map of category to causes",
                None,
            );
            return None;
        };
        let causes = entries
            .iter()
            .filter_map(|(key, causes)| {
                let name = d.text(key, "fishbone category")?;
                let causes = d.strings(causes, &format!("root_cause.fishbone.{name}"))?;
                Some((name, causes))
            })
            .collect();
        Some(causes)
    });
    Some(RootCause {
        summary: summary?,
        category: category?,
        whys,
        fishbone,
    })
}

fn risk_register(d: &mut Decoder, node: &Node, front: Fields) -> Option<RiskRegister> {
    let anchor = anchor_of(front, "risk_register");
    let f = d.fields_of(node, &anchor, "risk_register", RISK_REGISTER)?;
    let ids = |d: &mut Decoder, key: &str| {
        f.get(key)
            .and_then(|n| d.list(n, key, |d, item, _| d.id(item, "risk ID")))
            .unwrap_or_default()
    };
    let risks = ids(d, "risks");
    let new_risks = ids(d, "new_risks");
    let updates = f
        .get("updates")
        .and_then(|n| {
            d.list(n, "risk_register.updates", |d, item, index| {
                let path = format!("risk_register.updates[{index}]");
                let u = item_fields(d, item, &path, RISK_UPDATE)?;
                let risk = d
                    .require(u, RISK_UPDATE, "risk")
                    .and_then(|n| d.id(n, "risk ID"));
                let pair =
                    |d: &mut Decoder, key: &str| u.get(key).and_then(|n| before_after(d, n, key));
                let likelihood = pair(d, "likelihood");
                let impact = pair(d, "impact");
                Some(RiskUpdate {
                    risk: risk?,
                    likelihood,
                    impact,
                })
            })
        })
        .unwrap_or_default();
    let previously_documented = f
        .get("previously_documented")
        .and_then(|n| d.bool(n, "previously_documented"));
    Some(RiskRegister {
        previously_documented,
        risks,
        updates,
        new_risks,
    })
}

/// `[before, after]`, each 1 to 5.
fn before_after(d: &mut Decoder, node: &Node, what: &str) -> Option<(u8, u8)> {
    let values = d.list(node, what, |d, item, _| d.integer(item, what, 1, 5))?;
    match values.as_slice() {
        [before, after] => Some((*before as u8, *after as u8)),
        _ => {
            d.error(
                "wrong-type",
                format!("`{what}` must be [before, after]"),
                node.span.clone(),
                "expected two scores",
                Some(format!("write `{what}: [3, 2]`")),
            );
            None
        }
    }
}

fn control_evaluation(d: &mut Decoder, node: &Node, index: usize) -> Option<ControlEvaluation> {
    let path = format!("controls[{index}]");
    let f = item_fields(d, node, &path, CONTROL)?;
    let id = d
        .require(f, CONTROL, "id")
        .and_then(|n| d.control(n, "control"));
    let outcome = d
        .require(f, CONTROL, "outcome")
        .and_then(|n| d.one_of(n, "outcome", Outcome::NAMES))
        .and_then(|s| Outcome::parse(&s));
    let note = f.get("note").and_then(|n| d.text(n, "note"));
    let accepted = f.get("accepted").and_then(|n| d.text(n, "accepted"));
    Some(ControlEvaluation {
        id: id?,
        outcome: outcome?,
        note,
        accepted,
    })
}

fn action(d: &mut Decoder, node: &Node, index: usize) -> Option<Action> {
    let path = format!("actions[{index}]");
    let f = item_fields(d, node, &path, ACTION)?;
    let id = d
        .require(f, ACTION, "id")
        .and_then(|n| d.id(n, "action ID"));
    let title = d
        .require(f, ACTION, "title")
        .and_then(|n| d.text(n, "title"));
    let owner = f.get("owner").and_then(|n| d.text(n, "owner"));
    let due = f.get("due").and_then(|n| d.date(n, "due"));
    let controls = f
        .get("controls")
        .and_then(|n| d.controls(n, "controls"))
        .unwrap_or_default();
    let kind = d
        .require(f, ACTION, "type")
        .and_then(|n| d.one_of(n, "action type", ActionType::NAMES))
        .and_then(|s| ActionType::parse(&s));
    let status = d
        .require(f, ACTION, "status")
        .and_then(|n| d.one_of(n, "action status", ActionStatus::NAMES))
        .and_then(|s| ActionStatus::parse(&s));
    let done = f.get("done").and_then(|n| d.date(n, "done"));
    if status == Some(ActionStatus::Done) && f.get("done").is_none() {
        d.required_by(
            f,
            "done",
            &fields::field(ACTION, "done").fixed_hint(),
            "status",
        );
    }
    Some(Action {
        id: id?,
        title: title?,
        owner,
        due,
        controls,
        kind: kind?,
        status: status?,
        done,
    })
}

fn training(d: &mut Decoder, node: &Node, front: Fields) -> Option<Training> {
    let anchor = anchor_of(front, "training");
    let f = d.fields_of(node, &anchor, "training", TRAINING)?;
    if let Some(reason) = f.get("none") {
        if f.get("modules").is_some() {
            d.error(
                "wrong-type",
                "`training` has both `modules` and `none`",
                reason.span.clone(),
                "choose one",
                Some(
                    "keep `modules` when training is planned, `none: reason` when it is not".into(),
                ),
            );
        }
        let reason = d.string(reason, "training.none")?;
        return Some(Training::None { reason });
    }
    let modules = f
        .get("modules")
        .and_then(|n| d.strings(n, "training.modules"))
        .unwrap_or_default();
    let audiences = f
        .get("audiences")
        .and_then(|n| d.strings(n, "training.audiences"))
        .unwrap_or_default();
    Some(Training::Planned { modules, audiences })
}

fn approval(d: &mut Decoder, node: &Node, front: Fields) -> Option<Approval> {
    let anchor = anchor_of(front, "approval");
    let f = d.fields_of(node, &anchor, "approval", APPROVAL)?;
    let by = d
        .require(f, APPROVAL, "by")
        .and_then(|n| d.text(n, "approval.by"));
    let role = f.get("role").and_then(|n| d.text(n, "approval.role"));
    let date = d
        .require(f, APPROVAL, "date")
        .and_then(|n| d.date(n, "approval.date"));
    Some(Approval {
        by: by?,
        role,
        date: date?,
    })
}

fn follow_up(d: &mut Decoder, node: &Node, front: Fields) -> Option<FollowUp> {
    let anchor = anchor_of(front, "follow_up");
    let f = d.fields_of(node, &anchor, "follow_up", FOLLOW_UP)?;
    Some(FollowUp {
        due: d
            .require(f, FOLLOW_UP, "due")
            .and_then(|n| d.date(n, "follow_up.due")),
        done: f.get("done").and_then(|n| d.date(n, "follow_up.done")),
        effective: f
            .get("effective")
            .and_then(|n| d.bool(n, "follow_up.effective")),
        recurred: f
            .get("recurred")
            .and_then(|n| d.bool(n, "follow_up.recurred")),
        auditor: f
            .get("auditor")
            .and_then(|n| d.text(n, "follow_up.auditor")),
        note: f.get("note").and_then(|n| d.text(n, "follow_up.note")),
    })
}
