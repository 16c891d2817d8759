//! Format errors that need more than one record: duplicate IDs, references
//! to records that do not exist, reviews dated before their incident.

use std::collections::HashMap;

use super::Context;
use crate::diagnostics::{Diagnostic, Label};
use crate::records::{Kind, RecordId};
use crate::suggest;

pub fn check(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    duplicate_records(cx, &mut out);
    duplicate_actions(cx, &mut out);
    references(cx, &mut out);
    review_dates(cx, &mut out);
    out
}

fn duplicate_records(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut ids: Vec<&RecordId> = cx.book.ids.iter().collect();
    ids.sort_by(|a, b| (&a.id, a.file.path()).cmp(&(&b.id, b.file.path())));
    let mut first: HashMap<&str, &RecordId> = HashMap::new();
    for id in ids {
        match first.get(id.id.as_str()) {
            Some(original) => out.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!("ID `{}` is used by two records", id.id),
                    Label::new(&id.file, id.span.clone(), "used again here"),
                )
                .with_label(Label::new(
                    &original.file,
                    original.span.clone(),
                    "first used here",
                ))
                .with_help(
                    "IDs are unique across the repository and name the output page: rename one",
                ),
            ),
            None => {
                first.insert(&id.id, id);
            }
        }
    }
}

fn duplicate_actions(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, (&crate::records::Review, usize)> = HashMap::new();
    for review in &cx.book.reviews {
        for (index, action) in review.actions().iter().enumerate() {
            let path = format!("actions[{index}].id");
            match first.get(action.id.as_str()) {
                Some((other, other_index)) => out.push(
                    Diagnostic::error(
                        "duplicate-id",
                        format!("action ID `{}` is used twice", action.id),
                        Label::new(
                            &review.origin.file,
                            review.origin.value_span(&path),
                            "used again here",
                        ),
                    )
                    .with_label(Label::new(
                        &other.origin.file,
                        other
                            .origin
                            .value_span(&format!("actions[{other_index}].id")),
                        "first used here",
                    ))
                    .with_help("action IDs are unique across the repository"),
                ),
                None => {
                    first.insert(&action.id, (review, index));
                }
            }
        }
    }
}

fn references(cx: &Context, out: &mut Vec<Diagnostic>) {
    let kinds: HashMap<&str, Kind> = cx
        .book
        .ids
        .iter()
        .map(|id| (id.id.as_str(), id.kind))
        .collect();
    let of_kind = |kind: Kind| -> Vec<&str> {
        cx.book
            .ids
            .iter()
            .filter(|id| id.kind == kind)
            .map(|id| id.id.as_str())
            .collect()
    };
    let incidents = of_kind(Kind::Incident);
    let risks = of_kind(Kind::Risk);
    let check_risks = !risks.is_empty();
    for review in &cx.book.reviews {
        let mut wanted: Vec<(String, &str, Kind, &Vec<&str>)> = review
            .incidents
            .iter()
            .enumerate()
            .map(|(i, id)| {
                (
                    format!("incidents[{i}]"),
                    id.as_str(),
                    Kind::Incident,
                    &incidents,
                )
            })
            .collect();
        if let (Some(register), true) = (&review.risk_register, check_risks) {
            for (list, key) in [
                (&register.risks, "risks"),
                (&register.new_risks, "new_risks"),
            ] {
                for (i, id) in list.iter().enumerate() {
                    wanted.push((format!("risk_register.{key}[{i}]"), id, Kind::Risk, &risks));
                }
            }
            for (i, update) in register.updates.iter().enumerate() {
                wanted.push((
                    format!("risk_register.updates[{i}].risk"),
                    &update.risk,
                    Kind::Risk,
                    &risks,
                ));
            }
        }
        for (path, id, kind, candidates) in wanted {
            let problem = match kinds.get(id) {
                Some(found) if *found == kind => continue,
                Some(found) => format!("`{id}` is a {}, not a {}", found.as_str(), kind.as_str()),
                None => format!("no {} has the ID `{id}`", kind.as_str()),
            };
            let help = match suggest::did_you_mean(id, candidates.iter().copied()) {
                Some(candidate) => format!("did you mean `{candidate}`?"),
                None if kind == Kind::Risk => {
                    "add a risk record with this ID, or correct the reference".into()
                }
                None => format!("add the {} record, or correct the reference", kind.as_str()),
            };
            // Spans cost a second parse of the front matter: only for errors.
            let span = review.origin.value_span(&path);
            out.push(
                Diagnostic::error(
                    "unknown-reference",
                    problem,
                    Label::new(&review.origin.file, span, "not found"),
                )
                .with_help(help),
            );
        }
    }
}

fn review_dates(cx: &Context, out: &mut Vec<Diagnostic>) {
    for review in &cx.book.reviews {
        for incident in cx.covered(review) {
            if incident.detected.is_after(&review.date) {
                out.push(
                    Diagnostic::error(
                        "date-order",
                        format!("review is dated before {} was detected", incident.id),
                        Label::new(
                            &review.origin.file,
                            review.origin.value_span("date"),
                            "review date",
                        ),
                    )
                    .with_label(Label::new(
                        &incident.origin.file,
                        incident.origin.value_span("detected"),
                        "detected here",
                    ))
                    .with_help("a review is held after the incident it reviews was detected"),
                );
            }
        }
    }
}
