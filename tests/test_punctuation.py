"""A link to a page whose title is a question is not followed by "?."
(tools/extensions/handbook_punctuation.py), on a tiny test root."""

from __future__ import annotations

import pytest

from tools.checks.html_reader import read


@pytest.mark.sphinx("html", testroot="punctuation", freshenv=True)
def test_no_full_stop_after_a_link_whose_text_ends_in_a_question_mark(app):
    app.build()
    paragraphs = [" ".join(p.get_text().split()) for p in read(app.outdir / "index.html").soup.select("p")]
    assert "To learn more, read Will it hurt? Then read A plain page." in paragraphs
    assert "Is it safe? See Will it hurt?\u2026 or Will it hurt?, then Can I still work!" in paragraphs
