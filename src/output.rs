//! Writing the site: every page through the templates into a fresh folder beside the output,
//! then swapped in, so a failed build never leaves a half-written or emptied site behind.
//!
//! Fast at any size: pages are rendered and written in parallel, straight to disk ([`build`]).
//! The chapter list of the sidebar is not in the pages: it is one script,
//! `assets/chapters.js`, that every page loads (as mdBook's `toc.js`), so that a page costs the
//! same to render and to store whatever the number of chapters. Inlined in every page, the list
//! made the output grow with the square of the course: 6.5 GB for 5,000 chapters.

use anyhow::{anyhow, bail, Context, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use crate::assets;
use crate::markdown::Heading;
use crate::render::Templates;
use crate::search;
use crate::site::{Page, Site};

/// A file in the output that says rapport made this folder: only such a folder is replaced.
const MARKER: &str = ".rapport-site";

#[derive(Debug, Default)]
pub struct Stats {
    pub pages: usize,
    pub bytes: u64,
}

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
}

/// One entry of the chapter list, as `chapters.js` sees it: its URL is relative to the site root.
#[derive(Serialize)]
struct NavEntry<'a> {
    title: &'a str,
    url: &'a str,
    /// Space-separated exercise ids: the sidebar marks the chapter when all are passed.
    exercises: String,
}

#[derive(Serialize)]
struct PageCtx<'a> {
    title: &'a str,
    description: &'a str,
    /// This page's path from the site root: the sidebar script marks it as the current chapter.
    path: &'a str,
    html: &'a str,
    toc: Vec<&'a Heading>,
    root: String,
    prev: Option<Link>,
    next: Option<Link>,
    exercises: usize,
    is_index: bool,
}

/// The bytes of one output file.
pub enum Body {
    Bytes(Vec<u8>),
    /// Pieces written one after the other (the search index, built a chapter at a time).
    Chunks(Vec<String>),
}

impl Body {
    fn parts(&self) -> Vec<&[u8]> {
        match self {
            Body::Bytes(b) => vec![b],
            Body::Chunks(c) => c.iter().map(|s| s.as_bytes()).collect(),
        }
    }

    fn into_bytes(self) -> Vec<u8> {
        match self {
            Body::Bytes(b) => b,
            Body::Chunks(c) => c.concat().into_bytes(),
        }
    }
}

/// All files of the site, in memory: (path relative to the site root, bytes).
pub fn render_all(site: &Site) -> Result<Vec<(String, Vec<u8>)>> {
    let r = Renderer::new(site)?;
    let mut files: Vec<(String, Vec<u8>)> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            let body = r.page(i)?;
            Ok((site.pages[i].chapter.output.clone(), body.into_bytes()))
        })
        .collect::<Result<_>>()?;
    let rest: Vec<Vec<(String, Body)>> = REST
        .par_iter()
        .map(|&group| r.rest(group))
        .collect::<Result<_>>()?;
    files.extend(rest.into_iter().flatten().map(|(n, b)| (n, b.into_bytes())));
    Ok(files)
}

/// Chapter pages `pages` only: what an edit of those chapters' text changes, when the chapter
/// list and the theme are as before (`rapport serve` writes these first, then [`render_gathered`]).
pub fn render_chapters(site: &Site, pages: &[usize]) -> Result<Vec<(String, Vec<u8>)>> {
    let r = Renderer::new(site)?;
    pages
        .par_iter()
        .map(|&i| {
            Ok((
                site.pages[i].chapter.output.clone(),
                r.page(i)?.into_bytes(),
            ))
        })
        .collect()
}

/// The files that gather every chapter: the chapter list, the progress and print pages and the
/// search index.
pub fn render_gathered(site: &Site) -> Result<Vec<(String, Vec<u8>)>> {
    let r = Renderer::new(site)?;
    let groups: Vec<Vec<(String, Body)>> =
        [Rest::Chapters, Rest::Progress, Rest::Print, Rest::Search]
            .par_iter()
            .map(|&g| r.rest(g))
            .collect::<Result<_>>()?;
    Ok(groups
        .into_iter()
        .flatten()
        .map(|(n, b)| (n, b.into_bytes()))
        .collect())
}

