"""Every ``:::`` block is closed where its writer meant: an error naming the line.

MyST closes a ``:::{name}`` block at the next line of as many colons or more,
and a block left open at the end of the page quietly takes in the rest of it.
So a deleted ``:::`` does not fail the build: the block swallows what follows
(a figure's caption takes in the red-flag boxes after it; an "In short" box
takes in the next section), or a card's error names the wrong cause. Before a
page or an included snippet is parsed, this reads its fences as MyST does and
reports, at the line that opens or closes the block:

* a block never closed before the page ends, or before the ``:::`` that
  closes the block around it;
* a ``:::`` line that closes no block;
* a code fence (```` ``` ````) never closed.

The page is still built, so every other problem is reported too; ``-W`` fails
the build.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

__version__ = "1.0"
logger = logging.getLogger(__name__)

FENCE = re.compile(r"^[ \t]{0,3}(?P<marks>:{3,}|`{3,}|~{3,})(?P<info>.*)$")


def _closing(lines: list[str], start: int, end: int, marks: str) -> int | None:
    """The first line in [start, end) that closes a fence opened with `marks`, as
    markdown-it reads it: the same character, at least as many, nothing after."""
    for number in range(start, end):
        found = FENCE.match(lines[number])
        if found and found["marks"][0] == marks[0] and len(found["marks"]) >= len(marks) \
                and not found["info"].strip():
            return number
    return None


def _name(marks: str, info: str) -> str:
    text = f"{marks}{info.strip()}"
    return text if len(text) <= 40 else text[:39] + "\u2026"


def fence_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) for each fence the text leaves open or closes for nothing."""
    lines = text.splitlines()
    problems: list[tuple[int, str]] = []

    def scan(start: int, end: int, around: tuple[int, str, str] | None) -> None:
        number = start
        while number < end:
            found = FENCE.match(lines[number])
            if not found:
                number += 1
                continue
            marks, info = found["marks"], found["info"]
            if marks[0] == ":" and not info.strip():
                problems.append((number + 1, f"this '{marks}' closes no block: delete it, or start its block "
                                             "with a line such as ':::{note}'"))
                number += 1
                continue
            close = _closing(lines, number + 1, end, marks)
            if close is None:
                if around is None:
                    problems.append((number + 1, f"the block '{_name(marks, info)}' opened here is never "
                                                 f"closed: add a line '{marks}' where it ends"))
                else:
                    line, outer, outer_marks = around
                    problems.append((number + 1, f"the block '{_name(marks, info)}' opened here is not closed "
                                                 f"before line {end + 1}, where '{outer_marks}' closes the block "
                                                 f"'{outer}' of line {line}: add a line '{marks}' where this "
                                                 "block ends"))
                close = end
            if marks[0] == ":":  # its content is Markdown, with blocks of its own
                scan(number + 1, close, (number + 1, _name(marks, info), marks))
            number = close + 1

    scan(0, len(lines), None)
    return sorted(problems)


def _report(location: str, text: str) -> None:
    for line, message in fence_problems(text):
        logger.warning(message, location=f"{location}:{line}", type="handbook", subtype="fence")


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    _report(str(app.env.doc2path(docname)), source[0])


def check_include(app: Sphinx, path: Path, docname: str, content: list[str]) -> None:
    _report(str(Path(app.srcdir) / path), content[0])


def setup(app: Sphinx) -> dict:
    app.connect("source-read", check_page)
    app.connect("include-read", check_include)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
