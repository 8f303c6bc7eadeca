//! `rapport serve`: build, serve on 127.0.0.1, rebuild on change, reload open pages.

use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The course folder (holding rapport.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site.
    #[arg(long, default_value = "site")]
    pub out: PathBuf,
    /// Port to listen on (0 picks a free one).
    #[arg(long, short, default_value_t = 3000)]
    pub port: u16,
    /// Address to bind. Anything but loopback exposes the site to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    crate::serve::run(crate::serve::Options {
        root: args.root,
        out: args.out,
        host: args.host,
        port: args.port,
    })?;
    Ok(ExitCode::SUCCESS)
}
