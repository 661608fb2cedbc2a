"""The exercise directive and its finders, on the tiny test root tests/roots/test-exercise.

The contributor guide's example (docs/contributing/add-an-exercise.md) and
the errors it quotes are built in tests/test_contributing.py.
"""

from __future__ import annotations

import base64
import copy
import os
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag

from tools.checks.html_reader import read, text_of

ROOT = Path(__file__).resolve().parent / "roots" / "test-exercise"
SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "exercise-card.html"
pytestmark = pytest.mark.sphinx("html", testroot="exercise")

VALID = """\
# Broken

:::{exercise} Test stretch
:label: test-stretch
:purpose: Tests the directive.
:areas: low-back
:type: stretch
:position: standing
:level: 1
:start: Stand tall.
:hold: 5 seconds
:reps: 5
:how-often: 3 times a day
:feel: A gentle stretch.
:stop-if: It hurts.
:source: editors
:evidence: nice2016ng59
:pose-start: base=standing
:pose-end: base=standing arm=90,90
:alt: A person stands, then lifts an arm.

1. Lift your arm.
2. Lower it.
:::
"""


def soup_of(path: Path) -> BeautifulSoup:
    """A built page, parsed by the shared reader (do not change it: it is cached)."""
    return read(path).soup


def card(path: Path, label: str) -> Tag:
    """One exercise's section on a built page."""
    section = soup_of(path).select_one(f"section.hb-exercise#exercise-{label}")
    assert section is not None, f"no card {label!r} on {path.name}"
    return section


def classed(tag: Tag, name: str, classes: str) -> list[Tag]:
    """The elements ``name`` in ``tag`` whose class attribute is exactly ``classes``."""
    return tag.select(f'{name}[class="{classes}"]')


def ref_titles(tag: Tag) -> list[str]:
    """The titles of the cross-references in ``tag``, in order: <span class="std std-ref">title</span>."""
    return [str(span.contents[0]) for span in classed(tag, "span", "std std-ref")
            if len(span.contents) == 1 and type(span.contents[0]) is NavigableString]


def source_citation(section: Tag) -> Tag | None:
    """The citation right after "Source: ", if it opens with a link into the bibliography:
    Source: <span class="bibtex-citation" ...>[<a class="reference internal" href="index.html#...">."""
    for citation in classed(section, "span", "bibtex-citation"):
        before, contents = citation.previous_sibling, citation.contents
        if (isinstance(before, str) and before.endswith("Source: ") and len(contents) >= 2
                and contents[0] == "[" and isinstance(contents[1], Tag) and contents[1].name == "a"
                and contents[1].get("class") == ["reference", "internal"]
                and contents[1].get("href", "").startswith("index.html#")):
            return citation
    return None


@pytest.fixture
def built(app):
    app.build()
    return app


@pytest.fixture
def build_broken(make_app, tmp_path):
    """Build the test root with one more page, broken.md, holding the given text."""

    def build(page: str) -> tuple[str, int]:
        src = tmp_path / "src"
        shutil.copytree(ROOT, src)
        (src / "broken.md").write_text(page)
        app = make_app("html", srcdir=src)
        app.build()
        line = next(i for i, row in enumerate(page.splitlines(), 1) if row.startswith(":::{exercise}"))
        return app.warning.getvalue(), line

    return build


# -- Errors: each names the file and line ------------------------------------------

