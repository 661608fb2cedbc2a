"""Check every link and resource in a built site, without the network.

For each HTML page under SITE it resolves every internal ``href`` (the page
and its ``#fragment``) and every ``src`` (images, scripts, styles), and the
``url(...)`` references in the site's CSS. It fails on:

* a link to a page, image, script or style that is not there;
* a link to an anchor that the target page does not have;
* any ``file://`` link;
* any plain ``http://`` link (use ``https://``), and any ``javascript:`` link;
* (an address starting with ``/`` is taken from the root of SITE);
* anything a page *loads* from another host: a script, style, font, image
  (``src`` or ``srcset``), frame or media, a ``url()`` in an inline style or
  ``<style>``, or a network call in an inline script (``fetch``,
  ``XMLHttpRequest``, ``import()``, a ``.src =``...): the site serves
  everything itself.

Pages are read with the shared reader, :mod:`tools.checks.html_reader`.
``check_site(..., store=FILE)`` keeps each page's ids and links in FILE
(JSON, keyed by a hash of the page's bytes and of the reader's code), so
that a page unchanged since the last check is not parsed again: ``make
html`` checks the whole site before it publishes, after Sphinx rewrote
perhaps one page of it.

Each problem is one line, ``file:line: what is wrong``; the exit status is 1
if there was any. Usage: ``python -m tools.checks.check_html build/html``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tools.checks import html_reader
from tools.checks.html_reader import Link, css_links, read

SKIPPED_SCHEMES = {"mailto", "tel", "data"}
READER_CODE = Path(html_reader.__file__).read_bytes()  # a store made by other code is not used


class PageSummaries:
    """Each page's ids and links, from html_reader, or from ``store`` for a
    page whose bytes (and the reader's code) are unchanged; ``save()`` keeps
    those of the pages asked for this time."""

    def __init__(self, store: Path | None = None) -> None:
        self.store = store
        self.kept: dict = {}
        self.used: dict = {}
        self.by_path: dict[Path, tuple[set[str], list[Link]]] = {}
        if store is not None:
            try:
                self.kept = json.loads(store.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.kept = {}

    def __call__(self, path: Path) -> tuple[set[str], list[Link]]:
        if path in self.by_path:
            return self.by_path[path]
        key = hashlib.sha256(READER_CODE + path.read_bytes()).hexdigest()
        entry = self.kept.get(key)
        if entry is None:
            page = read(path)
            entry = {"ids": sorted(page.ids), "links": [[l.url, l.line, l.loads, l.where] for l in page.links]}
        self.used[key] = entry
        self.by_path[path] = summary = (set(entry["ids"]), [Link(*link) for link in entry["links"]])
        return summary

    def ids(self, path: Path) -> set[str]:
        return self(path)[0]

    def save(self) -> None:
        if self.store is not None:
            self.store.write_text(json.dumps(self.used), encoding="utf-8")


def check_link(source: Path, link: Link, site: Path, from_root: bool = True,
               ids: Callable[[Path], set[str]] | None = None) -> str | None:
    """Return what is wrong with one link, or None.

    With ``from_root=False``, an address starting with ``/``, or one that
    climbs out of the site (``../YYYY.N/``), is let pass: it points at what
    will be served around this build (the editions site's other editions, for
    the banner), which one build on its own does not have. ``make editions``
    checks the whole editions site."""
    parts = urlsplit(link.url)
    scheme = parts.scheme.lower()
    if scheme in SKIPPED_SCHEMES or (not link.url.strip()):
        return None
    if scheme == "javascript":
        return f"javascript: link {link.url!r}: link to a page, or use a button"
    if scheme == "file":
        return f"file:// link {link.url!r}: link within the site instead"
    if scheme == "http":
        return f"plain http:// link {link.url!r}: use https://"
    if scheme or link.url.startswith("//"):
        if link.loads:
            how = {"script": " (from an inline script)", "style": " (from a style)",
                   "srcset": " (from a srcset)"}.get(link.where, "")
            return f"loads {link.url!r} from another host{how}: serve it from the site"
        return None
    if not parts.path:
        target = source
    elif parts.path.startswith("/") and not from_root:
        return None
    elif parts.path.startswith("/"):  # from the root of the site being checked
        target = (site.resolve() / unquote(parts.path).lstrip("/")).resolve()
    else:
        target = (source.parent / unquote(parts.path)).resolve()
        if not from_root and not target.is_relative_to(site.resolve()):
            return None
    if target.is_dir():
        target = target / "index.html"
    shown = _shown(target, site)
    if not target.is_file():
        return f"link to missing file {shown}"
    fragment = unquote(parts.fragment)
    ids = ids or (lambda page: read(page).ids)
    if fragment and target.suffix == ".html" and fragment not in ids(target):
        return f"link to missing anchor '#{fragment}' in {shown}"
    return None


def _shown(target: Path, site: Path) -> str:
    try:
        return target.relative_to(site.resolve()).as_posix()
    except ValueError:
        return str(target)


def check_site(site: Path, from_root: bool = True, store: Path | None = None) -> list[str]:
    """Every problem in ``site``, one ``file:line: what is wrong`` each (see
    PageSummaries for ``store``)."""
    problems = []
    pages = PageSummaries(store)
    for path in sorted(site.rglob("*.html")):
        if {"_sources", "_static"} & set(path.relative_to(site).parts):
            continue  # not pages: copied sources, and the themes' template macros
        for link in pages(path.resolve())[1]:
            if (problem := check_link(path.resolve(), link, site, from_root, pages.ids)):
                problems.append(f"{path}:{link.line}: {problem}")
    for path in sorted(site.rglob("*.css")):
        for link in css_links(path):
            if (problem := check_link(path.resolve(), link, site, from_root, pages.ids)):
                problems.append(f"{path}:{link.line}: {problem}")
    pages.save()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site, e.g. build/html")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"{args.site}: no such folder; build the site first (make html)", file=sys.stderr)
        return 2
    problems = check_site(args.site)
    for problem in problems:
        print(problem)
    print(f"check_html: {args.site}: {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
