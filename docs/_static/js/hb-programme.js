/* The programme builder ("Make a programme") and the patient's view ("My programme").
 *
 * Both read the handbook's data (_static/hb-programme/data.json, written by the
 * build from the exercise cards, the conditions table and the red-flag boxes)
 * and fill the handout templates on the page, the same templates `make
 * handout` prints. A programme travels in the link's fragment (see
 * tools/exercises/programme.py for the format), so nothing reaches a server.
 * Names typed into the builder are never put in a link, in storage or in a
 * request: they only go onto the printed page.
 */
(function () {
  "use strict";

  var VERSION = 1;
  var BUILD_UP = {
    0: "Keep to these doses until you see your clinician.",
    1: "Add 1 to 2 repeats every few days, if it feels all right.",
    2: "Add 1 repeat each week, if it feels all right.",
    3: "Hold each one a second or two longer each week, if it feels all right."
  };
  // The same choices, short enough to read whole in the closed list on a phone.
  var BUILD_UP_CHOICES = {
    0: "Keep to these doses",
    1: "Add 1 to 2 repeats every few days",
    2: "Add 1 repeat each week",
    3: "Hold 1 or 2 seconds longer each week"
  };
  var LIMITS = { r: ["Repeats", 1, 30], h: ["Seconds to hold", 1, 120], s: ["Sets", 1, 5],
                 d: ["Times a day", 1, 6], w: ["Days a week", 1, 7] };
  var MINUTE_LIMITS = ["Minutes", 1, 60];
  var ITEM = /^([a-z0-9]+(?:-[a-z0-9]+)*)((?:\.[rhsdw]\d{1,3})*)$/;

  var root = document.documentElement.dataset.content_root || "./";

  // -- Doses (as tools/exercises/programme.py) ------------------------------------

  function firstNumber(text) { var m = /\d+/.exec(text || ""); return m ? parseInt(m[0], 10) : null; }
  // the top of a range ("20 to 30 seconds"): kept until a change gives one number
  function rangeTop(text) { var m = /\d+\s+to\s+(\d+)/.exec(text || ""); return m ? parseInt(m[1], 10) : null; }
  function eachSuffix(text) { var m = /each (side|leg|arm)/.exec(text || ""); return m ? m[0] : ""; }

  function cardDose(dose) {
    var d = { reps: null, repsTo: null, repsSuffix: "", hold: null, holdTo: null, holdUnit: "seconds",
              holdSuffix: "", sets: null, times: null, per: "d" };
    if (dose.hold) {
      d.hold = firstNumber(dose.hold);
      d.holdTo = rangeTop(dose.hold);
      d.holdUnit = dose.hold.indexOf("minute") >= 0 ? "minutes" : "seconds";
      d.holdSuffix = eachSuffix(dose.hold);
    }
    if (dose.reps) {
      d.reps = firstNumber(dose.reps);
      d.repsTo = rangeTop(dose.reps);
      d.repsSuffix = /minutes$/.test(dose.reps) ? "minutes" : eachSuffix(dose.reps);
    }
    if (dose.sets) { d.sets = firstNumber(dose.sets); }
    var often = dose["how-often"] || "";
    if (often) {
      var m = /^(once|twice|\d+)/.exec(often);
      var times = m ? ({ once: 1, twice: 2 }[m[1]] || parseInt(m[1], 10)) : 1;
      if (often.indexOf("week") >= 0) { d.times = times; d.per = "w"; }
      else if (often === "every day" || often === "most days") { d.times = often === "every day" ? 7 : 5; d.per = "w"; }
      else { d.times = times; d.per = "d"; }
    }
    return d;
  }

  function oftenText(times, per) {
    if (per === "w") { return times === 7 ? "every day" : times + " day" + (times !== 1 ? "s" : "") + " a week"; }
    return { 1: "once a day", 2: "twice a day" }[times] || times + " times a day";
  }

  function doseText(d) {
    var parts = [];
    if (d.hold !== null) {
      var hold = d.holdTo ? d.hold + " to " + d.holdTo : String(d.hold);
      var unit = d.hold !== 1 || d.holdTo ? d.holdUnit : d.holdUnit.replace(/s$/, "");
      parts.push("hold " + hold + " " + unit + (d.holdSuffix ? " " + d.holdSuffix : ""));
    }
    if (d.reps !== null) {
      var reps = d.repsTo ? d.reps + " to " + d.repsTo : String(d.reps);
      parts.push(d.repsSuffix === "minutes" ? reps + " minutes"
                 : "repeat " + reps + (d.repsSuffix ? " " + d.repsSuffix : ""));
    }
    if (d.sets !== null) { parts.push(d.sets + " set" + (d.sets !== 1 ? "s" : "")); }
    if (d.times !== null) { parts.push(oftenText(d.times, d.per)); }
    return parts.join(", ");
  }

  function checkChange(key, value, minutes) {
    var limit = key === "r" && minutes ? MINUTE_LIMITS : LIMITS[key];
    if (isNaN(value)) { return limit[0] + ": write a number from " + limit[1] + " to " + limit[2]; }
    if (!(value >= limit[1] && value <= limit[2]) || Math.floor(value) !== value) {
      return limit[0] + " must be from " + limit[1] + " to " + limit[2] + ", not " + value;
    }
    return "";
  }

  function applyChanges(card, changes) {
    var d = JSON.parse(JSON.stringify(card));
    var problems = [];
    Object.keys(changes).forEach(function (key) {
      var value = changes[key];
      var problem = checkChange(key, value, card.repsSuffix === "minutes");
      if (problem) { problems.push(problem); return; }
      if (key === "r") { d.reps = value; d.repsTo = null; }
      else if (key === "h") { d.hold = value; d.holdTo = null; }
      else if (key === "s") { d.sets = value; }
      else { d.times = value; d.per = key; }
    });
    return { dose: d, problems: problems };
  }

  // -- The link --------------------------------------------------------------------

  function encode(programme) {
    var items = programme.items.map(function (item) {
      return item.label + Object.keys(item.changes).map(function (k) { return "." + k + item.changes[k]; }).join("");
    });
    var text = "p=" + VERSION + "~" + items.join("~") + "!b" + programme.buildUp;
    if (programme.review) { text += "!v" + programme.review.replace(/-/g, ""); }
    return text;
  }

  function decode(fragment) {
    fragment = (fragment || "").replace(/^#/, "");
    if (fragment.indexOf("p=") !== 0) { throw new Error("There is no programme in this link."); }
    var body = fragment.slice(2);
    var cut = body.indexOf("~");
    var version = cut >= 0 ? body.slice(0, cut) : body;
    if (version !== String(VERSION)) {
      throw new Error("This link was made for another version of the handbook. Ask your clinician for a new one.");
    }
    var parts = body.slice(cut + 1).split("!");
    var programme = { items: [], buildUp: 1, review: "" };
    var problems = [];
    parts[0].split("~").forEach(function (text) {
      if (!text) { return; }
      var m = ITEM.exec(text);
      if (!m) { problems.push("A part of the link could not be read (" + text.slice(0, 30) + ")."); return; }
      var changes = {};
      m[2].split(".").forEach(function (dose) { if (dose) { changes[dose[0]] = parseInt(dose.slice(1), 10); } });
      programme.items.push({ label: m[1], changes: changes });
    });
    parts.slice(1).forEach(function (extra) {
      if (/^b[0-3]$/.test(extra)) { programme.buildUp = parseInt(extra[1], 10); }
      else if (/^v\d{8}$/.test(extra)) {
        var iso = extra.slice(1, 5) + "-" + extra.slice(5, 7) + "-" + extra.slice(7, 9);
        if (isNaN(Date.parse(iso))) { problems.push("The review date could not be read."); }
        else { programme.review = iso; }
      } else { problems.push("A part of the link could not be read (" + extra.slice(0, 30) + ")."); }
    });
    return { programme: programme, problems: problems };
  }

  // -- Templates ---------------------------------------------------------------------

  function fill(id, record) {
    var element = document.getElementById(id).content.firstElementChild.cloneNode(true);
    var all = [element].concat(Array.prototype.slice.call(element.querySelectorAll("*")));
    all.forEach(function (node) {
      var field = node.getAttribute("data-field");
      if (field !== null) {
        var value = record[field];
        node.textContent = Array.isArray(value) ? value.join(" ") : (value || "");
        if (!node.textContent && node.tagName === "P") { node.hidden = true; }
      }
      var list = node.getAttribute("data-list");
      if (list !== null) {
        (record[list] || []).forEach(function (item) {
          var li = document.createElement("li"); li.textContent = item; node.appendChild(li);
        });
      }
      Array.prototype.slice.call(node.attributes).forEach(function (attr) {
        if (attr.name.indexOf("data-attr-") === 0) {
          node.setAttribute(attr.name.slice(10), record[attr.value] || "");
        }
      });
    });
    return element;
  }

  function formatDate(iso) {
    if (!iso) { return ""; }
    var d = new Date(iso + "T12:00:00");
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }

  function redFlags(data, areas) {
    var emergency = [], urgent = [];
    areas.forEach(function (area) {
      var c = data.conditions[area];
      if (!c) { return; }
      c.emergency.forEach(function (s) { if (emergency.indexOf(s) < 0) { emergency.push(s); } });
      c.urgent.forEach(function (s) { if (urgent.indexOf(s) < 0) { urgent.push(s); } });
    });
    return emergency.concat(urgent.filter(function (s) { return emergency.indexOf(s) < 0; }));
  }

  function qrSvg(text) {
    if (typeof qrcode === "undefined") { return null; }
    var qr = qrcode(0, "M");
    qr.addData(text);
    qr.make();
    var holder = document.createElement("div");
    holder.innerHTML = qr.createSvgTag({ cellSize: 4, margin: 4, scalable: true,
                                          alt: "QR code of the programme’s link" });
    var svg = holder.firstElementChild;
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "QR code that opens this programme");
    return svg;
  }

  /* The handout: chosen cards with their doses, the red flags, a diary, the link. */
  function handout(data, chosen, options) {
    var plan = BUILD_UP[options.buildUp] || "";
    if (options.review) { plan += " Review this programme with your clinician on " + formatDate(options.review) + "."; }
    var article = fill("hb-handout", { edition: data.edition, who: options.who || "", plan: plan,
                                        link: options.link || "" });
    var cards = article.querySelector('[data-slot="cards"]');
    var areas = [];
    chosen.forEach(function (entry) {
      var e = entry.exercise;
      e.areas.forEach(function (a) { if (areas.indexOf(a) < 0) { areas.push(a); } });
      var card = fill("hb-handout-card", {
        title: e.title, purpose: e.purpose, supervised: e.supervised, image: root + e.image, alt: e.alt,
        equipment: e.equipment, start: e.start, steps: e.steps, dose: doseText(entry.dose),
        feel: e.feel, easier: e.easier, harder: e.harder, stop: e.stop,
        page: root + e.page, page_text: e.title + " in the exercise library"
      });
      card.querySelector('[data-slot="take-care"]').appendChild(takeCare(e));
      cards.appendChild(card);
    });
    var boxSlot = article.querySelector('[data-slot="boxes"]');
    redFlags(data, areas).forEach(function (snippet) {
      var box = data.boxes[snippet];
      if (!box) { return; }
      boxSlot.appendChild(fill("hb-handout-box", {
        title: box.title, intro: box.intro, items: box.items, outro: box.outro,
        box_class: "hb-handout-box hb-handout-" + box.urgency + " hb-red-flags hb-" + box.urgency +
                   " hb-flags-" + snippet.replace(/^red-flags-/, "")
      }));
    });
    article.querySelector('[data-slot="sheet"]').appendChild(diary(chosen.map(function (e) { return e.exercise.title; })));
    var qrSlot = article.querySelector('[data-slot="qr"]');
    var qr = options.link ? qrSvg(options.link) : null;
    if (qr) { qrSlot.appendChild(qr); }
    return article;
  }

  /* The card's "Take care if you ..." lines, each linking to the section that explains it. */
  function takeCare(exercise) {
    var lines = document.createDocumentFragment();
    (exercise.take_care || []).forEach(function (care) {
      lines.appendChild(fill("hb-handout-take-care", { title: care.title, text: care.text, page: root + care.page }));
    });
    return lines;
  }

  /* The two-week diary, filled as tools/pdf/diary.py fills the same template: a row for
     each exercise, then blank rows up to the table's data-rows. */
  function diary(names) {
    var element = document.getElementById("hb-diary").content.firstElementChild.cloneNode(true);
    var row = element.querySelector("tr.hb-diary-exercise");
    names = names.slice();
    var rows = parseInt(element.querySelector("table").getAttribute("data-rows"), 10);
    while (names.length < rows) { names.push(""); }
    names.forEach(function (name) {
      var filled = row.cloneNode(true);
      filled.querySelector("[data-field]").textContent = name;
      row.parentNode.insertBefore(filled, row);
    });
    row.remove();
    return element;
  }

  function message(parent, lines, kind) {
    var box = document.createElement("div");
    box.className = "hb-programme-message hb-programme-" + kind;
    box.setAttribute("role", kind === "error" ? "alert" : "status");
    lines.forEach(function (line) { var p = document.createElement("p"); p.textContent = line; box.appendChild(p); });
    parent.appendChild(box);
    return box;
  }

  // -- My programme -------------------------------------------------------------------

  function showProgramme(mount, data) {
    mount.textContent = "";
    if (!location.hash) {
      message(mount, ["There is no programme in this link. Ask your clinician for the link or the QR code, " +
                      "or find exercises in the exercise library."], "note");
      return;
    }
    var read;
    try { read = decode(location.hash); }
    catch (error) { message(mount, [error.message], "error"); return; }
    var byLabel = {};
    data.exercises.forEach(function (e) { byLabel[e.label] = e; });
    var problems = read.problems.slice();
    var chosen = [];
    read.programme.items.forEach(function (item) {
      var exercise = byLabel[item.label];
      if (!exercise) {
        problems.push("This edition of the handbook has no exercise called \u201c" + item.label +
                      "\u201d, so it is left out. Ask your clinician about it.");
        return;
      }
      var applied = applyChanges(cardDose(exercise.dose), item.changes);
      if (applied.problems.length) {
        problems.push("The dose for " + exercise.title + " could not be used (" + applied.problems.join("; ") +
                      "), so the card’s own dose is shown.");
        applied = applyChanges(cardDose(exercise.dose), {});
      }
      chosen.push({ exercise: exercise, dose: applied.dose });
    });
    if (problems.length) { message(mount, problems, "error"); }
    if (!chosen.length) {
      message(mount, ["No exercise in this link could be shown. Ask your clinician for a new link."], "error");
      return;
    }
    var article = handout(data, chosen, { buildUp: read.programme.buildUp, review: read.programme.review,
                                          link: location.href });
    article.classList.add("hb-handout-view");
    mount.appendChild(article);
  }

  // -- The builder ----------------------------------------------------------------------

  function element(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text) { el.textContent = text; }
    return el;
  }

  function labelled(labelText, control, hint) {
    var wrap = element("div", { class: "hb-field" });
    var label = element("label", { for: control.id }, labelText);
    wrap.appendChild(label);
    if (hint) { var h = element("p", { class: "hb-field-hint", id: control.id + "-hint" }, hint);
                control.setAttribute("aria-describedby", h.id); wrap.appendChild(h); }
    wrap.appendChild(control);
    return wrap;
  }

  function select(id, options) {
    var s = element("select", { id: id });
    options.forEach(function (o) { s.appendChild(element("option", { value: o[0] }, o[1])); });
    return s;
  }

  function numberInput(id, value) {
    return element("input", { id: id, type: "number", inputmode: "numeric", min: "0", step: "1",
                              value: value === null ? "" : String(value) });
  }

  function startBuilder(mount, data) {
    mount.textContent = "";
    var state = { chosen: [], buildUp: 1, review: "" };
    var byLabel = {};
    data.exercises.forEach(function (e) { byLabel[e.label] = e; });

    // Find
    var find = element("section", { class: "hb-builder-find", "aria-labelledby": "hb-find-title" });
    find.appendChild(element("h2", { id: "hb-find-title" }, "1. Find exercises"));
    var conditions = [["", "All problems"]].concat(Object.keys(data.conditions).map(function (k) {
      return [k, data.conditions[k].name]; }));
    var fArea = select("hb-find-area", conditions);
    var fType = select("hb-find-type", [["", "All types"]].concat(Object.keys(data.types).map(function (k) {
      return [k, data.types[k]]; })));
    var fPosition = select("hb-find-position", [["", "All positions"]].concat(Object.keys(data.positions).map(
      function (k) { return [k, data.positions[k]]; })));
    var fLevel = select("hb-find-level", [["", "All levels"], ["1", "1, gentle"], ["2", "2, moderate"], ["3", "3, harder"]]);
    var fName = element("input", { id: "hb-find-name", type: "search", autocomplete: "off" });
    var filters = element("div", { class: "hb-builder-filters" });
    [labelled("Problem", fArea), labelled("Type", fType), labelled("Position", fPosition),
     labelled("Level", fLevel), labelled("Name contains", fName)].forEach(function (f) { filters.appendChild(f); });
    find.appendChild(filters);
    var found = element("ul", { class: "hb-builder-found", "aria-live": "polite" });
    find.appendChild(found);
    mount.appendChild(find);

    // Chosen
    var chosenSection = element("section", { class: "hb-builder-chosen", "aria-labelledby": "hb-chosen-title" });
    chosenSection.appendChild(element("h2", { id: "hb-chosen-title" }, "2. Your patient’s exercises and doses"));
    var chosenList = element("ol", { class: "hb-builder-list" });
    chosenSection.appendChild(chosenList);
    mount.appendChild(chosenSection);

    // Plan and who
    var planSection = element("section", { class: "hb-builder-plan", "aria-labelledby": "hb-plan-title" });
    planSection.appendChild(element("h2", { id: "hb-plan-title" }, "3. Plan"));
    var buildUp = select("hb-plan-build-up", Object.keys(BUILD_UP_CHOICES).map(function (k) {
      return [k, BUILD_UP_CHOICES[k]];
    }));
    buildUp.value = "1";
    var review = element("input", { id: "hb-plan-review", type: "date" });
    planSection.appendChild(labelled("How to build up", buildUp));
    planSection.appendChild(labelled("Review with the clinician on", review));
    var who = element("fieldset", { class: "hb-builder-who" });
    who.appendChild(element("legend", {}, "On the printed page only (optional)"));
    who.appendChild(element("p", { class: "hb-field-hint" },
      "These stay on this page and on paper. They are never put in the link or the QR code, never saved in " +
      "the browser and never sent anywhere."));
    var patient = element("input", { id: "hb-who-patient", type: "text", autocomplete: "off" });
    var clinician = element("input", { id: "hb-who-clinician", type: "text", autocomplete: "off" });
    var date = element("input", { id: "hb-who-date", type: "date" });
    date.value = new Date().toISOString().slice(0, 10);
    [labelled("Patient’s name", patient), labelled("Clinician", clinician), labelled("Date", date)]
      .forEach(function (f) { who.appendChild(f); });
    planSection.appendChild(who);
    mount.appendChild(planSection);

    // Link, QR and print
    var out = element("section", { class: "hb-builder-out", "aria-labelledby": "hb-out-title" });
    out.appendChild(element("h2", { id: "hb-out-title" }, "4. Print, or share the link"));
    var status = element("div", { class: "hb-builder-status", role: "status", "aria-live": "polite" });
    var link = element("input", { id: "hb-out-link", type: "text", readonly: "readonly" });
    var qrHolder = element("div", { class: "hb-builder-qr" });
    var printButton = element("button", { type: "button", class: "hb-button" }, "Print the handout");
    var open = element("a", { class: "hb-builder-open", href: "#" }, "Open it as your patient will see it");
    out.appendChild(status);
    out.appendChild(labelled("The programme’s link", link));
    out.appendChild(open);
    out.appendChild(qrHolder);
    out.appendChild(printButton);
    mount.appendChild(out);

    function matches(e) {
      var text = fName.value.trim().toLowerCase();
      return (!fArea.value || e.areas.indexOf(fArea.value) >= 0) && (!fType.value || e.type === fType.value) &&
             (!fPosition.value || e.position === fPosition.value) &&
             (!fLevel.value || String(e.level) === fLevel.value) &&
             (!text || e.title.toLowerCase().indexOf(text) >= 0);
    }

    function renderFound() {
      found.textContent = "";
      var shown = data.exercises.filter(matches);
      if (!shown.length) { found.appendChild(element("li", {}, "No exercise matches. Choose \u201cAll\u201d in a list.")); }
      shown.forEach(function (e) {
        var li = element("li", { class: "hb-builder-found-item" });
        li.appendChild(element("strong", {}, e.title));
        li.appendChild(element("span", { class: "hb-builder-meta" },
          " (level " + e.level + ", " + e.type_name.toLowerCase() + ", " + e.position_name.toLowerCase() + ") "));
        if ((e.take_care || []).length) {
          li.appendChild(element("span", { class: "hb-builder-take-care" },
            "Take care: " + e.take_care.map(function (c) { return c.name; }).join(", ")));
        }
        var add = element("button", { type: "button", class: "hb-button", "data-label": e.label }, "Add");
        add.setAttribute("aria-label", "Add " + e.title);
        if (state.chosen.some(function (c) { return c.label === e.label; })) { add.disabled = true; add.textContent = "Added"; }
        add.addEventListener("click", function () {
          state.chosen.push({ label: e.label, changes: {} });
          renderFound(); renderChosen(); update();
        });
        li.appendChild(add);
        found.appendChild(li);
      });
    }

    function doseControls(entry, index, li) {
      var e = byLabel[entry.label];
      var card = cardDose(e.dose);
      var controls = element("div", { class: "hb-builder-doses" });
      var fields = [];
      if (card.reps !== null) { fields.push(["r", card.repsSuffix === "minutes" ? "Minutes" : "Repeats" +
                                             (card.repsSuffix ? " (" + card.repsSuffix + ")" : ""), card.reps]); }
      if (card.hold !== null) { fields.push(["h", "Seconds to hold", card.hold]); }
      fields.push(["s", "Sets", card.sets === null ? 1 : card.sets]);
      fields.push([card.per, card.per === "d" ? "Times a day" : "Days a week", card.times]);
      fields.forEach(function (f) {
        var id = "hb-dose-" + index + "-" + f[0];
        var value = entry.changes[f[0]] !== undefined ? entry.changes[f[0]] : f[2];
        var input = numberInput(id, value);
        input.addEventListener("input", function () {
          var n = input.value === "" ? NaN : Number(input.value);
          // a range's low end, typed, is a change: one number in place of the card's range
          var range = (f[0] === "r" && card.repsTo) || (f[0] === "h" && card.holdTo);
          if (n === f[2] && !range && entry.changes[f[0]] === undefined) { return; }
          if (n === f[2] && !range) { delete entry.changes[f[0]]; } else { entry.changes[f[0]] = n; }
          update();
        });
        controls.appendChild(labelled(f[1], input));
      });
      li.appendChild(controls);
    }

    function renderChosen() {
      chosenList.textContent = "";
      if (!state.chosen.length) {
        chosenList.appendChild(element("li", { class: "hb-builder-empty" }, "No exercises yet: add some above."));
      }
      state.chosen.forEach(function (entry, index) {
        var e = byLabel[entry.label];
        var li = element("li", { class: "hb-builder-item", "data-label": entry.label });
        li.appendChild(element("h3", {}, e.title));
        if ((e.take_care || []).length) {
          var care = element("div", { class: "hb-handout-take-care" });
          care.appendChild(takeCare(e));
          li.appendChild(care);
        }
        li.appendChild(element("p", { class: "hb-builder-card-dose" }, "The card’s dose: " + doseText(cardDose(e.dose))));
        doseControls(entry, index, li);
        li.appendChild(element("p", { class: "hb-builder-error", role: "alert", id: "hb-error-" + index }));
        var buttons = element("div", { class: "hb-builder-buttons" });
        [["Up", -1], ["Down", 1]].forEach(function (b) {
          var button = element("button", { type: "button", class: "hb-button" }, b[0]);
          button.setAttribute("aria-label", "Move " + e.title + " " + b[0].toLowerCase());
          var to = index + b[1];
          button.disabled = to < 0 || to >= state.chosen.length;
          button.addEventListener("click", function () {
            var moved = state.chosen.splice(index, 1)[0];
            state.chosen.splice(to, 0, moved);
            renderChosen(); update();
          });
          buttons.appendChild(button);
        });
        var remove = element("button", { type: "button", class: "hb-button" }, "Remove");
        remove.setAttribute("aria-label", "Remove " + e.title);
        remove.addEventListener("click", function () {
          state.chosen.splice(index, 1); renderFound(); renderChosen(); update();
        });
        buttons.appendChild(remove);
        li.appendChild(buttons);
        chosenList.appendChild(li);
      });
    }

    function programmeLink() {
      var fragment = encode({ items: state.chosen, buildUp: state.buildUp, review: state.review });
      return new URL(root + "my-programme.html#" + fragment, location.href).href;
    }

    var valid = false;
    function update() {
      state.buildUp = parseInt(buildUp.value, 10);
      state.review = review.value;
      valid = state.chosen.length > 0;
      state.chosen.forEach(function (entry, index) {
        var e = byLabel[entry.label];
        var result = applyChanges(cardDose(e.dose), entry.changes);
        var error = document.getElementById("hb-error-" + index);
        if (error) { error.textContent = result.problems.join(". "); }
        if (result.problems.length) { valid = false; }
      });
      qrHolder.textContent = "";
      if (!state.chosen.length) {
        status.textContent = "Add at least one exercise to make a programme.";
        link.value = ""; open.hidden = true; printButton.disabled = true;
        return;
      }
      if (!valid) {
        status.textContent = "Correct the doses marked above to make the link and print.";
        printButton.disabled = true; open.hidden = true;
        return;
      }
      var href = programmeLink();
      status.textContent = state.chosen.length + " exercise" + (state.chosen.length !== 1 ? "s" : "") +
                           " in the programme.";
      link.value = href;
      open.href = href; open.hidden = false;
      var qr = qrSvg(href);
      if (qr) { qrHolder.appendChild(qr); }
      printButton.disabled = false;
    }

    function printHandout() {
      update();
      if (!valid) { return; }
      var chosen = state.chosen.map(function (entry) {
        var e = byLabel[entry.label];
        return { exercise: e, dose: applyChanges(cardDose(e.dose), entry.changes).dose };
      });
      var whoText = [patient.value.trim() && "For " + patient.value.trim(),
                     clinician.value.trim() && "from " + clinician.value.trim(),
                     date.value && "on " + formatDate(date.value)].filter(Boolean).join(", ");
      var area = document.getElementById("hb-print-area") || element("div", { id: "hb-print-area" });
      area.textContent = "";
      area.appendChild(handout(data, chosen, { buildUp: state.buildUp, review: state.review,
                                               who: whoText, link: programmeLink() }));
      document.body.appendChild(area);
      document.documentElement.classList.add("hb-printing");
      window.print();
    }
    window.addEventListener("afterprint", function () { document.documentElement.classList.remove("hb-printing"); });

    [fArea, fType, fPosition, fLevel].forEach(function (s) { s.addEventListener("change", renderFound); });
    fName.addEventListener("input", renderFound);
    buildUp.addEventListener("change", update);
    review.addEventListener("change", update);
    printButton.addEventListener("click", printHandout);
    // For tests and for a page opened from a handout's link: prefill from #p=...
    if (location.hash.indexOf("#p=") === 0) {
      try {
        var read = decode(location.hash);
        read.programme.items.forEach(function (item) { if (byLabel[item.label]) { state.chosen.push(item); } });
        buildUp.value = String(read.programme.buildUp);
        review.value = read.programme.review;
      } catch (error) { message(mount, [error.message], "error"); }
    }
    renderFound(); renderChosen(); update();
    mount.hbPrint = printHandout;
  }

  // -- Start ------------------------------------------------------------------------------

  function start() {
    var mount = document.querySelector("[data-hb-programme]");
    if (!mount) { return; }
    mount.classList.add("hb-programme-ready");
    fetch(root + "_static/hb-programme/data.json")
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (data) {
        if (mount.getAttribute("data-hb-programme") === "builder") { startBuilder(mount, data); }
        else {
          showProgramme(mount, data);
          window.addEventListener("hashchange", function () { showProgramme(mount, data); });
        }
      })
      .catch(function () {
        mount.textContent = "";
        message(mount, ["The exercises could not be loaded. Check your connection and reload the page."], "error");
      });
  }

  window.hbProgramme = { encode: encode, decode: decode, cardDose: cardDose, doseText: doseText };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
}());
