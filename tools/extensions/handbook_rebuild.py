"""A page that raised a warning is built again next time, until it builds clean.

Sphinx reads a page again only when its source changed, so after a failed
build an unchanged rerun raises none of that page's warnings and "succeeds":
``make html`` would then publish the broken site. This extension notes every
page a warning (of any kind: a handbook rule, an unknown reference...) names,
keeps that list beside the doctrees (``handbook-unclean.json``), and marks
those pages out of date on the next build, so their warnings come back until
they are fixed.
"""

from __future__ import annotations

import json
import logging as std_logging
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

__version__ = "1.0"
STATE = "handbook-unclean.json"


class _Unclean(std_logging.Handler):
    """Collects the page named by each warning, whatever form its location takes."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(std_logging.WARNING)
        self.app = app
        self.docnames: set[str] = set()

    def emit(self, record: std_logging.LogRecord) -> None:
        if (docname := self.docname_of(getattr(record, "location", None))):
            self.docnames.add(docname)

    def docname_of(self, location: object) -> str | None:
        env = self.app.env
        if isinstance(location, tuple) and location:
            location = location[0]
        if isinstance(location, nodes.Node):
            location = location.source or (location.document and location.document.get("source"))
        if not isinstance(location, str) or not location:
            return None
        if location in env.found_docs:
            return location
        path = location.rsplit(":", 1)[0] if location.rsplit(":", 1)[-1].isdigit() else location
        path = path.split(":", 1)[0] if ":" in path and not Path(path).exists() else path
        docname = env.path2doc(path)
        return docname if docname in env.found_docs else None


def state_file(app: Sphinx) -> Path:
    return Path(app.doctreedir) / STATE


def start(app: Sphinx) -> None:
    app.handbook_unclean = handler = _Unclean(app)
    app.handbook_read = set()
    std_logging.getLogger("sphinx").addHandler(handler)


def still_unclean(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                  removed: set[str]) -> list[str]:
    try:
        previous = set(json.loads(state_file(app).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return []
    return sorted((previous & env.found_docs) - added - changed - removed)


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    app.handbook_read.update(docnames)


def finish(app: Sphinx, exception: Exception | None) -> None:
    handler: _Unclean = app.handbook_unclean
    std_logging.getLogger("sphinx").removeHandler(handler)
    try:
        previous = set(json.loads(state_file(app).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        previous = set()
    unclean = (previous - app.handbook_read) | handler.docnames
    if exception is not None:
        unclean |= app.handbook_read  # nothing read in a build that crashed counts as clean
    unclean &= set(app.env.found_docs)
    path = state_file(app)
    if unclean:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(sorted(unclean)), encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", start)
    app.connect("env-get-outdated", still_unclean)
    app.connect("env-before-read-docs", note_read, priority=900)
    app.connect("build-finished", finish)
    # The list lives in a file the main process writes once, at the end.
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
