"""tools.checks.check_pdf on small PDFs that each break one rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import NameObject
from weasyprint import HTML

from tools.checks import check_pdf
from tools.pdf.build_pdf import SIZES

PAGE = """<html lang="en"><head><title>T</title><style>
h2 {{ bookmark-level: 1; break-before: page; }} {style}
</style></head><body>
<h1>Book</h1>
<h2 id="alpha">Alpha</h2><p><a href="#beta">to Beta</a> {extra}</p>
<h2 id="beta">Beta</h2><p>Text.</p>
<h2 id="gamma">Gamma</h2><p>Text.</p>
</body></html>
"""


def make(tmp_path: Path, name: str = "book", style: str = "", extra: str = "") -> tuple[Path, Path]:
    html = tmp_path / f"{name}.html"
    html.write_text(PAGE.format(style=style, extra=extra))
    pdf = tmp_path / f"{name}.pdf"
    HTML(filename=str(html)).write_pdf(pdf)
    return html, pdf


def run(capsys, *args: Path | str) -> tuple[int, list[str]]:
    status = check_pdf.main([str(a) for a in args])
    return status, capsys.readouterr().out.splitlines()


def test_a_good_pdf_passes(tmp_path, capsys):
    html, pdf = make(tmp_path)
    assert check_pdf.chapter_titles(html) == ["Alpha", "Beta", "Gamma"]
    assert run(capsys, "--html", html, pdf) == (0, [])


def test_a_link_to_a_missing_destination_fails_with_its_page(tmp_path, capsys):
    _, pdf = make(tmp_path)
    writer = PdfWriter(clone_from=pdf)
    root = writer.root_object
    assert "/Names" in root or "/Dests" in root
    for key in ("/Names", "/Dests"):
        root.pop(NameObject(key), None)
    broken = tmp_path / "broken.pdf"
    writer.write(broken)
    assert run(capsys, broken) == (1, [f"{broken}:page 2: link to missing destination 'beta'"])


def test_a_file_link_fails(tmp_path, capsys):
    _, pdf = make(tmp_path, extra='<a href="file:///etc/hosts">a local file</a>')
    assert run(capsys, pdf) == (1, [f"{pdf}:page 2: link opens a local file 'file:///etc/hosts'"])


def test_a_chapter_missing_from_the_outline_fails(tmp_path, capsys):
    html, pdf = make(tmp_path, style="#gamma { bookmark-level: none; }")
    assert run(capsys, "--html", html, pdf) == (
        1, [f"{pdf}:outline: no top-level bookmark for chapter 'Gamma'"])


def test_a_missing_pdf_is_reported(tmp_path, capsys):
    assert run(capsys, tmp_path / "none.pdf") == (1, [f"{tmp_path / 'none.pdf'}: no such PDF; build it first (make pdf)"])


@pytest.mark.parametrize("size", list(SIZES))
def test_the_real_handbook_pdfs_pass(handbook, capsys, size):
    assert run(capsys, "--html", handbook.print_html, handbook.pdf(size)) == (0, [])