/// Renders the site and writes it into `out` as [`write_site`] does, page by page in parallel,
/// without holding the whole site in memory. `progress(done, total)` is called (from any thread)
/// after each chapter page is written.
pub fn build(site: &Site, out: &Path, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Stats> {
    let r = Renderer::new(site)?;
    let tmp = prepare(out)?;
    let bytes = AtomicU64::new(0);
    let html = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let total = site.pages.len();
    let write = |rel: &str, body: &Body| -> Result<()> {
        bytes.fetch_add(write_file(&tmp, rel, body)?, Ordering::Relaxed);
        if rel.ends_with(".html") {
            html.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    };
    let written = (|| -> Result<()> {
        // Folders first, once each, so that the parallel writes below need no mkdir.
        let dirs: BTreeSet<PathBuf> = site
            .pages
            .iter()
            .filter_map(|p| tmp.join(&p.chapter.output).parent().map(Path::to_path_buf))
            .collect();
        for dir in dirs {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let (pages, rest) = rayon::join(
            || {
                (0..total).into_par_iter().try_for_each(|i| {
                    write(&site.pages[i].chapter.output, &r.page(i)?)?;
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                    Ok(())
                })
            },
            // One group at a time beside the pages (the print page and the search index are
            // the size of the course each: one of them in memory at a time).
            || {
                REST.iter().try_for_each(|&group| {
                    r.rest(group)?
                        .iter()
                        .try_for_each(|(rel, body)| write(rel, body))
                })
            },
        );
        pages.and(rest)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    swap(out, &tmp)?;
    Ok(Stats {
        pages: html.into_inner(),
        bytes: bytes.into_inner(),
    })
}

/// Renders the files of one site through the course's templates.
struct Renderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    /// What every template sees (`course`, `version`), serialised once for all pages.
    course: serde_json::Value,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site) -> Result<Self> {
        let Some(templates) = &site.templates else {
            bail!("the templates did not load");
        };
        Ok(Renderer {
            site,
            templates,
            course: course_json(site),
        })
    }

    fn context(&self, root: &str) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert("course", &self.course);
        ctx.insert("root", root);
        ctx.insert("version", env!("CARGO_PKG_VERSION"));
        ctx
    }

    /// Chapter page `i`.
    fn page(&self, i: usize) -> Result<Body> {
        let page = &self.site.pages[i];
        let root = page.chapter.root_prefix();
        let mut ctx = self.context(&root);
        ctx.insert("page", &page_ctx(self.site, i, &root));
        let html = self
            .templates
            .render("page.html", &ctx)
            .map_err(|e| anyhow!("rendering {}: {e}", page.chapter.output))?;
        Ok(Body::Bytes(html.into_bytes()))
    }

    /// `progress.html` or `print.html`.
    fn special(&self, name: &str) -> Result<Body> {
        if name == "print.html" {
            if let Some(body) = self.print_by_parts()? {
                return Ok(body);
            }
        }
        let ctx = special_context(self.site, name, self.context(""), None);
        let html = self
            .templates
            .render(name, &ctx)
            .map_err(|e| anyhow!("rendering {name}: {e}"))?;
        Ok(Body::Bytes(html.into_bytes()))
    }

    /// The print page is the whole course: rather than copy every chapter into the template's
    /// context and again into its output, the template is rendered with a marker for each
    /// chapter's HTML, and the page is written as the pieces between the markers and the
    /// chapters. `None` when the template does not print each chapter's HTML once, in order and
    /// unescaped (the markers hold a `<` that escaping would change): then it renders as usual.
    fn print_by_parts(&self) -> Result<Option<Body>> {
        let marks: Vec<String> = (0..self.site.pages.len())
            .map(|i| format!("\u{1}<rapport-chapter-{i}>\u{1}"))
            .collect();
        let ctx = special_context(self.site, "print.html", self.context(""), Some(&marks));
        let html = self
            .templates
            .render("print.html", &ctx)
            .map_err(|e| anyhow!("rendering print.html: {e}"))?;
        let mut pieces = Vec::with_capacity(2 * marks.len() + 1);
        let mut rest = html.as_str();
        for mark in &marks {
            let Some(at) = rest.find(mark.as_str()) else {
                return Ok(None);
            };
            pieces.push(rest[..at].to_string());
            rest = &rest[at + mark.len()..];
        }
        if rest.contains("\u{1}<rapport-chapter-") {
            return Ok(None);
        }
        let tail = rest.to_string();
        let ids = print_ids(self.site);
        let chapters: Vec<String> = self
            .site
            .pages
            .par_iter()
            .map(|p| print_html(p, &ids))
            .collect();
        let mut chunks = Vec::with_capacity(pieces.len() * 2 + 1);
        for (piece, chapter) in pieces.into_iter().zip(chapters) {
            chunks.push(piece);
            chunks.push(chapter);
        }
        chunks.push(tail);
        Ok(Some(Body::Chunks(chunks)))
    }

    /// `assets/chapters.js`: the sidebar's chapter list, through the `chapters.js` template.
    fn chapters(&self) -> Result<Body> {
        let mut ctx = self.context("");
        ctx.insert("chapters", &nav_entries(self.site));
        let js = self
            .templates
            .render("chapters.js", &ctx)
            .map_err(|e| anyhow!("rendering chapters.js: {e}"))?;
        Ok(Body::Bytes(js.into_bytes()))
    }

    /// Every file but the chapter pages, in the order the site lists them, in a few independent
    /// groups ([`REST`]) that can be rendered in parallel and written (then dropped) one by one.
    fn rest(&self, group: Rest) -> Result<Vec<(String, Body)>> {
        let site = self.site;
        let bytes = |b: &[u8]| Body::Bytes(b.to_vec());
        Ok(match group {
            Rest::Chapters => vec![("assets/chapters.js".into(), self.chapters()?)],
            Rest::Progress => vec![("progress.html".into(), self.special("progress.html")?)],
            Rest::Print => vec![("print.html".into(), self.special("print.html")?)],
            Rest::Static => {
                let theme_static = site
                    .root
                    .join("themes")
                    .join(&site.config.theme)
                    .join("static");
                let mut files: Vec<(String, Body)> = assets::STATIC
                    .iter()
                    .map(|(name, builtin)| {
                        let body = std::fs::read(theme_static.join(name))
                            .unwrap_or_else(|_| builtin.as_bytes().to_vec());
                        (format!("assets/{name}"), Body::Bytes(body))
                    })
                    .collect();
                files.extend(
                    assets::GRADER
                        .iter()
                        .map(|(name, body)| (format!("assets/{name}"), bytes(body))),
                );
                files
            }
            Rest::Search => vec![(
                "assets/search-index.js".into(),
                Body::Chunks(search::index_js_parts(site)),
            )],
            Rest::Content => {
                let mut files: Vec<(String, Body)> = content_files(site)?
                    .into_iter()
                    .map(|(n, b)| (n, Body::Bytes(b)))
                    .collect();
                files.push((
                    MARKER.into(),
                    bytes(
                        b"This folder was written by rapport; `rapport build` replaces it whole.\n",
                    ),
                ));
                files
            }
        })
    }
}

/// The files besides chapter pages, by group, in site order.
#[derive(Clone, Copy)]
enum Rest {
    Chapters,
    Progress,
    Print,
    Static,
    Search,
    Content,
}

const REST: [Rest; 6] = [
    Rest::Chapters,
    Rest::Progress,
    Rest::Print,
    Rest::Static,
    Rest::Search,
    Rest::Content,
];

fn course_json(site: &Site) -> serde_json::Value {
    serde_json::json!({
        "id": site.config.course.id,
        "title": site.config.course.title,
        "description": site.config.course.description,
        "language": site.config.course.language,
    })
}

fn nav_entries(site: &Site) -> Vec<NavEntry<'_>> {
    site.pages
        .iter()
        .map(|p| NavEntry {
            title: &p.chapter.title,
            url: &p.chapter.output,
            exercises: p
                .rendered
                .exercises
                .iter()
                .map(|e| e.exercise.id())
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect()
}

/// The id of a chapter's section on the print page.
fn print_id(p: &Page) -> String {
    p.chapter.output.trim_end_matches(".html").replace('/', "-")
}

/// A chapter as the print page shows it. Every chapter has a "why-it-matters": on one page,
/// anchors get the chapter's name in front so that they stay unique and in-chapter links land.
/// Links to other chapters jump within the print page (a printed PDF keeps them working), and
/// other relative URLs are made relative to the site's root, where the print page sits.
fn print_html(p: &Page, chapters: &HashMap<&str, String>) -> String {
    let id = print_id(p);
    let dir = match p.chapter.output.rfind('/') {
        Some(at) => &p.chapter.output[..=at],
        None => "",
    };
    let html = p.rendered.print_html.as_str();
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    // One pass over the attribute values (`="…"`; a quote in text is escaped as `&quot;`). This
    // runs on every chapter of every build: searching the page once per link was 10% of a build.
    let mut rest = html;
    while let Some(q) = rest.find('"') {
        let (before, after) = rest.split_at(q + 1);
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        let value = &after[..end];
        rest = &after[end..];
        if !before.ends_with("=\"") {
            out.push_str(value);
        } else if before.ends_with(" id=\"") {
            out.push_str(&id);
            out.push_str("--");
            out.push_str(value);
        } else if before.ends_with(" href=\"") || before.ends_with(" src=\"") {
            match value.strip_prefix('#') {
                Some(frag) => {
                    out.push('#');
                    out.push_str(&id);
                    out.push_str("--");
                    out.push_str(frag);
                }
                None => out.push_str(&print_url(dir, value, chapters)),
            }
        } else {
            out.push_str(value);
        }
        // The closing quote, so the next search starts after this value.
        if let Some(close) = rest.get(..1) {
            out.push_str(close);
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// `url`, found in a chapter in `dir` (`""` or `"guides/"`), as the print page must write it.
fn print_url(dir: &str, url: &str, chapters: &HashMap<&str, String>) -> String {
    // In-page, root-relative, or with a scheme (`https:`, `mailto:`, `data:`).
    let external = url.starts_with('#')
        || url.starts_with('/')
        || url.split('/').next().is_some_and(|s| s.contains(':'));
    if external || url.is_empty() {
        return url.to_string();
    }
    let (path, frag) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    // Resolved against the chapter's folder; a path climbing out of the site is left alone.
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return url.to_string();
                }
            }
            s => parts.push(s),
        }
    }
    let resolved = parts.join("/");
    match (chapters.get(resolved.as_str()), frag) {
        (Some(id), Some(f)) if !f.is_empty() => format!("#{id}--{f}"),
        (Some(id), _) => format!("#chapter-{id}"),
        (None, Some(f)) => format!("{resolved}#{f}"),
        (None, None) => resolved,
    }
}

/// Each chapter's page (`guides/deep.html`) and its id on the print page.
fn print_ids(site: &Site) -> HashMap<&str, String> {
    site.pages
        .iter()
        .map(|p| (p.chapter.output.as_str(), print_id(p)))
        .collect()
}

/// The context of `progress.html` or `print.html`; with `marks`, the print page's chapters hold
/// those markers instead of their HTML (see [`Renderer::print_by_parts`]).
fn special_context(
    site: &Site,
    name: &str,
    mut ctx: tera::Context,
    marks: Option<&[String]>,
) -> tera::Context {
    let pages = &site.pages;
    ctx.insert("page", &serde_json::json!({ "title": if name == "print.html" { "The whole course" } else { "Your progress" }, "root": "", "path": name }));
    if name == "print.html" {
        // Only needed when the chapters' HTML goes into the context, not their markers.
        let ids = std::cell::OnceCell::new();
        let chapters: Vec<serde_json::Value> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let html = match marks {
                    Some(m) => m[i].clone(),
                    None => print_html(p, ids.get_or_init(|| print_ids(site))),
                };
                serde_json::json!({ "title": p.chapter.title, "html": html, "id": print_id(p) })
            })
            .collect();
        ctx.insert("print_chapters", &chapters);
    } else {
        let rows: Vec<serde_json::Value> = pages
            .iter()
            .filter(|p| !p.rendered.exercises.is_empty())
            .map(|p| serde_json::json!({
                "title": p.chapter.title,
                "url": p.chapter.output,
                "exercises": p.rendered.exercises.iter().map(|e| serde_json::json!({
                    "id": e.exercise.id(),
                    "title": e.exercise.title(),
                    "max": match &e.exercise { exercises::Exercise::Reply(r) => r.max_score(), exercises::Exercise::Choice(_) => 1 },
                })).collect::<Vec<_>>(),
            }))
            .collect();
        ctx.insert("progress_chapters", &rows);
    }
    ctx
}

