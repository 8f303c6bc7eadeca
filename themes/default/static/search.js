/* rapport search: ranks sections of the index against a query and cuts a snippet around the
 * first match. Loaded on first use of the search box, with the index (assets/search-index.js). */
(function () {
  "use strict";
  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[’‘]/g, "'");
  }
  function terms(q) {
    return fold(q).split(/[^\p{L}\p{N}']+/u).filter(function (t) { return t.length > 0; });
  }
  function count(hay, t) {
    var n = 0, i = hay.indexOf(t);
    while (i !== -1 && n < 20) { n++; i = hay.indexOf(t, i + t.length); }
    return n;
  }
  function snippet(text, folded, ts) {
    var first = -1;
    ts.forEach(function (t) { var i = folded.indexOf(t); if (i !== -1 && (first === -1 || i < first)) first = i; });
    var start = Math.max(0, first - 60), end = Math.min(text.length, start + 180);
    if (first === -1) { start = 0; end = Math.min(text.length, 160); }
    var part = text.slice(start, end), fpart = folded.slice(start, end);
    var marks = [];
    ts.forEach(function (t) {
      var i = fpart.indexOf(t);
      while (i !== -1) { marks.push([i, i + t.length]); i = fpart.indexOf(t, i + t.length); }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var out = [], pos = 0;
    if (start > 0) out.push({ text: "…", hit: false });
    marks.forEach(function (m) {
      if (m[0] < pos) return;
      if (m[0] > pos) out.push({ text: part.slice(pos, m[0]), hit: false });
      out.push({ text: part.slice(m[0], m[1]), hit: true });
      pos = m[1];
    });
    if (pos < part.length) out.push({ text: part.slice(pos), hit: false });
    if (end < text.length) out.push({ text: "…", hit: false });
    return out;
  }
  /* Every term must appear somewhere in the section (page title, heading or text); headings
   * weigh most, then page titles, then the number of matches in the text. */
  window.rapportSearch = function (index, query, limit) {
    var ts = terms(query);
    if (!ts.length) return [];
    var scored = [];
    index.docs.forEach(function (d) {
      var page = fold(d[2]), heading = fold(d[3]), text = fold(d[4]);
      var score = 0, all = true;
      ts.forEach(function (t) {
        var h = heading.indexOf(t) !== -1, p = page.indexOf(t) !== -1, n = count(text, t);
        if (!h && !p && !n) all = false;
        score += (h ? 10 : 0) + (p ? 4 : 0) + Math.min(n, 5);
      });
      if (all) scored.push({ d: d, score: score, text: text });
    });
    scored.sort(function (a, b) { return b.score - a.score; });
    return scored.slice(0, limit).map(function (s) {
      var d = s.d;
      return {
        url: d[0] + (d[1] ? "#" + d[1] : ""),
        page: d[2],
        heading: d[3],
        snippet: snippet(d[4], s.text, ts)
      };
    });
  };
})();
