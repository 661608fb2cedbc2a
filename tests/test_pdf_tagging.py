"""tools/pdf/tagging.py: WeasyPrint's own tags break PDF/UA rules a screen reader needs;
the build's mending step fixes each, on a small book with a footer, a contents entry,
a link holding a span, list items holding paragraphs and a nested list."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name
from weasyprint import CSS, HTML

from tools.checks import check_pdfua
from tools.pdf import build_pdf, tagging

BOOK = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Small book</title>
<style>.toc a::after { content: ", page " target-counter(attr(href url), page); }</style></head>
<body>
<h1>Small book</h1>
<ul class="toc"><li><a href="#part">A part of the book</a></li></ul>
<h2 id="part">A part</h2>
<p>See <a href="#part"><span>this part</span></a> or <a href="https://example.org/">a site</a>.</p>
<ol><li><p>First step.</p></li><li><p>Second step.</p><ul><li>A nested point.</li></ul></li></ol>
</body></html>
"""


@pytest.fixture
def raw(tmp_path) -> tuple[Path, list]:
    """The book as WeasyPrint writes it, with the build's footer, and the links it laid out."""
    document = HTML(string=BOOK, base_url=str(tmp_path)).render(
        stylesheets=[CSS(string=build_pdf.page_css("a4", "2026.1"))])
    path = tmp_path / "raw.pdf"
    document.write_pdf(path, pdf_variant="pdf/ua-1")
    return path, build_pdf.link_texts(document)


def problems(capsys, path: Path) -> list[str]:
    check_pdfua.main([str(path)])
    return [line.split(":page 1: ", 1)[-1] for line in capsys.readouterr().out.splitlines()]


def test_weasyprint_alone_breaks_the_rules(raw, capsys):
    found = problems(capsys, raw[0])
    for expected in ("marked content 16 (Span) is not in the structure tree; "
                     "running content such as a footer must be an artifact",
                     "Link annotation to 'part' is in a Span element, not directly in a Link",
                     "a list item (LI) holds P; only Lbl and LBody belong there",
                     "a list (L) holds L, not a list item (LI)"):
        assert expected in found, found


def kids(element) -> list:
    k = element.get("/K")
    return list(k) if isinstance(k, Array) else [k]


def test_mending_makes_the_footer_an_artifact_one_link_one_annotation_and_whole_list_items(raw, capsys):
    path, links = raw
    report = tagging.tidy(path, links)
    assert problems(capsys, path) == []
    assert (report.artifacts, report.annotations_removed, report.list_bodies, report.nested_lists) == (1, 2, 2, 1)
    with pikepdf.open(path) as pdf:
        content = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(pdf.pages[0]))
        assert content.count(b"/Artifact << /Type /Pagination >> BDC") == 1
        annots = [(str(a.get("/Dest") or a.A.URI), str(a.Contents)) for a in pdf.pages[0].Annots]
        assert annots == [("part", "A part of the book"), ("part", "this part"), ("https://example.org/", "a site")]
        items = [e for e in pdf.objects if isinstance(e, Dictionary) and e.get("/S") == Name.LI]
        assert len(items) == 4 and all([k.S for k in kids(item)] == [Name.Lbl, Name.LBody] for item in items)
        second = kids(kids(pdf.Root.StructTreeRoot.K[0])[4])[1]  # Document > [H1, L, H2, P, L]
        assert [k.S for k in kids(kids(second)[1])] == [Name.P, Name.L]  # "Second step." and its list


def test_a_link_count_that_does_not_match_the_layout_is_an_error(raw):
    path, links = raw
    with pytest.raises(ValueError, match="page 1: 5 link annotations but 3 links laid out"):
        tagging.tidy(path, [links[0][:3]])


def test_the_build_mends_its_pdfs(tmp_path, capsys):
    html = tmp_path / "book.html"
    html.write_text(BOOK)
    build_pdf.build_pdf(html, tmp_path / "book.pdf", "a4", "2026.1")
    assert problems(capsys, tmp_path / "book.pdf") == []
