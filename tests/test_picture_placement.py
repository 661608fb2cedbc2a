"""The hand-made pictures of the condition pages: where each is shown, and on paper."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tools.checks.html_reader import read

PICTURES = Path(__file__).resolve().parent.parent / "docs" / "_static" / "pictures"
SVG = "{http://www.w3.org/2000/svg}"
# Printed at its own size (1 unit = 1 CSS pixel = 0.75 pt), 15 units is 11.25 pt:
# the PDF's smallest body text is 11 pt.
MIN_TEXT = 15


def font_size(element: ET.Element, parents: dict[ET.Element, ET.Element]) -> float:
    while element is not None:
        if "font-size" in element.attrib:
            return float(element.attrib["font-size"])
        element = parents.get(element)
    return 16.0  # the SVG default


@pytest.mark.parametrize("name", ["saddle-area.svg", "sciatica-path.svg"])
def test_a_picture_has_a_title_a_white_panel_large_text_and_nothing_from_elsewhere(name):
    source = (PICTURES / name).read_text()
    root = ET.fromstring(source)
    assert root.get("role") == "img" and (root.findtext(f"{SVG}title") or "").strip(), "a <title> for screen readers"
    # The first thing drawn is a white panel as big as the picture: the picture
    # reads on a dark page (an <img> SVG cannot follow the page's colours).
    _, _, width, height = root.get("viewBox").split()
    panel = next(e for e in root if e.tag not in (f"{SVG}title",) and not callable(e.tag))
    assert (panel.tag, panel.get("fill"), panel.get("width"), panel.get("height")) == (
        f"{SVG}rect", "#ffffff", width, height), f"{name}: draw a white panel first"
    parents = {child: parent for parent in root.iter() for child in parent}
    small = [t.text for t in root.iter(f"{SVG}text") if font_size(t, parents) < MIN_TEXT]
    assert not small, f"{name}: text under {MIN_TEXT} units prints under 11 pt: {small}"
    assert not re.search(r"href|url\(|@import|<image", source), f"{name}: loads something from elsewhere"


@pytest.mark.parametrize("page", ["get-help-now", "sciatica"])
def test_the_saddle_area_is_shown_right_after_the_cauda_equina_warning(handbook, page):
    soup = read(handbook.html / f"{page}.html").soup
    box = soup.select_one("div.hb-flags-cauda-equina")
    figure = box.find_next_sibling()
    assert figure.name == "figure" and "hb-picture" in figure["class"], figure.name
    image = figure.find("img")
    assert image["src"].endswith("saddle-area.svg") and "saddle area is shaded" in image["alt"]
    assert "saddle" in figure.find("figcaption").get_text()


def test_sciatica_shows_the_path_of_the_pain_where_it_says_what_sciatica_is(handbook):
    section = read(handbook.html / "sciatica.html").soup.select_one("section#what-sciatica-is")
    image = section.select_one("figure.hb-picture img")
    assert image["src"].endswith("sciatica-path.svg") and "down the back of the thigh" in image["alt"]


def test_the_pdf_keeps_the_saddle_area_on_the_page_of_its_warning(handbook):
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(handbook.pdf("a4")).pages]
    shown = [text for text in pages if "The saddle area: the parts of you" in text]
    assert len(shown) == 2 and all("Nerves at the base of the spine" in text for text in shown)
