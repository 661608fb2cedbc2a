"""tools.pdf.handout: a clinician's handout of chosen exercises, from the real print build."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from tools.checks import check_pdf
from tools.pdf import handout


def pdf_text(path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def low_back_and_neck(handbook, tmp_path_factory):
    target = tmp_path_factory.mktemp("handout") / "handout.pdf"
    status = handout.main([str(handbook.print_html), "knee-rolls", "chin-tuck", "-o", str(target)])
    assert status == 0
    return target


def test_the_handout_holds_the_chosen_cards_and_no_others(low_back_and_neck):
    text = pdf_text(low_back_and_neck)
    assert "Your exercises" in text
    assert "Knee rolls" in text and "Chin tuck" in text
    assert "Bridge" not in text and "Heel raises" not in text
    # each card whole: its steps, dose, the plan line and when to stop
    for words in ("Slowly roll both knees", "5 each side", "Your own plan", "Stop and get advice if",
                  "Pain shoots down your leg"):
        assert words in text, words


def test_the_handout_shows_the_red_flags_of_each_chosen_condition(low_back_and_neck):
    text = pdf_text(low_back_and_neck)
    for title in ("Back pain: call emergency services now", "Nerves at the base of the spine",
                  "Neck pain: call emergency services now", "Neck pain: get an urgent appointment today"):
        assert title in text, title
    assert text.index("Neck pain: call emergency services now") < text.index("Back pain: get an urgent")


def test_the_handout_for_one_condition_leaves_out_the_others_red_flags(handbook, tmp_path):
    target = tmp_path / "neck.pdf"
    assert handout.main([str(handbook.print_html), "chin-tuck", "--paper", "letter", "-o", str(target)]) == 0
    text = pdf_text(target)
    assert "Neck pain: call emergency services now" in text
    assert "Nerves at the base of the spine" not in text and "Back pain:" not in text
    assert [round(float(x)) for x in PdfReader(target).pages[0].mediabox[2:]] == [612, 792]


def test_the_handout_is_tagged_and_every_link_in_it_resolves(low_back_and_neck, capsys):
    reader = PdfReader(low_back_and_neck)
    assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.trailer["/Root"]["/Lang"] == "en"
    assert check_pdf.main([str(low_back_and_neck)]) == 0, capsys.readouterr()


def test_an_unknown_label_suggests_the_nearest_and_writes_nothing(handbook, tmp_path, capsys):
    target = tmp_path / "handout.pdf"
    assert handout.main([str(handbook.print_html), "knee-rolls", "knee-roll", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"^handout: no exercise with the label 'knee-roll'; did you mean 'knee-rolls'\?$", err, re.M)
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_a_missing_print_build_says_how_to_make_it(tmp_path, capsys):
    missing = tmp_path / "print" / "index.html"
    assert handout.main([str(missing), "knee-rolls", "-o", str(tmp_path / "h.pdf")]) == 1
    assert capsys.readouterr().err == f"{missing}: not found; run `make print` first\n"
