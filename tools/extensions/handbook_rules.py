"""The handbook's content rules, checked while Sphinx reads each page.

Each page's source is checked against the rules in :mod:`tools.checks.content_rules`
(front matter with a description, the "In short" box, alt text, promise
words, links by title or to ``file://``), and its prose, as Sphinx has read
it, against the reading grade: at most ``handbook_max_grade`` (US grade 8,
Flesch-Kincaid) over the page, and at most ``handbook_max_section_grade``
(10) in any one section long enough to measure, so one dense section fails
even on an easy page. Each problem is a warning of type ``handbook`` with the
file and line, so ``-W`` fails ``make html``, ``make pdf`` and CI alike, and
``make live`` shows it in the terminal and in a banner at the top of the page.

The banner lists every other warning about the page in this build too (an
exercise card left out for a missing field, a link or a glossary term to
nothing, a block left open), so a writer watching the preview sees why a
card is missing or a word is not a link, not only in the terminal.

The red flags, review dates and page encoding have modules of their own
(``handbook_red_flags``, ``handbook_review``, ``handbook_encoding``); rules
that need the whole built site (links between pages) stay in
``tools/checks/check_content.py``.
"""

from __future__ import annotations

import logging as stdlib_logging
import re
from html import escape

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.logging import NAMESPACE, get_node_location
from sphinx.util.matching import Matcher

from tools.checks.content_rules import (
    SENTENCE_END,
    WORD,
    Page,
    check_front_matter,
    check_images,
    check_in_short,
    check_links,
    check_promises,
    reading_grade,
)

__version__ = "1.0"
ENV_VERSION = 1
logger = logging.getLogger(__name__)

SOURCE_RULES = {"front-matter": check_front_matter, "in-short": check_in_short, "alt-text": check_images,
                "promise": check_promises, "link": check_links}
SENTENCE = re.compile(rf"[^.!?]+(?:{SENTENCE_END.pattern}|$)")
MIN_SECTION_WORDS = 60  # fewer words than this make too small a sample for a grade
# Not prose: code, citations and their keys, the review line, the blank plan line.
SKIP_NODES = (nodes.literal_block, nodes.literal, nodes.citation, nodes.comment, nodes.raw,
              nodes.title, nodes.rubric, nodes.field_name, nodes.substitution_definition)
SKIP_CLASSES = {"hb-review", "hb-exercise-plan", "hb-exercise-source", "hb-exercise-evidence",
                "hb-exercise-tags"}


def problems_of(env: BuildEnvironment) -> dict[str, list[tuple[int, str]]]:
    if not hasattr(env, "handbook_problems"):
        env.handbook_problems = {}
    return env.handbook_problems


def _skipped(node: nodes.Node) -> bool:
    for parent in (node, *_ancestors(node)):
        if isinstance(parent, SKIP_NODES):
            return True
        if isinstance(parent, addnodes.pending_xref) and parent.get("refdomain") == "cite":
            return True
        if isinstance(parent, nodes.Element) and SKIP_CLASSES & set(parent.get("classes", ())):
            return True
    return False


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def prose(root: nodes.Element) -> list[tuple[nodes.Element, str]]:
    """The readable blocks under a node, with their text: paragraphs, lines and glossary terms."""
    blocks = []
    for block in root.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.line, nodes.term))):
        if _skipped(block):
            continue
        words = "".join(t.astext() for t in block.findall(nodes.Text) if not _skipped(t))
        if text := " ".join(words.split()):
            blocks.append((block, text))
    return blocks


def prose_blocks(root: nodes.Element) -> list[str]:
    return [text for _, text in prose(root)]


def long_sentences(doctree: nodes.document, page: Page, max_words: int) -> list[tuple[int, str]]:
    """A sentence longer than `max_words` words, at its paragraph's line: a grade is an
    average, so one long sentence on an easy page would pass it."""
    problems = []
    for block, text in prose(doctree):
        for sentence in SENTENCE.findall(text):
            words = WORD.findall(sentence)
            if len(words) > max_words:
                line = next((n.line for n in (block, *_ancestors(block)) if getattr(n, "line", None)),
                            page.title_line)
                problems.append((line, f"a sentence of {len(words)} words ({' '.join(sentence.split()[:6])} "
                                       f"\u2026): split it into sentences of {max_words} words or fewer"))
    return problems


def grade_problems(doctree: nodes.document, page: Page, max_grade: float,
                   max_section_grade: float) -> list[tuple[int, str]]:
    problems = []
    grade, words = reading_grade(prose_blocks(doctree))
    if words and grade > max_grade:
        problems.append((page.title_line, f"reads at US grade {grade:.1f}, above {max_grade:g} "
                                          "(use shorter sentences and everyday words)"))
    sections = list(doctree.findall(nodes.section))
    for section in sections[1:]:  # the first is the whole page
        blocks = prose_blocks(section)
        grade, words = reading_grade(blocks)
        if words >= MIN_SECTION_WORDS and grade > max_section_grade:
            title = section.next_node(nodes.title)
            line = _line_of(page, title.astext() if title else "")
            problems.append((line, f"the section {title.astext() if title else ''!r} reads at US grade "
                                   f"{grade:.1f}, above {max_section_grade:g} (split long sentences, "
                                   "use everyday words)"))
    return problems


