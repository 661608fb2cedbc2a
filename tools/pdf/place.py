"""Print a finished PDF on other paper, each page centred on it: the Letter
book is the A4 book, page for page (build_pdf.py, PLACED).

The A4 PDF, written by WeasyPrint and mended by tagging.py, is copied with
pikepdf, and each page moved onto the new paper: its content drawn through a
translation (``q 1 0 0 1 dx dy cm ... Q``), and everything else that names a
place on the page moved by the same offset: link areas, every destination
(named, in links, in the bookmarks) and the structure tree's layout boxes
(a figure's /BBox). The page's boxes become the paper's. Nothing is laid out
or drawn again, so this takes a second where WeasyPrint took seven, and the
tags, fonts and images are those of the A4 PDF.

What a translation does not move is refused rather than printed wrong: a
pattern in a page's own resources (a background image or gradient), whose
space is the page's, not the content's (ISO 32000-1, 8.7.2)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary

from tools.pdf.tagging import is_element, kids

PAGE_BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")
# Which numbers of an explicit destination [page /Kind ...] are x and which y.
DESTINATION_AXES = {"/XYZ": "xy", "/FitH": "y", "/FitBH": "y", "/FitV": "x", "/FitBV": "x", "/FitR": "xyxy",
                    "/Fit": "", "/FitB": ""}


class PlacementError(ValueError):
    pass


def _moved(values, axes: str, dx: float, dy: float) -> Array:
    """``values`` (numbers, or null for "keep"), each moved by dx or dy as ``axes`` says."""
    return Array([None if value is None else float(value) + (dx if axis == "x" else dy)
                  for value, axis in zip(values, axes)])


def _move_destination(destination, offsets: dict) -> None:
    """Move an explicit destination [page /Kind numbers...] in place (a named one is moved where it is defined)."""
    if isinstance(destination, Dictionary) and "/D" in destination:
        destination = destination.D
    if not isinstance(destination, Array) or len(destination) < 2 or not isinstance(destination[0], Dictionary):
        return
    offset = offsets.get(destination[0].objgen)
    axes = DESTINATION_AXES.get(str(destination[1]))
    if offset is None or axes is None:
        return
    numbers = list(destination)[2:2 + len(axes)]
    for i, value in enumerate(_moved(numbers, axes[:len(numbers)], *offset), start=2):
        destination[i] = value


def _outline_items(first) -> Iterator:
    item = first
    while item is not None:
        yield item
        if "/First" in item:
            yield from _outline_items(item.First)
        item = item.get("/Next")


def _structure_elements(root) -> Iterator[tuple[object, object]]:
    """(element, its page or None) for each element of the structure tree, its page inherited."""
    stack = [(root, None)]
    while stack:
        element, page = stack.pop()
        page = element.get("/Pg", page)
        yield element, page
        stack.extend((kid, page) for kid in kids(element) if is_element(kid))


def place(pdf: pikepdf.Pdf, paper: tuple[float, float]) -> dict[tuple[int, int], tuple[float, float]]:
    """Centre each page of ``pdf`` on ``paper`` (width, height in points; a
    landscape page on the paper turned), in place. Return each page's offset
    (dx, dy), by the page's objgen. Raise PlacementError for a page that cannot
    be moved so."""
    offsets = {}
    moves: dict[tuple[float, float], object] = {}  # one stream for each offset, shared by its pages
    end = pdf.make_indirect(pdf.make_stream(b"\nQ\n"))
    for number, page in enumerate(pdf.pages, start=1):
        patterns = page.Resources.get("/Pattern")
        if patterns is not None and len(patterns.keys()):
            raise PlacementError(f"page {number} paints a pattern (a background image or gradient), which "
                                 "cannot be moved to other paper: draw it with an <img> instead")
        left, bottom, right, top = (float(v) for v in page.mediabox)
        width, height = right - left, top - bottom
        paper_width, paper_height = paper if width <= height else (paper[1], paper[0])
        dx, dy = round((paper_width - width) / 2 - left, 4), round((paper_height - height) / 2 - bottom, 4)
        offsets[page.obj.objgen] = (dx, dy)
        for name in PAGE_BOXES:
            if name in page.obj:
                page.obj[name] = Array([0, 0, paper_width, paper_height])
        if (dx, dy) not in moves:
            moves[dx, dy] = pdf.make_indirect(pdf.make_stream(f"q 1 0 0 1 {dx:.4f} {dy:.4f} cm\n".encode()))
        page.contents_add(moves[dx, dy], prepend=True)
        page.contents_add(end)
        for annot in page.get("/Annots", []):
            annot.Rect = _moved(annot.Rect, "xyxy", dx, dy)
            if "/QuadPoints" in annot:
                annot.QuadPoints = _moved(annot.QuadPoints, "xy" * (len(annot.QuadPoints) // 2), dx, dy)
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            _move_destination(annot.get("/Dest", annot.get("/A")), offsets)
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        for _, destination in pikepdf.NameTree(pdf.Root.Names.Dests).items():
            _move_destination(destination, offsets)
    if "/Dests" in pdf.Root:
        for _, destination in pdf.Root.Dests.items():
            _move_destination(destination, offsets)
    if "/Outlines" in pdf.Root and "/First" in pdf.Root.Outlines:
        for item in _outline_items(pdf.Root.Outlines.First):
            _move_destination(item.get("/Dest", item.get("/A")), offsets)
    if "/StructTreeRoot" in pdf.Root:
        for element, page in _structure_elements(pdf.Root.StructTreeRoot):
            attributes = element.get("/A")
            if attributes is None or page is None or page.objgen not in offsets:
                continue
            for owned in (attributes if isinstance(attributes, Array) else [attributes]):
                if isinstance(owned, Dictionary) and "/BBox" in owned:
                    owned.BBox = _moved(owned.BBox, "xyxy", *offsets[page.objgen])
    return offsets


def place_pdf(source: Path, target: Path, paper: tuple[float, float]) -> None:
    """Write ``source`` centred on ``paper`` (points) to ``target``."""
    with pikepdf.open(source) as pdf:
        place(pdf, paper)
        pdf.save(target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
