"""Red flags: every warning sign at the right urgency, on every page where a patient exercises.

The boxes are written once in docs/_snippets; docs/conditions.toml says which
belong to which condition. The build fails where a page with an exercise, an
exercise list or a condition's chapter lacks one of its boxes
(tools/extensions/handbook_red_flags.py), and the tests below read the real
handbook's pages and handouts to prove every box is there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tools.pdf import handout
from tools.exercises.conditions import read_conditions, red_flags_for, snippet_class
from tools.exercises.vocabulary import EMERGENCY_SIGNS

DOCS = Path(__file__).resolve().parent.parent / "docs"
SNIPPETS = DOCS / "_snippets"
CONDITIONS = read_conditions()


def items(snippet: str) -> list[str]:
    """The warning signs (list items) of one snippet, as plain text."""
    text = (SNIPPETS / f"{snippet}.md").read_text()
    signs = re.findall(r"^- (.+(?:\n  .+)*)", text, re.M)
    return [" ".join(re.sub(r"\*\*|\{term\}`([^`<]*?)(?: <[^>]*>)?`", r"\1", s).split()) for s in signs]


# -- The build rule, on a tiny test root ----------------------------------------------

@pytest.mark.sphinx("html", testroot="red-flags")
def test_a_missing_box_is_a_handbook_warning_at_file_and_line(app):
    app.build()
    src = Path(app.srcdir)
    warnings = [re.sub(r"\x1b\[[0-9;]*m", "", w) for w in app.warning.getvalue().splitlines()]
    ours = sorted(w.replace(f"{src}/", "") for w in warnings if "[handbook.red-flags]" in w)
    assert ours == sorted([
        # a box elsewhere on the page is not on the card, which prints alone
        "card.md:8: WARNING: the printable 'card' is for Low back pain, but it does not show its emergency "
        "box: include _snippets/red-flags-cauda-equina.md in it [handbook.red-flags]",
        # every condition has the box for while you exercise
        "card.md:8: WARNING: the printable 'card' is for Low back pain, but it does not show its emergency "
        "box: include _snippets/red-flags-exercise-emergency.md in it [handbook.red-flags]",
        "exercise.md:9: WARNING: the exercise 'Knee rolls' is for Low back pain, but the page does not "
        "show its red-flag box: include _snippets/red-flags-exercise-emergency.md [handbook.red-flags]",
        "neck-pain.md:1: WARNING: this page is the chapter on Neck pain, but the page does not show its "
        "red-flag box: include _snippets/red-flags-exercise-emergency.md [handbook.red-flags]",
        "exercise.md:9: WARNING: the exercise 'Knee rolls' is for Low back pain, but the page does not "
        "show its red-flag box: include _snippets/red-flags-cauda-equina.md [handbook.red-flags]",
        "list.md:3: WARNING: the list of exercises for Warm-up and fitness at home, but the page does "
        "not show its red-flag box: include _snippets/red-flags-exercise-emergency.md [handbook.red-flags]",
        "neck-pain.md:1: WARNING: this page is the chapter on Neck pain, but the page does not show its "
        "red-flag box: include _snippets/red-flags-neck-emergency.md [handbook.red-flags]",
        "neck-pain.md:1: WARNING: this page is the chapter on Neck pain, but the page does not show its "
        "red-flag box: include _snippets/red-flags-neck-urgent.md [handbook.red-flags]",
    ]), "\n".join(warnings)
    assert not any("safe.md" in w for w in warnings)


# -- The conditions table ----------------------------------------------------------------

def test_every_condition_names_a_chapter_and_snippets_that_exist():
    for key, condition in CONDITIONS.items():
        assert (DOCS / f"{condition.chapter}.md").is_file(), key
        assert condition.emergency, f"{key} has no emergency box"
        for snippet in condition.red_flags:
            text = (SNIPPETS / f"{snippet}.md").read_text()
            level = "hb-emergency" if snippet in condition.emergency else "hb-urgent"
            assert f"hb-red-flags {level} {snippet_class(snippet)}" in text, (key, snippet)


def test_red_flags_for_several_areas_lists_every_emergency_box_first():
    assert red_flags_for(["neck", "general"]) == ["red-flags-neck-emergency", "red-flags-exercise-emergency",
                                                  "red-flags-neck-urgent"]


# -- The right urgency ---------------------------------------------------------------------

def test_signs_of_pressure_on_the_spinal_cord_are_a_neck_emergency_not_today():
    emergency, urgent = " ".join(items("red-flags-neck-emergency")), " ".join(items("red-flags-neck-urgent"))
    for sign in ("both** arms or **both** legs", "new trouble walking", "balance", "hands are suddenly clumsy"):
        plain = sign.replace("**", "")
        assert plain in emergency, plain
        assert plain not in urgent, plain
    assert "weakness or a heavy feeling in your arms or legs" not in urgent
    for sign in ("fever", "losing weight without trying", "cancer", "pins and needles or weakness in one arm",
                 "worse at night"):
        assert sign in urgent, sign


def test_the_back_urgent_box_names_fracture_and_infection_signs():
    urgent = " ".join(items("red-flags-back-urgent"))
    assert "small fall or lift" in urgent and "osteoporosis" in urgent and "steroid" in urgent
    assert "weak immune system" in urgent and "inject drugs" in urgent


def test_the_upper_back_boxes_name_the_back_signs_that_hold_for_any_part_of_the_back():
    """Upper back pain shows only its own boxes, so they carry the back's signs of pressure
    on the nerves (999) and of infection (today)."""
    assert "trouble peeing, or you cannot control when you pee or poo" in items("red-flags-upper-back-emergency")
    urgent = " ".join(items("red-flags-upper-back-urgent"))
    assert "weak immune system" in urgent and "inject drugs" in urgent


def test_sciatica_has_every_sign_of_back_pain_as_it_is_back_pain_reaching_the_leg():
    """NICE's red flags for low back pain hold for sciatica: a patient with sciatica and a
    fever, or cancer in the past, must find that sign on their page and handout."""
    assert set(CONDITIONS["low-back"].red_flags) <= set(CONDITIONS["sciatica"].red_flags)


def test_every_condition_shows_what_to_do_about_chest_pain_or_fainting_while_exercising():
    for key, condition in CONDITIONS.items():
        assert "red-flags-exercise-emergency" in condition.emergency, key


def test_a_handout_of_one_sciatica_exercise_has_the_back_boxes_and_the_exercise_box(handbook):
    from tools.exercises.programme import Item, Programme

    page = handout.handout_html(handbook.print_html.parent, Programme([Item("nerve-glide")]))
    shown = boxes_on(BeautifulSoup(page, "html.parser").select_one(".hb-handout-help"))
    for snippet in ("red-flags-back-emergency", "red-flags-back-urgent", "red-flags-exercise-emergency"):
        assert snippet_class(snippet) in shown, snippet


def test_the_brief_signs_keep_pain_in_both_legs_where_the_box_has_it():
    """Someone with pain in both legs who reads only the short box at the top must find it,
    not only "weak or numb"."""
    for key, condition in CONDITIONS.items():
        boxed = [sign for snippet in condition.emergency for sign in items(snippet)
                 if "both legs" in sign and sign.startswith("pain")]
        if boxed:
            assert any(line.lower().startswith("pain") and "both legs" in line for line in condition.brief), key


def test_no_emergency_box_speaks_of_today_or_the_same_day():
    """"Today" is the urgent boxes' word: a 999 box that says it blurs the two."""
    for path in SNIPPETS.glob("red-flags-*.md"):
        text = " ".join(path.read_text().split())
        if "hb-emergency" in text:
            assert not re.search(r"\b(today|same day)\b", text, re.I), path.name


