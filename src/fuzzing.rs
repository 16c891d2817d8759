//! Entry points for the fuzz targets (`fuzz/`) and the property tests: thin
//! wrappers over the real pipeline that take text or bytes and touch no
//! disk. The fuzz crate uses only this module, so the others can become
//! private without breaking it. Not a stable API.

use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::config::{self, Settings};
use crate::diagnostics::{self, Diagnostic, Summary};
use crate::parse;
use crate::period::PeriodSpec;
use crate::records::Timestamp;
use crate::source::SourceFile;
use crate::validate;

/// The book.toml used when a caller gives none.
pub const DEFAULT_BOOK_TOML: &str = "[book]\ntitle = \"Fuzz\"\n";

/// Where one diagnostic points, copied out of the internal types.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub path: String,
    /// Byte range of the primary label; `None` for a whole-file label.
    pub span: Option<Range<usize>>,
    /// 1-based line and column (characters) of the span's start.
    pub line_col: Option<(usize, usize)>,
    /// The text of the file the label points into (after BOM removal and,
    /// for invalid UTF-8, lossy decoding), to check positions against.
    pub file_text: String,
}

/// What a check of in-memory files gave: every finding, and the output of
/// every renderer (so a panic in one of them is found too).
#[derive(Clone, Debug)]
pub struct Checked {
    pub findings: Vec<Finding>,
    pub human: String,
    pub human_color: String,
    pub json: String,
    pub github: String,
}

fn settings(book_toml: &str, today: NaiveDate) -> Result<Settings, Vec<Diagnostic>> {
    let file = SourceFile::new("book.toml", book_toml.to_string());
    config::from_source(Path::new("/book"), &file, today, &validate::defaults())
}

/// `lessonbook check` on in-memory files (`(path, bytes)`, paths relative
/// to the book root) with the default book.toml, as of `today`.
pub fn check_records(files: &[(&str, &[u8])], today: NaiveDate) -> Checked {
    check_records_with(DEFAULT_BOOK_TOML, files, today)
        .unwrap_or_else(|_| unreachable!("the default book.toml is valid"))
}

/// As [`check_records`] with a given book.toml; `Err` holds book.toml's own
/// diagnostics, rendered by the human renderer.
pub fn check_records_with(
    book_toml: &str,
    files: &[(&str, &[u8])],
    today: NaiveDate,
) -> Result<Checked, String> {
    let settings = settings(book_toml, today).map_err(|d| diagnostics::render_human(&d, false))?;
    let bytes = files.iter().map(|(path, bytes)| (*path, bytes.to_vec()));
    let (book, mut all) = parse::load_bytes(&settings, bytes);
    all.extend(validate::validate(
        &book,
        &settings,
        &crate::provenance::Recorded::default(),
    ));
    diagnostics::sort(&mut all);
    // The metrics too: every figure must be computable from any book.
    let analysis = crate::metrics::Analysis::new(&book, &settings);
    let summary = crate::check::summarise(
        &book,
        &all,
        &analysis,
        &crate::provenance::Recorded::default(),
    );
    // The CLI refuses other as-of dates; a report from 2026 to year 262142
    // would be three million months.
    if crate::config::plausible_as_of(today) {
        let _ = analysis.report();
    }
    let human = diagnostics::render_human(&all, false);
    let human_color = diagnostics::render_human(&all, true);
    let json = diagnostics::render_json(&all, &summary);
    let github = diagnostics::render_github(&all);
    let _ = summary.line();
    Ok(Checked {
        findings: all.iter().map(finding).collect(),
        human,
        human_color,
        json,
        github,
    })
}

fn finding(d: &Diagnostic) -> Finding {
    Finding {
        rule: d.rule,
        severity: d.severity.as_str(),
        message: d.message.clone(),
        path: d.primary.file.path().display().to_string(),
        span: d.primary.span.clone(),
        line_col: d.primary.line_col(),
        file_text: d.primary.file.text.clone(),
    }
}

/// What book.toml resolved to, in brief.
#[derive(Clone, Debug)]
pub struct BookToml {
    pub title: String,
    pub timezone: String,
    pub severities: Vec<String>,
    pub board_period: String,
}

/// Reads a book.toml from text (as of `2026-02-01`); `Err` is every
/// diagnostic rendered by the human, JSON and GitHub renderers.
pub fn load_book_toml(text: &str) -> Result<BookToml, String> {
    let today = NaiveDate::from_ymd_opt(2026, 2, 1).expect("a valid date");
    match settings(text, today) {
        Ok(s) => Ok(BookToml {
            title: s.title.clone(),
            timezone: s.timezone.name().to_string(),
            severities: s.policy.severities.clone(),
            board_period: s.board_period.resolve(s.today).label(),
        }),
        Err(d) => {
            let mut out = diagnostics::render_human(&d, false);
            out.push_str(&diagnostics::render_human(&d, true));
            out.push_str(&diagnostics::render_json(&d, &Summary::default()));
            out.push_str(&diagnostics::render_github(&d));
            Err(out)
        }
    }
}