@pytest.mark.parametrize(("change", "message"), [
    ((":purpose: Tests the directive.\n", ""), "missing required field :purpose:"),
    ((":source: editors\n:evidence: nice2016ng59\n:pose-start: base=standing\n", ":evidence: nice2016ng59\n"),
     "missing required fields :source:, :pose-start:"),
    ((":label: test-stretch", ":label: Test Stretch"), ":label: 'Test Stretch' must be lower-case"),
    ((":areas: low-back", ":areas: low-back, knees"), ":areas: unknown area 'knees'"),
    ((":type: stretch", ":type: yoga"), ":type: unknown type 'yoga'"),
    ((":position: standing", ":position: upside-down"), ":position: unknown position 'upside-down'"),
    ((":reps: 5", ":reps: lots"), ":reps: 'lots' is not a dose we can read"),
    ((":hold: 5 seconds", ":hold: 5 secs"), ":hold: '5 secs' is not a dose we can read"),
    ((":hold: 5 seconds", ":hold: 30 to 20 seconds"), "a range must go from low to high"),
    ((":how-often: 3 times a day", ":how-often: often"), ":how-often: 'often' is not a dose"),
    ((":reps: 5", ":reps: 5\n:sets: two"), ":sets: 'two' is not a dose"),
    ((":pose-end: base=standing arm=90,90", ":pose-end: base=standing arm=90"),
     "the pose cannot be drawn: arm=90: expected two angles"),
    ((":pose-start: base=standing", ":pose-start: base=flying"), "base=flying: unknown"),
    ((":pose-end: base=standing arm=90,90", ":pose-end: base=front-view"),
     "start and end must both be side view or both front view"),
    ((":alt: A person stands, then lifts an arm.", ":alt: x\n:pose-labels: Only one"),
     ":pose-labels: 'Only one': give two labels"),
    ((":level: 1\n", ":level: easy\n"),
     ":level: 'easy' is not a level; use 1 (gentle), 2 (moderate) or 3 (harder)"),
    ((":level: 1\n", ""), "missing required field :level:"),
    ((":source: editors\n", ":source: hayden2021exercise\n"),
     ":source: 'hayden2021exercise' is a review or guideline, which supports exercise in general but "
     "does not describe this exercise: move it to :evidence: and name a handout that describes the "
     "exercise, or write 'editors'"),
    ((":source: editors\n", ":source: nhsinformback, nice2016ng59\n"), ":source: 'nice2016ng59' is a review"),
    ((":source: editors\n", ":source: editors, nhsinformback\n"), ":source: 'editors' stands alone"),
    ((":stop-if: It hurts.", ":stop-if: You get chest pain."),
     ":stop-if: names 'chest', a sign that means calling 999, but the card shows it under "
     "\"Stop and get advice if\": say that it is an emergency and to call 999"),
    ((":stop-if: It hurts.", ":stop-if: It hurts, or you feel faint."), ":stop-if: names 'faint'"),
    ((":stop-if: It hurts.", ":stop-if: You feel weak in both legs."), ":stop-if: names 'both legs'"),
    # a sign for a doctor today, if it stays: the card must say so (the urgent boxes' tier)
    ((":stop-if: It hurts.", ":stop-if: It hurts, or your arm feels numb."),
     ":stop-if: names 'numb', which needs a doctor today if it stays, but does not say so"),
    ((":stop-if: It hurts.", ":stop-if: You get pins and needles. Rest a while."), ":stop-if: names 'pins and needles'"),
    (("1. Lift your arm.\n2. Lower it.\n", ""), "no steps"),
    (("1. Lift your arm.\n2. Lower it.\n", "- Lift your arm.\n"), "the steps must be one numbered list"),
])
def test_a_broken_exercise_is_a_handbook_warning_naming_file_and_line(build_broken, change, message):
    old, new = change
    assert old in VALID
    page = VALID.replace(old, new)
    warnings, line = build_broken(page)
    ours = [w for w in warnings.splitlines() if "[handbook.exercise]" in w]
    assert len(ours) == 1, warnings
    # a field's problem at the field's line, so a writer goes straight to it; others at the card's
    field = re.search(r"exercise 'Test stretch': :([a-z-]+):", ours[0])
    if field and field[1] in [row.split(":")[1] for row in page.splitlines() if row.startswith(":")]:
        line = next(n for n, row in enumerate(page.splitlines(), 1) if row.startswith(f":{field[1]}:"))
    assert f"broken.md:{line}: WARNING: exercise 'Test stretch': " in ours[0]
    assert message in ours[0]


