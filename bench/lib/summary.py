#!/usr/bin/env python3
"""The table bench/run prints: one row per (N, tool) from the files a run left in OUT/nN/.

Usage: summary.py OUT N [N...]

Per N it reads hyperfine.json (one hyperfine run timing every tool), <tool>.rss
(KiB, /usr/bin/time -f %M), <tool>.du (KiB, du -sk), <tool>.weight
(measure_site.py output), search.txt (raw and gzipped bytes of rapport's
assets/search-index.js), and serve.txt (serve_latency.py output) when present.
Stdlib only.
"""
import json
import os
import re
import statistics
import sys

TOOLS = ["rapport", "hugo", "mdbook"]


def read(path, default=None):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except FileNotFoundError:
        return default


def weight(text):
    """(raw bytes, gzip bytes) of the page and everything it loads, from measure_site.py."""
    if not text:
        return None
    m = re.search(r"\| \*\*total\*\* \| \d+ \| (\d+) B [^|]*\| (\d+) B", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def file_row(text, name):
    m = re.search(r"\| \w+ \| " + re.escape(name) + r" \| (\d+) \| (\d+) \|", text or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def mb(kib):
    return f"{int(kib) / 1024:,.1f}"


def kb(b):
    return f"{b / 1024:,.1f}"


def main(argv):
    out, ns = argv[0], [int(n) for n in argv[1:]]
    rows, notes = [], []
    for n in ns:
        w = os.path.join(out, f"n{n}")
        res = {r["command"]: r for r in json.load(open(os.path.join(w, "hyperfine.json")))["results"]}
        med = {t: statistics.median(res[t]["times"]) for t in TOOLS if t in res}
        for t in TOOLS:
            if t not in med:
                continue
            wt = weight(read(os.path.join(w, f"{t}.weight")))
            wasm = read(os.path.join(w, "wasm.txt"))
            if t == "rapport" and wt and wasm:
                # The grader's WASM, fetched by grader.js (not a static reference of the page).
                wt = tuple(a + int(b) for a, b in zip(wt, wasm.split()))
            ratio = "1" if t == "rapport" else f"{med[t] / med['rapport']:.1f}× slower"
            rows.append(
                f"| {n} | {t} | {med[t]:.3f} | {min(res[t]['times']):.3f}–{max(res[t]['times']):.3f} "
                f"| {n / med[t]:,.0f} | {ratio} "
                f"| {mb(read(os.path.join(w, f'{t}.rss'), '0'))} "
                f"| {mb(read(os.path.join(w, f'{t}.du'), '0'))} "
                f"| {kb(wt[0]) if wt else '?'} / {kb(wt[1]) if wt else '?'} |"
            )
        line = [f"- N = {n}:"]
        if "hugo" in med:
            line.append(f"rapport/Hugo = {med['rapport'] / med['hugo']:.3f} "
                        f"({med['hugo'] / med['rapport']:.1f}× faster);")
        if "mdbook" in med:
            line.append(f"rapport/mdBook = {med['rapport'] / med['mdbook']:.3f} "
                        f"({med['mdbook'] / med['rapport']:.1f}× faster);")
        idx = read(os.path.join(w, "search.txt"))
        if idx:
            raw, z = (int(x) for x in idx.split())
            line.append(f"search index {kb(raw)} KB raw, {kb(z)} KB gzipped;")
        rw = read(os.path.join(w, "rapport.weight"))
        g = file_row(rw, "assets/grader.js")
        h = file_row(rw, read(os.path.join(w, "page.txt"), "?"))
        if g and h:
            line.append(f"chapter page {kb(h[0])} KB raw / {kb(h[1])} KB gz of HTML, "
                        f"grader.js {kb(g[0])} KB raw / {kb(g[1])} KB gz;")
        wasm = read(os.path.join(w, "wasm.txt"))
        if wasm:
            raw, z = (int(x) for x in wasm.split())
            line.append(f"grader.wasm (fetched by grader.js, counted in the page weight) "
                        f"{kb(raw)} KB raw / {kb(z)} KB gz")
        notes.append(" ".join(line))
        serve = read(os.path.join(w, "serve.txt"))
        if serve:
            notes.append(f"- N = {n}: `rapport serve` rebuild after a one-chapter edit: {serve}")
    print("| N | tool | median (s) | min–max (s) | pages/s | vs rapport | peak RSS (MB) "
          "| output (MB, du) | chapter page + all it loads, raw / gzip (KB) |")
    print("| ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |")
    print("\n".join(rows))
    print()
    print("\n".join(notes))


if __name__ == "__main__":
    main(sys.argv[1:])
