//! `rapport analyze --jsonl FILE`: the grader's signals for each reply, in the schema of the
//! labelled dev set. The same analysis the exercises use, not a second implementation.

use anyhow::{Context, Result};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// JSON Lines with `id`, `customer` and `reply` (other fields ignored); `-` for stdin.
    #[arg(long, value_name = "FILE")]
    jsonl: PathBuf,
    /// Include the byte spans that justify each signal.
    #[arg(long)]
    spans: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let input: Box<dyn Read> = if args.jsonl.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(&args.jsonl)
                .with_context(|| format!("cannot open {}", args.jsonl.display()))?,
        )
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut bad = 0usize;
    for (n, line) in BufReader::new(input).lines().enumerate() {
        let line =
            line.with_context(|| format!("{}:{}: cannot read", args.jsonl.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!(
                    "{}:{}:{}: not JSON: {e}",
                    args.jsonl.display(),
                    n + 1,
                    e.column()
                );
                bad += 1;
                continue;
            }
        };
        let field = |k: &str| value.get(k).and_then(|v| v.as_str()).unwrap_or("");
        let id = value.get("id").cloned().unwrap_or(serde_json::Value::Null);
        let signals = exercises::signals_json(&id, field("customer"), field("reply"), args.spans);
        if let Err(e) = writeln!(out, "{signals}") {
            return closed_or(e);
        }
    }
    if let Err(e) = out.flush() {
        return closed_or(e);
    }
    Ok(if bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A reader that stopped reading (`rapport analyze ... | head`) is not an error: end quietly.
fn closed_or(e: std::io::Error) -> Result<ExitCode> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(e).context("cannot write to stdout")
    }
}
