"""The handbook's content: the source text's facts each have a home, and the
red flags are written once and shown wherever they are needed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
SNIPPETS = DOCS / "_snippets"


def sections(page: str) -> dict[str, str]:
    """Each heading of docs/<page>.md mapped to the text under it (to the next heading)."""
    text = (DOCS / f"{page}.md").read_text()
    parts = re.split(r"^(#{1,6} .+)$", text, flags=re.M)
    return {heading.lstrip("#").strip(): body for heading, body in zip(parts[1::2], parts[2::2])}


# The seven facts of shared/source/exercises-for-back-pain.txt (evidence.md
# section 1): where each one is covered, and words its section must still use.
SOURCE_FACTS = [
    ("1 check with a clinician first", "start-here", "Do you need to check with someone first?",
     ["clinician", "osteoporosis", "warning signs"]),
    ("2 muscles work in opposing pairs", "muscle-balance", "Muscles work in pairs",
     ["flexor", "extensor"]),
    ("2 looking down all day", "muscle-balance", "Looking down all day", ["look down", "look up"]),
    ("2 what the evidence shows on muscle balance", "muscle-balance", "What the evidence shows",
     ["gross2015neck"]),
    ("3 who can build a programme", "start-here", "Who can help you",
     ["physiotherapist", "fitness", "osteopath", "chiropractor"]),
    ("3 strengthen weak muscles, relax overworked ones", "start-here", "What a good plan does",
     ["weak muscles stronger", "relax"]),
    ("4 rehabilitation is not a gym workout", "types-of-exercise", "A plan, not a workout", ["gym"]),
    ("4 isometric exercise", "types-of-exercise", "Isometric exercise", ["isometric exercise"]),
    ("4 passive range of motion", "types-of-exercise", "Passive range of motion", ["passive range of motion"]),
    ("4 active range of motion", "types-of-exercise", "Active range of motion", ["active range of motion"]),
    ("5 bed rest: what the trials found", "bed-rest", "What the trials found",
     ["deyo1986bedrest", "malmivaara1995treatment", "dahm2010bedrest"]),
    ("5 bed rest: on a bad day", "bed-rest", "What to do on a bad day", ["short while"]),
    ("6 benefits for the back", "benefits", "Benefits for your back", ["weak", "relax", "chemicals"]),
    ("6 benefits for the whole body", "benefits", "Benefits for your whole body",
     ["diabetes", "heart disease", "blood pressure", "cholesterol", "stress", "bones"]),
    ("7 low back pain page", "low-back-pain", "Low back pain", []),
    ("7 sciatica page", "sciatica", "Sciatica", []),
    ("7 neck pain page", "neck-pain", "Neck pain", []),
    ("7 exercising at home page", "exercising-at-home", "Exercising at home", []),
]


@pytest.mark.parametrize(("fact", "page", "heading", "words"), SOURCE_FACTS, ids=[f[0] for f in SOURCE_FACTS])
def test_each_source_fact_has_its_page_and_heading(fact, page, heading, words):
    found = sections(page)
    assert heading in found, f"docs/{page}.md lost the heading {heading!r} that covers fact {fact}"
    for word in words:
        assert word.lower() in found[heading].lower(), f"docs/{page}.md, {heading!r}: no longer says {word!r}"


def test_all_seven_source_facts_are_mapped():
    assert {int(fact.split()[0]) for fact, *_ in SOURCE_FACTS} == set(range(1, 8))


# -- Red flags ---------------------------------------------------------------------

CONDITION_PAGES = ["low-back-pain", "sciatica", "neck-pain"]


def red_flag_lines() -> list[tuple[str, str]]:
    return [(snippet.name, line[2:].strip()) for snippet in sorted(SNIPPETS.glob("red-flags-*.md"))
            for line in snippet.read_text().splitlines() if line.startswith("- ")]


def test_red_flags_are_split_into_emergency_and_urgent():
    names = {p.stem for p in SNIPPETS.glob("red-flags-*.md")}
    for condition in ("back", "sciatica", "neck"):
        assert {f"red-flags-{condition}-emergency", f"red-flags-{condition}-urgent"} <= names
    for snippet in SNIPPETS.glob("red-flags-*.md"):
        kind = "hb-urgent" if snippet.stem.endswith("-urgent") else "hb-emergency"
        assert f":class: {'warning' if kind == 'hb-urgent' else 'danger'} hb-red-flags {kind}" in snippet.read_text()


def test_red_flags_are_never_copied_into_a_page():
    """No page lists a red flag itself: it includes the snippet. (A sentence
    that mentions a sign and points to get-help-now is not a copy of the list.)"""
    lines = red_flag_lines()
    assert len(lines) >= 20
    for page in DOCS.rglob("*.md"):
        if SNIPPETS in page.parents:
            continue
        items = {line.lstrip()[2:].strip() for line in page.read_text().splitlines()
                 if line.lstrip().startswith(("- ", "* "))}
        for snippet, line in lines:
            assert line not in items, f"{page.relative_to(DOCS)} copies a red flag from {snippet}: {line!r}"


def test_cauda_equina_signs_are_on_sciatica_and_low_back_pain():
    for page in ("sciatica", "low-back-pain", "get-help-now"):
        assert "{include} _snippets/red-flags-cauda-equina.md" in (DOCS / f"{page}.md").read_text(), page


@pytest.mark.parametrize("page", CONDITION_PAGES + ["get-help-now"])
def test_the_built_pages_show_both_kinds_of_red_flag(handbook, page):
    html = (handbook.html / f"{page}.html").read_text()
    assert "hb-red-flags hb-emergency" in html
    assert "hb-red-flags hb-urgent" in html


def test_the_pdf_shows_every_red_flag(handbook):
    from pypdf import PdfReader

    text = " ".join(" ".join(page.extract_text() for page in PdfReader(handbook.pdfs[0]).pages).split())
    for snippet, line in red_flag_lines():
        plain = re.sub(r"\*\*|\{term\}`([^`<]*?)(?: <[^>]*>)?`", r"\1", line)
        assert plain in text, (snippet, plain)


# -- The condition pages keep the section the exercise list goes into ---------

@pytest.mark.parametrize("page", CONDITION_PAGES + ["exercising-at-home"])
def test_condition_pages_have_an_exercises_to_start_with_section(page):
    assert "Exercises to start with" in sections(page)


def test_no_patient_page_or_the_book_names_a_file_or_setting_of_the_repository(handbook):
    """A patient reading the PDF met "the file docs/LICENSE" and "make handout and no
    SITE_URL" (clinician review). The contributor guide may; no other page may."""
    from bs4 import BeautifulSoup

    repository = re.compile(r"\bdocs/\S+|\b\S+\.(?:toml|py|bib)\b|\b[A-Z]{2,}_[A-Z_]+\b|\bthe file `")
    pages = [p for p in sorted(handbook.html.rglob("*.html"))
             if not p.relative_to(handbook.html).as_posix().startswith(("contributing/", "_static/"))]
    book = BeautifulSoup(handbook.print_html.read_text(), "html.parser")
    for section in book.select('section[id^="document-contributing"]'):
        section.decompose()
    texts = [(p.name, BeautifulSoup(p.read_text(), "html.parser").select_one("article")) for p in pages]
    texts.append(("the book", book.body))
    checked = 0
    for name, article in texts:
        if article is None:
            continue
        text = " ".join(article.get_text(" ").split())
        assert not (found := repository.search(text)), (name, text[max(0, found.start() - 60):found.end() + 20])
        checked += 1
    assert checked > 30
