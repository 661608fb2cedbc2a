"""From two :class:`Figure` drawings to SVG: two panels for the cards, or one picture with captions."""

from __future__ import annotations

import math
from html import escape

from tools.exercises.poses.geometry import (
    GHOST, HEAD_R, INK, PROP, SEAT_HEIGHT, W_TORSO, Figure, Stroke, _bounds, figure_for, figures,
)
from tools.exercises.poses.parse import Pose, parse_pose

CLOSE_UP_SCALE = 2.6
FLOOR_GAP = 6  # below the floor line, so that a panel shows all of it
PANEL_SCALE = 1.5  # a panel's size in CSS px a drawing unit, as a wide screen shows it


def _svg_stroke(s: Stroke, opacity: float = 1.0) -> str:
    alpha = "" if opacity == 1 else f' opacity="{opacity}"'
    if s.colour == "helper":  # the helper is drawn in outline, to tell them apart from you
        inner = Stroke(s.points, max(s.width - 3.5, 1), "#ffffff", max(s.dot - 1.8, 0))
        return _svg_stroke(Stroke(s.points, s.width, INK, s.dot)) + _svg_stroke(inner)
    if s.part == "arrow":
        return _svg_arrow(s)
    if s.dot:
        x, y = s.points[0]
        return f'<circle cx="{x:.1f}" cy="{-y:.1f}" r="{s.dot:.1f}" fill="{s.colour}"{alpha}/>'
    path = " ".join(f"{x:.1f},{-y:.1f}" for x, y in s.points)
    if s.fill:
        return (f'<polygon points="{path}" fill="{s.colour}" stroke="{s.colour}" stroke-width="{s.width}" '
                f'stroke-linejoin="round"{alpha}/>')
    return (f'<polyline points="{path}" fill="none" stroke="{s.colour}" stroke-width="{s.width}" '
            f'stroke-linecap="round" stroke-linejoin="round"{alpha}/>')


def _svg_arrow(s: Stroke) -> str:
    """A motion arrow: a shaft and a filled head, with a white edge so that it
    shows on the body as well as beside it."""
    head_len, head_w = s.width * 2.6, s.width * 1.8
    # The shaft stops where the head begins, head_len back along the path.
    path, left = list(s.points), head_len
    while len(path) > 1:
        part = math.dist(path[-2], path[-1])
        if part > left:
            t = (part - left) / part
            path[-1] = (path[-2][0] + t * (path[-1][0] - path[-2][0]), path[-2][1] + t * (path[-1][1] - path[-2][1]))
            break
        left -= part
        path.pop()
    (x1, y1), back = s.points[-1], path[-1]
    angle = math.atan2(y1 - back[1], x1 - back[0])
    side = (-math.sin(angle) * head_w, math.cos(angle) * head_w)
    tri = [(x1, y1), (back[0] + side[0], back[1] + side[1]), (back[0] - side[0], back[1] - side[1])]
    shaft = " ".join(f"{x:.1f},{-y:.1f}" for x, y in (path if len(path) > 1 else path * 2))
    head = " ".join(f"{x:.1f},{-y:.1f}" for x, y in tri)
    edge = s.width * 0.7
    return (f'<g class="hb-pose-arrow">'
            f'<polyline points="{shaft}" fill="none" stroke="#ffffff" stroke-width="{s.width + 2 * edge:.1f}" '
            f'stroke-linecap="round"/>'
            f'<polygon points="{head}" fill="#ffffff" stroke="#ffffff" stroke-width="{2 * edge:.1f}" '
            f'stroke-linejoin="round"/>'
            f'<polyline points="{shaft}" fill="none" stroke="{s.colour}" stroke-width="{s.width}" '
            f'stroke-linecap="round"/>'
            f'<polygon points="{head}" fill="{s.colour}" stroke="{s.colour}" stroke-width="1" '
            f'stroke-linejoin="round"/></g>')


