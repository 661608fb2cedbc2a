"""Citations by author and year (handbook_citations), rendered without pybtex
reading every installed package's entry points for each plugin it looks up."""

from __future__ import annotations

import pybtex.plugin
import pytest

CITATIONS = {"extensions": ["myst_parser", "sphinxcontrib.bibtex", "handbook_exercise_index", "handbook_citations"],
             "bibtex_default_style": "handbook", "bibtex_reference_style": "handbook"}


@pytest.mark.sphinx("html", testroot="exercise", confoverrides=CITATIONS)
def test_the_bibliography_is_rendered_without_reading_entry_points(app, monkeypatch):
    read = []
    entry_points = pybtex.plugin.entry_points
    monkeypatch.setattr(pybtex.plugin, "entry_points", lambda **kw: read.append(kw) or entry_points(**kw))
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Gross et al., 2015" in page  # the handbook's author-year label, so its styles were used
    assert read == []
