"""Check tagged PDFs against the machine-checkable PDF/UA-1 rules that matter here.

The failure conditions of the Matterhorn protocol (the PDF Association's list
of PDF/UA-1 checks) that a program can decide and that our PDFs could break.
veraPDF checks them all, but needs Java; this reads each PDF with pikepdf.

* document: a language (/Lang), a title (dc:title in the XMP metadata) that
  the viewer shows (/DisplayDocTitle), the PDF/UA identifier, /MarkInfo
  /Marked and a structure tree (Matterhorn 06, 07, 11, 01);
* content: every marked-content item (MCID) on every page has a structure
  parent through the parent tree, and that parent is reachable from the
  document's root; nothing is drawn outside a tag or an artifact, and no tag
  sits inside an artifact (01);
* headings start at H1 and skip no level (14);
* every Figure has alternate text (/Alt or /ActualText) (13);
* every link annotation's /StructParent leads to a Link element, and the
  annotation has /Contents; every other annotation is in the tree (28);
* lists: L holds LI (and a Caption), LI holds only Lbl and LBody;
* tables have header cells (TH) (15);
* pages with annotations have the tab order /Tabs /S (28);
* fonts are embedded and map their codes to Unicode (31).

It knows nothing of the handbook: any tagged PDF can be checked. Each problem
is one line, ``file.pdf:page N: what is wrong`` (``file.pdf:document: ...``
for the whole file); the exit status is 1 if there was any.
Usage: ``python -m tools.checks.check_pdfua build/pdf/*.pdf build/handout/*.pdf``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

HEADINGS = {f"/H{n}": n for n in range(1, 7)}
PAINTING = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do", "INLINE IMAGE"}
STANDARD_ENCODINGS = {"/WinAnsiEncoding", "/MacRomanEncoding", "/MacExpertEncoding", "/StandardEncoding"}


def _kids(element) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def _is_element(obj) -> bool:
    return isinstance(obj, Dictionary) and "/S" in obj and obj.get("/Type") not in (Name.MCR, Name.OBJR)


def _tag(element) -> str:
    return str(element.get("/S", "?")).lstrip("/")


class Tree:
    """The structure tree as reached from the root: elements in reading order,
    the marked content and the annotations they own."""

    def __init__(self, pdf: pikepdf.Pdf, pages: dict):
        self.elements: list[tuple[Dictionary, int | None]] = []  # (element, page index)
        self.owned: dict[tuple[int, int], Dictionary] = {}        # (page index, MCID) -> element
        self.objrs: dict[tuple[int, int], Dictionary] = {}        # annotation objgen -> element
        seen: set = set()
        root = pdf.Root.StructTreeRoot
        stack = [(kid, None) for kid in reversed(_kids(root)) if _is_element(kid)]
        while stack:
            element, page = stack.pop()
            if element.is_indirect:
                if element.objgen in seen:
                    continue
                seen.add(element.objgen)
            if "/Pg" in element and element.Pg.objgen in pages:
                page = pages[element.Pg.objgen]
            self.elements.append((element, page))
            for kid in _kids(element):
                if isinstance(kid, int) and page is not None:
                    self.owned[page, kid] = element
                elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                    mcr_page = pages.get(kid.Pg.objgen) if "/Pg" in kid else page
                    if mcr_page is not None:
                        self.owned[mcr_page, int(kid.MCID)] = element
                elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR and "/Obj" in kid:
                    self.objrs[kid.Obj.objgen] = element
            stack.extend((kid, page) for kid in reversed(_kids(element)) if _is_element(kid))
        self.reachable = {e.objgen for e, _ in self.elements if e.is_indirect}

    def contains(self, element) -> bool:
        return element is not None and element.is_indirect and element.objgen in self.reachable


def _document(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    root = pdf.Root
    if not str(root.get("/Lang", "")).strip():
        problems.append("no document language (/Lang in the catalog)")
    try:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            title, ua = meta.get("dc:title"), meta.get("pdfuaid:part")
    except Exception as error:  # a broken XMP packet is a problem to report, not a crash
        title = ua = None
        problems.append(f"the XMP metadata cannot be read ({error})")
    if not (title or "").strip():
        problems.append("no title (dc:title) in the XMP metadata")
    if not ua:
        problems.append("no PDF/UA identifier (pdfuaid:part) in the XMP metadata")
    if root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
        problems.append("the viewer shows the file name, not the title (/DisplayDocTitle is not true)")
    if root.get("/MarkInfo", {}).get("/Marked") is not True:
        problems.append("not marked as tagged (/MarkInfo /Marked is not true)")
    if "/StructTreeRoot" not in root:
        problems.append("no structure tree (/StructTreeRoot): the PDF is not tagged")
    return problems


def _properties(page, operand):
    """A BDC's property list: inline, or named in the page's /Properties."""
    if isinstance(operand, Dictionary):
        return operand
    if isinstance(operand, Name):
        return page.get("/Resources", {}).get("/Properties", {}).get(operand)
    return None


def _content(page, index: int, tree: Tree | None, parents: pikepdf.NumberTree | None) -> list[str]:
    """Marked content on one page: owned by the tree, or an artifact; nothing untagged."""
    problems, untagged = [], 0
    stack: list[tuple[str, int | None]] = []
    key = page.obj.get("/StructParents")
    page_parents = parents.get(int(key)) if parents is not None and key is not None else None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BMC":
            stack.append((str(operands[0]), None))
        elif op == "BDC":
            properties = _properties(page, operands[1]) if len(operands) > 1 else None
            mcid = properties.get("/MCID") if properties is not None else None
            tag = str(operands[0])
            stack.append((tag, None if mcid is None else int(mcid)))
            if mcid is None or tree is None:
                continue
            mcid = int(mcid)
            if any(t == "/Artifact" for t, _ in stack[:-1]):
                problems.append(f"marked content {mcid} ({tag[1:]}) is inside an artifact")
            if tag == "/Artifact":
                continue
            owner = tree.owned.get((index, mcid))
            parent = (page_parents[mcid] if isinstance(page_parents, Array) and mcid < len(page_parents)
                      else None)
            if owner is None:
                problems.append(f"marked content {mcid} ({tag[1:]}) is not in the structure tree; "
                                "running content such as a footer must be an artifact")
            elif key is None:
                problems.append(f"marked content {mcid} ({tag[1:]}): the page has no /StructParents")
            elif not isinstance(parent, Dictionary) or not tree.contains(parent):
                problems.append(f"marked content {mcid} ({tag[1:]}) has no structure parent in the parent tree")
            elif parent.objgen != owner.objgen:
                problems.append(f"marked content {mcid} ({tag[1:]}): the parent tree names another element "
                                "than the one that holds it")
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op in PAINTING and not any(t == "/Artifact" or m is not None for t, m in stack):
            untagged += 1
    if untagged:
        problems.append(f"{untagged} drawing operations are neither tagged content nor an artifact")
    return problems


def _annotations(page, tree: Tree | None, parents: pikepdf.NumberTree | None) -> list[str]:
    problems = []
    annots = [a for a in page.get("/Annots", []) if isinstance(a, Dictionary)]
    if annots and page.obj.get("/Tabs") != Name.S:
        problems.append("has annotations but no structure tab order (/Tabs /S)")
    for annot in annots:
        kind = str(annot.get("/Subtype", "/?"))[1:]
        if kind == "Popup":
            continue
        target = annot.get("/Dest") or annot.get("/A", {}).get("/URI") or ""
        name = f"{kind} annotation" + (f" to '{target}'" if target else "")
        if kind == "Link" and not str(annot.get("/Contents", "")).strip():
            problems.append(f"{name} has no /Contents (what the link is)")
        if tree is None:
            continue
        key = annot.get("/StructParent")
        parent = parents.get(int(key)) if key is not None and parents is not None else None
        if key is None or not isinstance(parent, Dictionary) or not tree.contains(parent):
            problems.append(f"{name} is not in the structure tree (no /StructParent leading to an element)")
        elif kind == "Link" and parent.get("/S") != Name.Link:
            problems.append(f"{name} is in a {_tag(parent)} element, not directly in a Link")
        elif tree.objrs.get(annot.objgen) is None:
            problems.append(f"{name}: its element does not hold it (no /OBJR)")
    return problems


def _structure(tree: Tree) -> list[tuple[int | None, str]]:
    problems = []
    previous = 0
    for element, page in tree.elements:
        tag = str(element.S)
        kids = [k for k in _kids(element) if _is_element(k)]
        if tag in HEADINGS:
            level = HEADINGS[tag]
            if previous == 0 and level != 1:
                problems.append((page, f"the first heading is {tag[1:]}, not H1"))
            elif level > previous + 1 and previous:
                problems.append((page, f"heading {tag[1:]} follows H{previous}: a level is skipped"))
            previous = level
        elif tag == "/Figure":
            if not any(str(element.get(key, "")).strip() for key in ("/Alt", "/ActualText")):
                problems.append((page, "a Figure has no alternate text (/Alt)"))
        elif tag == "/L":
            for i, kid in enumerate(_kids(element)):
                if not (_is_element(kid) and (kid.S == Name.LI or (kid.S == Name.Caption and i == 0))):
                    what = _tag(kid) if _is_element(kid) else "content"
                    problems.append((page, f"a list (L) holds {what}, not a list item (LI)"))
        elif tag == "/LI":
            for kid in _kids(element):
                if not (_is_element(kid) and kid.S in (Name.Lbl, Name.LBody)):
                    what = _tag(kid) if _is_element(kid) else "content"
                    problems.append((page, f"a list item (LI) holds {what}; only Lbl and LBody belong there"))
        elif tag == "/Table":
            cells, stack = [], list(kids)
            while stack:
                kid = stack.pop()
                cells.append(kid.S)
                stack.extend(k for k in _kids(kid) if _is_element(k) and kid.S != Name.Table)
            if Name.TH not in cells:
                problems.append((page, "a table has no header cells (TH)"))
    return problems


def _fonts(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """Each font once, on the first page that uses it: embedded, and mapped to Unicode."""
    problems, seen = [], set()

    def fonts_of(resources, depth=0):
        for font in (resources.get("/Font") or {}).values():
            yield font
        for xobject in (resources.get("/XObject") or {}).values():
            if depth < 8 and xobject.get("/Subtype") == Name.Form and "/Resources" in xobject:
                yield from fonts_of(xobject.Resources, depth + 1)

    for number, page in enumerate(pdf.pages, start=1):
        for font in fonts_of(page.obj.get("/Resources", Dictionary())):
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            name = str(font.get("/BaseFont", "(unnamed)")).lstrip("/")
            kind = font.get("/Subtype")
            if kind == Name.Type3:
                continue
            described = font.get("/DescendantFonts", [font])[0] if kind == Name.Type0 else font
            descriptor = described.get("/FontDescriptor") or {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append((number, f"font {name} is not embedded"))
            encoding = font.get("/Encoding")
            named = isinstance(encoding, Name) and str(encoding) in STANDARD_ENCODINGS and kind != Name.Type0
            if "/ToUnicode" not in font and not named:
                problems.append((number, f"font {name} has no ToUnicode map (its text cannot be read aloud)"))
    return problems


def check_pdfua(path: Path) -> list[str]:
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as error:
        return [f"{path}:document: cannot be read ({error})"]
    with pdf:
        problems = [f"{path}:document: {p}" for p in _document(pdf)]
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        tree = parents = None
        if "/StructTreeRoot" in pdf.Root:
            tree = Tree(pdf, pages)
            if "/ParentTree" in pdf.Root.StructTreeRoot:
                parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
            else:
                problems.append(f"{path}:document: the structure tree has no parent tree")
        by_page: dict[int | None, list[str]] = {}
        for index, page in enumerate(pdf.pages):
            by_page[index] = _content(page, index, tree, parents) + _annotations(page, tree, parents)
        for index, problem in _structure(tree) if tree is not None else []:
            by_page.setdefault(index, []).append(problem)
        for number, problem in _fonts(pdf):
            by_page[number - 1].append(problem)
        for index in sorted(by_page, key=lambda i: -1 if i is None else i):
            where = "document" if index is None else f"page {index + 1}"
            problems += [f"{path}:{where}: {problem}" for problem in by_page[index]]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", type=Path, nargs="+", metavar="PDF")
    args = parser.parse_args(argv)
    problems = []
    for pdf in args.pdfs:
        if not pdf.is_file():
            problems.append(f"{pdf}: no such PDF; build it first (make pdf)")
            continue
        problems += check_pdfua(pdf)
    for problem in problems:
        print(problem)
    print(f"check_pdfua: {len(args.pdfs)} PDFs, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
