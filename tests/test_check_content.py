"""tools.check_content: a tiny handbook that passes, then one broken rule at a time.

The passing handbook is tests/roots/test-content; its new-page.md is also the
example page shown in the contributor guide."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tools import check_content

ROOT = Path(__file__).resolve().parent / "roots" / "test-content"
PROBLEM = re.compile(r"^\S+:\d+: ")


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT, tmp_path / "docs"))


def build_and_check(make_app, docs: Path, capsys, extra: list[str] = ()) -> tuple[int, list[str], str]:
    app = make_app("html", srcdir=docs)
    app.build()
    capsys.readouterr()
    status = check_content.main([str(docs), str(app.outdir), *extra])
    out = capsys.readouterr().out
    return status, [line for line in out.splitlines() if PROBLEM.match(line)], out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_the_tiny_handbook_passes_and_every_grade_is_listed(make_app, docs, capsys):
    status, problems, out = build_and_check(make_app, docs, capsys)
    assert (status, problems) == (0, [])
    grades = {name: float(grade) for grade, name in re.findall(r"^\s+(\d+\.\d)\s+(\S+) \(\d+ words\)$", out, re.M)}
    assert set(grades) == {"index", "new-page", "neck-pain"}
    assert all(grade <= 8 for grade in grades.values())


BROKEN_RULES = [pytest.param(*case) for case in [
    ("new-page.md", "description: One line that says what this page is for.\n", "",
     "new-page.md:1: front matter has no 'description' (one line saying what the page is for)"),
    ("new-page.md", "next-review: 2029-11-24\n", "",
     "new-page.md:1: front matter has no 'next-review' date (write next-review: YYYY-MM-DD)"),
    ("new-page.md", "reviewed: 2026-11-24", "reviewed: soon",
     "new-page.md:3: 'reviewed' is not a date like 2026-11-24: 'soon'"),
    ("new-page.md", "next-review: 2029-11-24", "next-review: 2026-01-01",
     "new-page.md:4: 'next-review' (2026-01-01) must be after 'reviewed' (2026-11-24)"),
    ("new-page.md", "next-review: 2029-11-24", "next-review: 2030-01-01",
     "new-page.md:4: 'next-review' (2030-01-01) is more than 3 years after 'reviewed' (2026-11-24)"),
    ("new-page.md", ":::{admonition} In short", ":::{admonition} Summary",
     "new-page.md:7: the page does not open with an 'In short' box right after the title "
     "(:::{admonition} In short, with :class: hb-in-short)"),
    ("new-page.md", "- Write one short point on each line.\n", "",
     "new-page.md:9: the 'In short' box has 1 key messages (write 2 to 4, one bullet each)"),
    ("new-page.md", ":class: hb-in-short", ":class: tip",
     "new-page.md:9: the 'In short' box has no ':class: hb-in-short'"),
    ("new-page.md", ":alt: A person sitting on a chair with both feet flat on the floor.\n", "",
     "new-page.md:21: image pic.svg has no alt text (add :alt: what it shows)"),
    ("new-page.md", "## Where to go next", "![](pic.svg)\n\n## Where to go next",
     "new-page.md:25: image pic.svg has no alt text (write ![what it shows](pic.svg))"),
    ("neck-pain.md", "```{include} _snippets/red-flags-neck-urgent.md\n```\n", "",
     "neck-pain.md:7: condition page does not show its red flags: include _snippets/red-flags-neck-urgent.md"),
    ("new-page.md", "Link to at least two related pages, such as {doc}`neck-pain` and the",
     "Link to at least two related pages, such as the page on neck pain and the",
     "new-page.md:7: links to 1 other chapters in its text (link to at least 2 related ones)"),
    ("new-page.md", "Write short sentences.", "Write short sentences. This exercise cures back pain.",
     "new-page.md:18: 'cures' promises what no exercise can (say what the evidence shows, "
     "e.g. 'can ease pain', 'most people get better')"),
    ("new-page.md", "Write short sentences.",
     "Notwithstanding considerable interindividual variability, contemporary rehabilitation "
     "methodologies emphasise progressive, individualised, multidimensional therapeutic "
     "interventions incorporating biopsychosocial considerations.",
     "new-page.md:7: reads at US grade {grade}, above 8 (use shorter sentences and everyday words)"),
]]


@pytest.mark.parametrize(("page", "old", "new", "problem"), BROKEN_RULES)
def test_each_broken_rule_is_reported_with_file_and_line(make_app, docs, capsys, page, old, new, problem):
    edit(docs / page, old, new)
    status, problems, out = build_and_check(make_app, docs, capsys)
    if "{grade}" in problem:
        grade = re.search(r"^\s+(\d+\.\d)\s+new-page ", out, re.M).group(1)
        assert float(grade) > 8
        problem = problem.format(grade=grade)
    assert status == 1
    assert problems == [f"docs/{problem}"]


def test_the_contributor_guide_quotes_the_messages_these_tests_see():
    """docs/contributing/errors.md shows checker messages; each must be one
    that a test above asserts exactly, so the guide cannot go stale."""
    guide = (Path(__file__).resolve().parent.parent / "docs" / "contributing" / "errors.md").read_text()
    quoted = {line.removeprefix("docs/") for line in re.findall(r"^docs/(?:new-page|neck-pain)\.md:\d+: .*$", guide, re.M)}
    tested = {case.values[3] for case in BROKEN_RULES} | set(NO_INBOUND_PROBLEMS)
    tested = {line.removeprefix("docs/") for line in tested}
    assert len(quoted) >= 7
    assert quoted <= tested, quoted - tested


NO_INBOUND_PROBLEMS = [
    "docs/index.md:7: links to 1 other chapters in its text (link to at least 2 related ones)",
    "docs/neck-pain.md:7: links to 1 other chapters in its text (link to at least 2 related ones)",
    "docs/new-page.md:7: no other page links to this page in its text (the table of contents does not count)",
]


def test_a_page_no_other_page_links_to_is_reported(make_app, docs, capsys):
    edit(docs / "index.md", "Start with {doc}`new-page`.", "Start with the next page.")
    edit(docs / "neck-pain.md", "Read {doc}`new-page` first.", "Read the first page.")
    status, problems, _ = build_and_check(make_app, docs, capsys)
    assert status == 1
    assert problems == NO_INBOUND_PROBLEMS


def test_an_image_without_alt_in_the_built_page_is_reported(make_app, docs, capsys):
    app = make_app("html", srcdir=docs)
    app.build()
    built = app.outdir / "new-page.html"
    edit(built, "<h2", '<img src="_images/made-by-a-directive.svg"><h2')
    assert check_content.main([str(docs), str(app.outdir)]) == 1
    problems = [line for line in capsys.readouterr().out.splitlines() if PROBLEM.match(line)]
    assert problems == ["docs/new-page.md:1: the built page shows image "
                        "_images/made-by-a-directive.svg without alt text"]


def test_a_missing_build_is_an_error_not_a_pass(docs, tmp_path, capsys):
    assert check_content.main([str(docs), str(tmp_path / "no-html")]) == 2


@pytest.mark.parametrize(("blocks", "grade"), [
    # 6 words, 1 sentence, 6 syllables: 0.39*6 + 11.8*1 - 15.59
    (["The cat sat on the mat."], 0.39 * 6 + 11.8 - 15.59),
    # A list item without a full stop still ends a sentence.
    (["The cat sat", "on the mat."], 0.39 * 3 + 11.8 - 15.59),
    # 2 words, 1 sentence, 5 + 1 = 6 syllables (we count "physiotherapist" as 5; it has 6).
    (["Physiotherapist helps."], 0.39 * 2 + 11.8 * 6 / 2 - 15.59),
])
def test_flesch_kincaid_grade_by_hand(blocks, grade):
    assert check_content.reading_grade(blocks)[0] == pytest.approx(grade)


@pytest.mark.parametrize(("word", "count"), [("the", 1), ("area", 2), ("every", 3), ("osteoporosis", 5),
                                             ("physiotherapist", 5), ("walking", 2)])
def test_syllables_err_on_the_side_of_more(word, count):
    assert check_content.syllables(word) == count


def test_the_real_handbook_passes(handbook, capsys):
    status = check_content.main([str(check_content.Path("docs")), str(handbook.html)])
    out = capsys.readouterr().out
    assert status == 0, out
    listed = set(re.findall(r"^\s+\d+\.\d\s+(\S+) \(", out, re.M))
    assert {"low-back-pain", "sciatica", "neck-pain", "exercising-at-home", "get-help-now"} <= listed


@pytest.mark.parametrize(("line", "flagged"), [
    ("There is no cure that works for everyone, but most people get better.", []),
    ("Exercise can ease pain for many people.", []),
    ("This stretch will cure your sciatica.", ["will cure"]),
    ("Guaranteed to fix your back for good.", ["Guaranteed", "fix your back for good"]),
    ("A miracle move: your pain will never come back.", ["miracle", "never come back"]),
])
def test_promises_are_found_and_honest_words_are_not(line, flagged):
    page = check_content.Page("low-back-pain", Path("docs/low-back-pain.md"), f"# Title\n\n{line}\n")
    assert [message.split("'")[1] for _, message in check_content.check_promises(page)] == flagged
    assert all(number == 3 for number, _ in check_content.check_promises(page))