def test_a_label_used_twice_is_a_handbook_warning(build_broken):
    warnings, _ = build_broken(VALID.replace(":label: test-stretch", ":label: knee-rolls"))
    # Pages are read in name order: broken.md comes first, so knee-rolls.md is the second use.
    assert ("knee-rolls.md:4: WARNING: exercise 'Knee rolls': :label: 'knee-rolls' is already used "
            "by the exercise on broken.md [handbook.exercise]") in warnings


def test_a_broken_exercise_leaves_no_card_and_no_index_entry(build_broken, tmp_path):
    build_broken(VALID.replace(":reps: 5", ":reps: lots"))
    out = tmp_path / "src" / "_build" / "html"
    assert "test-stretch" not in (out / "broken.html").read_text()
    assert "Test stretch" not in (out / "finders.html").read_text()


@pytest.mark.parametrize(("text", "sign"), [
    ("You have trouble peeing, or numbness around your buttocks.", "peeing"),
    ("You become very short of breath.", "short of breath"),
    ("You feel you may pass out.", "pass out"),
    ("Numbness spreads to your back passage.", "back passage"),
    ("A tearing pain in your back. You do not need 999 for a sore back.", "tearing"),
])
def test_a_stop_if_naming_any_999_sign_must_say_call_999(text, sign):
    from tools.exercises.vocabulary import ExerciseError, check_stop_if
    with pytest.raises(ExerciseError, match=f"^:stop-if: names '{sign}', a sign that means calling 999"):
        check_stop_if(text)
    assert check_stop_if(f"{text} This is an emergency: stop and call 999.")
    assert check_stop_if(f"{text} This is an emergency: stop and ring 999 now.")


def test_a_stop_if_that_says_to_call_999_for_an_emergency_sign_builds(build_broken):
    warnings, _ = build_broken(VALID.replace(
        ":stop-if: It hurts.", ":stop-if: It hurts. Chest pain is an emergency: stop and call 999."))
    assert "handbook" not in warnings and "ERROR" not in warnings


def test_the_valid_example_builds_without_warnings(build_broken):
    warnings, _ = build_broken(VALID)
    assert "handbook" not in warnings and "ERROR" not in warnings


def test_an_unknown_area_in_a_list_is_a_handbook_warning(build_broken):
    warnings, _ = build_broken(":::{exercise-list}\n:area: knees\n:::\n" + VALID)
    assert "broken.md:1: WARNING: exercise-list: :area: 'knees' is unknown" in warnings
    assert "[handbook.exercise]" in warnings


# -- Each field's rendering -----------------------------------------------------------

def test_the_card_shows_every_field(built):
    section = card(built.outdir / "knee-rolls.html", "knee-rolls")
    words = text_of(section)
    for expected in (
        "Knee rolls",
        "Loosens a stiff lower back.",
        "For: Low back pain", "Type: Active range of motion", "Position: Lying on your back",
        "You need : A mat or a carpet",
        "Start position : Lie on your back with your knees bent",
        "Steps", "Keep your shoulders flat on the floor.", "Repeat on the other side.",
        "Hold : 2 seconds each side", "Repeat : 5 each side", "Sets : 1", "How often : 3 times a day",
        "hold ___ seconds, repeat ___ times, ___ times a day",
        "What you should feel : A gentle stretch in your lower back",
        "To make it easier : Make the roll smaller.",
        "To make it harder : Roll a little further",
        "Stop and get advice if Pain shoots down your leg, or you feel numb or tingly.",
        "Source:",
    ):
        assert expected in words, expected
    steps = classed(section, "ol", "arabic simple hb-exercise-steps")
    assert len(section.select("li")) == 4 and len(steps) == 1 and len(steps[0].select("li")) == 4
    assert classed(section, "div", "hb-exercise-stop caution admonition")
    assert source_citation(section) is not None


def test_optional_fields_are_left_out_when_not_given(built):
    section = card(built.outdir / "more.html", "walking")
    assert "Hold" not in text_of(section) and "Sets" not in text_of(section)
    assert "You need : Nothing" in text_of(section)


