"""Print a patient's programme: chosen exercises, doses, a plan, the red flags, a diary and a QR code.

    make handout EXERCISES="knee-rolls bridge" DOSE="bridge=hold 5 seconds,reps 8"
    make handout PROGRAMME=my-patient.toml
    python -m tools.pdf.handout build/print knee-rolls bridge --dose "bridge=reps 8" --review 2026-12-10

The same handout as the site's programme builder ("Make a programme"): it fills
the same templates (``_static/hb-programme/handout.html``) from the same data
(``_static/hb-programme/data.json``, which the print build writes from the
exercise cards, the conditions table and the red-flag boxes), with the same
stylesheet, so both routes print one design. Its two-week diary is the
handbook's own printable diary with the exercises written in
(tools/pdf/diary.py). Its QR code (drawn with segno) opens the programme on
the patient's phone; the link holds the exercises, doses and plan only
(tools/exercises/programme.py). The QR code and the links to the full cards
need the address the handbook is published at (``--site``, ``SITE_URL=``):
without it the handout has neither, and says so on the terminal, rather
than print an address a patient's phone cannot open.

A programme file is TOML::

    build-up = 1              # 0 keep the doses, 1 add 1 to 2 repeats every few days, ...
    review = 2026-12-10       # when to review it with the clinician
    [[exercise]]
    label = "bridge"
    dose = "hold 5 seconds, reps 8, 2 sets, 3 times a day"
    [[exercise]]
    label = "knee-rolls"

The PDF is named by the date and the exercises, and a file that exists is
never overwritten (``-2``, ``-3`` ... are added), unless you name it with
``-o``. An unknown label, a dose that cannot be read or is out of range is an
error that says what to write, and nothing is written. The PDF is tagged and
written atomically, like the handbook's PDFs.
"""

from __future__ import annotations

import argparse
import base64
import copy
import datetime as dt
import difflib
import json
import sys
import tomllib
from pathlib import Path

import segno
from bs4 import BeautifulSoup, Tag

from tools.exercises.conditions import red_flags_for, snippet_class
from tools.exercises.programme import (
    BUILD_UP,
    Item,
    Programme,
    ProgrammeError,
    apply,
    card_dose,
    encode,
    parse_dose_option,
)
from tools.pdf.build_pdf import PAPERS, PDFBuildError, build_pdf
from tools.pdf.diary import diary

DATA = "_static/hb-programme/data.json"
TEMPLATES = "_static/hb-programme/handout.html"
STYLE = "_static/css/hb-programme.css"


class HandoutError(Exception):
    pass


def fill(templates: BeautifulSoup, template_id: str, record: dict) -> Tag:
    """One template filled as hb-programme.js fills it: data-field, data-list, data-attr-*."""
    template = templates.find("template", id=template_id)
    element = copy.copy(next(child for child in template.children if isinstance(child, Tag)))
    for node in [element, *element.find_all(True)]:
        if (name := node.get("data-field")) is not None:
            value = record.get(name) or ""
            node.string = " ".join(value) if isinstance(value, list) else str(value)
            if not node.string and node.name == "p":
                node["hidden"] = ""
        if (name := node.get("data-list")) is not None:
            for item in record.get(name) or []:
                li = templates.new_tag("li")
                li.string = item
                node.append(li)
        for attr in [a for a in node.attrs if a.startswith("data-attr-")]:
            node[attr.removeprefix("data-attr-")] = str(record.get(node[attr]) or "")
    return element


def qr_image(soup: BeautifulSoup, link: str) -> Tag:
    svg = segno.make(link, error="m").svg_inline(scale=4, border=4)
    return soup.new_tag("img", attrs={"src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
                                      "alt": "QR code that opens this programme on a phone"})


BLANKS = "For: ____________________   From: ____________________   Date: ______________"


def handout_html(build: Path, programme: Programme, who: str = BLANKS, site: str | None = None) -> str:
    """The handout's page; ``site``, where the handbook is published, for the QR code and
    the links to the full cards: without it, neither is printed."""
    data = json.loads((build / DATA).read_text(encoding="utf-8"))
    templates = BeautifulSoup((build / TEMPLATES).read_text(encoding="utf-8"), "html.parser")
    by_label = {e["label"]: e for e in data["exercises"]}
    unknown = [item.label for item in programme.items if item.label not in by_label]
    if unknown:
        problems = []
        for label in unknown:
            near = difflib.get_close_matches(label, by_label, n=1)
            problems.append(f"no exercise with the label '{label}'" + (f"; did you mean '{near[0]}'?" if near else ""))
        raise HandoutError("\n".join(problems) + "\nThe labels are listed in the exercise library "
                           "(docs/exercises/), one after each ':label:'.")
    chosen = []
    for item in programme.items:
        exercise = by_label[item.label]
        try:
            chosen.append((exercise, apply(card_dose(exercise["dose"]), item.changes)))
        except ProgrammeError as error:
            raise HandoutError(f"{item.label}: {error}") from None
    base = site.rstrip("/") + "/" if site else ""
    link = base + "my-programme.html#" + encode(programme)
    plan = BUILD_UP[programme.build_up]
    if programme.review:
        plan += f" Review this programme with your clinician on {programme.review.day} {programme.review:%B %Y}."
    article = fill(templates, "hb-handout", {"edition": data["edition"], "who": who, "plan": plan, "link": link})
    cards = article.find(attrs={"data-slot": "cards"})
    areas: list[str] = []
    for exercise, dose in chosen:
        areas += [a for a in exercise["areas"] if a not in areas]
        card = fill(templates, "hb-handout-card", {
            **exercise, "dose": dose.text(), "page": base + exercise["page"],
            "page_text": f"{exercise['title']} in the exercise library"})
        for care in exercise.get("take_care", []):
            card.find(attrs={"data-slot": "take-care"}).append(fill(templates, "hb-handout-take-care", {
                **care, "page": base + care["page"]}))
        if not site:  # no address a reader could open: the words stay, the links go
            card.find(class_="hb-handout-full").decompose()
            for anchor in card.select("a"):
                anchor.unwrap()
        cards.append(card)
    boxes = article.find(attrs={"data-slot": "boxes"})
    for snippet in red_flags_for(areas, None):
        box = data["boxes"].get(snippet)
        if box is None:
            raise HandoutError(f"the print build has no red-flag box _snippets/{snippet}.md: run `make print` again")
        box_class = (f"hb-handout-box hb-handout-{box['urgency']} hb-red-flags hb-{box['urgency']} "
                     + snippet_class(snippet))
        boxes.append(fill(templates, "hb-handout-box", {**box, "box_class": box_class}))
    article.find(attrs={"data-slot": "sheet"}).append(diary(templates, [e["title"] for e, _ in chosen]))
    if site:
        article.find(attrs={"data-slot": "qr"}).append(qr_image(templates, link))
    else:
        article.find(class_="hb-handout-link").decompose()
    index = BeautifulSoup((build / "index.html").read_text(encoding="utf-8"), "html.parser")
    styles = "\n".join(str(link) for link in index.head.select('link[rel="stylesheet"]'))
    return f"""<!DOCTYPE html><html lang="en">
<head><meta charset="utf-8"><title>Your exercises: Exercises for Back Pain</title>
{styles}
<link rel="stylesheet" href="{STYLE}"></head>
<body class="hb-handout-print">
{article}
</body></html>
"""


