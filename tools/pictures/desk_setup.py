"""Draw docs/_static/pictures/desk-setup.svg: a good desk set-up, with its points labelled.

The person is the exercise drawings' sitting figure (tools.exercises.poses), so
the picture matches the exercise cards; the desk, screen, keyboard and labels
are added here. The picture carries its own white panel, as the exercise
drawings do on the site, so its black lines show in dark mode too. Labels are
28 units high in a 600-unit-wide picture: 16 px when a phone shows it 340 px
wide, and about 16 pt in the PDF (120 mm wide).

Run ``python -m tools.pictures.desk_setup`` after changing this file, or the
pose drawings it borrows from; ``--check`` says whether the SVG is up to date
(tests/test_pictures.py runs it).
"""

from __future__ import annotations

import argparse
import sys
from html import escape
from pathlib import Path

from tools.exercises.poses import figure_for, parse_pose
from tools.exercises.poses.geometry import ACCENT, FAR, INK, PROP
from tools.exercises.poses.svg import _svg_props, _svg_stroke  # the exercise drawings' own strokes

TARGET = Path(__file__).resolve().parents[2] / "docs" / "_static" / "pictures" / "desk-setup.svg"
ALT = ("A person sits at a desk. The top of the screen is level with their eyes, their forearms are level, "
       "their feet are flat on the floor and the chair supports their lower back.")
POSE = "base=sitting torso=92 neck=95 head=92 arm=-85,5 leg=0,-90"
WIDTH, HEIGHT = 600, 560
SCALE = 2.9  # drawing units to picture units
FLOOR_Y, ORIGIN_X = 470, 190  # where the drawing's floor and x = 0 fall in the picture
FONT = 28
DESK_TOP, DESK_FRONT, DESK_BACK = 71, 14, 118
SCREEN_TOP = 125  # drawing units, as the body's


def to_picture(x: float, y: float) -> tuple[float, float]:
    return ORIGIN_X + x * SCALE, FLOOR_Y - y * SCALE


def label(lines: list[str], x: float, y: float, anchor: str = "start") -> str:
    """Lines of text, the first with its baseline at y."""
    spans = "".join(f'<tspan x="{x:.0f}" dy="{0 if i == 0 else FONT * 1.15:.1f}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text x="{x:.0f}" y="{y:.0f}" font-size="{FONT}" text-anchor="{anchor}" fill="{INK}">{spans}</text>'


def pointer(points: list[tuple[float, float]]) -> str:
    """A thin line from a label to the part it names, with a dot on the part."""
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    x, y = points[-1]
    return (f'<polyline points="{path}" fill="none" stroke="{INK}" stroke-width="2"/>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{ACCENT}" stroke="{INK}" stroke-width="1.5"/>')


def furniture() -> list[str]:
    """The desk (its legs grey like a far limb: behind the person), keyboard, screen and a back cushion, in drawing units."""
    line = 'fill="none" stroke-linecap="round" stroke-linejoin="round"'
    top = -DESK_TOP
    return [
        f'<path d="M{DESK_FRONT + 4},{top} V0 M{DESK_BACK - 4},{top} V0" {line} stroke="{FAR}" stroke-width="2.4"/>',
        f'<rect x="{DESK_FRONT}" y="{top}" width="{DESK_BACK - DESK_FRONT}" height="4" rx="1.5" fill="{PROP}"/>',
        f'<rect x="22" y="{top - 2.2}" width="24" height="2.2" rx="1" fill="{PROP}"/>',  # keyboard
        # the screen, seen from the side, on its stand
        f'<path d="M84,{top} H100 M92,{top} V{33 - SCREEN_TOP}" {line} stroke="{PROP}" stroke-width="2.4"/>',
        f'<rect x="86" y="{-SCREEN_TOP}" width="5" height="33" rx="1.5" fill="{PROP}"/>',
        # a cushion in the small of the back
        f'<rect x="-19.5" y="-78" width="9" height="22" rx="4.5" fill="#ffffff" stroke="{PROP}" stroke-width="1.6"/>',
    ]


def draw() -> str:
    figure = figure_for(parse_pose(POSE))
    figure.shift(0, -figure.bounds()[1])  # feet flat on the floor (the cards leave a gap)
    eye = (figure.points["head"][0] + 5, figure.points["head"][1] + 2)
    screen_top = (88.5, SCREEN_TOP)
    body = [_svg_stroke(s) for s in figure.strokes]
    drawing = [*_svg_props(figure, -40, DESK_BACK), *furniture(), *body,
               # the line of sight, level from the eyes to the top of the screen
               f'<line x1="{eye[0] + 12:.1f}" y1="{-eye[1]:.1f}" x2="{screen_top[0] - 4}" y2="{-eye[1]:.1f}" '
               f'stroke="{ACCENT}" stroke-width="1.6" stroke-dasharray="4 3"/>']
    sx, sy = to_picture(*screen_top)
    hx, hy = to_picture(*figure.points["hand"])
    elbow_x = (hx + to_picture(*figure.points["shoulder"])[0]) / 2 - 10
    back_x, back_y = to_picture(-15, 67)
    foot_x, foot_y = to_picture(48, 2)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" class="hb-picture-drawing" '
        'font-family="Atkinson Hyperlegible, Arial, sans-serif">',
        f"<title>{escape(ALT)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" rx="12" fill="#ffffff"/>',
        f'<line x1="20" y1="{FLOOR_Y}" x2="{WIDTH - 20}" y2="{FLOOR_Y}" stroke="{PROP}" stroke-width="4"/>',
        f'<g transform="translate({ORIGIN_X} {FLOOR_Y}) scale({SCALE})">', *drawing, "</g>",
        label(["Top of screen", "at eye level"], WIDTH - 16, 40, "end"),
        pointer([(WIDTH - 120, 84), (sx + 8, sy - 4)]),
        label(["Forearms", "level"], 370, 178, "middle"),
        pointer([(340, 222), (elbow_x + 18, hy - 4)]),
        label(["Back", "supported"], 16, 40),
        pointer([(60, 84), (back_x - 6, back_y)]),
        label(["Feet flat on the floor"], WIDTH / 2, FLOOR_Y + 52, "middle"),
        pointer([(WIDTH / 2 - 10, FLOOR_Y + 26), (foot_x, foot_y)]),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the SVG is not what this draws")
    args = parser.parse_args(argv)
    svg = draw()
    if args.check:
        if not TARGET.is_file() or TARGET.read_text(encoding="utf-8") != svg:
            print(f"{TARGET}:1: not what tools/pictures/desk_setup.py draws: run "
                  "python -m tools.pictures.desk_setup")
            return 1
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(svg, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
