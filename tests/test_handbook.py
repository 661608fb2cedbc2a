"""The real handbook, built once per session (the ``handbook`` fixture)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from tools.checks import check_html
from tools.checks.html_reader import read, text_of
from tools.pdf.build_pdf import SIZES, pdf_name
from tools.site.edition import read_edition

PAGE_SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
# Text lower than this, in points from the page's foot, is the footer: it sits
# 3 mm under the text, whose foot is 26 mm up on A4 and 17.2 mm on Letter.
FOOTER_HEIGHT = {"a4": 22 * 72 / 25.4, "letter": 14 * 72 / 25.4}
SMALLEST_TEXT = {"a4": 11, "letter": 11, "large-print-a4": 16}  # in points


def pages(handbook) -> list[Path]:
    return [p for p in handbook.html.rglob("*.html")
            if not {"_static", "_sources"} & set(p.relative_to(handbook.html).parts)]


# -- The site ------------------------------------------------------------------

def test_every_link_and_resource_of_the_site_resolves_locally(handbook, capsys):
    assert check_html.main([str(handbook.html)]) == 0, capsys.readouterr().out


def test_every_page_names_the_edition(handbook):
    expected = read_edition().status
    for page in pages(handbook):
        assert expected in page.read_text(), page


def test_fonts_are_served_by_the_site(handbook):
    css = (handbook.html / "_static" / "css" / "handbook.css").read_text()
    fonts = re.findall(r'url\("\.\./(fonts/[^"]+)"\)', css)
    assert len(fonts) == 4
    for font in fonts:
        assert (handbook.html / "_static" / font).is_file()


# -- The PDFs ------------------------------------------------------------------

@pytest.mark.parametrize("size", list(SIZES))
def test_pdf_has_its_paper_size_on_every_page(handbook, size):
    """Portrait, but for the diary's page, which is landscape on the same paper
    (in large print, two pages: the second goes on with its table)."""
    paper, _ = SIZES[size]
    portrait = tuple(round(v, 1) for v in PAGE_SIZES[paper])
    diary = ("Your exercise and pain diary", "Day 1 2 3") if size.startswith("large-print") else ("Your exercise and pain diary",)
    for page in PdfReader(handbook.pdf(size)).pages:
        found = (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1))
        if found != portrait:
            assert found == portrait[::-1] and page.extract_text().startswith(diary), found


@pytest.mark.parametrize("size", list(SIZES))
def test_pdf_is_tagged_with_language_title_and_edition(handbook, size):
    reader = PdfReader(handbook.pdf(size))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "Exercises for Back Pain"
    assert read_edition().status in reader.metadata.subject


@pytest.mark.parametrize("size", list(SIZES))
def test_pdf_streams_are_compressed(handbook, size):
    """WeasyPrint writes them uncompressed; mending the tags (pikepdf) compresses
    them, all but the XMP metadata (left readable, as is usual) and empty ones."""
    with pikepdf.open(handbook.pdf(size)) as pdf:
        streams = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
        assert len(streams) > 100
        assert [obj.objgen for obj in streams if obj.get("/Filter") is None
                and obj.get("/Type") != "/Metadata" and obj.read_raw_bytes()] == []
    assert handbook.pdf(size).stat().st_size < 1.5 * 2**20


@pytest.mark.parametrize("size", list(SIZES))
def test_pdf_embeds_only_the_vendored_fonts(handbook, size):
    fonts = {}
    for page in PdfReader(handbook.pdf(size)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert all("Atkinson-Hyperlegible" in name for name in fonts), fonts


@pytest.mark.parametrize("size", list(SIZES))
def test_pdf_text_is_at_least_11_points_or_16_in_large_print(handbook, size):
    """All of it: body, headings, drawings' labels and, in large print, the footer.
    A picture's labels are in a form XObject, whose text pypdf reports in the
    form's own units: the scale of the forms it is drawn in is tracked here."""
    sizes: Counter[float] = Counter()
    for page in PdfReader(handbook.pdf(size)).pages:
        forms = [1.0]

        def before(operator, operands, cm, tm):
            if operator == b"Do":
                forms.append(forms[-1] * abs(cm[3]))

        def after(operator, operands, cm, tm):
            if operator == b"Do":
                forms.pop()

        def visit(text, cm, tm, font, font_size):
            y = tm[5] * cm[3] + cm[5]
            if text.strip() and (size.startswith("large-print") or y > FOOTER_HEIGHT[size]):
                sizes[round(font_size * abs(tm[3]) * abs(cm[3]) * forms[-1], 1)] += len(text.strip())
        page.extract_text(visitor_text=visit, visitor_operand_before=before, visitor_operand_after=after)
    assert sizes and min(sizes) >= SMALLEST_TEXT[size], sizes
    if size.startswith("large-print"):
        assert sizes.most_common(1)[0][0] >= 18  # the body text


