"""Mend the structure tree WeasyPrint writes, so a screen reader can follow it.

WeasyPrint 70 tags its PDF/UA output from the HTML, but leaves some things a
screen reader trips over, and no HTML or CSS of ours can change them (the
README's section on the PDFs names the WeasyPrint issues):

* the running footer (``@page`` margin boxes) is tagged content whose
  structure elements hang off nothing (WeasyPrint #1836): it becomes a
  pagination artifact;
* every box inside a link gets its own link annotation, so a link holding a
  ``<span>`` or a generated ``::after`` has two or three, under Span,
  NonStruct or a second Link: an annotation that lies within its link's own
  is removed, another is moved into the Link, and a Link inside a Link
  becomes a Span;
* a list item holding paragraphs is ``LI [Lbl, P, ...]``, and a nested list
  is a sibling of its item (``L [LI, L]``): the paragraphs go into an LBody,
  the nested list into its item's LBody;
* a link annotation's /Contents is its bare target (``get-help-now``): it
  becomes the link's text, which ``link_texts`` gives from the laid-out page;
* elements with no content at all (an empty generated box) are dropped.

The parent tree is then written again from the mended tree. ``tidy`` runs in
build_pdf.py between WeasyPrint and the atomic rename, and
tools/checks/check_pdfua.py checks the result.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

# (link type, target, text) for each link WeasyPrint laid out on a page, in order.
LinkText = tuple[str, str, str]
TABLE_PARTS = {"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"}
PAGINATION = Dictionary(Type=Name.Pagination)
BDC = pikepdf.Operator("BDC")
MARKED = re.compile(rb"/[^\s/<>\[\]()]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")  # /Span <</MCID 7>> BDC
ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"
NOT_ELEMENTS = (Name.MCR, Name.OBJR)


@dataclass
class Report:
    """What ``tidy`` changed, for the build's log and the tests."""
    artifacts: int = 0
    annotations_removed: int = 0
    annotations_moved: int = 0
    links_retagged: int = 0
    list_bodies: int = 0
    nested_lists: int = 0
    empty_removed: int = 0
    contents: int = 0
    counts: Counter = field(default_factory=Counter)


def kids(element) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def is_element(obj) -> bool:
    return isinstance(obj, Dictionary) and "/S" in obj and obj.get("/Type") not in NOT_ELEMENTS


def _new_element(pdf: pikepdf.Pdf, tag: str, parent, children: list):
    element = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + tag), P=parent, K=Array(children)))
    if "/Pg" in parent:
        element.Pg = parent.Pg
    for child in children:
        if is_element(child):
            child.P = element
    return element


def _walk(element):
    """Yield (element, number of Link ancestors, its kids) in reading order."""
    stack = [(element, 0)]
    while stack:
        element, links = stack.pop()
        children = kids(element)
        yield element, links, children
        inner = links + (element.S == Name.Link)
        stack.extend((kid, inner) for kid in reversed(children) if is_element(kid))


def _target(annot) -> str | None:
    if "/Dest" in annot:
        return str(annot.Dest)
    action = annot.get("/A")
    return str(action.URI) if action is not None and "/URI" in action else None


def _within(inner, outer, slack: float = 1.0) -> bool:
    a, b = [float(v) for v in inner.Rect], [float(v) for v in outer.Rect]
    return (min(a[0], a[2]) >= min(b[0], b[2]) - slack and max(a[0], a[2]) <= max(b[0], b[2]) + slack
            and min(a[1], a[3]) >= min(b[1], b[3]) - slack and max(a[1], a[3]) <= max(b[1], b[3]) + slack)


