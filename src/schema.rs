//! JSON Schema (draft 2020-12) of the records' front matter, generated from
//! the field tables the parser reads (`fields`), with the book's policy
//! words as enums. No I/O.

use serde_json::{Map, Value, json};

use crate::config::Policy;
use crate::controls;
use crate::fields::{self, Field, Presence, Type};
use crate::records::Kind;

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The pattern `parse::decode::is_valid_id` accepts.
const ID_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

/// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` (or `T`, seconds) and RFC 3339 with an
/// offset, as `records::Timestamp::parse` reads them. The schema checks the
/// shape; `lessonbook check` checks the calendar.
const DATE_PATTERN: &str =
    r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$";

/// The schema of one kind's front matter, or (`None`) one document holding
/// all three under `$defs`, chosen by `kind`.
pub fn document(kind: Option<Kind>, policy: &Policy) -> Value {
    match kind {
        Some(kind) => {
            let mut schema = record(kind, policy);
            let object = schema
                .as_object_mut()
                .expect("a record schema is an object");
            object.insert("$schema".into(), json!(DRAFT));
            object.insert(
                "$id".into(),
                json!(format!("lessonbook-{}.json", kind.as_str())),
            );
            schema
        }
        None => {
            let kinds = [Kind::Incident, Kind::Review, Kind::Risk];
            let defs: Map<String, Value> = kinds
                .iter()
                .map(|&kind| (kind.as_str().to_string(), record(kind, policy)))
                .collect();
            let choices: Vec<Value> = kinds
                .iter()
                .map(|kind| {
                    json!({
                        "if": {"properties": {"kind": {"const": kind.as_str()}}, "required": ["kind"]},
                        "then": {"$ref": format!("#/$defs/{}", kind.as_str())},
                    })
                })
                .collect();
            json!({
                "$schema": DRAFT,
                "$id": "lessonbook.json",
                "title": "lessonbook record front matter",
                "description": "The YAML front matter of a lessonbook record; `kind` says which.",
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"enum": Kind::NAMES, "description": "what this record is"}},
                "allOf": choices,
                "$defs": defs,
            })
        }
    }
}

fn record(kind: Kind, policy: &Policy) -> Value {
    let mut schema = object(fields::table(kind), policy);
    let object = schema.as_object_mut().expect("a map schema is an object");
    object.insert(
        "title".into(),
        json!(format!("lessonbook {} front matter", kind.as_str())),
    );
    schema
}

/// A map with exactly these keys: `required` lists those the parser
/// requires; keys a rule expects say so in their description, since a
/// book may turn the rule off.
fn object(table: &[Field], policy: &Policy) -> Value {
    let properties: Map<String, Value> = table
        .iter()
        .map(|field| (field.key.to_string(), property(field, policy)))
        .collect();
    let required: Vec<&str> = table
        .iter()
        .filter(|field| matches!(field.presence, Presence::Required))
        .map(|field| field.key)
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn property(field: &Field, policy: &Policy) -> Value {
    let mut schema = value(&field.ty, policy);
    let description = match field.presence {
        Presence::Expected(when) => format!("{} (expected: {when})", field.about),
        Presence::Required | Presence::Optional => field.about.to_string(),
    };
    if let Some(object) = schema.as_object_mut() {
        object.insert("description".into(), json!(description));
    }
    schema
}

fn value(ty: &Type, policy: &Policy) -> Value {
    match ty {
        Type::Kind(word) => json!({"const": word}),
        Type::Text => json!({"type": "string", "pattern": r"\S"}),
        Type::AnyText => json!({"type": "string"}),
        Type::Id => json!({"type": "string", "pattern": ID_PATTERN}),
        Type::Date => json!({"type": "string", "pattern": DATE_PATTERN}),
        Type::Bool => json!({"type": "boolean"}),
        Type::Number => json!({"type": "number"}),
        Type::Integer { min, max } if *max == u64::MAX => {
            json!({"type": "integer", "minimum": min})
        }
        Type::Integer { min, max } => json!({"type": "integer", "minimum": min, "maximum": max}),
        Type::OneOf(words) => json!({"enum": words}),
        Type::Policy(list) => json!({"enum": list.values(policy)}),
        Type::Control => json!({"enum": controls::ids().collect::<Vec<_>>()}),
        Type::List(item) => json!({"type": "array", "items": value(item, policy)}),
        Type::NonEmptyList(item) => {
            json!({"type": "array", "items": value(item, policy), "minItems": 1})
        }
        Type::Map(table) => object(table, policy),
        Type::MapOf(item) => json!({"type": "object", "additionalProperties": value(item, policy)}),
        Type::BeforeAfter => json!({
            "type": "array",
            "items": {"type": "integer", "minimum": 1, "maximum": 5},
            "minItems": 2,
            "maxItems": 2,
        }),
        Type::Free => json!({"type": "object"}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_schema_lists_its_required_keys_and_policy_words() {
        let policy = Policy {
            severities: vec!["minor".into(), "major".into()],
            ..Policy::default()
        };
        let schema = document(Some(Kind::Incident), &policy);
        assert_eq!(schema["$schema"], DRAFT);
        assert_eq!(
            schema["required"],
            json!([
                "kind", "id", "title", "severity", "category", "status", "detected"
            ])
        );
        assert_eq!(
            schema["properties"]["severity"]["enum"],
            json!(["minor", "major"])
        );
        assert_eq!(schema["properties"]["kind"]["const"], "incident");
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(
            schema["properties"]["impact"]["properties"]["records"],
            json!({"type": "integer", "minimum": 0, "description": "how many data records were affected"})
        );
    }

    #[test]
    fn the_whole_document_chooses_a_definition_by_kind() {
        let schema = document(None, &Policy::default());
        let defs = schema["$defs"].as_object().unwrap();
        assert_eq!(
            defs.keys().collect::<Vec<_>>(),
            ["incident", "review", "risk"]
        );
        assert_eq!(schema["allOf"][1]["then"]["$ref"], "#/$defs/review");
        let action = &defs["review"]["properties"]["actions"]["items"];
        assert_eq!(action["required"], json!(["id", "title", "type", "status"]));
        assert!(
            action["properties"]["owner"]["description"]
                .as_str()
                .unwrap()
                .ends_with("(expected: rule no-corrective-action)")
        );
        assert_eq!(
            defs["review"]["properties"]["controls"]["items"]["properties"]["id"]["enum"]
                .as_array()
                .unwrap()
                .len(),
            93
        );
    }
}
