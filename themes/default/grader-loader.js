/* Starts the grader. Over HTTP the page fetches assets/grader.wasm, the compact binary; opened from
 * file://, where fetch() is refused, it loads assets/grader-inline.js, the same bytes as base64.
 * The grader is ready when window.wasm_bindgen is set; window.rapportGrader says "loading",
 * "ready" or "failed", and the "rapport:grader" event fires on the document when it settles. */
(function () {
  var me = document.currentScript;
  var base = me && me.src ? me.src.replace(/[^\/]*$/, "") : "assets/";
  function settle(ok, why) {
    if (ok) window.wasm_bindgen = wasm_bindgen;
    else window.rapportGraderError = String(why || "unknown error");
    window.rapportGrader = ok ? "ready" : "failed";
    document.dispatchEvent(new Event("rapport:grader"));
  }
  function fromBase64() {
    var s = document.createElement("script");
    s.src = base + "grader-inline.js";
    s.onload = function () {
      try {
        var b = atob(window.rapportGraderBase64);
        var u = new Uint8Array(b.length);
        for (var i = 0; i < b.length; i++) u[i] = b.charCodeAt(i);
        wasm_bindgen.initSync({ module: u });
        settle(true);
      } catch (e) {
        settle(false, e);
      }
    };
    s.onerror = function () { settle(false, "assets/grader-inline.js did not load"); };
    document.head.appendChild(s);
  }
  window.rapportGrader = "loading";
  if (location.protocol === "file:" || typeof WebAssembly !== "object" || typeof fetch !== "function") {
    fromBase64();
    return;
  }
  wasm_bindgen({ module_or_path: base + "grader.wasm" }).then(function () { settle(true); }, fromBase64);
})();
