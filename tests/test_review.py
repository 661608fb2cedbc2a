"""handbook_review: the "Last reviewed ... · Next review due ..." line, and its warnings."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from bs4 import NavigableString
from docutils import nodes

from handbook_review import review_problems
from tools.checks.html_reader import read, text_of


def review_lines(path) -> list[str]:
    """The words of each review line on a built page: <p class="hb-review">Last reviewed ...</p>."""
    return [p.decode_contents() for p in read(path).soup.select('p[class="hb-review"]')
            if p.attrs == {"class": ["hb-review"]} and p.decode_contents().startswith("Last reviewed ")]


@pytest.mark.sphinx("html", testroot="review", freshenv=True)
def test_review_line_sits_under_the_title(app):
    app.build()
    title = read(app.outdir / "index.html").soup.select_one("h1")
    assert "A good page" in text_of(title)
    # the next element after the title, with only white space between
    after = next(node for node in title.next_siblings if not (isinstance(node, NavigableString) and not node.strip()))
    assert after.name == "p" and after.attrs == {"class": ["hb-review"]}
    assert after.decode_contents() == "Last reviewed 24 November 2026 \u00b7 Next review due 24 November 2029"
    doctree = app.env.get_doctree("index")
    section = next(iter(doctree.findall(nodes.section)))
    assert isinstance(section[1], nodes.paragraph) and "hb-review" in section[1]["classes"]


@pytest.mark.sphinx("html", testroot="review", freshenv=True)
def test_each_bad_date_is_a_handbook_warning_naming_file_and_line(app):
    app.build()
    src = app.srcdir
    plain = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())  # colour, when a terminal is attached
    warnings = [line for line in plain.splitlines() if "[handbook.review]" in line]
    assert sorted(warnings) == sorted([
        f"{src / 'backwards.md'}:4: WARNING: 'next-review' (2025-01-01) must be after 'reviewed' (2026-11-24)"
        " [handbook.review]",
        f"{src / 'late.md'}:4: WARNING: 'next-review' (2029-11-25) is more than 3 years after "
        "'reviewed' (2026-11-24) [handbook.review]",
        f"{src / 'missing.md'}:1: WARNING: front matter has no 'next-review' date "
        "(write next-review: YYYY-MM-DD) [handbook.review]",
        f"{src / 'not-a-date.md'}:2: WARNING: 'reviewed' is not a date like 2026-11-24: 'last spring'"
        " [handbook.review]",
    ])
    # A page with a bad date gets no review line; an exempt page gets none and no warning.
    assert "hb-review" not in (app.outdir / "late.html").read_text()
    assert "hb-review" not in (app.outdir / "exempt.html").read_text()


@pytest.mark.parametrize(("meta", "problems"), [
    ({"reviewed": "2024-02-29", "next-review": "2027-02-28"}, []),
    ({"reviewed": "2024-02-29", "next-review": "2027-03-01"},
     [("next-review", "'next-review' (2027-03-01) is more than 3 years after 'reviewed' (2024-02-29)")]),
    ({"reviewed": "2026-11-24", "next-review": "2026-11-24"},
     [("next-review", "'next-review' (2026-11-24) must be after 'reviewed' (2026-11-24)")]),
    ({"next-review": ""}, [
        ("reviewed", "front matter has no 'reviewed' date (write reviewed: YYYY-MM-DD)"),
        ("next-review", "front matter has no 'next-review' date (write next-review: YYYY-MM-DD)")]),
])
def test_review_rule_at_its_edges(meta, problems):
    assert review_problems(meta)[0] == problems


@pytest.mark.parametrize(("reviewed", "problems"), [
    ("2026-11-27", []),
    ("2026-11-28", [("reviewed", "'reviewed' (2026-11-28) is after today (2026-11-27): write the day the page "
                                 "was reviewed, not a day to come")]),
])
def test_a_review_cannot_be_dated_after_today(reviewed, problems):
    meta = {"reviewed": reviewed, "next-review": "2029-01-01"}
    assert review_problems(meta, today=dt.date(2026, 11, 27))[0] == problems


def test_review_dates_come_back_as_dates():
    assert review_problems({"reviewed": "2026-11-24", "next-review": "2029-11-24"}) == (
        [], (dt.date(2026, 11, 24), dt.date(2029, 11, 24)))


def test_every_page_of_the_site_and_every_chapter_of_the_pdf_shows_its_review(handbook):
    site_pages = [p for p in handbook.html.rglob("*.html")
                  if not {"_static", "_sources"} & set(p.relative_to(handbook.html).parts)
                  and p.name not in ("genindex.html", "search.html")]
    assert len(site_pages) >= 10
    for page in site_pages:
        assert len(review_lines(page)) == 1, page
    # the home page has no such marker
    chapters = 1 + len(read(handbook.print_html).soup.select('span[id^="document-"]'))
    assert len(review_lines(handbook.print_html)) == chapters


def test_the_pdf_prints_the_review_line(handbook):
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(handbook.pdfs[0]).pages)
    assert "Next review due 24 November 2029" in text


@pytest.mark.sphinx("html", testroot="review", srcdir="review-description", freshenv=True)
def test_the_front_matter_description_becomes_the_pages_meta_description(app):
    """handbook_description: the one-line description, escaped, in the page's head."""
    (app.srcdir / "index.md").write_text((app.srcdir / "index.md").read_text().replace(
        "description: A page with good review dates.", 'description: Dates "in order" & <checked>.'))
    app.build()
    html = (app.outdir / "index.html").read_text()
    descriptions = read(app.outdir / "index.html").soup.select('meta[name="description"]')
    assert [(meta.parent.name, meta["content"]) for meta in descriptions] == [
        ("head", 'Dates "in order" & <checked>.')]
    assert '<meta name="description" content="Dates &quot;in order&quot; &amp; &lt;checked&gt;." />' in html
    assert '<meta name="description"' not in (app.outdir / "exempt.html").read_text()


def review_warnings(app) -> list[str]:
    plain = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line.replace(f"{app.srcdir}/", "") for line in plain.splitlines() if "overdue" in line]


@pytest.mark.sphinx("html", testroot="review", freshenv=True, confoverrides={"handbook_today": "2029-12-01"})
def test_a_review_past_its_date_fails_the_build_at_the_next_review_line(app):
    app.build()
    assert review_warnings(app) == [
        "index.md:4: WARNING: review overdue since 2029-11-24: review the page with a clinician, then set "
        "new 'reviewed' and 'next-review' dates [handbook.review]"]
    assert "hb-review" not in (app.outdir / "index.html").read_text()  # no stale date shown to readers


@pytest.mark.sphinx("html", testroot="review", freshenv=True, confoverrides={"handbook_today": "2029-11-24"})
def test_a_review_due_today_is_not_overdue(app):
    app.build()
    assert review_warnings(app) == []
