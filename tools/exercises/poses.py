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
                (like a cat), negative hollows it; lying on your back, a
                hollow leaves a gap under the small of the back and the rest
                of the back stays on the floor
    ``neck``    the direction of the neck (default: the torso's)
    ``head``    the direction the top of the head points (default: the neck's);
                the face looks 90 degrees clockwise from it
    ``arm``     the near arm: upper arm, forearm (``-90,-90`` hangs down)
    ``arm2``    the far arm (default: as the near arm)
    ``leg``     the near leg: thigh, shin (``-90,-90`` stands straight)
    ``leg2``    the far leg (default: as the near leg); ``leg2=cross`` (or
                ``leg=cross``) crosses that leg over the other one, its ankle
                resting on the other knee, as in a figure-four stretch
    ``foot``    the direction both feet point (default: square to the shin;
                ``foot=-60`` stands on tiptoe)
    ``reach``   put the near hand on a body point instead: ``forehead``,
                ``knee``, ``thigh``, ``shin``, ``back-of-head``, ``belly``
    ``reach2``  the same for the far hand (``reach=knee reach2=knee``: both
                hands hold the knee)
    ``helper``  a helper kneels by you, both hands on your ``knee`` or ``shin``
    ``stay``    (end pose only) parts that stay where they were at the start:
                ``hands``, ``knees``, ``feet`` or ``hips``, with a comma
                between two. The end drawing slides sideways to keep the first
                of ``knees``, ``feet`` or ``hips`` you list in place (the hips
                if you list none), and ``hands`` bends the arms so that both
                hands are back where they were: ``stay=knees,hands``
    ``close-up`` ``close-up=head``: only the head and shoulders, larger, for
                small movements such as a chin tuck. Give it in both poses.
    ``highlight`` ``highlight=belly`` shades the tummy muscles, for an
                exercise where they work but nothing moves
Seen from above (``view=above``, after ``base=back`` only): lying on your
back, head to the left, your right side at the bottom of the drawing.
    ``leg``     your right leg, ``leg2`` your left, as in the side view:
                thigh, shin (default: knees bent, feet flat)
    ``roll``    how far both knees roll to one side, in degrees; positive
                rolls them towards your right (down the drawing)
Side view and seen from above:
    ``arrow``   a motion arrow by a body point, to show which way it moves:
                the point, a comma, then a direction in degrees, or
                ``clockwise`` or ``anticlockwise`` for a curved arrow that
                turns over the point. ``arrow=back-of-head,180`` shows the head
                moving back. Join two arrows with ``+``. Side view points:
                ``head``, ``back-of-head``, ``forehead``, ``chest``,
                ``belly``, ``lower-back``, ``hips``, ``knee``, ``shin``,
                ``hand``; seen from above: ``head``, ``hips``, ``knee``,
                ``foot``. An arrow that points into the body ends just outside
                the point, as if pushing it; any other starts just outside it.
Front view:
    ``tilt``    head tilt in degrees, positive towards your right shoulder
    ``turn``    ``left``, ``right`` or ``none``: which way you look
    ``reach``   ``head`` puts your right hand over the top of your head
All views:
    ``props``   any of ``mat``, ``chair``, ``wall-front``, ``wall-behind``,
                ``towel`` (folded under your head)

``PoseError`` explains what is wrong with a description; callers add the
file and line. ``figures`` gives the start and end drawings of an exercise,
with each body point by name in ``Figure.points``, for tests and tools.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html import escape

__all__ = ["PoseError", "Pose", "Figure", "parse_pose", "figure_for", "figures", "render_svg"]


class PoseError(ValueError):
    """A pose description that cannot be drawn."""


# Body sizes in drawing units (a standing figure is about 175 units tall).
TORSO, NECK, HEAD_R = 54, 9, 11
UPPER_ARM, FOREARM = 29, 27
THIGH, SHIN, FOOT = 42, 42, 12
W_TORSO, W_NECK, W_LIMB, W_THIGH = 20, 9, 9, 12

SEAT_HEIGHT = SHIN + (W_LIMB + W_THIGH) / 2 + 2  # the hips of someone sitting on a chair
INK, FAR, GHOST, PROP = "#111111", "#8c8c8c", "#c8c8c8", "#111111"
# What moves or works (arrows, highlighted muscles): orange, 3.6:1 on white and
# 5:1 on the black body, and still a mid grey when printed in black and white.
ACCENT = "#e8590c"
ARROW_LENGTH, ARROW_WIDTH = 24, 4
CLOSE_UP_SCALE = 2.6

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
SIDE_KEYS = {"foot", "spine", "torso", "neck", "head", "arm", "arm2", "leg", "leg2", "reach", "reach2",
             "helper", "arrow", "highlight", "stay", "close-up", "view"}
FRONT_KEYS = {"tilt", "turn", "reach"}
ABOVE_KEYS = {"view", "roll", "leg", "leg2", "arrow"}
PROPS = {"mat", "chair", "wall-front", "wall-behind", "towel"}
SIDE_REACH = {"forehead", "knee", "thigh", "shin", "back-of-head", "belly"}
HELPER_TARGETS = {"knee", "shin"}
TURNS = {"left": -1.0, "right": 1.0, "none": 0.0}
VIEWS = {"above"}  # view=above: only from base=back
SIDE_ARROW_POINTS = {"head", "back-of-head", "forehead", "chest", "belly", "lower-back", "hips", "knee", "shin",
                     "hand"}
ABOVE_ARROW_POINTS = {"head", "hips", "knee", "foot"}
HIGHLIGHTS = {"belly"}
STAY = {"hands", "knees", "feet", "hips"}
CLOSE_UPS = {"head"}
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
    cross: str | None = None  # "leg" or "leg2": that leg crosses over the other
    reach: str | None = None
    reach2: str | None = None
    helper: str | None = None
    foot: float | None = None
    spine: float = 0.0
    seated: bool = False  # hips on a chair seat, whatever the legs do
    tilt: float = 0.0
    turn: float = 0.0
    roll: float = 0.0
    arrows: tuple[tuple[str, float | str], ...] = ()
    highlight: tuple[str, ...] = ()
    stay: tuple[str, ...] = ()
    close_up: str | None = None
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


TURNING = ("clockwise", "anticlockwise")


def _arrows(text: str, points: set[str]) -> tuple[tuple[str, float | str], ...]:
    arrows = []
    for one in text.split("+"):
        parts = one.split(",")
        if len(parts) != 2 or not all(parts):
            raise PoseError(f"arrow={text}: expected a body point and a direction, such as arrow=head,180")
        point, direction = parts
        if point not in points:
            raise PoseError(f"arrow={text}: no point {point!r} to draw an arrow by; "
                            f"use one of {', '.join(sorted(points))}")
        if direction in TURNING:
            arrows.append((point, direction))
            continue
        if not _NUMBER.match(direction) or not -360 <= float(direction) <= 360:
            raise PoseError(f"arrow={text}: {direction!r} is not a direction; give an angle in degrees, "
                            f"such as arrow={point},180, or clockwise or anticlockwise")
        arrows.append((point, float(direction)))
    return tuple(arrows)


def _words(key: str, text: str, allowed: set[str]) -> tuple[str, ...]:
    words = tuple(text.split(","))
    unknown = [w for w in words if w not in allowed]
    if unknown or len(set(words)) != len(words):
        if len(allowed) == 1:
            raise PoseError(f"{key}={text}: use {key}={next(iter(allowed))}")
        raise PoseError(f"{key}={text}: use one or more of {', '.join(sorted(allowed))}, "
                        f"with a comma between them")
    return words


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
    if "view" in given and pose.view == "side":
        view = given["view"]
        if view not in VIEWS:
            raise PoseError(f"view={view}: use view=above, or leave it out for the side view")
        if base != "back":
            raise PoseError(f"view={view}: only base=back can be seen from above")
        pose.view = view
    allowed = {"front": FRONT_KEYS, "above": ABOVE_KEYS}.get(pose.view, SIDE_KEYS)
    for key in given:
        if key not in allowed:
            view = {"above": "view from above"}.get(pose.view, f"{pose.view} view")
            raise PoseError(f"{key}: not a setting of a {view} pose; "
                            f"use {', '.join(sorted(allowed | {'base', 'props'}))}")
    crossing = [key for key in ("leg", "leg2") if given.get(key) == "cross"]
    if crossing and pose.view != "side":
        raise PoseError(f"{crossing[0]}=cross: a crossed leg can only be drawn in the side view")
    if len(crossing) == 2:
        raise PoseError("leg=cross and leg2=cross: only one leg can cross over the other")
    for key in crossing:
        given.pop(key)
        pose.cross = key
    values.update(given)
    for key, value in values.items():
        if key in ("torso", "neck", "head", "tilt", "spine", "foot", "roll"):
            setattr(pose, key, _angle(key, value))
        elif key in ("arm", "arm2", "leg", "leg2"):
            setattr(pose, key, _pair(key, value))
        elif key == "turn":
            if value not in TURNS:
                raise PoseError(f"turn={value}: use turn=left, turn=right or turn=none")
            pose.turn = TURNS[value]
        elif key in ("reach", "reach2"):
            targets = {"head"} if pose.view == "front" else SIDE_REACH
            if value not in targets:
                raise PoseError(f"{key}={value}: use one of {', '.join(sorted(targets))}")
            setattr(pose, key, value)
        elif key == "helper":
            if value not in HELPER_TARGETS:
                raise PoseError(f"helper={value}: use one of {', '.join(sorted(HELPER_TARGETS))}")
            pose.helper = value
        elif key == "arrow":
            pose.arrows = _arrows(value, ABOVE_ARROW_POINTS if pose.view == "above" else SIDE_ARROW_POINTS)
        elif key == "highlight":
            pose.highlight = _words(key, value, HIGHLIGHTS)
        elif key == "stay":
            pose.stay = _words(key, value, STAY)
        elif key == "close-up":
            if value not in CLOSE_UPS:
                raise PoseError(f"close-up={value}: use close-up=head")
            pose.close_up = value
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
    part: str = ""  # what it draws, where that matters: "arm", "arm2", "gap", "mark", "arrow"


@dataclass
class Mark:
    """Where an arrow may be drawn: a body point, how far outside the body to
    start, and which way is out of the body there (None: a round part)."""
    at: Point
    clearance: float
    out: float | None = None


@dataclass
class Figure:
    strokes: list[Stroke]
    props: set[str]
    seat: Point | None = None  # the hips, for a chair
    wall_x: float | None = None
    head: Point | None = None
    label: tuple[Point, str] | None = None
    points: dict[str, Point] = field(default_factory=dict)  # body points by name, in drawing units
    marks: dict[str, Mark] = field(default_factory=dict)  # where arrows can go
    mat: tuple[float, float, float, float] | None = None  # seen from above: the mat's corners

    def bounds(self) -> tuple[float, float, float, float]:
        return _bounds(self.strokes)

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
        self.points = {name: move(p) for name, p in self.points.items()}
        for mark in self.marks.values():
            mark.at = move(mark.at)
        if self.mat:
            x0, y0, x1, y1 = self.mat
            self.mat = (x0 + dx, y0 + dy, x1 + dx, y1 + dy)


def _bounds(strokes: list[Stroke]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for s in strokes:
        r = s.dot or s.width / 2
        for x, y in s.points:
            xs += [x - r, x + r]
            ys += [y - r, y + r]
    return min(xs), min(ys), max(xs), max(ys)


def _on_back(pose: Pose) -> bool:
    """Lying on the back (head to the left), where the floor holds the back flat."""
    return 150 <= pose.torso % 360 <= 210


def _side_body(pose: Pose, ink: str, far: str) -> tuple[list[Stroke], dict[str, Point], dict[str, Mark]]:
    hips = (0.0, 0.0)
    shoulder = _go(hips, TORSO, pose.torso)
    neck_dir = pose.neck if pose.neck is not None else pose.torso
    head_dir = pose.head if pose.head is not None else neck_dir
    neck_top = _go(shoulder, NECK, neck_dir)
    head = _go(neck_top, HEAD_R, head_dir)
    face = head_dir - 90
    front = pose.torso - 90  # the way the chest and belly face
    along = lambda t: _go(hips, TORSO * t, pose.torso)  # noqa: E731
    points = {"hips": hips, "shoulder": shoulder, "head": head,
              "forehead": _go(_go(head, HEAD_R + 4, face), 6, head_dir),
              "back-of-head": _go(head, HEAD_R + 4, face + 180),
              "belly": _go(along(0.35), W_TORSO / 2 + 4, front),
              "chest": _go(along(0.75), W_TORSO / 2, front),
              "lower-back": _go(along(0.3), W_TORSO / 2, front + 180)}
    marks = {"head": Mark(head, HEAD_R + 4), "back-of-head": Mark(_go(head, HEAD_R, face + 180), 4, face + 180),
             "forehead": Mark(_go(head, HEAD_R, face + 20), 4, face + 20),
             "chest": Mark(points["chest"], 4, front), "belly": Mark(points["belly"], 2, front),
             "lower-back": Mark(points["lower-back"], 4, front + 180), "hips": Mark(hips, W_TORSO / 2 + 4)}

    def leg(angles: tuple[float, float], colour: str, width: float, name: str = "") -> list[Stroke]:
        knee = _go(hips, THIGH, angles[0])
        ankle = _go(knee, SHIN, angles[1])
        toe = _go(ankle, FOOT, angles[1] + 90 if pose.foot is None else pose.foot)
        points.update({f"knee{name}": knee, f"shin{name}": _go(knee, SHIN * 0.6, angles[1]),
                       f"thigh{name}": _go(hips, THIGH * 0.6, angles[0]), f"ankle{name}": ankle})
        return [Stroke([hips, knee, ankle], width, colour), Stroke([ankle, toe], W_LIMB - 2, colour)]

    def crossed(under: tuple[float, float], colour: str, name: str) -> tuple[list[Stroke], list[Stroke]]:
        """A leg crossed over the other (figure four): its ankle rests on the
        front of the other thigh, just below the knee; its knee falls out to
        the side, so its thigh looks shorter. Thigh behind, shin in front."""
        rest = _go(hips, THIGH * 0.85, under[0])
        knee = _go(rest, math.sqrt((THIGH * 0.95) ** 2 - (THIGH * 0.85) ** 2), under[0] - 90)
        ankle = _go(rest, (W_THIGH + W_LIMB) / 2, under[0] + 90)
        toe = _go(ankle, FOOT, under[0] + 150)
        points.update({f"knee{name}": knee, f"ankle{name}": ankle})
        shin = [Stroke([knee, ankle], W_LIMB + 5, "#ffffff"), Stroke([knee, ankle], W_LIMB, colour),
                Stroke([ankle, toe], W_LIMB - 2, colour)]
        return [Stroke([hips, knee], W_THIGH, colour)], shin

    def arm(angles: tuple[float, float], colour: str, part: str) -> list[Stroke]:
        elbow = _go(shoulder, UPPER_ARM, angles[0])
        hand = _go(elbow, FOREARM, angles[1])
        return [Stroke([shoulder, elbow, hand], W_LIMB, colour, part=part)]

    def reaching(target_name: str, colour: str, part: str) -> list[Stroke]:
        target = points[target_name]
        bend = -1 if target_name in ("forehead", "back-of-head", "belly") else 1
        elbow, hand = _reach(shoulder, target, UPPER_ARM, FOREARM, bend)
        if pose.torso > 120:  # lying on the back: elbows point up, not into the floor
            elbow, hand = max((_reach(shoulder, target, UPPER_ARM, FOREARM, b) for b in (1, -1)),
                              key=lambda found: found[0][1])
        # A hand on the body: a white edge keeps the arm apart from the body under it.
        return [Stroke([shoulder, elbow, hand], W_LIMB + 4, "#ffffff", part=f"{part}-edge"),
                Stroke([shoulder, elbow, hand], W_LIMB, colour, part=part)]

    far_angles = pose.leg2 or pose.leg
    in_front: list[Stroke] = []
    # Hands reach for the knee, thigh or shin of the near leg, or of the leg
    # under a crossed one (the crossed leg's points are knee2 and ankle2).
    if pose.cross == "leg":  # the near leg crosses over the far one
        far_leg = leg(far_angles, far, W_THIGH)
        near_leg, in_front = crossed(far_angles, ink, "2")
    elif pose.cross == "leg2":  # the far leg crosses over the near one
        near_leg = leg(pose.leg, ink, W_THIGH)
        far_leg, in_front = crossed(pose.leg, far, "2")
    else:
        far_leg = leg(far_angles, far, W_THIGH, "2")
        near_leg = leg(pose.leg, ink, W_THIGH)
    marks.update(knee=Mark(points["knee"], W_THIGH / 2 + 4), shin=Mark(points["shin"], W_LIMB / 2 + 4))
    if _near_segment(points["knee"], hips, shoulder) < (W_TORSO + W_THIGH) / 2 + 6:
        # A knee drawn up onto the body: a white edge keeps the leg apart from it.
        near_leg = [Stroke(s.points, s.width + 4, "#ffffff") for s in near_leg] + near_leg
    far_arm = reaching(pose.reach2, far, "arm2") if pose.reach2 else arm(pose.arm2 or pose.arm, far, "arm2")
    near_arm = reaching(pose.reach, ink, "arm") if pose.reach else arm(pose.arm, ink, "arm")
    points["hand"], points["hand2"] = near_arm[-1].points[-1], far_arm[-1].points[-1]
    # A hand on the body faces out the way that part of the body does.
    marks["hand"] = Mark(points["hand"], W_LIMB / 2 + 4, marks[pose.reach].out if pose.reach in marks else None)
    strokes = [*far_arm, *far_leg,
               Stroke(_spine(hips, shoulder, pose), W_TORSO, ink),
               *_gap(hips, shoulder, pose),
               Stroke([shoulder, neck_top], W_NECK, ink),
               Stroke([head], 0, ink, dot=HEAD_R),
               Stroke([_go(head, HEAD_R - 3, face - 12), _go(head, HEAD_R + 3, face - 22)], 5, ink),
               *near_leg, *in_front, *near_arm]
    return strokes, points, marks


def _near_segment(p: Point, a: Point, b: Point) -> float:
    """How far p is from the line segment a-b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def _spine(hips: Point, shoulder: Point, pose: Pose) -> list[Point]:
    """The back as a gentle curve: spine > 0 rounds it (cat), < 0 hollows it."""
    if not pose.spine or _on_back(pose):
        return [hips, shoulder]
    out = []
    for i in range(9):
        t = i / 8
        bulge = pose.spine * 4 * t * (1 - t)
        out.append(_go((hips[0] + t * (shoulder[0] - hips[0]), hips[1] + t * (shoulder[1] - hips[1])),
                       bulge, pose.torso + 90))
    return out


def _gap(hips: Point, shoulder: Point, pose: Pose) -> list[Stroke]:
    """Lying on the back with a hollow back: the floor holds the bottom and the
    shoulders, so the hollow shows as a gap under the small of the back."""
    if not (pose.spine < 0 and _on_back(pose)):
        return []
    down = pose.torso + 90
    edge, cut = [], []
    for i in range(11):
        t = 0.7 * i / 10
        under = _go((hips[0] + t * (shoulder[0] - hips[0]), hips[1] + t * (shoulder[1] - hips[1])),
                    W_TORSO / 2, down)
        edge.append(_go(under, -pose.spine * math.sin(math.pi * i / 10), down + 180))
        cut.append(_go(under, 0.8, down))
    return [Stroke(edge + cut[::-1], 0.5, "#ffffff", fill=True, part="gap")]


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


def _side_figure(pose: Pose, ink: str = INK, far: str = FAR, helper: bool = True, marks: bool = True) -> Figure:
    strokes, points, places = _side_body(pose, ink, far)
    figure = Figure(strokes, set(pose.props), seat=points["hips"], points=points, marks=places)
    # The lowest part of the body rests on the floor (or the mat). Hands that
    # stay where they were are put back later, so they do not count here.
    ignore = {"gap"} | ({"arm", "arm2", "arm-edge", "arm2-edge"} if "hands" in pose.stay else set())
    bottom = _bounds([s for s in strokes if s.part not in ignore])[1]
    lift = -bottom + (5 if "mat" in pose.props else 0)
    if pose.seated:
        lift = max(lift, SEAT_HEIGHT)
    figure.shift(0, lift)
    figure.head = next(s.points[0] for s in figure.strokes if s.dot)
    if pose.helper and helper:
        target = figure.points[pose.helper]
        helper = [Stroke(s.points, s.width, "helper", s.dot) for s in _helper(target, ink)]
        figure.strokes = helper[:1] + figure.strokes + helper[1:]
        hip = helper[1].points[0]
        figure.label = ((hip[0] + 8, hip[1] + 30), "helper")
    _place_wall(figure)
    if marks:
        _add_marks(figure, pose)
    return figure


def _place_wall(figure: Figure) -> None:
    body = [s for s in figure.strokes if s.part not in ("mark", "arrow")]
    if "wall-front" in figure.props:
        figure.wall_x = _bounds(body)[2] + 1
    elif "wall-behind" in figure.props:
        figure.wall_x = _bounds(body)[0] - 1


def _add_marks(figure: Figure, pose: Pose) -> None:
    """Highlighted muscles (drawn on the body) and motion arrows (over it)."""
    p = figure.points
    for area in pose.highlight:
        if area == "belly":
            hips, shoulder = p["hips"], p["shoulder"]
            a = (hips[0] + 0.12 * (shoulder[0] - hips[0]), hips[1] + 0.12 * (shoulder[1] - hips[1]))
            b = (hips[0] + 0.6 * (shoulder[0] - hips[0]), hips[1] + 0.6 * (shoulder[1] - hips[1]))
            figure.strokes.append(Stroke([a, b], W_TORSO - 8, ACCENT, part="mark"))
    length = ARROW_LENGTH * (0.5 if pose.close_up else 0.75 if pose.view == "above" else 1)
    for name, direction in pose.arrows:
        figure.strokes.append(Stroke(_arrow_path(figure.marks[name], direction, length),
                                     ARROW_WIDTH / (1.6 if pose.close_up else 1), ACCENT, part="arrow"))


def _arrow_path(mark: Mark, direction: float | str, length: float) -> list[Point]:
    """An arrow by a body point: out of the body it starts just outside the
    point; into the body it ends just outside it. A turning arrow curves over
    the point, a little way out, the way the part turns."""
    if direction in TURNING:
        radius, middle = mark.clearance + 5, mark.out if mark.out is not None else 90
        sweep = math.degrees(length * 1.6 / radius)
        ends = (middle - sweep / 2, middle + sweep / 2)
        if direction == "clockwise":
            ends = ends[::-1]
        return [_go(mark.at, radius, ends[0] + (ends[1] - ends[0]) * i / 12) for i in range(13)]
    inwards = mark.out is not None and math.cos(math.radians(direction - mark.out)) < 0
    if inwards:
        tip = _go(mark.at, mark.clearance, direction + 180)
        return [_go(tip, length, direction + 180), tip]
    tail = _go(mark.at, mark.clearance, direction)
    return [tail, _go(tail, length, direction)]


def _above_figure(pose: Pose, ink: str = INK, far: str = FAR, marks: bool = True) -> Figure:
    """Lying on the back, seen from above: head to the left, the person's right
    side at the bottom. The legs take the side view's angles (leg is the right
    leg, leg2 the left), so bent knees, which point up at you, look shorter;
    rolling the knees moves them sideways, as far as they were off the floor."""
    white = "#ffffff"
    roll = math.radians(pose.roll)  # positive: towards your right, down the drawing
    head = (-TORSO - NECK - HEAD_R, 0.0)
    strokes: list[Stroke] = []
    for side in (1, -1):  # arms flat on the floor by your sides
        arm = [(-TORSO + 7, side * 19.0), (-TORSO + 7 + UPPER_ARM + FOREARM - 6, side * 25)]
        strokes += [Stroke(arm, W_LIMB + 4, white), Stroke(arm, W_LIMB, ink)]
    strokes += [Stroke([(-TORSO + 3, 19), (-3, 13), (-3, -13), (-TORSO + 3, -19)], 10, ink, fill=True),
                Stroke([(-TORSO, 0), (-TORSO - NECK - 2, 0)], W_NECK + 2, ink),
                Stroke([head], 0, ink, dot=HEAD_R + 1)]

    def at(along: float, side: float) -> Point:  # on the face: along towards the top of the head
        return head[0] - along, head[1] + side

    strokes += [Stroke([at(3, 4)], 0, white, dot=1.6), Stroke([at(3, -4)], 0, white, dot=1.6),
                Stroke([at(1, 0), at(-4, 0)], 2, white)]

    legs: dict[int, dict[str, Point]] = {}
    for side, angles in ((-1, pose.leg), (1, pose.leg2 or pose.leg)):
        a, b = (math.radians(v) for v in angles)
        lateral = lambda height: side * 8.0 - max(height, 0.0) * math.sin(roll)  # noqa: E731
        knee_x, knee_h = THIGH * math.cos(a), THIGH * math.sin(a)
        ankle_x, ankle_h = knee_x + SHIN * math.cos(b), knee_h + SHIN * math.sin(b)
        hip = (-2.0, side * 8.0)
        knee = (knee_x, lateral(knee_h))
        ankle = (ankle_x, lateral(ankle_h))
        legs[side] = {"hip": hip, "knee": knee, "ankle": ankle,
                      "toe": (ankle_x + FOOT * math.cos(b + math.pi / 2), ankle[1])}

    def leg(parts: dict[str, Point]) -> list[Stroke]:
        hip, knee, ankle, toe = parts["hip"], parts["knee"], parts["ankle"], parts["toe"]
        return [Stroke([hip, knee, ankle], W_THIGH + 4, white), Stroke([ankle, toe], W_LIMB + 2, white),
                Stroke([hip, knee], W_THIGH, ink), Stroke([knee, ankle], W_LIMB, ink),
                Stroke([ankle, toe], W_LIMB - 2, ink), Stroke([knee], 0, ink, dot=W_THIGH / 2)]

    # The leg nearer the floor, the one the knees roll towards, is drawn first.
    for side in ((1, -1) if pose.roll < 0 else (-1, 1)):
        strokes += leg(legs[side])
    middle = lambda p, q: ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)  # noqa: E731
    points = {"hips": (0.0, 0.0), "shoulder": (-TORSO, 0.0), "head": head,
              "knee": middle(legs[1]["knee"], legs[-1]["knee"]),
              "foot": middle(legs[1]["ankle"], legs[-1]["ankle"])}
    spread = abs(legs[1]["knee"][1] - legs[-1]["knee"][1]) / 2
    figure = Figure(strokes, set(pose.props) - {"chair", "wall-front", "wall-behind"}, head=head, points=points,
                    marks={"head": Mark(head, HEAD_R + 5), "hips": Mark((0.0, 0.0), 20),
                           "knee": Mark(points["knee"], spread + W_THIGH / 2 + 4),
                           "foot": Mark(points["foot"], 8 + W_LIMB / 2 + 4)})
    if "mat" in figure.props:  # the mat is the same size whatever the pose
        figure.mat = (head[0] - HEAD_R - 8, -54.0, 2 * THIGH + FOOT + 4, 54.0)
    figure.shift(0, 58)  # the drawing sits on the bottom of its panel
    if marks:
        _add_marks(figure, pose)
    return figure


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
    figure = Figure(strokes, set(pose.props) - {"chair", "mat"}, head=head, points={"head": head})
    return figure


def figure_for(pose: Pose, ink: str = INK, far: str = FAR, helper: bool = True, marks: bool = True) -> Figure:
    """One drawing of a pose: ink for the body and near limbs, far for the far
    limbs; helper and marks (arrows, highlights) only when asked."""
    if pose.view == "front":
        return _front_figure(pose, ink, far)
    if pose.view == "above":
        return _above_figure(pose, ink, far, marks)
    return _side_figure(pose, ink, far, helper, marks)


def _check_pair(start: Pose, end: Pose) -> None:
    if start.view != end.view:
        if "above" in (start.view, end.view):
            raise PoseError("start and end must both be seen from above (view=above), or neither")
        raise PoseError("start and end must both be side view or both front view")
    if start.stay:
        raise PoseError("stay: only the end pose can keep parts where they were at the start")
    if start.close_up != end.close_up:
        raise PoseError("close-up: give close-up=head in both the start and the end pose, or in neither")


def figures(start: str | Pose, end: str | Pose) -> tuple[Figure, Figure]:
    """The start and end drawings, the end one placed so that the parts its
    pose keeps (stay=) are where they were at the start."""
    start, end = (p if isinstance(p, Pose) else parse_pose(p) for p in (start, end))
    _check_pair(start, end)
    first = figure_for(start)
    if not end.stay:
        return first, figure_for(end)
    last = figure_for(end, marks=False)
    anchor = next((part for part in end.stay if part != "hands"), "hips")
    point = {"hips": "hips", "knees": "knee", "feet": "ankle"}[anchor]
    last.shift(first.points[point][0] - last.points[point][0], 0)
    if "hands" in end.stay:
        shoulder = last.points["shoulder"]
        floor = 5 if "mat" in end.props else 0
        for part, name in (("arm", "hand"), ("arm2", "hand2")):
            target = first.points[name]
            if math.dist(shoulder, target) > UPPER_ARM + FOREARM + 0.5:
                raise PoseError("stay=hands: the hands cannot reach where they were at the start; "
                                "bring the shoulders closer to them (change torso or leg)")
            # An elbow bends one way: it points back, unless that is into the floor.
            elbow, hand = _reach(shoulder, target, UPPER_ARM, FOREARM, -1)
            if elbow[1] < floor + W_LIMB / 2:
                elbow, hand = _reach(shoulder, target, UPPER_ARM, FOREARM, 1)
            for stroke in last.strokes:
                if stroke.part in (part, f"{part}-edge"):
                    stroke.points = [shoulder, elbow, hand]
            last.points[name] = hand
        last.marks["hand"].at = last.points["hand"]
        _place_wall(last)
    _add_marks(last, end)
    return first, last


# -- SVG ------------------------------------------------------------------------

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


def render_svg(start: str | Pose, end: str | Pose, alt: str, labels: tuple[str, str] = ("Start", "End")) -> str:
    """Draw start and end side by side in one SVG; raise PoseError on a bad description."""
    poses = [p if isinstance(p, Pose) else parse_pose(p) for p in (start, end)]
    figures_ = list(figures(*poses))
    ghost = figure_for(poses[0], GHOST, GHOST, helper=False, marks=False)
    if poses[0].close_up:
        return _render_close_up(poses, figures_, ghost, alt, labels)
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
    parts, total_w, width, gap = _svg_open(width, top, alt, labels)
    for i, figure in enumerate(figures_):
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
            parts.append(f'<text x="{x:.1f}" y="{-y:.1f}" font-size="19" fill="{INK}">{text}</text>')
        parts.append("</g>")
        parts.append(_caption(i, width, gap, top, labels[i]))
    return _svg_close(parts, width, top, gap)


def _render_close_up(poses: list[Pose], figures_: list[Figure], ghost: Figure, alt: str,
                     labels: tuple[str, str]) -> str:
    """Both panels show the same part of the body, larger, cut to a frame."""
    x0, y0, x1, y1 = _close_up_box(figures_)
    s = CLOSE_UP_SCALE
    width, top = (x1 - x0) * s, (y1 - y0) * s + 6
    parts, total_w, width, gap = _svg_open(width, top, alt, labels)
    for i, figure in enumerate(figures_):
        ox = i * (width + gap) + (width - (x1 - x0) * s) / 2 - x0 * s
        parts.append(f'<clipPath id="hb-pose-close-up-{i}"><rect x="{x0:.1f}" y="{-y1:.1f}" '
                     f'width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" rx="6"/></clipPath>')
        parts.append(f'<g transform="translate({ox:.1f} {top + y0 * s:.1f}) scale({s})" '
                     f'clip-path="url(#hb-pose-close-up-{i})">')
        if i == 1:  # no props: a chair or a wall would only be a stray line here
            parts += [_svg_stroke(g, 0.8) for g in ghost.strokes]
        parts += [_svg_stroke(st) for st in figure.strokes]
        parts.append(f'<rect x="{x0:.1f}" y="{-y1:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" rx="6" '
                     f'fill="none" stroke="{PROP}" stroke-width="{1.6 / s:.2f}"/>')
        parts.append("</g>")
        parts.append(_caption(i, width, gap, top, labels[i]))
    return _svg_close(parts, width, top, gap)


def _svg_open(width: float, top: float, alt: str, labels: tuple[str, str]) -> tuple[list[str], float, float, float]:
    # Each caption must fit under its own panel (about 9 units a character at 15 bold).
    width = max(width, *(9 * len(f"{i + 1}. {label}") + 10 for i, label in enumerate(labels)))
    gap, label_h = 26, 30
    total_w = 2 * width + gap
    total_h = top + label_h
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total_w:.0f} {total_h:.0f}" '
             f'width="{total_w:.0f}" height="{total_h:.0f}" role="img" class="hb-pose" '
             f'font-family="Atkinson Hyperlegible, Arial, sans-serif">',
             f"<title>{escape(alt)}</title>"]
    return parts, total_w, width, gap


def _caption(i: int, width: float, gap: float, top: float, label: str) -> str:
    cx = i * (width + gap) + width / 2
    return (f'<text x="{cx:.1f}" y="{top + 22:.1f}" font-size="15" font-weight="700" '
            f'text-anchor="middle" fill="{INK}">{i + 1}. {escape(label)}</text>')


def _svg_close(parts: list[str], width: float, top: float, gap: float) -> str:
    parts.append(f'<path d="M{width + 5:.1f},{top / 2:.1f} h{gap - 12} m-6,-6 l6,6 l-6,6" fill="none" '
                 f'stroke="{INK}" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