/// A resolved `[board].period` / `--period` and the two periods the board
/// pack compares it with, as labels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodLabels {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub label: String,
    pub previous: String,
    pub year_before: String,
}

/// Parses a period as `--period` does and resolves it as of `today`, then
/// computes what the board pack shows for it (previous period, the year
/// before, their labels).
pub fn parse_period(text: &str, today: NaiveDate) -> Result<PeriodLabels, String> {
    let period = PeriodSpec::parse(text)?.resolve(today);
    Ok(PeriodLabels {
        start: period.start,
        end: period.end,
        label: period.label(),
        previous: period.previous().label(),
        year_before: period.year_before().label(),
    })
}

/// Parses a `--today` value as the CLI does.
pub fn parse_today(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Parses a record date in a time zone (an IANA name; UTC when unknown);
/// returns the RFC 3339 instant and the local day.
pub fn parse_timestamp(text: &str, timezone: &str) -> Result<(String, NaiveDate, bool), String> {
    let tz: Tz = timezone.parse().unwrap_or(Tz::UTC);
    let at = Timestamp::parse(text, tz)?;
    // Exercise the comparisons the rules and metrics use.
    let _ = at.is_after(&at);
    let _ = at.hours_since(&at);
    Ok((at.instant.to_rfc3339(), at.date, at.has_time))
}

/// A record body rendered to sanitised HTML, as on the record pages.
pub fn render_markdown(text: &str) -> String {
    crate::render::markdown::to_html(text)
}

/// Checks that a finding points inside its file: the span within the text
/// and on character boundaries, the line at most the number of lines, the
/// column at most one past the line's last character.
pub fn position_problem(finding: &Finding) -> Result<(), String> {
    let text = &finding.file_text;
    let what = || format!("{} `{}` in {}", finding.rule, finding.message, finding.path);
    if let Some(span) = &finding.span {
        if span.start > span.end || span.end > text.len() {
            return Err(format!(
                "{}: span {span:?} outside {} bytes",
                what(),
                text.len()
            ));
        }
        if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
            return Err(format!("{}: span {span:?} splits a character", what()));
        }
    }
    if let Some((line, col)) = finding.line_col {
        let lines: Vec<&str> = text.split('\n').collect();
        if line == 0 || line > lines.len() {
            return Err(format!("{}: line {line} of {}", what(), lines.len()));
        }
        let chars = lines[line - 1].chars().count();
        if col == 0 || col > chars + 1 {
            return Err(format!(
                "{}: column {col} on line {line} of {chars} characters",
                what()
            ));
        }
    }
    Ok(())
}

/// Tags that must never reach a page.
const FORBIDDEN_TAGS: &[&str] = &[
    "script", "iframe", "object", "embed", "style", "base", "meta", "link", "frame", "frameset",
];

/// Attributes holding URLs a browser follows.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "cite",
    "action",
    "formaction",
    "poster",
    "background",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "data",
    "xlink:href",
];

/// What in sanitised HTML could run script: a forbidden tag, an `on…`
/// event handler attribute, or a `javascript:`/`vbscript:`/`data:` URL.
/// Reads tags as the serialiser writes them: `<` in text is `&lt;`, and
/// attribute values are quoted.
pub fn unsafe_html(html: &str) -> Option<String> {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        i += lt + 1;
        if html[i..].starts_with("!--") {
            return Some("a comment".into());
        }
        let closing = html[i..].starts_with('/');
        if closing {
            i += 1;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |n| i + n);
        let name = html[i..name_end].to_ascii_lowercase();
        if FORBIDDEN_TAGS.contains(&name.as_str()) {
            return Some(format!("a <{name}> tag"));
        }
        i = name_end;
        if closing {
            continue;
        }
        // Attributes up to the tag's `>`.
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let attr_end = html[i..]
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
                .map_or(html.len(), |n| i + n);
            let attr = html[i..attr_end].to_ascii_lowercase();
            i = attr_end;
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                let quote = bytes.get(i).copied();
                if let Some(q @ (b'"' | b'\'')) = quote {
                    let end = html[i + 1..]
                        .find(q as char)
                        .map_or(html.len(), |n| i + 1 + n);
                    value = html[i + 1..end].to_string();
                    i = (end + 1).min(html.len());
                } else {
                    let end = html[i..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(html.len(), |n| i + n);
                    value = html[i..end].to_string();
                    i = end;
                }
            }
            if attr.starts_with("on") {
                return Some(format!("an event handler `{attr}` on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) {
                // As a browser reads it (WHATWG URL): leading and trailing
                // C0 controls and spaces dropped, tabs and newlines removed
                // anywhere. Other controls inside (`dat\u{16}a:`) end the
                // scheme: that is a relative URL, not a data: one.
                let url: String = value
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&")
                    .trim_matches(|c: char| c <= ' ')
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect::<String>()
                    .to_ascii_lowercase();
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    if url.starts_with(scheme) {
                        return Some(format!("a `{scheme}` URL in {attr} on <{name}>"));
                    }
                }
            }
        }
    }
    None
}

