"""Print the handbook to PDF, on A4 and on US Letter, with WeasyPrint.

Reads the single-page print build (``make print``) and writes
``exercises-for-back-pain-<edition>-<paper>.pdf`` for each paper size. Each
PDF is tagged (PDF/UA-1), so it carries its language, title and structure.

WeasyPrint's tags are then mended with pikepdf (tools/pdf/tagging.py: the
footer as an artifact, one Link per link, list bodies, link texts), so that
tools/checks/check_pdfua.py passes.

Any warning from WeasyPrint, such as a link to a missing anchor, fails the
build. A PDF is written to a temporary file and renamed into place only when
it is complete, so a failed build never leaves a broken PDF behind.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tools.pdf.tagging import tidy
from tools.site.edition import read_edition

PAPERS = {"a4": "A4", "letter": "letter"}
TITLE = "Exercises for Back Pain"
SLUG = "exercises-for-back-pain"
SYSTEM_LIBRARIES = "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


def pdf_name(edition: str, paper: str) -> str:
    return f"{SLUG}-{edition}-{paper}.pdf"


def page_css(paper: str, edition: str) -> str:
    footer = f"{TITLE} \u00b7 Edition {edition}"
    return f'@page {{ size: {PAPERS[paper]}; @bottom-left {{ content: "{footer}"; }} }}'


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def weasyprint_problems():
    """Collect WeasyPrint's warnings and errors instead of printing them."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    previous, logger.propagate = logger.propagate, False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


class PDFBuildError(Exception):
    pass


def _text(element) -> str:
    """What a link reads as: its words, or its images' alt text."""
    if element is None:
        return ""
    words = " ".join("".join(element.itertext()).split())
    if not words:
        words = " ".join(img.get("alt", "") for img in element.iter() if str(img.tag).endswith("img")).strip()
    return words


def link_texts(document) -> list[list[tuple[str, str, str]]]:
    """(type, target, text) of each link WeasyPrint laid out, page by page, in the
    order it writes their annotations (``Page.links`` is public API)."""
    return [[(kind, target, _text(box.element)) for kind, target, _, box in page.links]
            for page in document.pages]


def build_pdf(html: Path, target: Path, paper: str, edition: str, source: str | None = None) -> None:
    """Write one PDF atomically; raise PDFBuildError if WeasyPrint complains.

    ``source``, if given, is printed instead of the file ``html``, with links
    resolved as if it were that file (tools/pdf/handout.py uses this)."""
    try:
        from weasyprint import CSS, HTML  # slow to import: only when printing
    except OSError as error:  # WeasyPrint loads Pango and HarfBuzz from the system
        raise PDFBuildError(f"WeasyPrint cannot load a system library it needs ({error}); install "
                            f"them as README.md says: {SYSTEM_LIBRARIES}") from None

    temporary = target.with_name(f".{target.name}.tmp")
    try:
        with weasyprint_problems() as problems:
            page = HTML(filename=str(html)) if source is None else HTML(string=source, base_url=str(html))
            document = page.render(
                stylesheets=[CSS(string=page_css(paper, edition))]
            )
            document.write_pdf(temporary, pdf_variant="pdf/ua-1")
        if problems:
            raise PDFBuildError("\n".join(f"{html}: {message}" for message in problems))
        try:
            tidy(temporary, link_texts(document))
        except ValueError as error:
            raise PDFBuildError(f"{html}: mending the PDF's tags: {error}") from None
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="the print build's index.html")
    parser.add_argument("outdir", type=Path, help="where the PDFs go")
    parser.add_argument("--paper", choices=sorted(PAPERS), action="append",
                        help="build only this paper size (may be repeated)")
    args = parser.parse_args(argv)
    if not args.html.is_file():
        print(f"{args.html}: not found; run `make print` first", file=sys.stderr)
        return 1
    edition = read_edition().number
    args.outdir.mkdir(parents=True, exist_ok=True)
    failed = False
    for paper in args.paper or list(PAPERS):
        target = args.outdir / pdf_name(edition, paper)
        print(f"pdf: {target} ({PAPERS[paper]}) ...", end=" ", flush=True)
        start = time.perf_counter()
        try:
            build_pdf(args.html, target, paper, edition)
        except PDFBuildError as err:
            print("FAILED", flush=True)
            print(err, file=sys.stderr)
            failed = True
            continue
        print(f"done in {time.perf_counter() - start:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