def test_the_illustration_is_two_svgs_with_captions_and_alt_text_describing_the_movement(built):
    section = card(built.outdir / "knee-rolls.html", "knee-rolls")
    (drawing,) = classed(section, "div", "hb-exercise-figure docutils container")
    panels = classed(drawing, "figure", "hb-pose-panel align-default")
    images = [img for panel in panels for img in classed(panel, "img", "hb-exercise-image")
              if img.get("alt") and img.get("src", "").startswith("data:image/svg+xml;base64,")]
    assert len(panels) == len(images) == 2
    alts = [img["alt"] for img in images]
    assert alts[0].startswith("A person lies on their back with knees bent, then lets both knees roll")
    assert alts[1] == "Second picture, described with the first."  # the movement is described once
    svgs = [ElementTree.fromstring(base64.b64decode(img["src"].split("base64,", 1)[1])) for img in images]
    for svg, alt in zip(svgs, alts):
        assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("role") == "img"
        assert svg.find("{http://www.w3.org/2000/svg}title").text == alt
        assert not list(svg.iter("{http://www.w3.org/2000/svg}text"))  # the captions are HTML text
    assert svgs[0].get("viewBox") == svgs[1].get("viewBox")  # one scale for both
    assert [text_of(panel.figcaption) for panel in panels] == ["1. Start", "2. End"]
    assert not section.select(".hb-pose-panel a.headerlink")  # no link to each half of the drawing


def test_pose_labels_replace_start_and_end(build_broken, tmp_path):
    build_broken(VALID.replace(":alt: A person", ":pose-labels: Relax, Tighten\n:alt: A person"))
    captions = soup_of(tmp_path / "src" / "_build" / "html" / "broken.html").select(".hb-pose-panel figcaption")
    assert [text_of(caption) for caption in captions] == ["1. Relax", "2. Tighten"]


def test_cards_get_the_sphinx_design_look_on_the_site_only(built):
    section = card(built.outdir / "knee-rolls.html", "knee-rolls")
    assert classed(section, "div", "hb-exercise-card sd-card sd-shadow-sm sd-card-body docutils container")


@pytest.mark.sphinx("singlehtml", testroot="exercise", tags=["print"])
def test_cards_are_plain_blocks_in_print(app):
    app.build()
    section = card(app.outdir / "index.html", "knee-rolls")
    assert classed(section, "div", "hb-exercise-card docutils container")
    assert "sd-card" not in str(section)


def test_one_card_matches_its_snapshot(built):
    """tests/snapshots/exercise-card.html; rewrite with UPDATE_SNAPSHOTS=1, then read it."""
    element = copy.copy(card(built.outdir / "knee-rolls.html", "knee-rolls"))  # the reader's stays as it is
    for tag in [element, *element.find_all(True)]:
        for name, value in list(tag.attrs.items()):
            if isinstance(value, str):
                value = re.sub(r"base64,[A-Za-z0-9+/=]+", "base64,(the drawing)", value)
                # numbered by build order
                value = "id" if name == "id" and re.fullmatch(r"id\d+", value) else re.sub(r"#id\d+$", "#id", value)
                tag[name] = value
    section = str(element)
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(section + "\n")
    assert section + "\n" == SNAPSHOT.read_text()


# -- Cross-references, indexes and lists ---------------------------------------------

def test_exercises_are_cross_referenced_by_label(built):
    html = (built.outdir / "index.html").read_text()
    assert ('<a class="reference internal" href="knee-rolls.html#exercise-knee-rolls">'
            '<span class="std std-ref">Knee rolls</span></a>') in html
    assert 'href="more.html#exercise-chin-tuck"' in html


def groups(soup: BeautifulSoup, group_by: str) -> dict[str, list[str]]:
    """{group key: [exercise titles]} for one index on a page."""
    index = soup.select_one(f"div.hb-exercise-index.hb-group-by-{group_by}")
    assert index is not None, group_by
    found = {}
    for group in index.select("div.hb-exercise-group"):
        keys = [name.removeprefix(f"hb-group-{group_by}-") for name in group["class"]
                if re.fullmatch(rf"hb-group-{group_by}-[a-z-]+", name)]
        assert len(keys) == 1, group["class"]
        found[keys[0]] = ref_titles(group.select_one("ul"))
    return found


