#!/usr/bin/env python3
"""Rebuild latency of a one-chapter edit under `rapport serve`.

Usage: serve_latency.py RAPPORT COURSE OUT CHAPTER_MD PAGE_HTML [--edits K]

Starts `RAPPORT serve --root COURSE --out OUT --port 0`, waits for the first
build (PAGE_HTML under OUT exists), then K times: appends a paragraph holding
a fresh marker to COURSE/content/CHAPTER_MD and polls OUT/PAGE_HTML (every
millisecond) until the marker is in it.  The time from the write of the
Markdown file to the marker on disk (edit -> new HTML) is one sample; the
median of K samples is printed as `median_ms=...` plus all samples.  The
chapter is restored and the server stopped (by its own pid) at the end.

Exit status 3 when `RAPPORT serve --help` fails (no serve command yet).
"""
import argparse
import os
import signal
import statistics
import subprocess
import sys
import time


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("rapport")
    ap.add_argument("course")
    ap.add_argument("out")
    ap.add_argument("chapter")
    ap.add_argument("page")
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=60.0)
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
    try:
        deadline = time.monotonic() + a.timeout
        while not os.path.isfile(page):
            if srv.poll() is not None or time.monotonic() > deadline:
                print("rapport serve did not write the site (see serve.log)", file=sys.stderr)
                return 1
            time.sleep(0.01)
        time.sleep(0.5)  # let the watcher settle after the first build
        for k in range(a.edits):
            marker = f"bench-edit-marker-{os.getpid()}-{k}"
            text = original + f"\n\n{marker}\n".encode()
            t0 = time.monotonic()
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
            time.sleep(0.3)  # the next edit is a separate save, not part of the same burst
    finally:
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
