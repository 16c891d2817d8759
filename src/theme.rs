//! The theme: templates, CSS and JS. The default theme is the real files in
//! `themes/default/`, compiled in; a book's `themes/<name>/` files of the
//! same name win, file by file, and extra files there are added. Also what
//! every page's template context starts with (`Site`, `base_context`), shared
//! by the site and the board pack.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use walkdir::WalkDir;

use crate::config::Settings;
use crate::output::{Key, KeyHasher};

/// What every page knows: the book, the as-of date, and the path back to the
/// output root (pages in sub-folders link with `../`).
#[derive(Serialize)]
pub struct Site<'a> {
    pub title: &'a str,
    pub organisation: Option<&'a str>,
    pub as_of: String,
    pub version: &'static str,
    pub extra: &'a toml::Table,
    /// The commit the site was built from and whether the working tree
    /// had changes, or why git provenance is not available.
    pub built_from: String,
}

impl<'a> Site<'a> {
    pub fn new(settings: &'a Settings, built_from: String) -> Site<'a> {
        Site {
            title: &settings.title,
            organisation: settings.organisation.as_deref(),
            as_of: settings.today.to_string(),
            version: env!("CARGO_PKG_VERSION"),
            extra: &settings.extra,
            built_from,
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

macro_rules! embed {
    ($($path:literal),+ $(,)?) => {
        &[$(($path, include_bytes!(concat!("../themes/default/", $path)) as &[u8])),+]
    };
}

/// Every file of the default theme, by its path inside the theme.
const DEFAULT_THEME: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/index.html",
    "templates/incidents.html",
    "templates/incident.html",
    "templates/reviews.html",
    "templates/review.html",
    "templates/risks.html",
    "templates/risk.html",
    "templates/actions.html",
    "templates/controls.html",
    "templates/recurrence.html",
    "templates/compliance.html",
    "templates/partials/chart.html",
    "templates/partials/kpi.html",
    "templates/partials/actions_table.html",
    "templates/partials/list.html",
    "templates/list.html",
    "templates/lists/incidents-head.html",
    "templates/lists/incidents-row.html",
    "templates/lists/reviews-head.html",
    "templates/lists/reviews-row.html",
    "templates/lists/actions-head.html",
    "templates/lists/actions-row.html",
    "templates/lists/coverage-head.html",
    "templates/lists/coverage-row.html",
    "templates/lists/open-incidents-head.html",
    "templates/lists/open-incidents-row.html",
    "templates/lists/findings-head.html",
    "templates/lists/findings-row.html",
    "templates/lists/recurrence-head.html",
    "templates/lists/recurrence-row.html",
    "templates/partials/recurrence_section.html",
    "templates/partials/provenance.html",
    "templates/partials/board_learning_pays.html",
    "templates/board-pack.html",
    "templates/sample.html",
    "board/board-pack.typ",
    "static/lessonbook.css",
    "static/lessonbook.js",
    "static/search.css",
    "static/search.js",
];

/// A loaded theme: templates ready to render, and static files to copy.
pub struct Theme {
    pub tera: tera::Tera,
    /// Output path (`static/...`) to bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// The board pack's typst template (`board/board-pack.typ`); only the
    /// PDF reads it.
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub board_typst: String,
    /// SHA-256 over every file of the theme, path and bytes: part of what
    /// each page is made from, so a changed template renders every page.
    pub fingerprint: Key,
}

impl Theme {
    pub fn load(root: &Path, name: &str) -> Result<Theme> {
        let mut files: BTreeMap<String, Vec<u8>> = DEFAULT_THEME
            .iter()
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
            .collect();
        let folder = root.join("themes").join(name);
        if folder.is_dir() {
            for entry in WalkDir::new(&folder).sort_by_file_name() {
                let entry =
                    entry.with_context(|| format!("cannot read the theme {}", folder.display()))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let relative = entry
                    .path()
                    .strip_prefix(&folder)
                    .expect("walked below the folder");
                let key = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let bytes = std::fs::read(entry.path())
                    .with_context(|| format!("cannot read {}", entry.path().display()))?;
                files.insert(key, bytes);
            }
        } else if name != "default" {
            bail!(
                "the theme `{name}` was not found: there is no folder {}",
                folder.display()
            );
        }
        let fingerprint = {
            let mut hasher = KeyHasher::new();
            for (path, bytes) in &files {
                hasher.part(path.as_bytes()).part(bytes);
            }
            hasher.finish()
        };
        let mut tera = tera::Tera::new();
        let mut assets = BTreeMap::new();
        let mut templates = Vec::new();
        let mut board_typst = String::new();
        for (path, bytes) in files {
            if path == "board/board-pack.typ" {
                board_typst = String::from_utf8(bytes)
                    .with_context(|| format!("the template {path} is not UTF-8"))?;
            } else if path.starts_with("board/") {
                continue;
            } else if let Some(template) = path.strip_prefix("templates/") {
                let text = String::from_utf8(bytes)
                    .with_context(|| format!("the template {path} is not UTF-8"))?;
                templates.push((template.to_string(), text));
            } else {
                assets.insert(path, bytes);
            }
        }
        tera.add_raw_templates(templates)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("a theme template does not compile")?;
        Ok(Theme {
            tera,
            assets,
            board_typst,
            fingerprint,
        })
    }

    /// Renders a template; errors name the template (with tera's line and
    /// column report) and what was being rendered.
    pub fn render(&self, template: &str, context: &tera::Context, what: &str) -> Result<String> {
        self.tera
            .render(template, context)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("cannot render {what} with the template {template}"))
    }
}
