"""tools/pdf/build_pdf.py prints the Letter book from the A4 book's PDF,
each page centred on Letter paper (PLACED, tools/pdf/place.py): the same
pages on either paper, for one layout. On a small book: what moves (text,
links, destinations, bookmarks, backgrounds, a figure's layout box, a
landscape page), the guard that refuses a page which would come too near the
edge of the other paper, and what is refused rather than moved wrong."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops

from tools.checks import check_pdfua
from tools.pdf import build_pdf, place

A4, LETTER = (595.28, 841.89), (612.0, 792.0)  # points
DX, DY = (LETTER[0] - A4[0]) / 2, (LETTER[1] - A4[1]) / 2  # a portrait page's move: right, and (DY < 0) up

BOOK = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Small book</title>
<style>
  @page {{ margin: {margin}; @bottom-left {{ vertical-align: top; padding-top: 3mm; }} }}
  @page wide {{ size: A4 landscape; margin: 15mm 25mm; }}
  h1, h2 {{ bookmark-level: 1; }}
  .square {{ background: #f00; height: 40mm; width: 40mm; }}
  .wide {{ page: wide; }}
</style></head>
<body>
<h1>Small book</h1>
<p>See <a href="#part">the part</a>.</p>
<div class="square"></div>
<h2 id="part" style="break-before: page">A part</h2>
<p>Pinewood words.</p>
<p><img alt="A blue dot" style="width: 20mm" src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='10' height='10'%3E%3Ccircle cx='5' cy='5' r='5' fill='blue'/%3E%3C/svg%3E"></p>
<div class="wide"><p>A landscape page.</p></div>
{extra}
</body></html>
"""


def book(tmp_path: Path, margin: str = "22mm 18mm 26mm 18mm", extra: str = "") -> tuple[Path, Path]:
    html = tmp_path / "index.html"
    html.write_text(BOOK.format(margin=margin, extra=extra), encoding="utf-8")
    a4, letter = tmp_path / "a4.pdf", tmp_path / "letter.pdf"
    build_pdf.build_pdfs(html, {"a4": a4, "letter": letter}, "2026.1")
    return a4, letter


@pytest.fixture(scope="module")
def placed(tmp_path_factory) -> tuple[Path, Path]:
    return book(tmp_path_factory.mktemp("place"))


def words(pdf_words, pdf: Path) -> list[list[tuple[str, float, float]]]:
    """Each page's words with where each starts."""
    return [page for _, _, page in pdf_words(pdf)]


def test_the_letter_book_has_the_same_pages_centred_on_letter_paper(placed, pdf_words):
    a4, letter = placed
    with pikepdf.open(a4) as a, pikepdf.open(letter) as b:
        assert [[round(float(v), 1) for v in page.mediabox] for page in b.pages] == [
            [0, 0, 612.0, 792.0], [0, 0, 612.0, 792.0], [0, 0, 792.0, 612.0]]
        assert len(a.pages) == 3
    on_a4, on_letter = words(pdf_words, a4), words(pdf_words, letter)
    assert [[w for w, _, _ in page] for page in on_letter] == [[w for w, _, _ in page] for page in on_a4]
    for number, (page_a4, page_letter) in enumerate(zip(on_a4, on_letter)):
        dx, dy = (DX, DY) if number < 2 else (DY, DX)  # the landscape page: the paper turned
        for (word, x, y), (_, x2, y2) in zip(page_a4, page_letter):
            assert (x2 - x, y2 - y) == (pytest.approx(dx, abs=0.1), pytest.approx(dy, abs=0.1)), (number, word)


def test_links_bookmarks_and_backgrounds_move_with_the_page(placed, tmp_path):
    a4, letter = placed
    with pikepdf.open(a4) as a, pikepdf.open(letter) as b:
        [link_a4], [link_letter] = a.pages[0].Annots, b.pages[0].Annots
        moved = [float(v) for v in link_letter.Rect]
        assert moved == pytest.approx([v + d for v, d in zip(map(float, link_a4.Rect), (DX, DY, DX, DY))], abs=0.01)
        outline = [(item.title, item.destination) for item in b.open_outline().root]
        assert [title for title, _ in outline] == ["Small book", "A part"]
        destination = outline[1][1]
        assert destination[0].objgen == b.pages[1].obj.objgen
        top_a4 = float(next(item for item in a.open_outline().root if item.title == "A part").destination[3])
        assert float(destination[3]) == pytest.approx(top_a4 + DY, abs=0.01)
        # The link's named destination, where "the part" begins, and the figure's layout box.
        assert str(link_letter.Dest) == "part"
        named_a4, named = (dict(pikepdf.NameTree(pdf.Root.Names.Dests).items())["part"] for pdf in (a, b))
        assert named[0].objgen == b.pages[1].obj.objgen
        assert [float(named[2]), float(named[3])] == pytest.approx([float(named_a4[2]) + DX, float(named_a4[3]) + DY],
                                                                  abs=0.01)
        assert figure_box(b) == pytest.approx([v + d for v, d in zip(figure_box(a), (DX, DY, DX, DY))], abs=0.01)
    # The red square, a background, is painted where it now is.
    assert red_square(letter, tmp_path) == pytest.approx(
        [v + d for v, d in zip(red_square(a4, tmp_path), (DX, DY, DX, DY))], abs=1)