def _line_of(page: Page, title: str) -> int:
    """The source line of a heading or exercise with this title (the page's title line if not found)."""
    for number, line in enumerate(page.lines, 1):
        stripped = line.lstrip("#").strip()
        if line.startswith("#") and stripped == title or line.endswith("}" + " " + title):
            return number
    return page.title_line


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    found: list[tuple[int, str, str]] = []
    if not Matcher(app.config.handbook_rules_exempt)(docname):
        path = env.doc2path(docname)
        page = Page(docname, path, path.read_text(encoding="utf-8"))
        for name, rule in SOURCE_RULES.items():
            found += [(line, message, name) for line, message in rule(page)]
        found += [(line, message, "reading-grade") for line, message in
                  grade_problems(doctree, page, app.config.handbook_max_grade,
                                 app.config.handbook_max_section_grade)]
        found += [(line, message, "sentence-length") for line, message in
                  long_sentences(doctree, page, app.config.handbook_max_sentence_words)]
    for line, message, name in sorted(found):
        logger.warning(message, location=(docname, line), type="handbook", subtype=name)
    if found:
        problems_of(env)[docname] = [(line, message) for line, message, _ in sorted(found)]
    else:
        problems_of(env).pop(docname, None)


class PageWarnings(stdlib_logging.Handler):
    """Keeps this build's warnings by page, for the banner: {docname: [(line, message)]}."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(stdlib_logging.WARNING)
        self.app, self.found = app, {}

    def emit(self, record: stdlib_logging.LogRecord) -> None:
        try:
            docname, line = self.where(getattr(record, "location", None))
            if docname:
                self.found.setdefault(docname, []).append((line or 0, record.getMessage()))
        except Exception:  # never let the banner stop a build
            pass

    def where(self, location) -> tuple[str | None, int | None]:
        """The page and line a warning is about, in any of the forms Sphinx gives a location."""
        env = self.app.env
        if isinstance(location, tuple):
            return location[0], location[1]
        if isinstance(location, nodes.Node):
            location = get_node_location(location)
        if not location:
            return None, None
        path, _, line = str(location).rpartition(":")
        if not path or not line.isdigit():
            path, line = str(location), ""
        docname = env.path2doc(path)
        if docname is None:  # a snippet the page includes: the page being read
            docname = getattr(getattr(env, "current_document", None), "docname", None) or None
        return docname, int(line) if line else None


def capture_warnings(app: Sphinx) -> None:
    handler = PageWarnings(app)
    stdlib_logging.getLogger(NAMESPACE).addHandler(handler)  # Sphinx clears its handlers for each app
    app.handbook_page_warnings = handler


def show_banner(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Put the page's problems, and this build's other warnings about it, at the top
    of the page, where `make live` shows them."""
    caught = getattr(app, "handbook_page_warnings", None)
    problems = sorted(dict.fromkeys([*problems_of(app.env).get(pagename, []),
                                     *(caught.found.get(pagename, []) if caught else [])]))
    if not problems or "body" not in context:
        return
    source = app.env.doc2path(pagename)
    items = "".join(f"<li><code>{escape(str(source))}{f':{line}' if line else ''}</code>: {escape(message)}</li>"
                    for line, message in problems)
    count, them = (f"{len(problems)} problems", "they are") if len(problems) > 1 else ("1 problem", "it is")
    context["body"] = (f'<div class="hb-build-problems" role="alert"><p><strong>This page has {count} to fix.'
                       f"</strong> The build fails until {them} fixed:</p><ul>{items}</ul></div>"
                       + context["body"])


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    problems_of(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    problems_of(env).update({d: p for d, p in problems_of(other).items() if d in docnames})


def setup(app: Sphinx) -> dict:
    app.add_config_value("handbook_rules_exempt", [], "env", types=[list, tuple])
    app.add_config_value("handbook_max_grade", 8.0, "env", types=[float, int])
    app.add_config_value("handbook_max_section_grade", 10.0, "env", types=[float, int])
    app.add_config_value("handbook_max_sentence_words", 40, "env", types=[int])
    app.connect("builder-inited", capture_warnings)
    app.connect("doctree-read", check_page)
    app.connect("html-page-context", show_banner)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    # Parallel-safe: the problems kept for the banner are purged and merged per page.
    return {"version": __version__, "env_version": ENV_VERSION,
            "parallel_read_safe": True, "parallel_write_safe": True}