def test_every_urgent_box_on_every_page_and_in_the_book_says_whom_to_call_when_the_surgery_is_closed(handbook):
    """A patient holding a page or a handout at night needs a number, not "an urgent care line"."""
    pages = [*sorted(handbook.html.rglob("*.html")), handbook.print_html]
    seen = 0
    for page in pages:
        for box in BeautifulSoup(page.read_text(), "html.parser").select(".hb-red-flags.hb-urgent"):
            text = " ".join(box.get_text(" ").split())
            assert "surgery today" in text and "NHS 111 if it is closed" in text, (page.name, text[:120])
            seen += 1
    # each urgent box at least on Get help now and in the book
    assert seen >= 2 * len({snippet for condition in CONDITIONS.values() for snippet in condition.urgent})


def test_an_in_short_that_gives_the_999_signs_of_sciatica_or_back_pain_names_saddle_numbness():
    for key, condition in CONDITIONS.items():
        if "red-flags-cauda-equina" not in condition.emergency:
            continue
        page = (DOCS / f"{condition.chapter}.md").read_text()
        start = page.index("{admonition} In short")
        short = page[start:page.index(":::", start + 30)]
        if "999" in short:
            assert "genitals" in short, condition.chapter


def test_a_page_that_points_to_these_boxes_shows_more_than_one():
    for path in DOCS.rglob("*.md"):
        text = path.read_text()
        for match in re.finditer(r"in these boxes", text):
            section = text[match.end():]
            section = section[:section.index("\n## ")] if "\n## " in section else section
            assert section.count("{include} _snippets/red-flags-") >= 2, path.relative_to(DOCS)


