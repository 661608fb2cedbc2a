"""tools.checks.check_pdfua: a small tagged PDF passes; broken one rule at a time, it fails
with that rule's line; the real book and a handout pass."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from tools.checks import check_pdfua
from tools.pdf import build_pdf, handout
from tools.pdf.build_pdf import SIZES

SQUARE = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
                          b'<rect width="20" height="20"/></svg>').decode()
SMALL = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Small book</title>
<style>.toc a::after {{ content: ", page " target-counter(attr(href url), page); }}</style></head>
<body>
<h1>Small book</h1>
<ul class="toc"><li><a href="#part">A part of the book</a></li></ul>
<h2 id="part">A part</h2>
<p>See <a href="#part"><span>this part</span></a> or <a href="https://example.org/">a site</a>.</p>
<ol><li><p>First step.</p></li><li><p>Second step.</p><ul><li>A nested point.</li></ul></li></ol>
<p><img src="data:image/svg+xml;base64,{SQUARE}" alt="A black square"></p>
<table><thead><tr><th scope="col">Day</th><th scope="col">Done</th></tr></thead>
<tbody><tr><td>1</td><td>Yes</td></tr></tbody></table>
</body></html>
"""


def small_pdf(folder: Path) -> Path:
    """The small book as the build makes it: WeasyPrint, the footer, then tools/pdf/tagging.py."""
    html = folder / "small.html"
    html.write_text(SMALL)
    target = folder / "small.pdf"
    build_pdf.build_pdf(html, target, "a4", "2026.1", source=SMALL)
    return target


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    return small_pdf(tmp_path_factory.mktemp("pdfua"))


def run(capsys, *pdfs: Path) -> tuple[int, list[str]]:
    status = check_pdfua.main([str(p) for p in pdfs])
    return status, capsys.readouterr().out.splitlines()


def elements(pdf: pikepdf.Pdf, tag: str) -> list[Dictionary]:
    found, stack = [], list(pdf.Root.StructTreeRoot.K)
    while stack:
        element = stack.pop(0)
        if element.S == Name("/" + tag):
            found.append(element)
        k = element.get("/K")
        kids = list(k) if isinstance(k, Array) else [k]
        stack[0:0] = [kid for kid in kids if isinstance(kid, Dictionary) and "/S" in kid
                      and kid.get("/Type") not in (Name.OBJR, Name.MCR)]
    return found


def detach(element: Dictionary) -> None:
    parent = element.P
    parent.K = Array([kid for kid in parent.K if not (isinstance(kid, Dictionary) and kid.objgen == element.objgen)])


def test_a_good_pdf_passes(good, capsys):
    assert run(capsys, good) == (0, [])


def _metadata(pdf, key, value=None):
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        if value is None:
            del meta[key]
        else:
            meta[key] = value


def _untagged_drawing(pdf):
    page = pdf.pages[0]
    page.contents_add(pdf.make_stream(b"0 0 10 10 re f"), prepend=False)


def _link_in_span(pdf):
    elements(pdf, "Link")[0].S = Name.Span


def _li_holds_p(pdf):
    item, body = next((li, kid) for li in elements(pdf, "LI") for kid in li.K
                      if kid.S == Name.LBody and kid.K[0].S == Name.P)  # "First step."
    item.K = Array([kid for kid in item.K if kid.S != Name.LBody] + list(body.K))


def _l_holds_p(pdf):
    listing = elements(pdf, "L")[0]
    listing.K.append(elements(pdf, "P")[0])


def _no_embedded_font(pdf):
    font = next(iter(pdf.pages[0].Resources.Font.values()))
    del font.DescendantFonts[0].FontDescriptor["/FontFile2"]


