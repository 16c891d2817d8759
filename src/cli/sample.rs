//! `lessonbook sample`: a reproducible audit sample of the incidents
//! (docs/sampling.md), as a printable page and a CSV of keys, written
//! beside the site. The draw is `crate::sample`'s; this file turns flags
//! into its arguments, writes the two files and lists what was drawn.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use super::{BookArgs, EXIT_FAILURE, EXIT_OK, print_error};
use crate::metrics::Analysis;
use crate::output::{Files, Output};
use crate::period::{Period, PeriodSpec};
use crate::render::{self, Asked, BuildOptions};
use crate::sample::{self, DEFAULT_SIZE, Percent, Size, Strata};
use crate::theme::Theme;

/// The longest seed taken: it becomes part of two file names.
const SEED_MAX: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// one stratum per severity of the policy, N drawn from each
    Severity,
}

#[derive(clap::Args, Debug)]
pub struct SampleArgs {
    #[command(flatten)]
    pub book: BookArgs,
    #[command(flatten)]
    pub at: super::AtArgs,
    /// Incidents to draw (from each stratum with --by) [default: 10]
    #[arg(long, value_name = "N", conflicts_with = "percent",
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub size: Option<u64>,
    /// Draw P percent (above 0, at most 100, two decimals at most), rounded up, at least one of each non-empty stratum
    #[arg(long, value_name = "P", value_parser = Percent::parse)]
    pub percent: Option<Percent>,
    /// The seed: any text of 1 to 100 characters; the same seed draws the
    /// same sample from the same records [default: the as-of date]
    #[arg(long, value_name = "S", value_parser = parse_seed)]
    pub seed: Option<String>,
    /// Only incidents detected in this period: quarter | month | year | 2026-Q3 | 2026-07 | 2026 | 2026-01-01..2026-06-30 (default: the whole history)
    #[arg(long, value_parser = PeriodSpec::parse)]
    pub period: Option<PeriodSpec>,
    /// Split the population into strata and draw from each
    #[arg(long, value_enum)]
    pub by: Option<By>,
    /// Where to write sample-SEED.html and sample-SEED.csv (default: the
    /// output folder, beside the site the page links into)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Show the text of `confidentiality: restricted` records too
    #[arg(long)]
    pub include_restricted: bool,
}

fn parse_seed(text: &str) -> Result<String, String> {
    let count = text.chars().count();
    if count == 0 || count > SEED_MAX {
        return Err(format!(
            "the seed must be 1 to {SEED_MAX} characters; this one has {count}"
        ));
    }
    if text.chars().any(char::is_control) {
        return Err("the seed must not hold control characters (tabs, line breaks)".into());
    }
    Ok(text.to_string())
}

