/* The chapter list of the sidebar, written once for the whole site by `rapport build` and loaded
 * by every page from inside its <nav>: pages do not each carry a copy of it, so a page costs the
 * same to build and to download whatever the length of the course. Built with DOM nodes only. */
(function (chapters) {
  var script = document.currentScript;
  var nav = script && script.parentNode;
  if (!nav) return;
  var root = document.body.getAttribute("data-root") || "";
  var current = nav.getAttribute("data-current");
  var list = document.createElement("ol");
  list.className = "chapters";
  for (var i = 0; i < chapters.length; i++) {
    var c = chapters[i];
    var li = document.createElement("li");
    li.setAttribute("data-exercises", c.exercises);
    var a = document.createElement("a");
    a.href = root + c.url;
    a.textContent = c.title;
    if (c.url === current) {
      li.className = "current";
      a.setAttribute("aria-current", "page");
    }
    var mark = document.createElement("span");
    mark.className = "done-mark";
    mark.hidden = true;
    var tick = document.createElement("span");
    tick.setAttribute("aria-hidden", "true");
    tick.textContent = "\u2713";
    var said = document.createElement("span");
    said.className = "visually-hidden";
    said.textContent = "(all exercises passed)";
    mark.appendChild(tick);
    mark.appendChild(said);
    li.appendChild(a);
    li.appendChild(mark);
    list.appendChild(li);
  }
  nav.replaceChild(list, script);
})({{ chapters | json_encode() | safe }});
