"""The printed handbook: pages that break where a clinic can trust them, and ways to
find things in it (bookmarks, the contents, citations and the list of references).

The page-break tests read each page's text from the real PDFs and place the print
build's structure on it (tools/checks/check_page_breaks.py)."""

from __future__ import annotations

import re
import subprocess
from collections import Counter

import pytest
from pypdf import PdfReader

from tools.checks import check_page_breaks as breaks
from tools.pdf.build_pdf import SIZES
from tools.checks.html_reader import read, text_of

PAPERS = list(SIZES)  # A4, Letter and large print


@pytest.fixture(scope="module")
def layouts(handbook) -> dict[str, tuple[breaks.Layout, bool]]:
    """Each PDF's layout, and whether it is in large print."""
    read = breaks.read_blocks(handbook.print_html)
    return {paper: (breaks.layout(handbook.print_html, handbook.pdf(paper), read),
                    breaks.is_large_print(handbook.pdf(paper)))
            for paper in PAPERS}


def found(layout: tuple[breaks.Layout, bool], *rules: str) -> list[str]:
    return [f"page {p.page}: {p.what}" for p in breaks.problems(*layout) if p.rule in rules]


# -- Page breaks -----------------------------------------------------------------------

@pytest.mark.parametrize("paper", PAPERS)
def test_no_short_list_card_box_definition_or_reference_splits_across_pages(layouts, paper):
    layout = layouts[paper]
    kinds = Counter(block.kind for block in layout[0].blocks)
    # the red-flag boxes, "In short" and "Stop" boxes, cards, glossary and references are all there
    assert kinds["card"] >= 25 and kinds["box"] >= 80 and kinds["list"] >= 100, kinds
    assert kinds["definition"] >= 50 and kinds["reference"] >= 30, kinds
    problems = found(layout, "split", "unread")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("paper", PAPERS)
def test_no_page_ends_with_a_heading(layouts, paper):
    problems = found(layouts[paper], "heading last")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("paper", PAPERS)
def test_no_page_holds_only_a_heading_or_only_one_box(layouts, paper):
    problems = found(layouts[paper], "alone")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("paper", PAPERS)
def test_no_page_is_blank(layouts, paper):
    problems = found(layouts[paper], "blank")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("paper", PAPERS)
