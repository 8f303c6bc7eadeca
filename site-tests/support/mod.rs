pub mod browser;
pub mod server;

use std::path::{Path, PathBuf};

/// Builds the course at `root` into `out` with the real `rapport` binary.
pub fn build(root: &Path, out: &Path) -> Result<(), String> {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .status()
        .map_err(|e| format!("cannot run rapport: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("rapport build --root {} failed", root.display()))
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
