"""Print a handout of chosen exercises, for a clinician to give a patient.

    python -m tools.handout build/print/index.html knee-rolls bridge --paper a4 -o handout.pdf
    make handout EXERCISES="knee-rolls bridge"

Takes the exercises, by label, from the handbook's print build (``make print``),
so a handout shows exactly the cards the handbook prints: picture, steps, dose,
the blank "your own plan" line, and when to stop. After the cards come the
red-flag boxes of each condition the chosen exercises are for, copied from that
condition's chapter in the same build, so they are still written only once.
The first page has blank lines for the patient's name, the clinician and the
date.

An unknown label is an error that suggests the nearest label; nothing is
written. The PDF is tagged and written atomically, like the handbook's PDFs.
"""

from __future__ import annotations

import argparse
import difflib
import html as html_lib
import re
import sys
from pathlib import Path

from tools.build_pdf import PAPERS, PDFBuildError, build_pdf
from tools.edition import read_edition

sys.path.insert(0, str(Path(__file__).resolve().parent / "extensions"))
from handbook_exercise import DEFAULT_AREAS  # noqa: E402  (the names a card shows)

# The chapter whose "when to get help now" boxes go with each area's exercises.
AREA_CHAPTERS = {"low-back": "low-back-pain", "sciatica": "sciatica", "neck": "neck-pain",
                 "general": "exercising-at-home"}
_TAG = re.compile(r"<(/?)(section|div)\b[^>]*>")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_INTERNAL_LINK = re.compile(r'<a\b[^>]*\bhref="#[^"]*"[^>]*>(.*?)</a>', re.S)


class HandoutError(Exception):
    pass


def element_at(page: str, start: int) -> str:
    """The whole <section> or <div> element whose opening tag starts at ``start``."""
    depth = 0
    for match in _TAG.finditer(page, start):
        depth += -1 if match[1] else 1
        if depth == 0:
            return page[start:match.end()]
    raise HandoutError("the print build's HTML is cut short: run `make print` again")


def exercises_in(page: str) -> dict[str, str]:
    """{label: the exercise's section} for every exercise in the print build."""
    return {m[1]: element_at(page, m.start())
            for m in re.finditer(r'<section class="hb-exercise" id="exercise-([a-z0-9-]+)">', page)}


def areas_of(card: str) -> list[str]:
    found = re.search(r'class="hb-exercise-tags"[^>]*>.*?</p>', card, re.S)
    labels = {name: area for area, name in DEFAULT_AREAS.items()}
    text = re.sub(r"<[^>]+>", "", found[0]) if found else ""
    return [labels[name] for name in labels if name in text]


def red_flag_boxes(page: str, areas: list[str]) -> list[str]:
    """The red-flag boxes of each area's chapter, each box once, emergencies first."""
    boxes: dict[str, str] = {}
    for area in areas:
        chapter = re.search(rf'<section id="{AREA_CHAPTERS[area]}--when-to-get-help-now">', page)
        if not chapter:
            continue
        section = element_at(page, chapter.start())
        for box in re.finditer(r'<div class="[^"]*\bhb-red-flags\b[^"]*">', section):
            element = element_at(section, box.start())
            title = re.search(r'<p class="admonition-title">(.*?)</p>', element, re.S)
            boxes.setdefault(title[1] if title else element, element)
    # "Call emergency services now" before "get an urgent appointment today".
    return sorted(boxes.values(), key=lambda box: "hb-emergency" not in box[:box.index(">")])


def handout_html(page: str, labels: list[str], edition: str) -> str:
    cards = exercises_in(page)
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
    head = page[page.index("<head>") + len("<head>"):page.index("</head>")]
    styles = "\n".join(re.findall(r'<link rel="stylesheet"[^>]*>', head))
    body = "\n".join(chosen + ['<section class="hb-handout-help"><h2>When to get help now</h2>',
                               *red_flag_boxes(page, areas),
                               "<p>All the warning signs are in the chapter “Get help now” of "
                               "the handbook <em>Exercises for Back Pain</em>.</p></section>"])
    body = _INTERNAL_LINK.sub(r"\1", _HEADERLINK.sub("", body))  # their targets are not in the handout
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
