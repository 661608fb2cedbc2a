"""Draw exercise illustrations from a small pose description.

Contributors are not illustrators, so each exercise carries two short
descriptions, one for where the movement starts and one for where it ends,
and this module turns them into a single SVG in one line-art style: a
pictogram person seen from the side, facing right, drawn in thick round
strokes (near limbs black, far limbs grey), standing on a floor line, with
simple props drawn in thin outline.

A description is ``key=value`` words separated by spaces, for example::

    base=back leg=110,20 props=mat,towel

``base``
    a ready-made position to start from: ``standing``, ``sitting`` (on a
    chair), ``back`` (lying on your back, knees bent), ``back-straight``,
    ``front`` (lying on your front), ``hands-knees``, or ``front-view`` (head
    and shoulders seen from the front, for neck turns and tilts).
Side view: angles are degrees, measured like a compass turned on its side:
``0`` points forward (right), ``90`` up, ``-90`` down, ``180`` back (left).
    ``torso``   the direction from the hips to the shoulders
    ``spine``   how far the back curves, in units: positive rounds it up
                (like a cat), negative hollows it
    ``neck``    the direction of the neck (default: the torso's)
    ``head``    the direction the top of the head points (default: the neck's);
                the face looks 90 degrees clockwise from it
    ``arm``     the near arm: upper arm, forearm (``-90,-90`` hangs down)
    ``arm2``    the far arm (default: as the near arm)
    ``leg``     the near leg: thigh, shin (``-90,-90`` stands straight)
    ``leg2``    the far leg (default: as the near leg)
    ``foot``    the direction both feet point (default: square to the shin;
                ``foot=-60`` stands on tiptoe)
    ``reach``   put the near hand on a body point instead: ``forehead``,
                ``knee``, ``shin``, ``back-of-head``, ``belly``
    ``helper``  a helper kneels by you, both hands on your ``knee`` or ``shin``
Front view:
    ``tilt``    head tilt in degrees, positive towards your right shoulder
    ``turn``    ``left``, ``right`` or ``none``: which way you look
    ``reach``   ``head`` puts your right hand over the top of your head
Both:
    ``props``   any of ``mat``, ``chair``, ``wall-front``, ``wall-behind``,
                ``towel`` (folded under your head)

``PoseError`` explains what is wrong with a description; callers add the
file and line.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html import escape

__all__ = ["PoseError", "Pose", "parse_pose", "render_svg"]


class PoseError(ValueError):
    """A pose description that cannot be drawn."""


# Body sizes in drawing units (a standing figure is about 175 units tall).
TORSO, NECK, HEAD_R = 54, 9, 11
UPPER_ARM, FOREARM = 29, 27
THIGH, SHIN, FOOT = 42, 42, 12
W_TORSO, W_NECK, W_LIMB, W_THIGH = 20, 9, 9, 12

SEAT_HEIGHT = SHIN + (W_LIMB + W_THIGH) / 2 + 2  # the hips of someone sitting on a chair
INK, FAR, GHOST, PROP = "#111111", "#8c8c8c", "#c8c8c8", "#111111"

BASES: dict[str, dict[str, str]] = {
    "standing": {"torso": "90", "arm": "-92,-88", "leg": "-90,-90"},
    "sitting": {"torso": "95", "arm": "-65,-5", "leg": "2,-88", "props": "chair"},
    "back": {"torso": "180", "arm": "-4,0", "leg": "52,-52", "props": "mat"},
    "back-straight": {"torso": "180", "arm": "-4,0", "leg": "0,0", "props": "mat"},
    "front": {"torso": "0", "arm": "176,180", "leg": "180,180", "props": "mat"},
    "hands-knees": {"torso": "14", "head": "10", "arm": "-90,-90", "leg": "-90,180",
                    "props": "mat"},
    "front-view": {"view": "front"},
}
SIDE_KEYS = {"foot", "spine", "torso", "neck", "head", "arm", "arm2", "leg", "leg2", "reach", "helper"}
FRONT_KEYS = {"tilt", "turn", "reach"}
PROPS = {"mat", "chair", "wall-front", "wall-behind", "towel"}
SIDE_REACH = {"forehead", "knee", "shin", "back-of-head", "belly"}
HELPER_TARGETS = {"knee", "shin"}
TURNS = {"left": -1.0, "right": 1.0, "none": 0.0}
_WORD = re.compile(r"^([a-z][a-z0-9-]*)=(\S+)$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass
class Pose:
    view: str = "side"
    torso: float = 90.0
    neck: float | None = None
    head: float | None = None
    arm: tuple[float, float] = (-90.0, -90.0)
    arm2: tuple[float, float] | None = None
    leg: tuple[float, float] = (-90.0, -90.0)
    leg2: tuple[float, float] | None = None
    reach: str | None = None
    helper: str | None = None
    foot: float | None = None
    spine: float = 0.0
    seated: bool = False  # hips on a chair seat, whatever the legs do
    tilt: float = 0.0
    turn: float = 0.0
    props: set[str] = field(default_factory=set)


def _angle(key: str, text: str) -> float:
    if not _NUMBER.match(text):
        raise PoseError(f"{key}={text}: expected an angle in degrees, such as {key}=90")
    value = float(text)
    if not -360 <= value <= 360:
        raise PoseError(f"{key}={text}: an angle must be between -360 and 360 degrees")
    return value


def _pair(key: str, text: str) -> tuple[float, float]:
    parts = text.split(",")
    if len(parts) != 2:
        what = "thigh,shin" if key.startswith("leg") else "upper arm,forearm"
        raise PoseError(f"{key}={text}: expected two angles ({what}), such as {key}=-90,-90")
    return _angle(key, parts[0]), _angle(key, parts[1])


def parse_pose(text: str) -> Pose:
    """Read a pose description; raise PoseError naming the word that is wrong."""
    words = text.replace(";", " ").split()
    if not words:
        raise PoseError("the pose is empty: start with base=standing, base=back, ...")
    given: dict[str, str] = {}
    for word in words:
        match = _WORD.match(word)
        if not match:
            raise PoseError(f"{word!r}: expected key=value, such as base=standing")
        key, value = match.groups()
        if key in given:
            raise PoseError(f"{key} is given twice")
        given[key] = value
    base = given.pop("base", None)
    if base is None:
        raise PoseError("no base position: add base=" + ", base=".join(BASES))
    if base not in BASES:
        raise PoseError(f"base={base}: unknown; use one of {', '.join(BASES)}")
    values = dict(BASES[base])
    props = set(filter(None, values.pop("props", "").split(",")))
    if "props" in given:
        extra = set(given.pop("props").split(","))
        unknown = extra - PROPS
        if unknown:
            raise PoseError(f"props: unknown {', '.join(sorted(unknown))}; use {', '.join(sorted(PROPS))}")
        props |= extra
    pose = Pose(view=values.pop("view", "side"), props=props, seated=base == "sitting")
    allowed = FRONT_KEYS if pose.view == "front" else SIDE_KEYS
    for key in given:
        if key not in allowed:
            raise PoseError(f"{key}: not a setting of a {pose.view} view pose; "
                            f"use {', '.join(sorted(allowed | {'base', 'props'}))}")
    values.update(given)
    for key, value in values.items():
        if key in ("torso", "neck", "head", "tilt", "spine", "foot"):
            setattr(pose, key, _angle(key, value))
        elif key in ("arm", "arm2", "leg", "leg2"):
            setattr(pose, key, _pair(key, value))
        elif key == "turn":
            if value not in TURNS:
                raise PoseError(f"turn={value}: use turn=left, turn=right or turn=none")
            pose.turn = TURNS[value]
        elif key == "reach":
            targets = {"head"} if pose.view == "front" else SIDE_REACH
            if value not in targets:
                raise PoseError(f"reach={value}: use one of {', '.join(sorted(targets))}")
            pose.reach = value
        elif key == "helper":
            if value not in HELPER_TARGETS:
                raise PoseError(f"helper={value}: use one of {', '.join(sorted(HELPER_TARGETS))}")
            pose.helper = value
    return pose


# -- Geometry -------------------------------------------------------------------

Point = tuple[float, float]


def _go(p: Point, length: float, degrees: float) -> Point:
    r = math.radians(degrees)
    return p[0] + length * math.cos(r), p[1] + length * math.sin(r)


def _reach(shoulder: Point, target: Point, a: float, b: float, bend: float) -> tuple[Point, Point]:
    """Elbow and hand for an arm of segments a, b reaching target (two-link IK)."""
    dx, dy = target[0] - shoulder[0], target[1] - shoulder[1]
    d = min(math.hypot(dx, dy), a + b - 0.01)
    d = max(d, abs(a - b) + 0.01)
    base = math.atan2(dy, dx)
    inner = math.acos((a * a + d * d - b * b) / (2 * a * d))
    elbow_angle = base + bend * inner
    elbow = (shoulder[0] + a * math.cos(elbow_angle), shoulder[1] + a * math.sin(elbow_angle))
    hand = (shoulder[0] + d * math.cos(base), shoulder[1] + d * math.sin(base))
    return elbow, hand


@dataclass
class Stroke:
    points: list[Point]
    width: float
    colour: str
    dot: float = 0.0  # > 0: a filled circle of this radius at points[0]
    fill: bool = False  # a filled shape with rounded corners


@dataclass
class Figure:
    strokes: list[Stroke]
    props: set[str]
    seat: Point | None = None  # the hips, for a chair
    wall_x: float | None = None
    head: Point | None = None
    label: tuple[Point, str] | None = None

    def bounds(self) -> tuple[float, float, float, float]:
        xs, ys = [], []
        for s in self.strokes:
            r = s.dot or s.width / 2
            for x, y in s.points:
                xs += [x - r, x + r]
                ys += [y - r, y + r]
        return min(xs), min(ys), max(xs), max(ys)

    def shift(self, dx: float, dy: float) -> None:
        move = lambda p: (p[0] + dx, p[1] + dy)  # noqa: E731
        for s in self.strokes:
            s.points = [move(p) for p in s.points]
        if self.seat:
            self.seat = move(self.seat)
        if self.head:
            self.head = move(self.head)
        if self.wall_x is not None:
            self.wall_x += dx
        if self.label:
            self.label = (move(self.label[0]), self.label[1])


def _side_body(pose: Pose, ink: str, far: str) -> tuple[list[Stroke], dict[str, Point]]:
    hips = (0.0, 0.0)
    shoulder = _go(hips, TORSO, pose.torso)
    neck_dir = pose.neck if pose.neck is not None else pose.torso
    head_dir = pose.head if pose.head is not None else neck_dir
    neck_top = _go(shoulder, NECK, neck_dir)
    head = _go(neck_top, HEAD_R, head_dir)
    face = head_dir - 90
    points = {"hips": hips, "shoulder": shoulder, "head": head,
              "forehead": _go(_go(head, HEAD_R + 4, face), 6, head_dir),
              "back-of-head": _go(head, HEAD_R + 4, face + 180),
              "belly": _go(_go(hips, TORSO * 0.35, pose.torso), W_TORSO / 2 + 4, pose.torso - 90)}

    def leg(angles: tuple[float, float], colour: str, width: float) -> list[Stroke]:
        knee = _go(hips, THIGH, angles[0])
        ankle = _go(knee, SHIN, angles[1])
        toe = _go(ankle, FOOT, angles[1] + 90 if pose.foot is None else pose.foot)
        points.setdefault("knee", knee)
        points.setdefault("shin", _go(knee, SHIN * 0.6, angles[1]))
        return [Stroke([hips, knee, ankle], width, colour), Stroke([ankle, toe], W_LIMB - 2, colour)]

    def arm(angles: tuple[float, float], colour: str) -> list[Stroke]:
        elbow = _go(shoulder, UPPER_ARM, angles[0])
        hand = _go(elbow, FOREARM, angles[1])
        return [Stroke([shoulder, elbow, hand], W_LIMB, colour)]

    near_leg = leg(pose.leg, ink, W_THIGH)
    far_leg = leg(pose.leg2 or pose.leg, far, W_THIGH)
    far_arm = arm(pose.arm2 or pose.arm, far)
    if pose.reach:
        target = points[pose.reach]
        bend = -1 if pose.reach in ("forehead", "back-of-head", "belly") else 1
        if pose.torso > 120:  # lying on the back: elbows point up, not into the floor
            bend = -bend
        elbow, hand = _reach(shoulder, target, UPPER_ARM, FOREARM, bend)
        near_arm = [Stroke([shoulder, elbow, hand], W_LIMB, ink)]
    else:
        near_arm = arm(pose.arm, ink)
    strokes = [*far_arm, *far_leg,
               Stroke(_spine(hips, shoulder, pose), W_TORSO, ink),
               Stroke([shoulder, neck_top], W_NECK, ink),
               Stroke([head], 0, ink, dot=HEAD_R),
               Stroke([_go(head, HEAD_R - 3, face - 12), _go(head, HEAD_R + 3, face - 22)], 5, ink),
               *near_leg, *near_arm]
    return strokes, points


def _spine(hips: Point, shoulder: Point, pose: Pose) -> list[Point]:
    """The back as a gentle curve: spine > 0 rounds it (cat), < 0 hollows it."""
    if not pose.spine:
        return [hips, shoulder]
    out = []
    for i in range(9):
        t = i / 8
        bulge = pose.spine * 4 * t * (1 - t)
        out.append(_go((hips[0] + t * (shoulder[0] - hips[0]), hips[1] + t * (shoulder[1] - hips[1])),
                       bulge, pose.torso + 90))
    return out


def _helper(target: Point, ink: str) -> list[Stroke]:
    """A kneeling helper, seen from the side, facing left, hands on target."""
    knee = (target[0] + 58, 0.0)
    hips = (knee[0] + 14, THIGH - 2)
    foot = (knee[0] + SHIN + 10, 0.0)
    shoulder = _go(hips, TORSO, 112)
    head = _go(_go(shoulder, NECK, 120), HEAD_R, 120)
    elbow, hand = _reach(shoulder, target, UPPER_ARM, FOREARM, 1)
    elbow2, hand2 = _reach(shoulder, (target[0] + 6, target[1] + 4), UPPER_ARM, FOREARM, 1)
    return [Stroke([shoulder, elbow2, hand2], W_LIMB, ink),
            Stroke([hips, knee, (foot[0], 4.5)], W_THIGH, ink),
            Stroke([hips, shoulder], W_TORSO, ink),
            Stroke([shoulder, _go(shoulder, NECK, 120)], W_NECK, ink),
            Stroke([head], 0, ink, dot=HEAD_R),
            Stroke([_go(head, HEAD_R - 1, 210), _go(head, HEAD_R + 3, 235)], 4, ink),
            Stroke([shoulder, elbow, hand], W_LIMB, ink)]


def _side_figure(pose: Pose, ink: str = INK, far: str = FAR, helper: bool = True) -> Figure:
    strokes, points = _side_body(pose, ink, far)
    figure = Figure(strokes, set(pose.props), seat=points["hips"])
    left, bottom, right, top = figure.bounds()
    lift = -bottom + (5 if "mat" in pose.props else 0)
    if pose.seated:
        lift = max(lift, SEAT_HEIGHT)
    figure.shift(0, lift)
    figure.head = next(s.points[0] for s in figure.strokes if s.dot)
    if pose.helper and helper:
        target = _shifted(points[pose.helper], figure)
        helper = [Stroke(s.points, s.width, "helper", s.dot) for s in _helper(target, ink)]
        figure.strokes = helper[:1] + figure.strokes + helper[1:]
        hip = helper[1].points[0]
        figure.label = ((hip[0] + 8, hip[1] + 30), "helper")
    if "wall-front" in pose.props:
        figure.wall_x = figure.bounds()[2] + 1
    elif "wall-behind" in pose.props:
        figure.wall_x = figure.bounds()[0] - 1
    return figure


def _shifted(point: Point, figure: Figure) -> Point:
    # The figure was moved so its lowest point sits on the floor: do the same here.
    hips = figure.seat or (0.0, 0.0)
    return point[0] + hips[0], point[1] + hips[1]


def _front_figure(pose: Pose, ink: str = INK, far: str = FAR) -> Figure:
    """Head and shoulders from the front: the person's right is the viewer's left."""
    neck = (0.0, 60.0)
    tilt = pose.tilt  # positive: towards the person's right shoulder, the viewer's left
    head = _go(neck, 22, 90 + tilt)
    arm_r = Stroke([(-40, 50), (-42, 6)], W_LIMB + 2, ink)
    arm_l = Stroke([(40, 50), (42, 6)], W_LIMB + 2, ink)
    strokes = [
        Stroke([(-28, 48), (28, 48)], 22, ink),  # shoulders
        Stroke([(-30, 44), (30, 44), (26, 0), (-26, 0)], 12, ink, fill=True),  # chest
        Stroke([neck, _go(neck, 10, 90 + tilt)], W_NECK + 4, ink),
        Stroke([head], 0, ink, dot=HEAD_R + 4),
        Stroke(arm_l.points, arm_l.width + 6, "#ffffff"), arm_l,
    ]
    if pose.reach == "head":
        top = _go(head, HEAD_R + 6, 90 + tilt + 40)
        elbow = (top[0] - 22, top[1] + 8)
        strokes.append(Stroke([(-36, 50), (-52, 74), elbow, top], W_LIMB + 2, ink))
    else:
        strokes += [Stroke(arm_r.points, arm_r.width + 6, "#ffffff"), arm_r]
    # Face in white on the filled head: eyes and nose move with the turn and tilt.
    shift = -pose.turn * 9  # looking to your right moves the face to the viewer's left
    up, side = 90 + tilt, tilt

    def at(dx: float, dy: float) -> Point:
        p = _go(head, dx + shift, side)
        return _go(p, dy, up)

    strokes += [Stroke([at(-5, 3)], 0, "#ffffff", dot=1.8), Stroke([at(5, 3)], 0, "#ffffff", dot=1.8),
                Stroke([at(0, 1), at(0, -4), at(-pose.turn * 4, -5)], 2.2, "#ffffff")]
    if pose.turn:
        # A turned head shows its nose in profile on one side and an ear on the other.
        towards = 180 + side if pose.turn > 0 else side
        strokes += [Stroke([_go(_go(head, HEAD_R, towards), 2, up - 90), _go(_go(head, HEAD_R + 6, towards), 3, up - 90)],
                           7, ink),
                    Stroke([_go(head, HEAD_R + 3, towards + 180)], 0, ink, dot=4.5)]
    figure = Figure(strokes, set(pose.props) - {"chair", "mat"}, head=head)
    return figure


def figure_for(pose: Pose, ink: str = INK, far: str = FAR, helper: bool = True) -> Figure:
    if pose.view == "front":
        return _front_figure(pose, ink, far)
    return _side_figure(pose, ink, far, helper)


# -- SVG ------------------------------------------------------------------------

def _svg_stroke(s: Stroke, opacity: float = 1.0) -> str:
    alpha = "" if opacity == 1 else f' opacity="{opacity}"'
    if s.colour == "helper":  # the helper is drawn in outline, to tell them apart from you
        inner = Stroke(s.points, max(s.width - 3.5, 1), "#ffffff", max(s.dot - 1.8, 0))
        return _svg_stroke(Stroke(s.points, s.width, INK, s.dot)) + _svg_stroke(inner)
    if s.dot:
        x, y = s.points[0]
        return f'<circle cx="{x:.1f}" cy="{-y:.1f}" r="{s.dot:.1f}" fill="{s.colour}"{alpha}/>'
    path = " ".join(f"{x:.1f},{-y:.1f}" for x, y in s.points)
    if s.fill:
        return (f'<polygon points="{path}" fill="{s.colour}" stroke="{s.colour}" stroke-width="{s.width}" '
                f'stroke-linejoin="round"{alpha}/>')
    return (f'<polyline points="{path}" fill="none" stroke="{s.colour}" stroke-width="{s.width}" '
            f'stroke-linecap="round" stroke-linejoin="round"{alpha}/>')


def _svg_props(figure: Figure, left: float, right: float) -> list[str]:
    out = []
    line = f'fill="none" stroke="{PROP}" stroke-width="1.6"'
    if "mat" in figure.props:
        out.append(f'<rect x="{left + 4:.1f}" y="-5" width="{right - left - 8:.1f}" height="5" rx="2" {line}/>')
    if "towel" in figure.props and figure.head:
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


def render_svg(start: str | Pose, end: str | Pose, alt: str, labels: tuple[str, str] = ("Start", "End")) -> str:
    """Draw start and end side by side in one SVG; raise PoseError on a bad description."""
    poses = [p if isinstance(p, Pose) else parse_pose(p) for p in (start, end)]
    if poses[0].view != poses[1].view:
        raise PoseError("start and end must both be side view or both front view")
    figures = [figure_for(p) for p in poses]
    ghost = figure_for(poses[0], GHOST, GHOST, helper=False)
    boxes = [f.bounds() for f in figures]
    # Props sit beside the body: leave room for them in each panel.
    pad_l = [24 if f.props & {"chair", "wall-behind"} else 12 for f in figures]
    pad_l = [70 if "chair" in f.props and f.seat and f.seat[1] > SEAT_HEIGHT + 15 else p
             for f, p in zip(figures, pad_l)]
    pad_r = [24 if f.props & {"wall-front"} else 12 for f in figures]
    if figures[0].label and figures[0].label[1] == "helper":
        pad_r = [p + 10 for p in pad_r]
    ghost_box = ghost.bounds()
    lefts = [min(b[0], ghost_box[0]) - pl for b, pl in zip(boxes, pad_l)]
    rights = [max(b[2], ghost_box[2]) + pr for b, pr in zip(boxes, pad_r)]
    top = max(max(b[3] for b in boxes), ghost_box[3], 120 if figures[0].wall_x is not None else 0) + 14
    width = max(r - l for l, r in zip(lefts, rights))
    # Each caption must fit under its own panel (about 9 units a character at 15 bold).
    width = max(width, *(9 * len(f"{i + 1}. {label}") + 10 for i, label in enumerate(labels)))
    gap, label_h = 26, 30
    total_w = 2 * width + gap
    total_h = top + label_h
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total_w:.0f} {total_h:.0f}" '
             f'width="{total_w:.0f}" height="{total_h:.0f}" role="img" class="hb-pose" '
             f'font-family="Atkinson Hyperlegible, Arial, sans-serif">',
             f"<title>{escape(alt)}</title>"]
    for i, figure in enumerate(figures):
        # Centre each figure in its panel; the floor is y = 0 in the panel.
        l, r = lefts[i], rights[i]
        ox = i * (width + gap) + (width - (r - l)) / 2 - l
        parts.append(f'<g transform="translate({ox:.1f} {top:.1f})">')
        if poses[i].view == "side":
            parts.append(f'<line x1="{l:.1f}" y1="0" x2="{r:.1f}" y2="0" stroke="{PROP}" stroke-width="2"/>')
        parts += _svg_props(figure, l, r)
        if i == 1:
            parts += [_svg_stroke(s, 0.8) for s in ghost.strokes]
        parts += [_svg_stroke(s) for s in figure.strokes]
        if figure.label and figure.label[1] == "helper":
            (x, y), text = figure.label
            parts.append(f'<text x="{x:.1f}" y="{-y:.1f}" font-size="17" fill="{INK}">{text}</text>')
        parts.append("</g>")
        cx = i * (width + gap) + width / 2
        parts.append(f'<text x="{cx:.1f}" y="{top + 22:.1f}" font-size="15" font-weight="700" '
                     f'text-anchor="middle" fill="{INK}">{i + 1}. {escape(labels[i])}</text>')
    parts.append(f'<path d="M{width + 5:.1f},{top / 2:.1f} h{gap - 12} m-6,-6 l6,6 l-6,6" fill="none" '
                 f'stroke="{INK}" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
