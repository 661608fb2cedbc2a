"""Pictures in a page's text (docs/_static/pictures): readable on a phone, in
dark mode and in the PDF, shown with their own alt text, and drawn by their
generator rather than by hand."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from tools.pictures import desk_setup

DOCS = Path(__file__).resolve().parent.parent / "docs"
PICTURES = sorted((DOCS / "_static" / "pictures").glob("*.svg"))
SVG = "{http://www.w3.org/2000/svg}"
# The width a 390 px phone gives a picture in the text (339 px, measured on
# work-and-daily-life), and the smallest label that is easy to read there.
PHONE_COLUMN, MIN_TEXT_PX = 339, 14
WHITE = {"#fff", "#ffffff", "white"}


def problems(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)
    found = []
    title = root.find(f"{SVG}title")
    if title is None or not (title.text or "").strip():
        found.append("no <title> that says what it shows")
    width = float(root.get("viewBox", "0 0 0 0").split()[2])
    first = next((child for child in root if child.tag != f"{SVG}title"), None)
    if (first is None or first.tag != f"{SVG}rect" or first.get("fill", "").lower() not in WHITE
            or float(first.get("width", 0)) < width):
        found.append("does not start with a white panel as wide as the picture (in dark mode its black "
                     "lines would be lost)")
    if "Atkinson Hyperlegible" not in root.get("font-family", ""):
        found.append("its font-family does not start from Atkinson Hyperlegible (the only font the PDF embeds)")
    for text in root.iter(f"{SVG}text"):
        shown = float(text.get("font-size", 0)) * PHONE_COLUMN / width
        if shown < MIN_TEXT_PX:
            words = " ".join(part.strip() for part in text.itertext() if part.strip())
            found.append(f"the label {words!r} is {shown:.0f} px on a phone "
                         f"(make it at least {MIN_TEXT_PX})")
    return found


def test_there_are_pictures_to_check():
    assert PICTURES, "docs/_static/pictures has no SVG"


@pytest.mark.parametrize("path", PICTURES, ids=lambda p: p.name)
def test_a_picture_reads_on_a_phone_in_dark_mode_and_in_the_pdf(path):
    found = problems(path.read_text(encoding="utf-8"))
    assert not found, found


def test_the_rules_find_small_text_a_missing_panel_title_and_font():
    broken = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 400">'
              '<line x1="0" y1="0" x2="9" y2="9"/><text font-size="18">Feet flat</text></svg>')
    assert problems(broken) == [
        "no <title> that says what it shows",
        "does not start with a white panel as wide as the picture (in dark mode its black lines would be lost)",
        "its font-family does not start from Atkinson Hyperlegible (the only font the PDF embeds)",
        "the label 'Feet flat' is 10 px on a phone (make it at least 14)",
    ]


def test_the_desk_picture_is_what_its_generator_draws(capsys):
    assert desk_setup.main(["--check"]) == 0, capsys.readouterr().out
    assert problems(desk_setup.draw()) == []