def _mend_links(pdf: pikepdf.Pdf, elements: list, report: Report) -> None:
    """One Link per link: its annotation(s) directly under it, no Link in a Link."""
    for element, links_above, _ in elements:
        if element.S == Name.Link and links_above:
            element.S = Name.Span
            report.links_retagged += 1
    removed: set = set()
    for element, _, children in elements:  # reading order: a Link comes before what it holds
        objrs = [k for k in children if isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR
                 and k.Obj.get("/Subtype") == Name.Link]
        if not objrs or element.S == Name.Link:
            continue
        link = element.get("/P")
        while link is not None and is_element(link) and link.S != Name.Link:
            link = link.get("/P")
        if link is None or not is_element(link):
            element.S = Name.Link
            report.links_retagged += 1
            continue
        own = [k.Obj for k in kids(link) if isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR]
        element.K = Array([k for k in children if not _is_one_of(k, objrs)])
        for objr in objrs:
            annot = objr.Obj
            if any(_target(annot) == _target(o) and _within(annot, o) for o in own):
                removed.add(annot.objgen)
                report.annotations_removed += 1
            else:
                link.K = Array([*kids(link), objr])
                report.annotations_moved += 1
    if removed:
        for page in pdf.pages:
            if "/Annots" in page:
                page.Annots = Array([a for a in page.Annots if a.objgen not in removed])


def _is_one_of(obj, objs: list) -> bool:
    return isinstance(obj, Dictionary) and obj.is_indirect and any(obj.objgen == o.objgen for o in objs)


def _mend_lists(pdf: pikepdf.Pdf, elements: list, report: Report) -> None:
    """LI holds Lbl and LBody; L holds LI (and a Caption), a nested L going into
    the LBody of the item before it (items first, so that LBody exists)."""
    for element, _, _ in elements:
        if element.S != Name.LI:
            continue
        new, body = [], None
        for kid in kids(element):
            if is_element(kid) and kid.S in (Name.Lbl, Name.LBody):
                new.append(kid)
                body = None
                continue
            if body is None:
                body = _new_element(pdf, "LBody", element, [])
                new.append(body)
                report.list_bodies += 1
            body.K = Array([*kids(body), kid])
            if is_element(kid):
                kid.P = body
        element.K = Array(new)
    for element, _, _ in elements:
        if element.S != Name.L:
            continue
        new = []
        for i, kid in enumerate(kids(element)):
            if is_element(kid) and (kid.S == Name.LI or (kid.S == Name.Caption and i == 0)):
                new.append(kid)
            elif is_element(kid) and kid.S == Name.L and new and new[-1].S == Name.LI:
                item = new[-1]
                body = next((b for b in reversed(kids(item)) if is_element(b) and b.S == Name.LBody), None)
                if body is None:
                    body = _new_element(pdf, "LBody", item, [])
                    item.K = Array([*kids(item), body])
                body.K = Array([*kids(body), kid])
                kid.P = body
                report.nested_lists += 1
            else:
                item = _new_element(pdf, "LI", element, [])
                item.K = Array([_new_element(pdf, "LBody", item, [kid])])
                new.append(item)
                report.list_bodies += 1
        element.K = Array(new)


def _prune(element, report: Report) -> bool:
    """Drop childless elements below ``element``; True if it holds content."""
    new, content = [], False
    for kid in kids(element):
        if is_element(kid):
            if _prune(kid, report) or str(kid.S) in TABLE_PARTS or kid.S == Name.Figure:
                new.append(kid)
                content = True
            else:
                report.empty_removed += 1
        else:
            new.append(kid)
            content = True
    if len(new) != len(kids(element)):
        element.K = Array(new)
    return content


def _marked_content_id(kid, element, pages: dict):
    """(page index, MCID) of a content kid, or None for an OBJR."""
    if isinstance(kid, int):
        page = element.get("/Pg")
        return (pages[page.objgen], kid) if page is not None else None
    if isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
        page = kid.get("/Pg") or element.get("/Pg")
        return pages[page.objgen], int(kid.MCID)
    return None


