//! The controls and recurrence pages.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::Pages;
use crate::chart_data;
use crate::controls;
use crate::format;
use crate::recurrence::Recurrence;
use crate::render::view::{self, IncidentRow, Link};

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
            reviews: Vec<(Link, String)>,
            actions: Vec<Link>,
        }
        let mut outcomes: HashMap<&str, Vec<(Link, String)>> = HashMap::new();
        for review in &self.analysis().book.reviews {
            for evaluation in review.controls() {
                outcomes.entry(evaluation.id.as_str()).or_default().push((
                    view::review_link(&review.id),
                    evaluation.outcome.as_str().to_string(),
                ));
            }
        }
        let mut actions: HashMap<&str, Vec<Link>> = HashMap::new();
        for action in self.actions {
            for control in &action.controls {
                let link = Link {
                    id: action.id.clone(),
                    url: format!("{}#action-{}", action.review.url, action.id),
                };
                actions
                    .entry(controls::find(&control.id).map_or("", |c| c.id))
                    .or_default()
                    .push(link);
            }
        }
        let all = &self.report.all;
        let soa = self.views.settings.soa.as_ref();
        let mut themes: Vec<(&str, Vec<ControlRow>)> = Vec::new();
        for control in controls::all() {
            let reviews = outcomes.remove(control.id).unwrap_or_default();
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
                reviews,
                actions: actions.remove(control.id).unwrap_or_default(),
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

    pub(super) fn fill_recurrence(&self, c: &mut tera::Context) {
        let analysis = self.analysis();
        let all = &self.report.all;
        c.insert(
            "recurrence",
            &self.recurrence_section(
                &analysis.recurrence,
                all.recurrences,
                format::percent(all.recurrence_rate),
            ),
        );
        c.insert(
            "repeat",
            &self.recurrence_section(
                &analysis.repeat_failure,
                all.repeat_control_failures,
                format::percent(all.repeat_control_failure_rate),
            ),
        );
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
        found: &[Option<Recurrence>],
        count: usize,
        rate: String,
    ) -> Section {
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
        let mut list: Vec<Vec<ClusterStep>> = clusters
            .into_values()
            .filter(|members| members.len() > 1)
            .map(|mut members| {
                members.sort_by_key(|&i| (book.incidents[i].detected.instant, i));
                members
                    .into_iter()
                    .map(|i| {
                        let found = found[i].as_ref();
                        ClusterStep {
                            incident: view::incident_row(self.views, i),
                            key: found.map(|f| f.key.clone()),
                            preceded_by: found
                                .map(|f| view::review_link(&book.reviews[f.review].id)),
                            after_fix: found.is_some_and(|f| f.after_fix),
                            fixed_by: found
                                .and_then(|f| f.fixed_by)
                                .map(|r| view::review_link(&book.reviews[r].id)),
                        }
                    })
                    .collect()
            })
            .collect();
        list.sort_by(|a, b| {
            b.len()
                .cmp(&a.len())
                .then_with(|| a[0].incident.detected_day.cmp(&b[0].incident.detected_day))
        });
        let mut key_counts: BTreeMap<String, usize> = BTreeMap::new();
        for found in found.iter().flatten() {
            *key_counts.entry(found.key.clone()).or_default() += 1;
        }
        let mut keys: Vec<(String, usize)> = key_counts.into_iter().collect();
        keys.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Section {
            count,
            rate,
            clusters: list,
            keys,
        }
    }
}

#[derive(Serialize)]
struct ClusterStep {
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
    clusters: Vec<Vec<ClusterStep>>,
    keys: Vec<(String, usize)>,
}
