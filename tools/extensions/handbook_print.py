"""Shape the single-page print build that WeasyPrint turns into the PDFs
(see tools/pdf/build_pdf.py). It acts when ``handbook_print`` is true, which
conf.py sets for ``-b singlehtml -t print``.

* On the single page, anchors made per page (``id1``, ``term-...``) can clash,
  and a link to an anchor on another page comes out as
  ``#document-page#anchor``, which neither browsers nor WeasyPrint can follow
  (glossary terms and citations do this in Sphinx 9). Clashing anchors are
  renamed ``page--anchor`` and every link is pointed at a single anchor.
* A contents list of chapters, their sections and the exercises of the
  library's pages is built from the assembled page, as a standard ``topic``,
  in document order and nested as the PDF's bookmarks are, so it holds
  exactly what is printed (no page left out by ``{only} not print``) and the
  print stylesheet can add page numbers with ``target-counter``.
* External links whose text is not their address get the class
  ``hb-print-url``, so the print stylesheet can print the address after the
  text for readers of paper. Bare addresses are left alone.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

__version__ = "1.0"


def _owning_documents(document: nodes.document, root_doc: str) -> dict[nodes.Element, str]:
    """Map every element to the page it came from (pages arrive as start_of_file)."""
    owner: dict[nodes.Element, str] = {}

    def walk(node: nodes.Element, docname: str) -> None:
        for child in node.children:
            if isinstance(child, nodes.Element):
                child_doc = child["docname"] if isinstance(child, addnodes.start_of_file) else docname
                owner[child] = child_doc
                walk(child, child_doc)

    walk(document, root_doc)
    return owner


class FixSinglePageAnchors(SphinxPostTransform):
    """Make every anchor on the single page unique, and every link point at one."""

    default_priority = 400
    builders = ("singlehtml",)

    def run(self, **kwargs) -> None:
        owner = _owning_documents(self.document, self.config.root_doc)
        seen: dict[str, int] = {}
        for node in owner:
            for node_id in node["ids"]:
                seen[node_id] = seen.get(node_id, 0) + 1
        renamed: dict[tuple[str, str], str] = {}
        for node, docname in owner.items():
            for i, node_id in enumerate(node["ids"]):
                if seen[node_id] > 1 and not node_id.startswith("document-"):
                    new_id = f"{docname.replace('/', '-')}--{node_id}"
                    renamed[docname, node_id] = node["ids"][i] = new_id
        for ref, docname in owner.items():
            if not isinstance(ref, nodes.reference):
                continue
            uri = ref.get("refuri", "")
            if uri.startswith("#document-") and "#" in uri[1:]:
                target_doc, anchor = uri[len("#document-"):].split("#", 1)
                ref["refuri"] = "#" + renamed.get((target_doc, anchor), anchor)
            elif "refid" in ref:
                ref["refid"] = renamed.get((docname, ref["refid"]), ref["refid"])


class PrintContents(SphinxPostTransform):
    """Put a contents list at the top of the page: the chapters, their sections and,
    under each page of the exercise library, its exercises, in the order and
    nesting of the PDF's bookmarks (print.css: h2 level 1, h3 level 2, an
    exercise's name level 3)."""

    default_priority = 410  # after FixSinglePageAnchors: it links to final ids
    builders = ("singlehtml",)

    def run(self, **kwargs) -> None:
        if not self.config.handbook_print:
            return
        chapters = nodes.bullet_list()
        for depth, section in _sections(self.document):
            if depth == 1:  # a chapter (the book's title is depth 0)
                chapters += self._entry(section, "hb-toc-chapter")
            elif depth == 2 and chapters.children:
                _sublist(chapters[-1]).append(self._entry(section, "hb-toc-section"))
            elif depth > 2 and "hb-exercise" in section["classes"] and chapters.children:
                sections = _sublist(chapters[-1])
                if sections.children:
                    _sublist(sections[-1]).append(self._entry(section, "hb-toc-exercise"))
        if chapters.children:
            topic = nodes.topic("", nodes.title("", "Contents"), chapters, classes=["hb-toc"])
            self.document.insert(0, topic)

    @staticmethod
    def _entry(section: nodes.section, cls: str) -> nodes.list_item:
        """An entry linking to the section's heading, which gets an id of its own
        (hb-toc-SECTION): a section can begin at the foot of a page whose heading
        is pushed overleaf, and its page number must be the heading's."""
        title = section.next_node(nodes.title)
        anchor = f"hb-toc-{section['ids'][0]}"
        if anchor not in title["ids"]:
            title["ids"].append(anchor)
        ref = nodes.reference("", "", *title.deepcopy().children, refid=anchor, internal=True)
        return nodes.list_item("", nodes.paragraph("", "", ref), classes=[cls])


def _sections(node: nodes.Element, depth: int = -1):
    """Every section under ``node`` with its depth, in document order.

    Walks down from the top: the single page's included pages are grafted in
    without their parents being set, so walking up from a section does not work."""
    for child in node.children:
        if isinstance(child, nodes.section):
            yield depth + 1, child
            yield from _sections(child, depth + 1)
        elif isinstance(child, nodes.Element):
            yield from _sections(child, depth)


def _sublist(item: nodes.list_item) -> nodes.bullet_list:
    """The list of entries under a contents entry, made when first needed."""
    if not isinstance(item[-1], nodes.bullet_list):
        item += nodes.bullet_list()
    return item[-1]


class MarkPrintableURLs(SphinxPostTransform):
    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs) -> None:
        if not self.config.handbook_print:
            return
        for ref in self.document.findall(nodes.reference):
            uri = ref.get("refuri", "")
            if "://" in uri and ref.astext().strip() not in (uri, uri.rstrip("/")):
                ref["classes"].append("hb-print-url")


def setup(app: Sphinx) -> dict:
    app.add_config_value("handbook_print", False, "env", types=[bool])
    app.add_post_transform(FixSinglePageAnchors)
    app.add_post_transform(PrintContents)
    app.add_post_transform(MarkPrintableURLs)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
