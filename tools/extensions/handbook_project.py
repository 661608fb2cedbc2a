"""Where the handbook lives and how to reach its editors: one value each.

``handbook_repository_url``
    the project's page on its forge, such as
    ``https://github.com/example/exercises-for-back-pain`` (default: the
    ``HANDBOOK_REPOSITORY_URL`` environment variable, which CI sets from the
    forge, or nothing). With it, each page of the site ends with "Something
    wrong or unclear on this page? Tell us" (a new issue from the "something is
    wrong or unclear" template, with the page named) and "Edit this page" (the
    forge's web editor on the page's source), and the About page says where to
    open an issue.
``handbook_contact``
    an email address for the editors (default: ``HANDBOOK_CONTACT``, or
    nothing), shown where ``handbook-contact`` is written.
``handbook_branch``
    the branch the "Edit this page" link opens (default ``main``).

When a value is unset, the links and sentences that need it are left out, so
a copy of the handbook never points readers at an address that is not its own.
The printed book has no such links: paper cannot be clicked.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

__version__ = "1.0"

ISSUE_TEMPLATE = "something-wrong.yml"


def _repository(config) -> str:
    return (config.handbook_repository_url or "").strip().rstrip("/")


def _link(text: str, url: str) -> nodes.reference:
    return nodes.reference("", text, refuri=url)


class HandbookContact(SphinxDirective):
    """How to reach the editors: email and the forge's issues, whichever are set; else nothing."""

    def run(self) -> list[nodes.Node]:
        contact = (self.config.handbook_contact or "").strip()
        repository = _repository(self.config)
        if not contact and not repository:
            return []
        para = nodes.paragraph(classes=["hb-contact"])
        if contact:
            para += [nodes.Text("Email the editors at "), _link(contact, f"mailto:{contact}")]
        if repository:
            para += nodes.Text(", or " if contact else "")
            para += [nodes.Text("Open an issue" if not contact else "open an issue"),
                     nodes.Text(" on the handbook's project page, "),
                     _link(repository.split("://", 1)[-1], f"{repository}/issues/new/choose")]
        para += nodes.Text(".")
        return [para]


def add_page_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """End each page of the site with a way to report a problem and to edit it."""
    repository = _repository(app.config)
    if not repository or app.builder.format != "html" or getattr(app.config, "handbook_print", False):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title = section.next_node(nodes.title)
    source = app.env.doc2path(docname, False)
    query = urlencode({"template": ISSUE_TEMPLATE, "title": f"{title.astext() if title else docname}: ",
                       "page": docname})
    para = nodes.paragraph(classes=["hb-page-links"])
    para += [nodes.Text("Something wrong or unclear on this page? "),
             _link("Tell us", f"{repository}/issues/new?{query}"), nodes.Text(" · "),
             _link("Edit this page", f"{repository}/edit/{app.config.handbook_branch}/docs/{source}")]
    section += para


def setup(app: Sphinx) -> dict:
    app.add_config_value("handbook_repository_url", os.environ.get("HANDBOOK_REPOSITORY_URL", ""), "env", str)
    app.add_config_value("handbook_contact", os.environ.get("HANDBOOK_CONTACT", ""), "env", str)
    app.add_config_value("handbook_branch", "main", "env", str)
    app.add_directive("handbook-contact", HandbookContact)
    app.connect("doctree-resolved", add_page_links)
    return {"version": __version__, "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