def test_the_index_groups_every_exercise_by_condition_type_and_position(built):
    html = soup_of(built.outdir / "finders.html")
    # gentlest first: Walking is level 1, Knee rolls level 2
    assert groups(html, "area") == {"low-back": ["Walking", "Knee rolls"], "neck": ["Chin tuck"],
                                    "general": ["Walking"]}
    assert groups(html, "type") == {"active-rom": ["Knee rolls"], "strengthening": ["Chin tuck"],
                                    "aerobic": ["Walking"]}
    assert groups(html, "position") == {"lying-on-back": ["Knee rolls"], "sitting": ["Chin tuck"],
                                        "standing": ["Walking"]}


def test_index_entries_carry_the_classes_the_filter_reads(built):
    html = (built.outdir / "finders.html").read_text()
    assert classed(soup_of(built.outdir / "finders.html"), "li",
                   "hb-exercise-entry hb-type-aerobic hb-position-standing hb-area-general hb-area-low-back")
    assert "js/hb-exercise-filter.js" in html
    assert "hb-exercise-filter.js" not in (built.outdir / "knee-rolls.html").read_text()


def test_a_condition_list_shows_only_that_conditions_exercises(built):
    listed = soup_of(built.outdir / "finders.html").select_one('ul[class^="hb-exercise-list"]')
    assert listed is not None
    assert ref_titles(listed) == ["Chin tuck"]
    assert "Strengthens the muscles at the front of your neck." in text_of(listed)


# -- Incremental and parallel builds ---------------------------------------------------

