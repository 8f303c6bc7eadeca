//! The dev server: serves the built site on 127.0.0.1, rebuilds when the course changes, and
//! reloads open pages through server-sent events. A broken edit shows its diagnostics as an
//! overlay in the page (and on the terminal) while the last good site keeps being served.
//!
//! It serves nothing outside the output folder: `..` and encoded `%2e%2e` are refused before
//! touching the disk, and the final path is canonicalised so a symlink cannot lead out.
//!
//! A plain `std::net` server: the only dynamic response is one held-open event stream, which a
//! hundred lines of std handle more simply than fitting an HTTP framework around it.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::output;
use crate::site::{Cache, Site};

const LIVE_JS: &str = include_str!("../themes/default/static/live.js");
const EVENTS_PATH: &str = "/__rapport/events";
const LIVE_PATH: &str = "/__rapport/live.js";

pub struct Options {
    pub root: PathBuf,
    pub out: PathBuf,
    pub host: String,
    pub port: u16,
}

/// What open pages are told.
#[derive(Clone)]
enum Event {
    Reload,
    Problem(String),
}

struct State {
    out: PathBuf,
    /// Canonical output folder: every served file must resolve inside it.
    out_canonical: Mutex<Option<PathBuf>>,
    clients: Mutex<Vec<Sender<Event>>>,
    /// Diagnostics of the last failed build, shown to pages that connect while it is broken.
    problem: Mutex<Option<String>>,
}

impl State {
    fn broadcast(&self, e: &Event) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.send(e.clone()).is_ok());
        }
    }
}

pub fn run(opts: Options) -> Result<()> {
    let loopback = matches!(opts.host.as_str(), "127.0.0.1" | "localhost" | "::1");
    if !loopback {
        eprintln!(
            "warning: serving on {} makes your drafts of the course visible to other machines on the network; the default is 127.0.0.1",
            opts.host
        );
    }
    let listener = TcpListener::bind((opts.host.as_str(), opts.port))
        .with_context(|| format!("cannot listen on {}:{}", opts.host, opts.port))?;
    let addr = listener.local_addr()?;
    let state = Arc::new(State {
        out: opts.out.clone(),
        out_canonical: Mutex::new(None),
        clients: Mutex::new(Vec::new()),
        problem: Mutex::new(None),
    });

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            // Wake the accept loop so it can see the flag.
            let _ = TcpStream::connect(addr);
        })
        .context("cannot install the Ctrl-C handler")?;
    }

    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res {
            let _ = tx.send(ev);
        }
    })
    .context("cannot watch the course for changes")?;
    use notify::Watcher as _;
    let content = opts.root.join("content");
    for (path, mode) in [
        (content.as_path(), notify::RecursiveMode::Recursive),
        (&opts.root.join("themes"), notify::RecursiveMode::Recursive),
        (opts.root.as_path(), notify::RecursiveMode::NonRecursive),
    ] {
        if path.exists() {
            watcher
                .watch(path, mode)
                .with_context(|| format!("cannot watch {}", path.display()))?;
        }
    }
    // Watch before the first build, so an edit made while it runs is not missed.
    let mut mem = Memory::default();
    rebuild(&opts, &state, &mut mem, true, true);
    eprintln!(
        "serving {} at http://{addr}/ (Ctrl-C to stop)",
        opts.out.display()
    );
    {
        let state = state.clone();
        let stop = stop.clone();
        std::thread::spawn(move || watch_loop(opts, state, rx, mem, stop));
    }

    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let state = state.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &state);
        });
    }
    drop(watcher);
    eprintln!("stopped");
    Ok(())
}

fn relevant(opts: &Options, ev: &notify::Event) -> bool {
    if matches!(ev.kind, notify::EventKind::Access(_)) {
        return false;
    }
    let out = std::fs::canonicalize(&opts.out).unwrap_or_else(|_| opts.out.clone());
    ev.paths.iter().any(|p| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        // Editors' swap and backup files are not edits of the course.
        let noise = name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp");
        let in_out = p.starts_with(&out) || p.starts_with(&opts.out);
        let top_level = p
            .parent()
            .map(|d| d == opts.root || d == Path::new(""))
            .unwrap_or(false);
        !noise && !in_out && (!top_level || name == crate::config::FILE_NAME)
    })
}

/// Whether an event touches only chapter Markdown (not the theme, configuration or other files).
fn only_chapters(opts: &Options, ev: &notify::Event) -> bool {
    let content = std::fs::canonicalize(opts.root.join("content")).unwrap_or_default();
    ev.paths.iter().all(|p| {
        p.extension().is_some_and(|x| x == "md")
            && (p.starts_with(&content) || p.starts_with(opts.root.join("content")))
    })
}

fn watch_loop(
    opts: Options,
    state: Arc<State>,
    rx: Receiver<notify::Event>,
    mut mem: Memory,
    stop: Arc<AtomicBool>,
) {
    while !stop.load(Ordering::SeqCst) {
        let first = match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(ev) => ev,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let mut any = relevant(&opts, &first);
        let mut full = !only_chapters(&opts, &first);
        // An editor's save is several events: wait for the burst to end.
        let quiet = Duration::from_millis(15);
        while let Ok(ev) = rx.recv_timeout(quiet) {
            if relevant(&opts, &ev) {
                any = true;
                full |= !only_chapters(&opts, &ev);
            }
        }
        if any {
            rebuild(&opts, &state, &mut mem, false, full);
        }
    }
}