BREAKS = {
    "language": (lambda pdf: pdf.Root.__delattr__("Lang"), "document: no document language (/Lang in the catalog)"),
    "title": (lambda pdf: _metadata(pdf, "dc:title"), "document: no title (dc:title) in the XMP metadata"),
    "pdfua id": (lambda pdf: _metadata(pdf, "pdfuaid:part"),
                 "document: no PDF/UA identifier (pdfuaid:part) in the XMP metadata"),
    "display title": (lambda pdf: pdf.Root.ViewerPreferences.__setattr__("DisplayDocTitle", False),
                      "document: the viewer shows the file name, not the title (/DisplayDocTitle is not true)"),
    "marked": (lambda pdf: pdf.Root.MarkInfo.__setattr__("Marked", False),
               "document: not marked as tagged (/MarkInfo /Marked is not true)"),
    "structure tree": (lambda pdf: pdf.Root.__delattr__("StructTreeRoot"),
                       "document: no structure tree (/StructTreeRoot): the PDF is not tagged"),
    "unreachable content": (lambda pdf: detach(elements(pdf, "H1")[0]),
                            "page 1: marked content 0 (Span) is not in the structure tree; "
                            "running content such as a footer must be an artifact"),
    "parent tree": (lambda pdf: pdf.Root.StructTreeRoot.ParentTree.Nums[1].__setitem__(0, None),
                    "page 1: marked content 0 (Span) has no structure parent in the parent tree"),
    "parent tree, other element": (lambda pdf: pdf.Root.StructTreeRoot.ParentTree.Nums[1].__setitem__(
        0, elements(pdf, "H2")[0]), "page 1: marked content 0 (Span): the parent tree names another element "
                                    "than the one that holds it"),
    "untagged drawing": (_untagged_drawing, "page 1: 1 drawing operations are neither tagged content nor an artifact"),
    "first heading": (lambda pdf: elements(pdf, "H1")[0].__setattr__("S", Name.H2),
                      "page 1: the first heading is H2, not H1"),
    "skipped heading": (lambda pdf: elements(pdf, "H2")[0].__setattr__("S", Name.H3),
                        "page 1: heading H3 follows H1: a level is skipped"),
    "figure alt": (lambda pdf: elements(pdf, "Figure")[0].__delattr__("Alt"),
                   "page 1: a Figure has no alternate text (/Alt)"),
    "link element": (_link_in_span, "page 1: Link annotation to 'part' is in a Span element, not directly in a Link"),
    "link contents": (lambda pdf: pdf.pages[0].Annots[0].__delattr__("Contents"),
                      "page 1: Link annotation to 'part' has no /Contents (what the link is)"),
    "list item": (_li_holds_p, "page 1: a list item (LI) holds P; only Lbl and LBody belong there"),
    "list": (_l_holds_p, "page 1: a list (L) holds P, not a list item (LI)"),
    "table header": (lambda pdf: [th.__setattr__("S", Name.TD) for th in elements(pdf, "TH")],
                     "page 1: a table has no header cells (TH)"),
    "tab order": (lambda pdf: pdf.pages[0].obj.__delattr__("Tabs"),
                  "page 1: has annotations but no structure tab order (/Tabs /S)"),
    "embedded font": (_no_embedded_font, "page 1: font {font} is not embedded"),
    "unicode map": (lambda pdf: next(iter(pdf.pages[0].Resources.Font.values())).__delattr__("ToUnicode"),
                    "page 1: font {font} has no ToUnicode map (its text cannot be read aloud)"),
}


@pytest.mark.parametrize("rule", BREAKS)
def test_each_rule_fails_a_pdf_that_breaks_it(good, tmp_path, capsys, rule):
    breaks, expected = BREAKS[rule]
    broken = tmp_path / f"{rule.replace(' ', '-')}.pdf"
    shutil.copy(good, broken)
    with pikepdf.open(broken, allow_overwriting_input=True) as pdf:
        font = str(next(iter(pdf.pages[0].Resources.Font.values())).BaseFont)[1:]
        breaks(pdf)
        pdf.save(broken)
    status, lines = run(capsys, broken)
    assert status == 1
    assert f"{broken}:{expected.format(font=font)}" in lines, lines


def test_a_missing_pdf_is_reported(tmp_path, capsys):
    status, lines = run(capsys, tmp_path / "none.pdf")
    assert status == 1 and lines == [f"{tmp_path / 'none.pdf'}: no such PDF; build it first (make pdf)"]


@pytest.mark.parametrize("size", list(SIZES))
def test_the_real_handbook_pdfs_pass(handbook, capsys, size):
    assert run(capsys, handbook.pdf(size)) == (0, [])


def test_a_handout_of_every_exercise_passes(handbook, tmp_path, capsys):
    import json

    data = json.loads((handbook.print_html.parent / handout.DATA).read_text())
    target = tmp_path / "every.pdf"
    labels = [exercise["label"] for exercise in data["exercises"]]
    assert handout.main([str(handbook.print_html), *labels, "--paper", "letter", "-o", str(target)]) == 0
    capsys.readouterr()
    assert run(capsys, target) == (0, [])
