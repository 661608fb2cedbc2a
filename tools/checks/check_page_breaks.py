"""Check where the PDFs break their pages, by reading each page's text.

A clinic prints the handbook and hands out pages, so a page must never hold
half of something a reader needs whole. For each PDF, made from the print
build given with ``--html``, it checks that:

* no short list (8 items or fewer, none holding a list), exercise card, box (red flags, "In short",
  "Stop if"), definition (``dt`` with its ``dd``) or reference entry is split
  across two pages;
* no heading (``h1``-``h6``, or a rubric such as "Steps") is the last thing on
  a page, parted from the text it introduces;
* no page holds only a heading, or only one box;
* no page is blank (nothing on it but the running footer; the books have no
  page that is only a picture).

How: the text of every HTML text node of the print build is found, in order,
in the text ``pdftotext`` reads from the PDF, so each node gets a page.
Both are compared as letters only (no spaces, digits or punctuation), since
line breaks, list numbers and page numbers differ between the two. Text the
print stylesheet adds (a link's address) is added to the HTML first, and the
page numbers it floats beside a finder's entries are left out of the PDF's.
A node not found near where the one before it was (a drawing's labels can
come between) is skipped; a block whose first or last node is not found
is reported, so nothing passes unread.

Each problem is one line, ``file.pdf:page N: what is wrong``; the exit status
is 1 if there was any. Usage: ``python -m tools.checks.check_page_breaks
--html build/print/index.html build/pdf/*.pdf``.
"""

from __future__ import annotations

import argparse
import bisect
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from tools.checks.html_reader import parse

from tools.pdf.build_pdf import SIZES, TITLE, size_of

SHORT_LIST = 8  # a list of this many items or fewer must not split
ANCHOR = 15  # letters: a text node this long is taken to be found where it is
WINDOW = 4000  # letters (two or three pages): how far past the last node found a long one may be
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
# Blocks that must stay on one page: (kind, CSS selector).
WHOLE = [
    ("card", "section.hb-exercise"),
    ("box", ".admonition"),
    ("reference", "div.citation"),
]
# The page number print.css floats at the right of a finder's entry: a line of its own in pdftotext's text.
PAGE_REFERENCE = re.compile(r"^page \d+$")
FOOTER = re.compile(rf"^(?:{re.escape(TITLE)} \u00b7 (?:Edition|Draft after edition) \S+)?\s*(?:Page \d+ of \d+)?$")


def letters(text: str) -> str:
    """Only the letters of ``text``, in lower case: what both sides share."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalpha())


@dataclass(frozen=True)
class Block:
    kind: str  # "card", "box", "list", "definition", "reference" or "heading"
    name: str  # its first words, to name it in a message
    first: int  # index of its first and last text node
    last: int


@dataclass
class Layout:
    """The print build's text nodes and blocks, and the page each node was found on."""
    nodes: list[str]
    blocks: list[Block]
    pages: list[int | None]  # 1-based page each node starts on, None if not found
    ends: list[int | None]  # and the page it ends on (a paragraph can run onto the next)
    blank: list[int] = field(default_factory=list)  # pages with no text but the footer


def _add_printed_text(soup: BeautifulSoup) -> None:
    """Add the text that print.css adds with ``::after``, so both sides match."""
    for link in soup.select("a.hb-print-url"):
        link.append(NavigableString(f" ({link.get('href', '')})"))


HIDDEN_RULE = re.compile(r"([^{}]+)\{[^{}]*\bdisplay:\s*none\b[^{}]*\}")