def test_the_letter_book_has_the_a4_books_pages_centred_on_letter_paper(handbook, pdf_words):
    """One layout for both papers (build_pdf.PLACED): a page number, in the
    contents, a finder or a clinic's note, is the same on either paper. Each
    word, and each link's area, is where it is on A4, moved by the page's
    offset: half the difference of the papers' sizes (the landscape diary's
    too)."""
    a4, letter = pdf_words(handbook.pdf("a4")), pdf_words(handbook.pdf("letter"))
    assert len(a4) > 100 and len(letter) == len(a4)
    offsets = []
    for number, ((w4, h4, on_a4), (wl, hl, on_letter)) in enumerate(zip(a4, letter), 1):
        dx, dy = (wl - w4) / 2, (hl - h4) / 2
        assert (round(w4) < round(h4)) == (round(wl) < round(hl)), number  # portrait on both, or landscape
        moved = sorted((word, round(x + dx, 1), round(y + dy, 1)) for word, x, y in on_a4)
        found = sorted((word, round(x, 1), round(y, 1)) for word, x, y in on_letter)
        assert [w for w, _, _ in found] == [w for w, _, _ in moved], number
        for (word, x, y), (_, x2, y2) in zip(moved, found):
            assert abs(x2 - x) <= 0.2 and abs(y2 - y) <= 0.2, (number, word, (x, y), (x2, y2))
        offsets.append((dx, dy))
    with pikepdf.open(handbook.pdf("a4")) as pdf_a4, pikepdf.open(handbook.pdf("letter")) as pdf_letter:
        links = 0
        for number, (page_a4, page_letter, (dx, dy)) in enumerate(zip(pdf_a4.pages, pdf_letter.pages, offsets), 1):
            rects_a4 = [[float(v) for v in annot.Rect] for annot in page_a4.get("/Annots", [])]
            rects_letter = [[float(v) for v in annot.Rect] for annot in page_letter.get("/Annots", [])]
            assert len(rects_letter) == len(rects_a4), number
            for rect_a4, rect_letter in zip(rects_a4, rects_letter):
                assert rect_letter == pytest.approx([v + d for v, d in zip(rect_a4, (dx, dy, dx, dy))], abs=0.01)
            links += len(rects_a4)
        assert links > 500


@pytest.mark.parametrize("size", list(SIZES))
def test_pdf_footer_shows_edition_and_page_number(handbook, size):
    reader = PdfReader(handbook.pdf(size))
    footer = reader.pages[2].extract_text()
    assert f"Exercises for Back Pain \u00b7 {read_edition().title}" in footer
    assert f"Page 3 of {len(reader.pages)}" in footer


def contents_entries(reader: PdfReader) -> list[tuple[str, int]]:
    """(title, page number) of each contents line: the title, then its page number at the right."""
    entries = []
    for page in reader.pages[1:]:
        found = re.findall(r"^\s*(\S.*?)\s{3,}(\d+)\s*$", page.extract_text(extraction_mode="layout"), re.M)
        if not found:
            break
        entries += [(title, int(number)) for title, number in found]
    return entries


@pytest.mark.parametrize("size", list(SIZES))
def test_pdf_contents_page_numbers_point_at_their_chapters(handbook, size):
    reader = PdfReader(handbook.pdf(size))
    entries = contents_entries(reader)
    assert len(entries) >= 5
    for title, number in entries:  # in large print a title may wrap onto two lines
        assert title in " ".join(reader.pages[number - 1].extract_text().split()), (title, number)