def _artifact_unowned(pdf: pikepdf.Pdf, owned: set, report: Report) -> None:
    """Marked content no element owns (the margin boxes) becomes a pagination artifact.

    The page's BDC operators are found by pikepdf's parser; when a plain search
    of the stream finds the same marked content in the same order (WeasyPrint
    writes text as hex strings, so no string can look like one), the stream is
    edited in place, which is several times faster than parsing every operator
    and writing them all out again."""
    for index, page in enumerate(pdf.pages):
        found = [int(operands[1].MCID) for operands, _ in pikepdf.parse_content_stream(page, "BDC")
                 if len(operands) > 1 and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]]
        unowned = {mcid for mcid in found if (index, mcid) not in owned}
        if not unowned:
            continue
        report.artifacts += len(unowned)
        contents = page.obj.Contents
        data = contents.read_bytes() if isinstance(contents, pikepdf.Stream) else b""
        if [int(m[1]) for m in MARKED.finditer(data)] == found:
            data = MARKED.sub(lambda m: ARTIFACT if int(m[1]) in unowned else m[0], data)
        else:
            operations = pikepdf.parse_content_stream(page)
            for i, (operands, operator) in enumerate(operations):
                if (operator == BDC and len(operands) > 1 and isinstance(operands[1], Dictionary)
                        and int(operands[1].get("/MCID", -1)) in unowned):
                    operations[i] = pikepdf.ContentStreamInstruction([Name.Artifact, PAGINATION], operator)
            data = pikepdf.unparse_content_stream(operations)
        page.obj.Contents = pdf.make_stream(data)


def _set_contents(pdf: pikepdf.Pdf, link_texts: list[list[LinkText]], report: Report) -> None:
    """Each link annotation's /Contents: the text of its link, not its bare target."""
    for number, (page, links) in enumerate(zip(pdf.pages, link_texts), start=1):
        annots = [a for a in page.get("/Annots", []) if a.get("/Subtype") == Name.Link]
        links = [link for link in links if link[0] in ("internal", "external")]
        if len(annots) != len(links):
            raise ValueError(f"page {number}: {len(annots)} link annotations but {len(links)} links laid out")
        for annot, (_, target, text) in zip(annots, links):
            if _target(annot) != target:
                raise ValueError(f"page {number}: an annotation to {_target(annot)!r} "
                                 f"where a link to {target!r} was laid out")
            if text:
                annot.Contents = pikepdf.String(text)
                report.contents += 1


def _write_parent_tree(pdf: pikepdf.Pdf, elements: list, pages: dict) -> None:
    by_page: dict[int, dict[int, object]] = {}
    by_annot: dict[int, object] = {}
    for element, _, children in elements:
        for kid in children:
            if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                if "/StructParent" in kid.Obj:
                    by_annot[int(kid.Obj.StructParent)] = element
            elif (where := _marked_content_id(kid, element, pages)) is not None:
                by_page.setdefault(where[0], {})[where[1]] = element
    nums, keys = [], []
    for index, page in enumerate(pdf.pages):
        if "/StructParents" not in page:
            continue
        mapping = by_page.get(index, {})
        keys.append(int(page.StructParents))
        nums += [keys[-1], Array([mapping.get(m) for m in range(max(mapping, default=-1) + 1)])]
    for key in sorted(by_annot):
        nums += [key, by_annot[key]]
    root = pdf.Root.StructTreeRoot
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = max([*keys, *by_annot, -1]) + 1


def _tree(pdf: pikepdf.Pdf) -> list:
    return [pair for top in kids(pdf.Root.StructTreeRoot) if is_element(top) for pair in _walk(top)]


def tidy(path: Path, link_texts: list[list[LinkText]] | None = None) -> Report:
    """Mend the tagged PDF at ``path`` in place; ``link_texts`` per page, as build_pdf gathers them."""
    report = Report()
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        elements = _tree(pdf)
        owned = {where for element, _, children in elements for kid in children
                 if (where := _marked_content_id(kid, element, pages)) is not None}
        _artifact_unowned(pdf, owned, report)
        if link_texts is not None:
            _set_contents(pdf, link_texts, report)
        _mend_links(pdf, elements, report)
        _mend_lists(pdf, elements, report)
        for top in kids(pdf.Root.StructTreeRoot):
            _prune(top, report)
        elements = _tree(pdf)
        _write_parent_tree(pdf, elements, pages)
        report.counts = Counter(str(element.S)[1:] for element, _, _ in elements)
        pdf.save(path, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return report
