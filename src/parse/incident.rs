//! Front matter of `kind: incident` to an `Incident`.

use super::decode::{Decoder, Fields};
use crate::config::Policy;
use crate::fields::{IMPACT, INCIDENT, field};
use crate::records::{
    Confidentiality, Impact, Incident, IncidentStatus, Nature, Origin, Timestamp,
};
use crate::yaml::Node;

pub fn decode(d: &mut Decoder, origin: &Origin, front: &Node, policy: &Policy) -> Option<Incident> {
    let front = d.fields_of(front, &origin.opening, "", INCIDENT)?;
    let hint = |key: &str| field(INCIDENT, key).hint(policy);
    let severities: Vec<&str> = policy.severities.iter().map(String::as_str).collect();
    let categories: Vec<&str> = policy.categories.iter().map(String::as_str).collect();
    let channels: Vec<&str> = policy.channels.iter().map(String::as_str).collect();

    let id = d
        .required_with(front, "id", || hint("id"))
        .and_then(|n| d.id(n, "incident ID"));
    let title = d
        .required_with(front, "title", || hint("title"))
        .and_then(|n| d.text(n, "title"));
    let severity = d
        .required_with(front, "severity", || hint("severity"))
        .and_then(|n| d.one_of(n, "severity", &severities));
    let category = d
        .required_with(front, "category", || hint("category"))
        .and_then(|n| d.one_of(n, "category", &categories));
    let variety = front
        .get("variety")
        .and_then(|n| d.text(n, "variety"))
        .map(|v| v.to_lowercase());
    let status = d
        .required_with(front, "status", || hint("status"))
        .and_then(|n| d.one_of(n, "status", IncidentStatus::NAMES))
        .and_then(|s| IncidentStatus::parse(&s));
    let nature = match front.get("nature") {
        Some(n) => d
            .one_of(n, "nature", Nature::NAMES)
            .and_then(|s| Nature::parse(&s)),
        None => Some(Nature::Confirmed),
    };
    let review_waiver = front
        .get("review_waiver")
        .and_then(|n| d.text(n, "review_waiver"));
    let decided_by = front
        .get("decided_by")
        .and_then(|n| d.text(n, "decided_by"));
    let date = |d: &mut Decoder, key: &str| front.get(key).and_then(|n| d.date(n, key));
    let decided = date(d, "decided");
    let occurred = date(d, "occurred");
    let detected = d
        .required_with(front, "detected", || hint("detected"))
        .and_then(|n| d.date(n, "detected"));
    let reported = date(d, "reported");
    let contained = date(d, "contained");
    let resolved = date(d, "resolved");
    let channel = front
        .get("channel")
        .and_then(|n| d.one_of(n, "channel", &channels));
    let reporter = front.get("reporter").and_then(|n| d.text(n, "reporter"));
    let assets = front
        .get("assets")
        .and_then(|n| d.strings(n, "assets"))
        .unwrap_or_default();
    let personal_data = front
        .get("personal_data")
        .and_then(|n| d.bool(n, "personal_data"));
    let impact = front
        .get("impact")
        .map(|n| decode_impact(d, n, front))
        .unwrap_or_default();
    let confidentiality = match front.get("confidentiality") {
        Some(n) => d
            .one_of(n, "confidentiality", Confidentiality::NAMES)
            .and_then(|s| Confidentiality::parse(&s)),
        None => Some(Confidentiality::Internal),
    };
    let tags = front
        .get("tags")
        .and_then(|n| d.strings(n, "tags"))
        .unwrap_or_default();
    if let Some(extra) = front.get("extra") {
        d.free_map(extra, "extra");
    }

    let status = status?;
    if matches!(status, IncidentStatus::Resolved | IncidentStatus::Closed)
        && resolved.is_none()
        && front.get("resolved").is_none()
    {
        d.required_by(front, "resolved", &hint("resolved"), "status");
    }
    let detected = detected?;
    check_order(
        d,
        front,
        &[
            ("occurred", occurred),
            ("detected", Some(detected)),
            ("contained", contained),
            ("resolved", resolved),
        ],
    );
    check_order(
        d,
        front,
        &[("detected", Some(detected)), ("reported", reported)],
    );

    let severity = severity?;
    Some(Incident {
        origin: origin.clone(),
        id: id?,
        title: title?,
        severity_rank: policy.severity_rank(&severity)?,
        severity,
        category: category?,
        variety,
        status,
        nature: nature?,
        review_waiver,
        decided_by,
        decided,
        occurred,
        detected,
        reported: reported.unwrap_or(detected),
        contained,
        resolved,
        channel,
        reporter,
        assets,
        personal_data,
        impact,
        confidentiality: confidentiality?,
        tags,
    })
}

/// Reports each date that comes before an earlier step of the incident.
fn check_order(d: &mut Decoder, front: Fields, steps: &[(&str, Option<Timestamp>)]) {
    let mut latest: Option<(&str, Timestamp)> = None;
    for &(key, value) in steps {
        let Some(value) = value else { continue };
        if let Some((earlier_key, earlier)) = latest
            && earlier.is_after(&value)
        {
            let span = front.get(key).map(|n| n.span.clone()).unwrap_or_default();
            d.error(
                    "date-order",
                    format!("`{key}` is before `{earlier_key}`"),
                    span,
                    format!("before {earlier_key}"),
                    Some("dates follow the incident: occurred <= detected <= contained <= resolved, and detected <= reported".into()),
                );
            continue;
        }
        latest = Some((key, value));
    }
}

fn decode_impact(d: &mut Decoder, node: &crate::yaml::Node, front: Fields) -> Impact {
    let anchor = front.key_span("impact").unwrap_or_default();
    let Some(fields) = d.fields_of(node, &anchor, "impact", IMPACT) else {
        return Impact::default();
    };
    Impact {
        cost: fields.get("cost").and_then(|n| d.number(n, "impact.cost")),
        currency: fields
            .get("currency")
            .and_then(|n| d.text(n, "impact.currency")),
        records: fields
            .get("records")
            .and_then(|n| d.integer(n, "impact.records", 0, u64::MAX)),
        downtime_hours: fields
            .get("downtime_hours")
            .and_then(|n| d.number(n, "impact.downtime_hours")),
    }
}
