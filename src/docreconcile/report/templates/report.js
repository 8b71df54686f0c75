// Navigation, filters and decisions. Document text reaches this code only as JSON data
// (decision-data) and is never put into the page as markup.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".difference-item"));
  var current = -1;

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
    document.getElementById("position").textContent = visible().length + " shown";
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

  // Decisions: kept in the browser's local storage per pair, saved as a decisions file.
  var data = JSON.parse(document.getElementById("decision-data").textContent);
  var storageKey = "docreconcile:" + data.pair;
  var decisions = {};
  try { decisions = JSON.parse(window.localStorage.getItem(storageKey) || "{}"); } catch (e) { decisions = {}; }

  function save() {
    try { window.localStorage.setItem(storageKey, JSON.stringify(decisions)); } catch (e) { /* private mode: kept for this page only */ }
    var count = Object.keys(decisions).filter(function (f) { return data.differences[f]; }).length;
    document.getElementById("decision-count").textContent =
      count + " of " + Object.keys(data.differences).length + " decided";
  }

  function mark(box) {
    var decision = decisions[box.getAttribute("data-fingerprint")];
    box.querySelectorAll("button").forEach(function (button) {
      button.classList.toggle("chosen", !!decision && button.getAttribute("data-verdict") === decision.verdict);
    });
    box.querySelector(".decided").textContent = decision ? "decided: " + decision.verdict : "";
    if (decision && decision.verdict === "text") { box.querySelector(".own").value = decision.text; }
  }

  document.querySelectorAll(".decide").forEach(function (box) {
    box.querySelectorAll("button").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.stopPropagation();
        var verdict = button.getAttribute("data-verdict");
        decisions[box.getAttribute("data-fingerprint")] = {
          verdict: verdict,
          text: verdict === "text" ? box.querySelector(".own").value : ""
        };
        save();
        mark(box);
      });
    });
    mark(box);
  });

  document.getElementById("download-decisions").addEventListener("click", function () {
    var entries = Object.keys(decisions).filter(function (f) { return data.differences[f]; }).map(function (f) {
      var entry = Object.assign({}, data.differences[f]);
      entry.verdict = decisions[f].verdict;
      entry.text = decisions[f].text || "";
      return entry;
    });
    var file = { schema: data.schema, pairs: {} };
    file.pairs[data.pair] = { decisions: entries };
    var blob = new Blob([JSON.stringify(file, null, 2) + "\n"], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "decisions.json";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
  save();
})();
