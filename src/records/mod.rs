//! The record model: incidents, reviews, risks and the actions inside
//! reviews. Pure data; parsing lives in `parse`, judgement in `validate`.

mod time;

use std::ops::Range;
use std::sync::Arc;

pub use time::Timestamp;

use crate::source::SourceFile;
use crate::yaml::Node;

/// Where a record came from, so rules can point at any of its keys.
#[derive(Clone, Debug)]
pub struct Origin {
    pub file: Arc<SourceFile>,
    /// The YAML between the fences.
    pub yaml: Range<usize>,
    /// The front matter tree with spans, parsed again only when a finding
    /// needs a position: keeping every record's tree would cost more memory
    /// than the records themselves.
    pub front: std::sync::OnceLock<Arc<Node>>,
    /// The opening `---` line.
    pub opening: Range<usize>,
    /// The markdown body after the closing `---` line.
    pub body: Range<usize>,
    /// Read without any format error; rules judge only clean records.
    pub clean: bool,
}

impl Origin {
    /// The front matter tree with spans (parsed on first use).
    pub fn front(&self) -> &Node {
        self.front.get_or_init(|| {
            let text = &self.file.text[self.yaml.clone()];
            Arc::new(
                crate::yaml::parse(text, self.yaml.start)
                    .unwrap_or_else(|_| Node::empty_map(self.opening.clone())),
            )
        })
    }

    /// The span of a key path (`actions[1].owner`): the key itself when it is
    /// there, else the deepest part of the path that is, else the opening line.
    pub fn span(&self, path: &str) -> Range<usize> {
        let mut prefix = path;
        loop {
            if let Some(span) = self.front().key_span(prefix) {
                return span;
            }
            if let (node, true) = self.front().walk(prefix)
                && !prefix.is_empty()
            {
                return node.span.clone();
            }
            match prefix.rfind(['.', '[']) {
                Some(at) => prefix = &prefix[..at],
                None => return self.opening.clone(),
            }
        }
    }

    /// The span of the value at a key path, falling back like `span`.
    pub fn value_span(&self, path: &str) -> Range<usize> {
        match self.front().walk(path) {
            (node, true) => node.span.clone(),
            _ => self.span(path),
        }
    }

    pub fn body_text(&self) -> &str {
        &self.file.text[self.body.clone()]
    }
}

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }

            #[allow(dead_code)] // not every enum is shown by name
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
    };
}

string_enum!(IncidentStatus { Open = "open", Contained = "contained", Resolved = "resolved", Closed = "closed" });
string_enum!(
    /// VERIS terms for how real the incident was.
    Nature { Confirmed = "confirmed", Suspected = "suspected", NearMiss = "near-miss", FalsePositive = "false-positive" }
);
string_enum!(Confidentiality { Internal = "internal", Restricted = "restricted" });
string_enum!(Method { FiveWhys = "five-whys", Fishbone = "fishbone", Other = "other" });
string_enum!(RootCauseCategory { People = "people", Process = "process", Technology = "technology", Supplier = "supplier", Environment = "environment" });
string_enum!(Outcome { Failed = "failed", Bypassed = "bypassed", Missing = "missing", Effective = "effective" });
string_enum!(ActionType { Technical = "technical", Training = "training", Process = "process", Policy = "policy", Risk = "risk" });
string_enum!(ActionStatus { Open = "open", InProgress = "in-progress", Done = "done", Cancelled = "cancelled" });
string_enum!(Treatment { Mitigate = "mitigate", Accept = "accept", Transfer = "transfer", Avoid = "avoid" });
string_enum!(RiskStatus { Open = "open", Closed = "closed" });

impl Outcome {
    /// Failed, bypassed or missing: the control did not do its job.
    pub fn is_failure(self) -> bool {
        !matches!(self, Outcome::Effective)
    }
}

impl ActionStatus {
    /// Open or in progress.
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Impact {
    pub cost: Option<f64>,
    pub currency: Option<String>,
    pub records: Option<u64>,
    pub downtime_hours: Option<f64>,
}

#[derive(Clone, Debug)]
pub struct Incident {
    pub origin: Origin,
    pub id: String,
    pub title: String,
    pub severity: String,
    /// Index of `severity` in policy.severities, lowest first.
    pub severity_rank: usize,
    pub category: String,
    pub variety: Option<String>,
    pub status: IncidentStatus,
    pub nature: Nature,
    pub review_waiver: Option<String>,
    /// Who decided the incident needs no review (a waiver, a near miss, a
    /// false positive), and when.
    pub decided_by: Option<String>,
    pub decided: Option<Timestamp>,
    pub occurred: Option<Timestamp>,
    pub detected: Timestamp,
    pub reported: Timestamp,
    pub contained: Option<Timestamp>,
    pub resolved: Option<Timestamp>,
    pub channel: Option<String>,
    pub reporter: Option<String>,
    pub assets: Vec<String>,
    pub personal_data: Option<bool>,
    pub impact: Impact,
    pub confidentiality: Confidentiality,
    pub tags: Vec<String>,
}

impl Incident {
    pub fn is_resolved(&self) -> bool {
        matches!(
            self.status,
            IncidentStatus::Resolved | IncidentStatus::Closed
        )
    }

