"""Pose descriptions in, :class:`Pose` out: the words of the pose language and their checks.

The language itself is described in :mod:`tools.exercises.poses`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


class PoseError(ValueError):
    """A pose description that cannot be drawn."""


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
             "helper", "arrow", "highlight", "stay", "close-up", "view", "ghost"}
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
    ghost: bool = True  # the end panel shows the start faintly behind it
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
        elif key == "ghost":
            if value != "none":
                raise PoseError(f"ghost={value}: use ghost=none to leave the start out of the end drawing")
            pose.ghost = False
        elif key == "close-up":
            if value not in CLOSE_UPS:
                raise PoseError(f"close-up={value}: use close-up=head")
            pose.close_up = value
    return pose
