"""Print the handbook to PDF, on A4, on US Letter and in large print, with WeasyPrint.

Reads the single-page print build (``make print``) and writes
``exercises-for-back-pain-<edition>-<size>.pdf`` for each size in SIZES (a
paper, and the values it sets for print.css's custom properties: large print
has bigger type and drawings, and one exercise a page), and each printable in
it (``{printable}``, tools/extensions/handbook_printables.py: the red-flag
card, the diary) alone, as ``<name>-<edition>-<paper>.pdf``. A
printable must fit on one page: one that runs onto a second fails. Each
PDF is tagged (PDF/UA-1), so it carries its language, title and structure.

The A4 and Letter books are laid out once, on A4: the Letter book is the
finished A4 PDF with each page centred on Letter paper (PLACED,
tools/pdf/place.py), so both books have the same pages, and Letter takes a
second, not a second layout. The layouts (A4, large print) and the
printables are printed at once, each in a process of its own, one a core
(``--jobs``): WeasyPrint lays a document out on one core, so this is how the
second core helps.

WeasyPrint's tags are then mended with pikepdf (tools/pdf/tagging.py: the
footer as an artifact, one Link per link, list bodies, link texts), so that
tools/checks/check_pdfua.py passes.

Any warning from WeasyPrint, such as a link to a missing anchor, fails the
build. A PDF is written to a temporary file and renamed into place only when
it is complete, so a failed build never leaves a broken PDF behind. When
every PDF is made, those of another edition or draft (``YYYY.N`` beside
``YYYY.N-draft``), or of a printable no page has now, are removed, as the
folder goes into the site whole.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from html import escape
from itertools import product
from pathlib import Path

from tools.site.edition import edition_title, read_edition

PAPERS = {"a4": "A4", "letter": "letter"}
PAPER_MM = {"a4": (210, 297), "letter": (215.9, 279.4)}  # width, height
MM = 96 / 25.4  # CSS pixels, WeasyPrint's unit, in a millimetre
LARGE_PRINT = {"--hb-scale": "1.5", "--hb-footer-size": "16pt", "--hb-exercise-break": "page",
               "--hb-card-break": "auto", "--hb-list-break": "auto", "--hb-panel-stack": "1", "--hb-panel-arrow": "none"}
# Each PDF of the book, by the name that ends its file: (paper, print.css
# custom properties). Every paper is a size; a printable is printed on each
# paper only. Letter's narrower margins are for what is laid out on Letter (a
# handout, a printable): the book's Letter PDF is PLACED from A4's.
SIZES = {"a4": ("a4", {}),
         "letter": ("letter", {"--hb-page-margin": "14mm 18mm 17mm 18mm", "--hb-card-margin": "12mm 14mm 16mm"}),
         "large-print-a4": ("a4", LARGE_PRINT)}
# A size of the book printed from another size's PDF, each page centred on
# its own paper (tools/pdf/place.py): the Letter book has the A4 book's pages,
# so that a page number is the same on either paper and the book is laid out
# once for both. print.css's margins (--hb-page-margin, @page hb-landscape)
# leave room for it: no page's text comes nearer an edge than MIN_MARGIN_MM on
# either paper, nor its footer than MIN_FOOTER_MM (what Letter's own layout
# leaves); check_fits() fails the build if one would.
PLACED = {"letter": "a4"}
MIN_MARGIN_MM, MIN_FOOTER_MM = 12, 6
TITLE = "Exercises for Back Pain"
SLUG = "exercises-for-back-pain"
SYSTEM_LIBRARIES = "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


def pdf_name(edition: str, size: str, name: str = SLUG) -> str:
    """The handbook's PDF, or with ``name`` a printable's."""
    return f"{name}-{edition}-{size}.pdf"


def size_of(pdf: Path) -> str | None:
    """The size a PDF of the book was printed at, from its name (None if not the book's)."""
    for size in sorted(SIZES, key=len, reverse=True):  # large-print-a4 before a4
        if pdf.name.startswith(f"{SLUG}-") and pdf.name.endswith(f"-{size}.pdf"):
            return size
    return None


def page_css(size: str, edition: str, one_page: bool = False, cover: bool = True) -> str:
    """The paper, the footer and the size's custom properties. A landscape
    page (the diary's) is on the same paper: ``!important``, as this is a
    user stylesheet and hb-diary.css's own ``size: landscape`` (for
    browsers, which know the paper) would win. A document with no cover (a
    handout, a printable) keeps the footer print.css leaves off a first page,
    with "Page 1 of N", or none on a one-page printable. The custom
    properties are ``!important`` for the same reason."""
    paper, variables = SIZES[size]
    footer = f"{TITLE} \u00b7 {edition_title(edition)}"
    css = (f'@page {{ size: {PAPERS[paper]}; @bottom-left {{ content: "{footer}"; }} }}\n'
           f'@page hb-landscape {{ size: {PAPERS[paper]} landscape !important; }}\n')
    if one_page or not cover:
        number = "none" if one_page else '"Page " counter(page) " of " counter(pages)'
        css += (f'@page :first {{ @bottom-left {{ content: "{footer}" !important; }}\n'
                f'  @bottom-right {{ content: {number} !important; }} }}\n')
    if variables:
        css += ":root { " + " ".join(f"{name}: {value} !important;" for name, value in variables.items()) + " }\n"
    return css


def printables(html: Path) -> dict[str, str]:
    """{name: a page holding that printable alone} for each printable in the print build.

    The page has the print build's stylesheets and language; its title
    becomes its heading, and links within the handbook (glossary words,
    citations) become plain text, as the rest of the book is not there."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    styles = "\n".join(str(link) for link in soup.head.select('link[rel="stylesheet"]'))
    pages = {}
    for element in soup.select("div.hb-printable[id^='hb-printable-']"):
        name = element["id"].removeprefix("hb-printable-")
        for link in element.select('a[href^="#"]'):
            link.unwrap()
        title = element.select_one(".hb-printable-title")
        if title is not None:
            title.name = "h1"
        heading = title.get_text(" ", strip=True) if title is not None else name
        pages[name] = (f'<!DOCTYPE html>\n<html lang="{soup.html.get("lang", "en")}">\n<head><meta charset="utf-8">'
                       f"<title>{escape(heading)}: {TITLE}</title>\n{styles}\n</head>\n"
                       f'<body class="hb-printable-page">\n{element}\n</body>\n</html>\n')
    return pages


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


def _keep_page_references() -> None:
    """pydyf makes ``PDF.page_references`` afresh each time it is read, and
    WeasyPrint's tagging (weasyprint/pdf/tags.py) reads it once for each box:
    a tuple of every page for each of some 20,000 boxes, 1.2 s of the
    large-print PDF's 20. Keep it while the list of pages stays the same; the
    PDF is the same, byte for byte."""
    import pydyf

    made = pydyf.PDF.page_references
    if not isinstance(made, property) or getattr(made.fget, "kept", False):
        return

    def page_references(pdf):
        count = len(pdf.pages["Kids"])
        kept = pdf.__dict__.get("_hb_page_references")
        if kept is None or kept[0] != count:
            kept = pdf.__dict__["_hb_page_references"] = (count, made.fget(pdf))
        return kept[1]

    page_references.kept = True
    pydyf.PDF.page_references = property(page_references)


def _target_counters_once() -> None:
    """Lay out each page that shows a ``target-counter()`` (the contents, the
    finders, the condition pages' exercise lists: 20 pages of the book) twice,
    not three times: about a second of each layout.

    WeasyPrint 70 (formatting_structure/build.py, compute_content_list) has
    two slips here. It keys the target a ``target-counter(attr(href url),
    page)`` waits for by the unresolved ``attr()``, so no target's page ever
    updates it; and it reuses its ``missing_counters`` name for that target's
    list, so the box is also recorded as waiting for its own page's counters.
    That second slip is what brought the numbers in: make_page updates the
    box whenever its own page's counters change, once with the targets
    unknown, once more when the number of pages is known, each time a layout
    of the page. Here the target is keyed by the anchor that ``attr()``
    resolved to (the name ``lookup_target``, called just before, found), and
    the box waits for no counter of its own: each target brings its number
    in as its page is laid out, and the page is laid out once more."""
    from weasyprint.css import targets

    if getattr(targets.anchor_name_from_token, "mended", False):
        return
    anchor_name, collect = targets.anchor_name_from_token, targets.TargetCollector.collect_missing_counters
    resolved = [None]

    def anchor_name_from_token(token):
        if token[0] == "attr()":  # compute_content_list, after lookup_target resolved it
            return resolved[0]
        resolved[0] = anchor_name(token)
        return resolved[0]

    def collect_missing_counters(self, parent_box, css_token, parse_again, missing_counters,
                                 missing_target_counters):
        if any(missing_counters is waiting for waiting in missing_target_counters.values()):
            missing_counters = []
        collect(self, parent_box, css_token, parse_again, missing_counters, missing_target_counters)

    anchor_name_from_token.mended = True
    targets.anchor_name_from_token = anchor_name_from_token
    targets.TargetCollector.collect_missing_counters = collect_missing_counters


def _trailing_space_hangs() -> None:
    """Let a space at the end of a line hang, as CSS says, where WeasyPrint
    would instead break after the line's first word.

    Text followed by a link, such as "... put it to the test in <a>trials</a>",
    is laid out as its own piece, ending in a space. When that piece fits the
    line only without its space, Pango finds no break, but WeasyPrint 70
    (text/line_break.py, split_first_line) measures it with the space, finds
    it too wide, and takes the line to hold one word: "For" alone on a line,
    then the rest (3 lines of the book, 2 of large print). Here, when the
    piece without its trailing spaces fits, it is given whole; the space
    collapses at the end of the line and the link goes to the next one."""
    from weasyprint.layout import inline

    split = inline.split_first_line
    if getattr(split, "mended", False):
        return

    def split_first_line(text, style, context, max_width, justification_spacing, is_line_start=True,
                         minimum=False):
        found = split(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        if (found[2] is not None and max_width is not None and text.endswith(" ") and "\n" not in text
                and found[1] <= text.encode().find(b" ")  # the line is the first word alone
                and style["white_space"] in ("normal", "nowrap", "pre-line")):
            bare = split(text.rstrip(" "), style, context, max_width, justification_spacing, is_line_start,
                         minimum)
            if bare[2] is None and bare[3] <= max_width:
                return split(text, style, context, None, justification_spacing, is_line_start, minimum)
        return found

    split_first_line.mended = True
    inline.split_first_line = split_first_line


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


def _render(html: Path, size: str, edition: str, source: str | None = None, one_page: bool = False,
            cover: bool = True):
    """WeasyPrint's layout of the page at ``size`` (a key of SIZES); raise
    PDFBuildError if WeasyPrint cannot start or complains while laying it out."""
    try:
        from weasyprint import CSS, HTML  # slow to import: only when printing
    except OSError as error:  # WeasyPrint loads Pango and HarfBuzz from the system
        raise PDFBuildError(f"WeasyPrint cannot load a system library it needs ({error}); install "
                            f"them as README.md says: {SYSTEM_LIBRARIES}") from None

    _keep_page_references()
    _target_counters_once()
    _trailing_space_hangs()
    with weasyprint_problems() as problems:
        page = HTML(filename=str(html)) if source is None else HTML(string=source, base_url=str(html))
        document = page.render(stylesheets=[CSS(string=page_css(size, edition, one_page=one_page, cover=cover))])
    if problems:
        raise PDFBuildError("\n".join(f"{html}: {message}" for message in problems))
    return document


def _temporary(target: Path) -> Path:
    """Where ``target`` is written until it is whole."""
    return target.with_name(f".{target.name}.tmp")


@contextmanager
def _atomically(target: Path):
    """Give the temporary file to write ``target`` to; rename it into place if
    the block ends without an error, else remove it."""
    temporary = _temporary(target)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _write(document, target: Path, where: Path) -> None:
    """Write ``document`` to ``target`` atomically, its tags mended."""
    from tools.pdf.tagging import tidy  # pikepdf: here, not where the site's extensions read pdf_name

    with _atomically(target) as temporary:
        with weasyprint_problems() as problems:
            # Uncompressed: tidy() saves it with pikepdf, which compresses every
            # stream (and would decode and compress WeasyPrint's again): 1 s less.
            document.write_pdf(temporary, pdf_variant="pdf/ua-1", uncompressed_pdf=True)
        if problems:
            raise PDFBuildError("\n".join(f"{where}: writing {target.name}: {message}" for message in problems))
        try:
            tidy(temporary, link_texts(document))
        except ValueError as error:
            raise PDFBuildError(f"{where}: mending {target.name}'s tags: {error}") from None


def check_fits(document, paper: str, where: Path) -> None:
    """Raise PDFBuildError if a page of ``document``, centred on ``paper`` (a
    key of PAPERS; a landscape page on the paper turned), would have its text
    nearer an edge than MIN_MARGIN_MM, or its footer than MIN_FOOTER_MM. Read
    from WeasyPrint's page boxes (``Page._page_box``, which its own PDF tags
    read), before anything is written."""
    from weasyprint.formatting_structure.boxes import MarginBox

    portrait = tuple(side * MM for side in PAPER_MM[paper])
    for number, page in enumerate(document.pages, 1):
        box = page._page_box
        width, height = portrait if page.width <= page.height else reversed(portrait)
        dx, dy = (width - page.width) / 2, (height - page.height) / 2
        lowest = max((line.position_y + line.height for margin in box.children if isinstance(margin, MarginBox)
                      for line in margin.children), default=0) + dy
        for what, nearest, least in (
                ("text", min(box.margin_left + dx, box.margin_right + dx, box.margin_top + dy,
                             box.margin_bottom + dy), MIN_MARGIN_MM),
                ("footer", height - lowest, MIN_FOOTER_MM)):
            if nearest < least * MM:
                raise PDFBuildError(f"{where}: page {number}'s {what} would be {nearest / MM:.1f} mm from the "
                                    f"edge of {PAPERS[paper]} paper, less than {least} mm: widen its margins "
                                    f"in print.css so that it fits on both papers")


def _place(source: Path, target: Path, paper: str, where: Path) -> None:
    """Write the finished PDF ``source`` centred on ``paper`` to ``target``, atomically."""
    from tools.pdf.place import PlacementError, place_pdf

    with _atomically(target) as temporary:
        try:
            place_pdf(source, temporary, tuple(side * 72 / 25.4 for side in PAPER_MM[paper]))
        except PlacementError as error:
            raise PDFBuildError(f"{where}: {target.name}: {error}") from None


def build_pdfs(html: Path, targets: dict[str, Path], edition: str) -> None:
    """Write the book at each size in ``targets`` ({size: PDF}) from one layout:
    that of the size the others are PLACED from, written first; each other
    size is then that PDF centred on its paper (tools/pdf/place.py). Raise
    PDFBuildError with every problem found: WeasyPrint's, or a page that would
    not fit the other paper. A size is written only from a whole PDF of the
    layout: if that fails, no other size replaces its last good PDF."""
    layouts = {PLACED.get(size, size) for size in targets}
    if len(layouts) != 1:
        raise ValueError(f"{', '.join(targets)} are not laid out alike: build them apart")
    layout = layouts.pop()
    document = _render(html, layout, edition)
    problems = []
    for size in targets:
        if size != layout:
            try:
                check_fits(document, SIZES[size][0], html)
            except PDFBuildError as error:
                problems.append(str(error))
    own = targets.get(layout) or _temporary(targets[next(iter(targets))]).with_suffix(f".{layout}.pdf")
    try:
        try:
            _write(document, own, html)
        except PDFBuildError as error:
            problems.append(str(error))
        if problems:
            raise PDFBuildError("\n".join(problems))
        for size, target in targets.items():
            if size != layout:
                _place(own, target, SIZES[size][0], html)
    finally:
        if layout not in targets:
            own.unlink(missing_ok=True)


def build_pdf(html: Path, target: Path, size: str, edition: str, source: str | None = None,
              max_pages: int | None = None) -> None:
    """Write one PDF laid out on ``size``'s own paper (a key of SIZES) atomically; raise
    PDFBuildError if WeasyPrint complains, or if it has more than ``max_pages`` pages.

    ``source``, if given, is printed instead of the file ``html``, with links
    resolved as if it were that file (tools/pdf/handout.py and the printables
    use this)."""
    # a page given as ``source`` (a handout, a printable) has no cover: its first page is footed
    document = _render(html, size, edition, source, one_page=max_pages == 1, cover=source is None)
    if max_pages is not None and len(document.pages) > max_pages:
        raise PDFBuildError(f"{target.name}: runs onto {len(document.pages)} pages, but it must fit on "
                            f"{max_pages}: shorten it, or make its type smaller in print.css")
    _write(document, target, html)


def _timed(build, *args) -> tuple[float, str | None]:
    """Run ``build(*args)`` (in a worker process): its time, and what went wrong if it failed."""
    start = time.perf_counter()
    try:
        build(*args)
    except PDFBuildError as err:
        return time.perf_counter() - start, str(err)
    return time.perf_counter() - start, None


def cores() -> int:
    """The cores this process may run on (fewer than the machine's, in a container that limits it)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="the print build's index.html")
    parser.add_argument("outdir", type=Path, help="where the PDFs go")
    parser.add_argument("--paper", choices=list(SIZES), action="append", metavar="SIZE",
                        help=f"build only this size, one of {', '.join(SIZES)} (may be repeated)")
    parser.add_argument("--jobs", type=int, default=cores(),
                        help="PDFs built at once, each in a process of its own (default: one a core)")
    args = parser.parse_args(argv)
    if not args.html.is_file():
        print(f"{args.html}: not found; run `make print` first", file=sys.stderr)
        return 1
    edition = read_edition().label
    args.outdir.mkdir(parents=True, exist_ok=True)
    sizes = args.paper or list(SIZES)
    failed = False
    books: dict[str, dict[str, Path]] = {}  # {layout: {size: PDF}}: the sizes each layout prints
    for size in sizes:
        books.setdefault(PLACED.get(size, size), {})[size] = args.outdir / pdf_name(edition, size)
    with ProcessPoolExecutor(max(1, args.jobs)) as pool:
        futures = {}
        for layout in sorted(books, key=lambda layout: -len(books[layout])):  # A4 and Letter first
            futures[pool.submit(_timed, build_pdfs, args.html, books[layout], edition)] = books[layout]
        pages = printables(args.html)
        for paper, (name, page) in product([size for size in sizes if size in PAPERS], pages.items()):
            target = args.outdir / pdf_name(edition, paper, name)  # found while the books print, and printed last
            futures[pool.submit(_timed, build_pdf, args.html, target, paper, edition, page, 1)] = {paper: target}
        for future in as_completed(futures):
            targets, (seconds, problem) = futures[future], future.result()
            print(f"pdf: {', '.join(f'{target} ({size})' for size, target in targets.items())} ... "
                  + ("FAILED" if problem else f"done in {seconds:.1f} s"), flush=True)
            if problem:
                print(problem, file=sys.stderr, flush=True)
                failed = True
    if not failed:
        for stale in stale_pdfs(args.outdir, edition, {SLUG, *pages}):
            stale.unlink()
            print(f"pdf: removed {stale}, of another edition or a printable no page has now", flush=True)
    return 1 if failed else 0


def stale_pdfs(outdir: Path, edition: str, names: set[str]) -> list[Path]:
    """The PDFs in `outdir` named for another edition or draft than `edition`, or for
    a book or printable not among `names`: the folder is published whole, so after a
    release it would offer the draft's too, and a renamed card's old file."""
    named = re.compile(rf"^(?P<name>[a-z0-9-]+?)-(?P<label>\d{{4}}\.\d+(?:-draft)?)-"
                       rf"(?:{'|'.join(map(re.escape, SIZES))})\.pdf$")
    return sorted(path for path in outdir.glob("*.pdf") if (match := named.match(path.name))
                  and (match["label"] != edition or match["name"] not in names))


if __name__ == "__main__":
    sys.exit(main())