def hidden_selectors(soup: BeautifulSoup, folder: Path) -> list[str]:
    """The selectors the print build's stylesheets hide (``display: none``),
    read from the stylesheets the page (in ``folder``) links, so what is not
    printed is not looked for. Rules inside ``@media`` blocks for the screen
    are skipped."""
    selectors = ["script", "style", "[hidden]"]
    for link in soup.select('link[rel="stylesheet"][href]'):
        css_file = folder / link["href"]
        if not css_file.is_file():
            continue
        css = re.sub(r"/\*.*?\*/", "", css_file.read_text(encoding="utf-8"), flags=re.S)
        css = re.sub(r"@media\s+screen[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
        selectors += [m.group(1).strip() for m in HIDDEN_RULE.finditer(css) if "@" not in m.group(1)]
    return selectors


def _name(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").replace("\u00b6", "").split())[:60]


def read_blocks(print_html: Path) -> tuple[list[str], list[Block]]:
    """The text nodes of the print build in order, and the blocks made of them."""
    soup = parse(print_html.read_text(encoding="utf-8"))  # a copy of its own: it is changed below
    body = soup.body
    for selector in hidden_selectors(soup, print_html.parent):
        for hidden in body.select(selector):
            hidden.decompose()
    _add_printed_text(soup)
    strings = [s for s in body.descendants
               if isinstance(s, NavigableString) and not isinstance(s, Comment) and letters(s)]
    index = {id(s): i for i, s in enumerate(strings)}

    def span(*tags: Tag) -> tuple[int, int] | None:
        found = [index[id(s)] for tag in tags for s in tag.descendants if id(s) in index]
        return (min(found), max(found)) if found else None

    blocks: list[Block] = []

    def add(kind: str, name: str, *tags: Tag) -> None:
        if (where := span(*tags)) is not None:
            blocks.append(Block(kind, name, *where))

    for kind, selector in WHOLE:
        for tag in body.select(selector):
            add(kind, _name(tag), tag)
    for tag in body.find_all(["ul", "ol"]):
        # a list that holds lists (the contents' chapters) may break between its items, as print.css lets it
        if len(tag.find_all("li", recursive=False)) <= SHORT_LIST and not tag.find(["ul", "ol"]):
            add("list", _name(tag), tag)
    for dl in body.select("dl:not(.field-list)"):
        group: list[Tag] = []
        for child in dl.find_all(["dt", "dd"], recursive=False):
            if child.name == "dt" and group and group[-1].name == "dd":
                add("definition", _name(group[0]), *group)
                group = []
            group.append(child)
        if group:
            add("definition", _name(group[0]), *group)
    for tag in body.find_all(HEADINGS):
        add("heading", _name(tag), tag)
    for tag in body.select("p.rubric, .admonition-title"):
        add("heading", _name(tag), tag)
    blocks.sort(key=lambda b: (b.first, -b.last))
    return [letters(s) for s in strings], blocks


def read_pages(pdf: Path) -> list[str]:
    """Each page's text as letters, without the running footer."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [letters("\n".join(line for line in page.splitlines()
                              if not FOOTER.match(line.strip()) and not PAGE_REFERENCE.match(line.strip())))
            for page in pages]


def locate(nodes: list[str], pages: list[str]) -> tuple[list[int | None], list[int | None]]:
    """The page each text node starts on, and the page it ends on.

    Long nodes (``ANCHOR`` letters or more) are found first, each after the one
    before; a short node ("Hold", "5") is then looked for only between the long
    nodes around it, so it cannot be matched on some later page."""
    text = "".join(pages)
    starts = [0]
    for page in pages:
        starts.append(starts[-1] + len(page))
    where: list[int | None] = [None] * len(nodes)
    cursor = 0
    for i, node in enumerate(nodes):
        if len(node) >= ANCHOR and (at := text.find(node, cursor, cursor + len(node) + WINDOW)) >= 0:
            where[i], cursor = at, at + len(node)
    cursor, limit = 0, 0
    for i, node in enumerate(nodes):
        if where[i] is not None:
            cursor = where[i] + len(node)
            continue
        if limit <= cursor:  # the next long node found, or the end of the text
            limit = next((where[j] for j in range(i + 1, len(nodes)) if where[j] is not None), len(text))
        if (at := text.find(node, cursor, limit)) >= 0:
            where[i], cursor = at, at + len(node)
    return ([None if at is None else bisect.bisect_right(starts, at) for at in where],
            [None if at is None else bisect.bisect_right(starts, at + max(len(node), 1) - 1)
             for at, node in zip(where, nodes)])


def layout(print_html: Path, pdf: Path, read: tuple[list[str], list[Block]] | None = None) -> Layout:
    """Where ``pdf`` puts the print build's blocks; ``read``, the build's
    ``read_blocks``, if it was read already (for another PDF)."""
    nodes, blocks = read or read_blocks(print_html)
    pages = read_pages(pdf)
    return Layout(nodes, blocks, *locate(nodes, pages), blank=[n for n, page in enumerate(pages, 1) if not page])


def is_large_print(pdf: Path) -> bool:
    """Whether the PDF is in large print, whose cards may run on to a second page."""
    size = size_of(pdf)
    return size is not None and SIZES[size][1].get("--hb-card-break") == "auto"


@dataclass(frozen=True, order=True)
class Problem:
    page: int
    rule: str  # "split", "heading last", "alone", "blank" or "unread"
    what: str


def problems(lay: Layout, large_print: bool = False) -> list[Problem]:
    """Every page break a reader should not meet.

    In ``large_print``, where a card, a red-flag box or a list of long items
    can fill a page: a card may run on to the next page, but must start a
    page of its own (only its group's heading may come before it); a list may
    break between its items; and a page may hold one box alone. Boxes,
    definitions and references are still never split, and headings never
    end a page."""
    found = []
    in_heading = {i for b in lay.blocks if b.kind == "heading" for i in range(b.first, b.last + 1)}
    for block in lay.blocks:
        if lay.pages[block.first] is None or lay.pages[block.last] is None:
            found.append(Problem(lay.pages[block.first] or lay.pages[block.last] or 1, "unread",
                                 f"cannot find where this {block.kind} starts and ends: {block.name!r}"))
            continue
        pages = sorted({p for p in lay.pages[block.first:block.last + 1] if p is not None} | {lay.ends[block.last]})
        if block.kind == "card" and large_print:
            before = [i for i in range(block.first) if lay.pages[i] == pages[0] and i not in in_heading]
            if before:
                found.append(Problem(pages[0], "split", f"card does not start a page of its own: {block.name!r}"))
        elif block.kind == "list" and large_print:
            pass
        elif block.kind != "heading" and len(pages) > 1:
            found.append(Problem(pages[0], "split", f"{block.kind} split over pages {pages[0]}-{pages[-1]}: "
                                                    f"{block.name!r}"))
        if block.kind == "heading":
            after = next((p for p in lay.pages[block.last + 1:] if p is not None), None)
            if after is not None and after != pages[-1]:
                found.append(Problem(pages[-1], "heading last",
                                     f"heading ends the page, its text is overleaf: {block.name!r}"))
    on_page: dict[int, list[int]] = {}
    for i, page in enumerate(lay.pages):
        if page is not None:
            on_page.setdefault(page, []).append(i)
    for page, nodes in sorted(on_page.items()):
        only = next((b for b in lay.blocks if b.kind in (("heading",) if large_print else ("heading", "box"))
                     and b.first <= nodes[0] and nodes[-1] <= b.last), None)
        if only is not None:
            what = "a heading" if only.kind == "heading" else "one box"
            found.append(Problem(page, "alone", f"page holds only {what}: {only.name!r}"))
    found += [Problem(page, "blank", "page is blank: nothing on it but the running footer") for page in lay.blank]
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", type=Path, nargs="+", metavar="PDF")
    parser.add_argument("--html", type=Path, required=True, help="the print build the PDFs came from")
    args = parser.parse_args(argv)
    count = 0
    read = read_blocks(args.html)  # once, for every PDF made from it
    for pdf in args.pdfs:
        if not pdf.is_file():
            print(f"{pdf}: no such PDF; build it first (make pdf)")
            count += 1
            continue
        for problem in problems(layout(args.html, pdf, read), large_print=is_large_print(pdf)):
            print(f"{pdf}:page {problem.page}: {problem.what}")
            count += 1
    print(f"check_page_breaks: {len(args.pdfs)} PDFs, {count} problems", file=sys.stderr)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
