"""From a :class:`Pose` to a :class:`Figure`: where each body part, prop and mark goes.

Drawing units: a standing figure is about 175 units tall; y points up, the floor is y = 0."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from tools.exercises.poses.parse import TURNING, Pose, PoseError, parse_pose

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
        # The back against the wall: arms raised against it lie in its plane, beside the body.
        figure.wall_x = _bounds([s for s in body if not s.part.startswith("arm")])[0] - 1


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
                      "toe": (ankle_x + FOOT * math.cos(b + math.pi / 2), ankle[1]), "up": knee_h > THIGH / 2}

    def leg(parts: dict[str, Point]) -> list[Stroke]:
        hip, knee, ankle, toe = parts["hip"], parts["knee"], parts["ankle"], parts["toe"]
        # A knee bent up towards you is a big round knob over a short thigh and shin,
        # so a bent leg does not read as a straight one from above.
        knob = W_THIGH / 2 + (5 if parts["up"] else 0)
        return [Stroke([hip, knee, ankle], W_THIGH + 4, white), Stroke([ankle, toe], W_LIMB + 2, white),
                Stroke([hip, knee], W_THIGH, ink), Stroke([knee, ankle], W_LIMB, ink),
                Stroke([ankle, toe], W_LIMB - 2, ink), Stroke([knee], 0, white, dot=knob + 2),
                Stroke([knee], 0, ink, dot=knob)]

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
    if not start.ghost:
        raise PoseError("ghost: only the end pose can leave the start out of its drawing")
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
