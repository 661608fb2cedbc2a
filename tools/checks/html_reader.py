"""One reader for built HTML, on BeautifulSoup: the checkers, the handout and the tests share it.

``read(path)`` parses a page once (until the file changes) and gives its soup, the ids it
defines, and every address in it as a :class:`Link` with its line and whether
the browser *loads* it to show the page (a script, style, image, frame or
font) rather than only linking to it. ``css_links`` does the same for a
stylesheet's ``url(...)`` references. Nothing here slices HTML with regular
expressions; regular expressions are used only on CSS and script text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup, Tag

# <link rel="..."> values that make the browser fetch the address.
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon",
                "shortcut", "apple-touch-icon", "manifest", "preconnect", "dns-prefetch"}
# Attributes whose address the browser fetches, by tag ("*": any tag).
LOADING_ATTRS = {"script": ("src",), "img": ("src",), "iframe": ("src",), "frame": ("src",),
                 "embed": ("src",), "object": ("data",), "audio": ("src",), "video": ("src", "poster"),
                 "source": ("src",), "track": ("src",), "input": ("src",)}
SRCSET_TAGS = {"img", "source"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)""")
# A network call in an inline script, to an address on another host.
SCRIPT_CALL = re.compile(
    r"""(?:\bfetch|\bimport|\bsendBeacon|\bWebSocket|\bEventSource|\.open|\bimportScripts)\s*\(\s*"""
    r"""(?:['"][A-Z]+['"]\s*,\s*)?['"`](?P<url>(?:https?:|wss?:)?//[^'"`\s]+)"""
    r"""|\.src\s*=\s*['"`](?P<src>(?:https?:)?//[^'"`\s]+)""")


@dataclass(frozen=True)
class Link:
    url: str
    line: int
    loads: bool  # True if the browser fetches it to show the page
    where: str = "href"  # the attribute, or "style", "script" for inline code


@dataclass
class Page:
    path: Path
    soup: BeautifulSoup
    ids: set[str]
    links: list[Link]


def _line(tag: Tag) -> int:
    return tag.sourceline or 1


def _srcset(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def page_links(soup: BeautifulSoup) -> list[Link]:
    links: list[Link] = []
    for tag in soup.find_all(True):
        line = _line(tag)
        for attr in LOADING_ATTRS.get(tag.name, ()):
            if tag.get(attr) is not None:
                links.append(Link(tag[attr], line, loads=True, where=attr))
        if tag.name in SRCSET_TAGS and tag.get("srcset"):
            links += [Link(url, line, loads=True, where="srcset") for url in _srcset(tag["srcset"])]
        if tag.get("href") is not None and tag.name in ("a", "area", "link"):
            rels = {r.lower() for r in tag.get("rel") or ()}
            links.append(Link(tag["href"], line, loads=tag.name == "link" and bool(rels & LOADING_RELS)))
        if tag.get("style"):
            links += [Link(m["url"].strip(), line, loads=True, where="style")
                      for m in CSS_URL.finditer(tag["style"])]
        if tag.name == "style" and tag.string:
            links += [Link(m["url"].strip(), line + tag.string.count("\n", 0, m.start()), loads=True,
                           where="style") for m in CSS_URL.finditer(tag.string)]
        if tag.name == "script" and tag.get("src") is None and tag.string:
            links += [Link(m["url"] or m["src"], line + tag.string.count("\n", 0, m.start()), loads=True,
                           where="script") for m in SCRIPT_CALL.finditer(tag.string)]
    return links


def parse(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


def read(path: Path) -> Page:
    """The page at ``path``, parsed once for as long as the file is unchanged."""
    stat = path.stat()
    return _read(path, stat.st_mtime_ns, stat.st_size)


@cache
def _read(path: Path, mtime_ns: int, size: int) -> Page:
    soup = parse(path.read_text(encoding="utf-8", errors="replace"))
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return Page(path, soup, ids, page_links(soup))


def css_links(path: Path) -> list[Link]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [Link(m["url"].strip(), text.count("\n", 0, m.start()) + 1, loads=True, where="css")
            for m in CSS_URL.finditer(text)]


def text_of(tag: Tag) -> str:
    """The words of an element, with white space folded."""
    return " ".join(tag.get_text(" ").split())
