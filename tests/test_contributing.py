"""The contributor guide's page "Add an exercise" (docs/contributing/add-an-exercise.md).

Its example exercise and its link examples are taken from the page and built
in a tiny project (the conf.py of tests/roots/test-exercise, with the
handbook's own references.bib), so they can never go stale. Every error the
page quotes is checked against a build of broken copies of the example, and
every value, dose and pose word the page lists against the code.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import handbook_exercise
from tools.checks.html_reader import read
from tools.exercises import poses

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "contributing" / "add-an-exercise.md"
REFERENCES = REPO / "docs" / "references.bib"
ROOT = Path(__file__).resolve().parent / "roots" / "test-exercise"

FENCE = re.compile(r"^(?P<fence>`{3,})(?P<info>\S*)\n(?P<body>.*?)^(?P=fence)$", re.M | re.S)
QUOTED = re.compile(r"^(?:docs/\S+\.md:\d+: )?WARNING: (?P<message>.+)$")


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def blocks(info: str) -> list[str]:
    """The bodies of the page's fenced blocks with this info string (markdown, text)."""
    return [m["body"] for m in FENCE.finditer(guide()) if m["info"] == info]


def example() -> str:
    found = [body for body in blocks("markdown") if body.startswith(":::{exercise}")]
    assert len(found) == 1, "the guide shows one complete example exercise"
    assert found[0].rstrip().endswith("\n:::")
    return found[0]


def field(text: str, name: str) -> str:
    return re.search(rf"^:{name}: (.+)$", text, re.M).group(1)


def title(text: str) -> str:
    return text.splitlines()[0].removeprefix(":::{exercise}").strip()


def link_examples() -> list[str]:
    """The {ref}`...` links the guide shows in its markdown blocks."""
    return [link for body in blocks("markdown") for link in re.findall(r"\{ref\}`[^`]+`", body)]


def build(make_app, src: Path, pages: dict[str, str], intro: str = "", red_flags: bool = False):
    """A tiny handbook: the test root's conf.py, the real references, and these pages
    (with the red-flag rule of the real handbook too, if asked)."""
    src.mkdir()
    # The sections a card's :take-care: line links to, as on docs/take-extra-care.md.
    pages = {"take-extra-care": "# When to take extra care\n\n" + "".join(
        f"({key})=\n## {key}\n\nText.\n\n" for key in handbook_exercise.TAKE_CARE), **pages}
    shutil.copy(ROOT / "conf.py", src / "conf.py")
    shutil.copy(REFERENCES, src / "refs.bib")  # conf.py reads refs.bib
    for docname, text in pages.items():
        (src / f"{docname}.md").parent.mkdir(parents=True, exist_ok=True)
        (src / f"{docname}.md").write_text(text, encoding="utf-8")
    toctree = "\n".join(pages)
    (src / "index.md").write_text(f"# Test handbook\n\n{intro}\n\n```{{toctree}}\n{toctree}\n```\n\n"
                                  "```{bibliography}\n```\n", encoding="utf-8")
    overrides = {"nitpicky": True}
    if red_flags:
        overrides["extensions"] = ["myst_parser", "sphinxcontrib.bibtex", "handbook_red_flags"]
    app = make_app("html", srcdir=src, confoverrides=overrides)
    app.build()
    return app


def warnings(app) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())  # without colours


# -- The example ---------------------------------------------------------------------

def test_the_guides_example_and_links_build_without_warnings(make_app, tmp_path):
    ex = example()
    label = field(ex, "label")
    links = link_examples()
    assert len(links) >= 2 and all(label in link for link in links)
    intro = "\n\n".join(links) + "\n\n```{exercise-list}\n:area: " + field(ex, "areas").split(",")[0] + "\n```"
    app = build(make_app, tmp_path / "src", {"exercises/low-back": "# Exercises\n\n" + ex}, intro)

    assert not warnings(app), warnings(app)
    page = read(app.outdir / "exercises" / "low-back.html").soup
    assert page.select_one(f"section.hb-exercise#exercise-{label}")
    assert page.select_one('[class="hb-exercise-image"][src^="data:image/svg+xml;base64,"]')
    index = (app.outdir / "index.html").read_text()
    # Each link, and the condition's list, goes to the exercise's card.
    shown = [m[1] if (m := re.match(r"\{ref\}`(.+) <[^>]+>`$", link)) else title(ex) for link in links]
    for text in [*shown, title(ex)]:
        assert (f'<a class="reference internal" href="exercises/low-back.html#exercise-{label}">'
                f'<span class="std std-ref">{text}</span></a>') in index, text
    listed = read(app.outdir / "index.html").soup.select_one(".hb-exercise-list")
    assert listed is not None
    assert title(ex) in [span.decode_contents() for span in listed.select('span[class="std std-ref"]')]


def test_the_example_cites_a_source_from_the_handbooks_references():
    for key in field(example(), "source").split(","):
        assert re.search(rf"^@\w+\{{{re.escape(key.strip())},", REFERENCES.read_text(), re.M), key


# -- The errors ------------------------------------------------------------------------

