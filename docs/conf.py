"""Sphinx configuration for Exercises for Back Pain.

The site is built with ``sphinx-build -b html``; the PDFs start from a
single-page build with ``-b singlehtml -t print`` that swaps in our light print
theme (see the PDF section).  Run ``make help`` rather than calling these by hand.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools" / "extensions")]

from tools.site.edition import read_edition  # noqa: E402

# -- Project ------------------------------------------------------------------

EDITION = read_edition()
project = "Exercises for Back Pain"
author = "The Exercises for Back Pain editors"
copyright = handbook_copyright = f"{EDITION.date.year}, {author}. Content CC BY 4.0, code MIT"
version = EDITION.number
release = EDITION.label  # YYYY.N, or YYYY.N-draft while the changelog has unreleased changes
today = EDITION.date_text
language = "en"
root_doc = "index"
exclude_patterns = ["_build", "_themes", "_snippets", "**/README.md", "contributing/templates"]
templates_path = ["_templates"]

extensions = [
    "handbook_encoding",  # first: it checks each page before anything reads it
    "handbook_fences",  # every ::: block closed where it was meant to be
    "handbook_lines",  # a link's or citation's error names its own line, not its paragraph's
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "handbook_citations",  # the "handbook" citation styles below
    "handbook_print",
    "handbook_punctuation",
    "handbook_review",
    "handbook_rules",
    "handbook_description",
    "handbook_editions",
    "handbook_exercise_index",  # also loads handbook_exercise
    "handbook_red_flags",
    "handbook_search",
    "handbook_rebuild",
    "handbook_programme",
    "handbook_printables",
    "handbook_page_top",
    "handbook_lean",  # cuts the theme's CSS and icon font before handbook_offline lists the files
    "handbook_offline",
    "handbook_project",
    "handbook_a11y",
    "handbook_linkcheck",  # make linkcheck: the PDF links checked as the built files
]

nitpicky = True

# -- Where the project lives ---------------------------------------------------
# The forge page and the editors' address: set them here, or in the
# HANDBOOK_REPOSITORY_URL and HANDBOOK_CONTACT environment variables (CI sets
# the first from the forge). Unset, the links that need them are left out.
# handbook_repository_url = "https://github.com/<owner>/<repository>"
# handbook_contact = "editors@example.org"

# -- MyST ---------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist", "substitution", "attrs_inline"]
myst_heading_anchors = 3
myst_substitutions = {"edition": version, "edition_date": today, "edition_status": EDITION.status}

# -- References ---------------------------------------------------------------

bibtex_bibfiles = ["references.bib"]
# Author and year, the same in the text and in the list: [Deyo et al., 1986].
bibtex_default_style = "handbook"
bibtex_reference_style = "handbook"

# -- HTML ---------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
html_css_files = ["css/handbook.css"]
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "footer_content_items": ["copyright.html", "hb-edition.html"],
    # The theme's default search box and icon links load nothing remote; the
    # analytics and launch buttons it can add are left off on purpose.
    "navigation_with_keys": False,
    "navbar_persistent": [],
}
html_context = {"handbook_edition": EDITION, "handbook_author": author,
                "default_mode": "auto"}  # the theme rejects an unset mode with a console error

# -- PDF ----------------------------------------------------------------------
# The PDFs are printed by WeasyPrint (tools/pdf/build_pdf.py) from a singlehtml
# build in the print theme: the book theme's CSS makes WeasyPrint take minutes.

if tags.has("print"):  # noqa: F821 - 'tags' is provided by Sphinx
    handbook_print = True
    html_theme = "hb_print"
    html_theme_path = ["_themes"]
    html_theme_options = {}
    html_css_files = []

# -- Links --------------------------------------------------------------------

linkcheck_timeout = 15
linkcheck_retries = 2
