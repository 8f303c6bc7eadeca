//! `rapport build`: the course into a static site.

use anyhow::Result;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
    let progress = Progress::new(started, std::io::stderr().is_terminal());
    let stats = output::build(&site, &args.out, &|done, total| progress.show(done, total));
    progress.clear();
    let stats = stats?;
    eprintln!(
        "built {} pages ({} exercises) into {} in {:.2?}, {}",
        stats.pages,
        site.exercise_count(),
        args.out.display(),
        started.elapsed(),
        size(stats.bytes)
    );
    Ok(ExitCode::SUCCESS)
}

/// `12.3 KB`, `45.6 MB`: the site's size for the summary line.
fn size(bytes: u64) -> String {
    let kb = bytes as f64 / 1024.0;
    if kb < 10.0 * 1024.0 {
        format!("{kb:.1} KB")
    } else {
        format!("{:.1} MB", kb / 1024.0)
    }
}

/// A one-line progress report (pages written / total, elapsed time) that rewrites itself on a
/// terminal, at most ten times a second, and says nothing when stderr is a file or a pipe.
struct Progress {
    started: Instant,
    enabled: bool,
    /// When the line was last drawn; `None` before the first time.
    last: Mutex<Option<Instant>>,
}

impl Progress {
    fn new(started: Instant, enabled: bool) -> Self {
        Progress {
            started,
            enabled,
            last: Mutex::new(None),
        }
    }

    /// Called from any rendering thread after each page.
    fn show(&self, done: usize, total: usize) {
        if !self.enabled {
            return;
        }
        // Another thread drawing right now is as good as drawing.
        let Ok(mut last) = self.last.try_lock() else {
            return;
        };
        let now = Instant::now();
        let due = match *last {
            None => now.duration_since(self.started) >= Duration::from_millis(200),
            Some(t) => now.duration_since(t) >= Duration::from_millis(100),
        };
        if due || (done == total && last.is_some()) {
            *last = Some(now);
            let mut err = std::io::stderr().lock();
            let _ = write!(
                err,
                "\r\x1b[Kwriting pages: {done}/{total}, {:.1?}",
                now.duration_since(self.started)
            );
            let _ = err.flush();
        }
    }

    /// Erases the line, if it was ever drawn, before the summary takes its place.
    fn clear(&self) {
        let drawn = self.last.lock().map(|l| l.is_some()).unwrap_or(false);
        if self.enabled && drawn {
            eprint!("\r\x1b[K");
        }
    }
}

fn refused(errors: usize, out: &std::path::Path) -> ExitCode {
    eprintln!(
        "build failed: {errors} error(s); the previous site in `{}` is untouched",
        out.display()
    );
    ExitCode::from(1)
}
