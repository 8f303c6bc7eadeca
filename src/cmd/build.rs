//! `rapport build`: the course into a static site.

use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use crate::{config, output, report, site::Site};

#[derive(clap::Args)]
pub struct Args {
    /// The course folder (holding rapport.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site, relative to the current folder.
    #[arg(long, default_value = "site")]
    pub out: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    config::require_course(&args.root)?;
    let started = Instant::now();
    let mut site = match Site::load(&args.root) {
        Ok(s) => s,
        Err(diags) => {
            report::print(&diags, &args.root);
            return Ok(refused(diags.len(), &args.out));
        }
    };
    site.run_selftests();
    let diags = site.sorted_diagnostics();
    report::print(&diags, &args.root);
    if site.errors() > 0 {
        return Ok(refused(site.errors(), &args.out));
    }
    let files = output::render_all(&site)?;
    let stats = output::write_site(&args.out, &files)?;
    eprintln!(
        "built {} pages ({} exercises) into {} in {:.2?}, {:.1} KB",
        stats.pages,
        site.exercise_count(),
        args.out.display(),
        started.elapsed(),
        stats.bytes as f64 / 1024.0
    );
    Ok(ExitCode::SUCCESS)
}

fn refused(errors: usize, out: &std::path::Path) -> ExitCode {
    eprintln!(
        "build failed: {errors} error(s); the previous site in `{}` is untouched",
        out.display()
    );
    ExitCode::from(1)
}