/// The `record` fuzz target: up to four record files separated by NUL bytes
/// (so cross-record rules run too), checked as of 2026-02-01; panics when a
/// finding points outside its file.
pub fn fuzz_record(data: &[u8]) {
    const NAMES: [&str; 4] = [
        "records/a.md",
        "records/incidents/b.md",
        "records/reviews/c.md",
        "records/d.md",
    ];
    let files: Vec<(&str, &[u8])> = NAMES
        .iter()
        .copied()
        .zip(data.splitn(NAMES.len(), |&b| b == 0))
        .collect();
    let today = NaiveDate::from_ymd_opt(2026, 2, 1).expect("a valid date");
    for (_, bytes) in &files {
        if let Err(problem) = std::str::from_utf8(bytes).map_or(Ok(false), yaml_readers_agree) {
            panic!("{problem}");
        }
    }
    let checked = check_records(&files, today);
    for finding in &checked.findings {
        if let Err(problem) = position_problem(finding) {
            panic!("{problem}");
        }
    }
}

/// Whether the fast YAML reader and yaml-rust2 agree on the front matter
/// of `text` (a whole record file): `Ok(true)` when the fast reader read
/// it and gave the full parser's nodes, `Ok(false)` when it declined or
/// there is no front matter, `Err` with both trees when they differ.
pub fn yaml_readers_agree(text: &str) -> Result<bool, String> {
    let Ok(split) = parse::front_matter::split(text) else {
        return Ok(false);
    };
    let yaml = &text[split.yaml.clone()];
    let Some(fast) = crate::yaml::parse_fast(yaml, split.yaml.start) else {
        return Ok(false);
    };
    match crate::yaml::parse_full(yaml, split.yaml.start) {
        Ok(full) if full == fast => Ok(true),
        full => Err(format!(
            "the fast reader gave\n{fast:#?}\nthe full parser\n{full:#?}\nfor\n{yaml}"
        )),
    }
}

/// The `book_toml` fuzz target: the bytes as book.toml, when UTF-8.
pub fn fuzz_book_toml(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = load_book_toml(text);
    }
}

/// The `period_and_dates` fuzz target: lines holding an as-of date (as
/// `--today`), a period (as `--period`), a record date and a time zone name.
pub fn fuzz_period_and_dates(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.split('\n');
    let today_text = lines.next().unwrap_or("");
    let period = lines.next().unwrap_or("");
    let date = lines.next().unwrap_or("");
    let timezone = lines.next().unwrap_or("UTC");
    let today = parse_today(today_text)
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(2026, 2, 1).expect("a valid date"));
    let _ = parse_period(period, today);
    let _ = parse_period(today_text, today);
    let _ = parse_timestamp(date, timezone);
    let _ = parse_timestamp(today_text, timezone);
}

