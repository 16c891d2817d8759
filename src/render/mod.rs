//! `lessonbook build`: metrics, views and templates to a static site, written
//! atomically. Record pages are rendered and written inside one parallel
//! loop; aggregate pages see only slim rows.

mod exports;
mod inputs;
pub mod markdown;
mod pages;
mod sample;
mod search;
pub(crate) mod view;

use anyhow::Result;
use rayon::prelude::*;

use crate::check::Checked;
use crate::config::Settings;
use crate::conformity::Conformity;
use crate::metrics::Analysis;
use crate::output::{KeyHasher, Output};
use crate::theme::{Site, Theme, base_context};
pub use inputs::inputs_key;
pub use sample::{Asked, sample_files};
use view::Views;

pub struct BuildOptions {
    pub include_restricted: bool,
}

/// Renders the site (record pages, aggregate pages, theme assets and data
/// exports) into `out`, one file at a time as it is rendered.
pub fn site(
    analysis: &Analysis,
    settings: &Settings,
    checked: &Checked,
    conformity: &Conformity,
    theme: &Theme,
    options: &BuildOptions,
    out: &dyn Output,
) -> Result<()> {
    let views = views(analysis, checked, options);
    let site = Site::new(settings, checked.recorded.footer());
    let risks = risk_views(&views);
    // The record pages, the aggregate pages and the search index read the
    // same views and write different files: side by side, the aggregate
    // pages and the index (mostly one thread each) fill the cores the
    // record pages leave idle. Errors are reported in this order.
    let (records, rest) = rayon::join(
        || write_record_pages(&views, &site, theme, &risks, build_key(&site, theme), out),
        || write_aggregate_pages_and_index(&views, &site, theme, checked, conformity, &risks, out),
    );
    records.and(rest)
}

/// One record's page, rendered alone, when `relative` names a record's
/// page (`incidents/ID.html`, `reviews/ID.html`, `risks/ID.html`): the
/// bytes [`site`] writes there. `serve` renders pages as they are asked for.
pub fn record_page(
    analysis: &Analysis,
    settings: &Settings,
    checked: &Checked,
    theme: &Theme,
    options: &BuildOptions,
    relative: &str,
) -> Result<Option<String>> {
    let Some((folder, id)) = relative
        .strip_suffix(".html")
        .and_then(|page| page.split_once('/'))
    else {
        return Ok(None);
    };
    let book = analysis.book;
    // Records are in ID order (`parse::assemble`).
    let position = match folder {
        "incidents" => book.incidents.binary_search_by(|r| r.id.as_str().cmp(id)),
        "reviews" => book.reviews.binary_search_by(|r| r.id.as_str().cmp(id)),
        "risks" => book.risks.binary_search_by(|r| r.id.as_str().cmp(id)),
        _ => return Ok(None),
    };
    let Ok(i) = position else {
        return Ok(None);
    };
    let views = views(analysis, checked, options);
    let site = Site::new(settings, checked.recorded.footer());
    let html = match folder {
        "incidents" => {
            let view = view::incident_view(&views, i, recurred_by(analysis).swap_remove(i));
            RecordPage::incident(&view).render(&site, theme, &view)?
        }
        "reviews" => {
            let view = view::review_view(&views, i);
            RecordPage::review(&view).render(&site, theme, &view)?
        }
        _ => {
            let events = view::risk_events(&views)
                .remove(&book.risks[i].id)
                .unwrap_or_default();
            let view = view::risk_view(&views, i, events);
            RecordPage::risk(&view).render(&site, theme, &view)?
        }
    };
    Ok(Some(html))
}

/// The pages and exports besides the records' own pages and the theme's
/// assets: lists, dashboard, compliance, trends, the files under `data/`
/// and the search index.
pub fn aggregate_pages(
    analysis: &Analysis,
    settings: &Settings,
    checked: &Checked,
    conformity: &Conformity,
    theme: &Theme,
    options: &BuildOptions,
    out: &dyn Output,
) -> Result<()> {
    let views = views(analysis, checked, options);
    let risks = risk_views(&views);
    let site = Site::new(settings, checked.recorded.footer());
    write_aggregate_pages_and_index(&views, &site, theme, checked, conformity, &risks, out)
}

/// The aggregate pages and exports, and beside them the search index.
fn write_aggregate_pages_and_index(
    views: &Views,
    site: &Site,
    theme: &Theme,
    checked: &Checked,
    conformity: &Conformity,
    risks: &[view::RiskView],
    out: &dyn Output,
) -> Result<()> {
    let (aggregate, search) = rayon::join(
        || write_aggregate_pages(views, site, theme, checked, conformity, risks, out),
        || search::write(views, out),
    );
    aggregate.and(search)
}

fn views<'a>(
    analysis: &'a Analysis<'a>,
    checked: &'a Checked,
    options: &BuildOptions,
) -> Views<'a> {
    Views::new(
        analysis,
        &checked.diagnostics,
        options.include_restricted,
        &checked.recorded,
    )
}

/// Per incident: the later incidents that recurred after it (same type or
/// repeat control failure), in index order.
fn recurred_by(analysis: &Analysis) -> Vec<Vec<view::Link>> {
    let book = analysis.book;
    let mut later: Vec<Vec<usize>> = vec![Vec::new(); book.incidents.len()];
    for found in analysis
        .recurrence
        .iter()
        .chain(&analysis.repeat_failure)
        .flatten()
    {
        later[found.earlier].push(found.incident);
    }
    later
        .into_iter()
        .map(|mut list| {
            list.sort_unstable();
            list.dedup();
            list.iter()
                .map(|&i| view::incident_link(&book.incidents[i].id))
                .collect()
        })
        .collect()
}

