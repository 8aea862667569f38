/* tracing report: filter the evidence and sort tables. Inlined at render and allowed by the page's
   Content-Security-Policy through the sha256 of these exact bytes; it loads nothing and reads only the
   data-* attributes the templates write. Everything it changes is a reader's choice for the screen:
   print styles show every item. Keep it ASCII (the hash is taken over its UTF-8 bytes). */
(function () {
  "use strict";
  var doc = document;
  doc.documentElement.setAttribute("data-js", "");

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function has(tokens, value) { return (" " + (tokens || "") + " ").indexOf(" " + value + " ") >= 0; }

  /* -- filter the evidence: form[data-filters] acts on the article.item of its section -- */
  function setupFilter(form) {
    var scope = form.closest("section") || doc.body;
    var items = scope.querySelectorAll("article.item");
    var groups = scope.querySelectorAll(".evidence-group");
    var count = form.querySelector("[data-filter-count]");
    var empty = scope.querySelector("[data-filter-empty]");
    function chosen(name) {
      var sel = form.querySelector('select[data-filter="' + name + '"]');
      return sel ? sel.value : "";
    }
    function apply() {
      var c = chosen("case"), s = chosen("source"), h = chosen("hypothesis"),
        ty = chosen("type"), r = chosen("result"), shown = 0;
      each(items, function (item) {
        var ok = (!c || item.getAttribute("data-case") === c) &&
          (!s || has(item.getAttribute("data-sources"), s));
        if (ok && (h || ty || r)) {
          ok = false;
          each(item.querySelectorAll("li[data-hypothesis]"), function (li) {
            if ((!h || li.getAttribute("data-hypothesis") === h) && (!ty || li.getAttribute("data-type") === ty) &&
                (!r || li.getAttribute("data-result") === r)) { ok = true; }
          });
        }
        if (ok) { item.removeAttribute("data-filtered"); shown += 1; } else { item.setAttribute("data-filtered", ""); }
      });
      each(groups, function (g) {
        if (g.querySelector("article.item:not([data-filtered])") || !g.querySelector("article.item")) {
          g.removeAttribute("data-filtered");
        } else { g.setAttribute("data-filtered", ""); }
      });
      if (count) {
        count.textContent = shown === items.length ? "Showing all " + items.length + " items." :
          "Showing " + shown + " of " + items.length + " items.";
      }
      if (empty) { empty.hidden = shown > 0; }
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
    form.addEventListener("reset", function (ev) {  /* clear the choices now, not after the event */
      ev.preventDefault();
      each(form.querySelectorAll("select[data-filter]"), function (sel) { sel.value = ""; });
      apply();
    });
    form.hidden = false;
    apply();
  }

  /* -- sort tables: table[data-sortable], a button.sort in each sortable column heading -- */
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var NUM = /([<>])?\s*([+-])?\s*(\u221e|\d+(?:\.\d+)?|\.\d+)/;

  function cellKey(cell, numeric) {
    if (!cell) { return null; }
    var text = cell.hasAttribute("data-sort-value") ? cell.getAttribute("data-sort-value") : cell.textContent;
    text = text.replace(/\u2212/g, "-").replace(/\s+/g, " ").trim();
    if (!numeric) { return text === "" ? null : text; }
    var m = NUM.exec(text);
    if (!m) { return null; }
    var v = m[3] === "\u221e" ? Infinity : parseFloat(m[3]);
    if (m[2] === "-") { v = -v; }
    if (m[1] === "<") { v -= 1e-9; } else if (m[1] === ">") { v += 1e-9; }
    return v;
  }

  function setupSort(table) {
    var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    var body = table.tBodies[0];
    if (!head || !body) { return; }
    var original = null;  /* the rows in the report's order, taken at the first click (nothing to do at load) */
    function inOrder() {
      if (!original) {
        original = Array.prototype.slice.call(body.rows);
        original.forEach(function (row, i) { row.setAttribute("data-order", String(i)); });
      }
      return original;
    }
    each(head.cells, function (th, col) {
      var button = th.querySelector("button.sort");
      if (!button) { return; }
      button.addEventListener("click", function () {
        /* ascending, then descending, then back to the order the report chose */
        var now = th.getAttribute("aria-sort");
        var next = now === "ascending" ? "descending" : (now === "descending" ? "none" : "ascending");
        each(head.cells, function (other) { if (other.querySelector("button.sort")) { other.setAttribute("aria-sort", "none"); } });
        th.setAttribute("aria-sort", next);
        sortBody(body, inOrder(), col, next, th.classList.contains("num") || th.getAttribute("data-sort") === "num");
      });
    });
  }

  function sortBody(body, original, col, direction, numeric) {
    var rows = original.slice();
    if (direction !== "none") {
      var keyed = [];
      rows.forEach(function (row) {
        if (row.classList.contains("cluster-head")) { row.hidden = true; return; }
        keyed.push({ row: row, key: cellKey(row.cells[col], numeric), order: +row.getAttribute("data-order") });
      });
      var sign = direction === "ascending" ? 1 : -1;
      keyed.sort(function (a, b) {
        if (a.key === null || b.key === null) {  /* empty cells last, either way */
          return a.key === b.key ? a.order - b.order : (a.key === null ? 1 : -1);
        }
        var d = numeric ? (a.key < b.key ? -1 : (a.key > b.key ? 1 : 0)) : collator.compare(a.key, b.key);
        return d !== 0 ? sign * d : a.order - b.order;
      });
      rows = keyed.map(function (k) { return k.row; });
    } else {
      rows.forEach(function (row) { if (row.classList.contains("cluster-head")) { row.hidden = false; } });
    }
    var frag = doc.createDocumentFragment();
    rows.forEach(function (row) { frag.appendChild(row); });
    body.appendChild(frag);
  }

  each(doc.querySelectorAll("form[data-filters]"), setupFilter);
  each(doc.querySelectorAll("table[data-sortable]"), setupSort);
})();
