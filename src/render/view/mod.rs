//! What templates see: plain serialisable views of the records, built with
//! confidentiality applied. A restricted incident, and every review that
//! covers one, shows its structure (IDs, dates, severities, outcomes) but
//! none of its text unless the build includes restricted records.

mod actions;
mod incident;
mod provenance;
mod review;
mod risk;

// foldhash: keyed by record IDs and paths, built on every rebuild.
use foldhash::HashMap;

use serde::Serialize;

pub use actions::{ActionView, action_views};
pub use incident::{IncidentRow, IncidentView, decided_by, incident_row, incident_view};
pub use provenance::{ProvenanceView, provenance_view};
pub use review::{FollowUpView, ReviewRow, ReviewView, review_row, review_view};
pub use risk::{RiskChange, RiskEvent, RiskView, risk_events, risk_view};

use crate::config::Settings;
use crate::controls;
use crate::diagnostics::{Diagnostic, Severity};
use crate::metrics::Analysis;
use crate::provenance::Recorded;
use crate::records::Timestamp;

/// Shown instead of the text of a restricted record.
pub const RESTRICTED: &str = "[restricted]";

#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub id: String,
    /// Relative to the output root; templates prefix `root`.
    pub url: String,
}

pub fn incident_link(id: &str) -> Link {
    Link {
        id: id.to_string(),
        url: format!("incidents/{id}.html"),
    }
}

pub fn review_link(id: &str) -> Link {
    Link {
        id: id.to_string(),
        url: format!("reviews/{id}.html"),
    }
}

pub fn risk_link(id: &str) -> Link {
    Link {
        id: id.to_string(),
        url: format!("risks/{id}.html"),
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ControlRef {
    pub id: String,
    pub title: String,
    pub theme: String,
    /// Anchor on the controls page.
    pub url: String,
}

pub fn control_ref(id: &str) -> ControlRef {
    let control = controls::find(id);
    ControlRef {
        id: id.to_string(),
        title: control.map_or("", |c| c.title).to_string(),
        theme: control.map_or("", |c| c.theme).to_string(),
        url: format!("controls.html#control-{}", id.replace('.', "-")),
    }
}

/// A date as written: `2026-01-10`, or `2026-01-10 08:00` in the book's zone.
pub fn show(timestamp: &Timestamp, settings: &Settings) -> String {
    if timestamp.has_time {
        use chrono::Timelike;
        let local = timestamp
            .instant
            .with_timezone(&settings.timezone)
            .naive_local();
        let mut text = day(local.date());
        text.push(' ');
        push_digits(&mut text, local.hour(), 2);
        text.push(':');
        push_digits(&mut text, local.minute(), 2);
        text
    } else {
        day(timestamp.date)
    }
}

/// `2026-01-10`, written digit by digit: every record's view shows many
/// dates, and `Display` (through the formatter a character at a time) was
/// a tenth of building the views.
pub fn day(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let year = date.year();
    if !(0..=9999).contains(&year) {
        return date.to_string();
    }
    let mut text = String::with_capacity(16);
    push_digits(&mut text, year as u32, 4);
    text.push('-');
    push_digits(&mut text, date.month(), 2);
    text.push('-');
    push_digits(&mut text, date.day(), 2);
    text
}

/// `value`'s last `width` decimal digits, zero-padded.
pub(crate) fn push_digits(text: &mut String, value: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = value / 10u32.pow(place) % 10;
        text.push(char::from(b'0' + digit as u8));
    }
}

pub fn show_opt(timestamp: Option<&Timestamp>, settings: &Settings) -> Option<String> {
    timestamp.map(|t| show(t, settings))
}

/// A finding shown on a record page or the compliance page.
#[derive(Clone, Debug, Serialize)]
pub struct FindingView {
    pub rule: String,
    pub severity: String,
    pub message: String,
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The page of the record the finding is about, when it has one.
    pub record: Option<Link>,
}

/// Everything the per-record views need to look up, built once.
pub struct Views<'a> {
    pub analysis: &'a Analysis<'a>,
    pub settings: &'a Settings,
    pub include_restricted: bool,
    /// Each record file's git history.
    pub recorded: &'a Recorded,
    /// Record file path → findings in it.
    pub findings: HashMap<String, Vec<FindingView>>,
    /// Per review index: whether it covers a restricted incident.
    review_restricted: Vec<bool>,
    /// Record file path → the record's page.
    pages: HashMap<String, Link>,
    /// The files of restricted records, whose paths are not shown.
    hidden_files: std::collections::HashSet<String>,
}

impl<'a> Views<'a> {
    /// A record body as sanitised HTML.
    pub fn body_html(&self, markdown: &str) -> String {
        super::markdown::to_html(markdown)
    }