def test_the_cauda_equina_box_names_saddle_numbness_first():
    assert items("red-flags-cauda-equina")[0].startswith(
        "numbness or a changed feeling around your genitals, buttocks or back passage")


def test_emergency_means_straight_away():
    page = (DOCS / "get-help-now.md").read_text()
    section = page[page.index("## Call emergency services now"):page.index("## Get an urgent appointment")]
    assert "within hours" not in page
    assert "straight away" in section


def test_exercising_at_home_keeps_stop_and_ask_apart_from_call_999():
    page = (DOCS / "exercising-at-home.md").read_text()
    stop = page[page.index("## When to stop and ask for advice"):page.index("## When to call 999")]
    call = page[page.index("## When to call 999"):page.index("## Meet the activity targets")]
    assert "not an emergency" in stop and "{include}" not in stop
    # what it calls "not an emergency" holds no sign the boxes give as "call 999"
    assert not EMERGENCY_SIGNS.search(stop), EMERGENCY_SIGNS.search(stop)
    assert "a doctor today" in stop
    for snippet in ("red-flags-exercise-emergency", *CONDITIONS["low-back"].emergency,
                    *CONDITIONS["sciatica"].emergency, *CONDITIONS["neck"].emergency):
        assert f"_snippets/{snippet}.md" in call, snippet


def test_chest_pain_while_exercising_means_call_999():
    assert any("chest" in sign for sign in items("red-flags-exercise-emergency"))
    assert "Call 999" in (SNIPPETS / "red-flags-exercise-emergency.md").read_text()
    assert "{include} /_snippets/red-flags-exercise-emergency.md" in (DOCS / "exercises" / "home.md").read_text()


# -- Every box on every built page where a patient exercises ---------------------------------

def boxes_on(soup: BeautifulSoup) -> set[str]:
    return {cls for box in soup.select(".hb-red-flags") for cls in box["class"] if cls.startswith("hb-flags-")}


def required_boxes(soup: BeautifulSoup, docname: str) -> dict[str, str]:
    """{box class: why} for one built page, read from its cards, its lists and the table."""
    needed: dict[str, str] = {}
    for card in soup.select("section.hb-exercise"):
        areas = [c.removeprefix("hb-area-") for c in card["class"] if c.startswith("hb-area-")]
        assert areas, f"{docname}: a card carries no hb-area-* class"
        for snippet in red_flags_for(areas):
            needed.setdefault(snippet_class(snippet), f"the card {card['id']}")
    for key, condition in CONDITIONS.items():
        if condition.chapter == docname:
            for snippet in condition.red_flags:
                needed.setdefault(snippet_class(snippet), "its chapter")
    return needed


def test_every_page_with_an_exercise_shows_every_box_of_its_conditions(handbook):
    checked = 0
    for page in sorted(handbook.html.rglob("*.html")):
        docname = page.relative_to(handbook.html).with_suffix("").as_posix()
        soup = BeautifulSoup(page.read_text(), "html.parser")
        needed = required_boxes(soup, docname)
        missing = {box: why for box, why in needed.items() if box not in boxes_on(soup)}
        assert not missing, f"{docname}.html lacks {missing}"
        checked += bool(needed)
    # the four exercise pages, the three condition chapters and exercising at home
    assert checked >= 8


@pytest.mark.parametrize("page", ["exercises/low-back", "exercises/sciatica", "exercises/neck", "exercises/upper-back", "exercises/home",
                                  "exercising-at-home"])
def test_the_exercise_pages_show_their_boxes(handbook, page):
    soup = BeautifulSoup((handbook.html / f"{page}.html").read_text(), "html.parser")
    needed = required_boxes(soup, page) or {
        snippet_class(s): "its list" for s in CONDITIONS["general"].red_flags}
    assert needed and set(needed) <= boxes_on(soup)


