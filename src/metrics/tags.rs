//! Incidents by tag: the dashboard's count and the incident list's tag
//! filter read the same figure.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::records::Incident;

/// How many incident records carry a tag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TagCount {
    pub tag: String,
    pub incidents: usize,
}

/// Per tag, the incident records that carry it (any nature: the incident
/// list shows every record), a record counted once however often it
/// repeats the tag. The most used first, ties by tag. The caller chooses
/// the incidents: the site leaves out those it does not show.
pub fn incidents_by_tag<'a>(incidents: impl IntoIterator<Item = &'a Incident>) -> Vec<TagCount> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for incident in incidents {
        let mut tags: Vec<&str> = incident.tags.iter().map(String::as_str).collect();
        tags.sort_unstable();
        tags.dedup();
        for tag in tags {
            *counts.entry(tag).or_default() += 1;
        }
    }
    let mut list: Vec<TagCount> = counts
        .into_iter()
        .map(|(tag, incidents)| TagCount {
            tag: tag.to_string(),
            incidents,
        })
        .collect();
    list.sort_by(|a, b| {
        b.incidents
            .cmp(&a.incidents)
            .then_with(|| a.tag.cmp(&b.tag))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, INCIDENT};

    fn tagged(id: &str, tags: &str) -> (String, String) {
        let line = format!("id: {id}\ntags: {tags}");
        (
            format!("records/{id}.md"),
            testing::with(INCIDENT, "id:", &line),
        )
    }

    #[test]
    fn counts_each_record_once_per_tag_most_used_first() {
        let settings = testing::settings(None, "2026-02-01");
        let files = [
            tagged("INC-1", "[phishing, email, phishing]"),
            tagged("INC-2", "[email]"),
            tagged("INC-3", "[vpn, email]"),
            tagged("INC-4", "[]"),
        ];
        let (book, diagnostics) = testing::load(&files, &settings);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let count = |tag: &str, incidents| TagCount {
            tag: tag.into(),
            incidents,
        };
        assert_eq!(
            incidents_by_tag(book.incidents.iter().map(|i| &**i)),
            [count("email", 3), count("phishing", 1), count("vpn", 1)]
        );
        assert_eq!(
            incidents_by_tag(book.incidents[3..].iter().map(|i| &**i)),
            []
        );
    }
}
