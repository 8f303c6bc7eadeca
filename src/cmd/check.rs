//! `rapport check`: everything `build` checks, plus every exercise's self-tests, without writing
//! a site. Exit codes: 0 clean, 1 problems found, 2 could not run.

use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::{config, report, site::Site};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The course folder (holding rapport.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// `json` prints machine-readable diagnostics on stdout, for CI and editors.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if let Err(e) = config::require_course(&args.root) {
        // A tool reading stdout still gets JSON, and learns why there are no diagnostics.
        if let Format::Json = args.format {
            println!("{}", report::json_could_not_run(&format!("{e:#}")));
        }
        return Err(e);
    }
    let (diags, summary) = match Site::load(&args.root) {
        Ok(mut site) => {
            site.run_selftests();
            let selftests: usize = site
                .pages
                .iter()
                .flat_map(|p| &p.rendered.exercises)
                .map(|e| match &e.exercise {
                    exercises::Exercise::Reply(r) => r.selftests.len() + 1,
                    exercises::Exercise::Choice(_) => 0,
                })
                .sum();
            let summary = format!(
                "{}, {}, {}",
                count(site.pages.len(), "chapter"),
                count(site.exercise_count(), "exercise"),
                count(selftests, "graded sample")
            );
            (site.sorted_diagnostics(), summary)
        }
        Err(d) => (d, String::new()),
    };
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    match args.format {
        Format::Json => println!("{}", report::json(&diags, &args.root)),
        Format::Human => {
            report::print(&diags, &args.root);
            if errors == 0 {
                eprintln!(
                    "check passed: {summary}{}",
                    if warnings > 0 {
                        format!(" ({warnings} warning(s))")
                    } else {
                        String::new()
                    }
                );
            } else {
                eprintln!("check failed: {errors} error(s), {warnings} warning(s)");
            }
        }
    }
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// "1 chapter", "2 chapters".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
