//! `lessonbook board`: only the board pack, for any period, as HTML and PDF.

use std::path::{Path, PathBuf};

use super::{BookArgs, EXIT_FAILURE, EXIT_OK, print_error};
use crate::metrics::Analysis;
use crate::output::{Files, Output};
use crate::period::PeriodSpec;
use crate::theme::Theme;

#[derive(clap::Args, Debug)]
pub struct BoardArgs {
    #[command(flatten)]
    pub book: BookArgs,
    #[command(flatten)]
    pub at: super::AtArgs,
    /// quarter | month | year | 2026-Q3 | 2026-07 | 2026 | 2026-01-01..2026-06-30 (default: [board] period)
    #[arg(long, value_parser = PeriodSpec::parse)]
    pub period: Option<PeriodSpec>,
    /// Where to write the HTML; the PDF goes beside it with a .pdf extension
    /// (default: board-pack.html in the output folder)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Add a "Restated figures" section: the figures of every period that
    /// had ended by REV's date, as REV reported them and as they are now
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
}

pub fn execute(args: &BoardArgs) -> i32 {
    let (settings, checked) = match args
        .book
        .checked_clean(args.at.at.as_deref(), "no board pack was written")
    {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let spec = args.period.unwrap_or(settings.board_period);
    let period = spec.resolve(settings.today);
    let since = match &args.since {
        Some(rev) => match super::restated::since(
            &args.book,
            rev,
            (&settings, &checked),
            super::restated::step_of(spec),
        ) {
            Ok(since) => Some(since),
            Err(code) => return code,
        },
        None => None,
    };
    // Into the output folder by default, through the same checks as a build
    // (and marked as lessonbook's, so a later `build` may replace it); with
    // --out, exactly where the user said.
    let html_path = args
        .out
        .clone()
        .unwrap_or_else(|| settings.output.join("board-pack.html"));
    let pdf_path = html_path.with_extension("pdf");
    let folder = html_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let file_name = |path: &Path| {
        path.file_name()
            .map_or_else(Default::default, |n| n.to_string_lossy().into_owned())
    };
    let names = (file_name(&html_path), file_name(&pdf_path));
    let progress = args
        .book
        .progress(&format!("rendering the board pack for {}", period.label()));
    let result = Theme::load(&settings.root, &settings.theme).and_then(|theme| {
        let out: Box<dyn Output> = match &args.out {
            Some(_) => Box::new(Files::anywhere(&folder)),
            None => Box::new(Files::into_output(
                &folder,
                &[&settings.root, &settings.src],
            )?),
        };
        let analysis = Analysis::new(&checked.book, &settings);
        let pdf = crate::board::write(
            &analysis,
            &settings,
            period,
            &crate::board::Reported {
                conformity: &crate::conformity::Conformity::of_checked(&analysis, &checked),
                built_from: checked.recorded.footer(),
                restated: since
                    .as_ref()
                    .map(|since| (since.label.clone(), since.restated.as_slice())),
            },
            &theme,
            (&names.0, &names.1),
            out.as_ref(),
        )?;
        if !pdf {
            eprintln!("note: this lessonbook was built without the `pdf` feature: HTML only");
        }
        Ok(())
    });
    drop(progress);
    match result {
        Ok(()) => {
            eprintln!(
                "wrote the board pack for {} to {} and {}",
                period.label(),
                html_path.display(),
                pdf_path.display()
            );
            if let Some(since) = &since {
                eprintln!(
                    "restated since {}: {} in {}",
                    since.label,
                    since.figures(),
                    since.periods()
                );
            }
            EXIT_OK
        }
        Err(error) => {
            print_error(&error);
            EXIT_FAILURE
        }
    }
}