# -- Handouts ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("labels", "areas"), [
    (["marching"], ["general"]),
    (["knee-rolls", "chin-tuck"], ["low-back", "sciatica", "neck"]),
    (["brisk-walking"], ["general", "low-back"]),
])
def test_every_handout_shows_the_emergency_boxes_of_every_condition_it_serves(handbook, labels, areas):
    from tools.exercises.programme import Item, Programme

    page = handout.handout_html(handbook.print_html.parent, Programme([Item(label) for label in labels]))
    soup = BeautifulSoup(page, "html.parser")
    help_section = soup.select_one(".hb-handout-help")
    shown = boxes_on(help_section)
    for snippet in red_flags_for(areas):
        assert snippet_class(snippet) in shown, snippet
    # a box under every heading: never a heading with nothing under it
    assert help_section.select(".hb-red-flags.hb-emergency")


# -- The red-flag cards: every "call 999" box of each condition, and while you exercise -------
# (tests/test_printables.py reads every sign in their one-page PDFs)

@pytest.mark.parametrize("where", ["site", "book"])
@pytest.mark.parametrize(("name", "areas"), [("red-flag-card", ["low-back", "sciatica", "general"]),
                                             ("red-flag-card-neck-and-upper-back", ["neck", "upper-back", "general"])])
def test_the_red_flag_cards_show_every_emergency_box_of_their_conditions(handbook, name, areas, where):
    path = handbook.html / "red-flag-card.html" if where == "site" else handbook.print_html
    card = BeautifulSoup(path.read_text(), "html.parser").select_one(f"#hb-printable-{name}")
    for area in areas:
        for snippet in CONDITIONS[area].emergency:
            assert snippet_class(snippet) in boxes_on(card), snippet
            assert card.select_one(f".{snippet_class(snippet)}.hb-emergency"), snippet


@pytest.mark.parametrize("page", ["exercises/low-back", "exercises/sciatica", "exercises/neck", "exercises/upper-back",
                                  "exercises/home", "low-back-pain", "sciatica", "neck-pain", "upper-back-pain"])
def test_the_compact_box_at_the_top_names_every_conditions_signs_and_links_to_the_full_boxes(handbook, page):
    """The box at the top gives each condition's "call 999" signs in brief; the full boxes it
    links to are on the same page, so no sign is only in brief."""
    soup = BeautifulSoup((handbook.html / f"{page}.html").read_text(), "html.parser")
    summary = soup.select_one(".hb-red-flags-summary")
    signs = [" ".join(li.get_text(" ").split()) for li in summary.select("li")]
    areas = {c.removeprefix("hb-area-") for card in soup.select("section.hb-exercise") for c in card["class"]
             if c.startswith("hb-area-")} or {key for key, c in CONDITIONS.items() if c.chapter == page}
    assert areas, page
    for area in areas:  # each brief line, or a longer one that begins with it ("Chest pain, pressure ...")
        for line in CONDITIONS[area].brief:
            assert any(sign.lower().startswith(line.lower()) for sign in signs), (page, area, line)
        for snippet in CONDITIONS[area].emergency:
            assert soup.select_one(f".{snippet_class(snippet)}.hb-emergency"), (page, snippet)
    assert len(signs) == len(set(signs)), signs  # each said once
    assert not [(a, b) for a in signs for b in signs if a != b and b.lower().startswith(a.lower())], signs
    links = [a["href"] for a in summary.select("a")]
    assert any(href.startswith("#") and soup.find(id=href[1:]) for href in links), links
    assert any(href.endswith("get-help-now.html") for href in links), links


def test_a_condition_without_a_brief_or_with_a_long_one_is_an_error(tmp_path):
    from tools.exercises.conditions import ConditionsError

    table = tmp_path / "conditions.toml"
    table.write_text('[back]\nname = "Back"\nchapter = "back"\nemergency = ["red-flags-back"]\nurgent = []\n')
    with pytest.raises(ConditionsError, match=r"\[back\] has emergency signs but no brief"):
        read_conditions(table)
    table.write_text('[back]\nname = "Back"\nchapter = "back"\nemergency = ["red-flags-back"]\nurgent = []\n'
                     'brief = ["Numbness or a changed feeling around your genitals"]\n')
    with pytest.raises(ConditionsError, match=r"longer than 36 characters"):
        read_conditions(table)
