/* Search that serves patients (search page only, after Sphinx's searchtools.js).
 * - The contributor guide ranks below every patient page, and a glossary entry
 *   below the pages that explain the word.
 * - A result's snippet comes from the article's own text, not the theme's
 *   buttons and menus ("System Settings Light Dark ..."), the review line or
 *   the links to the previous and next pages.
 * - Someone who types 999, 111, "emergency" or "ambulance" is shown Get help
 *   now first. Sphinx drops numbers from a query and finds the word
 *   "emergency" on many pages, so that page would come seventh, or never. */
(function () {
  "use strict";
  if (typeof Search === "undefined" || typeof Scorer === "undefined") { return; }
  Scorer.score = function (result) {
    var docname = result[0], score = result[4];
    if (docname.indexOf("contributing/") === 0) { return score - 1000; }
    // A glossary entry names a word; the page about it explains it.
    return docname === "glossary" ? score - 100 : score;  // an exact glossary entry scores 100
  };
  var URGENT = /(^|[^\w&])(999|111|112|911|emergency|emergencies|ambulance|urgent|urgently|a&e|red flags?)([^\w&]|$)/i;
  var HELP = "get-help-now";
  var perform = Search._performSearch;
  Search._performSearch = function (query) {
    var results = perform.apply(this, arguments);
    var index = Search._index, at = index.docnames.indexOf(HELP);
    if (at < 0 || !URGENT.test(query)) { return results; }
    // The last result is shown first; any other result for the page goes.
    results = results.filter(function (r) { return r[0] !== HELP || r[2]; });
    results.push([HELP, index.titles[at], "", null, 1e6, index.filenames[at], "title"]);
    return results;
  };
  var toText = Search.htmlToText;
  Search.htmlToText = function (htmlString, anchor) {
    var doc = new DOMParser().parseFromString(htmlString, "text/html");
    var article = doc.querySelector("article.bd-article");
    if (article) {
      article.querySelectorAll(".hb-review, .hb-build-problems, .headerlink").forEach(function (el) { el.remove(); });
      article.setAttribute("role", "main");
      return toText('<div role="main">' + article.innerHTML + "</div>", anchor);
    }
    return toText(htmlString, anchor);
  };
}());
