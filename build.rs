//! Builds the grader for the browser and hands it to the `rapport` binary.
//!
//! The `exercises` crate is compiled to `wasm32-unknown-unknown` by a nested cargo (in its own
//! target directory, so it never waits on the outer build's lock), glued with
//! `wasm-bindgen-cli-support` used as a library, and written to `OUT_DIR`: `grader.js` (the JS
//! glue and `themes/default/grader-loader.js`), `grader.wasm`, which pages fetch over HTTP, and
//! `grader-inline.js`, the same WASM as base64 for pages opened from `file://`, where `fetch()`
//! is not allowed.
//! `src/assets.rs` embeds that file, so `cargo install --path .` gives a self-sufficient binary.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env("OUT_DIR"));
    for p in ["exercises/src", "exercises/Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={}", manifest_dir.join(p).display());
    }

    check_wasm_target();
    let wasm = build_wasm(&manifest_dir);
    let glue_dir = out_dir.join("wasm-bindgen");
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(&wasm)
        .typescript(false)
        .no_modules(true)
        .and_then(|b| b.generate(&glue_dir))
        .unwrap_or_else(|e| fail(&format!("wasm-bindgen could not glue the grader: {e:#}")));

    let js = read(&glue_dir.join("exercises.js"));
    let bytes = std::fs::read(glue_dir.join("exercises_bg.wasm"))
        .unwrap_or_else(|e| fail(&format!("cannot read the glued WASM: {e}")));
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    let loader = read(&manifest_dir.join("themes/default/grader-loader.js"));
    println!(
        "cargo:rerun-if-changed={}",
        manifest_dir
            .join("themes/default/grader-loader.js")
            .display()
    );
    write(
        &out_dir.join("grader.js"),
        &format!("/* rapport grader: wasm-bindgen glue, then the loader */\n{js}\n{loader}"),
    );
    write(
        &out_dir.join("grader-inline.js"),
        &format!(
            "/* rapport grader: the WASM as base64, for pages opened from file:// (no fetch there) */\n\
             window.rapportGraderBase64 = \"{b64}\";\n"
        ),
    );
    std::fs::write(out_dir.join("grader.wasm"), &bytes)
        .unwrap_or_else(|e| fail(&format!("cannot write grader.wasm: {e}")));
}

fn env(key: &str) -> String {
    std::env::var(key).unwrap_or_else(|_| fail(&format!("{key} is not set")))
}

fn write(p: &Path, text: &str) {
    std::fs::write(p, text).unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", p.display())));
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", p.display())))
}

fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1);
}

fn check_wasm_target() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let installed = sysroot.is_some_and(|s| {
        Path::new(&s)
            .join("lib/rustlib/wasm32-unknown-unknown")
            .exists()
    });
    if !installed {
        fail(
            "the wasm32-unknown-unknown target is not installed, and rapport ships its grader as \
             WebAssembly.\n  fix: run `rustup target add wasm32-unknown-unknown` (or `bash scripts/setup`)",
        );
    }
}

fn build_wasm(manifest_dir: &Path) -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target_dir = manifest_dir.join("target").join("wasm-grader");
    let status = Command::new(cargo)
        .current_dir(manifest_dir)
        .args([
            "build",
            "--package",
            "exercises",
            "--lib",
            "--features",
            "wasm",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "wasm-release",
            "--locked",
        ])
        .arg("--target-dir")
        .arg(&target_dir)
        // The outer build's flags (coverage, sanitizers, a target dir) are not for the browser.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CARGO_MAKEFLAGS")
        .status()
        .unwrap_or_else(|e| fail(&format!("cannot run cargo to build the grader: {e}")));
    if !status.success() {
        fail("building the grader for wasm32-unknown-unknown failed (see the output above)");
    }
    target_dir.join("wasm32-unknown-unknown/wasm-release/exercises.wasm")
}