@pytest.mark.parametrize("size", list(SIZES))
def test_pdf_contents_entries_are_one_link_each_read_by_title_with_no_leader_dots(handbook, size):
    """A screen reader hears each entry once, by its title: one annotation (not one for the
    entry, its page number and its leader), /Contents its title (not 'document-get-help-now'),
    and no dot of a leader tagged as text (there were 14,000). A title that wraps (in large
    print) has an annotation for each of its lines, one below the other."""
    toc = read(handbook.print_html.resolve()).soup.select(".hb-toc a[href]")
    titles, targets = [text_of(a) for a in toc], [a["href"][1:] for a in toc]
    reader = PdfReader(handbook.pdf(size))
    annots, marked, toc_pages = [], 0, 0
    for page in reader.pages[1:]:
        if len(annots) >= len(toc):
            break
        toc_pages += 1
        for annot in (a.get_object() for a in page.get("/Annots", [])):
            if not (annots and annot["/Dest"] == annots[-1]["/Dest"]
                    and float(annot["/Rect"][3]) <= float(annots[-1]["/Rect"][1]) + 1):
                annots.append(annot)
        marked += page.get_contents().get_data().count(b"/MCID")
    annots = annots[:len(toc)]
    assert [str(a["/Dest"]) for a in annots] == targets
    assert [str(a["/Contents"]) for a in annots] == titles
    assert marked <= 3 * len(toc) + toc_pages, (marked, len(toc))


def test_large_print_gives_each_exercise_its_own_pages(handbook):
    """Each exercise starts a new page (the first of a group under the group's
    heading), so no page holds two exercise titles."""
    def heading(section) -> str:
        return text_of(section.find(re.compile("^h[2-6]$"))).removesuffix(" \u00b6")

    reader = PdfReader(handbook.pdf("large-print-a4"))
    lines = [[line.strip() for line in page.extract_text().splitlines()] for page in reader.pages]
    exercises = read(handbook.print_html).soup.select("section.hb-exercise")
    titles = {heading(section) for section in exercises}
    assert len(exercises) >= 20
    pages = []
    for section in exercises:
        page = reader.get_destination_page_number(reader.named_destinations[section["id"]])
        first = [] if section.find_previous_sibling("section") else [heading(section.parent)]
        assert lines[page][:len(first) + 1] == [*first, heading(section)], page + 1
        pages.append(page)
    # from the first card on (the printed contents before it lists every exercise)
    for number, page in enumerate(lines[min(pages):], start=min(pages) + 1):
        assert len(titles & set(page)) <= 1, (number, titles & set(page))


@pytest.mark.parametrize("size", list(SIZES))
def test_no_word_of_the_covers_title_or_subtitle_stands_alone_on_a_line(handbook, size):
    cover = PdfReader(handbook.pdf(size)).pages[0].extract_text().replace("\u00a0", " ")
    lines = [line.strip() for line in cover.splitlines()]
    assert any(line.endswith("Back Pain") for line in lines), lines
    assert any(line.endswith("neck pain") for line in lines), lines


@pytest.mark.parametrize("page", ["index.html", "about.html"])
def test_landing_and_about_pages_link_to_the_large_print_pdf(handbook, page):
    name = pdf_name(handbook.edition, "large-print-a4")
    links = {a["href"]: text_of(a) for a in read(handbook.html / page).soup.select("a[href]")}
    assert links.get(f"pdf/{name}") == f"{read_edition().title} in large print, on A4 paper (PDF)"
    assert (handbook.html / "pdf" / name).is_file()


def test_print_stylesheet_uses_no_colour_but_black_and_white(handbook):
    css = (handbook.print_html.parent / "_static" / "print.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)  # comments may say "red flags"
    colours = set(re.findall(r"#[0-9a-fA-F]{3,6}\b|rgba?\([^)]*\)|\b(?:red|blue|green|grey|gray)\b", css))
    assert colours <= {"#000", "#fff"}, colours