def test_an_exercise_deleted_between_builds_leaves_every_finder(make_app, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    make_app("html", srcdir=src).build()
    finders = src / "_build" / "html" / "finders.html"
    assert "Walking" in finders.read_text() and "Knee rolls" in finders.read_text()

    more = src / "more.md"
    more.write_text(more.read_text().split(":::{exercise} Walking")[0])
    (src / "knee-rolls.md").unlink()
    index = src / "index.md"
    index.write_text(index.read_text().replace("knee-rolls\n", "").replace("See {ref}`knee-rolls` and ", "See "))
    app = make_app("html", srcdir=src)
    app.build()
    html = finders.read_text()
    assert "Chin tuck" in html
    assert "Walking" not in html and "Knee rolls" not in html
    assert set(app.env.handbook_exercises) == {"chin-tuck"}
    assert "[handbook" not in app.warning.getvalue()


def test_an_edited_exercise_reaches_the_finders_without_their_page_changing(make_app, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    make_app("html", srcdir=src).build()
    finders = src / "_build" / "html" / "finders.html"
    assert "Builds fitness." in finders.read_text()

    more = src / "more.md"
    more.write_text(more.read_text().replace(":purpose: Builds fitness.", ":purpose: Gets you moving."))
    make_app("html", srcdir=src).build()
    html = finders.read_text()
    assert "Gets you moving." in html and "Builds fitness." not in html


def test_a_page_without_exercises_changed_rewrites_no_finder(make_app, tmp_path):
    """A finder is filled in when its page is written: a change to a page that
    holds no exercise leaves the exercises, so no finder is read or written again."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    make_app("html", srcdir=src).build()
    out = src / "_build" / "html"
    before = {page: (out / page).stat().st_mtime_ns for page in ("index.html", "finders.html")}

    index = src / "index.md"
    index.write_text(index.read_text().replace("# Test handbook", "# Test handbook, edited"))
    app = make_app("html", srcdir=src)
    app.build()
    assert "Test handbook, edited" in (out / "index.html").read_text()
    assert (out / "index.html").stat().st_mtime_ns != before["index.html"]
    assert (out / "finders.html").stat().st_mtime_ns == before["finders.html"], "the finders' page was written again"
    assert set(app.env.handbook_exercises) == {"knee-rolls", "chin-tuck", "walking"}

    # A build that stopped before it finished leaves no record of what the
    # finders were written from: the next build writes them all again.
    (Path(app.doctreedir) / "handbook-finders.json").unlink()
    make_app("html", srcdir=src).build()
    assert (out / "finders.html").stat().st_mtime_ns != before["finders.html"]


def test_a_parallel_build_finds_the_same_exercises(make_app, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    for i in range(6):  # enough pages for Sphinx to read them in several processes
        (src / f"extra{i}.md").write_text(f"---\norphan: true\n---\n# Extra {i}\n\n" + VALID.replace(
            "test-stretch", f"test-stretch-{i}").replace("Test stretch", f"Test stretch {i}").replace("# Broken\n", ""))
    app = make_app("html", srcdir=src, parallel=4)
    app.build()
    assert set(app.env.handbook_exercises) == {"knee-rolls", "chin-tuck", "walking",
                                               *(f"test-stretch-{i}" for i in range(6))}
    html = (src / "_build" / "html" / "finders.html").read_text()
    assert all(f"Test stretch {i}" in html for i in range(6))


def test_a_page_with_exercises_is_read_again_when_the_drawing_code_changes(built, app):
    from tools.exercises import poses
    drawing_code = {Path(f).resolve() for f in poses.FILES}
    assert {p.name for p in drawing_code} == {"__init__.py", "parse.py", "geometry.py", "svg.py"}
    depends = lambda doc: drawing_code <= {Path(os.fspath(d)).resolve() for d in app.env.dependencies.get(doc, ())}
    assert depends("knee-rolls")
    assert not depends("index"), "a page without exercises does not depend on the drawing code"
    import handbook_exercise
    from tools.exercises import vocabulary
    card_code = {Path(handbook_exercise.__file__).resolve(), Path(vocabulary.__file__).resolve()}
    # the card's own code and words too: a changed label or blank reaches every card on the next build
    assert card_code <= {Path(os.fspath(d)).resolve() for d in app.env.dependencies.get("knee-rolls", ())}


# -- Sources, evidence, levels ------------------------------------------------------------

def test_the_editors_own_exercise_says_so_and_shows_its_evidence_apart(built):
    section = card(built.outdir / "more.html", "chin-tuck")
    source = classed(section, "p", "hb-exercise-source")[0]
    evidence = classed(section, "p", "hb-exercise-evidence")[0]
    assert text_of(source) == "Source: the editors’ own description, checked by the reviewing clinician."
    assert text_of(evidence).startswith("Research on exercise in general: [") and "gross2015neck" not in text_of(source)


def test_a_card_shows_its_level(built):
    section = card(built.outdir / "knee-rolls.html", "knee-rolls")
    # <span ...><strong>Level: </strong>2, moderate</span>
    assert any(strong.next_sibling == "2, moderate" and strong.next_sibling.next_sibling is None
               and strong.parent.name == "span" for strong in section.find_all("strong", string="Level: "))


def test_every_review_key_is_in_the_bibliography():
    from handbook_exercise import REVIEW_KEYS

    bib = (Path(__file__).resolve().parent.parent / "docs" / "references.bib").read_text()
    keys = set(re.findall(r"^@\w+\{([^,]+),", bib, re.M))
    assert REVIEW_KEYS <= keys, REVIEW_KEYS - keys


@pytest.mark.parametrize(("doses", "blanks"), [
    ({"hold": "2 seconds each side", "reps": "5 each side", "how-often": "3 times a day"},
     "hold ___ seconds, repeat ___ times, ___ times a day"),
    # the nerve glide has no hold: a blank for one told the patient to hold (clinician review)
    ({"reps": "5", "how-often": "twice a day"}, "repeat ___ times, ___ times a day"),
    # a walk is minutes on days of the week, not repeats a day
    ({"reps": "30 minutes", "how-often": "5 days a week"}, "___ minutes, ___ days a week"),
    ({"reps": "5 to 10 minutes", "how-often": "every day"}, "___ minutes, ___ days a week"),
])
def test_the_blanks_to_fill_in_take_the_shape_of_the_cards_dose(doses, blanks):
    from handbook_exercise import plan_blanks

    assert plan_blanks(doses) == blanks
