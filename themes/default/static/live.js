/* rapport serve: reload the page after a rebuild; show the diagnostics of a broken edit over
 * the page. Served by the dev server only, never written into the site. */
(function () {
  "use strict";
  var overlay = null;
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  function show(text) {
    hide();
    overlay = document.createElement("div");
    overlay.className = "dev-overlay";
    overlay.setAttribute("role", "alert");
    overlay.id = "rapport-dev-overlay";
    var h = document.createElement("h2");
    h.textContent = "rapport: the last edit broke the build (still showing the last good version)";
    var pre = document.createElement("pre");
    pre.textContent = text;
    overlay.appendChild(h);
    overlay.appendChild(pre);
    document.body.appendChild(overlay);
  }
  var es = new EventSource("/__rapport/events");
  es.addEventListener("reload", function () { hide(); window.location.reload(); });
  es.addEventListener("problem", function (e) {
    try { show(JSON.parse(e.data).text); } catch (err) { show(String(e.data)); }
  });
})();
