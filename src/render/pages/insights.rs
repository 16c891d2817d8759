//! The controls and recurrence pages.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use serde::Serialize;

use super::Pages;
use super::listing::{Filter, ListPage, Listing};
use crate::chart_data;
use crate::controls;
use crate::format;
use crate::output::Output;
use crate::recurrence::Recurrence;
use crate::render::view::{self, IncidentRow, Link};

/// How many reviews and actions a control's row links to; the reviews and
/// actions lists, filtered by the control, have the rest.
pub const LINKS_PER_CELL: usize = 10;

impl Pages<'_> {
    pub(super) fn fill_controls(&self, c: &mut tera::Context) {
        #[derive(Serialize)]
        struct ControlRow {
            id: &'static str,
            anchor: String,
            title: &'static str,
            applicable: bool,
            /// Why the Statement of Applicability excludes it.
            justification: Option<String>,
            failed: usize,
            effective: usize,
            /// The latest reviews that evaluated it, with the outcome, of
            /// `reviews_total`; the reviews list, filtered, has them all.
            reviews: Vec<(Link, String)>,
            reviews_total: usize,
            actions: Vec<Link>,
            actions_total: usize,
        }
        // Per control, the reviews that evaluated it, latest first.
        let book = self.analysis().book;
        let mut outcomes: HashMap<&str, Vec<(usize, &str)>> = HashMap::new();
        for (r, review) in book.reviews.iter().enumerate() {
            for evaluation in review.controls() {
                outcomes
                    .entry(evaluation.id.as_str())
                    .or_default()
                    .push((r, evaluation.outcome.as_str()));
            }
        }
        let mut actions: HashMap<&str, Vec<&view::ActionView>> = HashMap::new();
        for action in self.actions {
            for control in &action.controls {
                actions
                    .entry(controls::find(&control.id).map_or("", |c| c.id))
                    .or_default()
                    .push(action);
            }
        }
        let all = &self.report.all;
        let soa = self.views.settings.soa.as_ref();
        let mut themes: Vec<(&str, Vec<ControlRow>)> = Vec::new();
        for control in controls::all() {
            let mut reviews = outcomes.remove(control.id).unwrap_or_default();
            reviews.sort_by(|&(a, _), &(b, _)| {
                (book.reviews[b].date.instant, b).cmp(&(book.reviews[a].date.instant, a))
            });
            let mut strengthening = actions.remove(control.id).unwrap_or_default();
            strengthening.sort_by(|a, b| (&b.review.id, &b.id).cmp(&(&a.review.id, &a.id)));
            let justification = soa
                .and_then(|soa| soa.exclusion(control.id))
                .map(str::to_string);
            let row = ControlRow {
                id: control.id,
                anchor: format!("control-{}", control.id.replace('.', "-")),
                title: control.title,
                applicable: justification.is_none(),
                justification,
                failed: all.control_failures.get(control.id).copied().unwrap_or(0),
                effective: all.control_effective.get(control.id).copied().unwrap_or(0),
                reviews_total: reviews.len(),
                reviews: reviews
                    .iter()
                    .take(LINKS_PER_CELL)
                    .map(|&(r, outcome)| {
                        (view::review_link(&book.reviews[r].id), outcome.to_string())
                    })
                    .collect(),
                actions_total: strengthening.len(),
                actions: strengthening
                    .iter()
                    .take(LINKS_PER_CELL)
                    .map(|action| Link {
                        id: action.id.clone(),
                        url: format!("{}#action-{}", action.review.url, action.id),
                    })
                    .collect(),
            };
            match themes.last_mut() {
                Some((theme, rows)) if *theme == control.theme => rows.push(row),
                _ => themes.push((control.theme, vec![row])),
            }
        }
        c.insert("themes", &themes);
        c.insert("soa_source", &soa.map(|soa| soa.source));
        let excluded = soa.map_or(0, |soa| soa.excluded.len());
        c.insert("excluded", &excluded);
        c.insert("applicable", &(controls::all().len() - excluded));
        c.insert("top", &chart_data::top_failed_controls(self.report));
        c.insert("heatmap", &chart_data::control_heatmap(self.report));
    }

    pub(super) fn write_recurrence(&self, out: &dyn Output) -> Result<()> {
        let analysis = self.analysis();
        let all = &self.report.all;
        let recurrence = self.recurrence_section(
            Listing {
                name: "recurrences",
                title: "Recurrences: clusters",
                ..cluster_listing()
            },
            &analysis.recurrence,
            all.recurrences,
            format::percent(all.recurrence_rate),
            out,
        )?;
        let repeat = self.recurrence_section(
            Listing {
                name: "repeat-control-failures",
                title: "Repeat control failures: clusters",
                ..cluster_listing()
            },
            &analysis.repeat_failure,
            all.repeat_control_failures,
            format::percent(all.repeat_control_failure_rate),
            out,
        )?;
        let html = self.render("recurrence.html", "", "recurrence", |c| {
            c.insert("recurrence", &recurrence);
            c.insert("repeat", &repeat);
            self.fill_recurrence(c);
        })?;
        out.write("recurrence.html", html.as_bytes())
    }

    fn fill_recurrence(&self, c: &mut tera::Context) {
        let all = &self.report.all;
        c.insert("all", all);
        c.insert("window", &self.views.settings.policy.recurrence_window_days);
        c.insert(
            "rate_chart",
            &chart_data::recurrence_rate(&chart_data::last_quarters(self.report, 8)),
        );
    }

    /// Clusters of incidents linked by one kind of match (union-find over
    /// the links, near-linear), and the keys that matched most.
    fn recurrence_section(
        &self,
        listing: Listing,
        found: &[Option<Recurrence>],
        count: usize,
        rate: String,
        out: &dyn Output,
    ) -> Result<Section> {
        let book = self.analysis().book;
        let n = book.incidents.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for (i, found) in found.iter().enumerate() {
            if let Some(found) = found {
                let (a, b) = (find(&mut parent, i), find(&mut parent, found.earlier));
                parent[a.max(b)] = a.min(b);
            }
        }
        let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..n {
            let root = find(&mut parent, i);
            clusters.entry(root).or_default().push(i);
        }
        let mut list: Vec<Vec<usize>> = clusters
            .into_values()
            .filter(|members| members.len() > 1)
            .map(|mut members| {
                members.sort_by_key(|&i| (book.incidents[i].detected.instant, i));
                members
            })
            .collect();
        list.sort_by(|a, b| {
            b.len().cmp(&a.len()).then_with(|| {
                book.incidents[a[0]]
                    .detected
                    .date
                    .cmp(&book.incidents[b[0]].detected.date)
            })
        });
        let clusters = list.len();
        let steps: Vec<ClusterStep> = list
            .iter()
            .enumerate()
            .flat_map(|(number, members)| {
                members.iter().enumerate().map(move |(position, &i)| {
                    let found = found[i].as_ref();
                    ClusterStep {
                        cluster: number + 1,
                        size: members.len(),
                        first: position == 0,
                        incident: view::incident_row(self.views, i),
                        key: found.map(|f| f.key.clone()),
                        preceded_by: found.map(|f| view::review_link(&book.reviews[f.review].id)),
                        after_fix: found.is_some_and(|f| f.after_fix),
                        fixed_by: found
                            .and_then(|f| f.fixed_by)
                            .map(|r| view::review_link(&book.reviews[r].id)),
                    }
                })
            })
            .collect();
        let list = self.write_list(&listing, &steps, out)?;
        let mut key_counts: BTreeMap<String, usize> = BTreeMap::new();
        for found in found.iter().flatten() {
            *key_counts.entry(found.key.clone()).or_default() += 1;
        }
        let mut keys: Vec<(String, usize)> = key_counts.into_iter().collect();
        keys.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(Section {
            count,
            rate,
            clusters,
            list,
            keys,
        })
    }
}

fn cluster_listing() -> Listing {
    Listing {
        name: "",
        title: "",
        host: "recurrence.html",
        nav: "recurrence",
        templates: "recurrence",
        empty: "None.",
        filters: vec![Filter::text("ID, title, key")],
    }
}

/// One incident of a cluster: a row of the section's list.
#[derive(Serialize)]
struct ClusterStep {
    /// The cluster's number (1 is the largest) and its size.
    cluster: usize,
    size: usize,
    /// The cluster's first incident, the earliest detected: the one no
    /// key links to an earlier one (each incident links to at most one
    /// earlier, so a cluster has one such).
    first: bool,
    incident: IncidentRow,
    key: Option<String>,
    preceded_by: Option<Link>,
    after_fix: bool,
    fixed_by: Option<Link>,
}

/// One kind of match on the recurrence page.
#[derive(Serialize)]
struct Section {
    /// Over the whole history, from metrics.json's `all`.
    count: usize,
    rate: String,
    clusters: usize,
    list: ListPage,
    keys: Vec<(String, usize)>,
}
