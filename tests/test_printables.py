"""Printables: parts of a page that print alone as one-page PDFs.

They are made by ``{printable}`` (tools/extensions/handbook_printables.py) and
printed alone by tools/pdf/build_pdf.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tools.pdf import build_pdf
from tools.pdf.build_pdf import pdf_name
from tools.site.edition import read_edition

PRINT_CONF = {
    "handbook_print": True,
    "html_theme": "hb_print",
    "html_theme_path": [str(Path(__file__).resolve().parent.parent / "docs" / "_themes")],
    "html_static_path": [str(Path(__file__).resolve().parent.parent / "docs" / "_static")],
    "html_context": {"handbook_edition": read_edition(), "handbook_author": "Test"},
}


def flat(text: str) -> str:
    return " ".join(text.split())


# -- A printable that does not fit fails, and leaves the last good PDF --------------------------

@pytest.mark.sphinx("singlehtml", testroot="print-printable", confoverrides=PRINT_CONF)
def test_a_printable_that_runs_onto_a_second_page_fails_and_leaves_the_last_good_pdf(app, tmp_path, capsys):
    app.build()
    assert not app.warning.getvalue()
    edition = read_edition().number
    target = tmp_path / pdf_name(edition, "a4", "too-long")
    target.write_bytes(b"%PDF last good one")
    status = build_pdf.main([str(app.outdir / "index.html"), str(tmp_path), "--paper", "a4"])
    out, err = capsys.readouterr()
    assert status == 1
    assert re.search(r"too-long-\S+-a4\.pdf: runs onto [2-9] pages, but it must fit on 1", err), err
    assert target.read_bytes() == b"%PDF last good one"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [target.name, pdf_name(edition, "a4"), pdf_name(edition, "a4", "short")])
    short = PdfReader(tmp_path / pdf_name(edition, "a4", "short"))
    assert len(short.pages) == 1 and flat(short.pages[0].extract_text()).startswith("A short card")
    assert "/StructTreeRoot" in short.trailer["/Root"] and short.trailer["/Root"]["/Lang"] == "en"
