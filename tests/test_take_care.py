"""An exercise's ``:take-care:`` field: who should take care with it, on the card, in the
programme builder's data, in the builder and "My programme", and on the handout.

Built on the tiny root tests/roots/test-take-care (a "When to take extra care"
page with its five labels, three cards, the builder and the programme view).
The cards of the real handbook are checked against the advice of
docs/take-extra-care.md at the end.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tools.checks.html_reader import parse, read
from tools.exercises.programme import Item, Programme
from tools.exercises.vocabulary import TAKE_CARE
from tools.site import serve

REPO = Path(__file__).resolve().parent.parent
ROOT = REPO / "tests" / "roots" / "test-take-care"
DOCS = REPO / "docs"
ALLOWED = "use one of under-16, pregnancy, osteoporosis, spinal-stenosis, inflammatory-back-pain"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The test root built once for the module (the builder's data and pages with it)."""
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path_factory.mktemp("take-care") / "src"
    shutil.copytree(ROOT, src)
    app = SphinxTestApp("html", srcdir=src)
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    yield app
    app.cleanup()


def text_of(tag) -> str:
    """The words of an element as a reader sees them (no space added between inline elements)."""
    return " ".join(tag.get_text().split())


def card(app, label: str):
    section = read(app.outdir / "exercises.html").soup.select_one(f"section#exercise-{label}")
    assert section is not None, label
    return section


# -- Errors ------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "message"), [
    ("pregnant", f":take-care: unknown situation 'pregnant'; {ALLOWED}"),
    ("osteoporosis, stenosis (Go gently.)", f":take-care: unknown situation 'stenosis'; {ALLOWED}"),
    ("spinal-stenosis (Try it on your elbows.", ":take-care: 'spinal-stenosis (Try it on your elbows.' "
     "cannot be read"),
    ("pregnancy, pregnancy", ":take-care: 'pregnancy' is given twice"),
])
def test_a_take_care_it_cannot_use_is_a_handbook_warning_at_file_and_line(make_app, tmp_path, value, message):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    page = (src / "exercises.md").read_text()
    (src / "exercises.md").write_text(page.replace(":take-care: spinal-stenosis (Try it on your elbows, or "
                                                   "leave it out.)", f":take-care: {value}"))
    app = make_app("html", srcdir=src)
    app.build()
    rows = page.splitlines()
    start = rows.index(":::{exercise} Back extension")
    line = next(n for n, row in enumerate(rows[start:], start + 1) if row.startswith(":take-care:"))  # the field's
    warnings = [w for w in app.warning.getvalue().splitlines() if "[handbook.exercise]" in w]
    assert len(warnings) == 1, app.warning.getvalue()
    assert f"exercises.md:{line}: WARNING: exercise 'Back extension': {message}" in warnings[0]


# -- The card ------------------------------------------------------------------------------

def test_the_card_says_who_should_take_care_and_links_to_the_section_that_explains(built):
    lines = card(built, "back-extension").select(".hb-exercise-take-care p")
    assert len(lines) == 1
    words = text_of(lines[0])
    assert words.startswith("Take care if you have spinal stenosis.")
    assert TAKE_CARE["spinal-stenosis"].advice in words
    assert words.endswith("Try it on your elbows, or leave it out.")
    links = lines[0].select("a[href]")
    assert [a["href"] for a in links] == ["take-extra-care.html#spinal-stenosis"]
    assert text_of(links[0]) == "Take care if you have spinal stenosis"


def test_a_card_with_two_situations_shows_two_lines_in_the_order_given(built):
    lines = card(built, "knee-rolls").select(".hb-exercise-take-care p")
    assert [a["href"] for line in lines for a in line.select("a[href]")] == [
        "take-extra-care.html#osteoporosis", "take-extra-care.html#pregnancy"]
    assert text_of(lines[0]).endswith("Keep the roll small, like this.")
    assert text_of(lines[1]).endswith(TAKE_CARE["pregnancy"].advice)


def test_a_card_without_the_field_has_no_take_care_line(built):
    assert not card(built, "bridge").select(".hb-exercise-take-care")


# -- The data, the handout, the builder and "My programme" ------------------------------------------

def data(app) -> dict:
    return json.loads((app.outdir / "_static" / "hb-programme" / "data.json").read_text())


def test_the_programme_data_holds_each_cards_take_care_lines_and_their_sections(built):
    records = {e["label"]: e for e in data(built)["exercises"]}
    assert records["back-extension"]["take_care"] == [{
        "key": "spinal-stenosis", "name": "spinal stenosis",
        "title": "Take care if you have spinal stenosis",
        "text": TAKE_CARE["spinal-stenosis"].advice + " Try it on your elbows, or leave it out.",
        "page": "take-extra-care.html#spinal-stenosis"}]
    assert [c["key"] for c in records["knee-rolls"]["take_care"]] == ["osteoporosis", "pregnancy"]
    assert records["bridge"]["take_care"] == []


