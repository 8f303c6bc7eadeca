//! Writing the site: every page through the templates into a fresh folder beside the output,
//! then swapped in, so a failed build never leaves a half-written or emptied site behind.

use anyhow::{bail, Context, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

use crate::assets;
use crate::markdown::Heading;
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

#[derive(Serialize)]
struct NavEntry {
    title: String,
    url: String,
    current: bool,
    /// Space-separated exercise ids: the sidebar marks the chapter when all are passed.
    exercises: String,
}

#[derive(Serialize)]
struct PageCtx<'a> {
    title: &'a str,
    description: &'a str,
    html: &'a str,
    toc: Vec<&'a Heading>,
    root: String,
    prev: Option<Link>,
    next: Option<Link>,
    exercises: usize,
    is_index: bool,
}

/// All files of the site, in memory: (path relative to the site root, bytes).
pub fn render_all(site: &Site) -> Result<Vec<(String, Vec<u8>)>> {
    let Some(templates) = &site.templates else {
        bail!("the templates did not load");
    };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let pages = &site.pages;
    for (i, page) in pages.iter().enumerate() {
        let html = render_page(site, templates, pages, i)?;
        files.push((page.chapter.output.clone(), html.into_bytes()));
    }
    for (name, template) in [
        ("progress.html", "progress.html"),
        ("print.html", "print.html"),
    ] {
        let mut ctx = base_context(site, "", None);
        ctx.insert("page", &serde_json::json!({ "title": if name == "print.html" { "The whole course" } else { "Your progress" }, "root": "" }));
        if name == "print.html" {
            let chapters: Vec<serde_json::Value> = pages
                .iter()
                .map(|p| serde_json::json!({ "title": p.chapter.title, "html": p.rendered.print_html, "id": p.chapter.output.trim_end_matches(".html").replace('/', "-") }))
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
        let html = templates
            .render(template, &ctx)
            .map_err(|e| anyhow::anyhow!("rendering {name}: {e}"))?;
        files.push((name.to_string(), html.into_bytes()));
    }
    let theme_static = site
        .root
        .join("themes")
        .join(&site.config.theme)
        .join("static");
    for (name, builtin) in assets::STATIC {
        let body =
            std::fs::read(theme_static.join(name)).unwrap_or_else(|_| builtin.as_bytes().to_vec());
        files.push((format!("assets/{name}"), body));
    }
    files.push((
        "assets/grader.js".into(),
        assets::GRADER_JS.as_bytes().to_vec(),
    ));
    files.push((
        "assets/search-index.js".into(),
        search::index_js(site).into_bytes(),
    ));
    files.extend(content_files(site)?);
    files.push((
        MARKER.into(),
        b"This folder was written by rapport; `rapport build` replaces it whole.\n".to_vec(),
    ));
    Ok(files)
}

fn base_context(site: &Site, root: &str, current: Option<usize>) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert(
        "course",
        &serde_json::json!({
            "id": site.config.course.id,
            "title": site.config.course.title,
            "description": site.config.course.description,
            "language": site.config.course.language,
        }),
    );
    let nav: Vec<NavEntry> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| NavEntry {
            title: p.chapter.title.clone(),
            url: format!("{root}{}", p.chapter.output),
            current: Some(i) == current,
            exercises: p
                .rendered
                .exercises
                .iter()
                .map(|e| e.exercise.id())
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect();
    ctx.insert("chapters", &nav);
    ctx.insert("root", root);
    ctx.insert("version", env!("CARGO_PKG_VERSION"));
    ctx
}

fn render_page(
    site: &Site,
    templates: &crate::render::Templates,
    pages: &[Page],
    i: usize,
) -> Result<String> {
    let page = &pages[i];
    let root = page.chapter.root_prefix();
    let link = |p: &Page| Link {
        title: p.chapter.title.clone(),
        url: format!("{root}{}", p.chapter.output),
    };
    let ctx_page = PageCtx {
        title: &page.chapter.title,
        description: &page.chapter.description,
        html: &page.rendered.html,
        toc: page
            .rendered
            .headings
            .iter()
            .filter(|h| (2..=3).contains(&h.level))
            .collect(),
        root: root.clone(),
        prev: i.checked_sub(1).map(|j| link(&pages[j])),
        next: pages.get(i + 1).map(link),
        exercises: page.rendered.exercises.len(),
        is_index: i == 0,
    };
    let mut ctx = base_context(site, &root, Some(i));
    ctx.insert("page", &ctx_page);
    templates
        .render("page.html", &ctx)
        .map_err(|e| anyhow::anyhow!("rendering {}: {e}", page.chapter.output))
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
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "site".into());
    let tmp: PathBuf = parent.join(format!(".{name}.rapport-new"));
    let old: PathBuf = parent.join(format!(".{name}.rapport-old"));
    let _ = std::fs::remove_dir_all(&tmp);
    let mut stats = Stats::default();
    for (rel, bytes) in files {
        let path = tmp.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        stats.bytes += bytes.len() as u64;
        if rel.ends_with(".html") {
            stats.pages += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&old);
    if out.exists() {
        std::fs::rename(out, &old)
            .with_context(|| format!("cannot move the old site {} aside", out.display()))?;
    }
    std::fs::rename(&tmp, out)
        .with_context(|| format!("cannot move the new site into {}", out.display()))?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(stats)
}