/// What every record page of a build is made from besides its view: this
/// binary (its code turns records into views and markdown into HTML), the
/// theme's files and the site's fields. `None` when the binary cannot be
/// told from another (its file unreadable): then every page is rendered.
fn build_key(site: &Site, theme: &Theme) -> Option<KeyHasher> {
    let binary = std::env::current_exe().and_then(std::fs::metadata).ok()?;
    let modified = binary
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let mut key = KeyHasher::new();
    key.part(env!("CARGO_PKG_VERSION").as_bytes())
        .part(&binary.len().to_le_bytes())
        .part(&modified.as_nanos().to_le_bytes())
        .part(&theme.fingerprint)
        .part(&serde_json::to_vec(site).ok()?);
    Some(key)
}

/// Writes the assets and the record pages. With a build key, each page is
/// written keyed by it and its view, so an unchanged page is not rendered
/// again ([`Output::write_keyed`]).
fn write_record_pages(
    views: &Views,
    site: &Site,
    theme: &Theme,
    risks: &[view::RiskView],
    build_key: Option<KeyHasher>,
    out: &dyn Output,
) -> Result<()> {
    let book = views.analysis.book;
    let recurred_by = recurred_by(views.analysis);
    for (path, bytes) in &theme.assets {
        out.write(path, bytes)?;
    }
    (0..book.incidents.len())
        .into_par_iter()
        .try_for_each(|i| {
            let incident = view::incident_view(views, i, recurred_by[i].clone());
            RecordPage::incident(&incident).write(site, theme, build_key.as_ref(), &incident, out)
        })?;
    (0..book.reviews.len()).into_par_iter().try_for_each(|r| {
        let review = view::review_view(views, r);
        RecordPage::review(&review).write(site, theme, build_key.as_ref(), &review, out)
    })?;
    risks.par_iter().try_for_each(|risk| {
        RecordPage::risk(risk).write(site, theme, build_key.as_ref(), risk, out)
    })
}

fn risk_views(views: &Views) -> Vec<view::RiskView> {
    let risks = &views.analysis.book.risks;
    let mut risk_events = view::risk_events(views);
    (0..risks.len())
        .map(|i| {
            view::risk_view(
                views,
                i,
                risk_events.remove(&risks[i].id).unwrap_or_default(),
            )
        })
        .collect()
}

fn write_aggregate_pages(
    views: &Views,
    site: &Site,
    theme: &Theme,
    checked: &Checked,
    conformity: &Conformity,
    risks: &[view::RiskView],
    out: &dyn Output,
) -> Result<()> {
    let report = views.analysis.report();
    let actions = exports::all_actions(views);
    let pages = pages::Pages {
        views,
        site,
        theme,
        report: &report,
        conformity,
        actions: &actions,
        risks,
    };
    pages.render_all(&checked.summary, out)?;
    out.write(
        "data/metrics.json",
        exports::metrics_json(&report).as_bytes(),
    )?;
    out.write(
        "data/incidents.json",
        exports::incidents_json(views).as_bytes(),
    )?;
    out.write(
        "data/actions.csv",
        exports::actions_csv(&actions).as_bytes(),
    )?;
    out.write(
        "data/findings.csv",
        exports::findings_csv(views, &checked.diagnostics).as_bytes(),
    )?;
    out.write(
        "data/deadlines.ics",
        exports::deadlines_ics(views, &actions, &views.settings.title).as_bytes(),
    )
}

/// The path from a record page back to the output root.
const ROOT: &str = "../";

/// One record's page: a template given the record's view.
struct RecordPage<'a> {
    template: &'static str,
    nav: &'static str,
    /// The name of the view in the template.
    key: &'static str,
    /// For error messages.
    what: String,
    url: &'a str,
}

impl<'a> RecordPage<'a> {
    fn incident(view: &'a view::IncidentView) -> RecordPage<'a> {
        RecordPage {
            template: "incident.html",
            nav: "incidents",
            key: "incident",
            what: format!("incident {}", view.row.id),
            url: &view.row.url,
        }
    }

    fn review(view: &'a view::ReviewView) -> RecordPage<'a> {
        RecordPage {
            template: "review.html",
            nav: "reviews",
            key: "review",
            what: format!("review {}", view.row.id),
            url: &view.row.url,
        }
    }

    fn risk(view: &'a view::RiskView) -> RecordPage<'a> {
        RecordPage {
            template: "risk.html",
            nav: "risks",
            key: "risk",
            what: format!("risk {}", view.id),
            url: &view.url,
        }
    }

    fn render(&self, site: &Site, theme: &Theme, view: &impl serde::Serialize) -> Result<String> {
        let mut context = base_context(site, ROOT, self.nav);
        context.insert(self.key, view);
        theme.render(self.template, &context, &self.what)
    }

    /// Writes the page, keyed by the build's key, the template and the view
    /// when there is a build key: the page's bytes are a function of these.
    fn write(
        &self,
        site: &Site,
        theme: &Theme,
        build_key: Option<&KeyHasher>,
        view: &impl serde::Serialize,
        out: &dyn Output,
    ) -> Result<()> {
        let render = || self.render(site, theme, view);
        let Some(build_key) = build_key else {
            return out.write(self.url, render()?.as_bytes());
        };
        let mut key = build_key.clone();
        key.part(self.template.as_bytes())
            .part(ROOT.as_bytes())
            .part(self.nav.as_bytes())
            .part(self.key.as_bytes());
        // Serialised whole, then hashed once: written straight into the
        // hasher, serde_json's many small writes each paid for a hasher
        // update (`write_all` and SHA-256 were 2.9 % and 2.0 % of a
        // 10,000-record build's samples, perf, 2026-12-03).
        key.part(&serde_json::to_vec(view)?);
        out.write_keyed(self.url, &key.finish(), &render)
    }
}
