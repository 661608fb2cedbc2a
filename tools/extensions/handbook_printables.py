"""Printables: parts of a page that also print on one page of their own.

``{printable} NAME`` wraps part of a page, with a ``:title:``. The part is
shown on the site and printed in the handbook's PDF like the rest of the
page, and tools/pdf/build_pdf.py also prints it alone, as
``build/pdf/NAME-<edition>-<paper>.pdf``, one page on each paper size (a
printable that runs onto a second page fails the build). Its words are the
page's own, so a warning sign or a diary is written once:

``:emergency: AREA ...``
    the conditions (keys of docs/conditions.toml) whose "call 999" boxes it
    must show; handbook_red_flags fails the build where one is missing.
``:class:``
    more classes, such as ``hb-diary-page`` for the diary's landscape page.

``{exercise-diary}`` is the two-week exercise and pain diary with blank rows,
filled from the template a programme's handout fills too (tools/pdf/diary.py).

``{printable-links} NAME`` links the site's readers to a printable's PDFs,
one per paper size, with ``:text:`` before them ("Print this card"); the
print build leaves it out (``make html`` fails on a link to a PDF that the
last ``make pdf`` did not make). Every printable's name is kept on the
environment (``env.handbook_printables``) for the offline cache.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from handbook_editions import PAPER_NAMES
from handbook_programme import TEMPLATE
from tools.exercises.conditions import read_conditions
from tools.pdf.build_pdf import PAPERS, pdf_name
from tools.pdf.diary import diary

__version__ = "1.0"
logger = logging.getLogger(__name__)

DIARY_STYLE = "css/hb-diary.css"
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def printables(env: BuildEnvironment) -> dict[str, str]:
    """{printable name: the page it is on}."""
    if not hasattr(env, "handbook_printables"):
        env.handbook_printables = {}
    return env.handbook_printables


def diary_docs(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "handbook_diary_docs"):
        env.handbook_diary_docs = set()
    return env.handbook_diary_docs


class PrintableDirective(SphinxDirective):
    required_arguments = 1
    has_content = True
    option_spec = {"title": directives.unchanged_required, "emergency": directives.unchanged,
                   "class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        where = self.get_location()
        if not NAME.fullmatch(name):
            logger.warning("printable %r: a name is lower-case words joined by '-', as it names the PDF file",
                           name, location=where, type="handbook", subtype="printable")
        elif printables(self.env).get(name, self.env.docname) != self.env.docname:
            logger.warning("printable %r is already on the page %s: give this one another name", name,
                           printables(self.env)[name], location=where, type="handbook", subtype="printable")
        printables(self.env)[name] = self.env.docname
        areas = self.options.get("emergency", "").split()
        unknown = [area for area in areas if area not in read_conditions()]
        if unknown:
            logger.warning("printable %r: no condition %s in docs/conditions.toml (it has %s)", name,
                           ", ".join(unknown), ", ".join(read_conditions()), location=where,
                           type="handbook", subtype="printable")
        node = nodes.container(classes=["hb-printable", *self.options.get("class", [])],
                               ids=[f"hb-printable-{name}"])
        node["hb_emergency"] = [area for area in areas if area not in unknown]
        self.set_source_info(node)
        title = self.options.get("title", "")
        if title:
            node += nodes.rubric(title, title, classes=["hb-printable-title"])
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class DiaryDirective(SphinxDirective):
    """The diary with blank rows, as raw HTML from the handout's template."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(TEMPLATE))
        diary_docs(self.env).add(self.env.docname)
        templates = BeautifulSoup(TEMPLATE.read_text(encoding="utf-8"), "html.parser")
        return [nodes.raw("", str(diary(templates)), format="html")]


class LinksDirective(SphinxDirective):
    """"Print this card: A4 paper (PDF) or US Letter paper (PDF)", on the site only."""

    required_arguments = 1
    option_spec = {"text": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        if self.config.handbook_print:
            return []
        depth = "../" * self.env.docname.count("/")
        paragraph = nodes.paragraph(classes=["hb-printable-links"])
        paragraph += nodes.strong("", self.options.get("text", "Print it") + ": ")
        for number, paper in enumerate(PAPERS):
            if number:
                paragraph += nodes.Text(" or ")
            uri = f"{depth}pdf/{pdf_name(self.config.release, paper, self.arguments[0])}"
            paragraph += nodes.reference("", f"{PAPER_NAMES[paper]} (PDF)", refuri=uri)
        return [paragraph]


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if pagename in diary_docs(app.env):
        app.add_css_file(DIARY_STYLE)


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    for name in [n for n, doc in printables(env).items() if doc == docname]:
        del printables(env)[name]
    diary_docs(env).discard(docname)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    printables(env).update({n: doc for n, doc in printables(other).items() if doc in docnames})
    diary_docs(env).update(diary_docs(other) & docnames)


def setup(app: Sphinx) -> dict:
    app.setup_extension("handbook_print")  # for its handbook_print setting
    app.add_directive("printable", PrintableDirective)
    app.add_directive("exercise-diary", DiaryDirective)
    app.add_directive("printable-links", LinksDirective)
    app.connect("html-page-context", add_assets)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    # Parallel-safe: the printables and diary pages are purged and merged per page.
    return {"version": __version__, "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
