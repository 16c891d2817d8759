//! What every rule needs to look up: incidents by ID, the reviews of each
//! incident, the policy, the Statement of Applicability and the as-of date. Built once per run.

// foldhash: these maps are keyed by record IDs and built on every check.
use foldhash::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::config::{Policy, Settings, Soa};
use crate::provenance::Recorded;
use crate::records::{Book, Incident, Review};
use crate::recurrence;

pub struct Context<'a> {
    pub book: &'a Book,
    pub policy: &'a Policy,
    pub today: NaiveDate,
    pub recorded: &'a Recorded,
    /// The Statement of Applicability, when one is declared.
    pub soa: Option<&'a Soa>,
    incidents: HashMap<&'a str, usize>,
    /// Per incident index: the reviews naming it, by index, oldest first.
    reviews_of: Vec<Vec<usize>>,
    /// Incidents named by a review that could not be read into a record.
    named_by_unread_review: HashSet<&'a str>,
}

impl<'a> Context<'a> {
    pub fn new(book: &'a Book, settings: &'a Settings, recorded: &'a Recorded) -> Context<'a> {
        let mut reviews_of = recurrence::reviews_by_incident(book);
        for reviews in &mut reviews_of {
            reviews.sort_by_key(|&r| (book.reviews[r].date.instant, r));
        }
        Context {
            book,
            policy: &settings.policy,
            today: settings.today,
            recorded,
            soa: settings.soa.as_ref(),
            incidents: book
                .incidents
                .iter()
                .enumerate()
                .map(|(i, inc)| (inc.id.as_str(), i))
                .collect(),
            reviews_of,
            named_by_unread_review: book
                .ids
                .iter()
                .flat_map(|id| id.covers.iter().map(String::as_str))
                .collect(),
        }
    }

    /// Incidents to judge: those read without format errors. Records with
    /// errors still count as references, but rules skip them so one mistake
    /// does not cascade into findings that vanish once it is fixed.
    pub fn incidents(&self) -> impl Iterator<Item = &'a Incident> + use<'a> {
        self.book
            .incidents
            .iter()
            .map(|incident| &**incident)
            .filter(|incident| incident.origin.clean)
    }

    /// Reviews to judge: those read without format errors.
    pub fn reviews(&self) -> impl Iterator<Item = &'a Review> + use<'a> {
        self.book
            .reviews
            .iter()
            .map(|review| &**review)
            .filter(|review| review.origin.clean)
    }

    /// Per incident index: the reviews naming it, oldest first.
    pub fn review_lists(&self) -> &[Vec<usize>] {
        &self.reviews_of
    }

    pub fn incident(&self, id: &str) -> Option<&'a Incident> {
        self.incidents.get(id).map(|&i| &*self.book.incidents[i])
    }

    /// The reviews naming an incident, oldest first.
    pub fn reviews_of(&self, incident: &Incident) -> impl Iterator<Item = &'a Review> + '_ {
        let index = self.incidents.get(incident.id.as_str()).copied();
        index.into_iter().flat_map(move |i| {
            self.reviews_of[i]
                .iter()
                .map(move |&r| &*self.book.reviews[r])
        })
    }

    /// The incidents a review covers that exist.
    pub fn covered(&self, review: &'a Review) -> impl Iterator<Item = &'a Incident> + '_ {
        review.incidents.iter().filter_map(|id| self.incident(id))
    }

    /// Whether a review that could not be read (its YAML is broken, say)
    /// names this incident: its format error is then the finding to fix.
    pub fn named_by_unread_review(&self, incident: &Incident) -> bool {
        self.named_by_unread_review.contains(incident.id.as_str())
    }

    pub fn is_significant(&self, incident: &Incident) -> bool {
        incident.severity_rank >= self.policy.significant
    }

    /// A review is significant when any incident it covers is.
    pub fn review_is_significant(&self, review: &'a Review) -> bool {
        self.covered(review)
            .any(|incident| self.is_significant(incident))
    }

    /// A review is high when any incident it covers is at or above the
    /// policy's "high" level: then every required function must take part.
    pub fn review_is_high(&self, review: &'a Review) -> bool {
        self.covered(review)
            .any(|incident| incident.severity_rank >= self.policy.high)
    }
}