fn page_ctx<'s>(site: &'s Site, i: usize, root: &str) -> PageCtx<'s> {
    let pages = &site.pages;
    let page = &pages[i];
    let link = |p: &Page| Link {
        title: p.chapter.title.clone(),
        url: format!("{root}{}", p.chapter.output),
    };
    PageCtx {
        title: &page.chapter.title,
        description: &page.chapter.description,
        path: &page.chapter.output,
        html: &page.rendered.html,
        toc: page
            .rendered
            .headings
            .iter()
            .filter(|h| (2..=3).contains(&h.level))
            .collect(),
        root: root.to_string(),
        prev: i.checked_sub(1).map(|j| link(&pages[j])),
        next: pages.get(i + 1).map(link),
        exercises: page.rendered.exercises.len(),
        is_index: i == 0,
    }
}

/// Non-Markdown files of the content folder (images, downloads), copied as they are.
fn content_files(site: &Site) -> Result<Vec<(String, Vec<u8>)>> {
    let dir = site.root.join(&site.config.content_dir);
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let p = entry.path();
        if !entry.file_type().is_file() || p.extension().is_some_and(|x| x == "md") {
            continue;
        }
        let rel = p
            .strip_prefix(&dir)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with('.') {
            continue;
        }
        let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
        out.push((rel, bytes));
    }
    Ok(out)
}

