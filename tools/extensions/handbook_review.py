"""Show when each page was last reviewed, and when its next review is due.

Every page's front matter carries two dates::

    reviewed: 2026-11-24
    next-review: 2029-11-24

and the page shows, right under its title, a paragraph with the class
``hb-review``: "Last reviewed 24 November 2026 · Next review due 24 November
2029". It is a standard docutils paragraph, so the site and each chapter of the
PDF show it alike.

A missing or unreadable date, a last review after today, a next review
before the last review, a next
review more than ``handbook_review_max_years`` (3) years after it, or a next
review that is already past (overdue) is a warning
of type ``handbook`` (subtype ``review``) that names the page and the line, so
``-W`` turns it into a build error. Pages matching ``handbook_review_exempt``
(glob patterns of document names) need no dates.

"Past" means before ``handbook_today`` (``YYYY-MM-DD``), which is empty for
the working tree, meaning the real date; ``make editions`` sets it to a
released edition's own date, so a past edition still builds years later.

``review_problems`` is shared with tools/checks/check_content.py, so the build and the
checker apply one rule.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.matching import Matcher

__version__ = "1.0"

FIELDS = ("reviewed", "next-review")
MAX_YEARS = 3
logger = logging.getLogger(__name__)


def format_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _parse(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def review_problems(meta: dict, max_years: int = MAX_YEARS, today: dt.date | None = None
                    ) -> tuple[list[tuple[str | None, str]], tuple[dt.date, dt.date] | None]:
    """Check a page's front matter.

    Returns ``(problems, dates)``: each problem is ``(field, message)``, where
    ``field`` names the front-matter key at fault (None if the problem is the
    pair); ``dates`` is ``(reviewed, next_review)`` when both are usable.
    """
    problems: list[tuple[str | None, str]] = []
    dates: dict[str, dt.date] = {}
    for field in FIELDS:
        if field not in meta or not str(meta[field]).strip():
            problems.append((field, f"front matter has no '{field}' date (write {field}: YYYY-MM-DD)"))
        elif (day := _parse(meta[field])) is None:
            problems.append((field, f"'{field}' is not a date like 2026-11-24: {meta[field]!r}"))
        else:
            dates[field] = day
    if len(dates) < 2:
        return problems, None
    reviewed, due = dates["reviewed"], dates["next-review"]
    if today is not None and reviewed > today:
        problems.append(("reviewed", f"'reviewed' ({reviewed}) is after today ({today}): write the day "
                                     "the page was reviewed, not a day to come"))
    if due <= reviewed:
        problems.append(("next-review", f"'next-review' ({due}) must be after 'reviewed' ({reviewed})"))
    elif due > _add_years(reviewed, max_years):
        problems.append(("next-review", f"'next-review' ({due}) is more than {max_years} years "
                                        f"after 'reviewed' ({reviewed})"))
    elif today is not None and due < today:
        problems.append(("next-review", f"review overdue since {due}: review the page with a clinician, "
                                        "then set new 'reviewed' and 'next-review' dates"))
    return problems, (reviewed, due)


def today_of(config) -> dt.date:
    """The day reviews are measured against: handbook_today, or the real date."""
    if config.handbook_today:
        return dt.date.fromisoformat(str(config.handbook_today))
    return dt.date.today()


def field_line(text: str, field: str | None) -> int:
    """The line of ``field:`` in a page's front matter (1, the page's top, if absent)."""
    if field and text.startswith("---"):
        end = text.find("\n---", 3)
        front = text[: end if end != -1 else len(text)]
        match = re.search(rf"^{re.escape(field)}\s*:", front, re.M)
        if match:
            return front.count("\n", 0, match.start()) + 1
    return 1


def review_line(reviewed: dt.date, due: dt.date) -> nodes.paragraph:
    text = f"Last reviewed {format_date(reviewed)} \u00b7 Next review due {format_date(due)}"
    return nodes.paragraph(text, text, classes=["hb-review"])


def add_review_line(app: Sphinx, doctree: nodes.document) -> None:
    """Runs after Sphinx has read the front matter into env.metadata."""
    env = app.env
    docname = env.docname
    if Matcher(app.config.handbook_review_exempt)(docname):
        return
    problems, dates = review_problems(env.metadata.get(docname, {}), app.config.handbook_review_max_years,
                                      today_of(app.config))
    if problems:
        text = Path(env.doc2path(docname)).read_text(encoding="utf-8")
        for field, message in problems:
            logger.warning(message, location=(docname, field_line(text, field)),
                           type="handbook", subtype="review")
    if problems:  # never show a reader a date the checks reject
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not isinstance(section[0], nodes.title):
        return
    section.insert(1, review_line(*dates))


def setup(app: Sphinx) -> dict:
    app.add_config_value("handbook_review_exempt", [], "env", types=[list, tuple])
    app.add_config_value("handbook_review_max_years", MAX_YEARS, "env", types=[int])
    app.add_config_value("handbook_today", "", "env", types=[str])
    # After Sphinx's MetadataCollector (priority 500) has filled env.metadata.
    app.connect("doctree-read", add_review_line, priority=600)
    # No data is kept on env: each page is handled alone, so parallel builds are safe.
    return {"version": __version__, "env_version": 1,
            "parallel_read_safe": True, "parallel_write_safe": True}
