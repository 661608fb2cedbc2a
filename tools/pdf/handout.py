"""Print a handout of chosen exercises, for a clinician to give a patient.

    python -m tools.pdf.handout build/print/index.html knee-rolls bridge --paper a4 -o handout.pdf
    make handout EXERCISES="knee-rolls bridge"

Takes the exercises, by label, from the handbook's print build (``make print``),
so a handout shows exactly the cards the handbook prints: picture, steps, dose,
the blank "your own plan" line, and when to stop. After the cards come the
red-flag boxes of every condition the chosen exercises serve (the conditions
table, docs/conditions.toml, names them), emergencies first, copied from the
same build, so they are still written only once. The warm-up and fitness
exercises bring the signs that mean "call 999" while you exercise.
The first page has blank lines for the patient's name, the clinician and the
date.

An unknown label is an error that suggests the nearest label; nothing is
written. The PDF is tagged and written atomically, like the handbook's PDFs.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import html as html_lib
import sys
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from tools.pdf.build_pdf import PAPERS, PDFBuildError, build_pdf
from tools.exercises.conditions import red_flags_for, snippet_class
from tools.site.edition import read_edition


class HandoutError(Exception):
    pass


def exercises_in(soup: BeautifulSoup) -> dict[str, Tag]:
    """{label: the exercise's section} for every exercise in the print build."""
    return {section["id"].removeprefix("exercise-"): section for section in soup.select("section.hb-exercise")}


def areas_of(card: Tag) -> list[str]:
    return [cls.removeprefix("hb-area-") for cls in card["class"] if cls.startswith("hb-area-")]


def red_flag_boxes(soup: BeautifulSoup, areas: list[str]) -> list[Tag]:
    """The red-flag boxes of these areas (docs/conditions.toml), each once, emergencies first.

    Every box is shown on "Get help now", so each is in the print build."""
    boxes = []
    for snippet in red_flags_for(areas):
        box = soup.select_one(f".hb-red-flags.{snippet_class(snippet)}")
        if box is None:
            raise HandoutError(f"the print build has no red-flag box _snippets/{snippet}.md: "
                               "run `make print` again")
        boxes.append(box)
    return boxes


def _standalone(element: Tag) -> str:
    """The element as HTML, without links to places that are not in the handout."""
    element = copy.copy(element)
    for link in element.select("a.headerlink"):
        link.decompose()
    for link in element.select('a[href^="#"]'):
        link.unwrap()
    return str(element)


def handout_html(page: str, labels: list[str], edition: str) -> str:
    soup = BeautifulSoup(page, "html.parser")
    cards = exercises_in(soup)
    unknown = [label for label in labels if label not in cards]
    if unknown:
        problems = []
        for label in unknown:
            near = difflib.get_close_matches(label, cards, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            problems.append(f"no exercise with the label '{label}'{hint}")
        raise HandoutError("\n".join(problems) + "\nThe labels are listed in the exercise library "
                           "(docs/exercises/), one after each ':label:'.")
    chosen = [cards[label] for label in labels]
    areas = list(dict.fromkeys(area for card in chosen for area in areas_of(card)))
    styles = "\n".join(str(link) for link in soup.head.select('link[rel="stylesheet"]'))
    body = "\n".join([*map(_standalone, chosen),
                      '<section class="hb-handout-help"><h2>When to get help now</h2>',
                      *map(_standalone, red_flag_boxes(soup, areas)),
                      "<p>All the warning signs are in the chapter “Get help now” of "
                      "the handbook <em>Exercises for Back Pain</em>.</p></section>"])
    blanks = "".join(f"<dt>{name}</dt><dd></dd>" for name in ("For", "From", "Date"))
    return f"""<!DOCTYPE html><html lang="en">
<head><meta charset="utf-8"><title>Your exercises: Exercises for Back Pain</title>
{styles}</head>
<body class="hb-handout">
<header class="hb-handout-header">
<p class="hb-cover-kicker">Exercises for Back Pain · Edition {html_lib.escape(edition)}</p>
<h1>Your exercises</h1>
<p>Chosen for you by your clinician. Do each one as its card shows, or as your
clinician writes on its “Your own plan” line.</p>
<dl class="hb-handout-blanks">{blanks}</dl>
</header>
{body}
</body></html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="the print build's index.html (make print)")
    parser.add_argument("labels", nargs="+", metavar="LABEL", help="exercise labels, such as knee-rolls")
    parser.add_argument("--paper", choices=sorted(PAPERS), default="a4")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    args = parser.parse_args(argv)
    if not args.html.is_file():
        print(f"{args.html}: not found; run `make print` first", file=sys.stderr)
        return 1
    edition = read_edition().number
    labels = list(dict.fromkeys(args.labels))  # each card once, in the order asked
    try:
        page = handout_html(args.html.read_text(encoding="utf-8"), labels, edition)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        build_pdf(args.html, args.output, args.paper, edition, source=page)
    except (HandoutError, PDFBuildError) as error:
        print(f"handout: {error}", file=sys.stderr)
        return 1
    print(f"handout: {args.output} ({PAPERS[args.paper]}, {len(labels)} exercises)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
