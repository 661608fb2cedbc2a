"""Works offline: a service worker and a web app manifest, made from the built site.

After the site is built, this writes ``sw.js`` at its root: a service worker
that, on the first visit, stores every page, stylesheet, script, font, image,
the programme data and the PDFs in the browser's cache, and afterwards answers
from that cache when the network is gone, so a reader who loses signal can
still open any page and their programme. The list of files comes from the
built output, and the cache is named by the edition, a hash of the list and
the worker's scope, so a new build replaces the old cache and editions served
side by side (``make editions``) keep one each. ``manifest.webmanifest`` lets a
reader add the handbook to their home screen. Each page links the manifest
and registers the worker (``_static/js/hb-offline.js``). The print build
gets neither.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sphinx.application import Sphinx

from tools.pdf.build_pdf import PAPERS, SIZES, pdf_name
from tools.site.edition import read_edition

__version__ = "1.0"
SCRIPT = "js/hb-offline.js"
CACHED_SUFFIXES = {".html", ".css", ".js", ".json", ".svg", ".woff2", ".png", ".ico", ".webmanifest", ".txt"}
SKIPPED_PARTS = {"_sources", ".doctrees"}  # not _images: a figure's picture is there

WORKER = """// Made by the build (tools/extensions/handbook_offline.py): do not edit.
const CACHE = %(cache)s;
const FILES = %(files)s;
const OPTIONAL = %(optional)s;  // the PDFs, the book's and its printables': cached when the site has them
// Editions side by side on one host share the browser's caches: each worker
// keeps its own, named by its scope too, and clears only its own old ones.
const SCOPE = " " + self.registration.scope;
const STORE = CACHE + SCOPE;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(STORE);
    await cache.addAll(FILES);
    await Promise.all(OPTIONAL.map((url) => cache.add(url).catch(() => null)));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("hb-") && name.endsWith(SCOPE) && name !== STORE) { await caches.delete(name); }
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) { return; }
  event.respondWith((async () => {
    const cache = await caches.open(STORE);
    // A page's address may carry a query or a #programme: the page is the same.
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) { return cached; }
    try {
      return await fetch(request);
    } catch (error) {
      const page = request.mode === "navigate" ? await cache.match("index.html") : null;
      if (page) { return page; }
      throw error;
    }
  })());
});
"""


def manifest(app: Sphinx) -> dict:
    return {
        "name": app.config.project,
        "short_name": "Back exercises",
        "description": "Plain-language exercise for back and neck pain, with when to get help now.",
        "start_url": "index.html",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [{"src": "_static/favicon.svg", "sizes": "any", "type": "image/svg+xml"}],
    }


def write_offline(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html" or app.config.handbook_print:
        return
    out = Path(app.outdir)
    (out / "manifest.webmanifest").write_text(json.dumps(manifest(app), indent=1) + "\n", encoding="utf-8")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                   if p.is_file() and p.suffix in CACHED_SUFFIXES and p.name != "sw.js"
                   and not SKIPPED_PARTS & set(p.relative_to(out).parts))
    edition = read_edition().label
    printables = sorted(getattr(app.env, "handbook_printables", {}))  # the red-flag card, the diary
    optional = [f"pdf/{pdf_name(edition, size)}" for size in SIZES]
    optional += [f"pdf/{pdf_name(edition, paper, name)}" for name in printables for paper in PAPERS]
    digest = hashlib.sha256("\n".join(files).encode()).hexdigest()[:12]
    (out / "sw.js").write_text(WORKER % {"cache": json.dumps(f"hb-{edition}-{digest}"),
                                          "files": json.dumps(["./", *files], indent=0),
                                          "optional": json.dumps(optional)}, encoding="utf-8")


def add_script(app: Sphinx) -> None:
    if not app.config.handbook_print:
        app.add_js_file(SCRIPT, loading_method="defer")


def add_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.config.handbook_print:
        return
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="manifest" href="{context["pathto"]("manifest.webmanifest", 1)}">'
        '\n<meta name="theme-color" content="#0b5394">')


def setup(app: Sphinx) -> dict:
    app.setup_extension("handbook_print")  # for its handbook_print setting
    app.connect("builder-inited", add_script)
    app.connect("html-page-context", add_links)
    app.connect("build-finished", write_offline, priority=800)  # after every other extension wrote its files
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
