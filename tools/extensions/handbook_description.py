"""Give each page the ``<meta name="description">`` its front matter names.

Every page's front matter has a one-line ``description`` (tools/checks/check_content.py
requires it). Search engines and link previews show that line, so the HTML
builders write it into the page's head. MyST's own ``html_meta`` front-matter
key would do the same, but only by writing the sentence a second time.
"""

from __future__ import annotations

from html import escape

from sphinx.application import Sphinx

__version__ = "1.0"


def add_description(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    description = str(app.env.metadata.get(pagename, {}).get("description", "")).strip()
    if description and doctree is not None:
        tag = f'<meta name="description" content="{escape(description, quote=True)}" />\n'
        context["metatags"] = context.get("metatags", "") + tag


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", add_description)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
