"""The programme: its link format, the builder and "My programme" in a real browser,
and one source for every field of a card."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tools.checks.html_reader import parse, text_of
from tools.exercises.programme import (
    Item,
    Programme,
    ProgrammeError,
    apply,
    card_dose,
    decode,
    encode,
    parse_dose_option,
)

REPO = Path(__file__).resolve().parent.parent
NAME = "Zebedee Quartermaine"  # a name to look for everywhere it must not be


# -- The link format -----------------------------------------------------------------------

def test_a_programme_round_trips_through_its_link():
    programme = Programme([Item("knee-rolls"), Item("bridge", {"h": 5, "r": 8}), Item("chin-tuck", {"d": 2})],
                          build_up=2, review=dt.date(2026, 12, 10))
    fragment = encode(programme)
    assert fragment == "p=1~knee-rolls~bridge.h5.r8~chin-tuck.d2!b2!v20261210"
    assert decode("#" + fragment) == (programme, [])


def test_a_link_for_twelve_exercises_fits_a_qr_code_read_from_paper(handbook):
    data = json.loads((handbook.html / "_static" / "hb-programme" / "data.json").read_text())
    longest = sorted(data["exercises"], key=lambda e: -len(e["label"]))[:12]
    fragment = encode(Programme([Item(e["label"], {"r": 12, "h": 10}) for e in longest],
                                review=dt.date(2026, 12, 10)))
    link = "https://example.org/exercises-for-back-pain/2026.1/my-programme.html#" + fragment
    # 412 bytes is QR version 15 at medium error correction: 77 modules, which
    # the handout prints 60 mm wide (0.8 mm a module), for a phone camera at
    # arm's length (about ten times the code's width away).
    assert len(link) <= 412, len(link)


@pytest.mark.parametrize(("fragment", "problem"), [
    ("#p=2~bridge!b1", "different version"),
    ("#bridge", "holds no programme"),
])
def test_a_link_it_cannot_read_says_why(fragment, problem):
    with pytest.raises(ProgrammeError, match=problem):
        decode(fragment)


def test_a_tampered_link_keeps_what_it_can_read():
    programme, problems = decode("#p=1~bridge.r8~Bad Label~knee-rolls!b9!v20261340")
    assert [i.label for i in programme.items] == ["bridge", "knee-rolls"]
    assert problems == ["could not read 'Bad Label'", "could not read 'b9'", "the review date could not be read"]


def test_doses_are_read_from_the_card_and_kept_within_limits():
    card = card_dose({"hold": "20 to 30 seconds", "reps": "3 each leg", "sets": "", "how-often": "3 times a day"})
    assert (card.hold, card.reps, card.reps_suffix, card.times, card.per) == (20, 3, "each leg", 3, "d")
    # a range stays a range, as the card says it, until a change gives one number
    assert card.text() == "hold 20 to 30 seconds, repeat 3 each leg, 3 times a day"
    assert apply(card, {"r": 5, "w": 5}).text() == "hold 20 to 30 seconds, repeat 5 each leg, 5 days a week"
    assert apply(card, {"h": 20}).text() == "hold 20 seconds, repeat 3 each leg, 3 times a day"
    assert card_dose({"reps": "2 to 4 each side", "how-often": "twice a day"}).text() == \
        "repeat 2 to 4 each side, twice a day"
    assert card_dose({"reps": "5 to 10 minutes"}).text() == "5 to 10 minutes"
    with pytest.raises(ProgrammeError, match="Repeats must be from 1 to 30, not 0"):
        apply(card, {"r": 0})
    with pytest.raises(ProgrammeError, match="Repeats must be from 1 to 30, not 500"):
        apply(card, {"r": 500})
    assert parse_dose_option("hold 5 seconds, reps 8, sets 2, twice a day") == {"h": 5, "r": 8, "s": 2, "d": 2}


# -- One source for every field --------------------------------------------------------------

def test_a_cards_field_shows_the_same_in_the_book_the_data_and_the_handout(make_app, tmp_path):
    """The builder and My programme show data.json's text; the handout fills the same
    templates from it; the book's card is the directive's. Change one field: all follow."""
    from tools.pdf import handout

    src = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "roots" / "test-exercise", src)
    (src / "conf.py").write_text((src / "conf.py").read_text().replace(
        '"handbook_exercise_index"]', '"handbook_exercise_index", "handbook_programme"]'))
    shutil.copytree(REPO / "docs" / "_static", src / "_static")
    (src / "conf.py").write_text((src / "conf.py").read_text() + 'html_static_path = ["_static"]\n')
    shutil.copytree(REPO / "docs" / "_snippets", src / "_snippets")
    (src / "conf.py").write_text((src / "conf.py").read_text() + 'exclude_patterns = ["_snippets", "_build"]\n')
    (src / "flags.md").write_text("# Flags\n\n" + "".join(
        f"```{{include}} _snippets/red-flags-{name}.md\n```\n\n" for name in ("back-emergency", "cauda-equina", "exercise-emergency",
                                                                             "back-urgent")))
    page = src / "knee-rolls.md"
    page.write_text(page.read_text().replace(":feel: A gentle stretch in your lower back and the side of your hips.",
                                             ":feel: A warm, wide stretch across your lower back."))
    app = make_app("html", srcdir=src)
    app.build()
    card = text_of(parse((app.outdir / "knee-rolls.html").read_text()).select_one("#exercise-knee-rolls"))
    data = json.loads((app.outdir / "_static" / "hb-programme" / "data.json").read_text())
    record = next(e for e in data["exercises"] if e["label"] == "knee-rolls")
    printed = handout.handout_html(app.outdir, Programme([Item("knee-rolls")]))
    for where in (card, record["feel"], printed):
        assert "A warm, wide stretch across your lower back." in where
    assert "A gentle stretch in your lower back and the side" not in printed + card


# -- In a real browser -------------------------------------------------------------------------

@pytest.fixture
def page_watch(browser, served_site):
    """A fresh page that records every request and every console or script error."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url + " " + (request.post_data or "")))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def own_errors(page) -> list[str]:
    """Errors of ours: not the theme's complaint about an unset colour mode, nor a missing favicon."""
    return [e for e in page.errors if "theme mode" not in e and "404" not in e]


