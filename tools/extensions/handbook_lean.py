"""A site light enough for a slow phone.

After the HTML build, in the output folder:

* the theme's stylesheets are cut to the rules the built pages can use
  (``tools/site/purge_css.py``; about 460 KB to 80 KB);
* its icon font (Font Awesome, 115 KB for a dozen icons) is cut to the
  icons the kept rules draw, with fontTools;
* the theme's icon script, which no page loads (``_templates/layout.html``
  leaves it out), is removed, so the offline copy (``handbook_offline``,
  which lists the output after this) does not fetch its 1.5 MB; so are the
  source maps of the cut stylesheets, which no longer fit them.

Each page preloads the fonts its first screen draws with (body text, bold
headings, the header's icons), so text settles in the vendored font sooner;
every ``@font-face`` swaps (text shows at once in a system font).

Incremental builds stay right: Sphinx rewrites only changed pages, so every
page in the output is matched, not only the new ones, and the cut always
starts from the theme's own file (kept beside the doctrees, in case Sphinx
did not copy it again). Each page's matches are kept there too, by the page's
hash, so a build that changes one page matches only that page.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from pathlib import Path

from sphinx.application import Sphinx

from tools.site import purge_css

__version__ = "1.0"
PURGED = ("styles/pydata-sphinx-theme.css", "styles/sphinx-book-theme.css", "sphinx-design.min.css",
          "basic.css", "pygments.css")
KEPT_WHOLE = ("css/handbook.css", "css/hb-programme.css")  # the handbook's own, small, styled by scripts
ICON_FONTS = ("vendor/fontawesome/webfonts/fa-solid-900.woff2", "vendor/fontawesome/webfonts/fa-regular-400.woff2",
              "vendor/fontawesome/webfonts/fa-brands-400.woff2")
# No page loads these: the icon script (layout.html leaves it out) and the
# source maps of the stylesheets cut here, which no longer fit them.
UNLOADED = ("scripts/fontawesome.js", "scripts/fontawesome.js.map", "scripts/fontawesome.js.LICENSE.txt",
            "styles/pydata-sphinx-theme.css.map", "styles/sphinx-book-theme.css.map")
PRELOADED = ("fonts/atkinson-hyperlegible-latin-400-normal.woff2", "fonts/atkinson-hyperlegible-latin-700-normal.woff2",
             "vendor/fontawesome/webfonts/fa-solid-900.woff2")
STORE = "handbook-lean"


def digest(*parts: bytes | str) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part.encode() if isinstance(part, str) else part)
        sha.update(b"\0")
    return sha.hexdigest()


class Store:
    """Files kept beside the doctrees between builds: the theme's own copy of
    each file this cuts, what was written, and each page's matches."""

    def __init__(self, app: Sphinx) -> None:
        self.root = Path(app.doctreedir) / STORE
        self.state_file = self.root / "state.json"
        try:
            self.state = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.state = {}
        self.state.setdefault("written", {})

    def pristine(self, path: Path, name: str) -> bytes:
        """The theme's own ``name``: the output's copy unless it is the cut one we wrote last time."""
        saved = self.root / "pristine" / name
        data = path.read_bytes()
        if self.state["written"].get(name) == digest(data) and saved.is_file():
            return saved.read_bytes()
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_bytes(data)
        return data

    def write(self, path: Path, name: str, data: bytes) -> None:
        path.write_bytes(data)
        self.state["written"][name] = digest(data)

    def save(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.state_file.write_text(json.dumps(self.state), encoding="utf-8")


def cut_stylesheets(out: Path, store: Store) -> list[int]:
    """Cut the theme's stylesheets; return the characters all stylesheets' strings hold."""
    static = out / "_static"
    texts = {name: store.pristine(static / name, name).decode("utf-8") for name in PURGED if (static / name).is_file()}
    others = tuple((static / name).read_text(encoding="utf-8") for name in KEPT_WHOLE if (static / name).is_file())
    key = digest(Path(purge_css.__file__).read_bytes(), *texts.values(), *others)
    cache = store.state.get("css") if store.state.get("css", {}).get("key") == key else None
    cache = cache or {"key": key, "selectors": purge_css.selectors_of(texts), "pages": {}}
    pages = {}
    for path in sorted(out.rglob("*.html")):
        if "_static" not in path.relative_to(out).parts:
            name, data = path.relative_to(out).as_posix(), path.read_bytes()
            known, sha = cache["pages"].get(name), digest(data)
            pages[name] = known if known and known[0] == sha else \
                [sha, sorted(purge_css.page_matches(data, cache["selectors"]))]
    cache["pages"] = pages
    matched = sorted(set().union(*(set(m) for _, m in pages.values())))
    if cache.get("matched") != matched or set(cache.get("purged", {})) != set(texts):
        cache["purged"] = purge_css.purge(texts, set(matched), others)
        cache["matched"] = matched
        cache["characters"] = sorted(set().union(*map(purge_css.characters, [*cache["purged"].values(), *others])))
    store.state["css"] = cache
    for name, text in cache["purged"].items():
        store.write(static / name, name, text.encode("utf-8"))
    return cache["characters"]


def cut_icon_fonts(out: Path, store: Store, characters: list[int]) -> None:
    """Each icon font cut to the characters the stylesheets' strings hold (the icons' code points)."""
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # not a line per table in the build's output
    fonts = store.state.setdefault("fonts", {})
    for name in ICON_FONTS:
        path = out / "_static" / name
        if not path.is_file():
            continue
        original = store.pristine(path, name)
        key = digest(original, json.dumps(characters))
        saved = store.root / "cut" / name
        if fonts.get(name) != key or not saved.is_file():
            from fontTools import subset  # 0.2 s to import: only when a font is cut again

            options = subset.Options(flavor="woff2", name_IDs=["*"], layout_features=["*"], notdef_outline=True)
            font = subset.load_font(io.BytesIO(original), options)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=characters)
            subsetter.subset(font)
            saved.parent.mkdir(parents=True, exist_ok=True)
            subset.save_font(font, saved, options)
            fonts[name] = key
        store.write(path, name, saved.read_bytes())


def lighten(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html" or app.config.handbook_print:
        return
    out = Path(app.outdir)
    store = Store(app)
    cut_icon_fonts(out, store, cut_stylesheets(out, store))
    for name in UNLOADED:
        (out / "_static" / name).unlink(missing_ok=True)
    store.save()


def add_preloads(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.config.handbook_print:
        return
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="preload" href="{context["pathto"]("_static/" + name, 1)}" as="font" type="font/woff2" '
        'crossorigin>' for name in PRELOADED)


def setup(app: Sphinx) -> dict:
    app.setup_extension("handbook_print")  # for its handbook_print setting
    app.connect("html-page-context", add_preloads)
    # after the theme rewrites pygments.css (at 500), before handbook_offline lists the files (800)
    app.connect("build-finished", lighten, priority=700)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