/// Writes `files` into `out` atomically: a temporary sibling folder, then a rename. An existing
/// `out` is replaced only if rapport made it (it holds the marker file) or it is empty.
pub fn write_site(out: &Path, files: &[(String, Vec<u8>)]) -> Result<Stats> {
    let tmp = prepare(out)?;
    let written = files.par_iter().try_for_each(|(rel, bytes)| {
        let path = tmp.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    });
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    swap(out, &tmp)?;
    Ok(Stats {
        pages: files
            .iter()
            .filter(|(rel, _)| rel.ends_with(".html"))
            .count(),
        bytes: files.iter().map(|(_, b)| b.len() as u64).sum(),
    })
}

/// Writes one file under `dir`; returns its size.
fn write_file(dir: &Path, rel: &str, body: &Body) -> Result<u64> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        if !parent.is_dir() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
    }
    let mut f =
        std::fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut n = 0;
    for part in body.parts() {
        f.write_all(part)
            .with_context(|| format!("cannot write {}", path.display()))?;
        n += part.len() as u64;
    }
    Ok(n)
}

fn siblings(out: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "site".into());
    (
        parent.to_path_buf(),
        parent.join(format!(".{name}.rapport-new")),
        parent.join(format!(".{name}.rapport-old")),
    )
}

