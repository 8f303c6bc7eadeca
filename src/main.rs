//! `rapport`: turns a folder of Markdown chapters into a static training site whose exercises
//! are graded in the browser.

mod assets;
mod cmd;
mod config;
mod content;
mod diagnostic;
mod markdown;
mod output;
mod render;
mod report;
mod search;
mod serve;
mod site;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "rapport", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new course in DIR (default: here) that checks and builds clean at once.
    Init(cmd::init::Args),
    /// Build the course into a static site (default: ./rapport.toml → ./site).
    Build(cmd::build::Args),
    /// Check the course without writing a site: links, exercises, self-tests, templates.
    Check(cmd::check::Args),
    /// Build, serve on 127.0.0.1, rebuild on change and reload open pages.
    Serve(cmd::serve::Args),
    /// Print the signals the grader finds in replies, one JSON line per input line.
    Analyze(cmd::analyze::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Init(args) => cmd::init::run(args),
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Analyze(args) => cmd::analyze::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
