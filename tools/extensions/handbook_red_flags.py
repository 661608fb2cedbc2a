"""Red flags on every page where a patient exercises: a missing box fails the build.

The red-flag boxes are written once, in ``docs/_snippets/``, and included on
the pages that need them; ``docs/conditions.toml`` says which boxes belong to
each condition. When a page has been read, this extension checks that it
shows every box of every condition it serves:

* each exercise card on the page, for each area in its ``:areas:``;
* each ``exercise-list`` on the page, for its ``:area:``;
* the condition's own chapter (``chapter`` in the table);
* each printable (``{printable}``, handbook_printables) shows, within itself,
  the "call 999" boxes of the conditions in its ``:emergency:``, so the card
  printed on its own lacks none.

A box is found by its class, ``hb-flags-`` and the snippet's name (see
:func:`tools.exercises.conditions.snippet_class`). Each box is also kept as
plain data (title, urgency, its sentences and its list of signs) on
``env.handbook_red_flag_boxes``, for the programme builder and the handout. A missing box is a warning of type
``handbook`` at the card, list or title that needs it, naming the snippet to
include; the handbook builds with ``-W``, so it fails the site, the print
build and the PDFs alike.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from handbook_exercise_index import exercise_finder
from tools.exercises.conditions import read_conditions, snippet_class

__version__ = "1.0"
logger = logging.getLogger(__name__)


def shown_boxes(doctree: nodes.document) -> set[str]:
    return {cls for node in doctree.findall(nodes.Element) if "hb-red-flags" in node.get("classes", ())
            for cls in node["classes"] if cls.startswith("hb-flags-")}


def needs(app: Sphinx, doctree: nodes.document) -> list[tuple[nodes.Node | tuple[str, int], str, str]]:
    """(where, why, area) for every condition whose boxes this page must show."""
    conditions = app.config.handbook_conditions
    found: list[tuple[nodes.Node | tuple[str, int], str, str]] = []
    title = doctree.next_node(nodes.title)
    where = title if title is not None and title.line else (app.env.docname, 1)
    for key, condition in conditions.items():
        if condition.chapter == app.env.docname:
            found.append((where, f"this page is the chapter on {condition.name}", key))
    for node in doctree.findall(nodes.Element):
        classes = node.get("classes", ())
        if isinstance(node, nodes.section) and "hb-exercise" in classes:
            title = node.next_node(nodes.title).astext()
            for cls in classes:
                area = cls.removeprefix("hb-area-")
                if cls.startswith("hb-area-") and area in conditions:
                    found.append((node, f"the exercise {title!r} is for {conditions[area].name}", area))
        elif isinstance(node, exercise_finder) and node.get("kind") == "list" and node["area"] in conditions:
            found.append((node, f"the list of exercises for {conditions[node['area']].name}", node["area"]))
    return found


def plain(node: nodes.Node) -> str:
    """A node's words without citation keys (a cite role's text is its key until resolved)."""
    words = [t.astext() for t in node.findall(nodes.Text)
             if not any(isinstance(a, addnodes.pending_xref) and a.get("refdomain") == "cite"
                        for a in _ancestors(t))]
    return " ".join("".join(words).split()).replace(" .", ".").replace(" :", ":")


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def box_record(box: nodes.Element) -> dict:
    urgency = "emergency" if "hb-emergency" in box["classes"] else "urgent"
    title = box.next_node(nodes.title)
    record = {"title": title.astext() if title else "", "urgency": urgency, "intro": [], "items": [],
              "outro": []}
    for child in box.children:
        if isinstance(child, nodes.paragraph):
            record["outro" if record["items"] else "intro"].append(plain(child))
        elif isinstance(child, nodes.bullet_list):
            record["items"] += [plain(item) for item in child.children]
    return record


def boxes(env: BuildEnvironment) -> dict[str, tuple[str, dict]]:
    """{snippet: (a page it is on, its record)}."""
    if not hasattr(env, "handbook_red_flag_boxes"):
        env.handbook_red_flag_boxes = {}
    return env.handbook_red_flag_boxes


def keep_boxes(app: Sphinx, doctree: nodes.document) -> None:
    for node in doctree.findall(nodes.Element):
        classes = node.get("classes", ())
        if "hb-red-flags" in classes:
            for cls in classes:
                if cls.startswith("hb-flags-"):
                    boxes(app.env)["red-flags-" + cls.removeprefix("hb-flags-")] = (app.env.docname,
                                                                                     box_record(node))


def purge_boxes(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    for snippet in [s for s, (doc, _) in boxes(env).items() if doc == docname]:
        del boxes(env)[snippet]


def merge_boxes(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    boxes(env).update({s: v for s, v in boxes(other).items() if v[0] in docnames})


def check_red_flags(app: Sphinx, doctree: nodes.document) -> None:
    shown = shown_boxes(doctree)
    reported: set[str] = set()
    for where, why, area in needs(app, doctree):
        for snippet in app.config.handbook_conditions[area].red_flags:
            if snippet_class(snippet) in shown or snippet in reported:
                continue
            reported.add(snippet)
            logger.warning("%s, but the page does not show its red-flag box: include "
                           "_snippets/%s.md", why, snippet, location=where,
                           type="handbook", subtype="red-flags")


def check_printables(app: Sphinx, doctree: nodes.document) -> None:
    conditions = app.config.handbook_conditions
    for node in doctree.findall(nodes.container):
        shown = shown_boxes(node)
        name = node["ids"][0].removeprefix("hb-printable-") if node["ids"] else ""
        for area in node.get("hb_emergency", ()):
            for snippet in conditions[area].emergency:
                if snippet_class(snippet) not in shown:
                    logger.warning("the printable %r is for %s, but it does not show its emergency box: "
                                   "include _snippets/%s.md in it", name, conditions[area].name, snippet,
                                   location=node, type="handbook", subtype="red-flags")
                    shown.add(snippet_class(snippet))


def setup(app: Sphinx) -> dict:
    app.setup_extension("handbook_exercise_index")
    app.add_config_value("handbook_conditions", read_conditions(), "env", dict)
    app.connect("doctree-read", check_red_flags)
    app.connect("doctree-read", check_printables)
    app.connect("doctree-read", keep_boxes)
    app.connect("env-purge-doc", purge_boxes)
    app.connect("env-merge-info", merge_boxes)
    # Parallel-safe: the boxes kept on the environment are purged and merged per page.
    return {"version": __version__, "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
