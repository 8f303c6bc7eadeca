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
            Location::find(&path, &src, "id"),
            format!("course id `{}` is not a valid id", config.course.id),
            "use letters, digits and dashes: it keys learners' progress, so keep it stable".into(),
        ));
    }
    if config.chapters.is_empty() {
        problems.push(Diagnostic::error(
            Location::file(&path),
            "the course has no chapters".into(),
            "add `[[chapter]]` tables with `file` and `title`, in reading order".into(),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for ch in &config.chapters {
        let key = ch.file.to_string_lossy().to_string();
        if !seen.insert(crate::content::output_name(&ch.file)) {
            problems.push(Diagnostic::error(
                Location::find(&path, &src, &key),
                format!(
                    "chapter `{key}` is listed twice (or two chapters would write the same page)"
                ),
                "list each chapter once; give chapters distinct file names".into(),
            ));
        }
        if ch.file.is_absolute()
            || ch
                .file
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            problems.push(Diagnostic::error(
                Location::find(&path, &src, &key),
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