/// Checks that `out` may be replaced and returns the empty temporary folder to write into.
fn prepare(out: &Path) -> Result<PathBuf> {
    if out.exists()
        && !out.join(MARKER).exists()
        && std::fs::read_dir(out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        bail!(
            "refusing to replace `{}`: it is not empty and was not written by rapport (choose another `--out`, or empty it)",
            out.display()
        );
    }
    let (parent, tmp, _) = siblings(out);
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    Ok(tmp)
}

/// Moves the finished temporary folder into place, the old site aside and then away.
fn swap(out: &Path, tmp: &Path) -> Result<()> {
    let (_, _, old) = siblings(out);
    let _ = std::fs::remove_dir_all(&old);
    if out.exists() {
        std::fs::rename(out, &old)
            .with_context(|| format!("cannot move the old site {} aside", out.display()))?;
    }
    std::fs::rename(tmp, out)
        .with_context(|| format!("cannot move the new site into {}", out.display()))?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A course in a temporary folder: three chapters, one in a subfolder.
    fn course() -> (tempfile::TempDir, Site) {
        course_with(&[])
    }

    /// [`course`] with some files added or replaced: (path from the course root, text).
    fn course_with(files: &[(&str, &str)]) -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        };
        write(
            "rapport.toml",
            "[course]\nid = \"t\"\ntitle = \"T & <co>\"\n\n[[chapter]]\nfile = \"index.md\"\ntitle = \"Welcome\"\n\n[[chapter]]\nfile = \"guides/deep.md\"\ntitle = \"Deep <one>\"\n\n[[chapter]]\nfile = \"last.md\"\ntitle = \"Last \\\"quoted\\\"\"\n",
        );
        write(
            "content/index.md",
            "# Welcome\n\nSee [deep](guides/deep.md).\n\n## A\n\ntext\n\n## B\n\nmore\n",
        );
        write(
            "content/guides/deep.md",
            "# Deep\n\nBack to [start](../index.md).\n",
        );
        write("content/last.md", "# Last\n\nThe end.\n");
        for (rel, text) in files {
            write(rel, text);
        }
        let site = match Site::load(root) {
            Ok(s) => s,
            Err(d) => panic!("course does not load: {d:?}"),
        };
        assert_eq!(site.errors(), 0, "{:?}", site.diagnostics);
        (dir, site)
    }

    /// The chapter list as the sidebar script gets it: the JSON argument of `chapters.js`.
    fn chapter_list(site: &Site) -> serde_json::Value {
        let files = render_all(site).expect("render_all");
        let js = files
            .iter()
            .find(|(n, _)| n == "assets/chapters.js")
            .map(|(_, b)| String::from_utf8_lossy(b).to_string())
            .expect("chapters.js is written");
        let start = js.find("[{").expect("a list of entries");
        let end = js.rfind("}]").expect("the end of the list") + 2;
        serde_json::from_str(&js[start..end]).expect("valid JSON")
    }

    #[test]
    fn the_chapter_list_is_one_script_with_every_chapter_in_order() {
        let (_dir, site) = course();
        let list = chapter_list(&site);
        let titles: Vec<_> = list
            .as_array()
            .expect("array")
            .iter()
            .map(|e| {
                (
                    e["title"].as_str().unwrap_or(""),
                    e["url"].as_str().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            titles,
            [
                ("Welcome", "index.html"),
                ("Deep <one>", "guides/deep.html"),
                ("Last \"quoted\"", "last.html")
            ]
        );
    }

    #[test]
    fn a_page_does_not_grow_with_the_number_of_chapters() {
        let (_dir, site) = course();
        let files = render_all(&site).expect("render_all");
        let page = |name: &str| {
            files
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, b)| String::from_utf8_lossy(b).to_string())
                .expect(name)
        };
        let deep = page("guides/deep.html");
        assert!(
            deep.contains("<script src=\"..&#x2F;assets/chapters.js\">"),
            "{deep}"
        );
        assert!(
            deep.contains("data-current=\"guides&#x2F;deep.html\""),
            "{deep}"
        );
        // The first page names only its neighbour, not the last chapter: no list is inlined.
        let index = page("index.html");
        assert!(index.contains("Deep &lt;one&gt;"), "{index}");
        assert!(!index.contains("quoted"), "{index}");
    }

    /// The print page as [`Renderer::special`] writes it, and rendered in one piece.
    fn print_both_ways(site: &Site) -> (Option<String>, String) {
        let r = Renderer::new(site).expect("renderer");
        let parts = r
            .print_by_parts()
            .expect("print by parts")
            .map(|b| String::from_utf8_lossy(&b.into_bytes()).to_string());
        let ctx = special_context(site, "print.html", r.context(""), None);
        let whole = r.templates.render("print.html", &ctx).expect("print.html");
        (parts, whole)
    }

    #[test]
    fn the_print_page_written_in_parts_is_the_page_rendered_whole() {
        let (_dir, site) = course();
        let (parts, whole) = print_both_ways(&site);
        assert_eq!(parts.as_deref(), Some(whole.as_str()));
        assert!(whole.contains("id=\"guides-deep--deep\""), "{whole}");
    }

    #[test]
    fn links_on_the_print_page_jump_within_it_and_relative_files_still_resolve() {
        let (_dir, site) = course_with(&[
            (
                "content/guides/deep.md",
                "# Deep\n\n[start](../index.md), [B](../index.md#b), [here](#deep), \
                 [last](../last.md#), [pic file](img/p.png), [web](https://x.org/a.md), \
                 [mail](mailto:a@b.c)\n\n![p](img/p.png)\n",
            ),
            ("content/guides/img/p.png", "png"),
        ]);
        let (_, whole) = print_both_ways(&site);
        let deep = whole
            .split("id=\"chapter-guides-deep\"")
            .nth(1)
            .expect("deep's section");
        for want in [
            "href=\"#chapter-index\"",
            "href=\"#index--b\"",
            "href=\"#guides-deep--deep\"",
            "href=\"#chapter-last\"",
            "href=\"guides/img/p.png\"",
            "src=\"guides/img/p.png\"",
            "href=\"https://x.org/a.md\"",
            "href=\"mailto:a@b.c\"",
        ] {
            assert!(deep.contains(want), "{want} not in {deep}");
        }
        // Every in-page target exists.
        for target in [
            "id=\"chapter-index\"",
            "id=\"index--b\"",
            "id=\"chapter-last\"",
        ] {
            assert!(whole.contains(target), "{target}");
        }
    }

    #[test]
    fn a_print_template_that_escapes_or_skips_chapters_is_rendered_whole() {
        for template in [
            "{% for c in print_chapters %}<pre>{{ c.html }}</pre>{% endfor %}",
            "{% for c in print_chapters | reverse %}{{ c.html | safe }}{% endfor %}",
            "{% for c in print_chapters %}{% if loop.index > 1 %}{{ c.html | safe }}{% endif %}{% endfor %}",
        ] {
            let (_dir, site) =
                course_with(&[("themes/default/templates/print.html", template)]);
            let (parts, whole) = print_both_ways(&site);
            assert_eq!(parts, None, "{template}");
            assert!(!whole.contains("rapport-chapter-"), "{whole}");
            let written = Renderer::new(&site)
                .expect("renderer")
                .special("print.html")
                .expect("print.html")
                .into_bytes();
            assert_eq!(String::from_utf8_lossy(&written), whole, "{template}");
        }
    }

    fn site_files(site: &Site) -> Vec<(String, Vec<u8>)> {
        render_all(site).expect("render_all")
    }

    #[test]
    fn build_writes_what_render_all_renders() {
        let (dir, site) = course();
        let out = dir.path().join("out/site");
        let calls = AtomicUsize::new(0);
        let stats = build(&site, &out, &|_, total| {
            assert_eq!(total, 3);
            calls.fetch_add(1, Ordering::Relaxed);
        })
        .expect("build");
        assert_eq!(calls.into_inner(), 3);
        let files = site_files(&site);
        assert_eq!(stats.pages, 5);
        assert_eq!(
            stats.bytes,
            files.iter().map(|(_, b)| b.len() as u64).sum::<u64>()
        );
        for (rel, bytes) in &files {
            assert_eq!(&std::fs::read(out.join(rel)).expect(rel), bytes, "{rel}");
        }
        // A second build replaces the first (it holds the marker), leaving nothing beside it.
        build(&site, &out, &|_, _| {}).expect("rebuild");
        let mut beside: Vec<_> = std::fs::read_dir(dir.path().join("out"))
            .expect("out")
            .map(|e| e.expect("entry").file_name())
            .collect();
        beside.sort();
        assert_eq!(beside, ["site"]);
    }
}