    /// Confirmed or suspected: the natures that need a review once resolved.
    pub fn is_real(&self) -> bool {
        matches!(self.nature, Nature::Confirmed | Nature::Suspected)
    }

    pub fn is_restricted(&self) -> bool {
        self.confidentiality == Confidentiality::Restricted
    }

    /// Days from detection to `as_of` while the incident is still open or
    /// contained; `None` once it is resolved or closed. The one definition
    /// of an incident's age, for rule stale-incident and the pages.
    pub fn days_open(&self, as_of: chrono::NaiveDate) -> Option<i64> {
        matches!(
            self.status,
            IncidentStatus::Open | IncidentStatus::Contained
        )
        .then(|| (as_of - self.detected.date).num_days())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Participant {
    pub function: String,
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    pub reference: String,
    pub kind: Option<String>,
    pub access: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEntry {
    pub at: Timestamp,
    pub event: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RootCause {
    pub summary: String,
    pub category: RootCauseCategory,
    pub whys: Option<Vec<String>>,
    /// Fishbone categories in the order written, each with its causes.
    pub fishbone: Option<Vec<(String, Vec<String>)>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RiskUpdate {
    pub risk: String,
    pub likelihood: Option<(u8, u8)>,
    pub impact: Option<(u8, u8)>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RiskRegister {
    pub previously_documented: Option<bool>,
    pub risks: Vec<String>,
    pub updates: Vec<RiskUpdate>,
    pub new_risks: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ControlEvaluation {
    pub id: String,
    pub outcome: Outcome,
    pub note: Option<String>,
    /// Why a failed control gets no corrective action.
    pub accepted: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub due: Option<Timestamp>,
    pub controls: Vec<String>,
    pub kind: ActionType,
    pub status: ActionStatus,
    pub done: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Training {
    Planned {
        modules: Vec<String>,
        audiences: Vec<String>,
    },
    None {
        reason: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct ManagementReport {
    pub date: Timestamp,
    pub to: String,
}

/// The sign-off of a review.
#[derive(Clone, Debug, PartialEq)]
pub struct Approval {
    /// Who approved it: a role, or a person's name with `role`.
    pub by: String,
    pub role: Option<String>,
    pub date: Timestamp,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FollowUp {
    pub due: Option<Timestamp>,
    pub done: Option<Timestamp>,
    pub effective: Option<bool>,
    pub recurred: Option<bool>,
    pub auditor: Option<String>,
    pub note: Option<String>,
}

/// A post-incident review: the Record of Evidence. Keys whose absence a 5.27
/// rule reports (chair, timeline, controls, actions, training, follow_up,
/// risk_register, approval) are optional here so the rule, not a format
/// error, speaks.
#[derive(Clone, Debug)]
pub struct Review {
    pub origin: Origin,
    pub id: String,
    pub incidents: Vec<String>,
    pub date: Timestamp,
    pub chair: Option<String>,
    pub participants: Vec<Participant>,
    pub evidence: Vec<Evidence>,
    pub timeline: Option<Vec<TimelineEntry>>,
    pub method: Method,
    pub root_cause: RootCause,
    pub risk_register: Option<RiskRegister>,
    pub controls: Option<Vec<ControlEvaluation>>,
    pub lessons: Vec<String>,
    pub actions: Option<Vec<Action>>,
    pub training: Option<Training>,
    pub management_report: Option<ManagementReport>,
    pub follow_up: Option<FollowUp>,
    pub anonymised: Option<bool>,
    pub approval: Option<Approval>,
}

impl Review {
    pub fn actions(&self) -> &[Action] {
        self.actions.as_deref().unwrap_or_default()
    }

    /// The actions of this review that treat a control: those naming it in
    /// their `controls`, unless cancelled (a cancelled action changes
    /// nothing). Rule untreated-control-failure and the review page agree.
    pub fn actions_treating<'r>(&'r self, control: &'r str) -> impl Iterator<Item = &'r Action> {
        self.actions().iter().filter(move |action| {
            action.status != ActionStatus::Cancelled && action.controls.iter().any(|c| c == control)
        })
    }

    pub fn controls(&self) -> &[ControlEvaluation] {
        self.controls.as_deref().unwrap_or_default()
    }
}

#[derive(Clone, Debug)]
pub struct Risk {
    pub origin: Origin,
    pub id: String,
    pub title: String,
    pub owner: String,
    pub likelihood: u8,
    pub impact: u8,
    pub treatment: Treatment,
    pub controls: Vec<String>,
    pub status: RiskStatus,
}

#[derive(Clone, Debug)]
pub enum Record {
    // Shared: `serve` keeps the records it parsed from one rebuild to the
    // next, and a book made of them must not copy each one again.
    Incident(Arc<Incident>),
    Review(Arc<Review>),
    Risk(Arc<Risk>),
}

impl Record {
    pub fn origin_mut(&mut self) -> &mut Origin {
        match self {
            Record::Incident(record) => &mut Arc::make_mut(record).origin,
            Record::Review(record) => &mut Arc::make_mut(record).origin,
            Record::Risk(record) => &mut Arc::make_mut(record).origin,
        }
    }
}

string_enum!(Kind { Incident = "incident", Review = "review", Risk = "risk" });

/// The identity of every file whose `kind` and `id` could be read, even when
/// the rest of it could not: duplicate and reference checks need them all.
#[derive(Clone, Debug)]
pub struct RecordId {
    pub id: String,
    pub kind: Kind,
    pub file: Arc<SourceFile>,
    pub span: Range<usize>,
    /// For a review that could not be read into a record: the incident IDs
    /// its text names, so those incidents are not also reported unreviewed.
    pub covers: Vec<String>,
}

/// Every record of the book, each list sorted by ID.
#[derive(Clone, Debug, Default)]
pub struct Book {
    pub incidents: Vec<Arc<Incident>>,
    pub reviews: Vec<Arc<Review>>,
    pub risks: Vec<Arc<Risk>>,
    pub ids: Vec<RecordId>,
    /// Files read, records or not.
    pub files: usize,
}

impl Book {
    /// Replaces the text of each record file but those in `keep` with its
    /// markdown body alone, which is all a build reads of it once the
    /// records are checked and the build's inputs hashed: at 100,000
    /// records the front matter's text is most of some 300 MB held for the
    /// whole build. The paths stay; a record's front matter tree, its
    /// spans and its IDs' spans no longer point into the text, so this is
    /// for a build only, after `check` and the inputs key.
    pub fn keep_only_bodies(&mut self, keep: &std::collections::HashSet<*const SourceFile>) {
        // Each file once: its records and IDs share one `SourceFile`.
        let mut slimmed: std::collections::HashMap<*const SourceFile, Arc<SourceFile>> =
            std::collections::HashMap::new();
        let mut slim = |origin: &mut Origin| {
            let old = Arc::as_ptr(&origin.file);
            if keep.contains(&old) {
                return;
            }
            let file = slimmed
                .entry(old)
                .or_insert_with(|| {
                    SourceFile::new(origin.file.path.clone(), origin.body_text().to_string())
                })
                .clone();
            *origin = Origin {
                body: 0..file.text.len(),
                file,
                yaml: 0..0,
                front: std::sync::OnceLock::new(),
                opening: 0..0,
                clean: origin.clean,
            };
        };
        for incident in &mut self.incidents {
            slim(&mut Arc::make_mut(incident).origin);
        }
        for review in &mut self.reviews {
            slim(&mut Arc::make_mut(review).origin);
        }
        for risk in &mut self.risks {
            slim(&mut Arc::make_mut(risk).origin);
        }
        for id in &mut self.ids {
            if let Some(file) = slimmed.get(&Arc::as_ptr(&id.file)) {
                id.file = file.clone();
                id.span = 0..0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{load, settings};

    #[test]
    fn a_build_keeps_each_record_file_s_body_and_path_only_but_where_findings_point() {
        let settings = settings(None, "2026-07-15");
        let file = |id: &str, body: &str| {
            (
                format!("r/{id}.md"),
                format!(
                    "---\nkind: incident\nid: {id}\ntitle: {id}\nseverity: low\ncategory: error\nstatus: open\ndetected: 2026-01-10\n---\n{body}"
                ),
            )
        };
        let files = vec![
            file("INC-A", "# A\n\nBody *a*.\n"),
            file("INC-B", "Body b.\n"),
        ];
        let (mut book, diagnostics) = load(&files, &settings);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        book.incidents.sort_by(|a, b| a.id.cmp(&b.id));
        let b_file = Arc::as_ptr(&book.incidents[1].origin.file);
        let b_text = book.incidents[1].origin.file.text.clone();
        book.keep_only_bodies(&[b_file].into_iter().collect());

        let a = &book.incidents[0].origin;
        assert_eq!(a.file.text, "# A\n\nBody *a*.\n");
        assert_eq!(a.body_text(), "# A\n\nBody *a*.\n");
        assert_eq!(a.file.path(), std::path::Path::new("r/INC-A.md"));
        assert_eq!(book.incidents[0].id, "INC-A");
        // The ID points at the same, slimmed file.
        let id = book.ids.iter().find(|id| id.id == "INC-A").unwrap();
        assert!(Arc::ptr_eq(&id.file, &a.file));
        // A file a finding points into is left whole.
        let b = &book.incidents[1].origin;
        assert_eq!(Arc::as_ptr(&b.file), b_file);
        assert_eq!(b.file.text, b_text);
        assert_eq!(b.body_text(), "Body b.\n");
    }
}
