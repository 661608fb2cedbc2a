/* Search that serves patients (search page only, after Sphinx's searchtools.js).
 * - The contributor guide ranks below every patient page, and a glossary entry
 *   below the pages that explain the word.
 * - A result's snippet comes from the article's own text, not the theme's
 *   buttons and menus ("System Settings Light Dark ..."), the review line or
 *   the links to the previous and next pages. */
(function () {
  "use strict";
  if (typeof Search === "undefined" || typeof Scorer === "undefined") { return; }
  Scorer.score = function (result) {
    var docname = result[0], score = result[4];
    if (docname.indexOf("contributing/") === 0) { return score - 1000; }
    // A glossary entry names a word; the page about it explains it.
    return docname === "glossary" ? score - 100 : score;  // an exact glossary entry scores 100
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
