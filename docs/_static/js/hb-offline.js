/* Keep the handbook for reading offline: register the service worker the build
   wrote (sw.js, at the site's root). It caches the site after the first visit. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || location.protocol === "file:") { return; }
  var root = document.documentElement.dataset.content_root || "./";
  navigator.serviceWorker.register(root + "sw.js").catch(function () { /* reading online still works */ });
}());
