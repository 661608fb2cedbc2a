"""Mend two bits of markup that the handbook does not write but that fail WCAG 2.2 AA.

* The bibliography (docutils, under sphinxcontrib-bibtex) marks each entry
  ``role="doc-biblioentry"``, a role DPUB-ARIA 1.1 deprecated. Browsers no longer
  count it as a list item, so its ``role="list"`` wrapper holds none and screen
  readers announce a broken list. Each entry becomes a plain ``listitem``.
* The theme's sidebar opens a chapter's pages with a ``<summary>`` that holds only
  a chevron, so a screen reader announces a nameless control. Each gets a name
  from its chapter. (handbook.css gives it the chevron's box, so it is no
  invisible tab stop.)

tests/test_accessibility.py runs axe-core on every page to hold both.
"""

from __future__ import annotations

from sphinx.application import Sphinx

__version__ = "1.0"

DEPRECATED_ROLE = ' role="doc-biblioentry"'


def biblioentries_as_listitems(body: str) -> str:
    """The page body with each bibliography entry a list item of its citation list."""
    return body.replace(DEPRECATED_ROLE, ' role="listitem"')


def name_the_chapter_toggles(soup) -> None:
    """Give each sidebar toggle that has no name one from the chapter it opens."""
    for summary in soup.select("li.has-children > details > summary"):
        link = summary.parent.parent.find("a", recursive=False)
        if link is not None and not summary.get_text(strip=True) and not summary.has_attr("aria-label"):
            summary["aria-label"] = f"Pages in {link.get_text(' ', strip=True)}"


def mend_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "body" in context:
        context["body"] = biblioentries_as_listitems(context["body"])
    generate = context.get("generate_toctree_html")  # the theme's, set for each page
    if generate is None:
        return

    def generate_with_names(kind, *args, **kwargs):
        soup = generate(kind, *args, **kwargs)
        if kind == "sidebar":
            name_the_chapter_toggles(soup)
        return soup

    context["generate_toctree_html"] = generate_with_names


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", mend_page, priority=600)  # after the theme's own
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