/// A word for the shell: as it is when it is plain, else in single quotes.
fn shell_word(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.:/=+@%,".contains(c));
    if plain && !text.is_empty() {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// The command line that draws the same sample again, in the book root.
fn redraw(args: &SampleArgs, seed: &str, period: Option<Period>, as_of: &str) -> String {
    let mut words = vec![
        "lessonbook".to_string(),
        "sample".into(),
        "--seed".into(),
        shell_word(seed),
    ];
    if let Some(By::Severity) = args.by {
        words.extend(["--by".into(), "severity".into()]);
    }
    match (args.size, args.percent) {
        (_, Some(percent)) => words.extend(["--percent".into(), percent.label()]),
        (Some(n), None) => words.extend(["--size".into(), n.to_string()]),
        (None, None) => {}
    }
    if let Some(period) = period {
        let label = period.label();
        let written = if label.contains(' ') {
            format!(
                "{}..{}",
                period.start,
                period.end.pred_opt().unwrap_or(period.end)
            )
        } else {
            label
        };
        words.extend(["--period".into(), written]);
    }
    if let Some(rev) = &args.at.at {
        words.extend(["--at".into(), shell_word(rev)]);
    }
    words.extend(["--today".into(), as_of.to_string()]);
    if args.include_restricted {
        words.push("--include-restricted".into());
    }
    words.join(" ")
}

pub fn execute(args: &SampleArgs) -> i32 {
    // A book with findings is still sampled: auditors sample the book as it
    // is. Only one that cannot be read at all stops here (exit 2).
    let (settings, checked) = match args.book.checked(args.at.at.as_deref()) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let as_of = settings.today.to_string();
    let seed = args.seed.clone().unwrap_or_else(|| as_of.clone());
    let period = args.period.map(|spec| spec.resolve(settings.today));
    let strata = match args.by {
        Some(By::Severity) => Strata::Severity,
        None => Strata::None,
    };
    let size = match (args.size, args.percent) {
        (_, Some(percent)) => Size::Percent(percent),
        (Some(n), None) => Size::Count(n as usize),
        (None, None) => Size::Count(DEFAULT_SIZE),
    };
    let drawn = sample::draw(
        &checked.book,
        &settings.policy.severities,
        period.unwrap_or(Period::ALL),
        &seed,
        strata,
        size,
    );
    let asked = Asked {
        period: period.map_or_else(|| "the whole history".into(), |p| p.label()),
        size: size.label(strata),
        by: args.by.map(|_| "severity"),
        command: redraw(args, &seed, period, &as_of),
    };
    let name = sample::file_safe(&seed);
    let (html_name, csv_name) = (format!("sample-{name}.html"), format!("sample-{name}.csv"));
    let folder = args.out.clone().unwrap_or_else(|| settings.output.clone());
    let written = Theme::load(&settings.root, &settings.theme).and_then(|theme| {
        // Into the output folder through the same checks as `board` (and
        // marked, so a later `build` may replace it); with --out, exactly
        // there. Two files replaced in place, never the whole folder.
        let out: Box<dyn Output> = match &args.out {
            Some(folder) => Box::new(Files::anywhere(folder)),
            None => Box::new(Files::into_output(
                &folder,
                &[&settings.root, &settings.src],
            )?),
        };
        let analysis = Analysis::new(&checked.book, &settings);
        let files = render::sample_files(
            &analysis,
            &settings,
            &checked,
            &theme,
            &BuildOptions {
                include_restricted: args.include_restricted,
            },
            &drawn,
            &asked,
        )?;
        out.write(&html_name, files.html.as_bytes())?;
        out.write(&csv_name, files.csv.as_bytes())
    });
    if let Err(error) = written {
        print_error(&error);
        return EXIT_FAILURE;
    }
    if checked.summary.errors > 0 {
        eprintln!(
            "note: the records have {} error{} (`lessonbook check` lists them); the sample is drawn from the book as it is",
            checked.summary.errors,
            if checked.summary.errors == 1 { "" } else { "s" }
        );
    }
    let text = listing(&checked.book, &drawn, &asked, &as_of);
    if let Err(error) = std::io::stdout().lock().write_all(text.as_bytes())
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the sample: {error}");
        return EXIT_FAILURE;
    }
    eprintln!(
        "wrote {} and {}",
        folder.join(&html_name).display(),
        folder.join(&csv_name).display()
    );
    EXIT_OK
}

/// What stdout shows: the seed, the strata's sizes, and one line per
/// incident drawn (rank, stratum, ID, key).
fn listing(
    book: &crate::records::Book,
    drawn: &sample::Sample,
    asked: &Asked,
    as_of: &str,
) -> String {
    let mut out = format!(
        "Sample of seed {} as of {as_of}: {} of the {} incidents detected in {} (size {})\n",
        drawn.seed,
        drawn.drawn().count(),
        drawn.population(),
        asked.period,
        asked.size
    );
    if asked.by.is_some() {
        let sizes: Vec<String> = drawn
            .strata
            .iter()
            .map(|s| format!("{} {} of {}", s.name, s.drawn.len(), s.population))
            .collect();
        out.push_str(&format!("strata: {}\n", sizes.join(", ")));
    }
    out.push_str(&format!("redraw: {}\n\n", asked.command));
    let width = drawn
        .drawn()
        .map(|(_, d)| book.incidents[d.index].id.chars().count())
        .chain(["incident".len()])
        .max()
        .unwrap_or(0);
    let stratum_width = drawn
        .strata
        .iter()
        .map(|s| s.name.chars().count())
        .chain(["stratum".len()])
        .max()
        .unwrap_or(0);
    let line = |rank: &str, stratum: &str, id: &str, key: &str| {
        format!(
            "{rank:>4}  {stratum:<stratum_width$}  {id:<width$}  {key}\n",
            stratum_width = stratum_width,
            width = width
        )
    };
    out.push_str(&line("rank", "stratum", "incident", "key"));
    for (stratum, d) in drawn.drawn() {
        out.push_str(&line(
            &d.rank.to_string(),
            stratum,
            &book.incidents[d.index].id,
            &d.key,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_quoted_when_they_need_it() {
        assert_eq!(shell_word("audit-2026"), "audit-2026");
        assert_eq!(shell_word("Q3 audit"), "'Q3 audit'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word("$HOME"), "'$HOME'");
    }
}
