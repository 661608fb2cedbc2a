"""Pictures in a page's text (docs/_static/pictures): readable on a phone, in
dark mode and in the PDF, shown with their own alt text, and drawn by their
generator rather than by hand."""

from __future__ import annotations

import re
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
    parents = {child: parent for parent in root.iter() for child in parent}

    def font_size(element) -> float:  # as SVG inherits it: from the nearest element that sets it
        while element is not None and element.get("font-size") is None:
            element = parents.get(element)
        return float(element.get("font-size")) if element is not None else 0.0

    for text in root.iter(f"{SVG}text"):
        shown = font_size(text) * PHONE_COLUMN / width
        if shown < MIN_TEXT_PX:
            words = " ".join(part.strip() for part in text.itertext() if part.strip())
            found.append(f"the label {words!r} is {shown:.0f} px on a phone "
                         f"(make it at least {MIN_TEXT_PX})")
    return found


def figures() -> dict[str, str]:
    """{picture file name: the :alt: of the figure that shows it} over all pages."""
    shown = {}
    for page in DOCS.rglob("*.md"):
        if "contributing" in page.relative_to(DOCS).parts:  # the guide shows a figure as an example
            continue
        for match in re.finditer(r"\{figure\}\s+\S*_static/pictures/(?P<name>[\w-]+\.svg)\n(?P<options>(?::.*\n)*)",
                                 page.read_text(encoding="utf-8")):
            alt = re.search(r"^:alt:\s*(.+)$", match["options"], re.M)
            shown[match["name"]] = alt[1].strip() if alt else ""
    return shown


def test_there_are_pictures_to_check():
    assert PICTURES, "docs/_static/pictures has no SVG"


@pytest.mark.parametrize("path", PICTURES, ids=lambda p: p.name)
def test_a_picture_reads_on_a_phone_in_dark_mode_and_in_the_pdf(path):
    found = problems(path.read_text(encoding="utf-8"))
    assert not found, found


@pytest.mark.parametrize("path", PICTURES, ids=lambda p: p.name)
def test_a_picture_is_shown_on_a_page_with_its_title_as_alt_text(path):
    title = ElementTree.parse(path).getroot().find(f"{SVG}title").text
    assert figures().get(path.name) == title, f"show {path.name} in a {{figure}} with :alt: {title}"


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
