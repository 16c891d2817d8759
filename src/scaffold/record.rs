//! The text of a new record, written from the field tables: every key the
//! parser or a rule expects, filled where the book already knows the
//! answer (IDs, dates, the functions a review needs) and left empty where
//! a person must write it, so `check` names exactly those keys. Optional
//! keys are shown commented out. Each key carries its table description.

use chrono::{Days, NaiveDate};

use crate::config::Policy;
use crate::fields::{self, Field, Presence};
use crate::records::{Incident, Timestamp};

/// What a new file says for one key.
enum Entry {
    /// `key: value`; an empty value is for a person to fill in.
    Value(String),
    /// `key:` then these lines, indented.
    Block(Vec<String>),
    /// `# key: hint`, for a key that is not needed yet.
    Commented,
}

fn empty() -> Entry {
    Entry::Value(String::new())
}

/// Front matter from a table and one entry per key, then the body.
fn write(
    table: &'static [Field],
    policy: &Policy,
    entry: impl Fn(&Field) -> Entry,
    body: &str,
) -> String {
    let mut out = String::from("---\n");
    for field in table {
        let about = describe(field);
        match entry(field) {
            Entry::Value(value) if value.is_empty() => {
                out.push_str(&format!("{}:  # {about}\n", field.key));
            }
            Entry::Value(value) => out.push_str(&format!("{}: {value}  # {about}\n", field.key)),
            Entry::Block(lines) => {
                out.push_str(&format!("# {about}\n{}:\n", field.key));
                for line in lines {
                    out.push_str(&format!("  {line}\n"));
                }
            }
            Entry::Commented => {
                // Uncommented, the line reads like the others.
                out.push_str(&format!(
                    "# {}: {}  # {about}\n",
                    field.key,
                    field.hint(policy)
                ));
            }
        }
    }
    out.push_str("---\n");
    out.push_str(body);
    out
}

fn describe(field: &Field) -> String {
    match field.presence {
        Presence::Expected(when) => format!("{}; expected: {when}", field.about),
        Presence::Required | Presence::Optional => field.about.to_string(),
    }
}

/// Lines of a map inside a list item (`- key: value`, then `  key: value`),
/// each with its description.
fn item(table: &'static [Field], values: &[(&str, String)]) -> Vec<String> {
    values
        .iter()
        .enumerate()
        .map(|(at, (key, value))| {
            let lead = if at == 0 { "- " } else { "  " };
            let about = describe(fields::field(table, key));
            let value = if value.is_empty() {
                String::new()
            } else {
                format!(" {value}")
            };
            format!("{lead}{key}:{value}  # {about}")
        })
        .collect()
}

/// A title as YAML: a JSON string is a valid YAML double-quoted scalar.
fn quoted(title: Option<&str>) -> String {
    title
        .map(|t| serde_json::to_string(t).expect("a string serialises"))
        .unwrap_or_default()
}

/// The body: headings for what the record must tell.
const INCIDENT_BODY: &str = "\n## What happened\n\n## How it was found\n\n## How it was handled\n";
const REVIEW_BODY: &str = "\n## Summary\n\n## Root cause analysis\n\n## What changes\n";
const RISK_BODY: &str = "\n## The risk\n\n## Treatment\n";

pub fn incident(id: &str, title: Option<&str>, today: NaiveDate, policy: &Policy) -> String {
    let entry = |field: &Field| match field.key {
        "kind" => Entry::Value("incident".into()),
        "id" => Entry::Value(id.into()),
        "title" => Entry::Value(quoted(title)),
        "status" => Entry::Value("open".into()),
        "detected" => Entry::Value(today.to_string()),
        "extra" => Entry::Commented,
        _ if matches!(field.presence, Presence::Required) => empty(),
        _ => Entry::Commented,
    };
    write(fields::INCIDENT, policy, entry, INCIDENT_BODY)
}

pub fn risk(id: &str, title: Option<&str>, policy: &Policy) -> String {
    let entry = |field: &Field| match field.key {
        "kind" => Entry::Value("risk".into()),
        "id" => Entry::Value(id.into()),
        "title" => Entry::Value(quoted(title)),
        "status" => Entry::Value("open".into()),
        _ if matches!(field.presence, Presence::Required) => empty(),
        _ => Entry::Commented,
    };
    write(fields::RISK, policy, entry, RISK_BODY)
}

