"""A light site: the theme's stylesheets cut to what the pages use (handbook_lean, purge_css)."""

from __future__ import annotations

import re
from pathlib import Path

from tools.site import purge_css

REPO = Path(__file__).resolve().parent.parent

CSS = """
@font-face{font-family:"Used Font";src:url(used.woff2);font-display:block}
@font-face{font-family:Unused Font;src:url(unused.woff2)}
@keyframes hb-spin{to{transform:rotate(1turn)}}
@keyframes hb-unused{to{opacity:0}}
.used{font-family:"Used Font",sans-serif;animation:hb-spin 1s}
.used:hover::before,.unused{color:blue}
.unused .used{color:green}
html[data-theme=dark] .used>.inner{color:white}
.dropdown-menu.show:not(.x){display:block}
#pst-search-dialog[open]{display:flex}
.tooltip.show>.tooltip-inner{color:red}
.used+.missing{color:red}
@media (max-width:600px){.used{margin:0}.unused{margin:1px}}
@media print{.unused{display:none}}
"""
HTML = """<!DOCTYPE html><html data-theme="auto"><body>
<div class="used"><span class="inner"></span></div><ul class="dropdown-menu"></ul>
<dialog id="pst-search-dialog"></dialog></body></html>"""


def test_the_purger_keeps_what_pages_and_scripts_can_match_and_drops_the_rest(tmp_path):
    (tmp_path / "index.html").write_text(HTML)
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "theme.css").write_text(CSS)
    assert purge_css.main([str(tmp_path), "_static/theme.css"]) == 0
    cut = (tmp_path / "_static" / "theme.css").read_text()
    assert ".used{" in cut
    assert ".used:hover::before{color:blue}" in cut  # a state a reader brings about; .unused left out
    assert "html[data-theme=dark] .used>.inner{" in cut  # dark mode, set by the theme's script
    assert ".dropdown-menu.show:not(.x){" in cut  # an open menu
    assert "#pst-search-dialog[open]{" in cut  # the search dialog open
    assert ".tooltip.show>.tooltip-inner{" in cut  # a tooltip, which a script adds
    assert "@media (max-width:600px){.used{margin:0}}" in cut
    assert "@font-face{font-family:\"Used Font\";src:url(used.woff2);font-display:swap}" in cut
    assert "@keyframes hb-spin" in cut
    for dropped in (".unused", ".missing", "Unused Font", "hb-unused", "@media print"):
        assert dropped not in cut, dropped


def test_the_purger_names_a_missing_stylesheet(tmp_path, capsys):
    (tmp_path / "index.html").write_text(HTML)
    assert purge_css.main([str(tmp_path), "_static/none.css"]) == 1
    assert f"{tmp_path / '_static/none.css'}:1: no such stylesheet" in capsys.readouterr().err


def test_an_incremental_build_keeps_the_styles_a_changed_page_needs(make_app, two_pages, monkeypatch):
    """Sphinx rewrites only the changed page, and may leave the cut stylesheet
    in place (it copies the theme's files only when it writes a page): the
    cut must start from the theme's own file and match every page."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    docs = two_pages('extensions = ["myst_parser", "handbook_lean"]\nhtml_theme = "sphinx_book_theme"\n',
                     index="Text.\n\n")
    first = make_app("html", srcdir=docs)
    first.build()
    css = Path(first.outdir) / "_static" / "styles" / "pydata-sphinx-theme.css"
    assert css.stat().st_size < 120_000  # the theme's is 376 KB
    table_rule = re.compile(r"[}\s]\.table\{")
    assert not table_rule.search(css.read_text())
    (docs / "other.md").write_text("# Other\n\n| Day | Done |\n| --- | --- |\n| 1 | yes |\n")
    monkeypatch.setattr(StandaloneHTMLBuilder, "copy_theme_static_files", lambda self, context: None)
    again = make_app("html", srcdir=docs)
    again.build()
    text = css.read_text()
    assert table_rule.search(text) and ".bd-sidebar-primary" in text
    assert css.stat().st_size < 120_000
    assert not (Path(again.outdir) / "_static" / "scripts" / "fontawesome.js").exists()


def test_rows_written_straight_into_a_table_match_as_a_browser_reads_them(tmp_path):
    """A browser puts a table's rows in a tbody it makes; the purger parses
    the pages the same way, so a rule on ``tbody`` is kept for them."""
    (tmp_path / "index.html").write_text('<!DOCTYPE html><html><body><table class="plain"><tr><td>1</td></tr>'
                                         '</table></body></html>')
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "theme.css").write_text(".plain>tbody>tr>td{padding:0}.plain>tr{color:red}")
    assert purge_css.main([str(tmp_path), "_static/theme.css"]) == 0
    cut = (tmp_path / "_static" / "theme.css").read_text()
    assert ".plain>tbody>tr>td{padding:0}" in cut
    assert ".plain>tr" not in cut