/// What the server keeps between builds to redo only what an edit changed.
#[derive(Default)]
struct Memory {
    /// Hash of every file written, by path: unchanged files are not rewritten.
    written: HashMap<String, u64>,
    /// Rendered chapters, reused while their source is unchanged.
    cache: Cache,
    /// The chapter list as pages show it (titles, order, exercise ids).
    nav: Option<u64>,
}

/// A hash of everything a page shows about other chapters: when it is unchanged, an edit of a
/// chapter's text changes that chapter's page and the pages gathering all chapters, no other.
fn nav_signature(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in &site.pages {
        p.chapter.title.hash(&mut h);
        p.chapter.output.hash(&mut h);
        for e in &p.rendered.exercises {
            e.exercise.id().hash(&mut h);
        }
    }
    h.finish()
}

/// Rebuilds in memory; on success writes the files that changed and reloads pages, on failure
/// prints the diagnostics and shows them in pages, leaving the served files as they were.
/// `full` forces every file to be rendered (first build, theme or configuration edits).
fn rebuild(opts: &Options, state: &State, mem: &mut Memory, first: bool, full: bool) {
    let started = Instant::now();
    let problem = match Site::load_cached(&opts.root, &mut mem.cache) {
        Err(diags) => Some(render_all(&diags, &opts.root)),
        Ok(mut site) => {
            site.run_selftests();
            let problem = if site.errors() > 0 {
                Some(render_all(&site.sorted_diagnostics(), &opts.root))
            } else {
                for d in site.sorted_diagnostics() {
                    eprintln!("{}", d.render());
                }
                match write_changes(opts, state, mem, &site, first, full) {
                    Ok(changed) => {
                        eprintln!(
                            "rebuilt in {:.0?}: {changed} file(s) changed",
                            started.elapsed()
                        );
                        None
                    }
                    Err(e) => Some(format!("error: {e:#}\n")),
                }
            };
            mem.cache.keep(site);
            problem
        }
    };
    if let Ok(mut c) = state.out_canonical.lock() {
        *c = std::fs::canonicalize(&opts.out).ok();
    }
    match problem {
        Some(text) => {
            eprint!("{text}");
            eprintln!("the build failed; still serving the last good site");
            if let Ok(mut p) = state.problem.lock() {
                *p = Some(text.clone());
            }
            state.broadcast(&Event::Problem(text));
        }
        None => {
            if let Ok(mut p) = state.problem.lock() {
                *p = None;
            }
        }
    }
}

/// Writes what changed. After a chapter-text edit, the edited chapters' pages are written and
/// open pages reloaded first; the pages that gather every chapter follow.
fn write_changes(
    opts: &Options,
    state: &State,
    mem: &mut Memory,
    site: &Site,
    first: bool,
    full: bool,
) -> Result<usize> {
    let nav = nav_signature(site);
    let same_nav = mem.nav == Some(nav);
    mem.nav = Some(nav);
    if first || full || !same_nav {
        let files = output::render_all(site)?;
        let changed = sync(&opts.out, &files, &mut mem.written, first)?;
        if !first {
            state.broadcast(&Event::Reload);
        }
        return Ok(changed);
    }
    let pages = output::render_chapters(site, &mem.cache.fresh)?;
    let mut changed = sync(&opts.out, &pages, &mut mem.written, false)?;
    state.broadcast(&Event::Reload);
    let gathered = output::render_gathered(site)?;
    changed += sync(&opts.out, &gathered, &mut mem.written, false)?;
    Ok(changed)
}

fn render_all(diags: &[crate::diagnostic::Diagnostic], root: &Path) -> String {
    diags
        .iter()
        .map(|d| d.clone().relative_to(root).render())
        .collect::<Vec<_>>()
        .join("\n")
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// First build: the whole site, swapped in. Later builds: only files whose bytes changed,
/// each written to a temporary file and renamed, so a page is never served half-written.
fn sync(
    out: &Path,
    files: &[(String, Vec<u8>)],
    written: &mut HashMap<String, u64>,
    first: bool,
) -> Result<usize> {
    if first {
        output::write_site(out, files)?;
        written.clear();
        for (rel, bytes) in files {
            written.insert(rel.clone(), hash(bytes));
        }
        return Ok(files.len());
    }
    let mut changed = 0;
    for (rel, bytes) in files {
        let h = hash(bytes);
        if written.get(rel) == Some(&h) {
            continue;
        }
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("rapport-tmp");
        std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))?;
        written.insert(rel.clone(), h);
        changed += 1;
    }
    Ok(changed)
}

