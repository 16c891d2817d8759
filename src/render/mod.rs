//! `lessonbook build`: metrics, views and templates to a static site, written
//! atomically. Record pages are rendered and written inside one parallel
//! loop; aggregate pages see only slim rows.

pub(crate) mod chart_data;
mod exports;
pub(crate) mod format;
pub mod markdown;
mod output;
mod pages;
mod theme;
pub(crate) mod view;

use std::time::Instant;

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

pub use output::MARKER;
pub use theme::Theme;

use crate::check::Checked;
use crate::config::Settings;
use crate::metrics::Analysis;
use view::Views;

pub struct BuildOptions {
    pub include_restricted: bool,
}

pub struct BuildReport {
    pub files: usize,
    pub written: usize,
    pub unchanged: usize,
    pub seconds: f64,
}

/// What every page knows: the book, the as-of date, and the path back to the
/// output root (pages in sub-folders link with `../`).
#[derive(Serialize)]
pub struct Site<'a> {
    pub title: &'a str,
    pub organisation: Option<&'a str>,
    pub as_of: String,
    pub version: &'static str,
    pub extra: &'a toml::Table,
}

impl<'a> Site<'a> {
    pub fn new(settings: &'a Settings) -> Site<'a> {
        Site {
            title: &settings.title,
            organisation: settings.organisation.as_deref(),
            as_of: settings.today.to_string(),
            version: env!("CARGO_PKG_VERSION"),
            extra: &settings.extra,
        }
    }
}

pub fn base_context(site: &Site, root: &str, page: &str) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert("site", site);
    context.insert("root", root);
    context.insert("page", page);
    context
}

pub fn build(
    settings: &Settings,
    checked: &Checked,
    options: &BuildOptions,
) -> Result<BuildReport> {
    let started = Instant::now();
    let theme = Theme::load(&settings.root, &settings.theme)?;
    let staging = output::Staging::new(&settings.output, &[&settings.root, &settings.src])?;
    let book = &checked.book;
    let analysis = Analysis::new(book, settings);
    let views = Views::new(&analysis, &checked.diagnostics, options.include_restricted);
    let site = Site::new(settings);
    let keys = &analysis.keys;
    let mut recurred_by: Vec<Vec<view::Link>> = vec![Vec::new(); book.incidents.len()];
    for (i, found) in analysis.recurrence.iter().enumerate() {
        if let Some(found) = found {
            recurred_by[found.earlier].push(view::incident_link(&book.incidents[i].id));
        }
    }

    for (path, bytes) in &theme.assets {
        staging.write(path, bytes)?;
    }
    (0..book.incidents.len())
        .into_par_iter()
        .try_for_each(|i| {
            let incident = view::incident_view(
                &views,
                i,
                keys[i].iter().cloned().collect(),
                recurred_by[i].clone(),
            );
            let mut context = base_context(&site, "../", "incidents");
            context.insert("incident", &incident);
            let html = theme.render(
                "incident.html",
                &context,
                &format!("incident {}", incident.row.id),
            )?;
            staging.write(&incident.row.url, html.as_bytes())
        })?;
    (0..book.reviews.len()).into_par_iter().try_for_each(|r| {
        let review = view::review_view(&views, r);
        let mut context = base_context(&site, "../", "reviews");
        context.insert("review", &review);
        let html = theme.render(
            "review.html",
            &context,
            &format!("review {}", review.row.id),
        )?;
        staging.write(&review.row.url, html.as_bytes())
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
        let mut context = base_context(&site, "../", "risks");
        context.insert("risk", risk);
        let html = theme.render("risk.html", &context, &format!("risk {}", risk.id))?;
        staging.write(&risk.url, html.as_bytes())
    })?;

    let report = analysis.report();
    let actions = exports::all_actions(&views);
    let pages = pages::Pages {
        views: &views,
        site: &site,
        theme: &theme,
        report: &report,
        actions: &actions,
        risks: &risk_views,
    };
    for (path, html) in pages.render_all(&checked.summary)? {
        staging.write(&path, html.as_bytes())?;
    }
    let period = settings.board_period.resolve(settings.today);
    let board = crate::board::render(&analysis, settings, period, &checked.diagnostics, &theme)?;
    staging.write("board-pack.html", board.html.as_bytes())?;
    if let Some(pdf) = &board.pdf {
        staging.write("board-pack.pdf", pdf)?;
    }
    staging.write(
        "data/metrics.json",
        exports::metrics_json(&report).as_bytes(),
    )?;
    staging.write(
        "data/incidents.json",
        exports::incidents_json(&views, keys).as_bytes(),
    )?;
    staging.write(
        "data/actions.csv",
        exports::actions_csv(&actions).as_bytes(),
    )?;
    staging.write(
        "data/deadlines.ics",
        exports::deadlines_ics(&views, &actions, &settings.title).as_bytes(),
    )?;

    let files = staging.files();
    let written = staging.written.load(std::sync::atomic::Ordering::Relaxed);
    let unchanged = staging.unchanged.load(std::sync::atomic::Ordering::Relaxed);
    staging.commit()?;
    Ok(BuildReport {
        files,
        written,
        unchanged,
        seconds: started.elapsed().as_secs_f64(),
    })
}
