//! Printing diagnostics for people (rustc style) or machines (`--format json`).

use std::path::Path;

use crate::diagnostic::Diagnostic;

pub fn print(diags: &[Diagnostic], root: &Path) {
    for d in diags {
        eprintln!("{}", d.clone().relative_to(root).render());
    }
}

/// What `--format json` prints when the check could not run at all (exit code 2):
/// no diagnostics, and the reason.
pub fn json_could_not_run(reason: &str) -> String {
    pretty(&serde_json::json!({ "diagnostics": [], "error": reason }))
}

pub fn json(diags: &[Diagnostic], root: &Path) -> String {
    let list: Vec<Diagnostic> = diags.iter().cloned().map(|d| d.relative_to(root)).collect();
    pretty(&serde_json::json!({ "diagnostics": list }))
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into())
}
