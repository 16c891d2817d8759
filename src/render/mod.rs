//! `lessonbook build`: metrics, views and templates to a static site, written
//! atomically. Record pages are rendered and written inside one parallel
//! loop; aggregate pages see only slim rows.

mod exports;
pub mod markdown;
mod pages;
pub(crate) mod view;

use anyhow::Result;
use rayon::prelude::*;

use crate::check::Checked;
use crate::config::Settings;
use crate::metrics::Analysis;
use crate::output::Output;
use crate::theme::{Site, Theme, base_context};
use view::Views;

pub struct BuildOptions<'a> {
    pub include_restricted: bool,
    /// Bodies rendered by earlier rebuilds (serve); None for a build.
    pub markdown: Option<&'a markdown::Memo>,
}

/// Renders the site (record pages, aggregate pages, theme assets and data
/// exports) into `out`, one file at a time as it is rendered.
pub fn site(
    analysis: &Analysis,
    settings: &Settings,
    checked: &Checked,
    theme: &Theme,
    options: &BuildOptions,
    out: &dyn Output,
) -> Result<()> {
    let staging = out;
    let book = &checked.book;
    let mut views = Views::new(analysis, &checked.diagnostics, options.include_restricted);
    views.markdown = options.markdown;
    let site = Site::new(settings);
    let mut later: Vec<Vec<usize>> = vec![Vec::new(); book.incidents.len()];
    for found in analysis
        .recurrence
        .iter()
        .chain(&analysis.repeat_failure)
        .flatten()
    {
        later[found.earlier].push(found.incident);
    }
    let recurred_by: Vec<Vec<view::Link>> = later
        .into_iter()
        .map(|mut list| {
            list.sort_unstable();
            list.dedup();
            list.iter()
                .map(|&i| view::incident_link(&book.incidents[i].id))
                .collect()
        })
        .collect();

    for (path, bytes) in &theme.assets {
        staging.write(path, bytes)?;
    }
    (0..book.incidents.len())
        .into_par_iter()
        .try_for_each(|i| {
            let incident = view::incident_view(&views, i, recurred_by[i].clone());
            let page = RecordPage {
                template: "incident.html",
                nav: "incidents",
                key: "incident",
                what: format!("incident {}", incident.row.id),
                url: &incident.row.url,
            };
            page.write(&site, theme, &incident, staging)
        })?;
    (0..book.reviews.len()).into_par_iter().try_for_each(|r| {
        let review = view::review_view(&views, r);
        let page = RecordPage {
            template: "review.html",
            nav: "reviews",
            key: "review",
            what: format!("review {}", review.row.id),
            url: &review.row.url,
        };
        page.write(&site, theme, &review, staging)
    })?;
    let mut risk_events = view::risk_events(&views);
    let risk_views: Vec<view::RiskView> = (0..book.risks.len())
        .map(|i| {
            view::risk_view(
                &views,
                i,
                risk_events.remove(&book.risks[i].id).unwrap_or_default(),
            )
        })
        .collect();
    risk_views.par_iter().try_for_each(|risk| {
        let page = RecordPage {
            template: "risk.html",
            nav: "risks",
            key: "risk",
            what: format!("risk {}", risk.id),
            url: &risk.url,
        };
        page.write(&site, theme, risk, staging)
    })?;

    let report = analysis.report();
    let actions = exports::all_actions(&views);
    let pages = pages::Pages {
        views: &views,
        site: &site,
        theme,
        report: &report,
        diagnostics: &checked.diagnostics,
        actions: &actions,
        risks: &risk_views,
    };
    pages.render_all(&checked.summary, staging)?;
    staging.write(
        "data/metrics.json",
        exports::metrics_json(&report).as_bytes(),
    )?;
    staging.write(
        "data/incidents.json",
        exports::incidents_json(&views).as_bytes(),
    )?;
    staging.write(
        "data/actions.csv",
        exports::actions_csv(&actions).as_bytes(),
    )?;
    staging.write(
        "data/deadlines.ics",
        exports::deadlines_ics(&views, &actions, &settings.title).as_bytes(),
    )?;

    Ok(())
}

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

impl RecordPage<'_> {
    /// Renders and writes the page; a writer that remembers the previous
    /// build keeps the page instead when the record's view is unchanged (the
    /// view holds everything the page shows, links to other records too).
    fn write(
        &self,
        site: &Site,
        theme: &Theme,
        view: &impl serde::Serialize,
        out: &dyn Output,
    ) -> Result<()> {
        let fingerprint = out
            .remembers()
            .then(|| crate::output::fingerprint(&(self.template, view)));
        if let Some(fingerprint) = fingerprint
            && out.keep(self.url, fingerprint)
        {
            return Ok(());
        }
        let mut context = base_context(site, "../", self.nav);
        context.insert(self.key, view);
        let html = theme.render(self.template, &context, &self.what)?;
        match fingerprint {
            Some(fingerprint) => out.write_fingerprinted(self.url, fingerprint, html.as_bytes()),
            None => out.write(self.url, html.as_bytes()),
        }
    }
}