def test_each_drawings_start_and_end_are_on_one_page(handbook, paper):
    """A reader follows the two pictures together; large print, which stacks them,
    put them on facing pages or overleaf (knee rolls, cat and camel, short walks)."""
    figures = read(handbook.print_html).soup.select(".hb-exercise-figure")
    firsts, seconds = set(), set()
    for figure in figures:
        first, second = (" ".join(c.get_text(" ").split()) for c in figure.select("figcaption"))
        firsts.add(first)
        seconds.add(second)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(handbook.pdf(paper)), "-"],
                          capture_output=True, text=True, check=True).stdout
    shown = 0
    for number, page in enumerate(text.split("\f"), 1):
        lines = [" ".join(line.split()) for line in page.splitlines()]
        starts, ends = sum(line in firsts for line in lines), sum(line in seconds for line in lines)
        assert starts == ends, f"page {number}: {starts} first pictures, {ends} second"
        shown += starts
    assert shown >= len(figures)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_contents_fill_their_pages_and_no_page_starts_with_a_chapters_last_line(handbook, paper):
    """The contents took 7 pages, one three-quarters blank, as the library chapter's
    35 lines were kept whole; and a page began with "Where to go next" alone."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(handbook.pdf(paper)), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = [[line for line in page.splitlines() if line.strip()] for page in text.split("\f")]
    first_chapter = next(i for i, page in enumerate(pages) if i > 1 and any("Last reviewed" in l for l in page))
    contents = pages[1:first_chapter]
    assert contents[0][0] == "Contents"
    fullest = max(map(len, contents))
    for number, page in enumerate(contents[:-1], 2):
        assert len(page) >= 0.75 * fullest, f"page {number}: {len(page)} lines, the fullest {fullest}"
    for number, page in enumerate(contents[1:], 3):
        assert page[0] != "Where to go next", f"page {number} starts with a chapter's last line"


def test_the_page_break_checker_finds_each_kind_of_bad_break(tmp_path, capsys):
    """A small print page with a split list, a lonely heading and a box alone on a page."""
    from weasyprint import HTML

    html = tmp_path / "index.html"
    html.write_text(
        "<html><body><h2>Warning signs list</h2><ul><li>first sign of trouble</li>"
        "<li style='break-before: page'>second sign of trouble</li></ul>"
        "<h3 style='break-after: page'>A heading left alone</h3><p>The text it introduces.</p>"
        "<div class='admonition' style='break-before: page'><p class='admonition-title'>Call now</p>"
        "<p>A box left alone on its page.</p></div>"
        "<div style='break-before: page; break-after: page; height: 1px'></div><p>After a blank page.</p>"
        "</body></html>", encoding="utf-8")
    pdf = tmp_path / "small.pdf"
    HTML(filename=str(html)).write_pdf(pdf)
    assert breaks.main(["--html", str(html), str(pdf)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{pdf}:page 1: list split over pages 1-2: 'first sign of trouble second sign of trouble'" in out
    assert f"{pdf}:page 2: heading ends the page, its text is overleaf: 'A heading left alone'" in out
    assert f"{pdf}:page 4: page holds only one box: 'Call now A box left alone on its page.'" in out
    assert f"{pdf}:page 5: page is blank: nothing on it but the running footer" in out


def test_a_box_whose_last_paragraph_runs_overleaf_is_split(tmp_path, capsys):
    """Each of its text nodes starts on page 1; the last one ends on page 2."""
    from weasyprint import HTML

    html = tmp_path / "index.html"
    words = " ".join(["stop if the pain spreads down your leg"] * 40)
    html.write_text(
        "<html><body><div style='height: 200mm'></div><div class='admonition'>"
        f"<p class='admonition-title'>Stop and get advice if</p><p>{words}</p></div></body></html>",
        encoding="utf-8")
    pdf = tmp_path / "small.pdf"
    HTML(filename=str(html)).write_pdf(pdf)
    assert breaks.main(["--html", str(html), str(pdf)]) == 1
    out = capsys.readouterr().out
    assert f"{pdf}:page 1: box split over pages 1-2: 'Stop and get advice if stop if the pain spreads down your le'" in out


def test_a_large_print_card_may_run_on_but_must_start_its_own_page(tmp_path):
    """Large print's cards are taller than a page: one may run on, but one that
    starts under the end of the card before it is reported."""
    from weasyprint import HTML

    html = tmp_path / "index.html"
    card = ("<section class='hb-exercise' style='{style}'><h5>{name}</h5><ol><li>step one</li>"
            "<li style='break-before: page'>step two</li></ol></section>")
    html.write_text("<html><body>" + card.format(style="", name="Knee rolls")
                    + card.format(style="", name="Pelvic tilt") + "</body></html>", encoding="utf-8")
    pdf = tmp_path / "small.pdf"
    HTML(filename=str(html)).write_pdf(pdf)
    lay = breaks.layout(html, pdf)
    assert [p.what for p in breaks.problems(lay, large_print=True) if p.rule == "split"] == [
        "card does not start a page of its own: 'Pelvic tilt step one step two'"]
    # where cards must fit a page, both splits are reported
    assert len([p for p in breaks.problems(lay) if p.what.startswith("card split")]) == 2
    assert breaks.is_large_print(tmp_path / "exercises-for-back-pain-2026.1-large-print-a4.pdf")
    assert not breaks.is_large_print(tmp_path / "exercises-for-back-pain-2026.1-a4.pdf")


# -- Bookmarks and the printed contents -----------------------------------------------------

def outline(paper_pdf) -> list[tuple[str, int, int]]:
    """The PDF's bookmarks as (title, depth, page), in order; depth 1 is the top level."""
    reader = PdfReader(paper_pdf)
    items = []

    def walk(level, depth):
        for item in level:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                items.append((item.title, depth, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return items


def exercises_by_page(print_html) -> dict[str, list[str]]:
    """Each page of the library (its h3) and the names of its exercise cards, in order."""
    pages: dict[str, list[str]] = {}
    for card in read(print_html).soup.select("section.hb-exercise"):
        page = next(s for s in card.find_parents("section") if s.find("h3", recursive=False))
        heading = lambda tag: text_of(tag).removesuffix("\u00b6").strip()
        pages.setdefault(heading(page.h3), []).append(heading(card.find(re.compile("^h[1-6]$"))))
    return pages


@pytest.mark.parametrize("paper", PAPERS)
def test_each_exercise_is_a_bookmark_under_its_page_of_the_library(handbook, paper):
    expected = exercises_by_page(handbook.print_html)
    assert sum(map(len, expected.values())) >= 25
    items = outline(handbook.pdf(paper))
    reader = PdfReader(handbook.pdf(paper))
    for page, exercises in expected.items():
        at = next(i for i, (title, depth, _) in enumerate(items) if title == page and depth == 2)
        under = []
        for title, depth, number in items[at + 1:]:
            if depth <= 2:
                break
            under.append(title)
            assert title in reader.pages[number - 1].extract_text(), (title, number)  # it leads to its card
        assert under == exercises, page


def printed_contents(print_html) -> list[tuple[str, int]]:
    """The printed contents as (title, depth), in order."""
    toc = read(print_html).soup.select_one(".hb-toc")
    return [(text_of(item.find("a")), len(item.find_parents("ul")))
            for item in toc.select("li")]


@pytest.mark.parametrize("paper", PAPERS)
def test_the_printed_contents_follows_the_bookmarks_in_order_and_nesting(handbook, paper):
    bookmarks = outline(handbook.pdf(paper))
    assert [number for _, _, number in bookmarks] == sorted(number for _, _, number in bookmarks)
    # the contents lists everything after itself and the book's title
    assert [title for title, _, _ in bookmarks[:2]] == ["Contents", "Exercises for Back Pain"]
    assert printed_contents(handbook.print_html) == [(title, depth) for title, depth, _ in bookmarks[2:]]


# -- Citations and references ----------------------------------------------------------

def test_the_text_cites_each_source_by_the_label_the_list_gives_it(handbook):
    soup = read(handbook.print_html).soup
    labels = {entry["id"]: entry.select_one(".label").get_text("").strip("[]")
              for entry in soup.select("div.citation")}
    assert len(labels) >= 30 and len(set(labels.values())) == len(labels)
    assert all(re.fullmatch(r".+, (\d{4}[a-z]?|n\.d\.(-[a-z])?)", label) for label in labels.values()), labels
    citations = soup.select("span.bibtex-citation a[href^='#']")
    assert len(citations) >= 50
    for link in citations:
        assert text_of(link) == labels[link["href"][1:]], link


def test_each_reference_prints_its_address_or_doi_once(handbook):
    soup = read(handbook.print_html).soup
    addresses = [a["href"] for a in soup.select("div.citation a[href^='http']")]
    dois = [address.split("doi.org/", 1)[1] for address in addresses if "doi.org/" in address]
    assert len(addresses) >= 25 and len(dois) >= 5
    for paper in PAPERS:
        first = next(number for title, depth, number in outline(handbook.pdf(paper))
                     if title == "References" and depth == 1)
        text = subprocess.run(["pdftotext", "-raw", "-f", str(first), str(handbook.pdf(paper)), "-"],
                              capture_output=True, text=True, check=True).stdout
        text = re.sub(r"\s+", "", text)  # an address may break over two lines (-raw keeps its hyphens)
        for address in addresses + dois:
            # not counting a longer address it begins
            assert len(re.findall(re.escape(address) + r"(?![\w/-])", text)) == 1, (paper, address)