def test_a_clinician_builds_prints_and_the_patient_opens_the_same_programme(page_watch, served_site, tmp_path):
    page = page_watch
    page.goto(f"{served_site}/make-a-programme.html", wait_until="networkidle")
    page.select_option("#hb-find-area", "low-back")
    for label in ("knee-rolls", "bridge", "cat-and-camel"):
        page.click(f".hb-builder-found [data-label={label}]")
    page.fill("#hb-dose-1-r", "500")
    assert "Repeats must be from 1 to 30, not 500" in page.text_content("#hb-error-1")
    assert page.is_disabled("text=Print the handout")
    page.fill("#hb-dose-1-r", "")
    assert page.text_content("#hb-error-1") == "Repeats: write a number from 1 to 30"
    assert page.is_disabled("text=Print the handout")
    page.fill("#hb-dose-1-r", "9")
    page.fill("#hb-who-patient", NAME)
    page.fill("#hb-plan-review", "2026-12-10")
    page.dispatch_event("#hb-plan-review", "change")
    link = page.input_value("#hb-out-link")
    assert urlsplit(link).fragment == "p=1~knee-rolls~bridge.r9~cat-and-camel!b1!v20261210"
    page.evaluate("window.print = () => {}")
    page.click("text=Print the handout")
    pdf = tmp_path / "printed.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    for words in ("Knee rolls", "Bridge", "Cat and camel", "repeat 9", "For " + NAME,
                  "Back pain: call emergency services now", "Pain (0 to 10)"):
        assert words in flat, words
    assert "Find exercises" not in flat  # only the handout prints
    # The name is nowhere but the page: not in the link, storage or any request.
    assert NAME not in link
    stored = page.evaluate("JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    assert "Zebedee" not in stored and "Quartermaine" not in stored  # the theme keeps only its colour mode
    assert not [r for r in page.requests if "Zebedee" in r or "Quartermaine" in r]
    assert own_errors(page) == []
    if shutil.which("zbarimg"):
        subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(tmp_path / "p")], check=True)
        decoded = {subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True).stdout.strip()
                   for png in tmp_path.glob("p-*.png")} - {""}
        assert decoded == {link}
    # The patient's phone opens the link.
    page.emulate_media(media="screen")
    page.goto(link, wait_until="networkidle")
    titles = [t.strip() for t in page.locator(".hb-handout-card h2").all_text_contents()]
    assert titles == ["Knee rolls", "Bridge", "Cat and camel"]
    assert "repeat 9" in page.locator(".hb-handout-card").nth(1).text_content()
    first = " ".join(page.locator(".hb-handout-card").first.text_content().split())
    for words in ("You need: A mat or a carpet", "To make it easier: Make the roll smaller.",
                  "To make it harder: Roll your knees a little further"):
        assert words in first, words
    assert page.locator(".hb-handout-box.hb-flags-back-emergency").count() == 1
    assert page.locator(".hb-handout-card .hb-handout-full a").first.get_attribute("href").endswith(
        "exercises/low-back.html#exercise-knee-rolls")
    width = page.evaluate("document.querySelector('.hb-handout-image').getBoundingClientRect().width")
    assert width >= 300  # large drawings on a 390 px phone
    inset = page.evaluate("(() => { const card = document.querySelector('.hb-handout-card'); "
                          "return card.querySelector('p').getBoundingClientRect().left "
                          "- card.getBoundingClientRect().left; })()")
    assert inset >= 10  # the words keep clear of the card's border
    assert own_errors(page) == []


