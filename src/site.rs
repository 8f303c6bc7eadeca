//! The course as a whole: loaded once, checked across chapters, and written out.
//!
//! `rapport check` is `load` plus self-tests; `rapport build` is that plus `write`. One loader,
//! one set of diagnostics.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use exercises::model::Exercise;

use crate::config::{self, Config};
use crate::content::{self, Chapter};
use crate::diagnostic::{Diagnostic, Location};
use crate::markdown::{self, Rendered};
use crate::render::Templates;

pub struct Page {
    pub chapter: Chapter,
    pub rendered: Rendered,
}

pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub pages: Vec<Page>,
    pub templates: Option<Templates>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Site {
    /// Reads and checks everything but the self-tests. Fails outright only when there is no
    /// usable configuration; every other problem lands in `diagnostics`.
    pub fn load(root: &Path) -> Result<Site, Vec<Diagnostic>> {
        let (config, config_src) = config::load(root)?;
        let (chapters, mut diagnostics) = content::load(root, &config, &config_src);
        let pages: Vec<Page> = chapters
            .into_iter()
            .map(|chapter| {
                let body = &chapter.source[chapter.body_start..];
                let rendered = markdown::render(body, chapter.body_start);
                Page { chapter, rendered }
            })
            .collect();
        for page in &pages {
            for p in &page.rendered.problems {
                diagnostics.push(Diagnostic::error(
                    Location::in_source(&page.chapter.path, &page.chapter.source, p.offset),
                    p.message.clone(),
                    p.hint.clone(),
                ));
            }
        }
        let theme_dir = root.join("themes").join(&config.theme);
        let templates = match Templates::load(&theme_dir) {
            Ok(t) => Some(t),
            Err(d) => {
                diagnostics.extend(d);
                None
            }
        };
        let mut site = Site {
            root: root.to_path_buf(),
            config,
            pages,
            templates,
            diagnostics,
        };
        site.check_exercise_ids();
        site.check_links();
        Ok(site)
    }

    pub fn exercise_count(&self) -> usize {
        self.pages.iter().map(|p| p.rendered.exercises.len()).sum()
    }

    fn check_exercise_ids(&mut self) {
        let mut first: HashMap<String, (PathBuf, usize)> = HashMap::new();
        let mut found = Vec::new();
        for page in &self.pages {
            for ex in &page.rendered.exercises {
                let id = ex.exercise.id().to_string();
                let at = ex.block.field_offset("id");
                match first.get(&id) {
                    Some((path, line)) => found.push(Diagnostic::error(
                        Location::in_source(&page.chapter.path, &page.chapter.source, at),
                        format!("exercise id `{id}` is already used"),
                        format!(
                            "ids key learners' saved progress, so each must be unique in the course; the first `{id}` is at {}:{line}",
                            path.strip_prefix(&self.root).unwrap_or(path).display()
                        ),
                    )),
                    None => {
                        let line = page.chapter.source[..at].matches('\n').count() + 1;
                        first.insert(id, (page.chapter.path.clone(), line));
                    }
                }
            }
        }
        self.diagnostics.extend(found);
    }

    /// Links between chapters (and their `#anchors`), and files and images referenced.
    fn check_links(&mut self) {
        let content_dir = self.root.join(&self.config.content_dir);
        let by_rel: HashMap<PathBuf, &Page> = self
            .pages
            .iter()
            .map(|p| (normalize(&p.chapter.rel), p))
            .collect();
        let mut found = Vec::new();
        for page in &self.pages {
            let here = page
                .chapter
                .rel
                .parent()
                .unwrap_or(Path::new(""))
                .to_path_buf();
            let own: HashSet<&str> = page
                .rendered
                .headings
                .iter()
                .map(|h| h.id.as_str())
                .collect();
            let loc = |r: &markdown::Reference| {
                Location::span(
                    &page.chapter.path,
                    &page.chapter.source,
                    r.offset,
                    r.offset + r.len,
                )
            };
            for link in &page.rendered.links {
                let dest = link.dest.as_str();
                if let Some(anchor) = dest.strip_prefix('#') {
                    if !anchor.is_empty() && !own.contains(anchor) && !anchor.starts_with("fn") {
                        found.push(Diagnostic::error(
                            loc(link),
                            format!("no heading in this chapter has the anchor `#{anchor}`"),
                            suggest_anchor(anchor, &own),
                        ));
                    }
                    continue;
                }
                if !markdown::is_local(dest) {
                    continue;
                }
                let (path, anchor) = match dest.split_once('#') {
                    Some((p, a)) => (p, Some(a)),
                    None => (dest, None),
                };
                let path = percent_decode(path);
                let target = normalize(&here.join(&path));
                if path.ends_with(".md") {
                    match by_rel.get(&target) {
                        None => found.push(Diagnostic::error(
                            loc(link),
                            format!("link to `{path}`, which is not a chapter of this course"),
                            suggest_chapter(&target, by_rel.keys()),
                        )),
                        Some(t) => {
                            if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                                if !t.rendered.headings.iter().any(|h| h.id == a) {
                                    let ids: HashSet<&str> =
                                        t.rendered.headings.iter().map(|h| h.id.as_str()).collect();
                                    found.push(Diagnostic::error(
                                        loc(link),
                                        format!("`{path}` has no heading with the anchor `#{a}`"),
                                        suggest_anchor(a, &ids),
                                    ));
                                }
                            }
                        }
                    }
                } else if !path.is_empty() && !content_dir.join(&target).exists() {
                    found.push(Diagnostic::error(
                        loc(link),
                        format!("link to `{path}`, which does not exist in the content folder"),
                        "put the file beside the chapters (it is copied into the site) or fix the path".into(),
                    ));
                }
            }
            for image in &page.rendered.images {
                if !markdown::is_local(&image.dest) {
                    continue;
                }
                let path = percent_decode(image.dest.split(['#', '?']).next().unwrap_or(""));
                if !content_dir.join(normalize(&here.join(&path))).is_file() {
                    found.push(Diagnostic::error(
                        loc(image),
                        format!("image `{path}` does not exist"),
                        format!(
                            "put the image in `{}` (paths are relative to the chapter) or fix the path",
                            self.config.content_dir.display()
                        ),
                    ));
                }
            }
        }
        self.diagnostics.extend(found);
    }

    /// Runs every exercise's model answer and self-tests through the real grader.
    pub fn run_selftests(&mut self) {
        let mut found = Vec::new();
        for page in &self.pages {
            for ex in &page.rendered.exercises {
                let Exercise::Reply(reply) = &ex.exercise else {
                    continue;
                };
                for failure in exercises::run_selftests(reply) {
                    let (field, what) = if failure.index == usize::MAX {
                        ("model_answer".to_string(), "model answer".to_string())
                    } else {
                        let t = &reply.selftests[failure.index];
                        (
                            format!("selftest[{}]", failure.index),
                            if t.note.is_empty() {
                                format!("self-test {}", failure.index + 1)
                            } else {
                                format!("self-test {} ({})", failure.index + 1, t.note)
                            },
                        )
                    };
                    found.push(Diagnostic::error(
                        Location::in_source(
                            &page.chapter.path,
                            &page.chapter.source,
                            ex.block.field_offset(&field),
                        ),
                        format!("exercise `{}`: {what}: {}", reply.id, failure.problems.join("; ")),
                        if failure.index == usize::MAX {
                            "rewrite the model answer so that it meets the rubric, or fix the criteria".into()
                        } else {
                            "the grader's verdict changed: fix the sample or its expectation, or the rubric".into()
                        },
                    ));
                }
            }
        }
        self.diagnostics.extend(found);
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Diagnostics with paths relative to the course root, errors first, in file order.
    pub fn sorted_diagnostics(&self) -> Vec<Diagnostic> {
        let mut d: Vec<Diagnostic> = self
            .diagnostics
            .iter()
            .cloned()
            .map(|d| d.relative_to(&self.root))
            .collect();
        d.sort_by(|a, b| {
            (
                a.severity,
                &a.location.file,
                a.location.line,
                a.location.column,
            )
                .cmp(&(
                    b.severity,
                    &b.location.file,
                    b.location.line,
                    b.location.column,
                ))
        });
        d
    }
}

/// Resolves `.` and `..` without touching the disk.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(Ok(b)) = s.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16)) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn suggest_anchor(wanted: &str, ids: &HashSet<&str>) -> String {
    let mut ids: Vec<&&str> = ids.iter().collect();
    ids.sort();
    let close = ids
        .iter()
        .find(|id| id.contains(wanted) || wanted.contains(**id));
    match close {
        Some(id) => format!(
            "did you mean `#{id}`? Anchors are heading slugs: lower case, dashes for spaces"
        ),
        None if ids.is_empty() => "that page has no headings to link to".into(),
        None => format!(
            "anchors are heading slugs (lower case, dashes for spaces); this page has: {}",
            ids.iter()
                .take(8)
                .map(|s| format!("#{s}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn suggest_chapter<'a>(wanted: &Path, known: impl Iterator<Item = &'a PathBuf>) -> String {
    let mut known: Vec<String> = known.map(|p| p.display().to_string()).collect();
    known.sort();
    let stem = wanted
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    match known
        .iter()
        .find(|k| k.contains(&stem) || stem.contains(k.trim_end_matches(".md")))
    {
        Some(k) => format!("did you mean `{k}`?"),
        None => format!("chapters are: {}", known.join(", ")),
    }
}
