"""Check the rules that need the whole built site: links between pages, and images as built.

The rules for one page's source (front matter and review dates, the "In short"
box, alt text in the source, red flags, promises, links by title or to
``file://``, the reading grade of each page and section) are checked by the
build itself, while Sphinx reads each page (tools/extensions/handbook_rules.py
and its neighbours), so ``make html``, ``make pdf`` and ``make live`` fail on
them too. This checker reads the sources in DOCS (default ``docs``) and the site
built from them (default ``build/html``) and fails on:

* a page that no other page links to in its text (the table of contents does
  not count), or a page that links to fewer than 2 other chapters;
* an image without alt text in a built page (one a directive made, say).

Each problem is one line, ``docs/page.md:LINE: what is wrong``. The exit
status is 1 if there was a problem. Usage:
``python -m tools.checks.check_content [DOCS] [HTML]``.
"""

from __future__ import annotations

import argparse
import posixpath
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tools.checks.content_rules import CONTRIBUTOR_GUIDE, Page, check_images
from tools.checks.html_reader import read

MIN_LINKS_OUT = 2
SKIPPED_DIRS = {"_snippets", "_static", "_templates", "_themes", "_build", "templates"}

# Pages that need no link from another page's text: the home page is every
# page's parent.
NEEDS_NO_INBOUND_LINK = {"index"}
# Links in these are not the page's own text: citations, the review line,
# heading anchors and the table of contents.
SKIP_CLASSES = {"bibtex-citation", "citation-list", "hb-review", "headerlink", "toctree-wrapper"}


@dataclass
class BuiltPage:
    links: list[str]  # hrefs in the article's own text
    images: list[str]  # srcs of images with no alt text


def read_built_page(path: Path) -> BuiltPage:
    soup = read(path.resolve()).soup
    article = soup.select_one("article.bd-article") or soup.find(attrs={"role": "main"}) or soup
    links = [a["href"] for a in article.find_all("a", href=True)
             if not any(set(p.get("class") or ()) & SKIP_CLASSES for p in (a, *a.parents))]
    images = [img.get("src", "") for img in article.find_all("img")
              if not (img.get("alt") or "").strip() and not img.find_parent("template")]  # a template fills it in
    return BuiltPage(links, images)


def linked_docnames(source_doc: str, hrefs: list[str], docnames: set[str]) -> set[str]:
    """The pages (other than source_doc) that these hrefs of a built page point at."""
    linked = set()
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme or not parts.path.endswith(".html"):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source_doc), unquote(parts.path)))
        target = target.removesuffix(".html")
        if target in docnames and target != source_doc:
            linked.add(target)
    return linked


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)

    def add(self, page: Page, line: int, message: str, root: Path) -> None:
        self.problems.append(f"{_shown(page.path, root)}:{line}: {message}")


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return str(path)


def find_pages(docs: Path) -> list[Page]:
    pages = []
    for path in sorted(docs.rglob("*.md")):
        relative = path.relative_to(docs)
        if SKIPPED_DIRS & set(relative.parts) or path.name == "README.md":
            continue
        pages.append(Page(relative.with_suffix("").as_posix(), path, path.read_text(encoding="utf-8")))
    return pages


def check(docs: Path, html: Path) -> Report:
    report = Report()
    pages = find_pages(docs)
    docnames = {page.docname for page in pages}
    inbound: dict[str, set[str]] = {name: set() for name in docnames}
    built_pages = set()
    for page in pages:
        built = html / f"{page.docname}.html"
        if not built.is_file():
            report.add(page, 1, f"no built page {built}: build the site first (make html)", docs)
            continue
        built_pages.add(page.docname)
        parsed = read_built_page(built)
        # each image once: the build reports one whose source lacks alt text at its line
        for src in [] if check_images(page) else parsed.images:
            report.add(page, 1, f"the built page shows image {src} without alt text", docs)
        outbound = linked_docnames(page.docname, parsed.links, docnames)
        for target in outbound:
            inbound[target].add(page.docname)
        chapters = {t for t in outbound if t not in ("glossary", "references")}
        if len(chapters) < MIN_LINKS_OUT and not page.docname.startswith(CONTRIBUTOR_GUIDE):
            report.add(page, page.title_line, f"links to {len(chapters)} other chapters in its text "
                                              f"(link to at least {MIN_LINKS_OUT} related ones)", docs)
    for page in pages:
        exempt = page.docname in NEEDS_NO_INBOUND_LINK or page.docname.startswith(CONTRIBUTOR_GUIDE)
        if not exempt and page.docname in built_pages and not inbound[page.docname]:
            report.add(page, page.title_line, "no other page links to this page in its text "
                                              "(the table of contents does not count)", docs)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path, nargs="?", default=Path("docs"), help="the sources (default docs)")
    parser.add_argument("html", type=Path, nargs="?", default=Path("build/html"),
                        help="the site built from them (default build/html)")
    args = parser.parse_args(argv)
    for folder, hint in ((args.docs, "the handbook's sources"), (args.html, "build the site first (make html)")):
        if not folder.is_dir():
            print(f"{folder}: no such folder; {hint}", file=sys.stderr)
            return 2
    report = check(args.docs, args.html)
    for problem in report.problems:
        print(problem)
    print(f"check_content: {args.docs}: {len(report.problems)} problems", file=sys.stderr)
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