/// What a new review knows beforehand.
pub struct ReviewDraft<'a> {
    pub id: &'a str,
    pub action_id: &'a str,
    pub today: NaiveDate,
    /// The incident reviewed, when `--incident` named one.
    pub incident: Option<&'a Incident>,
    pub timezone: chrono_tz::Tz,
}

/// The functions a review of `incident` must have (rule narrow-review):
/// every required function at or above the policy's "high", and at least
/// `min_functions`; the ones the policy does not name are left empty.
pub fn functions_needed(incident: Option<&Incident>, policy: &Policy) -> Vec<String> {
    let mut functions: Vec<String> = match incident {
        Some(incident) if incident.severity_rank >= policy.high => {
            policy.required_functions.clone()
        }
        _ => Vec::new(),
    };
    while functions.len() < policy.min_functions.max(1) {
        functions.push(String::new());
    }
    functions
}

fn shown(at: &Timestamp, tz: chrono_tz::Tz) -> String {
    if at.has_time {
        at.instant
            .with_timezone(&tz)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    } else {
        at.date.to_string()
    }
}

pub fn review(draft: &ReviewDraft, policy: &Policy) -> String {
    let incident = draft.incident;
    let significant = incident.is_none_or(|i| i.severity_rank >= policy.significant);
    let follow_up_due = draft
        .today
        .checked_add_days(Days::new(policy.follow_up_after_days.into()))
        .unwrap_or(draft.today);
    let entry = |field: &Field| match field.key {
        "kind" => Entry::Value("review".into()),
        "id" => Entry::Value(draft.id.into()),
        "incidents" => match incident {
            Some(incident) => Entry::Value(format!("[{}]", incident.id)),
            None => empty(),
        },
        "date" => Entry::Value(draft.today.to_string()),
        "chair" | "lessons" | "training" => empty(),
        "participants" => Entry::Block(
            functions_needed(incident, policy)
                .into_iter()
                .flat_map(|function| item(fields::PARTICIPANT, &[("function", function)]))
                .collect(),
        ),
        "timeline" if significant => Entry::Block(timeline(incident, draft.timezone)),
        // Rule not-reported asks significant reviews for it.
        "management_report" if significant => empty(),
        "method" => Entry::Value("five-whys".into()),
        "root_cause" => Entry::Block(vec![
            format!(
                "summary:  # {}",
                describe(fields::field(fields::ROOT_CAUSE, "summary"))
            ),
            format!(
                "category:  # {}",
                fields::field(fields::ROOT_CAUSE, "category").hint(policy)
            ),
            format!(
                "whys:  # at least {} (policy min_whys), one a line: - why ...",
                policy.min_whys
            ),
        ]),
        "risk_register" => Entry::Block(vec![format!(
            "previously_documented:  # {}",
            describe(fields::field(
                fields::RISK_REGISTER,
                "previously_documented"
            ))
        )]),
        "controls" => Entry::Block(item(
            fields::CONTROL,
            &[("id", String::new()), ("outcome", String::new())],
        )),
        "actions" => Entry::Block(item(
            fields::ACTION,
            &[
                ("id", draft.action_id.to_string()),
                ("title", String::new()),
                ("owner", String::new()),
                ("due", String::new()),
                ("controls", String::new()),
                ("type", String::new()),
                ("status", "open".into()),
            ],
        )),
        "follow_up" => Entry::Block(vec![format!(
            "due: {follow_up_due}  # {} days after the review (policy follow_up_after_days)",
            policy.follow_up_after_days
        )]),
        "anonymised" => Entry::Value("false".into()),
        // Rule unapproved-review asks every review for its sign-off.
        "approval" => empty(),
        _ => Entry::Commented,
    };
    write(fields::REVIEW, policy, entry, REVIEW_BODY)
}

/// The incident's own dates as timeline entries whose events a person
/// writes; at least the two entries rule no-timeline asks for.
fn timeline(incident: Option<&Incident>, tz: chrono_tz::Tz) -> Vec<String> {
    let mut times: Vec<String> = incident
        .map(|i| {
            [Some(i.detected), i.contained, i.resolved]
                .into_iter()
                .flatten()
                .map(|at| shown(&at, tz))
                .collect()
        })
        .unwrap_or_default();
    while times.len() < 2 {
        times.push(String::new());
    }
    times
        .into_iter()
        .flat_map(|at| item(fields::TIMELINE, &[("at", at), ("event", String::new())]))
        .collect()
}
