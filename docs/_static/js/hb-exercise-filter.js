/* Filter the exercise library by condition, type and position.
 *
 * The page already lists every exercise (in groups made by the
 * handbook_exercise_index extension); this script only hides entries, so with
 * JavaScript off the full library still shows. Each entry carries classes such
 * as hb-area-neck, hb-type-stretch and hb-position-sitting; each group carries
 * hb-group-<kind>-<key> and its heading gives the name shown in the menus.
 */
(function () {
  "use strict";

  var KINDS = [
    { kind: "area", label: "Condition" },
    { kind: "type", label: "Type" },
    { kind: "position", label: "Position" },
  ];

  function groupsOf(kind) {
    var found = [];
    var seen = {};
    document.querySelectorAll(".hb-group-by-" + kind + " > .hb-exercise-group").forEach(function (group) {
      group.classList.forEach(function (cls) {
        var prefix = "hb-group-" + kind + "-";
        if (cls.indexOf(prefix) === 0 && !seen[cls]) {
          seen[cls] = true;
          var heading = group.querySelector(".rubric");
          found.push({ key: cls.slice(prefix.length), name: heading ? heading.textContent.trim() : cls });
        }
      });
    });
    return found;
  }

  function build() {
    var indexes = document.querySelectorAll(".hb-exercise-index");
    if (!indexes.length) return;
    var form = document.createElement("form");
    form.className = "hb-exercise-filter";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the exercises");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var selects = [];
    KINDS.forEach(function (spec) {
      var options = groupsOf(spec.kind);
      if (!options.length) return;
      var id = "hb-filter-" + spec.kind;
      var label = document.createElement("label");
      label.setAttribute("for", id);
      label.textContent = spec.label;
      var select = document.createElement("select");
      select.id = id;
      select.dataset.kind = spec.kind;
      select.add(new Option("All", ""));
      options.forEach(function (o) { select.add(new Option(o.name, o.key)); });
      select.addEventListener("change", apply);
      var field = document.createElement("div");
      field.className = "hb-exercise-filter-field";
      field.append(label, select);
      form.append(field);
      selects.push(select);
    });
    var reset = document.createElement("button");
    reset.type = "button";
    reset.textContent = "Show all";
    reset.addEventListener("click", function () {
      selects.forEach(function (s) { s.value = ""; });
      apply();
    });
    form.append(reset);
    var status = document.createElement("p");
    status.className = "hb-exercise-filter-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.append(status);
    indexes[0].parentNode.parentNode.insertBefore(form, indexes[0].parentNode);

    function apply() {
      var wanted = selects
        .filter(function (s) { return s.value; })
        .map(function (s) { return "hb-" + s.dataset.kind + "-" + s.value; });
      var shown = {};
      var all = {};
      document.querySelectorAll(".hb-exercise-index .hb-exercise-entry").forEach(function (entry) {
        var match = wanted.every(function (cls) { return entry.classList.contains(cls); });
        entry.hidden = !match;
        var link = entry.querySelector("a");
        var key = link ? link.getAttribute("href") : entry.textContent;
        all[key] = true;
        if (match) shown[key] = true;
      });
      document.querySelectorAll(".hb-exercise-index .hb-exercise-group").forEach(function (group) {
        group.hidden = !group.querySelector(".hb-exercise-entry:not([hidden])");
      });
      // a grouping ("By condition") with nothing left to show hides its heading too
      indexes.forEach(function (index) {
        index.parentNode.hidden = !index.querySelector(".hb-exercise-group:not([hidden])");
      });
      var count = Object.keys(shown).length;
      var total = Object.keys(all).length;
      status.textContent = count === total
        ? "Showing all " + total + " exercises."
        : "Showing " + count + " of " + total + " exercises." + (count ? "" : " Choose “All” in a menu to see more.");
    }
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", build);
  } else {
    build();
  }
})();
