"""The top of an exercise or condition page: the emergency signs in brief, then the exercises.

A reader in pain on a phone should reach the exercises quickly, without
scrolling past every warning box first, and still see the signs that mean
"call 999" before anything else. Two directives serve that:

``red-flags-summary``
    (``:areas: low-back, sciatica``) one compact box with the "call 999" signs
    of those conditions in a few words, one line each (the ``brief`` of each
    condition in ``docs/conditions.toml``), and a link to the full boxes
    further down the page (``:full: when-to-stop-and-get-help``) and to Get
    help now, which stay the words that count.
``exercise-contents``
    the page's own exercises, gentlest first (those to do only once a
    physiotherapist has shown you, last), each a link to its card.

Both leave a placeholder when the page is read and are filled in before
references are resolved, from the conditions table and
``env.handbook_exercises``. A page with them joins the finders' pages
(``handbook_exercise_index.finder_docs``), which are purged, merged and read
again whenever any page changes, so they stay right on incremental and
parallel builds.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from handbook_exercise import SUPERVISED_TYPES, exercises, gentlest_first
from handbook_exercise_index import finder_docs

__version__ = "1.0"
logger = logging.getLogger(__name__)


class page_top(nodes.General, nodes.Element):
    """Placeholder, replaced by FillPageTop."""


class RedFlagsSummary(SphinxDirective):
    option_spec = {"areas": directives.unchanged_required, "full": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        areas = [a.strip() for a in (self.options.get("areas") or "").split(",") if a.strip()]
        unknown = [a for a in areas if a not in self.config.handbook_conditions]
        if not areas or unknown:
            logger.warning("red-flags-summary: :areas: %r: use one or more of %s", ", ".join(unknown),
                           ", ".join(self.config.handbook_conditions), location=self.get_location(),
                           type="handbook", subtype="red-flags")
            return []
        finder_docs(self.env).add(self.env.docname)
        node = page_top(kind="summary", areas=areas, full=self.options.get("full", ""))
        self.set_source_info(node)
        return [node]


class ExerciseContents(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        finder_docs(self.env).add(self.env.docname)
        node = page_top(kind="contents")
        self.set_source_info(node)
        return [node]


def _doc_link(target: str, text: str) -> addnodes.pending_xref:
    ref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=target, refexplicit=True,
                                refwarn=True)
    ref += nodes.inline(text, text)
    return ref


class FillPageTop(SphinxPostTransform):
    default_priority = 5  # before references are resolved (10)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(page_top)):
            if getattr(self.config, "handbook_print", False):  # paper shows the full boxes in place
                node.parent.remove(node)
                continue
            node.replace_self(self._summary(node) if node["kind"] == "summary" else self._contents(node))

    def _summary(self, node: page_top) -> nodes.Node:
        """The conditions' "call 999" signs in brief, one line each, each said once:
        a line another begins with ("Chest pain", "Chest pain, pressure or
        tightness") is left to the longer one."""
        conditions = self.config.handbook_conditions
        box = nodes.admonition("", classes=["danger", "hb-red-flags-summary"])
        box += nodes.title("", "Call 999 now if you have:")
        signs = nodes.bullet_list()
        lines = list(dict.fromkeys(line for area in node["areas"] for line in conditions[area].brief))
        for sign in [line for line in lines
                     if not any(other != line and other.lower().startswith(line.lower()) for other in lines)]:
            signs += nodes.list_item("", nodes.paragraph("", sign))
        box += signs
        more = nodes.paragraph("", "", classes=["hb-red-flags-summary-more"])
        if node["full"]:
            more += nodes.Text("Every sign: ")
            more += nodes.reference("", "", nodes.Text("below"), refid=node["full"], internal=True)
            more += nodes.Text(", and on ")
        else:
            more += nodes.Text("Every sign: on ")
        more += _doc_link("/get-help-now", "Get help now")
        more += nodes.Text(".")
        box += more
        return box

    def _contents(self, node: page_top) -> nodes.Node:
        docname = self.env.docname
        mine = sorted((e for e in exercises(self.env).values() if e.docname == docname), key=gentlest_first)
        if not mine:
            return nodes.paragraph("", "No exercises on this page.")
        wrapper = nodes.container(classes=["hb-exercise-contents"])
        helped = any(e.type in SUPERVISED_TYPES for e in mine)
        wrapper += nodes.rubric("", "Go to an exercise (gentlest first" + ("; with a helper, last)" if helped else ")"))
        items = nodes.bullet_list(classes=["hb-exercise-contents-list"])
        for e in mine:  # the level is on each card; here only the order says it, to keep the list short
            ref = nodes.reference("", "", nodes.Text(e.title), refid=f"exercise-{e.label}", internal=True)
            items += nodes.list_item("", nodes.paragraph("", "", ref))
        wrapper += items
        return wrapper


def setup(app: Sphinx) -> dict:
    app.setup_extension("handbook_exercise_index")
    app.setup_extension("handbook_red_flags")
    app.add_node(page_top)
    app.add_directive("red-flags-summary", RedFlagsSummary)
    app.add_directive("exercise-contents", ExerciseContents)
    app.add_post_transform(FillPageTop)
    # Parallel-safe: the pages with a page top are the finders' pages, purged,
    # merged and re-read by handbook_exercise_index; the data they show is
    # handbook_exercise's and handbook_red_flags', which purge and merge theirs.
    return {"version": __version__, "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
