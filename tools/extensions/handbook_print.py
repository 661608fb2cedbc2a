"""Shape the single-page print build (``-t print``) that WeasyPrint turns into PDFs.

* ``only`` blocks whose condition is false are dropped as soon as a page is
  read, so a toctree inside ``{only} not print`` (the contributor guide) leaves
  no trace in the print contents list. Sphinx itself removes ``only`` blocks
  only when writing, after the global contents list has been collected.
* On the single page, anchors made per page (``id1``, ``term-...``) can clash,
  and a link to an anchor on another page comes out as
  ``#document-page#anchor``, which no browser or PDF can follow (glossary
  terms and citations do this in Sphinx 9). Clashing anchors are renamed
  ``page--anchor`` and every link is pointed at a single anchor.
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


def drop_false_only_nodes(app: Sphinx, doctree: nodes.document) -> None:
    for node in list(doctree.findall(addnodes.only)):
        if not app.tags.eval_condition(node["expr"]):
            node.parent.remove(node)


class FixSinglePageAnchors(SphinxPostTransform):
    """Make every anchor on the single page unique, and every link point at one."""

    default_priority = 400
    builders = ("singlehtml",)

    def run(self, **kwargs) -> None:
        owner = self._owning_documents()
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

    def _owning_documents(self) -> dict[nodes.Element, str]:
        """Map every element to the page it came from (pages arrive as start_of_file)."""
        owner: dict[nodes.Element, str] = {}

        def walk(node: nodes.Element, docname: str) -> None:
            for child in node.children:
                if isinstance(child, nodes.Element):
                    child_doc = child["docname"] if isinstance(child, addnodes.start_of_file) else docname
                    owner[child] = child_doc
                    walk(child, child_doc)

        walk(self.document, self.config.root_doc)
        return owner


class MarkPrintableURLs(SphinxPostTransform):
    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs) -> None:
        if not self.app.tags.has("print"):
            return
        for ref in self.document.findall(nodes.reference):
            uri = ref.get("refuri", "")
            if "://" in uri and ref.astext().strip() not in (uri, uri.rstrip("/")):
                ref["classes"].append("hb-print-url")


def setup(app: Sphinx) -> dict:
    # Before the toctree collector (priority 500) records what each page includes.
    app.connect("doctree-read", drop_false_only_nodes, priority=400)
    app.add_post_transform(FixSinglePageAnchors)
    app.add_post_transform(MarkPrintableURLs)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
