"""Printables: the red-flag card and the two-week diary, in the handbook's PDF and as one-page PDFs.

They are made by ``{printable}`` (tools/extensions/handbook_printables.py) and
printed alone by tools/pdf/build_pdf.py; the diary's markup comes from the
template a programme's handout fills too (tools/pdf/diary.py).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from pypdf import PdfReader

from test_red_flags import CONDITIONS, items
from tools.pdf import build_pdf, handout
from tools.pdf.build_pdf import PAPERS, pdf_name
from tools.site.edition import read_edition

CARDS = {"red-flag-card": ["low-back", "sciatica", "general"],  # {card: the conditions whose 999 boxes it shows}
         "red-flag-card-neck-and-upper-back": ["neck", "upper-back", "general"]}
TITLES = {"red-flag-card": "Call 999 now: low back pain and sciatica",
          "red-flag-card-neck-and-upper-back": "Call 999 now: neck and upper back pain"}
PRINTABLES = [*CARDS, "exercise-diary"]
PAPER_POINTS = {"a4": (595, 842), "letter": (612, 792)}
LARGE = 14  # points: the smallest type on the card, but for its footer line
PRINT_CONF = {
    "handbook_print": True,
    "html_theme": "hb_print",
    "html_theme_path": [str(Path(__file__).resolve().parent.parent / "docs" / "_themes")],
    "html_static_path": [str(Path(__file__).resolve().parent.parent / "docs" / "_static")],
    "html_context": {"handbook_edition": read_edition(), "handbook_author": "Test"},
}


def flat(text: str) -> str:
    return " ".join(text.split())


def card_signs(card: str) -> list[str]:
    """Every "call 999" sign of the card's conditions, from the snippets."""
    snippets = dict.fromkeys(s for area in CARDS[card] for s in CONDITIONS[area].emergency)
    return [sign for snippet in snippets for sign in items(snippet)]


def test_the_cards_between_them_show_every_conditions_call_999_signs():
    assert {area for areas in CARDS.values() for area in areas} == set(CONDITIONS)
    assert all("general" in areas for areas in CARDS.values())  # whoever exercises: on every card
    assert {"red-flags-back-emergency", "red-flags-cauda-equina", "red-flags-sciatica-emergency"} <= {
        s for area in CARDS["red-flag-card"] for s in CONDITIONS[area].emergency}
    assert {"red-flags-neck-emergency", "red-flags-upper-back-emergency"} <= {
        s for area in CARDS["red-flag-card-neck-and-upper-back"] for s in CONDITIONS[area].emergency}