def read_programme_file(path: Path) -> Programme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise HandoutError(f"{path}: {error}") from None
    items = []
    for number, entry in enumerate(data.get("exercise", []), 1):
        if "label" not in entry:
            raise HandoutError(f"{path}: exercise {number} has no label")
        try:
            items.append(Item(entry["label"], parse_dose_option(entry.get("dose", ""))))
        except ProgrammeError as error:
            raise HandoutError(f"{path}: {entry['label']}: {error}") from None
    review = data.get("review")
    return Programme(items, int(data.get("build-up", 1)), review if isinstance(review, dt.date) else None)


def output_path(folder: Path, programme: Programme, paper: str, today: dt.date) -> Path:
    """A new file: the date and the exercises, never the last patient's handout."""
    labels = "-".join(item.label for item in programme.items)
    stem = f"handout-{today.isoformat()}-{labels[:80].rstrip('-')}-{paper}"
    path, n = folder / f"{stem}.pdf", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.pdf"
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="the print build (make print), or its index.html")
    parser.add_argument("labels", nargs="*", metavar="LABEL", help="exercise labels, such as knee-rolls")
    parser.add_argument("--dose", action="append", default=[], metavar="LABEL=DOSE",
                        help='a dose for one exercise, such as "bridge=hold 5 seconds,reps 8"; '
                             'several with ";" between them')
    parser.add_argument("--programme", type=Path, help="a programme file (TOML) instead of labels")
    parser.add_argument("--build-up", type=int, choices=sorted(BUILD_UP), default=None)
    parser.add_argument("--review", type=dt.date.fromisoformat, help="review date, YYYY-MM-DD")
    parser.add_argument("--site", help="where the handbook is published, such as https://example.org/back-pain/: "
                                       "for the QR code and the links to the full cards (without it, neither)")
    parser.add_argument("--paper", choices=sorted(PAPERS), default="a4")
    parser.add_argument("-o", "--output", type=Path, help="the PDF to write (default: a new file in build/handout)")
    parser.add_argument("--out-dir", type=Path, default=Path("build/handout"))
    args = parser.parse_args(argv)
    build = args.build.parent if args.build.suffix == ".html" else args.build
    if not (build / "index.html").is_file():
        print(f"{build / 'index.html'}: not found; run `make print` first", file=sys.stderr)
        return 1
    if not (build / DATA).is_file():
        print(f"{build / DATA}: not found; run `make print` again", file=sys.stderr)
        return 1
    try:
        if args.programme:
            programme = read_programme_file(args.programme)
        else:
            labels = list(dict.fromkeys(args.labels))  # each card once, in the order asked
            programme = Programme([Item(label) for label in labels])
        doses = {}
        for option in (part for given in args.dose for part in given.split(";") if part.strip()):
            label, _, text = option.partition("=")
            if not text:
                raise HandoutError(f"--dose {option!r}: write LABEL=DOSE, such as bridge=reps 8")
            doses[label.strip()] = parse_dose_option(text)
        for item in programme.items:
            item.changes.update(doses.pop(item.label, {}))
        if doses:
            raise HandoutError(f"a dose for {', '.join(doses)}, which is not in the programme")
        if not programme.items:
            raise HandoutError("name at least one exercise")
        if args.build_up is not None:
            programme.build_up = args.build_up
        if args.review:
            programme.review = args.review
        page = handout_html(build, programme, site=args.site)
        target = args.output or output_path(args.out_dir, programme, args.paper, dt.date.today())
        target.parent.mkdir(parents=True, exist_ok=True)
        from tools.site.edition import read_edition

        build_pdf(build / "index.html", target, args.paper, read_edition().label, source=page)
    except (HandoutError, ProgrammeError, PDFBuildError) as error:
        print(f"handout: {error}", file=sys.stderr)
        return 1
    print(f"handout: {target} ({PAPERS[args.paper]}, {len(programme.items)} exercises)")
    if not args.site:
        print("handout: no QR code or links to the site: give the address the handbook is published at, "
              "as in make handout ... SITE_URL=https://example.org/back-pain/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