def steps(ex: str) -> str:
    return ex[ex.index("\n1. ") + 1:ex.rindex(":::")]


def set_field(name: str, value: str | None, before: str = "alt") -> Callable[[str], str]:
    """Give a field a new value, or drop it (None); a new field goes before another."""
    def change(ex: str) -> str:
        line = re.compile(rf"^:{name}:.*\n", re.M)
        if value is None:
            assert line.search(ex), name
            return line.sub("", ex, count=1)
        if line.search(ex):
            return line.sub(lambda _: f":{name}: {value}\n", ex, count=1)
        return ex.replace(f":{before}:", f":{name}: {value}\n:{before}:", 1)
    return change


def both(*changes: Callable[[str], str]) -> Callable[[str], str]:
    def change(ex: str) -> str:
        for one in changes:
            ex = one(ex)
        return ex
    return change


# Broken copies of the example; together they must give every error the guide quotes.
BROKEN = [
    set_field("reps", None),
    both(set_field("source", None), set_field("pose-start", None)),
    lambda ex: ex.replace(":reps:", ":repeat:", 1),
    set_field("label", "Knee-Rolls"),
    set_field("areas", "back"),
    set_field("type", "yoga"),
    set_field("position", "kneeling"),
    set_field("reps", "five"),
    set_field("reps", "12 to 8"),
    set_field("stop-if", "You get chest pain."),
    lambda ex: ex.replace(steps(ex), ""),
    lambda ex: ex.replace(steps(ex), steps(ex) + "\nA tip.\n"),
    set_field("pose-start", "props=towel"),
    set_field("pose-start", "base=lying"),
    set_field("pose-end", "base=back leg=28"),
    set_field("pose-start", "base=back props=pillow"),
    both(set_field("pose-start", "base=back"), set_field("pose-end", "base=front-view")),
    set_field("pose-labels", "Start"),
    both(set_field("source", "nice2016"), set_field("label", "cited")),  # a label of its own
    set_field("source", "hayden2021exercise"),
    set_field("level", "easy"),
    set_field("take-care", "pregnant"),
    set_field("take-care", "spinal-stenosis (Try it on your elbows."),
]


def quoted_errors() -> list[str]:
    section = guide()[guide().index("## When the build finds a problem"):]
    return [m["message"] for body in FENCE.finditer(section) if body["info"] == "text"
            for line in body["body"].splitlines() if (m := QUOTED.match(line))]


def test_every_error_the_guide_quotes_is_one_a_broken_exercise_gives(make_app, tmp_path):
    ex = example()
    label = field(ex, "label")
    pages = {
        "exercises/low-back": "# Exercises\n\n" + ex,
        "exercises/sciatica": "# More exercises\n\n" + ex,  # read second: its label is used twice
        "links": "# Links\n\nSee {ref}`" + label[:-1] + "`.\n",  # a typo in a label
    }
    for number, change in enumerate(BROKEN, 1):
        broken = change(ex)
        assert broken != ex
        pages[f"zz-broken/{number:02}"] = "# Broken\n\n" + broken
    src = tmp_path / "src"
    app = build(make_app, src, pages, red_flags=True)  # no page shows a box: each gives the error

    shown = warnings(app).replace(f"{src.resolve()}/", "docs/").replace(f"{src}/", "docs/")
    given = {m[1] for line in shown.splitlines() if (m := re.search(r"WARNING: (.+)$", line))}
    quoted = quoted_errors()
    assert len(quoted) >= 15
    missing = [message for message in quoted if message not in given]
    assert not missing, "the guide quotes errors no broken example gives:\n" + "\n".join(missing) \
        + "\n\nThe build gave:\n" + "\n".join(sorted(given))


def test_the_quoted_errors_have_the_shape_the_build_prints():
    lines = [line for body in blocks("text") for line in body.splitlines() if "WARNING: " in line]
    shape = re.compile(r"^docs/exercises/[a-z-]+\.md:\d+: WARNING: .+ \[[a-z]+\.[a-z_-]+\]$")
    odd = [line for line in lines if not shape.match(line)
           and not line.startswith("WARNING: duplicate label")]  # Sphinx gives no file for this one
    assert not odd


# -- Lists the guide copies from the code ---------------------------------------------

def test_the_guide_lists_every_field_value_and_dose_the_directive_accepts():
    text = guide()
    for name in handbook_exercise.ExerciseDirective.option_spec:
        assert f"`:{name}:`" in text, name
        optional = f"`:{name}:` (optional)" in text
        assert optional == (name not in handbook_exercise.REQUIRED), name
    for values in (handbook_exercise.DEFAULT_AREAS, handbook_exercise.DEFAULT_TYPES,
                   handbook_exercise.DEFAULT_POSITIONS):
        for key, shown in values.items():
            assert f"| `{key}` | {shown} |" in text, key
    for name, (_, examples) in handbook_exercise.DOSES.items():
        assert f"| `:{name}:`" in text and f"| {examples} |" in text, name
    for key, situation in handbook_exercise.TAKE_CARE.items():
        shown = handbook_exercise.TAKE_CARE_TITLE.format(who=situation.who)
        assert f"| `{key}` | {shown} |" in text, key