/// The `markdown` fuzz target: a record body, when UTF-8; panics when the
/// HTML could run script.
pub fn fuzz_markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = render_markdown(text);
    if let Some(problem) = unsafe_html(&html) {
        panic!("{problem} in {html:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn checks_in_memory_records() {
        let incident = include_bytes!("../tests/fixtures/records/INC-1.md");
        let review = include_bytes!("../tests/fixtures/records/PIR-1.md");
        let risk = include_bytes!("../tests/fixtures/records/RISK-1.md");
        let checked = check_records(
            &[
                ("r/INC-1.md", incident),
                ("r/PIR-1.md", review),
                ("r/RISK-1.md", risk),
            ],
            day("2026-02-01"),
        );
        assert!(checked.findings.is_empty(), "{}", checked.human);
        let broken = check_records(&[("r/x.md", b"---\nkind: [\n---\n")], day("2026-02-01"));
        assert_eq!(broken.findings[0].rule, "yaml-syntax");
        assert!(broken.github.contains("r/x.md"));
    }

    #[test]
    fn wraps_config_period_dates_and_markdown() {
        assert!(load_book_toml(DEFAULT_BOOK_TOML).is_ok());
        assert!(load_book_toml("[book]\ntitel = 1\n").is_err());
        let q = parse_period("2026-Q3", day("2026-12-01")).unwrap();
        assert_eq!(
            (
                q.label.as_str(),
                q.previous.as_str(),
                q.year_before.as_str()
            ),
            ("2026-Q3", "2026-Q2", "2025-Q3")
        );
        assert!(parse_timestamp("2026-07-01 09:30", "Europe/London").is_ok());
        assert!(
            render_markdown("<script>x</script>")
                .find("<script")
                .is_none()
        );
        assert!(
            unsafe_html(&render_markdown("<a href=\"javascript:x\" onclick=y>a</a>")).is_none()
        );
        assert!(unsafe_html("<p><a title=\"x\" href=\" JavaScript:x\">a</a></p>").is_some());
        assert!(unsafe_html("<img src=x onerror=y>").is_some());
        assert!(unsafe_html("<a href=\"\u{1}java\tscript:x\">a</a>").is_some());
        assert!(unsafe_html("<a href=\"dat\u{16}a:x\">a</a>").is_none());
        assert!(unsafe_html("<p title=\"onclick=x javascript:\">&lt;script</p>").is_none());
    }

    /// Dates at the ends of chrono's calendar (now refused by
    /// `Timestamp::parse`, still given as `--today`) and huge policy day
    /// counts made rules add or subtract past the first or last day there
    /// is (no-follow-up, the recurrence window): found while writing the
    /// fuzz targets' oracles. Every rule must run without panicking.
    #[test]
    fn extreme_dates_and_day_counts_do_not_panic() {
        let incident = include_str!("../tests/fixtures/records/INC-1.md");
        let review = include_str!("../tests/fixtures/records/PIR-1.md");
        // The largest day counts book.toml accepts (config refuses more).
        let huge = "[book]\ntitle = \"x\"\n[policy]\nfollow_up_after_days = 36525\n\
                    follow_up_tolerance_days = 36525\nreview_within_days = 36525\n\
                    recurrence_window_days = 36525\n";
        for book_toml in [DEFAULT_BOOK_TOML, huge] {
            for (at, after) in [
                ("2026-01-05 09:00", "2026-01-06"),
                ("0001-01-01 00:00", "9999-12-31 10:00"),
                ("+262142-12-30 10:00", "+262142-12-31 10:00"),
                ("-262143-01-01 00:00", "-262143-01-02 00:00"),
            ] {
                let dated = |text: &str| {
                    text.replace("2026-01-05 09:00", at)
                        .replace("2026-01-05 12:00", at)
                        .replace("2026-01-06", after)
                        .replace("2026-01-12", after)
                        .replace("2026-07-10", after)
                };
                let first = dated(incident);
                let second = first.replace("INC-1", "INC-2");
                let review = dated(review).replace("INC-1]", "INC-1, INC-2]");
                for today in ["2026-02-01", "-262143-01-01", "+262142-12-31"] {
                    let files = [
                        ("r/INC-1.md", first.as_bytes()),
                        ("r/INC-2.md", second.as_bytes()),
                        ("r/PIR-1.md", review.as_bytes()),
                    ];
                    check_records_with(book_toml, &files, day(today)).unwrap();
                }
            }
        }
    }

    /// Every input the fuzzers found a crash, hang or leak with, minimised,
    /// replayed through the same entry point: tests/fixtures/fuzz/<target>/.
    #[test]
    fn fuzz_regressions_stay_fixed() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
        type Target = (&'static str, fn(&[u8]));
        let targets: [Target; 4] = [
            ("record", fuzz_record),
            ("book_toml", fuzz_book_toml),
            ("period_and_dates", fuzz_period_and_dates),
            ("markdown", fuzz_markdown),
        ];
        let mut replayed = 0;
        for (target, run) in targets {
            let Ok(entries) = std::fs::read_dir(root.join(target)) else {
                continue;
            };
            let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
            paths.sort();
            for path in paths {
                let data = std::fs::read(&path).unwrap();
                let started = std::time::Instant::now();
                run(&data);
                // Hangs were found with a 2 s limit in release builds; a
                // debug build is slower, so allow more, but not a hang.
                assert!(
                    started.elapsed() < std::time::Duration::from_secs(20),
                    "{} took {:?}",
                    path.display(),
                    started.elapsed()
                );
                replayed += 1;
            }
        }
        assert!(
            replayed > 0,
            "no fuzz regressions found under {}",
            root.display()
        );
    }
}