def figure_box(pdf: pikepdf.Pdf) -> list[float]:
    """The /BBox of the book's one Figure, from its layout attributes."""
    [box] = [[float(v) for v in owned.BBox] for element, _ in place._structure_elements(pdf.Root.StructTreeRoot)
             if element.get("/S") == pikepdf.Name.Figure
             for owned in ([element.A] if isinstance(element.A, pikepdf.Dictionary) else element.A)
             if "/BBox" in owned]
    return box


def red_square(pdf: Path, folder: Path) -> tuple[int, int, int, int]:
    """Where page 1 is red, in points from its top left (left, top, right, bottom)."""
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(folder / pdf.stem)], check=True)
    image = Image.open(folder / f"{pdf.stem}.png").convert("RGB")
    r = image.getchannel("R").point(lambda v: 255 if v > 200 else 0)
    g, b = (image.getchannel(name).point(lambda v: 255 if v < 60 else 0) for name in "GB")
    box = ImageChops.multiply(ImageChops.multiply(r, g), b).getbbox()
    assert box is not None and box[2] - box[0] == pytest.approx(40 * 72 / 25.4, abs=1.5)
    return box


def test_the_letter_book_passes_the_pdfua_checker(placed, capsys):
    assert check_pdfua.main([str(placed[1])]) == 0, capsys.readouterr().out


def test_a_page_too_near_the_edge_of_letter_paper_fails_naming_it(tmp_path):
    with pytest.raises(build_pdf.PDFBuildError) as error:
        book(tmp_path, margin="15mm 18mm")
    assert str(error.value) == (f"{tmp_path / 'index.html'}: page 1's text would be 6.2 mm from the edge of "
                                "letter paper, less than 12 mm: widen its margins in print.css so that it fits "
                                "on both papers")
    assert not (tmp_path / "letter.pdf").exists()


def test_a_footer_too_near_the_foot_of_letter_paper_fails(tmp_path):
    with pytest.raises(build_pdf.PDFBuildError, match=r"page 1's footer would be [\d.]+ mm from the edge of "
                                                      r"letter paper, less than 6 mm"):
        book(tmp_path, margin="22mm 18mm 21mm 18mm")  # the text fits, 12.2 mm; the footer below it does not
    assert not (tmp_path / "letter.pdf").exists()


def test_when_both_books_fail_both_problems_are_told(tmp_path):
    with pytest.raises(build_pdf.PDFBuildError) as error:
        book(tmp_path, margin="15mm 18mm", extra='<p><a href="#nowhere">A broken link</a></p>')
    told = str(error.value).splitlines()
    assert any(line.startswith(f"{tmp_path / 'index.html'}: writing a4.pdf: ") and "#nowhere" in line
               for line in told), told
    assert any("page 1's text would be 6.2 mm from the edge of letter paper" in line for line in told), told


def test_sizes_laid_out_apart_are_not_built_together(tmp_path):
    with pytest.raises(ValueError, match="not laid out alike"):
        build_pdf.build_pdfs(tmp_path / "index.html", {"a4": tmp_path / "a.pdf",
                                                        "large-print-a4": tmp_path / "b.pdf"}, "2026.1")


def test_a_failed_a4_book_leaves_the_last_good_letter_book(tmp_path):
    """Letter is made from A4's finished PDF: no A4, no new Letter."""
    (tmp_path / "letter.pdf").write_bytes(b"%PDF last good one")
    with pytest.raises(build_pdf.PDFBuildError, match="#nowhere"):
        book(tmp_path, extra='<p><a href="#nowhere">A broken link</a></p>')
    assert (tmp_path / "letter.pdf").read_bytes() == b"%PDF last good one"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["index.html", "letter.pdf"]


def test_letter_alone_is_made_from_an_a4_pdf_that_is_not_kept(tmp_path, pdf_words, placed):
    html = tmp_path / "index.html"
    html.write_text(BOOK.format(margin="22mm 18mm 26mm 18mm", extra=""), encoding="utf-8")
    build_pdf.build_pdfs(html, {"letter": tmp_path / "letter.pdf"}, "2026.1")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["index.html", "letter.pdf"]
    assert pdf_words(tmp_path / "letter.pdf") == pdf_words(placed[1])


def test_a_page_painting_a_pattern_is_refused(placed, tmp_path):
    """A pattern's space is the page's, not its content's, so a move would leave it behind."""
    with pikepdf.open(placed[0]) as pdf:
        pdf.pages[1].obj.Resources = pikepdf.Dictionary(Pattern=pikepdf.Dictionary(P0=pikepdf.Dictionary(PatternType=1)))
        with pytest.raises(place.PlacementError, match=r"^page 2 paints a pattern \(a background image or gradient\)"):
            place.place(pdf, LETTER)
