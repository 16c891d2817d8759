//! The front matter's fields, per record kind, as data: key, type, whether
//! it is required, what it means and what to write. The parser takes its
//! known keys and its "add `key: ...`" hints from here, `schema` turns the
//! same tables into JSON Schema and `new` writes records from them, so the
//! three cannot disagree. Pure data; no parsing.

use crate::config::Policy;
use crate::records::{
    ActionStatus, ActionType, Confidentiality, IncidentStatus, Method, Nature, Outcome, RiskStatus,
    RootCauseCategory, Treatment,
};

/// One key of a record's front matter (or of a map inside it).
#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    pub ty: Type,
    pub presence: Presence,
    /// What the key means, in one line: YAML comments of `new` and the
    /// schema's `description`.
    pub about: &'static str,
    /// What to write, as the "add `key: ...`" help shows it; empty for a
    /// choice of words, whose hint is the words themselves.
    pub hint: &'static str,
}

#[derive(Debug)]
pub enum Presence {
    /// The parser reports it missing.
    Required,
    Optional,
    /// Required by a rule or by another value, which the text names
    /// ("rule no-chair", "when status is resolved or closed"): the parser
    /// accepts the record without it.
    Expected(&'static str),
}

/// The values a book's `[policy]` lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyList {
    Severities,
    Categories,
    Channels,
}

impl PolicyList {
    pub fn values(self, policy: &Policy) -> &[String] {
        match self {
            PolicyList::Severities => &policy.severities,
            PolicyList::Categories => &policy.categories,
            PolicyList::Channels => &policy.channels,
        }
    }
}

