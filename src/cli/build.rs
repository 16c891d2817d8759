//! `lessonbook build`: check, then render the site. Errors stop the build and
//! leave the previous output as it was; warnings are printed and the build
//! goes on.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Instant;

use anyhow::Result;

use super::{BookArgs, EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, print_error};
use crate::check::Checked;
use crate::config::Settings;
use crate::diagnostics::render_human;
use crate::metrics::Analysis;
use crate::output::Staging;
use crate::render::{self, BuildOptions};
use crate::theme::Theme;

struct BuildReport {
    files: usize,
    written: usize,
    unchanged: usize,
    seconds: f64,
}

/// The site and the board pack, streamed into one staging folder that is
/// swapped in only when everything rendered.
fn build(
    settings: &Settings,
    checked: &mut Checked,
    options: &BuildOptions,
) -> Result<BuildReport> {
    let started = Instant::now();
    let theme = Theme::load(&settings.root, &settings.theme)?;
    let protected: [&std::path::Path; 2] = [&settings.root, &settings.src];
    let inputs = render::inputs_key(settings, checked, &theme, options);
    if let Some(inputs) = &inputs
        && let Some(files) = Staging::unchanged(&settings.output, &protected, inputs)?
    {
        return Ok(BuildReport {
            files,
            written: 0,
            unchanged: files,
            seconds: started.elapsed().as_secs_f64(),
        });
    }
    let mut staging = Staging::new(&settings.output, &protected)?;
    if let Some(inputs) = inputs {
        staging.set_inputs(inputs);
    }
    // The inputs are hashed and the findings printed: the pages need no
    // more of a record file than its body.
    checked.keep_only_bodies();
    let checked = &*checked;
    let analysis = Analysis::new(&checked.book, settings);
    // Assessed once: the compliance page and the board pack print it.
    let conformity = crate::conformity::Conformity::of_checked(&analysis, checked);
    let period = settings.board_period.resolve(settings.today);
    // The board pack (its PDF is typeset on one thread) beside the site.
    let (site, board) = rayon::join(
        || {
            render::site(
                &analysis,
                settings,
                checked,
                &conformity,
                &theme,
                options,
                &staging,
            )
        },
        || {
            crate::board::write(
                &analysis,
                settings,
                period,
                &crate::board::Reported {
                    conformity: &conformity,
                    built_from: checked.recorded.footer(),
                    restated: None,
                },
                &theme,
                ("board-pack.html", "board-pack.pdf"),
                &staging,
            )
        },
    );
    site?;
    board?;
    let files = staging.files();
    let written = staging.written.load(Ordering::Relaxed);
    let unchanged = staging.unchanged.load(Ordering::Relaxed);
    staging.commit()?;
    Ok(BuildReport {
        files,
        written,
        unchanged,
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub book: BookArgs,
    #[command(flatten)]
    pub at: super::AtArgs,
    /// Output folder (default: [build] output in book.toml, "book")
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Publish the text of `confidentiality: restricted` records too
    #[arg(long)]
    pub include_restricted: bool,
}

pub fn execute(args: &BuildArgs) -> i32 {
    let (mut settings, mut checked) = match args.book.checked(args.at.at.as_deref()) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if let Some(out) = &args.out {
        settings.output = out.clone();
    }
    eprint!(
        "{}",
        render_human(&checked.diagnostics, args.book.color.enabled())
    );
    eprintln!("{}", checked.summary.report());
    if checked.summary.errors > 0 {
        eprintln!(
            "error: the records have errors; nothing was built and {} is unchanged",
            settings.output.display()
        );
        return EXIT_FINDINGS;
    }
    let progress = args.book.progress(&format!(
        "rendering the site into {}",
        settings.output.display()
    ));
    let built = build(
        &settings,
        &mut checked,
        &BuildOptions {
            include_restricted: args.include_restricted,
        },
    );
    drop(progress);
    match built {
        Ok(report) => {
            eprintln!(
                "wrote {} files to {} ({} changed, {} unchanged) in {:.2} s",
                report.files,
                settings.output.display(),
                report.written,
                report.unchanged,
                report.seconds
            );
            EXIT_OK
        }
        Err(error) => {
            print_error(&error);
            eprintln!(
                "error: the build failed; {} is unchanged",
                settings.output.display()
            );
            EXIT_FAILURE
        }
    }
}
