"""Editions on the site: the version switcher, the banner on older editions
and drafts, and links to each edition's PDFs.

``make editions`` (tools/site/editions.py) builds every released edition and
the working tree into one site, each in its own folder, and tells each build
where it stands:

``handbook_site_version``
    this build's name in the switcher: its edition (``YYYY.N``) or ``dev``;
    empty for an ordinary build, which then shows no switcher or banner.
``handbook_current_edition``
    the newest published edition; every other build shows a banner that
    names it and links to it.
``handbook_switcher_json``
    where the switcher finds ``switcher.json``: ``../switcher.json``, which
    the theme reads from this build's root, so the site can be served under
    any path.
``handbook_copyright``
    the copyright notice, with the edition's year. Sphinx rewrites the year
    of ``copyright`` to the year of ``SOURCE_DATE_EPOCH`` when that is set;
    the edition's year is the right one, so it is put back.

The ``{handbook-downloads}`` directive lists this edition's PDFs, named from
the one edition file; ``:sizes: large-print-a4`` lists only those sizes. The
print build leaves it out.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

from tools.pdf.build_pdf import SIZES, pdf_name
from tools.site.edition import edition_title

__version__ = "1.0"

PDF_FOLDER = "pdf"
PAPER_NAMES = {"a4": "A4 paper", "letter": "US Letter paper"}
SIZE_NAMES = {**{paper: f"for {name}" for paper, name in PAPER_NAMES.items()},
              "large-print-a4": f"in large print, on {PAPER_NAMES['a4']}"}


def banner_html(config: Config, pagename: str) -> str:
    """The banner for one page: its link is relative, from the page to the
    current edition's folder beside this build's, so it holds under any path."""
    site, current = config.handbook_site_version, config.handbook_current_edition
    if not site or not current or site == current:
        return ""
    href = "../" * (pagename.count("/") + 1) + f"{current}/"
    link = f'<a href="{escape(href)}">edition {escape(current)}</a>'
    if site == "dev":
        return (f'<p class="hb-edition-banner">This is a draft of the next edition. It has not '
                f'been checked yet. The current edition is {link}.</p>')
    return (f'<p class="hb-edition-banner">You are reading edition {escape(site)}, an older '
            f'edition. The current edition is {link}.</p>')


def configure_theme(app: Sphinx, config: Config) -> None:
    if config.handbook_print or not config.handbook_switcher_json:
        return
    options = dict(config.html_theme_options)
    options["switcher"] = {"json_url": config.handbook_switcher_json,
                           "version_match": config.handbook_site_version}
    options["check_switcher"] = False  # it would fetch the JSON at build time
    config.html_theme_options = options
    config.html_sidebars = {"**": ["navbar-logo.html", "version-switcher.html",
                                   "search-button-field.html", "sbt-sidebar-nav.html"]}


def keep_edition_copyright(app: Sphinx, config: Config) -> None:
    if config.handbook_copyright:
        config.copyright = config.handbook_copyright


def add_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["handbook_site_version"] = app.config.handbook_site_version
    if not app.config.handbook_print and (banner := banner_html(app.config, pagename)):
        context["theme_announcement"] = banner  # the theme's announcement bar, page by page


class DownloadsDirective(SphinxDirective):
    """A list of links to this edition's PDFs, one per size (or the ``:sizes:`` named)."""

    has_content = False
    option_spec = {"sizes": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        if self.config.handbook_print:
            return []
        sizes = self.options.get("sizes", " ".join(SIZES)).split()
        if (unknown := [size for size in sizes if size not in SIZES]):
            raise self.error(f"handbook-downloads: no PDF of size {', '.join(unknown)}; "
                             f"the sizes are {', '.join(SIZES)}")
        edition = self.config.release
        depth = "../" * self.env.docname.count("/")
        items = nodes.bullet_list(classes=["hb-downloads"])
        for size in sizes:
            uri = f"{depth}{PDF_FOLDER}/{pdf_name(edition, size)}"
            ref = nodes.reference("", f"{edition_title(edition)} {SIZE_NAMES[size]} (PDF)", refuri=uri)
            items += nodes.list_item("", nodes.paragraph("", "", ref))
        return [items]


def setup(app: Sphinx) -> dict:
    app.setup_extension("handbook_print")  # for its handbook_print setting
    for name, default in (("handbook_site_version", ""), ("handbook_current_edition", ""),
                          ("handbook_switcher_json", ""), ("handbook_copyright", "")):
        app.add_config_value(name, default, "html", types=[str])
    app.connect("config-inited", configure_theme, priority=900)
    app.connect("config-inited", keep_edition_copyright, priority=900)  # after Sphinx's, at 800
    app.connect("html-page-context", add_context)
    app.add_directive("handbook-downloads", DownloadsDirective)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
