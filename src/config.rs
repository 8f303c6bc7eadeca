//! The course configuration, `rapport.toml`: what the course is called and its chapters in
//! reading order.

use serde::Deserialize;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub course: Course,
    #[serde(default, rename = "chapter")]
    pub chapters: Vec<ChapterEntry>,
    /// Folder holding the chapters, relative to the course root.
    #[serde(default = "default_content")]
    pub content_dir: PathBuf,
    /// Theme folder under `themes/`; templates found there override the built-in ones.
    #[serde(default = "default_theme")]
    pub theme: String,
}

fn default_content() -> PathBuf {
    PathBuf::from("content")
}

fn default_theme() -> String {
    "default".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Course {
    /// Keys the learner's progress in the browser: two courses on one host never mix.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
}

fn default_language() -> String {
    "en".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterEntry {
    /// Markdown file, relative to the content folder.
    pub file: PathBuf,
    pub title: String,
}

pub const FILE_NAME: &str = "rapport.toml";

/// Fails when `root` holds no course at all. That is "rapport could not run" (exit 2), not "the
/// course has problems" (exit 1): a CI job pointed at the wrong folder must not look like a
/// course with one error.
pub fn require_course(root: &Path) -> anyhow::Result<()> {
    let path = root.join(FILE_NAME);
    if path.is_file() {
        return Ok(());
    }
    let why = if root.is_dir() {
        format!("`{}` has no {FILE_NAME}", root.display())
    } else {
        format!("`{}` is not a folder", root.display())
    };
    anyhow::bail!(
        "no course to read: {why}\n  = hint: run rapport in a course folder (one holding `{FILE_NAME}`), pass `--root DIR`, or create a course with `rapport init DIR`"
    )
}

/// Reads and checks `rapport.toml`. Every problem becomes a diagnostic pointing into the file.
pub fn load(root: &Path) -> Result<(Config, String), Vec<Diagnostic>> {
    let path = root.join(FILE_NAME);
    let src = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            return Err(vec![Diagnostic::error(
                Location::file(&path),
                format!("cannot read the course configuration: {e}"),
                format!(
                    "run rapport in a course folder (one holding `{FILE_NAME}`), pass `--root DIR`, or create one with `rapport init`"
                ),
            )])
        }
    };
    let config: Config = match toml::from_str(&src) {
        Ok(c) => c,
        Err(e) => {
            let loc = Location::in_source(&path, &src, e.span().map_or(0, |s| s.start));
            return Err(vec![Diagnostic::error(
                loc,
                format!("invalid configuration: {}", e.message()),
                "see the contributors' page for the keys of `rapport.toml`".to_string(),
            )]);
        }
    };
    let mut problems = Vec::new();
    let id_ok = !config.course.id.is_empty()
        && config
            .course
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !id_ok {
        problems.push(Diagnostic::error(
            key_location(&path, &src, "id"),
            format!("course id `{}` is not a valid id", config.course.id),
            "use letters, digits and dashes: it keys learners' progress, so keep it stable".into(),
        ));
    }
    if config.chapters.is_empty() {
        problems.push(Diagnostic::error(
            Location::file(&path),
            "the course has no chapters".into(),
            format!(
                "add a `[[chapter]]` table for each chapter, in reading order, e.g. `[[chapter]]` / `file = \"index.md\"` / `title = \"Welcome\"`, with the file in `{}/`",
                config.content_dir.display()
            ),
        ));
    }
    // Locations are worked out only for a problem: this runs on every rebuild under `serve`, and
    // finding each of a thousand entries in the file one by one was a tenth of that time.
    let mut seen = std::collections::HashMap::new();
    for (i, ch) in config.chapters.iter().enumerate() {
        let key = ch.file.to_string_lossy().to_string();
        let at = || chapter_file_location(&path, &src, i, &key);
        if let Some(first) = seen.insert(crate::content::output_name(&ch.file), i) {
            let first_line = chapter_file_location(&path, &src, first, &key).line;
            problems.push(Diagnostic::error(
                at(),
                format!("chapter `{key}` is listed twice: the first entry is on line {first_line}"),
                "list each chapter once (two entries would write the same page); remove this entry or point it at another file".into(),
            ));
        }
        if ch.file.is_absolute()
            || ch
                .file
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            problems.push(Diagnostic::error(
                at(),
                format!("chapter `{key}` is outside the content folder"),
                "give the path relative to the content folder, without `..`".into(),
            ));
        }
    }
    if problems.is_empty() {
        Ok((config, src))
    } else {
        Err(problems)
    }
}

/// Where the `file` of the `index`-th `[[chapter]]` is written, to point at that entry even when
/// the same name appears earlier (a comment, a duplicate entry).
pub fn chapter_file_location(path: &Path, src: &str, index: usize, file: &str) -> Location {
    let mut at = 0;
    let mut chapters = 0;
    let mut in_wanted = false;
    for line in src.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('[') {
            in_wanted = t.starts_with("[[chapter]]") && chapters == index;
            chapters += usize::from(t.starts_with("[[chapter]]"));
        }
        if in_wanted && t.starts_with("file") && t[4..].trim_start().starts_with('=') {
            if let Some(quote) = line.find(['"', '\'']) {
                let start = at + quote + 1;
                return Location::span(path, src, start, start + file.len());
            }
        }
        at += line.len();
    }
    Location::find(path, src, file)
}

/// The first line that sets `key`, not the first place its letters occur (`validates` holds
/// `id`).
fn key_location(path: &Path, src: &str, key: &str) -> Location {
    let mut at = 0;
    for line in src.split_inclusive('\n') {
        let t = line.trim_start();
        if t.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
        {
            return Location::in_source(path, src, at + line.len() - t.len());
        }
        at += line.len();
    }
    Location::file(path)
}
