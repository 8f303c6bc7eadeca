//! Writing the site: every page through the templates into a fresh folder beside the output,
//! then swapped in, so a failed build never leaves a half-written or emptied site behind.
//!
//! Fast at any size: pages are rendered and written in parallel, straight to disk ([`build`]),
//! and the chapter list that every page carries in its sidebar is rendered once per site, not
//! once per page (see [`FastNav`]): with N chapters, rendering it through the template for each
//! page is N² work, and was most of the build time from a few hundred chapters on.

use anyhow::{anyhow, bail, Context, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

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

#[derive(Serialize, Clone)]
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

/// The bytes of one output file. A page keeps its own HTML apart from the chapter list it shares
/// with every other page, which is written in place instead of being copied into each page.
pub enum Body {
    Bytes(Vec<u8>),
    /// Pieces written one after the other (the search index, built a chapter at a time).
    Chunks(Vec<String>),
    Page {
        head: String,
        nav: Arc<NavChunks>,
        current: Option<usize>,
        tail: String,
    },
}

impl Body {
    fn parts(&self) -> Vec<&[u8]> {
        match self {
            Body::Bytes(b) => vec![b],
            Body::Chunks(c) => c.iter().map(|s| s.as_bytes()).collect(),
            Body::Page {
                head,
                nav,
                current,
                tail,
            } => {
                let [a, b, c] = nav.parts(*current);
                vec![
                    head.as_bytes(),
                    a.as_bytes(),
                    b.as_bytes(),
                    c.as_bytes(),
                    tail.as_bytes(),
                ]
            }
        }
    }

    fn len(&self) -> usize {
        self.parts().iter().map(|p| p.len()).sum()
    }

    fn into_bytes(self) -> Vec<u8> {
        match self {
            Body::Bytes(b) => b,
            page => {
                let mut out = Vec::with_capacity(page.len());
                for p in page.parts() {
                    out.extend_from_slice(p);
                }
                out
            }
        }
    }
}

fn same_bytes(a: Result<Body>, b: Result<Body>) -> bool {
    match (a, b) {
        (Ok(a), Ok(b)) => a.into_bytes() == b.into_bytes(),
        _ => false,
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

/// The files that gather every chapter: the progress and print pages and the search index.
pub fn render_gathered(site: &Site) -> Result<Vec<(String, Vec<u8>)>> {
    let r = Renderer::new(site)?;
    let groups: Vec<Vec<(String, Body)>> = [Rest::Progress, Rest::Print, Rest::Search]
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

/// Renders pages: through the course's templates as they are, or with the chapter list rendered
/// once ([`FastNav`]) when that gives the same bytes.
struct Renderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    fast: Option<FastNav>,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site) -> Result<Self> {
        let Some(templates) = &site.templates else {
            bail!("the templates did not load");
        };
        let mut r = Renderer {
            site,
            templates,
            fast: FastNav::new(site),
        };
        // The fast path must be invisible: check it against the templates on the first and last
        // page and on a page without a current chapter, else render every page the plain way.
        if r.fast.is_some() {
            let n = site.pages.len();
            let same = [0, n.saturating_sub(1)]
                .into_iter()
                .filter(|&i| i < n)
                .all(|i| same_bytes(r.page(i), render_page(site, templates, i)))
                && same_bytes(r.special("progress.html"), r.special_plain("progress.html"));
            if !same {
                r.fast = None;
            }
        }
        Ok(r)
    }

    /// Chapter page `i`.
    fn page(&self, i: usize) -> Result<Body> {
        let Some(fast) = &self.fast else {
            return render_page(self.site, self.templates, i);
        };
        let page = &self.site.pages[i];
        let root = page.chapter.root_prefix();
        let (Some(nav), Some(base)) = (fast.navs.get(&root), fast.contexts.get(&root)) else {
            return render_page(self.site, self.templates, i);
        };
        let mut ctx = base.clone();
        ctx.insert("page", &page_ctx(self.site, i, &root));
        match fast.render("page.html", &ctx, nav.clone(), Some(i)) {
            Some(body) => Ok(body),
            // Not the shape the fast path expects (or an error): the plain way decides.
            None => render_page(self.site, self.templates, i),
        }
    }

    /// `progress.html` or `print.html`.
    fn special(&self, name: &str) -> Result<Body> {
        let Some(fast) = &self.fast else {
            return self.special_plain(name);
        };
        let (Some(nav), Some(base)) = (fast.navs.get(""), fast.contexts.get("")) else {
            return self.special_plain(name);
        };
        let ctx = special_context(self.site, name, base.clone());
        match fast.render(name, &ctx, nav.clone(), None) {
            Some(body) => Ok(body),
            None => self.special_plain(name),
        }
    }

    fn special_plain(&self, name: &str) -> Result<Body> {
        let ctx = special_context(self.site, name, base_context(self.site, "", None));
        let html = self
            .templates
            .render(name, &ctx)
            .map_err(|e| anyhow!("rendering {name}: {e}"))?;
        Ok(Body::Bytes(html.into_bytes()))
    }

    /// Every file but the chapter pages, in the order the site lists them, in a few independent
    /// groups ([`REST`]) that can be rendered in parallel and written (then dropped) one by one.
    fn rest(&self, group: Rest) -> Result<Vec<(String, Body)>> {
        let site = self.site;
        let bytes = |b: &[u8]| Body::Bytes(b.to_vec());
        Ok(match group {
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
                files.push((
                    "assets/grader.js".into(),
                    bytes(assets::GRADER_JS.as_bytes()),
                ));
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
    Progress,
    Print,
    Static,
    Search,
    Content,
}

const REST: [Rest; 5] = [
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

fn nav_entries(site: &Site, root: &str, current: Option<usize>) -> Vec<NavEntry> {
    site.pages
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
        .collect()
}

/// The context every template sees: the course, the chapter list, `root` and `version`.
fn base_context(site: &Site, root: &str, current: Option<usize>) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("course", &course_json(site));
    ctx.insert("chapters", &nav_entries(site, root, current));
    ctx.insert("root", root);
    ctx.insert("version", env!("CARGO_PKG_VERSION"));
    ctx
}

fn special_context(site: &Site, name: &str, mut ctx: tera::Context) -> tera::Context {
    let pages = &site.pages;
    ctx.insert("page", &serde_json::json!({ "title": if name == "print.html" { "The whole course" } else { "Your progress" }, "root": "" }));
    if name == "print.html" {
        let chapters: Vec<serde_json::Value> = pages
            .iter()
            .map(|p| {
                let id = p.chapter.output.trim_end_matches(".html").replace('/', "-");
                // Every chapter has a "why-it-matters": on one page, anchors get the chapter's
                // name in front so that they stay unique and in-chapter links still land.
                let html = p
                    .rendered
                    .print_html
                    .replace(" id=\"", &format!(" id=\"{id}--"))
                    .replace("href=\"#", &format!("href=\"#{id}--"));
                serde_json::json!({ "title": p.chapter.title, "html": html, "id": id })
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

/// Chapter page `i` through the templates as they are: the reference the fast path must match.
fn render_page(site: &Site, templates: &Templates, i: usize) -> Result<Body> {
    let page = &site.pages[i];
    let root = page.chapter.root_prefix();
    let mut ctx = base_context(site, &root, Some(i));
    ctx.insert("page", &page_ctx(site, i, &root));
    let html = templates
        .render("page.html", &ctx)
        .map_err(|e| anyhow!("rendering {}: {e}", page.chapter.output))?;
    Ok(Body::Bytes(html.into_bytes()))
}

/// The chapter list rendered once: every entry as a plain entry (`all`, entry `i` spanning
/// `all[ends[i]..ends[i + 1]]`) and as the current page's entry (`current[i]`).
pub struct NavChunks {
    all: String,
    ends: Vec<usize>,
    current: Vec<String>,
}

impl NavChunks {
    /// The list as page `current` shows it, in three pieces.
    fn parts(&self, current: Option<usize>) -> [&str; 3] {
        match current {
            Some(i) if i + 1 < self.ends.len() => [
                &self.all[..self.ends[i]],
                &self.current[i],
                &self.all[self.ends[i + 1]..],
            ],
            _ => [&self.all, "", ""],
        }
    }
}

const NAV_VAR: &str = "__rapport_nav";
const NAV_LOOP: &str = "__rapport_nav_loop.html";
/// Stands for the chapter list in a rendered page, to be cut out and replaced by it.
const NAV_MARK: &str = "\u{1}rapport-nav\u{1}";

/// The templates with their `{% for c in chapters %}…{% endfor %}` loop replaced by a variable,
/// and that loop rendered once per entry (plain and current) instead of once per page.
///
/// Used only when it cannot change a byte: the loop is the only use of `chapters` in the
/// templates, its body reads nothing but the entry, `root`, `course` and `version` (no `loop.*`,
/// no functions, no `set`), the entries rendered one at a time join up to the whole list rendered
/// at once, and pages rendered both ways are identical (checked in [`Renderer::new`]).
struct FastNav {
    tera: tera::Tera,
    /// False when no template uses the chapter list at all: then it is not built per page either.
    has_nav: bool,
    /// By root prefix (`""`, `"../"`, …).
    navs: HashMap<String, Arc<NavChunks>>,
    contexts: HashMap<String, tera::Context>,
}

impl FastNav {
    fn new(site: &Site) -> Option<FastNav> {
        let dir = site
            .root
            .join("themes")
            .join(&site.config.theme)
            .join("templates");
        let mut sources: Vec<(String, String)> = assets::TEMPLATES
            .iter()
            .map(|(name, builtin)| {
                let src = std::fs::read_to_string(dir.join(name))
                    .unwrap_or_else(|_| (*builtin).to_string());
                ((*name).to_string(), src)
            })
            .collect();
        let found = find_nav_loop(&sources)?;
        if let Some((which, start, end, replacement)) = &found {
            let loop_src = sources[*which].1[*start..*end].to_string();
            sources[*which].1.replace_range(*start..*end, replacement);
            sources.push((NAV_LOOP.to_string(), loop_src));
        }
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .ok()?;
        tera.autoescape_on(vec![".html"]);

        let mut roots: Vec<String> = site.pages.iter().map(|p| p.chapter.root_prefix()).collect();
        roots.push(String::new());
        roots.sort();
        roots.dedup();
        let mut navs = HashMap::new();
        let mut contexts = HashMap::new();
        for root in roots {
            let mut ctx = tera::Context::new();
            ctx.insert("course", &course_json(site));
            ctx.insert("root", &root);
            ctx.insert("version", env!("CARGO_PKG_VERSION"));
            let nav = match found {
                Some(_) => nav_chunks(&tera, site, &root, &ctx)?,
                None => NavChunks {
                    all: String::new(),
                    ends: vec![0],
                    current: Vec::new(),
                },
            };
            navs.insert(root.clone(), Arc::new(nav));
            ctx.insert(NAV_VAR, NAV_MARK);
            contexts.insert(root, ctx);
        }
        Some(FastNav {
            tera,
            has_nav: found.is_some(),
            navs,
            contexts,
        })
    }

    /// Renders `name` and cuts it around the chapter list; `None` if it does not have exactly one.
    fn render(
        &self,
        name: &str,
        ctx: &tera::Context,
        nav: Arc<NavChunks>,
        current: Option<usize>,
    ) -> Option<Body> {
        let mut html = self.tera.render(name, ctx).ok()?;
        if !self.has_nav {
            return Some(Body::Bytes(html.into_bytes()));
        }
        let at = html.find(NAV_MARK)?;
        let tail = html[at + NAV_MARK.len()..].to_string();
        if tail.contains(NAV_MARK) {
            return None;
        }
        html.truncate(at);
        Some(Body::Page {
            head: html,
            nav,
            current,
            tail,
        })
    }
}

/// Every entry of the chapter list for pages at `root`, each rendered alone, plain and current.
fn nav_chunks(
    tera: &tera::Tera,
    site: &Site,
    root: &str,
    base: &tera::Context,
) -> Option<NavChunks> {
    let entries = nav_entries(site, root, None);
    let one = |e: &NavEntry| {
        let mut ctx = base.clone();
        ctx.insert("chapters", std::slice::from_ref(e));
        tera.render(NAV_LOOP, &ctx).ok()
    };
    let chunks: Vec<(String, String)> = entries
        .par_iter()
        .map(|e| {
            let current = NavEntry {
                current: true,
                ..e.clone()
            };
            Some((one(e)?, one(&current)?))
        })
        .collect::<Option<_>>()?;
    let mut all = String::new();
    let mut ends = vec![0];
    let mut current = Vec::with_capacity(chunks.len());
    for (plain, cur) in chunks {
        all.push_str(&plain);
        ends.push(all.len());
        current.push(cur);
    }
    // The loop body must not depend on the entries around it (`loop.index`, `set_global`…).
    let mut ctx = base.clone();
    ctx.insert("chapters", &entries);
    (tera.render(NAV_LOOP, &ctx).ok()? == all).then_some(NavChunks { all, ends, current })
}

/// A `{{ … }}` or `{% … %}` tag of a template: its span, its inner text, and its `-` trims.
struct Tag<'s> {
    start: usize,
    end: usize,
    stmt: bool,
    inner: &'s str,
    trim_left: bool,
    trim_right: bool,
}

/// The tags of a Tera template, in order; comments and `{% raw %}` blocks skipped. `None` when
/// the template is not simple enough to be sure of.
fn tags(src: &str) -> Option<Vec<Tag<'_>>> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut raw = false;
    while let Some(off) = src[i..].find('{') {
        let start = i + off;
        let (close, stmt) = match src.as_bytes().get(start + 1) {
            Some(b'{') => ("}}", false),
            Some(b'%') => ("%}", true),
            Some(b'#') => ("#}", false),
            _ => {
                i = start + 1;
                continue;
            }
        };
        let end = start + 2 + src[start + 2..].find(close)? + 2;
        i = end;
        if close == "#}" && !raw {
            continue;
        }
        let mut inner = &src[start + 2..end - 2];
        let trim_left = inner.starts_with('-');
        let trim_right = inner.len() > 1 && inner.ends_with('-');
        if trim_left {
            inner = &inner[1..];
        }
        if trim_right {
            inner = &inner[..inner.len() - 1];
        }
        let inner = inner.trim();
        if raw {
            raw = !(stmt && inner == "endraw");
            continue;
        }
        if stmt && inner == "raw" {
            raw = true;
            continue;
        }
        out.push(Tag {
            start,
            end,
            stmt,
            inner,
            trim_left,
            trim_right,
        });
    }
    (!raw).then_some(out)
}

/// The identifiers of a tag (string literals skipped), each with whether it names a filter
/// (follows `|`); `None` if the tag calls anything (`(`) or indexes with brackets.
fn idents(inner: &str) -> Option<Vec<(&str, bool)>> {
    let b = inner.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut after_pipe = false;
    while i < b.len() {
        let c = b[i];
        if c == b'"' || c == b'\'' || c == b'`' {
            i += 1 + inner[i + 1..].find(c as char)? + 1;
            after_pipe = false;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.') {
                i += 1;
            }
            out.push((&inner[s..i], after_pipe));
            after_pipe = false;
        } else if c == b'(' || c == b'[' {
            return None;
        } else {
            if c == b'|' {
                after_pipe = true;
            } else if !c.is_ascii_whitespace() {
                after_pipe = false;
            }
            i += 1;
        }
    }
    Some(out)
}

/// Finds the chapter-list loop: (template index, start, end, the expression that replaces it).
/// `Some(None)` when no template uses `chapters`; `None` when the fast path cannot be used.
#[allow(clippy::type_complexity)]
fn find_nav_loop(sources: &[(String, String)]) -> Option<Option<(usize, usize, usize, String)>> {
    let mut found = None;
    let mut uses = 0;
    for (t, (_, src)) in sources.iter().enumerate() {
        let tags = tags(src)?;
        for (k, tag) in tags.iter().enumerate() {
            let Some(ids) = idents(tag.inner) else {
                if tag.inner.contains("chapters") {
                    return None;
                }
                continue;
            };
            let here = ids
                .iter()
                .filter(|(id, pipe)| !pipe && id.split('.').next() == Some("chapters"))
                .count();
            uses += here;
            if here == 0 {
                continue;
            }
            let var = match (tag.stmt, ids.as_slice()) {
                (true, [("for", false), (var, false), ("in", false), ("chapters", false)])
                    if !var.contains('.') && tag.inner.split_whitespace().count() == 4 =>
                {
                    *var
                }
                _ => return None,
            };
            // The matching `endfor`, and nothing in the body the entry alone does not decide.
            let mut depth = 0;
            let mut close = None;
            for (j, body_tag) in tags.iter().enumerate().skip(k + 1) {
                if body_tag.stmt && body_tag.inner == "endfor" {
                    if depth == 0 {
                        close = Some(j);
                        break;
                    }
                    depth -= 1;
                    continue;
                }
                for (id, pipe) in idents(body_tag.inner)? {
                    let head = id.split('.').next().unwrap_or("");
                    let allowed = pipe
                        || head == var
                        || matches!(
                            head,
                            "root"
                                | "course"
                                | "version"
                                | "if"
                                | "elif"
                                | "else"
                                | "endif"
                                | "not"
                                | "and"
                                | "or"
                                | "in"
                                | "true"
                                | "false"
                                | "True"
                                | "False"
                        );
                    if !allowed {
                        return None;
                    }
                }
                if body_tag.stmt && body_tag.inner.starts_with("for ") {
                    depth += 1;
                }
            }
            let close = &tags[close?];
            let replacement = format!(
                "{{{{{} {NAV_VAR} | safe {}}}}}",
                if tag.trim_left { "-" } else { "" },
                if close.trim_right { "-" } else { "" }
            );
            found = Some((t, tag.start, close.end, replacement));
        }
    }
    match uses {
        0 => Some(None),
        1 => found.map(Some),
        _ => None,
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

    /// A course in a temporary folder: chapters (one in a subfolder), optionally a `base.html`.
    fn course(base_html: Option<&str>) -> (tempfile::TempDir, Site) {
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
        if let Some(b) = base_html {
            write("themes/default/templates/base.html", b);
        }
        let site = match Site::load(root) {
            Ok(s) => s,
            Err(d) => panic!("course does not load: {d:?}"),
        };
        assert_eq!(site.errors(), 0, "{:?}", site.diagnostics);
        (dir, site)
    }

    /// Every page and special page, the fast way and through the templates as they are.
    fn assert_same_as_plain(site: &Site) -> bool {
        let r = Renderer::new(site).expect("renderer");
        let templates = site.templates.as_ref().expect("templates");
        for i in 0..site.pages.len() {
            let fast = r.page(i).expect("page").into_bytes();
            let plain = render_page(site, templates, i)
                .expect("plain page")
                .into_bytes();
            assert_eq!(
                String::from_utf8_lossy(&fast),
                String::from_utf8_lossy(&plain),
                "page {i}"
            );
        }
        for name in ["progress.html", "print.html"] {
            let fast = r.special(name).expect("special").into_bytes();
            let plain = r.special_plain(name).expect("plain special").into_bytes();
            assert_eq!(fast, plain, "{name}");
        }
        r.fast.is_some()
    }

    #[test]
    fn the_shipped_theme_takes_the_fast_path_with_the_same_bytes() {
        let (_dir, site) = course(None);
        assert!(assert_same_as_plain(&site), "fast path not taken");
        let fast = site_files(&site);
        assert!(fast.iter().any(|(n, b)| n == "guides/deep.html"
            && String::from_utf8_lossy(b)
                .contains("href=\"..&#x2F;guides&#x2F;deep.html\" aria-current")));
    }

    #[test]
    fn the_shipped_course_renders_the_same_both_ways() {
        let site = match Site::load(Path::new(env!("CARGO_MANIFEST_DIR"))) {
            Ok(s) => s,
            Err(d) => panic!("{d:?}"),
        };
        assert!(assert_same_as_plain(&site), "fast path not taken");
    }

    const BASE: &str = include_str!("../themes/default/templates/base.html");

    #[test]
    fn a_loop_that_reads_loop_index_falls_back_to_the_templates() {
        let base = BASE.replace("{{ c.title }}</a>", "{{ loop.index }}. {{ c.title }}</a>");
        assert_ne!(base, BASE);
        let (_dir, site) = course(Some(&base));
        assert!(!assert_same_as_plain(&site));
    }

    #[test]
    fn a_second_use_of_chapters_falls_back_to_the_templates() {
        let base = BASE.replace("</nav>", "<p>{{ chapters | length }} chapters</p></nav>");
        let (_dir, site) = course(Some(&base));
        assert!(!assert_same_as_plain(&site));
    }

    #[test]
    fn other_loop_shapes_keep_the_same_bytes() {
        for base in [
            // Trims on both sides of both tags, a filter, and a raw block that mentions the loop.
            BASE.replace(
                "{%- for c in chapters %}",
                "{% raw %}{% for c in chapters %}{% endraw %}\n  {%- for c in chapters -%}",
            )
            .replace("{%- endfor %}", "{%- endfor -%}")
            .replace("{{ c.title }}</a>", "{{ c.title | upper }}</a>"),
            // No chapter list at all.
            {
                let a = BASE.find("{%- for c in chapters %}").expect("loop");
                let b = BASE.find("{%- endfor %}").expect("endfor") + "{%- endfor %}".len();
                format!("{}{}", &BASE[..a], &BASE[b..])
            },
        ] {
            let (_dir, site) = course(Some(&base));
            assert!(
                assert_same_as_plain(&site),
                "fast path not taken for {base}"
            );
        }
    }

    fn site_files(site: &Site) -> Vec<(String, Vec<u8>)> {
        render_all(site).expect("render_all")
    }

    #[test]
    fn build_writes_what_render_all_renders() {
        let (dir, site) = course(None);
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

    #[test]
    fn tags_skip_comments_and_raw_blocks() {
        let t = tags("a {# {{ x }} #} {% raw %}{{ y }}{% endraw %} {{- z -}} {%- if w %}")
            .expect("tags");
        let inner: Vec<_> = t
            .iter()
            .map(|t| (t.inner, t.trim_left, t.trim_right))
            .collect();
        assert_eq!(inner, [("z", true, true), ("if w", true, false)]);
        assert!(tags("{% raw %} never closed").is_none());
        assert_eq!(
            idents("c.title | upper and \"chapters\"").expect("idents"),
            [("c.title", false), ("upper", true), ("and", false)]
        );
        assert!(idents("now()").is_none());
    }
}
