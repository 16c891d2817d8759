//! book.toml to one resolved `Settings` value, once. Defaults live here;
//! nothing else reads book.toml, and nothing below `cli/` reads clap types.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use chrono_tz::Tz;
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, Label};
use crate::period::PeriodSpec;
use crate::procedure::Level;
use crate::source::SourceFile;
use crate::suggest;

mod soa;
pub use soa::Soa;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BookToml {
    book: BookSection,
    #[serde(default)]
    build: BuildSection,
    #[serde(default)]
    policy: PolicySection,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    board: BoardSection,
    #[serde(default)]
    provenance: ProvenanceSection,
    #[serde(default)]
    soa: Option<Spanned<soa::SoaSection>>,
    #[serde(default)]
    extra: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BookSection {
    title: String,
    #[serde(default)]
    organisation: Option<String>,
    #[serde(default = "default_src")]
    src: String,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
}

fn default_src() -> String {
    "records".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct BuildSection {
    output: String,
    theme: String,
    timezone: Spanned<String>,
    rows_per_page: Spanned<usize>,
}

impl Default for BuildSection {
    fn default() -> Self {
        BuildSection {
            output: "book".into(),
            theme: "default".into(),
            timezone: Spanned::new(0..0, "UTC".into()),
            rows_per_page: Spanned::new(0..0, DEFAULT_ROWS_PER_PAGE),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct PolicySection {
    severities: Spanned<Vec<String>>,
    significant: Spanned<String>,
    review_within_days: Spanned<u32>,
    required_functions: Vec<String>,
    min_functions: usize,
    min_whys: usize,
    follow_up_after_days: Spanned<u32>,
    follow_up_tolerance_days: Spanned<u32>,
    record_within_days: Spanned<u32>,
    max_open_days: Spanned<u32>,
    recurrence_window_days: Spanned<u32>,
    categories: Spanned<Vec<String>>,
    channels: Spanned<Vec<String>>,
}

/// Rows per page of the site's long lists (`[build] rows_per_page`).
pub const DEFAULT_ROWS_PER_PAGE: usize = 1000;

/// The largest day count a `[policy]` key may hold.
pub const MAX_POLICY_DAYS: u32 = 36_525;

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

impl Default for PolicySection {
    fn default() -> Self {
        PolicySection {
            severities: Spanned::new(0..0, strings(&["low", "medium", "high", "critical"])),
            significant: Spanned::new(0..0, "medium".into()),
            review_within_days: Spanned::new(0..0, 14),
            required_functions: strings(&["IT", "Legal", "HR", "Operations"]),
            min_functions: 2,
            min_whys: 5,
            follow_up_after_days: Spanned::new(0..0, 180),
            follow_up_tolerance_days: Spanned::new(0..0, 30),
            record_within_days: Spanned::new(0..0, 30),
            max_open_days: Spanned::new(0..0, 30),
            recurrence_window_days: Spanned::new(0..0, 365),
            categories: Spanned::new(
                0..0,
                strings(&[
                    "hacking",
                    "malware",
                    "social",
                    "misuse",
                    "physical",
                    "error",
                    "environmental",
                    "unknown",
                ]),
            ),
            channels: Spanned::new(
                0..0,
                strings(&[
                    "email",
                    "phone",
                    "portal",
                    "monitoring",
                    "third-party",
                    "other",
                ]),
            ),
        }
    }
}

/// Git history as the audit trail (SPEC §8).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct ProvenanceSection {
    show_authors: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct BoardSection {
    period: Option<Spanned<String>>,
    redact: Vec<Spanned<String>>,
}

/// The organisation's 5.27 procedure parameters, resolved.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Ordered lowest first.
    pub severities: Vec<String>,
    /// Index into `severities`: at or above it an incident is significant.
    pub significant: usize,
    /// Index into `severities` from which `required_functions` apply: the
    /// level named "high" when the list has one, else the highest level.
    pub high: usize,
    pub review_within_days: u32,
    pub required_functions: Vec<String>,
    pub min_functions: usize,
    pub min_whys: usize,
    pub follow_up_after_days: u32,
    pub follow_up_tolerance_days: u32,
    /// A review or follow-up result first committed later than this after
    /// its date is `recorded-late`.
    pub record_within_days: u32,
    /// An incident open or contained longer than this after detection is
    /// `stale-incident`.
    pub max_open_days: u32,
    pub recurrence_window_days: u32,
    pub categories: Vec<String>,
    pub channels: Vec<String>,
}

impl Policy {
    pub fn severity_rank(&self, name: &str) -> Option<usize> {
        self.severities.iter().position(|s| s == name)
    }
}

impl Default for Policy {
    fn default() -> Self {
        resolve_policy(PolicySection::default(), &mut Vec::new(), None)
    }
}

#[derive(Clone, Debug)]
pub struct Settings {
    /// The book root: the folder holding book.toml.
    pub root: PathBuf,
    pub title: String,
    pub organisation: Option<String>,
    /// The records folder, absolute.
    pub src: PathBuf,
    pub ignore: GlobSet,
    pub output: PathBuf,
    pub theme: String,
    pub timezone: Tz,
    /// Rows per page of the long lists (incidents, reviews, actions, ...).
    pub rows_per_page: usize,
    pub policy: Policy,
    pub rule_levels: BTreeMap<&'static str, Level>,
    pub board_period: PeriodSpec,
    pub redact: Vec<Regex>,
    /// Commit author names on Record of Evidence pages (personal data:
    /// off unless book.toml asks).
    pub show_authors: bool,
    /// The Statement of Applicability, when book.toml's `[soa]` or a
    /// `soa.csv` at the root declares one; without it every control applies.
    pub soa: Option<Soa>,
    pub extra: toml::Table,
    /// The "as of" date of this run.
    pub today: NaiveDate,
}

impl Settings {
    pub fn level(&self, rule: &str) -> Level {
        self.rule_levels.get(rule).copied().unwrap_or(Level::Deny)
    }
}

/// Why book.toml could not become Settings.
pub enum ConfigError {
    Io(anyhow::Error),
    Invalid(Vec<Diagnostic>),
}

/// Where the "as of" date comes from: `--today`, SOURCE_DATE_EPOCH, or the
/// clock; the last two are read as a day in the book's time zone.
#[derive(Clone, Copy, Debug)]
pub enum AsOf {
    Date(NaiveDate),
    Epoch(i64),
    Clock,
}

impl AsOf {
    /// The as-of day in `tz`, within the plausible range.
    pub fn day(self, tz: Tz) -> anyhow::Result<NaiveDate> {
        let day = match self {
            AsOf::Date(day) => day,
            AsOf::Epoch(seconds) => chrono::DateTime::from_timestamp(seconds, 0)
                .ok_or_else(|| anyhow::anyhow!("SOURCE_DATE_EPOCH {seconds} is out of range"))?
                .with_timezone(&tz)
                .date_naive(),
            AsOf::Clock => chrono::Utc::now().with_timezone(&tz).date_naive(),
        };
        if !plausible_as_of(day) {
            anyhow::bail!("the as-of date {day} is outside 1970-01-01..=9999-12-31");
        }
        Ok(day)
    }
}

/// The as-of dates lessonbook accepts: later ones would overflow the date
/// arithmetic of periods and charts, earlier ones predate every record.
pub fn plausible_as_of(day: NaiveDate) -> bool {
    let first = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");
    (first..=last).contains(&day)
}

/// book.toml, checked against `rules` (every rule's name and default
/// level, from `validate::defaults`), with the as-of date resolved.
pub fn load(
    root: &Path,
    as_of: AsOf,
    rules: &[(&'static str, Level)],
) -> Result<Settings, ConfigError> {
    let path = root.join("book.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        ConfigError::Io(anyhow::Error::new(e).context(format!(
            "cannot read {}: a book root holds book.toml (run `lessonbook` in the book's folder or pass it as DIR)",
            path.display()
        )))
    })?;
    let file = SourceFile::new("book.toml", text);
    let soa_path = root.join("soa.csv");
    let soa_csv = match std::fs::read(&soa_path) {
        Ok(bytes) => Some(SourceFile::new(
            "soa.csv",
            String::from_utf8(bytes).map_err(|_| {
                ConfigError::Io(anyhow::anyhow!("{} is not UTF-8", soa_path.display()))
            })?,
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(ConfigError::Io(
                anyhow::Error::new(e).context(format!("cannot read {}", soa_path.display())),
            ));
        }
    };
    let placeholder = NaiveDate::MIN;
    let mut settings = from_sources(root, &file, soa_csv.as_ref(), placeholder, rules)
        .map_err(ConfigError::Invalid)?;
    settings.today = as_of.day(settings.timezone).map_err(ConfigError::Io)?;
    Ok(settings)
}

fn span_label(file: &Arc<SourceFile>, span: std::ops::Range<usize>, message: &str) -> Label {
    if span.is_empty() && span.start == 0 {
        Label::whole_file(file, message)
    } else {
        Label::new(file, span, message)
    }
}

/// Turns a toml/serde error into a diagnostic, adding a "did you mean" to the
/// unknown-key and unknown-value messages serde writes as
/// "unknown field `x`, expected one of `a`, `b`".
fn toml_error(file: &Arc<SourceFile>, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().to_string();
    let span = error.span().unwrap_or(0..0);
    let ticked: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let (rule, help) = match ticked.split_first() {
        Some((unknown, expected)) if message.starts_with("unknown field") => (
            "unknown-key",
            Some(if expected.is_empty() {
                "this table takes no keys".to_string()
            } else {
                suggest::help_for(unknown, expected)
            }),
        ),
        Some((unknown, expected)) if message.starts_with("unknown variant") => {
            ("unknown-value", Some(suggest::help_for(unknown, expected)))
        }
        _ => ("config", None),
    };
    let first_line = message
        .lines()
        .next()
        .unwrap_or("invalid book.toml")
        .to_string();
    let mut diagnostic = Diagnostic::error(rule, first_line, span_label(file, span, ""));
    diagnostic.help = help;
    diagnostic
}

pub fn from_source(
    root: &Path,
    file: &Arc<SourceFile>,
    today: NaiveDate,
    rules: &[(&'static str, Level)],
) -> Result<Settings, Vec<Diagnostic>> {
    from_sources(root, file, None, today, rules)
}

/// book.toml and, when the book root has one, soa.csv.
pub fn from_sources(
    root: &Path,
    file: &Arc<SourceFile>,
    soa_csv: Option<&Arc<SourceFile>>,
    today: NaiveDate,
    rules: &[(&'static str, Level)],
) -> Result<Settings, Vec<Diagnostic>> {
    let raw: BookToml = toml::from_str(&file.text).map_err(|e| vec![toml_error(file, &e)])?;
    let mut problems = Vec::new();
    let mut invalid = |span: std::ops::Range<usize>,
                       rule: &'static str,
                       message: String,
                       help: Option<String>| {
        let mut d = Diagnostic::error(rule, message, span_label(file, span, ""));
        d.help = help;
        problems.push(d);
    };

    let mut ignore = GlobSetBuilder::new();
    for pattern in &raw.book.ignore {
        match Glob::new(pattern.get_ref()) {
            Ok(glob) => {
                ignore.add(glob);
            }
            Err(e) => invalid(
                pattern.span(),
                "config",
                format!("invalid ignore glob: {e}"),
                None,
            ),
        }
    }
    let ignore = ignore.build().unwrap_or_else(|_| GlobSet::empty());

    let timezone = match raw.build.timezone.get_ref().parse::<Tz>() {
        Ok(tz) => tz,
        Err(_) => {
            let name = raw.build.timezone.get_ref();
            let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
            let help = suggest::did_you_mean(name, names)
                .map(|c| format!("did you mean `{c}`?"))
                .unwrap_or_else(|| "use an IANA name such as `UTC` or `Europe/London`".into());
            invalid(
                raw.build.timezone.span(),
                "unknown-value",
                format!("unknown time zone `{name}`"),
                Some(help),
            );
            Tz::UTC
        }
    };
    let rows_per_page = *raw.build.rows_per_page.get_ref();
    if rows_per_page == 0 {
        invalid(
            raw.build.rows_per_page.span(),
            "config",
            "`rows_per_page` must be at least 1".into(),
            Some(format!("the default is {DEFAULT_ROWS_PER_PAGE}")),
        );
    }

    let mut rule_levels: BTreeMap<&'static str, Level> = rules.iter().copied().collect();
    for (name, level) in &raw.rules {
        let Some(&(rule, _)) = rules.iter().find(|(r, _)| *r == name.get_ref()) else {
            let help = suggest::help_for(
                name.get_ref(),
                &rules.iter().map(|(r, _)| *r).collect::<Vec<_>>(),
            );
            invalid(
                name.span(),
                "unknown-key",
                format!("unknown rule `{}`", name.get_ref()),
                Some(help),
            );
            continue;
        };
        match Level::parse(level.get_ref()) {
            Some(parsed) => {
                rule_levels.insert(rule, parsed);
            }
            None => invalid(
                level.span(),
                "unknown-value",
                format!("unknown level `{}` for rule `{}`", level.get_ref(), rule),
                Some(suggest::help_for(level.get_ref(), Level::NAMES)),
            ),
        }
    }

    let board_period = match &raw.board.period {
        None => PeriodSpec::default(),
        Some(text) => PeriodSpec::parse(text.get_ref()).unwrap_or_else(|message| {
            invalid(text.span(), "unknown-value", message, None);
            PeriodSpec::default()
        }),
    };
    let mut redact = Vec::new();
    for pattern in &raw.board.redact {
        match Regex::new(pattern.get_ref()) {
            Ok(regex) => redact.push(regex),
            Err(e) => invalid(
                pattern.span(),
                "config",
                "invalid redaction pattern".into(),
                Some(
                    e.to_string()
                        .lines()
                        .last()
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                ),
            ),
        }
    }

    let policy = resolve_policy(raw.policy, &mut problems, Some(file));
    let soa = soa::resolve(file, raw.soa, soa_csv, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Settings {
        root: root.to_path_buf(),
        title: raw.book.title,
        organisation: raw.book.organisation,
        src: root.join(&raw.book.src),
        ignore,
        output: root.join(&raw.build.output),
        theme: raw.build.theme,
        timezone,
        rows_per_page: rows_per_page.max(1),
        policy,
        rule_levels,
        board_period,
        redact,
        show_authors: raw.provenance.show_authors,
        soa,
        extra: raw.extra,
        today,
    })
}

fn resolve_policy(
    raw: PolicySection,
    problems: &mut Vec<Diagnostic>,
    file: Option<&Arc<SourceFile>>,
) -> Policy {
    let mut invalid = |span: std::ops::Range<usize>, message: String| {
        if let Some(file) = file {
            problems.push(Diagnostic::error(
                "config",
                message,
                span_label(file, span, ""),
            ));
        }
    };
    for (list, what) in [
        (&raw.severities, "severities"),
        (&raw.categories, "categories"),
        (&raw.channels, "channels"),
    ] {
        if list.get_ref().is_empty() {
            invalid(list.span(), format!("policy.{what} must not be empty"));
        }
        let mut seen = std::collections::HashSet::new();
        for item in list.get_ref() {
            if !seen.insert(item) {
                invalid(list.span(), format!("policy.{what} lists `{item}` twice"));
            }
        }
    }
    let severities = raw.severities.into_inner();
    let significant = match severities
        .iter()
        .position(|s| s == raw.significant.get_ref())
    {
        Some(index) => index,
        None => {
            invalid(
                raw.significant.span(),
                format!(
                    "policy.significant is `{}`, which is not one of policy.severities ({})",
                    raw.significant.get_ref(),
                    severities.join(", ")
                ),
            );
            0
        }
    };
    // Day counts bound the date arithmetic of rules and metrics: a century
    // is more than any procedure asks and keeps every sum in range.
    let mut days = |value: Spanned<u32>, what: &str| -> u32 {
        let days = *value.get_ref();
        if days > MAX_POLICY_DAYS {
            invalid(
                value.span(),
                format!(
                    "policy.{what} is {days} days; at most {MAX_POLICY_DAYS} (a century) is allowed"
                ),
            );
            MAX_POLICY_DAYS
        } else {
            days
        }
    };
    let review_within_days = days(raw.review_within_days, "review_within_days");
    let follow_up_after_days = days(raw.follow_up_after_days, "follow_up_after_days");
    let follow_up_tolerance_days = days(raw.follow_up_tolerance_days, "follow_up_tolerance_days");
    let record_within_days = days(raw.record_within_days, "record_within_days");
    let max_open_days = days(raw.max_open_days, "max_open_days");
    let recurrence_window_days = days(raw.recurrence_window_days, "recurrence_window_days");
    let high = severities
        .iter()
        .position(|s| s == "high")
        .unwrap_or(severities.len().saturating_sub(1));
    Policy {
        severities,
        significant,
        high,
        review_within_days,
        required_functions: raw.required_functions,
        min_functions: raw.min_functions,
        min_whys: raw.min_whys,
        follow_up_after_days,
        follow_up_tolerance_days,
        record_within_days,
        max_open_days,
        recurrence_window_days,
        categories: raw.categories.into_inner(),
        channels: raw.channels.into_inner(),
    }
}

#[cfg(test)]
mod tests;
