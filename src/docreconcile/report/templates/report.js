// Navigation and filters. Reads only data attributes; no document text reaches this code.
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
})();
