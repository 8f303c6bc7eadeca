//! The browser's door to the grader: JSON in, JSON out, nothing that can throw.
//!
//! Kept thin on purpose (as Harper does with harper-wasm): conversions only, so the verdict the
//! browser shows is the verdict the generator's self-tests checked.

use wasm_bindgen::prelude::*;

/// Grades `reply` against the exercise given as JSON. Returns `{"ok": verdict}` or
/// `{"error": "..."}`; a malformed exercise is reported, never thrown.
#[wasm_bindgen]
pub fn grade(exercise_json: &str, reply: &str) -> String {
    crate::grade_json(exercise_json, reply)
}

/// The version of the grader, for the page footer and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
