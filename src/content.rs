//! Loading the chapters listed in the configuration: reading files, optional front matter, and
//! spotting chapter files the configuration forgot.

use serde::Deserialize;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location};

/// A chapter's source, read and split from its front matter.
#[derive(Debug, Clone)]
pub struct Chapter {
    pub title: String,
    pub description: String,
    /// Path on disk.
    pub path: PathBuf,
    /// Path relative to the content folder, as listed in the configuration.
    pub rel: PathBuf,
    /// Output page, relative to the site root (`anatomy.html`, `guides/x.html`).
    pub output: String,
    pub source: String,
    /// Byte offset where the Markdown body starts (after front matter).
    pub body_start: usize,
}

impl Chapter {
    /// `../` repeated for each folder the page sits in: prefixes every site-relative URL.
    pub fn root_prefix(&self) -> String {
        "../".repeat(self.output.matches('/').count())
    }
}

/// Optional TOML front matter between `+++` lines at the top of a chapter.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Option<String>,
    #[serde(default)]
    description: String,
}

/// `anatomy.md` → `anatomy.html`; folders are kept.
pub fn output_name(rel: &Path) -> String {
    let s = rel
        .with_extension("html")
        .to_string_lossy()
        .replace('\\', "/");
    s.trim_start_matches("./").to_string()
}

pub fn load(root: &Path, config: &Config, config_src: &str) -> (Vec<Chapter>, Vec<Diagnostic>) {
    let content_dir = root.join(&config.content_dir);
    let config_path = root.join(crate::config::FILE_NAME);
    let mut chapters = Vec::new();
    let mut diags = Vec::new();
    for (i, entry) in config.chapters.iter().enumerate() {
        let path = content_dir.join(&entry.file);
        // Computed only for a diagnostic: finding the entry scans the configuration, which for
        // every chapter of a big course would make loading quadratic.
        let listed_at = || {
            crate::config::chapter_file_location(
                &config_path,
                config_src,
                i,
                &entry.file.to_string_lossy(),
            )
        };
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                diags.push(Diagnostic::error(
                    listed_at(),
                    format!(
                        "chapter file `{}` does not exist",
                        config.content_dir.join(&entry.file).display()
                    ),
                    missing_chapter_hint(&content_dir, config, &entry.file),
                ));
                continue;
            }
            Err(e) => {
                diags.push(Diagnostic::error(
                    Location::file(&path),
                    format!("cannot read this chapter: {e}"),
                    format!(
                        "make the file readable by the user running rapport (e.g. `chmod a+r {}`)",
                        config.content_dir.join(&entry.file).display()
                    ),
                ));
                continue;
            }
        };
        let source = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let byte = e.as_bytes()[valid];
                // Shown with U+FFFD for the bad bytes; offsets up to the first one are unchanged.
                let shown = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let mut at = Location::in_source(&path, &shown, valid);
                at.width = 1;
                let rel = config.content_dir.join(&entry.file);
                diags.push(Diagnostic::error(
                    at,
                    format!("chapter is not UTF-8: byte 0x{byte:02X} cannot be read as text"),
                    format!(
                        "the file was probably saved as Latin-1 or Windows-1252: save it as UTF-8 in your editor, or convert it with `iconv -f windows-1252 -t utf-8 {0} > {0}.new && mv {0}.new {0}`",
                        rel.display()
                    ),
                ));
                continue;
            }
        };
        let (front, body_start) = match front_matter(&path, &source) {
            Ok(x) => x,
            Err(d) => {
                diags.push(*d);
                continue;
            }
        };
        chapters.push(Chapter {
            title: front.title.unwrap_or_else(|| entry.title.clone()),
            description: front.description,
            output: output_name(&entry.file),
            rel: entry.file.clone(),
            path,
            source,
            body_start,
        });
    }
    diags.extend(orphans(&content_dir, config));
    (chapters, diags)
}

/// For a listed chapter that is not on disk: an unlisted file with a near name is most likely
/// the one meant (`thrid.md` for `third.md`).
fn missing_chapter_hint(content_dir: &Path, config: &Config, file: &Path) -> String {
    let listed: std::collections::HashSet<&Path> =
        config.chapters.iter().map(|c| c.file.as_path()).collect();
    let unlisted: Vec<String> = walkdir::WalkDir::new(content_dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| {
            e.path()
                .strip_prefix(content_dir)
                .ok()
                .map(Path::to_path_buf)
        })
        .filter(|p| !listed.contains(p.as_path()))
        .map(|p| p.display().to_string())
        .collect();
    let wanted = file.display().to_string();
    match crate::diagnostic::closest(&wanted, unlisted.iter().map(String::as_str)) {
        Some(near) => format!(
            "did you mean `{near}`? Otherwise create `{}`",
            config.content_dir.join(file).display()
        ),
        None => format!(
            "create `{}`, or fix this `file` (it is relative to `{}/`)",
            config.content_dir.join(file).display(),
            config.content_dir.display()
        ),
    }
}

fn front_matter(path: &Path, src: &str) -> Result<(FrontMatter, usize), Box<Diagnostic>> {
    let Some(rest) = src
        .strip_prefix("+++\n")
        .or_else(|| src.strip_prefix("+++\r\n"))
    else {
        return Ok((FrontMatter::default(), 0));
    };
    let open = src.len() - rest.len();
    let Some(close) = rest.find("\n+++") else {
        return Err(Box::new(Diagnostic::error(
            Location::in_source(path, src, 0),
            "front matter is never closed".into(),
            "end the front matter with a line holding only `+++`".into(),
        )));
    };
    let toml_src = &rest[..close + 1];
    let body_start = (open + close + 4 + 1).min(src.len());
    match toml::from_str::<FrontMatter>(toml_src) {
        Ok(f) => Ok((f, body_start)),
        Err(e) => Err(Box::new(Diagnostic::error(
            Location::in_source(path, src, open + e.span().map_or(0, |s| s.start)),
            format!("invalid front matter: {}", e.message()),
            "front matter is TOML; the keys are `title` and `description`".into(),
        ))),
    }
}

/// Markdown files in the content folder that no chapter entry lists: probably forgotten.
fn orphans(content_dir: &Path, config: &Config) -> Vec<Diagnostic> {
    let listed: std::collections::HashSet<PathBuf> = config
        .chapters
        .iter()
        .map(|c| content_dir.join(&c.file))
        .collect();
    walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| !listed.contains(e.path()))
        .map(|e| {
            let file = e.path().strip_prefix(content_dir).unwrap_or(e.path());
            Diagnostic::warning(
                Location::file(e.path()),
                "this Markdown file is not listed in rapport.toml, so it is not built".into(),
                format!(
                    "to make it a chapter, add `[[chapter]]` with `file = \"{}\"` and a `title` to rapport.toml, where it belongs in reading order; otherwise delete it",
                    file.display()
                ),
            )
        })
        .collect()
}
