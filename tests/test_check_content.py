"""The content rules: a tiny handbook that passes, then one broken rule at a time.

The rules for one page are checked by the build (handbook_rules, handbook_review,
handbook_red_flags: warnings of type handbook); the rules for the whole site by
tools.checks.check_content. Each test builds, runs the checker, and sees every problem
as `docs/page.md:LINE: message`. The passing handbook is tests/roots/test-content;
its new-page.md is also the example page shown in the contributor guide."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tools.checks import check_content, content_rules

ROOT = Path(__file__).resolve().parent / "roots" / "test-content"
PROBLEM = re.compile(r"^\S+:\d+: ")


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT, tmp_path / "docs"))


WARNING = re.compile(r"^(?P<where>\S+:\d+): WARNING: (?P<message>.+) \[handbook\.[a-z-]+\]$")


def build_warnings(app, docs: Path) -> list[str]:
    """The build's handbook warnings, written as the checker writes its problems."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [f"{m['where'].replace(str(docs), 'docs')}: {m['message']}"
            for line in plain.splitlines() if (m := WARNING.match(line))]


def build_and_check(make_app, docs: Path, capsys) -> tuple[int, list[str], str]:
    app = make_app("html", srcdir=docs)
    app.build()
    capsys.readouterr()
    built = build_warnings(app, docs)
    status = check_content.main([str(docs), str(app.outdir)])
    out = capsys.readouterr().out
    problems = built + [line for line in out.splitlines() if PROBLEM.match(line)]
    return int(bool(built)) or status, problems, out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_the_tiny_handbook_passes(make_app, docs, capsys):
    status, problems, out = build_and_check(make_app, docs, capsys)
    assert (status, problems) == (0, [])


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
     "neck-pain.md:7: this page is the chapter on Neck pain, but the page does not show its red-flag box: "
     "include _snippets/red-flags-neck-urgent.md"),
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
    ("new-page.md", 'Say "you".', 'Say "you". Read [the neck page](file:///home/me/docs/neck-pain.md).',
     "new-page.md:19: link to 'file:///home/me/docs/neck-pain.md' works only on your own computer: "
     "link the page by its file, such as [text](start-here.md)"),
    ("new-page.md", 'Say "you".', 'Say "you". Read [the neck page](Neck Pain).',
     "new-page.md:19: link to 'Neck Pain': that is not an address; link a page by its file, "
     "such as [text](start-here.md), or write {doc}`start-here`"),
    ("new-page.md", "Write short sentences.", "Write short sentences. This does not hurt, and it cures back pain.",
     "new-page.md:18: 'cures' promises what no exercise can (say what the evidence shows, "
     "e.g. 'can ease pain', 'most people get better')"),
]]


@pytest.mark.parametrize(("page", "old", "new", "problem"), BROKEN_RULES)
def test_each_broken_rule_is_reported_with_file_and_line(make_app, docs, capsys, page, old, new, problem):
    edit(docs / page, old, new)
    status, problems, out = build_and_check(make_app, docs, capsys)
    if "{grade}" in problem:
        grade = re.search(r"reads at US grade (\d+\.\d)", " ".join(problems)).group(1)
        assert float(grade) > 8
        problem = problem.format(grade=grade)
    assert status == 1
    assert problems == [f"docs/{problem}"]


def test_the_contributor_guide_quotes_the_messages_these_tests_see():
    """docs/contributing/errors.md shows checker messages; each must be one
    that a test above asserts exactly, so the guide cannot go stale."""
    guide = (Path(__file__).resolve().parent.parent / "docs" / "contributing" / "errors.md").read_text()
    quoted = {re.sub(r"^(\S+:\d+): WARNING: (.*) \[handbook\.[a-z-]+\]$", r"\1: \2", line).removeprefix("docs/")
              for line in re.findall(r"^docs/(?:new-page|neck-pain)\.md:\d+: .*$", guide, re.M)}
    tested = {case.values[3] for case in BROKEN_RULES} | set(NO_INBOUND_PROBLEMS) | set(GUIDE_EXAMPLES)
    tested = {line.removeprefix("docs/") for line in tested}
    assert len(quoted) >= 7
    assert quoted <= tested, quoted - tested


# Quoted in the guide and asserted by other tests (test_review.py).
GUIDE_EXAMPLES = [
    "new-page.md:4: 'next-review' (2030-01-01) is more than 3 years after 'reviewed' (2026-11-24)",
    "new-page.md:4: review overdue since 2029-11-24: review the page with a clinician, then set new "
    "'reviewed' and 'next-review' dates",
]

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
    assert content_rules.reading_grade(blocks)[0] == pytest.approx(grade)


@pytest.mark.parametrize(("word", "count"), [("the", 1), ("area", 2), ("every", 3), ("osteoporosis", 5),
                                             ("physiotherapist", 5), ("walking", 2)])
def test_syllables_err_on_the_side_of_more(word, count):
    assert content_rules.syllables(word) == count


def test_the_real_handbook_passes(handbook, capsys):
    status = check_content.main([str(Path("docs")), str(handbook.html)])
    out = capsys.readouterr().out
    assert status == 0, out


