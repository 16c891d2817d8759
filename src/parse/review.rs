//! Front matter of `kind: review` to a `Review`, actions included.

use std::ops::Range;

use super::decode::{Decoder, Fields};
use crate::records::{
    Action, ActionStatus, ActionType, ControlEvaluation, Evidence, FollowUp, ManagementReport,
    Method, Origin, Outcome, Participant, Review, RiskRegister, RiskUpdate, RootCause,
    RootCauseCategory, TimelineEntry, Training,
};
use crate::yaml::Node;

const KEYS: &[&str] = &[
    "kind",
    "id",
    "incidents",
    "date",
    "chair",
    "participants",
    "evidence",
    "timeline",
    "method",
    "root_cause",
    "risk_register",
    "controls",
    "lessons",
    "actions",
    "training",
    "management_report",
    "follow_up",
    "anonymised",
    "extra",
];

pub fn decode(d: &mut Decoder, origin: &Origin, front: &Node) -> Option<Review> {
    let front = d.fields(front, &origin.opening, "", KEYS)?;
    let id = d
        .required(front, "id", "PIR-2026-001")
        .and_then(|n| d.id(n, "review ID"));
    let incidents = d
        .required(front, "incidents", "[INC-2026-001]")
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
        .required(front, "date", "YYYY-MM-DD (when the review was held)")
        .and_then(|n| d.date(n, "date"));
    let chair = front.get("chair").and_then(|n| d.string(n, "chair"));
    let participants = d
        .required(front, "participants", "[{function: IT, name: ...}]")
        .and_then(|n| d.list(n, "participants", |d, item, i| participant(d, item, i)));
    let evidence = front
        .get("evidence")
        .and_then(|n| d.list(n, "evidence", |d, item, i| evidence(d, item, i)))
        .unwrap_or_default();
    let timeline = front
        .get("timeline")
        .and_then(|n| d.list(n, "timeline", |d, item, i| timeline_entry(d, item, i)));
    let method = d
        .required(front, "method", "five-whys | fishbone | other")
        .and_then(|n| d.one_of(n, "method", Method::NAMES))
        .and_then(|s| Method::parse(&s));
    let root_cause = d
        .required(front, "root_cause", "{summary: ..., category: ...}")
        .and_then(|n| root_cause(d, n, front));
    let risk_register = front
        .get("risk_register")
        .and_then(|n| risk_register(d, n, front));
    let controls = front
        .get("controls")
        .and_then(|n| d.list(n, "controls", |d, item, i| control_evaluation(d, item, i)));
    let lessons = d
        .required(front, "lessons", "[what the organisation learnt]")
        .and_then(|n| {
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
        let fields = d.fields(n, &anchor, "management_report", &["date", "to"])?;
        let date = d
            .required(fields, "date", "YYYY-MM-DD")
            .and_then(|n| d.date(n, "management_report.date"));
        let to = d
            .required(fields, "to", "the committee or person")
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
    })
}

/// Opens the map at `actions[2]`-style positions; items anchor on themselves.
fn item_fields<'n>(
    d: &mut Decoder,
    node: &'n Node,
    path: &'n str,
    known: &[&str],
) -> Option<Fields<'n>> {
    d.fields(node, &node.span, path, known)
}

fn participant(d: &mut Decoder, node: &Node, index: usize) -> Option<Participant> {
    let path = format!("participants[{index}]");
    let f = item_fields(d, node, &path, &["function", "name"])?;
    let function = d
        .required(f, "function", "IT")
        .and_then(|n| d.text(n, "function"));
    let name = f.get("name").and_then(|n| d.text(n, "name"));
    Some(Participant {
        function: function?,
        name,
    })
}

fn evidence(d: &mut Decoder, node: &Node, index: usize) -> Option<Evidence> {
    let path = format!("evidence[{index}]");
    let f = item_fields(d, node, &path, &["ref", "kind", "access"])?;
    let reference = d
        .required(f, "ref", "a ticket, log or file reference")
        .and_then(|n| d.text(n, "ref"));
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
    let f = item_fields(d, node, &path, &["at", "event"])?;
    let at = d
        .required(f, "at", "YYYY-MM-DD HH:MM")
        .and_then(|n| d.date(n, "at"));
    let event = d
        .required(f, "event", "what happened")
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
    let f = d.fields(
        node,
        &anchor,
        "root_cause",
        &["summary", "category", "whys", "fishbone"],
    )?;
    let summary = d
        .required(f, "summary", "the root cause in one sentence")
        .and_then(|n| d.text(n, "root_cause.summary"));
    let category = d
        .required(
            f,
            "category",
            "people | process | technology | supplier | environment",
        )
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
    let f = d.fields(
        node,
        &anchor,
        "risk_register",
        &["previously_documented", "risks", "updates", "new_risks"],
    )?;
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
                let u = item_fields(d, item, &path, &["risk", "likelihood", "impact"])?;
                let risk = d
                    .required(u, "risk", "RISK-001")
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
    let f = item_fields(d, node, &path, &["id", "outcome", "note"])?;
    let id = d
        .required(f, "id", "\"5.17\"")
        .and_then(|n| d.control(n, "control"));
    let outcome = d
        .required(f, "outcome", "failed | bypassed | missing | effective")
        .and_then(|n| d.one_of(n, "outcome", Outcome::NAMES))
        .and_then(|s| Outcome::parse(&s));
    let note = f.get("note").and_then(|n| d.text(n, "note"));
    Some(ControlEvaluation {
        id: id?,
        outcome: outcome?,
        note,
    })
}

const ACTION_KEYS: &[&str] = &[
    "id", "title", "owner", "due", "controls", "type", "status", "done",
];

fn action(d: &mut Decoder, node: &Node, index: usize) -> Option<Action> {
    let path = format!("actions[{index}]");
    let f = item_fields(d, node, &path, ACTION_KEYS)?;
    let id = d
        .required(f, "id", "ACT-2026-001")
        .and_then(|n| d.id(n, "action ID"));
    let title = d
        .required(f, "title", "what will change")
        .and_then(|n| d.text(n, "title"));
    let owner = f.get("owner").and_then(|n| d.text(n, "owner"));
    let due = f.get("due").and_then(|n| d.date(n, "due"));
    let controls = f
        .get("controls")
        .and_then(|n| d.controls(n, "controls"))
        .unwrap_or_default();
    let kind = d
        .required(f, "type", "technical | training | process | policy | risk")
        .and_then(|n| d.one_of(n, "action type", ActionType::NAMES))
        .and_then(|s| ActionType::parse(&s));
    let status = d
        .required(f, "status", "open | in-progress | done | cancelled")
        .and_then(|n| d.one_of(n, "action status", ActionStatus::NAMES))
        .and_then(|s| ActionStatus::parse(&s));
    let done = f.get("done").and_then(|n| d.date(n, "done"));
    if status == Some(ActionStatus::Done) && f.get("done").is_none() {
        d.required_by(f, "done", "YYYY-MM-DD (when it was done)", "status");
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
    let f = d.fields(node, &anchor, "training", &["modules", "audiences", "none"])?;
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

fn follow_up(d: &mut Decoder, node: &Node, front: Fields) -> Option<FollowUp> {
    let anchor = anchor_of(front, "follow_up");
    let f = d.fields(
        node,
        &anchor,
        "follow_up",
        &["due", "done", "effective", "recurred", "auditor", "note"],
    )?;
    Some(FollowUp {
        due: d
            .required(f, "due", "YYYY-MM-DD (about six months after the review)")
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
