//! One rebuild for `serve`: book.toml and the theme read again, only the
//! changed record files parsed again, the rules run on the whole book, and
//! only the record pages whose views changed rendered again (with every
//! aggregate page), all into memory.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;

use super::store::{Files, Store};
use crate::check::{Checked, check_cached};
use crate::config::Settings;
use crate::diagnostics::render_human;
use crate::metrics::Analysis;
use crate::parse;
use crate::render::markdown::Memo;
use crate::render::{self, BuildOptions};
use crate::theme::Theme;

/// A site that built: its files and what made them, kept so that the board
/// pack's PDF can be rendered when someone asks for it.
pub struct Built {
    pub files: Arc<Files>,
    // Read only to render the PDF.
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub settings: Settings,
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub checked: Checked,
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub theme: Theme,
    /// Warnings and the summary line, for the terminal.
    pub report: String,
    pub stats: Stats,
}

/// What a rebuild did, for the terminal line and the benchmark.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    pub records_parsed: usize,
    pub pages_rendered: usize,
    pub pages_kept: usize,
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
    /// book.toml, the theme's files and the as-of date of the last build:
    /// when any of them changes, every page may change.
    inputs: Option<u64>,
    last: Arc<Files>,
    /// Bodies rendered by the last rebuild.
    markdown: Option<Memo>,
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
            last: Arc::default(),
            markdown: Some(Memo::default()),
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
        if self.inputs != Some(inputs) {
            // Another policy decodes records differently; another theme or
            // date renders every page differently.
            self.cache = parse::Cache::default();
            self.last = Arc::default();
            self.inputs = Some(inputs);
        }
        let checking = Instant::now();
        let checked = check_cached(&settings, &mut self.cache).map_err(operational)?;
        let check_millis = checking.elapsed().as_secs_f64() * 1000.0;
        let records_parsed = self.cache.parsed_again();
        if checked.summary.errors > 0 {
            let summary = checked.summary.line();
            return Err(failed(
                format!(
                    "{}{summary}\nerror: the records have errors; still serving the last good site\n",
                    render_human(&checked.diagnostics, self.color)
                ),
                format!("{}{summary}\n", render_human(&checked.diagnostics, false)),
            ));
        }
        let store = Store::new(Arc::clone(&self.last));
        let memo = self.markdown.take().unwrap_or_default();
        let rendered = render_into(&settings, &checked, &theme, &store, &memo);
        self.markdown = Some(memo.next());
        rendered.map_err(operational)?;
        let (files, pages_rendered, pages_kept) = store.finish();
        let report = format!(
            "{}{}\n",
            render_human(&checked.diagnostics, self.color),
            checked.summary.line()
        );
        let built = Built {
            files: Arc::new(files),
            settings,
            checked,
            theme,
            report,
            stats: Stats {
                records_parsed,
                pages_rendered,
                pages_kept,
                millis: started.elapsed().as_secs_f64() * 1000.0,
                check_millis,
            },
        };
        Ok(built)
    }

    /// Remembers the site just published, for the next rebuild to keep
    /// its unchanged pages.
    pub fn published(&mut self, files: Arc<Files>) {
        self.last = files;
    }
}

fn render_into(
    settings: &Settings,
    checked: &Checked,
    theme: &Theme,
    store: &Store,
    markdown: &Memo,
) -> Result<()> {
    let analysis = Analysis::new(&checked.book, settings);
    render::site(
        &analysis,
        settings,
        checked,
        theme,
        &BuildOptions {
            include_restricted: false,
            markdown: Some(markdown),
        },
        store,
    )?;
    let period = settings.board_period.resolve(settings.today);
    let html = crate::board::render_html(&analysis, settings, period, &checked.diagnostics, theme)?;
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
        &built.checked.diagnostics,
        &built.theme,
    )?;
    rendered
        .pdf
        .ok_or_else(|| anyhow::anyhow!("no PDF was rendered"))
}

/// Everything besides the records that every page depends on: book.toml's
/// text, the theme folder's files, and the as-of date.
fn inputs_fingerprint(settings: &Settings) -> u64 {
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
    crate::output::fingerprint(&(
        book_toml,
        theme_files,
        settings.today.to_string(),
        Path::new(&settings.root).display().to_string(),
    ))
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

    fn build(builder: &mut Builder<impl Fn(bool) -> Result<Settings, String>>) -> Arc<Files> {
        match builder.rebuild() {
            Ok(built) => {
                builder.published(Arc::clone(&built.files));
                built.files
            }
            Err(failed) => panic!("{}", failed.plain),
        }
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
        same_site(&incremental, &build(&mut builder(dir.path())));
        std::fs::remove_file(dir.path().join("r/INC-G.md")).unwrap();
        let incremental = build(&mut serving);
        assert!(!incremental.contains_key("incidents/INC-G.html"));
        same_site(&incremental, &build(&mut builder(dir.path())));
    }
}
