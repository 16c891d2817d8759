//! Front matter of `kind: risk` to a `Risk`.

use super::decode::Decoder;
use crate::fields::RISK;
use crate::records::{Origin, Risk, RiskStatus, Treatment};

pub fn decode(d: &mut Decoder, origin: &Origin, front: &crate::yaml::Node) -> Option<Risk> {
    let front = d.fields_of(front, &origin.opening, "", RISK)?;
    let id = d
        .require(front, RISK, "id")
        .and_then(|n| d.id(n, "risk ID"));
    let title = d
        .require(front, RISK, "title")
        .and_then(|n| d.text(n, "title"));
    let owner = d
        .require(front, RISK, "owner")
        .and_then(|n| d.text(n, "owner"));
    let likelihood = d
        .require(front, RISK, "likelihood")
        .and_then(|n| d.integer(n, "likelihood", 1, 5));
    let impact = d
        .require(front, RISK, "impact")
        .and_then(|n| d.integer(n, "impact", 1, 5));
    let treatment = d
        .require(front, RISK, "treatment")
        .and_then(|n| d.one_of(n, "treatment", Treatment::NAMES))
        .and_then(|s| Treatment::parse(&s));
    let controls = front
        .get("controls")
        .and_then(|n| d.controls(n, "controls"))
        .unwrap_or_default();
    let status = d
        .require(front, RISK, "status")
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
