"""The programme builder and "My programme": a clinician's chosen exercises, on paper and on a phone.

``{programme-builder}`` and ``{my-programme}`` each put a mount point on
their page, with a plain message for a reader whose browser runs no
JavaScript, and the handout templates (``_static/hb-programme/handout.html``,
the one design ``make handout`` prints too). ``hb-programme.js`` does the rest
in the browser, with no server and no account.

After every HTML build (the site and the print page) this writes the
handbook's structured data beside the static files, in
``_static/hb-programme/``: ``data.json`` (every exercise's card as text, the
conditions table and every red-flag box) and one SVG drawing per exercise.
The builder, "My programme" and ``make handout`` all read it, so each shows
exactly what the book's cards say.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from handbook_exercise import exercises
from handbook_red_flags import boxes
from tools.site.edition import read_edition

__version__ = "1.0"
DATA_DIR = "_static/hb-programme"
TEMPLATE = Path(__file__).resolve().parents[2] / "docs" / "_static" / "hb-programme" / "handout.html"
SCRIPTS = ("vendor/qrcode-generator/qrcode.js", "js/hb-programme.js")
STYLES = ("css/hb-programme.css", "css/hb-diary.css")  # the handout's diary is the handbook's
NO_SCRIPT = {
    "builder": "The programme builder needs JavaScript, which is off in this browser. You can still "
               "print the whole handbook as a PDF, or print a handout of chosen exercises with "
               "make handout (see the contributor guide).",
    "view": "Your programme needs JavaScript to show, which is off in this browser. Every exercise "
            "is also in the exercise library.",
}


def programme_docs(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "handbook_programme_docs"):
        env.handbook_programme_docs = set()
    return env.handbook_programme_docs


class _Mount(SphinxDirective):
    kind = ""

    def run(self) -> list[nodes.Node]:
        programme_docs(self.env).add(self.env.docname)
        self.env.note_dependency(str(TEMPLATE))
        message = NO_SCRIPT[self.kind]
        html = (f'<div class="hb-programme" data-hb-programme="{self.kind}">'
                f'<noscript><p class="hb-programme-noscript">{message}</p></noscript></div>\n'
                + TEMPLATE.read_text(encoding="utf-8"))
        return [nodes.raw("", html, format="html")]


class BuilderDirective(_Mount):
    kind = "builder"


class ViewDirective(_Mount):
    kind = "view"


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if pagename in programme_docs(app.env):
        for script in SCRIPTS:
            app.add_js_file(script, loading_method="defer")
        for style in STYLES:
            app.add_css_file(style)


def site_uri(docname: str) -> str:
    """A page's address on the site, from its root (the print page is one page, the site is not)."""
    return f"{docname}.html"


def handbook_data(app: Sphinx) -> dict:
    env = app.env
    conditions = app.config.handbook_conditions
    ordered = sorted(exercises(env).values(), key=lambda e: (e.level, e.title.lower()))
    labels = env.domains.standard_domain.labels  # label -> (docname, anchor, section title)
    records = []
    for exercise in ordered:
        data = {k: v for k, v in exercise.data.items() if k != "svg"}
        data["page"] = f"{site_uri(exercise.docname)}#exercise-{exercise.label}"
        data["image"] = f"{DATA_DIR}/{exercise.label}.svg"
        data["type_name"] = app.config.handbook_exercise_types[exercise.type]
        data["position_name"] = app.config.handbook_exercise_positions[exercise.position]
        # The section that explains each take-care line (the card's link checked it exists).
        data["take_care"] = [{**care, "page": f"{site_uri(labels[care['key']][0])}#{labels[care['key']][1]}"}
                             for care in data["take_care"] if care["key"] in labels]
        records.append(data)
    return {
        "edition": read_edition().title,  # "Edition YYYY.N", as the handout's top line shows it
        "exercises": records,
        "conditions": {key: {"name": c.name, "chapter": site_uri(c.chapter),
                             "emergency": list(c.emergency), "urgent": list(c.urgent)}
                       for key, c in conditions.items()},
        "boxes": {snippet: record for snippet, (_, record) in sorted(boxes(env).items())},
        "types": dict(app.config.handbook_exercise_types),
        "positions": dict(app.config.handbook_exercise_positions),
    }


def write_data(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not exercises(app.env):
        return
    out = Path(app.outdir) / DATA_DIR
    out.mkdir(parents=True, exist_ok=True)
    (out / "data.json").write_text(json.dumps(handbook_data(app), ensure_ascii=False, indent=1,
                                              sort_keys=True) + "\n", encoding="utf-8")
    for exercise in exercises(app.env).values():
        (out / f"{exercise.label}.svg").write_text(exercise.data["svg"], encoding="utf-8")


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    programme_docs(env).discard(docname)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    programme_docs(env).update(programme_docs(other) & docnames)


def setup(app: Sphinx) -> dict:
    app.setup_extension("handbook_exercise")
    app.setup_extension("handbook_red_flags")
    app.add_directive("programme-builder", BuilderDirective)
    app.add_directive("my-programme", ViewDirective)
    app.connect("html-page-context", add_assets)
    app.connect("build-finished", write_data)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    # Parallel-safe: the pages with a mount point are purged and merged; the
    # data is written once, by the main process, at the end.
    return {"version": __version__, "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