    pub fn new(
        analysis: &'a Analysis<'a>,
        diagnostics: &[Diagnostic],
        include_restricted: bool,
        recorded: &'a Recorded,
    ) -> Views<'a> {
        let book = analysis.book;
        let pages: HashMap<String, Link> = book
            .incidents
            .iter()
            .map(|i| {
                (
                    i.origin.file.path().display().to_string(),
                    incident_link(&i.id),
                )
            })
            .chain(book.reviews.iter().map(|r| {
                (
                    r.origin.file.path().display().to_string(),
                    review_link(&r.id),
                )
            }))
            .chain(
                book.risks
                    .iter()
                    .map(|r| (r.origin.file.path().display().to_string(), risk_link(&r.id))),
            )
            .collect();
        let restricted_ids: std::collections::HashSet<&str> = book
            .incidents
            .iter()
            .filter(|i| i.is_restricted())
            .map(|i| i.id.as_str())
            .collect();
        let review_restricted: Vec<bool> = book
            .reviews
            .iter()
            .map(|r| {
                !include_restricted
                    && r.incidents
                        .iter()
                        .any(|id| restricted_ids.contains(id.as_str()))
            })
            .collect();
        // A file name can say what a restricted record is about: hidden too.
        let hidden_files: std::collections::HashSet<String> = book
            .incidents
            .iter()
            .filter(|i| i.is_restricted() && !include_restricted)
            .map(|i| i.origin.file.path().display().to_string())
            .chain(
                book.reviews
                    .iter()
                    .zip(&review_restricted)
                    .filter(|(_, hidden)| **hidden)
                    .map(|(r, _)| r.origin.file.path().display().to_string()),
            )
            .collect();
        let mut views = Views {
            analysis,
            settings: analysis.settings,
            include_restricted,
            recorded,
            findings: HashMap::default(),
            review_restricted,
            pages,
            hidden_files,
        };
        for d in diagnostics {
            let view = views.finding_view(d);
            let path = d.primary.file.path().display().to_string();
            views.findings.entry(path).or_default().push(view);
        }
        views
    }

    /// A diagnostic as the pages and `data/findings.csv` show it: a
    /// restricted record's path is `[restricted]`.
    pub fn finding_view(&self, d: &Diagnostic) -> FindingView {
        let path = d.primary.file.path().display().to_string();
        let at = d.primary.line_col();
        FindingView {
            rule: d.rule.to_string(),
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            }
            .to_string(),
            message: d.message.clone(),
            line: at.map(|(line, _)| line),
            column: at.map(|(_, column)| column),
            record: self.pages.get(&path).cloned(),
            path: if self.hidden_files.contains(&path) {
                RESTRICTED.to_string()
            } else {
                path
            },
        }
    }

    pub fn findings_for(&self, file: &crate::source::SourceFile) -> Vec<FindingView> {
        let path = file.path();
        // The map is keyed by the shown path; most paths are UTF-8 already,
        // and looking them up as they are spares a string per record.
        let found = match path.to_str() {
            Some(text) => self.findings.get(text),
            None => self.findings.get(&path.display().to_string()),
        };
        found.cloned().unwrap_or_default()
    }

    pub fn review_is_restricted(&self, index: usize) -> bool {
        self.review_restricted[index]
    }

    /// The source path to show: none for a restricted record's file.
    pub fn source_of(&self, file: &crate::source::SourceFile, hidden: bool) -> String {
        if hidden {
            RESTRICTED.to_string()
        } else {
            file.path().display().to_string()
        }
    }

    pub fn incident_is_hidden(&self, incident: &crate::records::Incident) -> bool {
        incident.is_restricted() && !self.include_restricted
    }

    /// Every finding, in diagnostic order, for the compliance page.
    pub fn all_findings(&self) -> Vec<FindingView> {
        let mut all: Vec<FindingView> = self.findings.values().flatten().cloned().collect();
        all.sort_by(|a, b| (&a.path, a.line, &a.rule).cmp(&(&b.path, b.line, &b.rule)));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_as_iso_dates_whatever_the_year() {
        let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(day(date(2026, 1, 5)), "2026-01-05");
        assert_eq!(day(date(2026, 12, 31)), "2026-12-31");
        assert_eq!(day(date(5, 10, 9)), "0005-10-09");
        // Outside what four digits hold, as chrono writes them.
        assert_eq!(day(date(10000, 1, 1)), "+10000-01-01");
        assert_eq!(day(date(-1, 1, 1)), "-0001-01-01");
    }

    #[test]
    fn times_are_shown_in_the_books_zone() {
        let settings = crate::testing::settings(
            Some("[book]\ntitle = \"T\"\n[build]\ntimezone = \"Europe/Berlin\"\n"),
            "2026-04-01",
        );
        let instant = chrono::DateTime::parse_from_rfc3339("2026-03-29T00:59:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let at = |has_time| Timestamp {
            date: instant.date_naive(),
            instant,
            has_time,
        };
        assert_eq!(show(&at(true), &settings), "2026-03-29 01:59");
        assert_eq!(show(&at(false), &settings), "2026-03-29");
        let later = instant + chrono::Duration::hours(1);
        let summer = Timestamp {
            date: later.date_naive(),
            instant: later,
            has_time: true,
        };
        // Past the change to summer time, two hours ahead.
        assert_eq!(show(&summer, &settings), "2026-03-29 03:59");
    }
}
