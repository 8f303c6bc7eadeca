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

/// Copies a folder tree (a fixture course) into `to`.
pub fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(|e| e.to_string())?;
        let rel = entry.path().strip_prefix(from).map_err(|e| e.to_string())?;
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).map_err(|e| e.to_string())?;
        } else {
            std::fs::copy(entry.path(), &dest).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// `rapport serve` on a free port, stopped on drop.
pub struct DevServer {
    child: std::process::Child,
    pub url: String,
    _out: tempfile::TempDir,
}

impl DevServer {
    pub fn start(root: &Path) -> Result<DevServer, String> {
        use std::io::BufRead;
        let out = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .arg("--out")
            .arg(out.path().join("site"))
            .stderr(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start rapport serve: {e}"))?;
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                if let Some(at) = line.find("http://") {
                    let url = line[at..]
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_string();
                    let _ = tx.send(url);
                }
            }
        });
        let url = rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .map_err(|_| "rapport serve did not print its address within 30 s".to_string())?;
        Ok(DevServer {
            child,
            url,
            _out: out,
        })
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
