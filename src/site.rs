//! The course as a whole: loaded once, checked across chapters, and written out.
//!
//! `rapport check` is `load` plus self-tests; `rapport build` is that plus `write`. One loader,
//! one set of diagnostics.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use exercises::model::Exercise;
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::content::{self, Chapter};
use crate::diagnostic::{closest, Diagnostic, Location};
use crate::markdown::{self, Rendered};
use crate::render::Templates;

pub struct Page {
    pub chapter: Chapter,
    pub rendered: Rendered,
}

/// Chapters rendered by an earlier build, keyed by file and a hash of their source.
#[derive(Default)]
pub struct Cache {
    rendered: HashMap<PathBuf, (u64, Rendered)>,
    /// Pages the last [`Site::load_cached`] had to render (the others came from the cache).
    pub fresh: Vec<usize>,
}

impl Cache {
    fn take(&mut self, path: &Path, source: &str) -> Option<Rendered> {
        match self.rendered.remove(path) {
            Some((h, r)) if h == source_hash(source) => Some(r),
            _ => None,
        }
    }

    /// Keeps the site's rendered chapters for the next [`Site::load_cached`].
    pub fn keep(&mut self, site: Site) {
        self.rendered.clear();
        for page in site.pages {
            let h = source_hash(&page.chapter.source);
            self.rendered.insert(page.chapter.path, (h, page.rendered));
        }
    }
}

