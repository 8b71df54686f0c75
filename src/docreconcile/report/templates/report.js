// Navigation, filters and decisions. Document text reaches this code only as JSON data
// (decision-data) and is never put into the page as markup.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".difference-item"));
  var current = -1;
  // What the page says, in the report's language (words: JSON the report wrote)
  var words = JSON.parse(document.getElementById("words").textContent);

  function say(name, values) {
    return words[name].replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? String(values[key]) : whole;
    });
  }

  function visible() {
    return items.filter(function (item) { return !item.hidden; });
  }

  function targetOf(item) {
    return document.getElementById("d" + item.getAttribute("data-id"));
  }

  function show(index) {
    var shown = visible();
    if (shown.length === 0) { return; }
    current = (index + shown.length) % shown.length;
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    var item = shown[current];
    item.classList.add("current");
    item.scrollIntoView({ block: "nearest" });
    var target = targetOf(item);
    if (target) {
      target.classList.add("current");
      target.scrollIntoView({ block: "center" });
    }
    document.getElementById("position").textContent = (current + 1) + " / " + shown.length;
  }

  function applyFilters() {
    var severities = {};
    document.querySelectorAll(".severity-filter").forEach(function (box) {
      severities[box.value] = box.checked;
    });
    var category = document.getElementById("category-filter").value;
    items.forEach(function (item) {
      var keep = severities[item.getAttribute("data-severity")] &&
        (!category || item.getAttribute("data-category") === category);
      item.hidden = !keep;
      var target = targetOf(item);
      if (target) { target.classList.toggle("filtered-out", !keep); }
    });
    current = -1;
    document.getElementById("position").textContent = say("shown", { count: visible().length });
  }

  document.getElementById("next-difference").addEventListener("click", function () { show(current + 1); });
  document.getElementById("previous-difference").addEventListener("click", function () { show(current - 1); });
  document.querySelectorAll(".severity-filter").forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });
  document.getElementById("category-filter").addEventListener("change", applyFilters);
  items.forEach(function (item) {
    item.querySelector("a").addEventListener("click", function (event) {
      event.preventDefault();
      show(visible().indexOf(item));
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.target.tagName === "INPUT" || event.target.tagName === "SELECT") { return; }
    if (event.key === "n" || event.key === "j") { show(current + 1); }
    if (event.key === "p" || event.key === "k") { show(current - 1); }
  });
  applyFilters();

  // The toolbar stays at the top (on a phone too): what sticks below it starts where it ends.
  var header = document.querySelector("header.top");
  function placeBelowToolbar() {
    document.documentElement.style.setProperty("--toolbar", header.offsetHeight + "px");
  }
  window.addEventListener("resize", placeBelowToolbar);
  placeBelowToolbar();

  // Decisions: those of the decisions file the page was made with (decision-data), and
  // those made here, kept in the browser's local storage per pair; the later of two wins.
  var data = JSON.parse(document.getElementById("decision-data").textContent);
  var storageKey = "docreconcile:" + data.pair;
  var stored = {};
  try { stored = JSON.parse(window.localStorage.getItem(storageKey) || "{}"); } catch (e) { stored = {}; }
  var decisions = Object.assign({}, data.decided);
  Object.keys(stored).forEach(function (f) {
    var mine = stored[f], theirs = decisions[f];
    if (!theirs || (mine.decided_at || "") >= (theirs.decided_at || "")) { decisions[f] = mine; }
  });
  var reviewer = document.getElementById("reviewer");
  try { reviewer.value = window.localStorage.getItem("docreconcile:reviewer") || data.reviewer; } catch (e) { reviewer.value = data.reviewer; }
  reviewer.addEventListener("change", function () {
    try { window.localStorage.setItem("docreconcile:reviewer", reviewer.value); } catch (e) { /* kept for this page */ }
  });
  var undecidable = document.querySelectorAll('.difference-item:not([data-severity="layout"]) .no-decision').length;

  function save() {
    try { window.localStorage.setItem(storageKey, JSON.stringify(decisions)); } catch (e) { /* private mode: kept for this page only */ }
    var count = Object.keys(decisions).filter(function (f) { return data.differences[f]; }).length;
    document.getElementById("decision-count").textContent =
      say("decided", { count: count, total: Object.keys(data.differences).length }) +
      (undecidable ? say("undecidable", { count: undecidable }) : "");
  }

  function mark(fingerprint) {
    var decision = decisions[fingerprint];
    document.querySelectorAll('.decide[data-fingerprint="' + fingerprint + '"]').forEach(function (box) {
      box.querySelectorAll("button").forEach(function (button) {
        button.classList.toggle("chosen", !!decision && button.getAttribute("data-verdict") === decision.verdict);
      });
      box.querySelector(".decided").textContent = decision ?
        say("decision", { verdict: decision.verdict }) + (decision.reviewer ? " (" + decision.reviewer + ")" : "") : "";
      var own = box.querySelector(".own");
      if (own && decision && decision.verdict === "text") { own.value = decision.text; }
      var comment = box.querySelector(".comment");
      if (comment && decision && decision.comment) { comment.value = decision.comment; }
    });
  }

  document.querySelectorAll(".decide").forEach(function (box) {
    var fingerprint = box.getAttribute("data-fingerprint");
    box.querySelectorAll("button").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.stopPropagation();
        event.preventDefault();
        var verdict = button.getAttribute("data-verdict");
        var listed = document.querySelector('.difference-item .decide[data-fingerprint="' + fingerprint + '"]');
        var own = listed ? listed.querySelector(".own") : null;
        var comment = listed ? listed.querySelector(".comment") : null;
        decisions[fingerprint] = {
          verdict: verdict,
          text: verdict === "text" && own ? own.value : "",
          reviewer: reviewer.value,
          decided_at: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
          comment: comment ? comment.value : ""
        };
        save();
        mark(fingerprint);
      });
    });
    mark(fingerprint);
  });

  document.getElementById("download-decisions").addEventListener("click", function () {
    var entries = Object.keys(decisions).filter(function (f) { return data.differences[f]; }).map(function (f) {
      var entry = Object.assign({}, data.differences[f]);
      var decision = decisions[f];
      entry.verdict = decision.verdict;
      entry.text = decision.text || "";
      ["reviewer", "decided_at", "comment"].forEach(function (name) {
        if (decision[name]) { entry[name] = decision[name]; }
      });
      return entry;
    });
    var file = { schema: data.schema, pairs: {} };
    file.pairs[data.pair] = { decisions: entries };
    var blob = new Blob([JSON.stringify(file, null, 2) + "\n"], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    // the tools read it beside A under this name (a browser takes a leading dot off)
    link.download = "docreconcile-baseline.json";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
  save();

  // A page crop opens its whole page, the marks kept: the same picture, all of it.
  var pageView = document.getElementById("page-view");
  var pageFull = document.getElementById("page-full");
  document.querySelectorAll(".page-open").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.stopPropagation();
      var whole = button.querySelector("svg").cloneNode(true);
      whole.setAttribute("viewBox", button.getAttribute("data-page"));
      pageFull.replaceChildren(whole);
      if (pageView.showModal) { pageView.showModal(); } else { pageView.setAttribute("open", ""); }
      var marked = whole.querySelector("rect.mark");
      if (marked) { marked.scrollIntoView({ block: "center" }); }
    });
  });
  document.getElementById("page-close").addEventListener("click", function () { pageView.close(); });
  pageView.addEventListener("click", function (event) {
    if (event.target === pageView) { pageView.close(); }
  });
})();