def test_the_handout_shows_the_take_care_line_with_its_link(built):
    from tools.pdf import handout

    page = parse(handout.handout_html(built.outdir, Programme([Item("bridge"), Item("back-extension")]),
                                      site="https://example.org/hb/"))
    cards = page.select(".hb-handout-card")
    assert not cards[0].select(".hb-handout-take-care-line")
    lines = cards[1].select(".hb-handout-take-care-line")
    assert len(lines) == 1
    assert text_of(lines[0]).startswith("Take care if you have spinal stenosis.")
    assert "Try it on your elbows, or leave it out." in text_of(lines[0])
    assert lines[0].select_one("a")["href"] == "https://example.org/hb/take-extra-care.html#spinal-stenosis"


@pytest.fixture(scope="module")
def site(built):
    server = serve.start(built.outdir)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_builder_and_my_programme_show_who_should_take_care(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site}/make-a-programme.html", wait_until="networkidle")
    found = page.locator(".hb-builder-found-item", has_text="Knee rolls")
    assert "Take care: osteoporosis, pregnancy" in found.text_content()
    assert page.locator(".hb-builder-found-item", has_text="Bridge").locator(".hb-builder-take-care").count() == 0
    page.click(".hb-builder-found [data-label=back-extension]")
    chosen = page.locator(".hb-builder-item[data-label=back-extension] .hb-handout-take-care-line")
    assert chosen.count() == 1
    assert chosen.text_content().startswith("Take care if you have spinal stenosis.")
    assert chosen.locator("a").get_attribute("href").endswith("take-extra-care.html#spinal-stenosis")
    page.goto(f"{site}/my-programme.html#p=1~bridge~knee-rolls!b1", wait_until="networkidle")
    cards = page.locator(".hb-handout-card")
    assert cards.nth(0).locator(".hb-handout-take-care-line").count() == 0
    shown = cards.nth(1).locator(".hb-handout-take-care-line")
    assert shown.count() == 2
    assert shown.nth(1).text_content().startswith("Take care if you are pregnant.")
    assert shown.nth(1).locator("a").get_attribute("href").endswith("take-extra-care.html#pregnancy")
    assert errors == []
    context.close()


# -- The handbook's own words and cards ---------------------------------------------------------

def labels_in(text: str) -> list[str]:
    return re.findall(r"^\((?P<label>[^)]+)\)=$", text, re.M)


def test_each_situation_is_a_section_of_take_extra_care_and_its_label_is_unique():
    page = (DOCS / "take-extra-care.md").read_text()
    assert labels_in(page) == list(TAKE_CARE)
    for path in DOCS.rglob("*.md"):
        if path.name != "take-extra-care.md":
            assert not set(labels_in(path.read_text())) & set(TAKE_CARE), path
    exercise_labels = re.findall(r"^:label: (\S+)$", "".join(p.read_text() for p in (DOCS / "exercises").glob("*.md")),
                                 re.M)
    assert not set(exercise_labels) & set(TAKE_CARE)


def cards_in_the_handbook() -> dict[str, dict[str, str]]:
    """label -> {field: value} for every exercise in docs/exercises/."""
    cards = {}
    for path in (DOCS / "exercises").glob("*.md"):
        for block in re.findall(r"^:::\{exercise\}.*?^:::$", path.read_text(), re.M | re.S):
            fields = dict(re.findall(r"^:([\w-]+): (.*)$", block, re.M))
            cards[fields["label"]] = fields
    return cards


def situations(fields: dict[str, str]) -> set[str]:
    return set(re.findall(r"(?:^|,)\s*([a-z0-9-]+)", re.sub(r"\([^()]*\)", "", fields.get("take-care", ""))))


def test_the_handbooks_cards_follow_the_advice_of_take_extra_care():
    """Lying on the back: pregnancy. Bending forward or twisting: osteoporosis.
    Arching back or walking: spinal stenosis. Arching back is advised for
    weak bones, so back extension is not marked for osteoporosis."""
    cards = cards_in_the_handbook()
    for label, fields in cards.items():
        marked = situations(fields)
        assert (fields["position"] == "lying-on-back") == ("pregnancy" in marked), label
    for label in ("knee-to-chest", "one-knee-to-chest", "knee-rolls", "bottom-to-heels", "cat-and-camel",
                  "buttock-stretch"):
        assert "osteoporosis" in situations(cards[label]), label
    for label in ("back-extension", "cat-and-camel", "brisk-walking", "short-walks"):
        assert "spinal-stenosis" in situations(cards[label]), label
    assert "osteoporosis" not in situations(cards["back-extension"])
    page = (DOCS / "take-extra-care.md").read_text()
    for label, fields in cards.items():
        for key in situations(fields) - {"pregnancy"}:  # pregnancy: every card lying on the back
            section = page.split(f"({key})=")[1].split("\n(")[0]
            assert f"{{ref}}`{label}`" in section or fields["type"] == "aerobic", (label, key)
