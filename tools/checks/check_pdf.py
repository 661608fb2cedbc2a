"""Check the links and bookmarks of built PDFs, without the network.

For each PDF it checks that:

* every internal link goes to a named destination that the PDF has, or to a
  page that exists;
* no link opens a local file (``file://``, or a launch or other-file action);
* with ``--html``, the outline (bookmarks) holds every chapter of the print
  build the PDF was made from, in order, at the top level.

Each problem is one line, ``file.pdf:page N: what is wrong`` (or
``file.pdf:outline: ...``); the exit status is 1 if there was any.
Usage: ``python -m tools.checks.check_pdf --html build/print/index.html build/pdf/*.pdf``.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject

from tools.checks.html_reader import read, text_of


def chapter_titles(print_html: Path) -> list[str]:
    """The chapters of a print build: its ``<h2>`` headings (the book's title
    is its one ``<h1>``; print.css makes each ``<h2>`` a top-level bookmark)."""
    titles = []
    for heading in read(print_html.resolve()).soup.find_all("h2"):
        heading = copy.copy(heading)
        for link in heading.select("a.headerlink"):
            link.decompose()
        titles.append(text_of(heading))
    return titles


def _link_problem(annot, names: set[str], page_refs: set) -> str | None:
    action = annot.get("/A")
    action = action.get_object() if action is not None else None
    dest = annot.get("/Dest")
    if action is not None:
        kind = action.get("/S")
        if kind == "/URI":
            uri = str(action.get("/URI", ""))
            return f"link opens a local file {uri!r}" if uri.lower().startswith("file:") else None
        if kind in ("/Launch", "/GoToR", "/GoToE"):
            return f"link opens another file ({kind[1:]} action)"
        if kind == "/GoTo":
            dest = action.get("/D")
    if dest is None:
        return None
    dest = dest.get_object() if isinstance(dest, IndirectObject) else dest
    if isinstance(dest, ArrayObject):
        target = dest[0] if dest else None
        ref = (target.idnum, target.generation) if isinstance(target, IndirectObject) else None
        return None if ref in page_refs else "link to a page that does not exist"
    name = str(dest).lstrip("/")
    return None if name in names else f"link to missing destination '{name}'"


def check_pdf(path: Path, chapters: list[str] | None = None) -> list[str]:
    reader = PdfReader(path)
    names = {str(name).lstrip("/") for name in reader.named_destinations}
    page_refs = {(page.indirect_reference.idnum, page.indirect_reference.generation)
                 for page in reader.pages}
    problems = []
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            if (problem := _link_problem(annot, names, page_refs)):
                problems.append(f"{path}:page {number}: {problem}")
    if chapters is not None:
        top_level = [item.title for item in reader.outline if not isinstance(item, list)]
        if not top_level:
            problems.append(f"{path}:outline: the PDF has no bookmarks")
        missing = [title for title in chapters if title not in top_level]
        for title in missing:
            problems.append(f"{path}:outline: no top-level bookmark for chapter '{title}'")
        found = [title for title in top_level if title in chapters]
        if not missing and found != chapters:
            problems.append(f"{path}:outline: chapters are out of order: {found}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", type=Path, nargs="+", metavar="PDF")
    parser.add_argument("--html", type=Path, help="the print build the PDFs came from; "
                        "its chapters must all be bookmarks")
    args = parser.parse_args(argv)
    chapters = chapter_titles(args.html) if args.html else None
    if chapters == []:
        print(f"{args.html}: no chapters found (is this a print build?)", file=sys.stderr)
        return 2
    problems = []
    for pdf in args.pdfs:
        if not pdf.is_file():
            problems.append(f"{pdf}: no such PDF; build it first (make pdf)")
            continue
        problems += check_pdf(pdf, chapters)
    for problem in problems:
        print(problem)
    print(f"check_pdf: {len(args.pdfs)} PDFs, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