def test_the_builder_and_make_handout_say_every_cards_dose_alike_ranges_included(page_watch, handbook,
                                                                                 served_site):
    """The browser and tools/exercises/programme.py read each card's dose the same way, and a
    card's range ("20 to 30 seconds") reaches the handout whole, not cut to its low end."""
    page = page_watch
    page.goto(f"{served_site}/make-a-programme.html", wait_until="networkidle")
    data = json.loads((handbook.html / "_static" / "hb-programme" / "data.json").read_text())
    ranges = 0
    for exercise in data["exercises"]:
        browser = page.evaluate("d => hbProgramme.doseText(hbProgramme.cardDose(d))", exercise["dose"])
        assert browser == card_dose(exercise["dose"]).text(), exercise["label"]
        for field in ("hold", "reps"):
            if " to " in exercise["dose"].get(field, ""):
                low, high = exercise["dose"][field].split(" to ")[0], exercise["dose"][field].split(" to ")[1].split()[0]
                assert f"{low} to {high}" in browser, (exercise["label"], browser)
                ranges += 1
    assert ranges >= 5  # knee to chest, buttock stretch, side stretch (twice), walks, marching
    assert own_errors(page) == []


@pytest.mark.parametrize(("fragment", "says", "cards"), [
    ("p=1~bridge.r8~no-such-exercise!b1", "has no exercise called \u201cno-such-exercise\u201d", 1),
    ("p=1~bridge.r500!b1", "The dose for Bridge could not be used (Repeats must be from 1 to 30, not 500)", 1),
    ("p=1~bri%%dge!b1", "could not be read", 0),
    ("p=9~bridge!b1", "another version of the handbook", 0),
    ("p=1~knee-rolls~brid", "has no exercise called \u201cbrid\u201d", 1),  # a cut-off link
    ("", "There is no programme in this link", 0),
])
def test_a_bad_link_shows_what_it_can_and_a_message_never_an_error(page_watch, served_site, fragment, says, cards):
    page = page_watch
    page.goto(f"{served_site}/my-programme.html#{fragment}", wait_until="networkidle")
    assert says in page.text_content(".hb-programme")
    assert page.locator(".hb-handout-card").count() == cards
    assert own_errors(page) == []


def test_without_javascript_the_builder_says_so_and_points_to_the_other_routes(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site}/make-a-programme.html")
    text = page.text_content(".hb-programme")
    context.close()
    assert "needs JavaScript" in text and "make handout" in text and "PDF" in text


def test_the_builder_is_linked_from_the_library_and_the_navigation(handbook):
    library = parse((handbook.html / "exercises" / "index.html").read_text())
    assert library.select_one('article a[href="../make-a-programme.html"]') is not None
    home = parse((handbook.html / "index.html").read_text())
    assert home.select_one('nav a[href="make-a-programme.html"]') is not None


def test_on_a_phone_the_plan_choices_read_whole_and_an_empty_list_has_no_number(browser, served_site):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{served_site}/make-a-programme.html", wait_until="networkidle")
    fits = page.evaluate("""() => {
        const select = document.querySelector('#hb-plan-build-up');
        const probe = document.createElement('span');
        probe.style.font = getComputedStyle(select).font;
        probe.style.whiteSpace = 'nowrap';
        probe.style.position = 'absolute';
        probe.style.display = 'inline-block';
        document.body.appendChild(probe);
        const room = select.clientWidth - 40;  // its padding and the arrow
        return Array.from(select.options).map(o => { probe.textContent = o.text; return [o.text, probe.offsetWidth, room]; });
    }""")
    empty = page.eval_on_selector(".hb-builder-empty", "li => getComputedStyle(li).listStyleType")
    page.close()
    assert len(fits) == 4 and all(width <= room for _, width, room in fits), fits
    assert empty == "none"
