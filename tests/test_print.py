"""The print build: handbook_print's single page and WeasyPrint's PDF of it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from tools.checks.html_reader import read
from tools.pdf import build_pdf
from tools.site.edition import Edition, read_edition

DOCS = Path(__file__).resolve().parent.parent / "docs"
PRINT_CONF = {
    "handbook_print": True,
    "html_theme": "hb_print",
    "html_theme_path": [str(DOCS / "_themes")],
    "html_static_path": [str(DOCS / "_static")],
    "html_context": {"handbook_edition": read_edition(), "handbook_author": "Test"},
}
pytestmark = pytest.mark.sphinx("singlehtml", testroot="print", confoverrides=PRINT_CONF)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def printed(app, tmp_path) -> Path:
    app.build()
    assert not app.warning.getvalue()
    assert build_pdf.main([str(app.outdir / "index.html"), str(tmp_path), "--paper", "a4"]) == 0
    return tmp_path / build_pdf.pdf_name(read_edition().label, "a4")


def test_contents_lists_chapters_and_sections_with_links(app):
    app.build()
    toc = read(app.outdir / "index.html").soup.select_one('[class="topic hb-toc"]')
    assert toc is not None
    assert not toc.select('[href="#document-other"]')  # links to the heading, not the marker
    # <a class="reference internal" href="#hb-toc-other-page">Other page</a>: to the heading
    # itself, not its section, which can begin at the foot of the page before
    links = [(a["href"], a.decode_contents()) for a in toc.select('a[class="reference internal"][href]')]
    assert ("#hb-toc-other-page", "Other page") in links
    assert ("#hb-toc-second-part", "Second part") in links
    soup = read(app.outdir / "index.html").soup
    assert soup.select_one("section#other-page > h2#hb-toc-other-page, section#other-page > h1#hb-toc-other-page")
    assert soup.select_one("section#second-part > h3#hb-toc-second-part")


def test_links_to_other_pages_become_single_page_anchors(app):
    app.build()
    html = (app.outdir / "index.html").read_text()
    assert 'href="#second-part"' in html
    assert "#document-other#" not in html


def test_site_only_components_print_open(printed):
    text = pdf_text(printed)
    for hidden in ("SITTING-TEXT", "STANDING-TEXT", "DROPDOWN-TEXT"):
        assert hidden in text


def test_external_links_print_their_address_once(printed):
    text = " ".join(pdf_text(printed).split())
    assert "NHS page on back pain (https://www.nhs.uk/conditions/back-pain/)" in text
    assert "https://www.nhs.uk/ (https://www.nhs.uk/)" not in text


RELEASED = Edition("2026.1", dt.date(2026, 11, 26))


def print_build(edition: Edition):
    return pytest.mark.sphinx("singlehtml", testroot="print", confoverrides={
        **PRINT_CONF, "html_context": {**PRINT_CONF["html_context"], "handbook_edition": edition}})


@pytest.mark.parametrize("edition", [pytest.param(RELEASED, marks=print_build(RELEASED), id="released"),
                                     pytest.param(RELEASED.as_draft(), marks=print_build(RELEASED.as_draft()),
                                                  id="draft")])
def test_cover_footer_and_file_name_say_the_edition_or_that_it_is_a_draft(app, tmp_path, monkeypatch, edition):
    """A PDF printed from a draft (the changelog has unreleased changes) cannot pass for the edition."""
    app.build()
    monkeypatch.setattr(build_pdf, "read_edition", lambda: edition)
    assert build_pdf.main([str(app.outdir / "index.html"), str(tmp_path), "--paper", "a4"]) == 0
    name = "exercises-for-back-pain-2026.1-draft-a4.pdf" if edition.draft else "exercises-for-back-pain-2026.1-a4.pdf"
    assert [p.name for p in tmp_path.glob("*.pdf")] == [name]
    reader = PdfReader(tmp_path / name)
    cover, footer = reader.pages[0].extract_text(), reader.pages[1].extract_text()
    if edition.draft:
        assert "Draft after edition 2026.1" in cover and "Not yet published" in cover
        assert "26 November 2026" not in cover
        assert "Exercises for Back Pain \u00b7 Draft after edition 2026.1" in footer
        assert reader.metadata.subject.endswith(". Draft after edition 2026.1, not yet published.")
    else:
        assert "Edition 2026.1" in cover and "26 November 2026" in cover
        assert "draft" not in (cover + footer).lower()
        assert reader.metadata.subject.endswith(". Edition 2026.1, published 26 November 2026.")


def test_a_build_removes_the_pdfs_of_another_edition_and_keeps_the_rest(app, tmp_path):
    """After a release, the draft's PDFs would otherwise be published beside the edition's."""
    app.build()
    label = read_edition().label
    other = "2026.1" if label.endswith("-draft") else f"{label}-draft"
    stale = ["exercises-for-back-pain-2025.9-a4.pdf", build_pdf.pdf_name(other, "large-print-a4"),
             build_pdf.pdf_name(other, "letter", "red-flag-card"), build_pdf.pdf_name(label, "a4", "a-card-renamed")]
    kept = [build_pdf.pdf_name(label, "letter"), "notes-for-the-clinic.pdf"]
    for name in stale + kept:
        (tmp_path / name).write_bytes(b"%PDF")
    assert build_pdf.main([str(app.outdir / "index.html"), str(tmp_path), "--paper", "a4"]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == sorted([build_pdf.pdf_name(label, "a4"), *kept])


@pytest.mark.sphinx("singlehtml", testroot="print-broken", confoverrides=PRINT_CONF)
def test_missing_anchor_fails_and_leaves_last_good_pdf(app, tmp_path, capsys):
    app.build()
    target = tmp_path / build_pdf.pdf_name(read_edition().label, "a4")
    target.write_bytes(b"%PDF last good one")
    older = tmp_path / build_pdf.pdf_name("2025.9", "a4")  # removed only once every PDF is made
    older.write_bytes(b"%PDF an older edition")
    status = build_pdf.main([str(app.outdir / "index.html"), str(tmp_path), "--paper", "a4"])
    out, err = capsys.readouterr()
    assert status == 1
    assert "No anchor #nowhere" in err and str(app.outdir / "index.html") in err
    assert out.count("\n") == 1 and "FAILED" in out  # one progress line per PDF
    assert target.read_bytes() == b"%PDF last good one"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, older.name])


def test_page_references_are_kept_while_the_pages_stay_the_same():
    """build_pdf keeps pydyf's list of page references (WeasyPrint's tagging reads it once a
    box), and makes it again when a page is added."""
    import pydyf

    build_pdf._keep_page_references()
    pdf = pydyf.PDF()
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert pdf.page_references is first and len(first) == 1
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(pdf.page_references) == 2


def test_text_that_fits_but_for_its_trailing_space_keeps_its_line(tmp_path):
    """Before a link, text that fits the line only without its last space stays whole on
    the line, and the link goes to the next (WeasyPrint 70 put its first word alone on a
    line: build_pdf mends split_first_line)."""
    import subprocess

    from weasyprint import HTML

    words = "For a long time, bed rest was the usual advice for back pain"
    probe = HTML(string=f'<p><span style="display: inline-block">{words}</span></p>').render()

    def boxes(box):
        yield box
        for child in getattr(box, "children", []):
            yield from boxes(child)

    width = next(b.width for b in boxes(probe.pages[0]._page_box) if b.element_tag == "span")
    html = tmp_path / "index.html"
    html.write_text(f'<html lang="en"><body><p style="width: {width + 1}px">{words} <a href="#t">trials</a>. '
                    f'The results surprised many.</p><p id="t">Trials.</p></body></html>', encoding="utf-8")
    pdf = tmp_path / "out.pdf"
    build_pdf._render(html, "a4", "2026.1").write_pdf(pdf)
    lines = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.splitlines()
    assert lines[0] == words, lines[:3]
    assert lines[1].startswith("trials."), lines[:3]


NUMBERED = """<!DOCTYPE html><html lang="en"><head><title>T</title><style>
a::after {{ content: " " target-counter(attr(href url), page); }}
section {{ break-before: page; }}
</style></head><body>
<nav>{contents}</nav>
{sections}
<section><p>Back to: <a href="#s1">one</a> <a href="#s3">three</a></p></section>
</body></html>"""


def test_a_page_showing_target_counters_is_laid_out_twice_with_the_right_numbers(tmp_path, caplog):
    """The contents (targets after it) and a list at the end (targets before it)
    get their page numbers with one layout more, not two (build_pdf mends
    WeasyPrint 70's compute_content_list). WeasyPrint logs each page it lays out."""
    import logging

    html = tmp_path / "index.html"
    source = NUMBERED.format(contents="".join(f'<p><a href="#s{n}">Part {n}</a></p>' for n in range(1, 5)),
                             sections="".join(f'<section id="s{n}"><h1>Part {n}</h1></section>' for n in range(1, 5)))
    progress = logging.getLogger("weasyprint.progress")
    progress.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="weasyprint.progress"):
            document = build_pdf._render(html, "a4", "2026.1", source)
    finally:
        progress.removeHandler(caplog.handler)
    made = [int(m.split()[-1]) for m in caplog.messages if m.startswith("Step 5 - Creating layout - Page ")
            and not m.endswith("(up-to-date)")]
    assert len(document.pages) == 6
    assert sorted(made) == [1, 1, 2, 3, 4, 5, 6, 6]  # the contents and the last page, twice each
    document.write_pdf(tmp_path / "out.pdf")
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(tmp_path / "out.pdf").pages]
    assert "Part 1 2 Part 2 3 Part 3 4 Part 4 5" in pages[0]
    assert "Back to: one 2 three 4" in pages[5]