/// Maps a request path to a file inside `root`, or nothing. Refuses `..` (also percent-encoded),
/// absolute paths, NUL bytes, and anything that resolves outside `root` through a symlink.
pub fn resolve(root: &Path, root_canonical: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let rel = decoded.trim_start_matches('/');
    let mut clean = PathBuf::new();
    for c in Path::new(rel).components() {
        match c {
            Component::Normal(p) => clean.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    let mut file = root.join(&clean);
    if file.is_dir() {
        file = file.join("index.html");
    }
    let canonical = std::fs::canonicalize(&file).ok()?;
    (canonical.starts_with(root_canonical) && canonical.is_file()).then_some(canonical)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn respond(stream: &mut TcpStream, status: &str, ctype: &str, body: &[u8]) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)
}

fn handle(mut stream: TcpStream, state: &State) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"only GET",
        );
    }
    if target == EVENTS_PATH {
        return events(stream, state);
    }
    if target == LIVE_PATH {
        return respond(
            &mut stream,
            "200 OK",
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes(),
        );
    }
    let root_canonical = state.out_canonical.lock().ok().and_then(|c| c.clone());
    let file = root_canonical.and_then(|rc| resolve(&state.out, &rc, target));
    let Some(file) = file else {
        let body = format!(
            "<!doctype html><meta charset=utf-8><title>Not found</title><p>Nothing at this address. <a href=\"/index.html\">Go to the course</a>.</p><script src=\"{LIVE_PATH}\"></script>"
        );
        return respond(
            &mut stream,
            "404 Not Found",
            "text/html; charset=utf-8",
            body.as_bytes(),
        );
    };
    let mut body = Vec::new();
    std::fs::File::open(&file)?.read_to_end(&mut body)?;
    let ctype = content_type(&file);
    if ctype.starts_with("text/html") {
        body = inject_live_reload(body);
    }
    if method == "HEAD" {
        body.clear();
    }
    respond(&mut stream, "200 OK", ctype, &body)
}

/// Pages served by the dev server get the live-reload script; the files on disk do not.
fn inject_live_reload(body: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_PATH}\"></script>");
    let html = String::from_utf8_lossy(&body);
    match html.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &html[..at], &html[at..]).into_bytes(),
        None => format!("{html}{tag}").into_bytes(),
    }
}

/// A held-open `text/event-stream`: `reload` after a good rebuild, `problem` with the
/// diagnostics after a broken one.
fn events(mut stream: TcpStream, state: &State) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
    )?;
    let (tx, rx) = channel();
    if let Ok(mut c) = state.clients.lock() {
        c.push(tx);
    }
    if let Some(p) = state.problem.lock().ok().and_then(|p| p.clone()) {
        send_event(&mut stream, &Event::Problem(p))?;
    }
    loop {
        match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(e) => send_event(&mut stream, &e)?,
            // A comment line keeps proxies and the browser from timing the stream out, and
            // notices a closed tab.
            Err(RecvTimeoutError::Timeout) => stream.write_all(b": ping\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}

fn send_event(stream: &mut TcpStream, e: &Event) -> std::io::Result<()> {
    match e {
        Event::Reload => stream.write_all(b"event: reload\ndata: now\n\n"),
        Event::Problem(text) => {
            let data = serde_json::json!({ "text": text }).to_string();
            write!(stream, "event: problem\ndata: {data}\n\n")
        }
    }?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        std::fs::create_dir_all(out.join("assets")).unwrap();
        std::fs::write(out.join("index.html"), "<html><body>hi</body></html>").unwrap();
        std::fs::write(out.join("assets/app.wasm"), b"\0asm").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        let canonical = std::fs::canonicalize(&out).unwrap();
        (tmp, out, canonical)
    }

    #[test]
    fn serves_files_inside_the_output_folder() {
        let (_t, out, c) = site();
        assert!(resolve(&out, &c, "/").is_some_and(|p| p.ends_with("index.html")));
        assert!(resolve(&out, &c, "/assets/app.wasm?v=1").is_some());
        assert!(resolve(&out, &c, "/missing.html").is_none());
    }

    #[test]
    fn refuses_dot_dot_plain_and_encoded() {
        let (_t, out, c) = site();
        for attack in [
            "/../secret.txt",
            "/assets/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%2fsecret.txt",
            "/%2e%2e%5csecret.txt",
            "/index.html%00.txt",
            "//etc/passwd",
        ] {
            assert!(resolve(&out, &c, attack).is_none(), "{attack} was served");
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_out() {
        let (t, out, c) = site();
        std::os::unix::fs::symlink(t.path().join("secret.txt"), out.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(t.path(), out.join("up")).unwrap();
        assert!(resolve(&out, &c, "/link.txt").is_none());
        assert!(resolve(&out, &c, "/up/secret.txt").is_none());
    }

    #[test]
    fn content_types_include_wasm() {
        assert_eq!(content_type(Path::new("a.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("a.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("a.html")),
            "text/html; charset=utf-8"
        );
    }

    #[test]
    fn live_reload_is_injected_before_body_end() {
        let out = inject_live_reload(b"<html><body><p>x</p></body></html>".to_vec());
        let s = String::from_utf8(out).unwrap();
        assert!(s.ends_with("<script src=\"/__rapport/live.js\"></script></body></html>"));
    }
}
