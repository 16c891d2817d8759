//! `lessonbook diff REV [REV2]`: the figures of every period that had ended
//! by REV's date that read differently in REV2 (default: the working tree),
//! with the records that caused each change: what `board --since` puts in
//! the pack, in the terminal.

use std::io::Write;

use clap::ValueEnum;

use super::{BookArgs, EXIT_FAILURE, EXIT_OK};
use crate::period::PeriodSpec;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// one line per restated figure on stdout
    Human,
    /// one JSON document on stdout
    Json,
}

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The earlier revision (a tag, branch or commit): what was reported
    pub rev: String,
    /// The later revision (default: the working tree)
    pub rev2: Option<String>,
    #[command(flatten)]
    pub book: BookArgs,
    /// Compare periods of this length: month, quarter or year (default:
    /// that of [board] period)
    #[arg(long, value_parser = PeriodSpec::parse)]
    pub period: Option<PeriodSpec>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn execute(args: &DiffArgs) -> i32 {
    let (settings, checked) = match args.book.checked(args.rev2.as_deref()) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let step = super::restated::step_of(args.period.unwrap_or(settings.board_period));
    let since = match super::restated::since(&args.book, &args.rev, (&settings, &checked), step) {
        Ok(since) => since,
        Err(code) => return code,
    };
    let later = args.rev2.as_deref().unwrap_or("the working tree");
    let text = match args.format {
        Format::Human => {
            let mut text = String::new();
            for restated in &since.restated {
                let causes: Vec<String> = restated.causes.iter().map(|c| c.describe()).collect();
                let together = if restated.combined { "together: " } else { "" };
                text.push_str(&format!(
                    "{} ({together}{})\n",
                    restated.sentence(),
                    causes.join(", ")
                ));
            }
            text
        }
        Format::Json => {
            let document = serde_json::json!({
                "since": args.rev,
                "since_label": since.label,
                "to": later,
                "periods": since.periods,
                "restated": since.restated,
            });
            format!("{document:#}\n")
        }
    };
    if let Err(error) = std::io::stdout().lock().write_all(text.as_bytes())
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the report: {error}");
        return EXIT_FAILURE;
    }
    eprintln!(
        "{} restated in {later}, of {} ended by {}",
        since.figures(),
        since.periods(),
        since.label
    );
    EXIT_OK
}
