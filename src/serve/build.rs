//! One rebuild for `serve`: book.toml and the theme read again, only the
//! changed record files parsed again, the rules and the metrics run on the
//! whole book. Pages are rendered when they are asked for, from the site
//! the rebuild completed, and kept until the next rebuild: a record's page
//! alone (it is a function of the whole book), the aggregate pages (lists,
//! dashboard, compliance, exports, the board pack) all together at the
//! first request for one of them. So the reload goes out as soon as the
//! records are checked, and no request ever sees a half-built site: every
//! page it gets is rendered from the new records, whole. After a change to
//! book.toml or the theme, every page is rendered before the reload, so
//! that a template error keeps the last good site.

use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use anyhow::Result;

use super::store::{Files, Page, Store};
use crate::check::{self, Checked};
use crate::config::Settings;
use crate::conformity::Conformity;
use crate::diagnostics::{Summary, render_human};
use crate::metrics::Analysis;
use crate::parse;
use crate::provenance::Recorded;
use crate::render::{self, BuildOptions};
use crate::theme::Theme;

/// Serve shows what the published site shows: restricted records hidden.
const OPTIONS: BuildOptions = BuildOptions {
    include_restricted: false,
};

/// A site that built: the records and what renders them, and the pages
/// rendered from them so far.
pub struct Built {
    pub settings: Settings,
    pub checked: Checked,
    pub theme: Theme,
    /// Record pages (and, after a full rebuild, every page) rendered so far.
    pages: Mutex<Files>,
    /// The aggregate pages, once rendered (or why they could not be).
    aggregates: OnceLock<Result<Files, String>>,
    /// Warnings and the summary line, for the terminal.
    pub report: String,
    pub stats: Stats,
}

/// What a rebuild did, for the terminal line and the benchmark.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    pub records_parsed: usize,
    /// Pages rendered before the reload: all of them after a change to
    /// book.toml or the theme, none after an edit to records.
    pub pages_rendered: usize,
    pub millis: f64,
    /// Of which reading, parsing and checking the records took.
    pub check_millis: f64,
}

/// A rebuild that did not give a site: why, for the terminal (coloured
/// when asked) and for the browser's overlay (plain).
pub struct Failed {
    pub terminal: String,
    pub plain: String,
}

/// Reads the book, in a loop.
pub struct Builder<F> {
    load_settings: F,
    color: bool,
    cache: parse::Cache,
    /// book.toml, the theme's files and the as-of date of the last good
    /// build: when any of them changes, the records are read afresh and
    /// every page is rendered before the reload.
    inputs: Option<u64>,
    /// The records' git history, read at the first build and after a
    /// change to book.toml.
    recorded: Option<Arc<Recorded>>,
}

impl<F> Builder<F>
where
    F: Fn(bool) -> Result<Settings, String>,
{
    /// `load_settings(color)` reads book.toml (and the flags) again, or
    /// says, rendered, why it cannot.
    pub fn new(load_settings: F, color: bool) -> Builder<F> {
        Builder {
            load_settings,
            color,
            cache: parse::Cache::default(),
            inputs: None,
            recorded: None,
        }
    }

    pub fn rebuild(&mut self) -> Result<Built, Failed> {
        let started = Instant::now();
        let failed = |terminal: String, plain: String| Failed { terminal, plain };
        let settings = match (self.load_settings)(self.color) {
            Ok(settings) => settings,
            Err(terminal) => {
                let plain = (self.load_settings)(false).err().unwrap_or_default();
                return Err(failed(terminal, plain));
            }
        };
        let operational = |error: anyhow::Error| {
            let text = format!("error: {error:#}\n");
            failed(text.clone(), text)
        };
        let theme = Theme::load(&settings.root, &settings.theme).map_err(operational)?;
        let inputs = inputs_fingerprint(&settings);
        let full = self.inputs != Some(inputs);
        if full {
            // Another policy decodes records differently.
            self.cache = parse::Cache::default();
        }
        let checking = Instant::now();
        let (book, format) =
            check::loaded_cached(&settings, &mut self.cache).map_err(operational)?;
        // Reading git history costs seconds on a large book: done when
        // serve starts and after book.toml changes, not on every edit.
        if full || self.recorded.is_none() {
            self.recorded = Some(Arc::new(check::History::WorkingTree.read(&settings, &book)));
        }
        let recorded = self.recorded.clone().unwrap_or_default();
        let diagnostics = check::judged(&settings, format, &book, &recorded);
        let mut checked = Checked {
            book,
            diagnostics,
            summary: Summary::default(),
            recorded,
            snapshot: None,
        };
        let analysis = Analysis::new(&checked.book, &settings);
        checked.summary = check::summarise(
            &checked.book,
            &checked.diagnostics,
            &analysis,
            &checked.recorded,
        );
        let check_millis = checking.elapsed().as_secs_f64() * 1000.0;
        let records_parsed = self.cache.parsed_again();
        if checked.summary.errors > 0 {
            let summary = checked.summary.report();
            return Err(failed(
                format!(
                    "{}{summary}\nerror: the records have errors; still serving the last good site\n",
                    render_human(&checked.diagnostics, self.color)
                ),
                format!("{}{summary}\n", render_human(&checked.diagnostics, false)),
            ));
        }
        let (pages, aggregates) = if full {
            let everything =
                whole_site(&analysis, &settings, &checked, &theme).map_err(operational)?;
            (everything, OnceLock::from(Ok(Files::default())))
        } else {
            (Files::default(), OnceLock::new())
        };
        drop(analysis);
        // Only a site that built moves the inputs on: after a failed change
        // to the theme, the next rebuild renders everything again too.
        self.inputs = Some(inputs);
        let report = format!(
            "{}{}\n",
            render_human(&checked.diagnostics, self.color),
            checked.summary.report()
        );
        let stats = Stats {
            records_parsed,
            pages_rendered: pages.len(),
            millis: started.elapsed().as_secs_f64() * 1000.0,
            check_millis,
        };
        Ok(Built {
            settings,
            checked,
            theme,
            pages: Mutex::new(pages),
            aggregates,
            report,
            stats,
        })
    }
}

