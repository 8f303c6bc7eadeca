#!/usr/bin/env python3
"""Rebuild latency of a one-chapter edit under `rapport serve`.

Usage: serve_latency.py RAPPORT COURSE OUT CHAPTER_MD PAGE_HTML [--edits K] [--browser]

Starts `RAPPORT serve --root COURSE --out OUT --port 0`, waits for the first
build (PAGE_HTML under OUT exists), then K times: appends a paragraph holding
a fresh marker to COURSE/content/CHAPTER_MD and polls OUT/PAGE_HTML (every
millisecond) until the marker is in it.  The time from the write of the
Markdown file to the marker on disk (edit -> new HTML) is one sample; the
median of K samples is printed as `median_ms=...` plus all samples.  The
chapter is restored and the server stopped (by its own pid) at the end.

With --browser, the page is also open in headless Chromium (Debian's chromium
and chromedriver, spoken to over the WebDriver HTTP protocol, no extra Python
package): for each edit, the time from the write to the reloaded page's
DOMContentLoaded (read from the page's own Navigation Timing, so polling adds
nothing to it) is a second sample, printed as `reload_median_ms=...` and
`reload_samples_ms=...`.  Without chromium/chromedriver that part is skipped
with a message (`reload_skipped=...`).

Exit status 3 when `RAPPORT serve --help` fails (no serve command yet).
"""
import argparse
import json
import os
import re
import shutil
import socket
import tempfile
import urllib.request
import signal
import statistics
import subprocess
import sys
import time


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


class Browser:
    """A headless Chromium driven through chromedriver's WebDriver HTTP API."""

    def __init__(self):
        driver = shutil.which("chromedriver")
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if not driver or not chromium:
            raise RuntimeError("chromium and chromedriver not found "
                               "(apt-get install -y chromium chromium-driver)")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.profile = tempfile.mkdtemp(prefix="rapport-bench-chromium-")
        self.proc = subprocess.Popen([driver, f"--port={port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                self._call("GET", "/status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("chromedriver did not start")
                time.sleep(0.05)
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": chromium,
            "args": CHROMIUM_FLAGS + [f"--user-data-dir={self.profile}"]}}}}
        self.session = self._call("POST", "/session", caps)["sessionId"]

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read() or b"{}").get("value")

    def go(self, url):
        self._call("POST", f"/session/{self.session}/url", {"url": url})

    def script(self, js, *args):
        return self._call("POST", f"/session/{self.session}/execute/sync",
                          {"script": js, "args": list(args)})

    def close(self):
        try:
            self._call("DELETE", f"/session/{self.session}")
        except Exception:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


# The reloaded page's DOMContentLoaded as wall-clock milliseconds, once the page shows the
# marker; null before.
LOADED_WITH_MARKER = """
const nav = performance.getEntriesByType('navigation')[0];
if (!document.body || !document.body.textContent.includes(arguments[0])) return null;
if (!nav || !nav.domContentLoadedEventEnd) return null;
return performance.timeOrigin + nav.domContentLoadedEventEnd;
"""


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("rapport")
    ap.add_argument("course")
    ap.add_argument("out")
    ap.add_argument("chapter")
    ap.add_argument("page")
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--browser", action="store_true")
    a = ap.parse_args(argv)

    if subprocess.run([a.rapport, "serve", "--help"], stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL).returncode != 0:
        print("rapport serve: not available (`rapport serve --help` fails)", file=sys.stderr)
        return 3

    md = os.path.join(a.course, "content", a.chapter)
    page = os.path.join(a.out, a.page)
    with open(md, "rb") as f:
        original = f.read()
    log = open(os.path.join(os.path.dirname(os.path.abspath(a.out)), "serve.log"), "wb")
    srv = subprocess.Popen([a.rapport, "serve", "--root", a.course, "--out", a.out,
                            "--port", "0"], stdout=log, stderr=subprocess.STDOUT)
    samples = []
    reloads = []
    browser = None
    skipped = None
    try:
        deadline = time.monotonic() + a.timeout
        while not os.path.isfile(page):
            if srv.poll() is not None or time.monotonic() > deadline:
                print("rapport serve did not write the site (see serve.log)", file=sys.stderr)
                return 1
            time.sleep(0.01)
        if a.browser:
            m = None
            while not m and srv.poll() is None and time.monotonic() < deadline:
                with open(log.name, "rb") as f:
                    m = re.search(rb"at (http://127\.0\.0\.1:\d+/)", f.read())
                time.sleep(0.01)
            try:
                if not m:
                    raise RuntimeError("no address in serve.log")
                browser = Browser()
                browser.go(m.group(1).decode() + a.page)
            except (RuntimeError, OSError) as e:
                skipped = str(e)
                print(f"serve_latency: no browser reload figures: {e}", file=sys.stderr)
        time.sleep(0.5)  # let the watcher settle after the first build
        for k in range(a.edits):
            marker = f"bench-edit-marker-{os.getpid()}-{k}"
            text = original + f"\n\n{marker}\n".encode()
            t0 = time.monotonic()
            wall0 = time.time()
            with open(md, "wb") as f:
                f.write(text)
            deadline = t0 + a.timeout
            while True:
                try:
                    with open(page, "rb") as f:
                        if marker.encode() in f.read():
                            break
                except FileNotFoundError:
                    pass
                if time.monotonic() > deadline or srv.poll() is not None:
                    print(f"edit {k}: no new HTML within {a.timeout}s", file=sys.stderr)
                    return 1
                time.sleep(0.001)
            samples.append((time.monotonic() - t0) * 1000)
            if browser:
                while True:
                    loaded = browser.script(LOADED_WITH_MARKER, marker)
                    if loaded:
                        reloads.append(loaded - wall0 * 1000)
                        break
                    if time.monotonic() > deadline:
                        print(f"edit {k}: the page did not reload within {a.timeout}s",
                              file=sys.stderr)
                        return 1
                    time.sleep(0.005)
            time.sleep(0.3)  # the next edit is a separate save, not part of the same burst
    finally:
        if browser:
            browser.close()
        with open(md, "wb") as f:
            f.write(original)
        if srv.poll() is None:
            srv.send_signal(signal.SIGINT)
            try:
                srv.wait(timeout=10)
            except subprocess.TimeoutExpired:
                srv.kill()
                srv.wait()
        log.close()
    print(f"median_ms={statistics.median(samples):.0f}")
    print("samples_ms=" + ",".join(f"{s:.0f}" for s in samples))
    if reloads:
        print(f"reload_median_ms={statistics.median(reloads):.0f}")
        print("reload_samples_ms=" + ",".join(f"{s:.0f}" for s in reloads))
    elif skipped:
        print(f"reload_skipped={skipped}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
