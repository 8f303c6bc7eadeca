//! `rapport init [DIR]`: a new course that checks and builds clean at once: `rapport.toml`, a
//! welcome page, one chapter with a graded reply exercise and its self-tests, a `.gitignore` and
//! the CI workflow. Never overwrites a course: an existing `rapport.toml` is refused.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config;

#[derive(clap::Args)]
pub struct Args {
    /// The folder to create the course in (created if missing). Its name becomes the course id.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// The scaffold, embedded so that an installed binary carries it: (path in the course, text).
/// `{id}` and `{title}` are filled in. The workflow is the repository's own, so the two never
/// drift apart.
const FILES: &[(&str, &str)] = &[
    (config::FILE_NAME, include_str!("init/rapport.toml")),
    ("content/index.md", include_str!("init/index.md")),
    (
        "content/first-reply.md",
        include_str!("init/first-reply.md"),
    ),
    (".gitignore", include_str!("init/gitignore")),
    (
        ".github/workflows/course-check.yml",
        include_str!("../../.github/workflows/course-check.yml"),
    ),
];

pub fn run(args: Args) -> Result<ExitCode> {
    let dir = &args.dir;
    let config_path = dir.join(config::FILE_NAME);
    if config_path.exists() {
        eprintln!(
            "error: `{}` already exists: this folder already holds a course\n  = hint: rapport init never overwrites a course; pick a new folder (`rapport init my-course`) or edit this one",
            config_path.display()
        );
        return Ok(ExitCode::from(1));
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = folder_name(dir)?;
    let (id, title) = (course_id(&name), course_title(&name));

    let mut written = Vec::new();
    for (rel, template) in FILES {
        let path = dir.join(rel);
        if path.exists() {
            // Only rapport.toml means "a course is here"; other files may be the user's own.
            if *rel == ".gitignore" {
                ignore_site(&path)?;
            } else {
                eprintln!("kept the existing {rel}");
            }
            continue;
        }
        let text = if rel.ends_with(".toml") {
            template
                .replace("{id}", &id)
                .replace("{title}", &toml_escape(&title))
        } else if rel.ends_with(".md") {
            template.replace("{title}", &title)
        } else {
            (*template).to_string()
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(*rel);
    }
    eprintln!(
        "created the course `{id}` in {}: {}",
        dir.display(),
        written.join(", ")
    );
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", shell_word(&dir.display().to_string()))
    };
    eprintln!("next: {cd}rapport check && rapport build, then open site/index.html");
    Ok(ExitCode::SUCCESS)
}

/// Adds `site/` to an existing `.gitignore` that does not ignore it yet.
fn ignore_site(path: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    if text
        .lines()
        .any(|l| matches!(l.trim(), "site" | "site/" | "/site" | "/site/"))
    {
        eprintln!("kept the existing .gitignore (it already ignores site/)");
        return Ok(());
    }
    let sep = if text.is_empty() || text.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    std::fs::write(
        path,
        format!("{text}{sep}{}", include_str!("init/gitignore")),
    )
    .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("added site/ to the existing .gitignore");
    Ok(())
}

/// The folder's own name, also for `.` (the current folder).
fn folder_name(dir: &Path) -> Result<String> {
    let full = dir
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", dir.display()))?;
    Ok(full
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned()))
}

/// `Forum Skills (2025)` → `forum-skills-2025`: what `rapport.toml` accepts as an id.
fn course_id(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars().flat_map(unaccent) {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() {
        "my-course".into()
    } else {
        id
    }
}

/// The common accented Latin letters without their accents: `été` → `ete`, not `t`.
fn unaccent(c: char) -> Vec<char> {
    let plain = match c.to_lowercase().next().unwrap_or(c) {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ß' => return vec!['s', 's'],
        _ => c,
    };
    vec![plain]
}

/// `forum-skills` → `Forum skills`.
fn course_title(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "My course".into(),
    }
}

/// A path as it can be pasted into a shell.
fn shell_word(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn toml_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_titles_come_from_the_folder_name() {
        assert_eq!(course_id("forum-skills"), "forum-skills");
        assert_eq!(course_id("Forum Skills (2025)"), "forum-skills-2025");
        assert_eq!(course_id("Cours d'été"), "cours-d-ete");
        assert_eq!(course_id("---"), "my-course");
        assert_eq!(course_title("forum-skills"), "Forum skills");
        assert_eq!(course_title("support_101"), "Support 101");
        assert_eq!(course_title(""), "My course");
    }
}