def type_sizes(page) -> list[tuple[str, float]]:
    """(text, size in points) of every run of text on a PDF page."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            runs.append((text.strip(), round(size * scale, 1)))

    page.extract_text(visitor_text=visit)
    return runs


def skeleton(tag: Tag) -> list[tuple]:
    """A diary's markup without its words: each element's name, classes and scope."""
    return [(t.name, tuple(t.get("class", ())), t.get("scope")) for t in [tag, *tag.find_all(True)]]


# -- One page each, on its paper -------------------------------------------------------------

@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("name", PRINTABLES)
def test_each_printable_is_one_page_on_its_paper(handbook, name, paper):
    pages = PdfReader(handbook.pdf_dir / pdf_name(handbook.edition, paper, name)).pages
    assert len(pages) == 1
    assert sorted(round(float(x)) for x in pages[0].mediabox[2:]) == sorted(PAPER_POINTS[paper])


@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("card", list(CARDS))
def test_the_card_has_every_call_999_sign_in_large_type(handbook, card, paper):
    page = PdfReader(handbook.pdf_dir / pdf_name(handbook.edition, paper, card)).pages[0]
    text = flat(page.extract_text())
    assert text.startswith(TITLES[card])
    for sign in card_signs(card):
        assert sign in text, sign
    small = [(run, size) for run, size in type_sizes(page) if size < LARGE]
    footer = f"Exercises for Back Pain \u00b7 {read_edition().title}"
    assert small and all(run in footer for run, _ in small), small


@pytest.mark.parametrize("paper", list(PAPERS))
def test_the_diary_has_14_days_8_exercises_a_pain_and_a_note_row(handbook, paper):
    page = PdfReader(handbook.pdf_dir / pdf_name(handbook.edition, paper, "exercise-diary")).pages[0]
    text = flat(page.extract_text())
    assert "Your exercise and pain diary" in text and "Pain (0 to 10)" in text and "Notes" in text
    assert " ".join(str(day) for day in range(1, 15)) in text
    assert "Stop an exercise" in text and "Call 999" in text  # when to stop, when to get help now
    width, height = (float(x) for x in page.mediabox[2:])
    assert width > height  # landscape: 14 days with room to write


def test_the_diarys_table_is_two_weeks_of_days_by_8_exercises(handbook):
    for path in (handbook.html / "exercising-at-home.html", handbook.print_html):
        table = BeautifulSoup(path.read_text(), "html.parser").select_one(
            "#hb-printable-exercise-diary table.hb-diary-table")
        days = [th.get_text(strip=True) for th in table.select("thead th[scope=col]")][1:]
        assert days == [str(day) for day in range(1, 15)], path
        rows = table.select("tbody tr")
        kinds = [row["class"][0] for row in rows]
        assert kinds == ["hb-diary-dates", *["hb-diary-exercise"] * 8, "hb-diary-pain", "hb-diary-note"], kinds
        assert all(len(row.find_all("td")) == 14 for row in rows)


def test_the_book_has_the_card_and_the_diary_each_on_a_page_of_its_own(handbook):
    for paper in PAPERS:
        pages = [flat(page.extract_text()) for page in PdfReader(handbook.pdf(paper)).pages]
        for card, title in TITLES.items():
            found = [text for text in pages if text.startswith(title)]
            assert len(found) == 1, (paper, card)
            assert all(sign in found[0] for sign in card_signs(card)), (paper, card)
        diary = [n for n, text in enumerate(pages) if text.startswith("Your exercise and pain diary")]
        assert len(diary) == 1 and "Notes" in pages[diary[0]], paper
        width, height = (float(x) for x in PdfReader(handbook.pdf(paper)).pages[diary[0]].mediabox[2:])
        assert width > height, paper


# -- One diary design: the handbook's, the handout's and the builder's ------------------------

def test_a_handout_prints_the_handbooks_diary_with_its_exercises_written_in(handbook):
    from tools.exercises.programme import Item, Programme

    book = BeautifulSoup(handbook.print_html.read_text(), "html.parser").select_one(
        "#hb-printable-exercise-diary .hb-diary")
    labels = ["bridge", "chin-tuck"]
    printed = BeautifulSoup(handout.handout_html(handbook.print_html.parent, Programme([Item(x) for x in labels])),
                            "html.parser").select_one(".hb-handout-sheet .hb-diary")
    assert skeleton(printed) == skeleton(book)
    names = [th.get_text(strip=True) for th in printed.select("tr.hb-diary-exercise th")]
    assert names == ["Bridge", "Chin tuck", "", "", "", "", "", ""]
    assert flat(printed.select_one(".hb-diary-how").get_text(" ")) == flat(book.select_one(".hb-diary-how").get_text(" "))
    many = BeautifulSoup(handout.handout_html(handbook.print_html.parent, Programme(
        [Item(e["label"]) for e in _exercises(handbook)[:10]])), "html.parser")
    assert len(many.select(".hb-handout-sheet tr.hb-diary-exercise")) == 10  # a row for each, more than 8


def _exercises(handbook) -> list[dict]:
    import json

    return json.loads((handbook.print_html.parent / handout.DATA).read_text())["exercises"]


def test_the_builders_print_view_fills_the_same_diary(handbook, browser, served_site):
    book = BeautifulSoup(handbook.print_html.read_text(), "html.parser").select_one(
        "#hb-printable-exercise-diary .hb-diary")
    page = browser.new_page()
    page.goto(f"{served_site}/my-programme.html#p=1~bridge~chin-tuck!b1", wait_until="networkidle")
    for _ in range(100):  # poll: the page's CSP forbids wait_for_function
        if page.evaluate("document.querySelector('.hb-handout .hb-diary') !== null"):
            break
        page.wait_for_timeout(100)
    shown = BeautifulSoup(page.evaluate("document.querySelector('.hb-handout .hb-diary').outerHTML"), "html.parser")
    page.close()
    assert skeleton(shown.select_one(".hb-diary")) == skeleton(book)
    assert [th.get_text(strip=True) for th in shown.select("tr.hb-diary-exercise th")][:3] == ["Bridge", "Chin tuck", ""]


# -- The site links to them --------------------------------------------------------------------

@pytest.mark.parametrize(("page", "name", "text"), [
    ("red-flag-card", "red-flag-card", "Print the card for low back pain and sciatica"),
    ("red-flag-card", "red-flag-card-neck-and-upper-back", "Print the card for neck and upper back pain"),
    ("exercising-at-home", "exercise-diary", "Print the diary"),
])
def test_the_site_links_each_printables_pdfs(handbook, page, name, text):
    soup = BeautifulSoup((handbook.html / f"{page}.html").read_text(), "html.parser")
    expected = [f"pdf/{pdf_name(handbook.edition, paper, name)}" for paper in PAPERS]
    links = [p for p in soup.select(".hb-printable-links") if [a["href"] for a in p.select("a")] == expected]
    assert len(links) == 1, expected
    assert links[0].get_text().startswith(text)
    assert all((handbook.html / href).is_file() for href in expected)


def test_the_card_is_linked_from_get_help_now_and_exercising_at_home(handbook):
    for page in ("get-help-now", "exercising-at-home"):
        soup = BeautifulSoup((handbook.html / f"{page}.html").read_text(), "html.parser")
        assert soup.select_one("article p a[href='red-flag-card.html']"), page


# -- A printable that does not fit fails, and leaves the last good PDF --------------------------

@pytest.mark.sphinx("singlehtml", testroot="print-printable", confoverrides=PRINT_CONF)
def test_a_printable_that_runs_onto_a_second_page_fails_and_leaves_the_last_good_pdf(app, tmp_path, capsys):
    app.build()
    assert not app.warning.getvalue()
    edition = read_edition().label
    target = tmp_path / pdf_name(edition, "a4", "too-long")
    target.write_bytes(b"%PDF last good one")
    status = build_pdf.main([str(app.outdir / "index.html"), str(tmp_path), "--paper", "a4"])
    out, err = capsys.readouterr()
    assert status == 1
    assert re.search(r"too-long-\S+-a4\.pdf: runs onto [2-9] pages, but it must fit on 1", err), err
    assert target.read_bytes() == b"%PDF last good one"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [target.name, pdf_name(edition, "a4"), pdf_name(edition, "a4", "short")])
    short = PdfReader(tmp_path / pdf_name(edition, "a4", "short"))
    assert len(short.pages) == 1 and flat(short.pages[0].extract_text()).startswith("A short card")
    assert "/StructTreeRoot" in short.trailer["/Root"] and short.trailer["/Root"]["/Lang"] == "en"