@pytest.mark.parametrize(("line", "flagged"), [
    ("There is no cure that works for everyone, but most people get better.", []),
    ("Exercise can ease pain for many people.", []),
    ("This stretch will cure your sciatica.", ["will cure"]),
    ("Guaranteed to fix your back for good.", ["Guaranteed", "fix your back for good"]),
    ("A miracle move: your pain will never come back.", ["miracle", "never come back"]),
    # a line with "no" or "not" in it is still read whole
    ("It does not hurt, and it cures stiffness.", ["cures"]),
    ("There is no cure for everyone, but this stretch cures stiffness.", ["cures"]),
    ("Not a miracle, but it helps.", ["miracle"]),
])
def test_promises_are_found_and_honest_words_are_not(line, flagged):
    page = content_rules.Page("low-back-pain", Path("docs/low-back-pain.md"), f"# Title\n\n{line}\n")
    assert [message.split("'")[1] for _, message in content_rules.check_promises(page)] == flagged
    assert all(number == 3 for number, _ in content_rules.check_promises(page))


DENSE = ("Notwithstanding considerable interindividual variability, contemporary rehabilitation "
         "methodologies emphasise progressive, individualised, multidimensional therapeutic interventions "
         "incorporating biopsychosocial considerations, graded exposure paradigms, and comprehensive "
         "multidisciplinary collaboration between physiotherapists, psychologists, occupational "
         "therapists and general practitioners, alongside structured educational programmes addressing "
         "maladaptive beliefs, catastrophising tendencies, kinesiophobia and deconditioning, "
         "particularly among individuals experiencing persistent musculoskeletal symptomatology. "
         "Such approaches frequently necessitate considerable organisational investment, sophisticated "
         "interprofessional communication and longitudinal evaluation.")


def test_one_dense_section_fails_even_on_an_easy_page(make_app, docs, capsys):
    easy = "\n\n".join(["You can do this. Walk a bit each day. It is good for you. Rest when you need to."] * 30)
    edit(docs / "new-page.md", "## Where to go next", f"## Easy words\n\n{easy}\n\n## Hard words\n\n{DENSE}\n\n"
                                                        "## Where to go next")
    status, problems, _ = build_and_check(make_app, docs, capsys)
    assert status == 1
    line = (docs / "new-page.md").read_text().splitlines().index("## Hard words") + 1
    grades = [problem for problem in problems if "reads at US grade" in problem]  # its sentences are long too
    assert len(grades) == 1 and re.fullmatch(
        rf"docs/new-page\.md:{line}: the section 'Hard words' reads at US grade \d+\.\d, above 10 "
        r"\(split long sentences, use everyday words\)", grades[0]), problems


def test_a_page_that_breaks_a_rule_shows_it_in_a_banner_for_make_live(make_app, docs, capsys):
    edit(docs / "new-page.md", "Write short sentences.", "Write short sentences. This exercise cures back pain.")
    app = make_app("html", srcdir=docs)
    app.build()
    from bs4 import BeautifulSoup

    banner = BeautifulSoup((app.outdir / "new-page.html").read_text(), "html.parser").select_one(".hb-build-problems")
    assert banner is not None and banner["role"] == "alert"
    assert f"{docs / 'new-page.md'}:18: 'cures' promises what no exercise can" in banner.get_text()
    assert "hb-build-problems" not in (app.outdir / "neck-pain.html").read_text()


def test_one_long_sentence_fails_even_on_an_easy_page(make_app, docs, capsys):
    """A grade is an average: one plain sentence of 47 words passes it, and is hard to follow."""
    long = ("When you get up in the morning and your back feels stiff and sore you can walk around "
            "the house for a few minutes and then do the first two exercises slowly and gently "
            "before you sit down to eat your breakfast with a cup of tea.")
    assert len(long.split()) == 47
    edit(docs / "new-page.md", "Write short sentences.", f"Write short sentences. {long}")
    status, problems, _ = build_and_check(make_app, docs, capsys)
    assert status == 1
    assert problems == ["docs/new-page.md:18: a sentence of 47 words (When you get up in the \u2026): "
                        "split it into sentences of 40 words or fewer"], problems


def test_the_banner_shows_every_warning_about_the_page_not_only_the_rules(make_app, docs):
    """A link to nothing (found while the page is written) and a box left open (while it is
    read): a writer watching `make live` sees both at the top of the page, with their lines."""
    from bs4 import BeautifulSoup

    (docs / "conf.py").write_text((docs / "conf.py").read_text().replace(
        '"handbook_red_flags"]', '"handbook_red_flags", "handbook_fences"]'))
    edit(docs / "new-page.md", "Write short sentences.", "Write short sentences. Read {doc}`no-such-page`.")
    page = (docs / "new-page.md").read_text()
    (docs / "new-page.md").write_text(page + "\n:::{note}\nA box whose end line was deleted.\n")
    opened = len(page.splitlines()) + 2
    app = make_app("html", srcdir=docs)
    app.build()
    banner = BeautifulSoup((app.outdir / "new-page.html").read_text(), "html.parser").select_one(".hb-build-problems")
    text = " ".join(banner.get_text().split())
    assert text.startswith("This page has 2 problems to fix.")
    assert f"{docs / 'new-page.md'}:18: unknown document: 'no-such-page'" in text
    assert (f"{docs / 'new-page.md'}:{opened}: the block ':::{{note}}' opened here is never closed") in text
    assert "hb-build-problems" not in (app.outdir / "neck-pain.html").read_text()
