"""Check every link and resource in a built site, without the network.

For each HTML page under SITE it resolves every internal ``href`` (the page
and its ``#fragment``) and every ``src`` (images, scripts, styles), and the
``url(...)`` references in the site's CSS. It fails on:

* a link to a page, image, script or style that is not there;
* a link to an anchor that the target page does not have;
* any ``file://`` link;
* any plain ``http://`` link (use ``https://``);
* (an address starting with ``/`` is taken from the root of SITE);
* anything a page *loads* from another host (a script, style, font or image):
  the site serves everything itself.

Each problem is one line, ``file:line: what is wrong``; the exit status is 1
if there was any. Usage: ``python -m tools.check_html build/html``.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# <link rel="..."> values that make the browser fetch the address.
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon",
                "shortcut", "apple-touch-icon", "manifest", "preconnect", "dns-prefetch"}
SKIPPED_SCHEMES = {"mailto", "tel", "data", "javascript"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)""")


@dataclass(frozen=True)
class Link:
    url: str
    line: int
    loads: bool  # True if the browser fetches it to show the page


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[Link] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(values[key])
        if "src" in values:
            self.links.append(Link(values["src"], line, loads=True))
        if "href" in values and tag in ("a", "area", "link"):
            rels = set(values.get("rel", "").lower().split())
            self.links.append(Link(values["href"], line, loads=tag == "link" and bool(rels & LOADING_RELS)))

    handle_startendtag = handle_starttag


@cache
def parse_page(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def css_links(path: Path) -> list[Link]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [Link(m["url"].strip(), text.count("\n", 0, m.start()) + 1, loads=True)
            for m in CSS_URL.finditer(text)]


def check_link(source: Path, link: Link, site: Path) -> str | None:
    """Return what is wrong with one link, or None."""
    parts = urlsplit(link.url)
    scheme = parts.scheme.lower()
    if scheme in SKIPPED_SCHEMES or (not link.url.strip()):
        return None
    if scheme == "file":
        return f"file:// link {link.url!r}: link within the site instead"
    if scheme == "http":
        return f"plain http:// link {link.url!r}: use https://"
    if scheme or link.url.startswith("//"):
        if link.loads:
            return f"loads {link.url!r} from another host: serve it from the site"
        return None
    if not parts.path:
        target = source
    elif parts.path.startswith("/"):  # from the root of the site being checked
        target = (site.resolve() / unquote(parts.path).lstrip("/")).resolve()
    else:
        target = (source.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    shown = _shown(target, site)
    if not target.is_file():
        return f"link to missing file {shown}"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in parse_page(target).ids:
        return f"link to missing anchor '#{fragment}' in {shown}"
    return None


def _shown(target: Path, site: Path) -> str:
    try:
        return target.relative_to(site.resolve()).as_posix()
    except ValueError:
        return str(target)


def check_site(site: Path) -> list[str]:
    problems = []
    for path in sorted(site.rglob("*.html")):
        if {"_sources", "_static"} & set(path.relative_to(site).parts):
            continue  # not pages: copied sources, and the themes' template macros
        for link in parse_page(path.resolve()).links:
            if (problem := check_link(path.resolve(), link, site)):
                problems.append(f"{path}:{link.line}: {problem}")
    for path in sorted(site.rglob("*.css")):
        for link in css_links(path):
            if (problem := check_link(path.resolve(), link, site)):
                problems.append(f"{path}:{link.line}: {problem}")
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
