"""Finders built from the exercise directives: nothing here is kept by hand.

``exercise-index``
    every exercise, grouped by condition (``:group-by: area``), by type
    (``type``) or by position (``position``). Each entry carries the classes
    ``hb-area-*``, ``hb-type-*`` and ``hb-position-*``, which the site's filter
    (``_static/js/hb-exercise-filter.js``) reads; without JavaScript the full
    index shows.
``exercise-list``
    the exercises for one condition (``:area: sciatica``), for a condition page.
    It leaves out exercises only a physiotherapist can start you on (passive
    range of motion): it is a list of exercises to start with on your own.

Both list the gentlest exercises first (by ``:level:``, then by name), those
to do only with a trained helper last.

Both leave a placeholder node when the page is read and are filled in from
``env.handbook_exercises`` just before references are resolved, so their
links are ordinary ``std:ref`` cross-references to each exercise's label
(which also works on the single print page). As a finder is filled in when
its page is written, its page is written again (not read again) whenever
what the finders show of the exercises differs from what they were last
written from, so a deleted or changed exercise reaches every finder on an
incremental build, and a change to a page without exercises rewrites no
finder.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from handbook_exercise import LEVELS, SUPERVISED_TYPES, Exercise, exercises, gentlest_first

__version__ = "1.0"
ENV_VERSION = 1
FILTER_JS = "js/hb-exercise-filter.js"
STATE = "handbook-finders.json"  # beside the doctrees: the exercises the finders were last written from
GROUPS = {"area": "handbook_exercise_areas", "type": "handbook_exercise_types",
          "position": "handbook_exercise_positions"}

logger = logging.getLogger(__name__)


class exercise_finder(nodes.General, nodes.Element):
    """Placeholder for a finder, replaced by FillFinders."""


def finder_docs(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "handbook_exercise_finders"):
        env.handbook_exercise_finders = set()
    return env.handbook_exercise_finders


class ExerciseIndexDirective(SphinxDirective):
    option_spec = {"group-by": lambda v: directives.choice(v, tuple(GROUPS))}

    def run(self) -> list[nodes.Node]:
        finder_docs(self.env).add(self.env.docname)
        node = exercise_finder(kind="index", group_by=self.options.get("group-by", "area"))
        self.set_source_info(node)
        return [node]


class ExerciseListDirective(SphinxDirective):
    option_spec = {"area": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        area = (self.options.get("area") or "").strip()
        if area not in self.config.handbook_exercise_areas:
            logger.warning("exercise-list: :area: %r is unknown; use one of %s", area,
                           ", ".join(self.config.handbook_exercise_areas),
                           location=self.get_location(), type="handbook", subtype="exercise")
            return []
        finder_docs(self.env).add(self.env.docname)
        node = exercise_finder(kind="list", area=area)
        self.set_source_info(node)
        return [node]


def _link(exercise: Exercise) -> addnodes.pending_xref:
    ref = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=exercise.label,
                                refexplicit=True, refwarn=True)
    ref += nodes.inline(exercise.title, exercise.title)
    return ref


class FillFinders(SphinxPostTransform):
    """Replace each placeholder with lists built from env.handbook_exercises."""

    default_priority = 5  # before the references resolver (10) resolves our links

    def run(self, **kwargs: Any) -> None:
        ordered = sorted(exercises(self.env).values(), key=gentlest_first)  # as on the exercise pages
        for node in list(self.document.findall(exercise_finder)):
            if node["kind"] == "index":
                node.replace_self(self._index(ordered, node["group_by"]))
            else:
                chosen = [e for e in ordered
                          if node["area"] in e.areas and e.type not in SUPERVISED_TYPES]
                node.replace_self(self._list(chosen, "hb-exercise-list", brief=True))

    def _index(self, ordered: list[Exercise], group_by: str) -> nodes.container:
        names = getattr(self.config, GROUPS[group_by])
        index = nodes.container(classes=["hb-exercise-index", f"hb-group-by-{group_by}"])
        for key, name in names.items():
            chosen = [e for e in ordered if key in _values(e, group_by)]
            if chosen:
                group = nodes.container(classes=["hb-exercise-group", f"hb-group-{group_by}-{key}"])
                group += nodes.rubric(name, name)
                group += self._list(chosen, "hb-exercise-entries", brief=False)
                index += group
        return index

    def _list(self, chosen: list[Exercise], cls: str, brief: bool) -> nodes.Node:
        if not chosen:
            return nodes.paragraph("", "No exercises yet.", classes=[cls])
        items = nodes.bullet_list(classes=[cls])
        for e in chosen:
            classes = ["hb-exercise-entry", f"hb-type-{e.type}", f"hb-position-{e.position}",
                       *(f"hb-area-{a}" for a in e.areas)]
            para = nodes.paragraph("", "", _link(e), nodes.Text(f": {e.purpose}"))
            if not brief:
                meta = (f" ({LEVELS[str(e.level)].lower()}, "
                        f"{self.config.handbook_exercise_types[e.type].lower()}, "
                        f"{self.config.handbook_exercise_positions[e.position].lower()})")
                para += nodes.inline(meta, meta, classes=["hb-exercise-meta"])
            items += nodes.list_item("", para, classes=classes)
        return items


def _values(e: Exercise, group_by: str) -> tuple[str, ...]:
    return e.areas if group_by == "area" else (getattr(e, group_by),)


def purge_finders(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    finder_docs(env).discard(docname)


def merge_finders(app: Sphinx, env: BuildEnvironment, docnames: set[str],
                  other: BuildEnvironment) -> None:
    finder_docs(env).update(finder_docs(other) & docnames)


def _fingerprint(env: BuildEnvironment) -> str:
    """What the finders show of each exercise, as a hash."""
    shown = sorted((e.label, e.docname, e.title, e.purpose, e.areas, e.type, e.position, e.level)
                   for e in exercises(env).values())
    return hashlib.sha256(repr(shown).encode()).hexdigest()


def state_file(app: Sphinx) -> Path:
    return Path(app.doctreedir) / STATE


def rewrite_finders(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Once every page is read: the pages with a finder, unless the exercises
    are those the finders were last written from (STATE, kept when a build
    finishes, so a build that stops half-way writes them all next time)."""
    try:
        written_from = json.loads(state_file(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        written_from = None
    return [] if written_from == _fingerprint(env) else sorted(finder_docs(env))


def note_finders_written(app: Sphinx, exception: Exception | None) -> None:
    if exception is None:
        state_file(app).write_text(json.dumps(_fingerprint(app.env)), encoding="utf-8")


def add_filter_script(app: Sphinx, pagename: str, templatename: str, context: dict,
                      doctree: nodes.document | None) -> None:
    if doctree is not None and pagename in finder_docs(app.env) and not app.tags.has("print"):
        if any(n.get("classes") and "hb-exercise-index" in n["classes"]
               for n in doctree.findall(nodes.container)):
            app.add_js_file(FILTER_JS, loading_method="defer")


def setup(app: Sphinx) -> dict:
    app.setup_extension("handbook_exercise")
    app.add_node(exercise_finder)
    app.add_directive("exercise-index", ExerciseIndexDirective)
    app.add_directive("exercise-list", ExerciseListDirective)
    app.add_post_transform(FillFinders)
    app.connect("env-purge-doc", purge_finders)
    app.connect("env-merge-info", merge_finders)
    app.connect("env-get-updated", rewrite_finders)
    app.connect("build-finished", note_finders_written)
    app.connect("html-page-context", add_filter_script)
    # Parallel-safe: the pages with finders are purged and merged above; the
    # exercise data is handbook_exercise's, which does the same.
    return {"version": __version__, "env_version": ENV_VERSION,
            "parallel_read_safe": True, "parallel_write_safe": True}
