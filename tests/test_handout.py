"""tools.pdf.handout: a clinician's handout of chosen exercises, from the real print build."""

from __future__ import annotations

import json
import re
from itertools import product

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
    for words in ("Slowly roll both knees", "repeat 5 each side", "Your dose", "Stop and get advice if",
                  "Pain shoots down your leg"):
        assert words in text, words


def test_every_card_on_a_handout_has_every_part_of_the_books_card(handbook):
    """A patient at home with only the handout can make an exercise easier on a bad day."""
    from bs4 import BeautifulSoup

    from tools.exercises.programme import Item, Programme

    data = json.loads((handbook.html / "_static" / "hb-programme" / "data.json").read_text())
    exercises = data["exercises"]
    page = handout.handout_html(handbook.print_html.parent, Programme([Item(e["label"]) for e in exercises]))
    cards = BeautifulSoup(page, "html.parser").select(".hb-handout-card")
    assert len(cards) == len(exercises)
    for card, exercise in zip(cards, exercises):
        text = " ".join(card.get_text(" ").split())
        for label, field in (("You need:", "equipment"), ("Start position:", "start"),
                             ("What you should feel:", "feel"), ("To make it easier:", "easier"),
                             ("To make it harder:", "harder"), ("Stop and get advice if:", "stop")):
            assert f"{label} {' '.join(exercise[field].split())}" in text, (exercise["label"], label)


def test_the_handout_names_the_edition_or_draft_it_was_printed_from(low_back_and_neck, handbook):
    """At its top, and at the foot of each page after the first: a draft's cannot pass for the edition."""
    from tools.site.edition import read_edition
    title = read_edition().title  # "Edition 2026.1", or "Draft after edition 2026.1"
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(low_back_and_neck).pages]
    assert f"Exercises for Back Pain \u00b7 {title} Your exercises" in pages[0]
    assert all(f"Exercises for Back Pain \u00b7 {title} Page" in text for text in pages[1:])
    assert json.loads((handbook.html / "_static" / "hb-programme" / "data.json").read_text())["edition"] == title


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



# -- The programme: doses, plan, diary, QR code, file names --------------------------

def test_a_dose_and_a_plan_change_the_handout_and_its_link(handbook, tmp_path):
    target = tmp_path / "h.pdf"
    assert handout.main([str(handbook.print_html), "bridge", "marching", "--dose", "bridge=hold 5 seconds,reps 8",
                         "--review", "2026-12-10", "--build-up", "2", "--site", "https://example.org/hb/",
                         "-o", str(target)]) == 0
    text = pdf_text(target)
    assert "hold 5 seconds, repeat 8, 3 times a day" in text
    assert "Add 1 repeat each week" in text and "10 December 2026" in text
    assert "https://example.org/hb/my-programme.html#p=1~bridge.h5.r8~marching!b2!v20261210" in text.replace(" ", "")
    # the diary: both exercises and the pain score, 14 days
    assert "Pain (0 to 10)" in text and " 14 " in text


def test_the_qr_code_decodes_to_the_programme_link(handbook, tmp_path):
    import shutil
    import subprocess

    if not shutil.which("zbarimg"):
        pytest.skip("zbarimg not installed (apt-get install zbar-tools; CI installs it)")
    target = tmp_path / "h.pdf"
    assert handout.main([str(handbook.print_html), "knee-rolls", "--site", "https://example.org/", "-o", str(target)]) == 0
    pages = [page.extract_text() for page in PdfReader(target).pages]
    qr = next(n for n, text in enumerate(pages, 1) if "Open this programme on your phone" in text)
    assert qr == len(pages) - 1  # then the diary, last, on a landscape page
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(qr), "-l", str(qr), str(target), str(tmp_path / "p")],
                   check=True)
    image = next(tmp_path.glob("p-*.png"))
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True).stdout.strip()
    assert decoded == "https://example.org/my-programme.html#p=1~knee-rolls!b1"


