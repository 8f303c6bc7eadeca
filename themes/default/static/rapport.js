/* rapport: the page glue. Exercises (graded by the WASM grader), kept progress, search,
 * dark mode. Learners' text is only ever set as textContent or text nodes, never as HTML. */
(function () {
  "use strict";

  var body = document.body;
  var COURSE = body.getAttribute("data-course") || "course";
  var ROOT = body.getAttribute("data-root") || "";
  var PREFIX = "rapport:" + COURSE + ":";

  /* ---------- storage: keyed by course and exercise id; failures become a notice ---------- */

  var storageWarned = false;
  function notice(text) {
    var n = document.getElementById("notice");
    if (!n) return;
    n.textContent = text;
    n.hidden = false;
  }
  function storageFailed(e) {
    if (storageWarned) return;
    storageWarned = true;
    notice("Your browser is not letting this page save (" + (e && e.name ? e.name : "storage unavailable") +
      "). Exercises still work, but drafts and progress will not be kept after you leave.");
  }
  var store = {
    get: function (key) {
      try {
        var raw = window.localStorage.getItem(PREFIX + key);
        return raw ? JSON.parse(raw) : null;
      } catch (e) { storageFailed(e); return null; }
    },
    set: function (key, value) {
      try { window.localStorage.setItem(PREFIX + key, JSON.stringify(value)); return true; }
      catch (e) { storageFailed(e); return false; }
    },
    keys: function () {
      var out = [];
      try {
        for (var i = 0; i < window.localStorage.length; i++) {
          var k = window.localStorage.key(i);
          if (k && k.indexOf(PREFIX) === 0) out.push(k.slice(PREFIX.length));
        }
      } catch (e) { storageFailed(e); }
      return out;
    },
    remove: function (key) {
      try { window.localStorage.removeItem(PREFIX + key); } catch (e) { storageFailed(e); }
    }
  };
  function exState(id) {
    return store.get("ex:" + id) || { draft: "", best: null, passed: false, attempts: 0 };
  }
  function saveExState(id, st) { st.updated = new Date().toISOString(); store.set("ex:" + id, st); }

  /* ---------- small DOM helpers (text only) ---------- */

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function debounce(fn, ms) {
    var t = null;
    return function () {
      var args = arguments, self = this;
      clearTimeout(t);
      t = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  }

  /* ---------- dark mode and the chapter drawer ---------- */

  var themeBtn = document.querySelector(".theme-toggle");
  function currentTheme() {
    var t = document.documentElement.getAttribute("data-theme");
    if (t) return t;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function syncThemeButton() { if (themeBtn) themeBtn.setAttribute("aria-pressed", currentTheme() === "dark" ? "true" : "false"); }
  if (themeBtn) {
    syncThemeButton();
    themeBtn.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      document.documentElement.setAttribute("data-theme", next);
      try { localStorage.setItem("rapport:theme", next); } catch (e) { /* the choice just won't persist */ }
      syncThemeButton();
    });
  }
  var menuBtn = document.querySelector(".menu-toggle");
  var sidebar = document.getElementById("sidebar");
  if (menuBtn && sidebar) {
    menuBtn.addEventListener("click", function () {
      var open = sidebar.classList.toggle("open");
      menuBtn.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  /* ---------- sidebar: chapters whose exercises are all passed ---------- */

  function markChapters() {
    var items = document.querySelectorAll(".chapters li[data-exercises]");
    for (var i = 0; i < items.length; i++) {
      var ids = items[i].getAttribute("data-exercises").split(" ").filter(Boolean);
      var done = ids.length > 0 && ids.every(function (id) { return exState(id).passed; });
      var mark = items[i].querySelector(".done-mark");
      if (mark) mark.hidden = !done;
      items[i].classList.toggle("done", done);
    }
  }

  /* ---------- the grader ---------- */

  /* Calls fn once the grader has settled (assets/grader.js loads it in the background). */
  function whenGrader(fn) {
    if (window.rapportGrader === "loading") document.addEventListener("rapport:grader", fn, { once: true });
    else fn();
  }

  function gradeReply(exerciseJson, text) {
    if (window.rapportGrader === "loading") return { loading: true };
    if (!window.wasm_bindgen || typeof window.wasm_bindgen.grade !== "function") {
      return { error: "The grader did not load (" + (window.rapportGraderError || "assets/grader.js is missing") +
        "). Reload the page; if it persists, rebuild the site." };
    }
    try { return JSON.parse(window.wasm_bindgen.grade(exerciseJson, text)); }
    catch (e) { return { error: "The grader failed: " + e }; }
  }

  /* Splits the learner's text into plain and marked pieces. Spans are UTF-16 offsets from the
   * grader; overlapping ones are resolved by keeping problems over praise. */
  function annotate(text, verdict) {
    var spans = [];
    verdict.marks.forEach(function (m) {
      spans.push({ s: m.span.u16_start, e: m.span.u16_end, cls: "bad", title: m.advice });
    });
    verdict.criteria.forEach(function (c) {
      if (!c.found || c.delta < 0) return;
      c.spans.forEach(function (sp) { spans.push({ s: sp.u16_start, e: sp.u16_end, cls: "good", title: c.label }); });
    });
    spans.sort(function (a, b) { return a.s - b.s || (a.cls === "bad" ? -1 : 1); });
    var kept = [], end = 0;
    spans.forEach(function (sp) {
      if (sp.e <= sp.s) return;
      if (sp.s < end) {
        if (sp.cls === "bad" && kept.length && kept[kept.length - 1].cls === "good") {
          kept.pop(); end = kept.length ? kept[kept.length - 1].e : 0;
          if (sp.s < end) return;
        } else return;
      }
      kept.push(sp); end = sp.e;
    });
    var box = el("div", "annotated");
    var pos = 0;
    kept.forEach(function (sp) {
      if (sp.s > pos) box.appendChild(document.createTextNode(text.slice(pos, sp.s)));
      var m = el("mark", sp.cls, text.slice(sp.s, sp.e));
      m.title = sp.title;
      box.appendChild(m);
      pos = sp.e;
    });
    if (pos < text.length) box.appendChild(document.createTextNode(text.slice(pos)));
    return box;
  }

  function showVerdict(panel, text, verdict) {
    panel.replaceChildren();
    panel.hidden = false;
    var head = el("p", "verdict " + (verdict.passed ? "pass" : "fail"));
    head.appendChild(el("span", "badge", verdict.passed ? "Passed" : "Not yet"));
    head.appendChild(el("span", "score", verdict.score + " of " + verdict.max + " points"));
    head.appendChild(el("span", "mark-line", "pass mark " + verdict.pass_mark));
    panel.appendChild(head);

    panel.appendChild(el("h4", null, "How the score was reached"));
    var list = el("ul", "criteria");
    verdict.criteria.forEach(function (c) {
      var li = el("li", c.met ? "met" : "missed");
      li.appendChild(el("span", "icon", c.met ? "✓" : "✗"));
      li.lastChild.setAttribute("aria-label", c.met ? "met" : "missed");
      li.appendChild(el("span", "label", c.label));
      var d = el("span", "delta " + (c.delta > 0 ? "plus" : c.delta < 0 ? "minus" : "zero"),
        c.delta > 0 ? "+" + c.delta : c.delta < 0 ? "−" + (-c.delta) : "0");
      li.appendChild(d);
      li.appendChild(el("span", "why", c.feedback));
      if (c.spans.length && c.found) {
        var q = el("span", "quote");
        q.appendChild(document.createTextNode(c.delta < 0 ? "Found: " : "In your words: "));
        c.spans.slice(0, 3).forEach(function (sp, i) {
          if (i) q.appendChild(document.createTextNode(", "));
          q.appendChild(el("q", null, text.slice(sp.u16_start, sp.u16_end)));
        });
        li.appendChild(q);
      }
      list.appendChild(li);
    });
    panel.appendChild(list);

    if (verdict.marks.length) {
      panel.appendChild(el("h4", null, "Say it differently"));
      var adv = el("ul", "advice");
      verdict.marks.forEach(function (m) {
        var li = el("li");
        li.appendChild(el("q", null, text.slice(m.span.u16_start, m.span.u16_end)));
        li.appendChild(document.createTextNode(" — " + m.advice));
        adv.appendChild(li);
      });
      panel.appendChild(adv);
    }
    if (text.trim()) {
      panel.appendChild(el("h4", null, "Your reply, marked"));
      panel.appendChild(annotate(text, verdict));
    }
    if (verdict.truncated_at) {
      panel.appendChild(el("p", "ex-status", "Only the first " + verdict.truncated_at + " bytes of this very long reply were read."));
    }
  }

  function setupReply(card, data, json) {
    var id = data.id;
    var area = card.querySelector("textarea.reply");
    var button = card.querySelector("button.check");
    var panel = card.querySelector(".feedback");
    var status = card.querySelector(".ex-status");
    var model = card.querySelector(".model-answer");
    var st = exState(id);
    if (st.draft) area.value = st.draft;
    if (st.attempts > 0 && model) model.hidden = false;
    if (st.passed) card.classList.add("passed");
    var saveDraft = debounce(function () {
      var s = exState(id);
      s.draft = area.value;
      saveExState(id, s);
      if (status) status.textContent = "Draft saved";
    }, 300);

    function run(attempt) {
      var text = area.value;
      if (!text.trim()) {
        if (attempt) { panel.hidden = false; panel.replaceChildren(el("p", null, "Write a reply first, then check it.")); }
        return;
      }
      var res = gradeReply(json, text);
      if (res.loading) {
        panel.hidden = false;
        panel.replaceChildren(el("p", null, "Loading the grader…"));
        whenGrader(function () { run(attempt); });
        return;
      }
      if (res.error) { panel.hidden = false; panel.replaceChildren(el("p", "verdict fail", res.error)); return; }
      var v = res.ok;
      showVerdict(panel, text, v);
      var s = exState(id);
      s.draft = text;
      if (s.best === null || v.score > s.best) s.best = v.score;
      s.max = v.max;
      if (attempt) s.attempts = (s.attempts || 0) + 1;
      if (v.passed) s.passed = true;
      saveExState(id, s);
      if (s.passed) card.classList.add("passed");
      if (attempt && model) model.hidden = false;
      markChapters();
    }
    var live = debounce(function () { run(false); }, 450);
    area.addEventListener("input", function () { saveDraft(); live(); });
    button.addEventListener("click", function () { run(true); });
    if (st.draft && st.attempts > 0) whenGrader(function () { run(false); });
  }

  function setupChoice(card, data) {
    var id = data.id;
    var button = card.querySelector("button.check");
    var panel = card.querySelector(".feedback");
    var st = exState(id);
    if (typeof st.choice === "number") {
      var r = card.querySelector('input[value="' + st.choice + '"]');
      if (r) r.checked = true;
    }
    if (st.passed) card.classList.add("passed");
    function check(attempt) {
      var picked = card.querySelector("input[type=radio]:checked");
      if (!picked) { if (attempt) { panel.hidden = false; panel.replaceChildren(el("p", null, "Pick an answer first.")); } return; }
      var i = Number(picked.value);
      var opt = data.option[i];
      var items = card.querySelectorAll(".options li");
      for (var k = 0; k < items.length; k++) {
        items[k].classList.remove("right", "wrong");
        var old = items[k].querySelector(".option-why");
        if (old) old.remove();
      }
      items[i].classList.add(opt.correct ? "right" : "wrong");
      items[i].appendChild(el("span", "option-why", opt.why));
      panel.hidden = false;
      panel.replaceChildren();
      var head = el("p", "verdict " + (opt.correct ? "pass" : "fail"));
      head.appendChild(el("span", "badge", opt.correct ? "Right" : "Not quite"));
      panel.appendChild(head);
      panel.appendChild(el("p", null, opt.why));
      var s = exState(id);
      s.choice = i;
      s.max = 1;
      if (attempt) s.attempts = (s.attempts || 0) + 1;
      if (opt.correct) { s.passed = true; s.best = 1; card.classList.add("passed"); }
      else if (s.best === null) s.best = 0;
      saveExState(id, s);
      markChapters();
    }
    button.addEventListener("click", function () { check(true); });
    if (typeof st.choice === "number") check(false);
  }

  var cards = document.querySelectorAll(".exercise[data-exercise]");
  for (var c = 0; c < cards.length; c++) {
    var script = cards[c].querySelector("script.exercise-data");
    if (!script) continue;
    var json = script.textContent;
    var data;
    try { data = JSON.parse(json); } catch (e) { continue; }
    if (data.kind === "reply") setupReply(cards[c], data, json);
    else if (data.kind === "choice") setupChoice(cards[c], data);
  }
  markChapters();

  /* ---------- progress page: best scores, export, import, reset ---------- */

  var rows = document.querySelectorAll(".progress-table tr[data-exercise]");
  function fillProgress() {
    var passed = 0;
    for (var r = 0; r < rows.length; r++) {
      var id = rows[r].getAttribute("data-exercise");
      var s = exState(id);
      var best = rows[r].querySelector(".best"), state = rows[r].querySelector(".state");
      best.textContent = s.best === null || s.best === undefined ? "–" : s.best + " / " + rows[r].getAttribute("data-max");
      state.textContent = s.passed ? "Passed" : s.attempts > 0 || s.draft ? "In progress" : "Not started";
      state.classList.toggle("passed", !!s.passed);
      if (s.passed) passed++;
    }
    var sum = document.getElementById("progress-summary");
    if (sum) sum.textContent = passed + " of " + rows.length + " exercises passed.";
  }
  if (rows.length) fillProgress();
  var progressStatus = document.getElementById("progress-status");
  var exportBtn = document.getElementById("export-progress");
  if (exportBtn) {
    exportBtn.addEventListener("click", function () {
      var data = { format: "rapport-progress", version: 1, course: COURSE, exported: new Date().toISOString(), entries: {} };
      store.keys().forEach(function (k) { data.entries[k] = store.get(k); });
      var blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
      var a = el("a");
      a.href = URL.createObjectURL(blob);
      a.download = "rapport-progress-" + COURSE + ".json";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      if (progressStatus) progressStatus.textContent = "Exported " + Object.keys(data.entries).length + " entries.";
    });
  }
  var importInput = document.getElementById("import-progress");
  if (importInput) {
    importInput.addEventListener("change", function () {
      var file = importInput.files && importInput.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        var data;
        try { data = JSON.parse(String(reader.result)); } catch (e) { data = null; }
        if (!data || data.format !== "rapport-progress" || typeof data.entries !== "object") {
          progressStatus.textContent = "That file is not a rapport progress export.";
          return;
        }
        if (data.course !== COURSE) {
          progressStatus.textContent = "That file belongs to another course (" + data.course + "); nothing was imported.";
          return;
        }
        var n = 0;
        Object.keys(data.entries).forEach(function (k) {
          if (k.indexOf("ex:") !== 0) return;
          var mine = store.get(k), theirs = data.entries[k];
          if (!theirs || typeof theirs !== "object") return;
          if (mine) {
            theirs.passed = !!(mine.passed || theirs.passed);
            if (mine.best !== null && (theirs.best === null || mine.best > theirs.best)) theirs.best = mine.best;
          }
          if (store.set(k, theirs)) n++;
        });
        progressStatus.textContent = "Imported " + n + " exercises.";
        fillProgress();
        markChapters();
      };
      reader.readAsText(file);
      importInput.value = "";
    });
  }
  var resetBtn = document.getElementById("reset-progress");
  if (resetBtn) {
    resetBtn.addEventListener("click", function () {
      if (!window.confirm("Delete all drafts and results of this course from this browser? This cannot be undone (export first to keep a copy).")) return;
      store.keys().forEach(function (k) { store.remove(k); });
      fillProgress();
      markChapters();
      progressStatus.textContent = "Progress reset.";
    });
  }

  /* ---------- search: the index loads on first use, as a script (works from file://) ---------- */

  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var loading = null;
  function loadScript(src, done) {
    var s = document.createElement("script");
    s.src = src;
    s.onload = done;
    s.onerror = function () { done(new Error("could not load " + src)); };
    document.head.appendChild(s);
  }
  function ensureSearch(then) {
    if (window.RAPPORT_SEARCH && window.rapportSearch) return then();
    if (loading) { loading.push(then); return; }
    loading = [then];
    loadScript(ROOT + "assets/search-index.js", function () {
      loadScript(ROOT + "assets/search.js", function () {
        var q = loading; loading = null;
        q.forEach(function (f) { f(); });
      });
    });
  }
  if (input && results) {
    var active = -1;
    var setActive = function (i) {
      var items = results.querySelectorAll("li[role=option]");
      if (!items.length) { active = -1; return; }
      active = (i + items.length) % items.length;
      for (var k = 0; k < items.length; k++) items[k].setAttribute("aria-selected", k === active ? "true" : "false");
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    };
    var close = function () { results.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; };
    var show = function () {
      var q = input.value.trim();
      if (!q) { close(); return; }
      ensureSearch(function () {
        var hits = window.rapportSearch(window.RAPPORT_SEARCH, q, 12);
        results.replaceChildren();
        if (!hits.length) {
          results.appendChild(el("li", "empty", "No matches for “" + q + "”."));
        }
        hits.forEach(function (h, i) {
          var li = el("li");
          li.setAttribute("role", "option");
          li.id = "search-hit-" + i;
          var a = el("a");
          a.href = ROOT + h.url;
          a.tabIndex = -1;
          a.appendChild(el("span", "where", h.page + (h.heading && h.heading !== h.page ? " › " + h.heading : "")));
          var snip = el("span", "snippet");
          h.snippet.forEach(function (part) {
            snip.appendChild(part.hit ? el("mark", null, part.text) : document.createTextNode(part.text));
          });
          a.appendChild(snip);
          li.appendChild(a);
          results.appendChild(li);
        });
        results.hidden = false;
        input.setAttribute("aria-expanded", "true");
        active = -1;
        if (hits.length) setActive(0);
      });
    };
    input.addEventListener("focus", function () { ensureSearch(function () {}); });
    input.addEventListener("input", debounce(show, 120));
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); setActive(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
      else if (e.key === "Enter") {
        var items = results.querySelectorAll("li[role=option] a");
        if (items.length) { e.preventDefault(); window.location.href = items[Math.max(active, 0)].href; close(); }
      } else if (e.key === "Escape") { close(); input.blur(); }
    });
    document.addEventListener("click", function (e) { if (!e.target.closest || !e.target.closest(".search")) close(); });
    document.addEventListener("keydown", function (e) {
      var t = e.target, tag = t && t.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
      if ((e.key === "/" || e.key === "s") && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); input.focus(); }
    });
  }
})();