def _svg_props(figure: Figure, left: float, right: float) -> list[str]:
    out = []
    line = f'fill="none" stroke="{PROP}" stroke-width="1.6"'
    if "mat" in figure.props and figure.mat:  # seen from above
        x0, y0, x1, y1 = figure.mat
        out.append(f'<rect x="{x0:.1f}" y="{-y1:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" rx="4" {line}/>')
    elif "mat" in figure.props:
        out.append(f'<rect x="{left + 4:.1f}" y="-5" width="{right - left - 8:.1f}" height="5" rx="2" {line}/>')
    if "towel" in figure.props and figure.head and figure.mat:
        x, y = figure.head
        out.append(f'<rect x="{x - 17:.1f}" y="{-y - 20:.1f}" width="24" height="40" '
                   f'rx="3" {line} stroke-dasharray="3 2"/>')
    elif "towel" in figure.props and figure.head:
        x, y = figure.head
        out.append(f'<rect x="{x - 16:.1f}" y="{-y + HEAD_R - 1:.1f}" width="30" height="{y - HEAD_R - 4:.1f}" '
                   f'rx="3" {line} stroke-dasharray="3 2"/>')
    if "chair" in figure.props and figure.seat:
        x, y = figure.seat
        if y > SEAT_HEIGHT + 15:  # standing up from the chair: it stays behind you
            x, y = x - 44, SEAT_HEIGHT
        seat_y = -(y - W_TORSO / 2)
        out.append(f'<path d="M{x - 20:.1f},{seat_y:.1f} H{x + 24:.1f} M{x - 20:.1f},{seat_y:.1f} V{seat_y - 62:.1f} '
                   f'M{x - 18:.1f},{seat_y:.1f} V0 M{x + 22:.1f},{seat_y:.1f} V0" '
                   f'fill="none" stroke="{PROP}" stroke-width="3" stroke-linecap="round"/>')
    if figure.wall_x is not None:
        x = figure.wall_x
        step = 1 if "wall-front" in figure.props else -1
        hatch = "".join(f"M{x:.1f},{-y} l{8 * step},-8 " for y in range(0, 190, 14))
        out.append(f'<path d="M{x:.1f},0 V-195 {hatch}" fill="none" stroke="{PROP}" stroke-width="1.6"/>')
    return out


def _close_up_box(figures_: list[Figure]) -> tuple[float, float, float, float]:
    """Head and shoulders, from the start drawing, and any arrows, in drawing units."""
    (hx, hy), sy = figures_[0].points["head"], figures_[0].points["shoulder"][1]
    x0, y0, x1, y1 = hx - 40, sy - 20, hx + 36, hy + HEAD_R + 10
    marks = [s for f in figures_ for s in f.strokes if s.part == "arrow"]
    if marks:
        mx0, my0, mx1, my1 = _bounds(marks)
        x0, y0, x1, y1 = min(x0, mx0 - 8), min(y0, my0 - 8), max(x1, mx1 + 8), max(y1, my1 + 8)
    return x0, y0, x1, y1


def _panels(start: str | Pose, end: str | Pose) -> tuple[float, float, list[list[str]]]:
    """Both drawings, each as SVG elements in a panel of the same width and height
    (so that side by side, or one above the other, they are drawn to one scale);
    raise PoseError on a bad description. The floor is at y = height - FLOOR_GAP."""
    poses = [p if isinstance(p, Pose) else parse_pose(p) for p in (start, end)]
    figures_ = list(figures(*poses))
    ghost = figure_for(poses[0], GHOST, GHOST, helper=False, marks=False)
    if poses[0].close_up:
        return _close_up_panels(figures_, ghost, poses[1].ghost)
    boxes = [f.bounds() for f in figures_]
    # Props sit beside the body: leave room for them in each panel.
    pad_l = [24 if f.props & {"chair", "wall-behind"} else 12 for f in figures_]
    pad_l = [70 if "chair" in f.props and f.seat and f.seat[1] > SEAT_HEIGHT + 15 else p
             for f, p in zip(figures_, pad_l)]
    pad_r = [24 if f.props & {"wall-front"} else 12 for f in figures_]
    if figures_[0].label and figures_[0].label[1] == "helper":
        pad_r = [p + 10 for p in pad_r]
    ghost_box = ghost.bounds()
    lefts = [min(b[0], ghost_box[0]) - pl for b, pl in zip(boxes, pad_l)]
    rights = [max(b[2], ghost_box[2]) + pr for b, pr in zip(boxes, pad_r)]
    if figures_[0].mat:  # seen from above: the mat sets the panel
        lefts = [min(l, f.mat[0] - 4) for l, f in zip(lefts, figures_)]
        rights = [max(r, f.mat[2] + 4) for r, f in zip(rights, figures_)]
    top = max(max(b[3] for b in boxes), ghost_box[3], 120 if figures_[0].wall_x is not None else 0,
              figures_[0].mat[3] if figures_[0].mat else 0) + 14
    width = max(r - l for l, r in zip(lefts, rights))
    panels = []
    for i, figure in enumerate(figures_):
        # Centre each figure in its panel; the floor is y = 0 in the figure.
        l, r = lefts[i], rights[i]
        parts = [f'<g transform="translate({(width - (r - l)) / 2 - l:.1f} {top:.1f})">']
        if poses[i].view == "side":
            parts.append(f'<line x1="{l:.1f}" y1="0" x2="{r:.1f}" y2="0" stroke="{PROP}" stroke-width="2"/>')
        parts += _svg_props(figure, l, r)
        if i == 1 and poses[1].ghost:  # ghost=none: the start is only in its own panel
            parts += [_svg_stroke(s, 0.8) for s in ghost.strokes]
        parts += [_svg_stroke(s) for s in figure.strokes]
        if figure.label and figure.label[1] == "helper":
            (x, y), text = figure.label
            parts.append(f'<text x="{x:.1f}" y="{-y:.1f}" font-size="19" fill="{INK}">{text}</text>')
        parts.append("</g>")
        panels.append(parts)
    return width, top + FLOOR_GAP, panels