def test_without_the_sites_address_a_handout_prints_no_address_a_phone_cannot_open(handbook, tmp_path, capsys):
    """Made without --site (SITE_URL=), the handout has no QR code and no links, never
    this computer's own preview address, and the terminal says how to add them."""
    target = tmp_path / "no-site.pdf"
    assert handout.main([str(handbook.print_html), "knee-rolls", "bridge", "-o", str(target)]) == 0
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(target).pages)
    reader = PdfReader(target)
    links = [a.get_object().get("/A", {}).get("/URI") for page in reader.pages for a in page.get("/Annots", [])]
    assert "127.0.0.1" not in text and not [uri for uri in links if uri]
    assert "Open this programme on your phone" not in text and "The full card" not in text
    assert "Knee rolls" in text and "Take care if you are pregnant" in text  # the cards' words stay
    assert "SITE_URL=" in capsys.readouterr().err


def test_headings_go_in_order_and_the_first_page_starts_with_a_card(handbook):
    from bs4 import BeautifulSoup

    from tools.exercises.programme import Item, Programme

    page = handout.handout_html(handbook.print_html.parent, Programme([Item("bridge"), Item("chin-tuck")]))
    levels = [int(h.name[1]) for h in BeautifulSoup(page, "html.parser").find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    # The tallest cards, with a "Take care" line or two: on main they began page 2,
    # leaving page 1 with only the header.
    for paper, (label, title) in product(("a4", "letter"), (("cat-and-camel", "Cat and camel"),
                                                            ("knee-rolls", "Knee rolls"))):
        target = handbook.pdf_dir.parent / f"first-{paper}.pdf"
        assert handout.main([str(handbook.print_html), label, "chin-tuck", "--paper", paper, "-o", str(target),
                             "--site", "https://example.org/"]) == 0
        first = " ".join(PdfReader(target).pages[0].extract_text().split())
        assert "Your exercises" in first and title in first and "The full card" in first, (paper, first)


def test_a_handout_never_overwrites_the_last_patients(handbook, tmp_path):
    for _ in range(2):
        assert handout.main([str(handbook.print_html), "bridge", "--out-dir", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    first = next(n for n in names if n.endswith("-a4.pdf"))
    assert first.startswith("handout-") and "bridge" in first
    assert names == sorted([first, first.replace(".pdf", "-2.pdf")])


def test_a_programme_file_gives_the_exercises_doses_and_plan(handbook, tmp_path):
    programme = tmp_path / "patient.toml"
    programme.write_text('build-up = 0\nreview = 2027-01-05\n[[exercise]]\nlabel = "chin-tuck"\n'
                         'dose = "reps 6, twice a day"\n[[exercise]]\nlabel = "bridge"\n')
    target = tmp_path / "h.pdf"
    assert handout.main([str(handbook.print_html), "--programme", str(programme), "-o", str(target)]) == 0
    text = pdf_text(target)
    assert text.index("Chin tuck") < text.index("Bridge")
    assert "repeat 6, twice a day" in text and "Keep to these doses" in text and "5 January 2027" in text


@pytest.mark.parametrize(("args", "message"), [
    (["bridge", "--dose", "bridge=reps 500"], "handout: bridge: Repeats must be from 1 to 30, not 500"),
    (["bridge", "--dose", "bridge=lots"], "handout: 'lots' is not a dose; write it like 'hold 5 seconds'"),
    (["bridge", "--dose", "knee-rolls=reps 5"], "handout: a dose for knee-rolls, which is not in the programme"),
])
def test_a_bad_dose_is_one_clear_line_and_writes_nothing(handbook, tmp_path, capsys, args, message):
    target = tmp_path / "h.pdf"
    assert handout.main([str(handbook.print_html), *args, "-o", str(target)]) == 1
    assert capsys.readouterr().err.startswith(message)
    assert not target.exists()


def test_every_page_of_a_handout_says_its_number_the_first_too(low_back_and_neck):
    """A handout has no cover, so its first page is footed like the rest: a clinic that
    staples pages can tell page 1 (the book's rule, no footer on page 1, left it bare)."""
    pages = PdfReader(low_back_and_neck).pages
    for number, page in enumerate(pages, 1):
        text = " ".join(page.extract_text().split())
        assert f"Page {number} of {len(pages)}" in text and "Exercises for Back Pain ·" in text, number
