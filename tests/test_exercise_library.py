"""The exercise library in the real handbook: every exercise complete, finders full, filter working."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag

from tools.checks.html_reader import read, text_of
from tools.exercises.conditions import SNIPPETS_DIR, read_conditions

PAGES = ["low-back", "sciatica", "neck", "upper-back", "home"]
CONDITIONS = read_conditions()
# each condition's chapter, from the table: a new condition is tested with no change here
CONDITION_PAGES = {condition.chapter: key for key, condition in CONDITIONS.items()}


def soup_of(path: Path) -> BeautifulSoup:
    """A built page, parsed by the shared reader (do not change it: it is cached)."""
    return read(path).soup


def sections(soup: BeautifulSoup) -> dict[str, Tag]:
    """{label: the exercise's section} for one page."""
    return {section["id"].removeprefix("exercise-"): section
            for section in soup.select("section.hb-exercise[id]")
            if re.fullmatch(r"exercise-[a-z0-9-]+", section["id"])}


def exercise_links(tag: Tag, page: str = r"[a-z-]+\.html") -> list[str]:
    """The labels of the exercises ``tag`` links to, in order, from links to ``page#exercise-label``."""
    return [m[1] for a in tag.select("[href]") if (m := re.fullmatch(rf"{page}#exercise-([a-z0-9-]+)", a["href"]))]


def after_label(card: Tag, label: str) -> list[str]:
    """The text right after each <strong>label</strong> in a card, up to the next element."""
    return [str(strong.next_sibling) if isinstance(strong.next_sibling, NavigableString) else ""
            for strong in card.find_all("strong", string=label)]


def has_source(card: Tag) -> bool:
    """"Source: " then a citation (<span class="bibtex-citation" ...>) or the editors' own description."""
    for text in card.find_all(string=lambda s: "Source: " in s):
        rest = text.split("Source: ", 1)[1]
        if rest.startswith("the editors’ own description"):
            return True
        after = text.next_sibling
        if not rest and isinstance(after, Tag) and after.name == "span" and after.get("class") == ["bibtex-citation"]:
            return True
    return False


@pytest.fixture(scope="module")
def cards(handbook) -> dict[str, Tag]:
    found = {}
    for page in PAGES:
        found.update(sections(soup_of(handbook.html / "exercises" / f"{page}.html")))
    return found


@pytest.fixture(scope="module")
def index_entries(handbook) -> list[tuple[str, str]]:
    """(classes, label) of every entry of the index, in every grouping."""
    entries = []
    for entry in soup_of(handbook.html / "exercises" / "index.html").select("li.hb-exercise-entry"):
        # <li class="hb-exercise-entry ..."><p><a class="reference internal" href="page.html#exercise-label">
        link = entry.select_one(":scope > p:first-child > a:first-child")
        if (len(entry["class"]) > 1 and entry["class"][0] == "hb-exercise-entry" and link is not None
                and link.get("class") == ["reference", "internal"]
                and (m := re.fullmatch(r"[a-z-]+\.html#exercise-([a-z0-9-]+)", link.get("href", "")))):
            entries.append((" ".join(entry["class"]), m[1]))
    return entries


def test_every_exercise_has_an_illustration_and_every_required_field(cards):
    assert len(cards) >= 24
    for label, card in cards.items():
        image = card.select_one('img[class="hb-exercise-image"][alt][src^="data:image/svg+xml;base64,"]')
        assert image and len(image["alt"].split()) >= 8, f"{label}: no illustration or a thin alt text"
        for field in ("Start position", "How often", "What you should feel", "You need"):
            assert card.find(string=field), f"{label}: no {field}"
        # repeats, or for a walk how long ("How long: 30 minutes")
        assert card.find(string="Repeat") or card.find(string="How long"), f"{label}: no repeats or time"
        assert card.select_one('ol[class$="hb-exercise-steps"] > li:first-child'), f"{label}: no steps"
        assert card.select_one('[class="hb-exercise-stop caution admonition"]'), f"{label}: no 'stop if'"
        assert has_source(card), f"{label}: no source"
        assert card.select_one('[class="hb-exercise-purpose"]') and card.select_one('[class*="hb-tag-area"]')


def test_the_library_has_enough_exercises_of_each_kind(index_entries, cards):
    classes: dict[str, set[str]] = {}
    for names, label in index_entries:  # an exercise is listed once per area, type and position
        classes.setdefault(label, set()).update(names.split())
    assert set(classes) == set(cards)
    count = Counter(name for names in classes.values() for name in names)
    assert count["hb-area-low-back"] >= 8 and count["hb-area-sciatica"] >= 4
    assert count["hb-area-neck"] >= 6 and count["hb-area-general"] >= 4
    assert count["hb-type-isometric"] >= 1 and count["hb-type-passive-rom"] >= 1
    assert count["hb-type-active-rom"] >= 3


def test_the_list_at_the_top_says_why_an_exercise_with_a_helper_comes_last(handbook):
    """"Gentlest first" puts a level-1 exercise done with a helper after the level-2 ones:
    the heading says so, where a page has one."""
    for page, helped in (("low-back", True), ("neck", False)):
        contents = soup_of(handbook.html / "exercises" / f"{page}.html").select_one(".hb-exercise-contents")
        heading = text_of(contents.select_one(".rubric"))
        assert ("with a helper, last" in heading) is helped, (page, heading)
        if helped:
            assert text_of(contents.select("li")[-1]) == "Knee bends with a helper"


def test_the_passive_exercise_says_it_is_done_by_a_helper(cards):
    passive = [text_of(card) for card in cards.values() if "Passive range of motion" in text_of(card)]
    assert passive
    for card in passive:
        assert "helper" in card and "physiotherapist" in card


def test_the_index_lists_every_exercise_once_per_grouping(handbook, cards):
    html = (handbook.html / "exercises" / "index.html").read_text()
    for group_by in ("type", "position"):
        index = soup_of(handbook.html / "exercises" / "index.html").select_one(f".hb-group-by-{group_by}")
        assert index is not None, group_by
        linked = exercise_links(index)
        assert sorted(linked) == sorted(cards), group_by
    assert "js/hb-exercise-filter.js" in html


def test_each_exercise_page_has_its_front_matter_summary_and_a_way_to_get_help(handbook):
    for page in PAGES:
        html = (handbook.html / "exercises" / f"{page}.html").read_text()
        assert 'class="admonition hb-in-short"' in html or "hb-in-short admonition" in html, page
        assert 'href="../get-help-now.html"' in html, page
        assert '<meta name="description"' in html, page


def test_each_condition_page_lists_its_exercises(handbook, cards):
    for page, area in CONDITION_PAGES.items():
        listed = exercise_links(start_with(handbook, page), r"exercises/[a-z-]+\.html")
        assert listed, page
        assert all(after_label(cards[label], "For: ") for label in listed)
        wanted = CONDITIONS[area].name
        assert all(any(wanted in text for text in after_label(cards[label], "For: ")) for label in listed), page


def start_with(handbook, page: str) -> Tag:
    """The section "Exercises to start with" of a condition page."""
    section = soup_of(handbook.html / f"{page}.html").select_one("#exercises-to-start-with")
    assert section is not None, page
    return section


def level(card: Tag) -> int:
    return next(int(m[1]) for text in after_label(card, "Level: ") if (m := re.match(r"(\d),", text)))


def test_each_condition_page_lists_the_gentlest_first_and_no_passive_exercise(handbook, cards):
    for page in CONDITION_PAGES:
        listed = exercise_links(start_with(handbook, page), r"exercises/[a-z-]+\.html")
        levels = [level(cards[label]) for label in listed]
        assert levels == sorted(levels), (page, list(zip(listed, levels)))
        assert not any("Passive range of motion" in str(cards[label]) for label in listed), page
    assert "assisted-knee-bend" not in (handbook.html / "low-back-pain.html").read_text()


def test_the_library_lists_the_gentlest_first_in_every_group_and_one_with_a_helper_last(handbook, cards):
    groups = soup_of(handbook.html / "exercises" / "index.html").select('ul[class^="hb-exercise-entries"]')
    assert groups
    helped = 0
    for group in groups:
        labels = exercise_links(group, ".*")
        passive = ["Passive range of motion" in str(cards[x]) for x in labels]
        # a reader alone starts with the first: never one that needs a trained helper
        assert passive == sorted(passive), labels
        own = [x for x, p in zip(labels, passive) if not p]
        assert [level(cards[x]) for x in own] == sorted(level(cards[x]) for x in own), labels
        helped += any(passive)
    assert helped  # "Knee bends with a helper" is in at least one group


def test_a_passive_exercise_says_who_may_do_it_in_the_same_words_as_types_of_exercise(handbook, cards):
    rule = "when a physiotherapist has shown you and your helper how"
    assert f"Only do this {rule}." in text_of(cards["assisted-knee-bend"])
    chapter = (handbook.html / "types-of-exercise.html").read_text()
    assert f"only {rule}" in " ".join(chapter.split())


def test_no_exercise_cites_a_review_as_its_source():
    from handbook_exercise import REVIEW_KEYS

    docs = Path(__file__).resolve().parent.parent / "docs" / "exercises"
    for page in docs.glob("*.md"):
        for number, line in enumerate(page.read_text().splitlines(), 1):
            if line.startswith(":source:"):
                keys = {k.strip() for k in line.removeprefix(":source:").split(",")}
                assert not keys & REVIEW_KEYS, f"{page.name}:{number}: {line}"


def test_every_card_starts_with_about_5_repeats_unless_it_holds_long_or_counts_minutes():
    """exercising-at-home.md: about 5 repeats to start; long holds start with fewer; walks count minutes."""
    docs = Path(__file__).resolve().parent.parent / "docs" / "exercises"
    for page in docs.glob("*.md"):
        for card in re.split(r"(?m)^:::\{exercise\}", page.read_text())[1:]:
            label = re.search(r"(?m)^:label: (\S+)", card)[1]
            reps = re.search(r"(?m)^:reps: (.+)$", card)[1]
            hold = re.search(r"(?m)^:hold: (\d+)", card)
            if reps.endswith("minutes"):
                continue
            if hold and int(hold[1]) >= 15:
                assert int(reps.split()[0]) <= 4, f"{label}: a long hold starts with 2 to 4 repeats, not {reps}"
            else:
                assert re.fullmatch(r"5( each (side|leg|arm))?", reps), f"{label}: starts with {reps!r}, not about 5"


def test_cards_print_as_plain_blocks_with_their_drawings(handbook):
    html = handbook.print_html.read_text()
    printed = sections(soup_of(handbook.print_html))
    assert len(printed) >= 24
    for label, card in printed.items():
        assert "sd-card" not in str(card) and card.select_one('[src^="data:image/svg+xml;base64,"]'), label
    assert "hb-exercise-filter.js" not in html


# -- The filter, in a real browser --------------------------------------------------

def visible_entries(page) -> list[str]:
    return page.eval_on_selector_all(
        ".hb-exercise-index .hb-exercise-entry",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.className)")


def test_the_filter_narrows_the_index_by_condition_type_and_position(browser, served_site):
    page = browser.new_page()
    page.goto(f"{served_site}/exercises/index.html", wait_until="networkidle")
    everything = visible_entries(page)
    status = page.locator(".hb-exercise-filter-status")
    assert re.fullmatch(r"Showing all \d+ exercises\.", status.text_content())

    page.select_option("#hb-filter-area", "neck")
    shown = visible_entries(page)
    assert shown and len(shown) < len(everything)
    assert all("hb-area-neck" in e for e in shown)
    assert page.is_hidden(".hb-group-area-low-back")

    page.select_option("#hb-filter-type", "isometric")
    page.select_option("#hb-filter-position", "sitting")
    shown = visible_entries(page)
    assert shown and all({"hb-area-neck", "hb-type-isometric", "hb-position-sitting"} <= set(e.split())
                         for e in shown)
    assert re.fullmatch(r"Showing \d+ of \d+ exercises\.", status.text_content())

    page.select_option("#hb-filter-position", "lying-on-front")
    assert visible_entries(page) == []
    assert "Choose “All”" in status.text_content()
    assert page.is_hidden("#by-condition") and page.is_hidden("#by-type")  # no heading over nothing


    page.get_by_role("button", name="Show all").click()
    assert len(visible_entries(page)) == len(everything)
    assert page.is_visible("#by-condition h3")
    page.close()


def test_without_javascript_the_full_index_shows(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site}/exercises/index.html")
    assert page.locator(".hb-exercise-filter").count() == 0
    entries = page.locator(".hb-exercise-index .hb-exercise-entry")
    assert entries.count() >= 3 * 24
    assert len(visible_entries(page)) == entries.count()
    context.close()


def test_upper_back_pain_is_a_condition_with_its_own_red_flags_and_four_exercises(cards):
    upper = CONDITIONS["upper-back"]
    assert upper.chapter == "upper-back-pain" and upper.emergency and upper.urgent
    signs = " ".join((SNIPPETS_DIR / f"{s}.md").read_text() for s in upper.red_flags)
    assert "chest" in signs and "between your shoulder blades and you feel unwell" in signs
    mine = [label for label, card in cards.items() if "Upper back pain" in " ".join(after_label(card, "For: "))]
    assert len(mine) >= 4, mine


@pytest.mark.parametrize("area", list(CONDITIONS))
def test_each_condition_in_the_table_reaches_the_finders_the_builder_and_the_handout(handbook, area, tmp_path):
    """Adding a condition is an entry in docs/conditions.toml, its boxes and its exercises: the
    library's groups and filter, the builder's data and a handout all follow with no code change."""
    import json

    from pypdf import PdfReader

    from tools.pdf import handout

    condition = CONDITIONS[area]
    library = soup_of(handbook.html / "exercises" / "index.html")
    group = library.select_one(f".hb-group-area-{area}")
    assert group is not None and group.select_one(".rubric").get_text() == condition.name
    labels = exercise_links(group)
    assert labels and library.select(f"li.hb-area-{area}"), area  # the filter shows entries by this class
    data = json.loads((handbook.html / "_static" / "hb-programme" / "data.json").read_text())
    assert data["conditions"][area]["name"] == condition.name
    assert data["conditions"][area]["emergency"] == list(condition.emergency)
    assert {e["label"] for e in data["exercises"] if area in e["areas"]} >= set(labels)
    target = tmp_path / f"{area}.pdf"
    assert handout.main([str(handbook.print_html), labels[0], "-o", str(target)]) == 0
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(target).pages)
    for snippet in condition.red_flags:
        title = re.search(r"\{admonition\} (.+)", (SNIPPETS_DIR / f"{snippet}.md").read_text())[1]
        assert title in text, (area, title)
