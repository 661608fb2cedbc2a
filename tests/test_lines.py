"""A broken link, glossary word or citation is reported at its own line, not at
its paragraph's first line (tools/extensions/handbook_lines.py), on a tiny test root."""

from __future__ import annotations

import re

import pytest


@pytest.mark.sphinx("html", testroot="lines", freshenv=True)
def test_each_broken_reference_names_the_line_it_is_written_on(app):
    app.build()
    warnings = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in app.warning.getvalue().splitlines()]
    found = sorted(re.sub(r"^.*/lines/", "", line) for line in warnings if "WARNING" in line)
    assert found == sorted([
        "index.md:8: WARNING: unknown document: 'nowhere' [ref.doc]",
        "index.md:9: WARNING: 'myst' cross-reference target not found: 'missing.md' [myst.xref_missing]",
        # a role that runs onto the next line: the line it starts on
        "index.md:9: WARNING: term not in glossary: 'not-a-word' [ref.term]",
        'index.md:10: WARNING: could not find bibtex key "no-such-key" [bibtex.key_not_found]',
        # the same slip again in the paragraph: its second place, not its first
        "index.md:11: WARNING: unknown document: 'nowhere' [ref.doc]",
        "index.md:13: WARNING: unknown document: 'nowhere' [ref.doc]",
    ]), warnings