fn source_hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
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
        Site::load_cached(root, &mut Cache::default())
    }

    /// [`Site::load`], reusing the Markdown rendering of every chapter whose source is the same
    /// as when it was put in `cache` (see [`Cache::keep`]). `rapport serve` rebuilds this way:
    /// a one-chapter edit re-renders one chapter.
    pub fn load_cached(root: &Path, cache: &mut Cache) -> Result<Site, Vec<Diagnostic>> {
        let (config, config_src) = config::load(root)?;
        let (chapters, mut diagnostics) = content::load(root, &config, &config_src);
        let reused: Vec<Option<Rendered>> = chapters
            .iter()
            .map(|c| cache.take(&c.path, &c.source))
            .collect();
        cache.fresh = (0..reused.len()).filter(|&i| reused[i].is_none()).collect();
        // Chapters render independently: in parallel, collected in course order.
        let pages: Vec<Page> = chapters
            .into_par_iter()
            .zip(reused)
            .map(|(chapter, reused)| {
                let rendered = reused.unwrap_or_else(|| {
                    let body = &chapter.source[chapter.body_start..];
                    let mut rendered = markdown::render(body, chapter.body_start);
                    // Kept for the whole build: without the slack the growing strings left.
                    rendered.html.shrink_to_fit();
                    rendered.print_html.shrink_to_fit();
                    for s in &mut rendered.sections {
                        s.text.shrink_to_fit();
                    }
                    rendered
                });
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
        let mut first: HashMap<String, String> = HashMap::new();
        let mut found = Vec::new();
        for page in &self.pages {
            for ex in &page.rendered.exercises {
                let id = ex.exercise.id().to_string();
                let key = ex.block.field_offset("id");
                // Underline the value, `"the-id"`, not the key.
                let line = page.chapter.source[key..].split('\n').next().unwrap_or("");
                let at = line.find(['"', '\'']).map_or(key, |n| key + n);
                let here = Location::in_source(&page.chapter.path, &page.chapter.source, at);
                match first.get(&id) {
                    Some(there) => found.push(Diagnostic::error(
                        here,
                        format!("exercise id `{id}` is already used by the exercise at {there}"),
                        format!(
                            "ids key learners' saved progress, so each must be unique in the course: rename this one, starting with its chapter's file name (`{}-…`)",
                            page.chapter.rel.file_stem().map_or(String::new(), |s| s.to_string_lossy().into_owned())
                        ),
                    )),
                    None => {
                        let rel = page.chapter.path.strip_prefix(&self.root).unwrap_or(&page.chapter.path);
                        first.insert(id, format!("{}:{}:{}", rel.display(), here.line, here.column));
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
        let listed: HashSet<PathBuf> = self
            .config
            .chapters
            .iter()
            .map(|c| normalize(&c.file))
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
            // Underline the destination inside `[text](dest)`; the whole link when the
            // destination is written elsewhere (`[text][ref]`).
            let loc = |r: &markdown::Reference| {
                let src = &page.chapter.source;
                let written = src.get(r.offset..r.offset + r.len).unwrap_or("");
                match written.rfind(&format!("]({}", r.dest)) {
                    Some(at) => {
                        let start = r.offset + at + 2;
                        Location::span(&page.chapter.path, src, start, start + r.dest.len())
                    }
                    None => Location::span(&page.chapter.path, src, r.offset, r.offset + r.len),
                }
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
                        // Listed but unreadable: its own error says why; do not pile on.
                        None if listed.contains(&target) => {}
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
                    let near = suggest_file(&content_dir, &target);
                    found.push(Diagnostic::error(
                        loc(link),
                        format!(
                            "link to `{path}`, which does not exist (looked for `{}`)",
                            self.config.content_dir.join(&target).display()
                        ),
                        format!("{near}put the file in `{}` (it is copied into the site) or fix the path", self.config.content_dir.display()),
                    ));
                }
            }
            for image in &page.rendered.images {
                if !markdown::is_local(&image.dest) {
                    continue;
                }
                let path = percent_decode(image.dest.split(['#', '?']).next().unwrap_or(""));
                let target = normalize(&here.join(&path));
                if !content_dir.join(&target).is_file() {
                    let near = suggest_file(&content_dir, &target);
                    found.push(Diagnostic::error(
                        loc(image),
                        format!(
                            "image `{path}` does not exist (looked for `{}`)",
                            self.config.content_dir.join(&target).display()
                        ),
                        format!(
                            "{near}put the image in `{}` (paths are relative to the chapter) or fix the path",
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
                    found.push(selftest_diagnostic(page, &ex.block, reply, &failure));
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

/// A model answer or self-test the grader disagrees with, at the line to change, with what the
/// grader found so the contributor need not run it by hand.
fn selftest_diagnostic(
    page: &Page,
    block: &markdown::exercise::Block,
    reply: &exercises::ReplyExercise,
    failure: &exercises::SelfTestFailure,
) -> Diagnostic {
    let at = |field: &str| {
        Location::in_source(
            &page.chapter.path,
            &page.chapter.source,
            block.field_offset(field),
        )
    };
    let problems = failure.problems.join("; ");
    if failure.index == usize::MAX {
        let verdict = exercises::grade(reply, &reply.model_answer);
        let missed: Vec<String> = verdict
            .criteria
            .iter()
            .filter(|c| !c.met)
            .map(|c| {
                let fix = reply
                    .criteria
                    .iter()
                    .find(|k| k.id == c.id)
                    .map_or("", |k| k.fix.as_str());
                format!("`{}` ({})", c.id, fix.trim_end_matches('.'))
            })
            .collect();
        return Diagnostic::error(
            at("model_answer"),
            format!("exercise `{}`: {problems}", reply.id),
            format!(
                "learners see the model answer as the reply to imitate, so it must pass: make it meet {}; if the grader misjudges a good sentence, report it rather than twisting the wording",
                missed.join(", ")
            ),
        );
    }
    let i = failure.index;
    let t = &reply.selftests[i];
    let name = if t.note.is_empty() {
        format!("self-test {}", i + 1)
    } else {
        format!("self-test {} ({})", i + 1, t.note)
    };
    // Point at the expectation the grader contradicts: `expect`, or the criterion's id in
    // `meets` / `misses`.
    let first = failure.problems.first().map_or("", String::as_str);
    let field = if first.contains("to be met") {
        "meets"
    } else if first.contains("to be missed") {
        "misses"
    } else {
        "expect"
    };
    let field = format!("selftest[{i}].{field}");
    let criterion = first
        .split('`')
        .nth(1)
        .filter(|_| !field.ends_with("expect"));
    let location = match criterion.and_then(|c| block.find_in_field(&field, &format!("\"{c}\""))) {
        Some(offset) => Location::in_source(&page.chapter.path, &page.chapter.source, offset),
        None => at(&field),
    };
    let verdict = exercises::grade(reply, &t.reply);
    let list = |met: bool| {
        let ids: Vec<&str> = verdict
            .criteria
            .iter()
            .filter(|c| c.met == met)
            .map(|c| c.id.as_str())
            .collect();
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.join(", ")
        }
    };
    Diagnostic::error(
        location,
        format!("exercise `{}`, {name}: {problems}", reply.id),
        format!(
            "the grader finds this sample meets: {}; misses: {}. Fix the sample's `reply` or what it expects, or the rubric if the sample is right",
            list(true),
            list(false)
        ),
    )
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
    let mut ids: Vec<&str> = ids.iter().copied().collect();
    ids.sort_unstable();
    let close = closest(wanted, ids.iter().copied()).or_else(|| {
        ids.iter()
            .copied()
            .find(|id| id.contains(wanted) || wanted.contains(*id))
    });
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
    let wanted = wanted.display().to_string();
    let close = closest(&wanted, known.iter().map(String::as_str)).or_else(|| {
        let stem = wanted.trim_end_matches(".md");
        known
            .iter()
            .map(String::as_str)
            .find(|k| k.contains(stem) || stem.contains(k.trim_end_matches(".md")))
    });
    match close {
        Some(k) => {
            format!("did you mean `{k}`? Chapter links name the file, relative to this chapter")
        }
        None => format!(
            "link to a chapter by its file name, relative to this chapter; the chapters are: {}",
            known.join(", ")
        ),
    }
}

/// "did you mean `x`? " when a file in the same folder has a near name (`reply.png` for
/// `reply.svg`, `diagram.svg` for `diagam.svg`); empty otherwise.
fn suggest_file(content_dir: &Path, wanted: &Path) -> String {
    let Some(name) = wanted.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return String::new();
    };
    let folder = wanted.parent().unwrap_or(Path::new(""));
    let Ok(entries) = std::fs::read_dir(content_dir.join(folder)) else {
        return String::new();
    };
    let names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".md"))
        .collect();
    let stem = |n: &str| n.rsplit_once('.').map_or(n, |(s, _)| s).to_string();
    let near = closest(&name, names.iter().map(String::as_str)).or_else(|| {
        names
            .iter()
            .map(String::as_str)
            .find(|n| stem(n) == stem(&name))
    });
    match near {
        Some(n) => format!("did you mean `{}`? Otherwise, ", folder.join(n).display()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The browser reads each exercise from the JSON the page embeds, with the grader's own
    /// hand-written reader, and gets the verdict written by hand too (`exercises::wire`): for
    /// every model answer and self-test of the shipped course, that must be the verdict serde
    /// writes for the exercise as the build read it.
    #[test]
    fn the_page_json_grades_as_the_build_grades_for_the_whole_shipped_course() {
        let site = match Site::load(Path::new(env!("CARGO_MANIFEST_DIR"))) {
            Ok(s) => s,
            Err(d) => panic!("{d:?}"),
        };
        let mut graded = 0;
        for page in &site.pages {
            for ex in &page.rendered.exercises {
                let Exercise::Reply(reply) = &ex.exercise else {
                    continue;
                };
                let json = markdown::exercise::browser_json(&ex.exercise);
                let replies = std::iter::once(reply.model_answer.as_str())
                    .chain(reply.selftests.iter().map(|t| t.reply.as_str()));
                for text in replies {
                    let browser: serde_json::Value =
                        serde_json::from_str(&exercises::grade_json(&json, text))
                            .expect("grade_json returns JSON");
                    let build = serde_json::to_value(exercises::grade(reply, text))
                        .expect("verdict serializes");
                    assert_eq!(browser["ok"], build, "{} / {text:?}", reply.id);
                    graded += 1;
                }
            }
        }
        assert!(graded >= 100, "only {graded} replies graded");
    }
}
