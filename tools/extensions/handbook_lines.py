"""Each link, glossary word and citation carries its own line, so an error names it.

MyST gives a role (``{doc}``, ``{term}``, ``{cite:p}``) or a Markdown link the
line of the paragraph it is in, so "unknown document" or "could not find bibtex
key" named a paragraph's first line, and a writer had to search five lines for
the slip. After a page is parsed, this finds each reference's text in its file,
from its paragraph's first line to the blank line that ends it, and gives the
reference the line the text starts on. A reference it cannot find keeps the
paragraph's line. Every warning about a reference (Sphinx's, MyST's,
sphinxcontrib-bibtex's, ours) then names that line.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

__version__ = "1.0"

BLANK_LINE = re.compile(r"\n[ \t]*\n")  # where a paragraph ends
# A role as docutils records it (":cite:p:`key`"), to be found as MyST writes it ("{cite:p}`key`").
ROLE = re.compile(r"^:(?P<name>[\w:+-]+):`(?P<content>.*)`$", re.S)


def pattern(node: nodes.Element) -> re.Pattern | None:
    """What the reference looks like in the Markdown source, any run of spaces
    or line breaks matching any other (a role's text may run onto the next line)."""
    def loose(text: str) -> str:
        return r"\s+".join(map(re.escape, text.split()))

    if (role := ROLE.match(node.rawsource or "")):
        return re.compile(r"\{" + re.escape(role["name"]) + r"\}`" + loose(role["content"]) + "`")
    if node.get("refdomain") is None and node.get("reftype") == "myst" and node.get("reftarget"):
        return re.compile(r"\]\(\s*<?" + loose(node["reftarget"]))
    return None


class ReferenceLines(SphinxTransform):
    """Give each reference the line its text starts on, in the file it was written in."""

    default_priority = 200

    def apply(self, **kwargs) -> None:
        files: dict[str, tuple[str, list[int]]] = {}  # each file's text and where its lines start, read once
        searched_to: dict[tuple[str, str], int] = {}  # where the last like reference ended
        for node in self.document.findall(addnodes.pending_xref):
            source, line = node.source, node.line
            if not source or not line or (found := pattern(node)) is None:
                continue
            if source not in files:
                try:
                    text = Path(source).read_text(encoding="utf-8")
                except OSError:
                    text = ""
                files[source] = text, [0] + [m.end() for m in re.finditer("\n", text)]
            text, starts = files[source]
            if line > len(starts):
                continue
            paragraph = starts[line - 1]
            end = m.start() if (m := BLANK_LINE.search(text, paragraph)) else len(text)
            start = max(paragraph, searched_to.get((source, found.pattern), 0))
            if (match := found.search(text, start, end)) is None:
                continue
            searched_to[source, found.pattern] = match.end()
            node.line = text.count("\n", 0, match.start()) + 1


def setup(app: Sphinx) -> dict:
    app.add_transform(ReferenceLines)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
