"""Keep the glossary in the search index when only some pages are rebuilt.

Sphinx's HTML builder keeps the search index's "index entries" (the glossary
terms, here) on the environment, but it fills them in while writing pages,
after the environment has been saved; and reloading the last
``searchindex.js`` restores titles and words but not these entries. So an
incremental build writes an index that has only the entries of the pages it
rewrote (24 glossary entries become 0 after touching one page).

This puts back, after Sphinx loads the last index, the entries of every page
it will not rewrite, and writes all entries in page order, so an incremental
build writes the same ``searchindex.js`` as a clean one.

On the search page it also adds ``_static/js/hb-search.js``, which ranks the
contributor guide below every patient page and takes each result's snippet
from the article's own text, not the theme's menus.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

__version__ = "1.0"


def restore_entries(builder: Any) -> None:
    """Refill the entries of the pages that are kept from the index on disk."""
    path = builder.outdir / builder.searchindex_filename
    try:
        fmt = builder.indexer_format
        fmt = builder.indexer.formats[fmt] if isinstance(fmt, str) else fmt
        frozen = fmt.loads(path.read_text(encoding="utf-8"))
        docnames = frozen["docnames"]
        saved = frozen["indexentries"]
    except (OSError, ValueError, KeyError, TypeError):
        return  # no usable index: Sphinx rebuilds every page's entries itself
    restored: dict[str, list[tuple[str, str, str]]] = {}
    for entry, places in saved.items():
        for doc, target, main in places:
            restored.setdefault(docnames[doc], []).append((entry, target, "main" if main else ""))
    entries = builder.indexer._index_entries
    for docname, found in restored.items():
        if docname in builder.env.all_docs and docname not in entries:
            entries[docname] = sorted(found)


def in_page_order(builder: Any) -> None:
    """Drop the entries of removed pages, and order the rest by page name."""
    entries = builder.indexer._index_entries
    kept = {d: entries[d] for d in sorted(entries) if d in builder.env.all_docs}
    entries.clear()
    entries.update(kept)


def patch_builder(app: Sphinx) -> None:
    builder = app.builder
    if not hasattr(builder, "load_indexer") or not hasattr(builder, "dump_search_index"):
        return
    load, dump = builder.load_indexer, builder.dump_search_index

    def load_indexer(docnames):
        load(docnames)
        # what Sphinx has from the saved environment is stale or empty
        builder.indexer._index_entries = {d: e for d, e in builder.indexer._index_entries.items()
                                          if d in docnames}
        builder.env._search_index_index_entries = builder.indexer._index_entries
        restore_entries(builder)

    def dump_search_index():
        if builder.indexer is not None:
            in_page_order(builder)
        dump()

    builder.load_indexer = load_indexer
    builder.dump_search_index = dump_search_index


def add_search_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if pagename == "search":
        app.add_js_file("js/hb-search.js", loading_method="defer")


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", patch_builder)
    app.connect("html-page-context", add_search_script)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
