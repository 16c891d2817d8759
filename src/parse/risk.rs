//! Front matter of `kind: risk` to a `Risk`.

use super::decode::Decoder;
use crate::records::{Origin, Risk, RiskStatus, Treatment};

const KEYS: &[&str] = &[
    "kind",
    "id",
    "title",
    "owner",
    "likelihood",
    "impact",
    "treatment",
    "controls",
    "status",
    "extra",
];

pub fn decode(d: &mut Decoder, origin: &Origin, front: &crate::yaml::Node) -> Option<Risk> {
    let front = d.fields(front, &origin.opening, "", KEYS)?;
    let id = d
        .required(front, "id", "RISK-001")
        .and_then(|n| d.id(n, "risk ID"));
    let title = d
        .required(front, "title", "the risk in one line")
        .and_then(|n| d.text(n, "title"));
    let owner = d
        .required(front, "owner", "a role")
        .and_then(|n| d.text(n, "owner"));
    let likelihood = d
        .required(front, "likelihood", "1-5")
        .and_then(|n| d.integer(n, "likelihood", 1, 5));
    let impact = d
        .required(front, "impact", "1-5")
        .and_then(|n| d.integer(n, "impact", 1, 5));
    let treatment = d
        .required(front, "treatment", "mitigate | accept | transfer | avoid")
        .and_then(|n| d.one_of(n, "treatment", Treatment::NAMES))
        .and_then(|s| Treatment::parse(&s));
    let controls = front
        .get("controls")
        .and_then(|n| d.controls(n, "controls"))
        .unwrap_or_default();
    let status = d
        .required(front, "status", "open | closed")
        .and_then(|n| d.one_of(n, "risk status", RiskStatus::NAMES))
        .and_then(|s| RiskStatus::parse(&s));
    if let Some(extra) = front.get("extra") {
        d.free_map(extra, "extra");
    }
    Some(Risk {
        origin: origin.clone(),
        id: id?,
        title: title?,
        owner: owner?,
        likelihood: likelihood? as u8,
        impact: impact? as u8,
        treatment: treatment?,
        controls,
        status: status?,
    })
}
