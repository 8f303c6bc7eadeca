//! `rapport build`: the course into a static site.

use anyhow::Result;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
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
    let progress = Progress::new(started, std::io::stderr().is_terminal());
    let loaded = progress.while_busy("reading and checking the course", || {
        Site::load(&args.root).map(|mut site| {
            site.run_selftests();
            site
        })
    });
    let site = match loaded {
        Ok(s) => s,
        Err(diags) => {
            report::print(&diags, &args.root);
            return Ok(refused(diags.len(), &args.out));
        }
    };
    let diags = site.sorted_diagnostics();
    report::print(&diags, &args.root);
    if site.errors() > 0 {
        return Ok(refused(site.errors(), &args.out));
    }
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
    // The process ends here: freeing every chapter's strings one by one only delays the exit
    // (about 4% of a 1,000-chapter build, measured with perf).
    std::mem::forget(site);
    Ok(ExitCode::SUCCESS)
}

fn refused(errors: usize, out: &std::path::Path) -> ExitCode {
    eprintln!(
        "build failed: {errors} error(s); the previous site in `{}` is untouched",
        out.display()
    );
    ExitCode::from(1)
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

/// A one-line progress report (what is being done, pages written / total, elapsed time) that
/// rewrites itself on a terminal, at most ten times a second and only once the build has run
/// for a moment, and says nothing when stderr is a file or a pipe.
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

    /// Runs `work`, showing `what` and the elapsed time meanwhile; the line is erased after.
    fn while_busy<T>(&self, what: &str, work: impl FnOnce() -> T) -> T {
        if !self.enabled {
            return work();
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let out = std::thread::scope(|s| {
            s.spawn(move || {
                while let Err(RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(Duration::from_millis(100))
                {
                    self.draw(false, || what.to_string());
                }
            });
            let out = work();
            drop(stop);
            out
        });
        self.clear();
        out
    }

    /// Called from any rendering thread after each page.
    fn show(&self, done: usize, total: usize) {
        if self.enabled {
            self.draw(done == total, || format!("writing pages: {done}/{total}"));
        }
    }

    /// Draws `text()` and the elapsed time if a line is due (or `last` and one was drawn before).
    fn draw(&self, last_one: bool, text: impl FnOnce() -> String) {
        // Another thread drawing right now is as good as drawing.
        let Ok(mut last) = self.last.try_lock() else {
            return;
        };
        let now = Instant::now();
        let due = match *last {
            None => now.duration_since(self.started) >= Duration::from_millis(200),
            Some(t) => now.duration_since(t) >= Duration::from_millis(100),
        };
        if due || (last_one && last.is_some()) {
            *last = Some(now);
            let mut err = std::io::stderr().lock();
            let _ = write!(
                err,
                "\r\x1b[K{}, {:.1?}",
                text(),
                now.duration_since(self.started)
            );
            let _ = err.flush();
        }
    }

    /// Erases the line, if it is drawn, before other output takes its place.
    fn clear(&self) {
        if !self.enabled {
            return;
        }
        if let Ok(mut last) = self.last.lock() {
            if last.take().is_some() {
                eprint!("\r\x1b[K");
            }
        }
    }
}