def test_where_to_put_it_has_a_page_for_every_area():
    text = guide().split("## Where to put it", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| `(docs/exercises/[a-z-]+\.md)` \|$", text, re.M))
    assert set(rows) == set(handbook_exercise.DEFAULT_AREAS)
    assert all((REPO / page).is_file() for page in rows.values()), rows


def test_the_guide_names_every_base_prop_and_body_part_the_drawing_knows():
    text = guide()
    for base in poses.BASES:
        assert f"`base={base}`" in text, base
    for prop in poses.PROPS:
        assert f"`{prop}`" in text, prop
    for key in sorted(poses.SIDE_KEYS | poses.FRONT_KEYS):
        assert re.search(rf"`{key}(=|`)", text), key
    for target in poses.SIDE_REACH | poses.HELPER_TARGETS:
        assert f"`{target}`" in text or f"helper={target}" in text, target


def test_every_pose_in_the_guide_can_be_drawn():
    pairs = []
    for body in blocks("markdown"):
        starts = re.findall(r"^:pose-start: (.+)$", body, re.M)
        ends = re.findall(r"^:pose-end: (.+)$", body, re.M)
        assert len(starts) == len(ends)
        pairs += zip(starts, ends)
        for labels in re.findall(r"^:pose-labels: (.+)$", body, re.M):
            assert len(handbook_exercise.ExerciseDirective._pose_labels(labels)) == 2
    assert len(pairs) >= 4  # the example and the three worked examples
    for start, end in pairs:
        assert poses.render_svg(start, end, "A test.").startswith("<svg")


def test_the_quoted_line_numbers_point_at_knee_rolls_in_low_back_md():
    """The guide's errors name lines of docs/exercises/low-back.md: the field a message
    is about, in the Knee rolls block (the :reps: line for the misspelt 'repeat'), or
    the line the block starts on, for the card as a whole."""
    repo = Path(__file__).resolve().parent.parent
    guide = (repo / "docs" / "contributing" / "add-an-exercise.md").read_text()
    lines = (repo / "docs" / "exercises" / "low-back.md").read_text().splitlines()
    start = lines.index(":::{exercise} Knee rolls") + 1
    end = lines.index(":::", start)
    fields = {m[1]: n for n, line in enumerate(lines[start:end], start + 1) if (m := re.match(r":([a-z-]+):", line))}
    quoted = re.findall(r"docs/exercises/low-back\.md:(\d+): WARNING: (?:exercise 'Knee rolls': )?(.*)", guide)
    assert quoted
    for number, message in quoted:
        field = re.match(r":([a-z-]+):", message)
        expected = fields["reps"] if "'repeat'" in message else fields[field[1]] if field else start
        assert int(number) == expected, (number, message)


# -- The templates ---------------------------------------------------------------------

TEMPLATES = REPO / "docs" / "contributing" / "templates"


def test_the_page_template_builds_as_it_is(make_app, tmp_path):
    """Copied into a small handbook (with the real content rules) next to the pages it links
    to, the page template builds with no warning: no missing picture, no broken link."""
    src = tmp_path / "src"
    shutil.copytree(Path(__file__).resolve().parent / "roots" / "test-content", src)
    template = (TEMPLATES / "page.md").read_text(encoding="utf-8")
    (src / "hip-pain.md").write_text(template, encoding="utf-8")
    for name, heading in (("get-help-now", "Get help now"), ("start-here", "Start here")):
        page = template.replace("# A title that says what the page is about", f"# {heading}")
        (src / f"{name}.md").write_text(page + "\nSee {doc}`hip-pain`.\n", encoding="utf-8")
    index = (src / "index.md").read_text(encoding="utf-8")
    (src / "index.md").write_text(index.replace("neck-pain\n```", "neck-pain\nhip-pain\nget-help-now\n"
                                                "start-here\n```"), encoding="utf-8")
    app = make_app("html", srcdir=src, confoverrides={"nitpicky": True})
    app.build()
    assert not warnings(app), warnings(app)
    assert "A title that says what the page is about" in (app.outdir / "hip-pain.html").read_text()


def test_the_exercise_template_builds_as_it_is_and_the_guide_shows_the_page_template(make_app, tmp_path):
    card = (TEMPLATES / "exercise.md").read_text(encoding="utf-8")
    app = build(make_app, tmp_path / "src", {"exercises/low-back": "# Exercises\n\n" + card})
    assert not warnings(app), warnings(app)
    page = read(app.outdir / "exercises" / "low-back.html").soup
    assert page.select_one(f"section.hb-exercise#exercise-{field(card, 'label')}")
    assert "```{literalinclude} templates/page.md" in (REPO / "docs" / "contributing" / "add-a-page.md").read_text()


def test_the_guide_lists_each_bases_starting_angles():
    text = guide()
    for base, values in poses.BASES.items():
        row = next((line for line in text.splitlines() if line.startswith(f"| `base={base}` |")), "")
        for key, value in values.items():
            assert f"`{key}={value}`" in row, (base, key, value)