#[derive(Debug)]
pub enum Type {
    /// The `kind` key: this exact word.
    Kind(&'static str),
    /// Text that must not be empty.
    Text,
    /// Text, empty allowed.
    AnyText,
    /// A record or action ID (`parse::decode::is_valid_id`).
    Id,
    /// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or RFC 3339.
    Date,
    Bool,
    Number,
    /// A whole number in `min..=max`.
    Integer {
        min: u64,
        max: u64,
    },
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// One of the words a `[policy]` list holds.
    Policy(PolicyList),
    /// An Annex A 2022 control ID, as a string.
    Control,
    List(&'static Type),
    /// A list with at least one item.
    NonEmptyList(&'static Type),
    /// A map with these keys.
    Map(&'static [Field]),
    /// A map of any keys to values of one type.
    MapOf(&'static Type),
    /// `[before, after]`, each 1 to 5.
    BeforeAfter,
    /// A map of anything (`extra`).
    Free,
}

impl Field {
    /// The hint shown after `key: ` in help and in new files; a policy
    /// list's words are the book's.
    pub fn hint(&self, policy: &Policy) -> String {
        match &self.ty {
            Type::Policy(list) if self.hint.is_empty() => list.values(policy).join(" | "),
            _ => self.fixed_hint(),
        }
    }

    /// The hint of a field whose words do not depend on the policy.
    pub fn fixed_hint(&self) -> String {
        match &self.ty {
            _ if !self.hint.is_empty() => self.hint.to_string(),
            Type::OneOf(words) => words.join(" | "),
            other => unreachable!("field `{}` ({other:?}) has no fixed hint", self.key),
        }
    }

    /// The fields of a map, or of the maps of a list.
    #[cfg(test)]
    pub fn children(&self) -> Option<&'static [Field]> {
        match &self.ty {
            Type::Map(fields) => Some(fields),
            Type::List(Type::Map(fields)) | Type::NonEmptyList(Type::Map(fields)) => Some(fields),
            _ => None,
        }
    }
}

/// The field named `key` of a table. Every caller names a key of the
/// table (a unit test reads each decoder against its table), so a miss is
/// a bug.
pub fn field(table: &'static [Field], key: &str) -> &'static Field {
    table
        .iter()
        .find(|field| field.key == key)
        .unwrap_or_else(|| panic!("no field `{key}` in the table"))
}

const fn required(key: &'static str, ty: Type, about: &'static str, hint: &'static str) -> Field {
    Field {
        key,
        ty,
        presence: Presence::Required,
        about,
        hint,
    }
}

const fn optional(key: &'static str, ty: Type, about: &'static str, hint: &'static str) -> Field {
    Field {
        key,
        ty,
        presence: Presence::Optional,
        about,
        hint,
    }
}

const fn expected(
    key: &'static str,
    ty: Type,
    when: &'static str,
    about: &'static str,
    hint: &'static str,
) -> Field {
    Field {
        key,
        ty,
        presence: Presence::Expected(when),
        about,
        hint,
    }
}

const EXTRA: Field = optional("extra", Type::Free, "free-form data, any keys", "{}");

#[rustfmt::skip]
pub const INCIDENT: &[Field] = &[
    required("kind", Type::Kind("incident"), "what this record is", "incident"),
    required("id", Type::Id, "the incident's ID, unique in the book", "INC-2026-001"),
    required("title", Type::Text, "what happened, in one line", "a one-line summary"),
    required("severity", Type::Policy(PolicyList::Severities), "how serious, from [policy] severities (lowest first)", ""),
    required("category", Type::Policy(PolicyList::Categories), "the VERIS action category, from [policy] categories", ""),
    optional("variety", Type::Text, "the kind of incident within its category, e.g. phishing, ransomware (lowercased for grouping)", "phishing"),
    required("status", Type::OneOf(IncidentStatus::NAMES), "where handling stands; closed = reviewed and actions agreed", ""),
    optional("nature", Type::OneOf(Nature::NAMES), "how real it was (default confirmed); false positives need no review", ""),
    optional("review_waiver", Type::Text, "why no review is needed (only below [policy] significant)", "the reason no review is needed"),
    expected("decided_by", Type::Text, "rule undecided-exemption, with a review_waiver or nature near-miss or false-positive", "who decided that no review is needed: a role where possible", "a role"),
    expected("decided", Type::Date, "rule undecided-exemption, with a review_waiver or nature near-miss or false-positive", "when it was decided that no review is needed", "YYYY-MM-DD"),
    optional("occurred", Type::Date, "when the incident started, when known", "YYYY-MM-DD HH:MM"),
    required("detected", Type::Date, "when it was detected", "YYYY-MM-DD HH:MM"),
    optional("reported", Type::Date, "when it was reported (default: detected)", "YYYY-MM-DD HH:MM"),
    optional("contained", Type::Date, "when the harm was stopped from spreading", "YYYY-MM-DD HH:MM"),
    expected("resolved", Type::Date, "when status is resolved or closed", "when recovery was complete", "YYYY-MM-DD (when recovery was complete)"),
    optional("channel", Type::Policy(PolicyList::Channels), "how it was reported, from [policy] channels", ""),
    optional("reporter", Type::Text, "who reported it: a role, not a person, where possible", "a role"),
    optional("assets", Type::List(&Type::Text), "asset register IDs of the assets involved", "[AST-001]"),
    optional("personal_data", Type::Bool, "whether personal data was involved", "true | false"),
    optional("impact", Type::Map(IMPACT), "what it cost", "{cost: 0, currency: GBP}"),
    optional("confidentiality", Type::OneOf(Confidentiality::NAMES), "restricted keeps its text out of every output (default internal)", ""),
    optional("tags", Type::List(&Type::Text), "free labels", "[tag]"),
    EXTRA,
];

#[rustfmt::skip]
pub const IMPACT: &[Field] = &[
    optional("cost", Type::Number, "the cost, in `currency`", "0"),
    optional("currency", Type::Text, "the currency of `cost`, e.g. GBP", "GBP"),
    optional("records", Type::Integer { min: 0, max: u64::MAX }, "how many data records were affected", "0"),
    optional("downtime_hours", Type::Number, "hours of service lost", "0"),
];

#[rustfmt::skip]
pub const REVIEW: &[Field] = &[
    required("kind", Type::Kind("review"), "what this record is", "review"),
    required("id", Type::Id, "the review's ID, unique in the book", "PIR-2026-001"),
    required("incidents", Type::NonEmptyList(&Type::Id), "the incidents this review covers", "[INC-2026-001]"),
    required("date", Type::Date, "when the review was held", "YYYY-MM-DD (when the review was held)"),
    expected("chair", Type::AnyText, "rule no-chair", "who chaired the review, e.g. the lead auditor", "a role"),
    required("participants", Type::List(&Type::Map(PARTICIPANT)), "the cross-functional review team", "[{function: IT, name: ...}]"),
    optional("evidence", Type::List(&Type::Map(EVIDENCE)), "logs, tickets and files the review relied on", "[{ref: TICKET-1}]"),
    expected("timeline", Type::List(&Type::Map(TIMELINE)), "rule no-timeline, for significant incidents", "what happened when, two entries or more", "[{at: YYYY-MM-DD HH:MM, event: ...}]"),
    required("method", Type::OneOf(Method::NAMES), "how the root cause was found", ""),
    required("root_cause", Type::Map(ROOT_CAUSE), "the root cause found", "{summary: ..., category: ...}"),
    expected("risk_register", Type::Map(RISK_REGISTER), "rule risk-register-not-checked", "whether the risk was in the register, and what changed there", "{previously_documented: true}"),
    expected("controls", Type::List(&Type::Map(CONTROL)), "rule no-control-evaluation", "the Annex A controls evaluated and how each did", "[{id: \"5.17\", outcome: failed}]"),
    required("lessons", Type::NonEmptyList(&Type::Text), "what the organisation learnt", "[what the organisation learnt]"),
    expected("actions", Type::List(&Type::Map(ACTION)), "rule no-corrective-action", "the corrective actions agreed", "[{id: ACT-2026-001, ...}]"),
    expected("training", Type::Map(TRAINING), "rule no-training-decision", "training planned ({modules, audiences}) or why none ({none: reason})", "{none: reason}"),
    optional("management_report", Type::Map(MANAGEMENT_REPORT), "when and to whom the review was reported", "{date: YYYY-MM-DD, to: Board}"),
    expected("follow_up", Type::Map(FOLLOW_UP), "rule no-follow-up", "the follow-up audit of whether the actions worked", "{due: YYYY-MM-DD}"),
    optional("anonymised", Type::Bool, "the author confirms personal data is removed", "true"),
    expected("approval", Type::Map(APPROVAL), "rule unapproved-review", "who signed the review off, and when (on or after the review date)", "{by: <role>, date: YYYY-MM-DD}"),
    EXTRA,
];

#[rustfmt::skip]
pub const APPROVAL: &[Field] = &[
    required("by", Type::Text, "who approved the review: a role where possible", "a role"),
    optional("role", Type::Text, "the approver's role, when `by` names a person", "a role"),
    required("date", Type::Date, "when the review was approved, on or after its date", "YYYY-MM-DD"),
];

#[rustfmt::skip]
pub const PARTICIPANT: &[Field] = &[
    required("function", Type::Text, "the business function taking part", "IT"),
    optional("name", Type::Text, "who took part", "a name"),
];

#[rustfmt::skip]
pub const EVIDENCE: &[Field] = &[
    required("ref", Type::Text, "a ticket, log or file reference", "a ticket, log or file reference"),
    optional("kind", Type::Text, "what kind of evidence, e.g. log, ticket", "log"),
    optional("access", Type::List(&Type::Text), "the roles allowed to see it", "[Security]"),
];

#[rustfmt::skip]
pub const TIMELINE: &[Field] = &[
    required("at", Type::Date, "when", "YYYY-MM-DD HH:MM"),
    required("event", Type::Text, "what happened", "what happened"),
];

#[rustfmt::skip]
pub const ROOT_CAUSE: &[Field] = &[
    required("summary", Type::Text, "the root cause in one sentence", "the root cause in one sentence"),
    required("category", Type::OneOf(RootCauseCategory::NAMES), "what kind of cause", ""),
    optional("whys", Type::List(&Type::Text), "the chain of whys (five-whys: at least [policy] min_whys)", "[why 1, why 2, ...]"),
    optional("fishbone", Type::MapOf(&Type::List(&Type::Text)), "causes by category (fishbone: at least two categories)", "{people: [...], process: [...]}"),
];

#[rustfmt::skip]
pub const RISK_REGISTER: &[Field] = &[
    optional("previously_documented", Type::Bool, "whether the risk was already in the register", "true | false"),
    optional("risks", Type::List(&Type::Id), "the register's risks this incident bears on", "[RISK-001]"),
    optional("updates", Type::List(&Type::Map(RISK_UPDATE)), "scores changed because of this incident", "[{risk: RISK-001, likelihood: [3, 4]}]"),
    optional("new_risks", Type::List(&Type::Id), "risks added to the register", "[RISK-002]"),
];

#[rustfmt::skip]
pub const RISK_UPDATE: &[Field] = &[
    required("risk", Type::Id, "the risk updated", "RISK-001"),
    optional("likelihood", Type::BeforeAfter, "likelihood [before, after], 1 to 5", "[3, 2]"),
    optional("impact", Type::BeforeAfter, "impact [before, after], 1 to 5", "[3, 2]"),
];

#[rustfmt::skip]
pub const CONTROL: &[Field] = &[
    required("id", Type::Control, "the Annex A 2022 control, quoted", "\"5.17\""),
    required("outcome", Type::OneOf(Outcome::NAMES), "how the control did", ""),
    optional("note", Type::Text, "what the review found", "a note"),
    optional("accepted", Type::Text, "why a failed, bypassed or missing control gets no action (rule untreated-control-failure)", "the reason no action is taken"),
];

#[rustfmt::skip]
pub const ACTION: &[Field] = &[
    required("id", Type::Id, "the action's ID, unique in the book", "ACT-2026-001"),
    required("title", Type::Text, "what will change", "what will change"),
    expected("owner", Type::Text, "rule no-corrective-action", "who sees it done: a role", "a role"),
    expected("due", Type::Date, "rule no-corrective-action", "when it is due", "YYYY-MM-DD"),
    expected("controls", Type::List(&Type::Control), "rule no-corrective-action", "the Annex A controls it changes", "[\"5.17\"]"),
    required("type", Type::OneOf(ActionType::NAMES), "what kind of change", ""),
    required("status", Type::OneOf(ActionStatus::NAMES), "where it stands", ""),
    expected("done", Type::Date, "when status is done", "when it was done", "YYYY-MM-DD (when it was done)"),
];

#[rustfmt::skip]
pub const TRAINING: &[Field] = &[
    optional("modules", Type::List(&Type::Text), "the training modules planned", "[module]"),
    optional("audiences", Type::List(&Type::Text), "who takes them", "[audience]"),
    optional("none", Type::AnyText, "why no training is needed (instead of modules)", "the reason"),
];

#[rustfmt::skip]
pub const MANAGEMENT_REPORT: &[Field] = &[
    required("date", Type::Date, "when it was reported", "YYYY-MM-DD"),
    required("to", Type::Text, "to whom", "the committee or person"),
];

#[rustfmt::skip]
pub const FOLLOW_UP: &[Field] = &[
    required("due", Type::Date, "when the follow-up audit is due", "YYYY-MM-DD (about six months after the review)"),
    optional("done", Type::Date, "when it was held", "YYYY-MM-DD"),
    optional("effective", Type::Bool, "whether the actions worked", "true | false"),
    optional("recurred", Type::Bool, "whether the incident type happened again", "true | false"),
    optional("auditor", Type::Text, "who audits", "Internal Audit"),
    optional("note", Type::Text, "what the audit found", "a note"),
];

#[rustfmt::skip]
pub const RISK: &[Field] = &[
    required("kind", Type::Kind("risk"), "what this record is", "risk"),
    required("id", Type::Id, "the risk's ID, unique in the book", "RISK-001"),
    required("title", Type::Text, "the risk in one line", "the risk in one line"),
    required("owner", Type::Text, "who owns the risk: a role", "a role"),
    required("likelihood", Type::Integer { min: 1, max: 5 }, "how likely, 1 (rare) to 5 (almost certain)", "1-5"),
    required("impact", Type::Integer { min: 1, max: 5 }, "how bad, 1 (minor) to 5 (severe)", "1-5"),
    required("treatment", Type::OneOf(Treatment::NAMES), "what the organisation does about it", ""),
    optional("controls", Type::List(&Type::Control), "the Annex A controls that treat it", "[\"5.17\"]"),
    required("status", Type::OneOf(RiskStatus::NAMES), "whether the risk is still open", ""),
    EXTRA,
];

/// The top table of each kind, by the `kind` word.
pub fn table(kind: crate::records::Kind) -> &'static [Field] {
    match kind {
        crate::records::Kind::Incident => INCIDENT,
        crate::records::Kind::Review => REVIEW,
        crate::records::Kind::Risk => RISK,
    }
}

#[cfg(test)]
mod tests;