def _close_up_panels(figures_: list[Figure], ghost: Figure, show_ghost: bool = True
                     ) -> tuple[float, float, list[list[str]]]:
    """Both panels show the same part of the body, larger, cut to a frame."""
    x0, y0, x1, y1 = _close_up_box(figures_)
    s = CLOSE_UP_SCALE
    width, top = (x1 - x0) * s, (y1 - y0) * s + 6
    panels = []
    for i, figure in enumerate(figures_):
        parts = [f'<clipPath id="hb-pose-close-up-{i}"><rect x="{x0:.1f}" y="{-y1:.1f}" '
                 f'width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" rx="6"/></clipPath>',
                 f'<g transform="translate({-x0 * s:.1f} {top + y0 * s:.1f}) scale({s})" '
                 f'clip-path="url(#hb-pose-close-up-{i})">']
        if i == 1 and show_ghost:  # no props: a chair or a wall would only be a stray line here
            parts += [_svg_stroke(g, 0.8) for g in ghost.strokes]
        parts += [_svg_stroke(st) for st in figure.strokes]
        parts.append(f'<rect x="{x0:.1f}" y="{-y1:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" rx="6" '
                     f'fill="none" stroke="{PROP}" stroke-width="{1.6 / s:.2f}"/>')
        parts.append("</g>")
        panels.append(parts)
    return width, top + FLOOR_GAP, panels


def _svg_open(width: float, height: float, title: str, scale: float = 1) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width * scale:.0f}" height="{height * scale:.0f}" role="img" class="hb-pose" '
            f'font-family="Atkinson Hyperlegible, Arial, sans-serif">',
            f"<title>{escape(title)}</title>"]


def render_panels(start: str | Pose, end: str | Pose, titles: tuple[str, str]) -> tuple[str, str]:
    """Start and end as two SVGs of one size and no captions, for a page to lay
    out side by side on a wide screen and one above the other on a phone, with
    captions in HTML that grow with the reader's text size. Raise PoseError on a
    bad description."""
    width, height, panels = _panels(start, end)
    return tuple("\n".join([*_svg_open(width, height, title, PANEL_SCALE), *parts, "</svg>"]) + "\n"
                 for title, parts in zip(titles, panels))


def render_svg(start: str | Pose, end: str | Pose, alt: str, labels: tuple[str, str] = ("Start", "End")) -> str:
    """Start and end side by side in one SVG, with captions and an arrow between
    them: one picture for the programme handout, printed or in the browser. Raise
    PoseError on a bad description."""
    panel_w, height, panels = _panels(start, end)
    # Each caption must fit under its own panel (about 9 units a character at 15 bold).
    width = max(panel_w, *(9 * len(f"{i + 1}. {label}") + 10 for i, label in enumerate(labels)))
    gap, label_h = 26, 30
    top = height - FLOOR_GAP
    parts = _svg_open(2 * width + gap, top + label_h, alt)
    for i, panel in enumerate(panels):
        parts.append(f'<g transform="translate({i * (width + gap) + (width - panel_w) / 2:.1f} 0)">')
        parts += panel
        parts.append("</g>")
        parts.append(f'<text x="{i * (width + gap) + width / 2:.1f}" y="{top + 22:.1f}" font-size="15" '
                     f'font-weight="700" text-anchor="middle" fill="{INK}">{i + 1}. {escape(labels[i])}</text>')
    parts.append(f'<path d="M{width + 5:.1f},{top / 2:.1f} h{gap - 12} m-6,-6 l6,6 l-6,6" fill="none" '
                 f'stroke="{INK}" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