impl Built {
    /// The file at `relative`, if the site has one, rendered now if it was
    /// not yet. Err when it could not be rendered (a template failed).
    pub fn file(&self, relative: &str) -> Result<Option<Page>, String> {
        if let Some(bytes) = self.theme.assets.get(relative) {
            return Ok(Some(Page::new(bytes)));
        }
        if let Some(page) = self.lock_pages().get(relative) {
            return Ok(Some(page.clone()));
        }
        let analysis = Analysis::new(&self.checked.book, &self.settings);
        let rendered = render::record_page(
            &analysis,
            &self.settings,
            &self.checked,
            &self.theme,
            &OPTIONS,
            relative,
        )
        .map_err(|error| format!("{error:#}"))?;
        if let Some(html) = rendered {
            let page = Page::new(html.as_bytes());
            self.lock_pages().insert(relative.to_string(), page.clone());
            return Ok(Some(page));
        }
        drop(analysis);
        Ok(self.aggregates()?.get(relative).cloned())
    }

    fn lock_pages(&self) -> std::sync::MutexGuard<'_, Files> {
        self.pages.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The aggregate pages, rendered by the first request that needs them;
    /// requests meanwhile wait for them.
    fn aggregates(&self) -> Result<&Files, String> {
        self.aggregates
            .get_or_init(|| {
                let analysis = Analysis::new(&self.checked.book, &self.settings);
                aggregate_pages(&analysis, &self.settings, &self.checked, &self.theme)
                    .map_err(|error| format!("{error:#}"))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// Every page, as `build` writes them (the board pack's PDF aside).
fn whole_site(
    analysis: &Analysis,
    settings: &Settings,
    checked: &Checked,
    theme: &Theme,
) -> Result<Files> {
    with_board_html(analysis, settings, checked, theme, |conformity, store| {
        render::site(
            analysis, settings, checked, conformity, theme, &OPTIONS, store,
        )
    })
}

/// The aggregate pages and the board pack's HTML.
fn aggregate_pages(
    analysis: &Analysis,
    settings: &Settings,
    checked: &Checked,
    theme: &Theme,
) -> Result<Files> {
    with_board_html(analysis, settings, checked, theme, |conformity, store| {
        render::aggregate_pages(
            analysis, settings, checked, conformity, theme, &OPTIONS, store,
        )
    })
}

/// The pages `render` writes, then the board pack's HTML, both from one
/// assessment of the ten steps.
fn with_board_html(
    analysis: &Analysis,
    settings: &Settings,
    checked: &Checked,
    theme: &Theme,
    render: impl FnOnce(&Conformity, &Store) -> Result<()>,
) -> Result<Files> {
    let store = Store::default();
    let conformity = Conformity::of_checked(analysis, checked);
    render(&conformity, &store)?;
    board_html(analysis, settings, checked, &conformity, theme, &store)?;
    Ok(store.finish())
}

fn board_html(
    analysis: &Analysis,
    settings: &Settings,
    checked: &Checked,
    conformity: &Conformity,
    theme: &Theme,
    store: &Store,
) -> Result<()> {
    let period = settings.board_period.resolve(settings.today);
    let reported = crate::board::Reported {
        conformity,
        built_from: checked.recorded.footer(),
        restated: None,
    };
    let html = crate::board::render_html(analysis, settings, period, &reported, theme)?;
    crate::output::Output::write(store, "board-pack.html", html.as_bytes())
}

/// The board pack's PDF for a built site, rendered on request.
#[cfg(feature = "pdf")]
pub fn board_pdf(built: &Built) -> Result<Vec<u8>> {
    let analysis = Analysis::new(&built.checked.book, &built.settings);
    let period = built.settings.board_period.resolve(built.settings.today);
    let rendered = crate::board::render(
        &analysis,
        &built.settings,
        period,
        &crate::board::Reported {
            conformity: &Conformity::of_checked(&analysis, &built.checked),
            built_from: built.checked.recorded.footer(),
            restated: None,
        },
        &built.theme,
    )?;
    rendered
        .pdf
        .ok_or_else(|| anyhow::anyhow!("no PDF was rendered"))
}

/// Everything besides the records that every page depends on: book.toml's
/// and soa.csv's text, the theme folder's files, and the as-of date.
fn inputs_fingerprint(settings: &Settings) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut theme_files: Vec<(String, Vec<u8>)> = Vec::new();
    let folder = settings.root.join("themes").join(&settings.theme);
    if folder.is_dir() {
        for entry in walkdir::WalkDir::new(&folder)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
        {
            theme_files.push((
                entry.path().display().to_string(),
                std::fs::read(entry.path()).unwrap_or_default(),
            ));
        }
    }
    let book_toml = std::fs::read(settings.root.join("book.toml")).unwrap_or_default();
    let soa_csv = std::fs::read(settings.root.join("soa.csv")).unwrap_or_default();
    let mut hasher = std::hash::DefaultHasher::new();
    (
        book_toml,
        soa_csv,
        theme_files,
        settings.today.to_string(),
        Path::new(&settings.root).display().to_string(),
    )
        .hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{self, AsOf};

    /// A book on disk from the metrics fixture, and a builder for it.
    fn book() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        // The fixture is made for the metrics, not for the rules: every
        // finding a warning, so that the site builds.
        let mut book_toml = String::from("[book]\ntitle = \"T\"\nsrc = \"r\"\n[rules]\n");
        for (rule, _) in crate::validate::defaults() {
            book_toml.push_str(&format!("{rule} = \"warn\"\n"));
        }
        std::fs::write(dir.path().join("book.toml"), book_toml).unwrap();
        std::fs::create_dir(dir.path().join("r")).unwrap();
        for (path, text) in crate::metrics::tests::fixture() {
            std::fs::write(dir.path().join(path), text).unwrap();
        }
        // The fixture has no risk: one, so that risk pages are compared too.
        std::fs::write(
            dir.path().join("r/RISK-1.md"),
            "---\nkind: risk\nid: RISK-1\ntitle: Mail takeover\nowner: CISO\nlikelihood: 3\nimpact: 4\ntreatment: mitigate\ncontrols: [\"8.7\"]\nstatus: open\n---\nA risk *with* a body.\n",
        )
        .unwrap();
        dir
    }

    fn builder(root: &Path) -> Builder<impl Fn(bool) -> Result<Settings, String>> {
        let root = root.to_path_buf();
        let today = crate::testing::day("2026-07-15");
        Builder::new(
            move |_| {
                config::load(&root, AsOf::Date(today), &crate::validate::defaults())
                    .map_err(|_| "book.toml".to_string())
            },
            false,
        )
    }

    /// Every file of the site as a browser would get them, aggregate pages
    /// and every record's page included.
    fn build(builder: &mut Builder<impl Fn(bool) -> Result<Settings, String>>) -> Files {
        let built = match builder.rebuild() {
            Ok(built) => built,
            Err(failed) => panic!("{}", failed.plain),
        };
        let book = &built.checked.book;
        let mut paths: Vec<String> = built.theme.assets.keys().cloned().collect();
        paths.extend(
            book.incidents
                .iter()
                .map(|r| format!("incidents/{}.html", r.id)),
        );
        paths.extend(
            book.reviews
                .iter()
                .map(|r| format!("reviews/{}.html", r.id)),
        );
        paths.extend(book.risks.iter().map(|r| format!("risks/{}.html", r.id)));
        paths.extend(built.aggregates().unwrap().keys().cloned());
        paths.extend(built.lock_pages().keys().cloned());
        paths
            .into_iter()
            .map(|path| {
                let page = built
                    .file(&path)
                    .unwrap()
                    .unwrap_or_else(|| panic!("no {path}"));
                (path, page)
            })
            .collect()
    }

    fn same_site(incremental: &Files, fresh: &Files) {
        let mut paths: Vec<&String> = fresh.keys().collect();
        paths.sort();
        let mut theirs: Vec<&String> = incremental.keys().collect();
        theirs.sort();
        assert_eq!(theirs, paths);
        for path in paths {
            assert!(
                incremental[path].bytes == fresh[path].bytes,
                "{path} differs from a fresh build"
            );
        }
    }

    #[test]
    fn an_incremental_rebuild_gives_the_site_a_fresh_build_gives() {
        let dir = book();
        let mut serving = builder(dir.path());
        build(&mut serving);
        type Edit<'a> = (&'a str, &'a dyn Fn(&str) -> String);
        let edits: [Edit; 4] = [
            // A title other pages show (reviews list their incidents).
            ("r/INC-A.md", &|t| {
                t.replace("title: INC-A", "title: Renamed A")
            }),
            // A review's action closed: the action tracker and the incident.
            ("r/PIR-B.md", &|t| {
                t.replace("due: 2026-03-31, controls: [\"8.7\"], type: technical, status: open", "due: 2026-03-31, controls: [\"8.7\"], type: technical, status: done, done: 2026-03-30")
            }),
            // A body only its own page shows.
            ("r/INC-B.md", &|t| format!("{t}\nA new paragraph.\n")),
            // The book's title, on every page.
            ("book.toml", &|t| {
                t.replace("title = \"T\"", "title = \"Renamed\"")
            }),
        ];
        for (path, edit) in edits {
            let file = dir.path().join(path);
            let text = std::fs::read_to_string(&file).unwrap();
            let edited = edit(&text);
            assert_ne!(edited, text, "the edit of {path} changed nothing");
            std::fs::write(&file, edited).unwrap();
            let incremental = build(&mut serving);
            let fresh = build(&mut builder(dir.path()));
            same_site(&incremental, &fresh);
        }
        // A new record, then a deleted one.
        let new = "---\nkind: incident\nid: INC-H\ntitle: New\nseverity: low\ncategory: error\nstatus: open\ndetected: 2026-07-01\n---\n";
        std::fs::write(dir.path().join("r/INC-H.md"), new).unwrap();
        let incremental = build(&mut serving);
        assert!(incremental.contains_key("incidents/INC-H.html"));
        assert!(incremental.contains_key("risks/RISK-1.html"));
        same_site(&incremental, &build(&mut builder(dir.path())));
        std::fs::remove_file(dir.path().join("r/INC-G.md")).unwrap();
        let incremental = build(&mut serving);
        assert!(!incremental.contains_key("incidents/INC-G.html"));
        same_site(&incremental, &build(&mut builder(dir.path())));
    }

    #[test]
    fn a_template_that_fails_after_a_theme_change_keeps_the_last_good_site() {
        let dir = book();
        let mut serving = builder(dir.path());
        build(&mut serving);
        // Parses, but fails when rendered: only rendering finds it.
        let theme = dir.path().join("themes/default/templates");
        std::fs::create_dir_all(&theme).unwrap();
        std::fs::write(theme.join("index.html"), "{{ no_such_value.title }}").unwrap();
        let failed = serving
            .rebuild()
            .err()
            .expect("the theme change fails the rebuild");
        assert!(failed.plain.contains("index.html"), "{}", failed.plain);
        // An edit to a record while the theme is broken still renders every
        // page first, and still fails.
        let record = dir.path().join("r/INC-B.md");
        let text = std::fs::read_to_string(&record).unwrap();
        std::fs::write(&record, format!("{text}\nMore.\n")).unwrap();
        assert!(serving.rebuild().is_err());
        std::fs::remove_file(theme.join("index.html")).unwrap();
        let fixed = build(&mut serving);
        assert!(fixed.contains_key("index.html"));
    }
}
