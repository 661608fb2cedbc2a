"""A patient's programme: chosen exercises, their doses and a plan, as a short link.

The programme builder on the site (``docs/_static/js/hb-programme.js``) and
``make handout`` (tools/pdf/handout.py) share this format, so a QR code on a
printed handout opens the same programme on the patient's phone. The link
keeps everything in its fragment, so nothing reaches a server::

    my-programme.html#p=1~knee-rolls.r8~bridge.h5.r8.s2.d2!b1!v20261210

* ``1`` is the format's version: a later edition reads version 1 links, and
  says plainly when a link is of a version it does not know.
* each ``~`` starts an exercise: its label, then only the doses that differ
  from its card: ``r`` repeats, ``h`` seconds to hold, ``s`` sets, ``d``
  times a day or ``w`` days a week.
* ``!b`` is how to build up (:data:`BUILD_UP`), ``!v`` the date to review the
  programme with the clinician (YYYYMMDD).

Names and dates of the patient and clinician are never part of a link.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

VERSION = 1
BUILD_UP = {
    0: "Keep to these doses until you see your clinician.",
    1: "Add 1 to 2 repeats every few days, if it feels all right.",
    2: "Add 1 repeat each week, if it feels all right.",
    3: "Hold each one a second or two longer each week, if it feels all right.",
}
# The doses a programme may set, with the sensible limits the builder enforces.
LIMITS = {"r": ("Repeats", 1, 30), "h": ("Seconds to hold", 1, 120), "s": ("Sets", 1, 5),
          "d": ("Times a day", 1, 6), "w": ("Days a week", 1, 7)}
MINUTE_LIMITS = ("Minutes", 1, 60)
_NUMBER = re.compile(r"\d+")
_RANGE = re.compile(r"(\d+)(?:\s+to\s+(\d+))?")
_ITEM = re.compile(r"^(?P<label>[a-z0-9]+(?:-[a-z0-9]+)*)(?P<doses>(?:\.[rhsdw]\d{1,3})*)$")


class ProgrammeError(ValueError):
    pass


@dataclass
class Dose:
    """One exercise's dose: the card's, with any changes."""

    reps: int | None = None
    reps_to: int | None = None  # the top of the card's range ("2 to 4"), until a change gives one number
    reps_suffix: str = ""  # "each side", "minutes"...
    hold: int | None = None
    hold_to: int | None = None
    hold_unit: str = "seconds"
    hold_suffix: str = ""
    sets: int | None = None
    times: int | None = None
    per: str = "d"  # "d": a day, "w": a week

    def text(self) -> str:
        parts = []
        if self.hold is not None:
            hold = f"{self.hold} to {self.hold_to}" if self.hold_to else str(self.hold)
            unit = self.hold_unit if self.hold != 1 or self.hold_to else self.hold_unit.rstrip("s")
            parts.append(f"hold {hold} {unit}{' ' + self.hold_suffix if self.hold_suffix else ''}")
        if self.reps is not None:
            reps = f"{self.reps} to {self.reps_to}" if self.reps_to else str(self.reps)
            parts.append(f"{reps} {self.reps_suffix}".strip() if self.reps_suffix == "minutes"
                         else f"repeat {reps}{' ' + self.reps_suffix if self.reps_suffix else ''}")
        if self.sets is not None:
            parts.append(f"{self.sets} set{'s' if self.sets != 1 else ''}")
        if self.times is not None:
            parts.append(often_text(self.times, self.per))
        return ", ".join(parts)


def often_text(times: int, per: str) -> str:
    if per == "w":
        return "every day" if times == 7 else f"{times} day{'s' if times != 1 else ''} a week"
    return {1: "once a day", 2: "twice a day"}.get(times, f"{times} times a day")


def _range(text: str) -> tuple[int, int | None]:
    """The number a dose starts with, and the top of its range if it is one ("2 to 4")."""
    match = _RANGE.search(text)
    return int(match[1]), int(match[2]) if match[2] else None


def card_dose(dose: dict[str, str]) -> Dose:
    """The card's dose text (hold, reps, sets, how-often) read as numbers; a range
    ("20 to 30 seconds") keeps both ends, so a handout says what the card says."""
    result = Dose()
    if dose.get("hold"):
        hold = dose["hold"]
        result.hold, result.hold_to = _range(hold)
        result.hold_unit = "minutes" if "minute" in hold else "seconds"
        result.hold_suffix = (re.search(r"each (side|leg|arm)", hold) or [""])[0]
    if dose.get("reps"):
        reps = dose["reps"]
        result.reps, result.reps_to = _range(reps)
        result.reps_suffix = "minutes" if reps.endswith("minutes") else (re.search(r"each (side|leg|arm)", reps) or [""])[0]
    if dose.get("sets"):
        result.sets = int(_NUMBER.search(dose["sets"])[0])
    often = dose.get("how-often", "")
    if often:
        number = {"once": 1, "twice": 2}
        match = re.match(r"^(once|twice|\d+)", often)
        times = number.get(match[1], 0) or int(match[1]) if match else 1
        if "week" in often:
            result.times, result.per = times, "w"
        elif often in ("every day", "most days"):
            result.times, result.per = (7 if often == "every day" else 5), "w"
        else:
            result.times, result.per = times, "d"
    return result


@dataclass
class Item:
    label: str
    changes: dict[str, int] = field(default_factory=dict)  # r, h, s, d, w


@dataclass
class Programme:
    items: list[Item]
    build_up: int = 1
    review: dt.date | None = None


def check_change(key: str, value: int, minutes: bool = False) -> None:
    name, low, high = MINUTE_LIMITS if key == "r" and minutes else LIMITS[key]
    if not low <= value <= high:
        raise ProgrammeError(f"{name} must be from {low} to {high}, not {value}")


def encode(programme: Programme) -> str:
    """The fragment, without the leading '#'."""
    items = []
    for item in programme.items:
        doses = "".join(f".{k}{v}" for k, v in item.changes.items())
        items.append(item.label + doses)
    text = f"p={VERSION}~" + "~".join(items) + f"!b{programme.build_up}"
    if programme.review:
        text += f"!v{programme.review:%Y%m%d}"
    return text


def decode(fragment: str) -> tuple[Programme, list[str]]:
    """Read a link's fragment: the programme, and a message for each part that could not be read."""
    fragment = fragment.lstrip("#")
    if not fragment.startswith("p="):
        raise ProgrammeError("this link holds no programme")
    body = fragment[2:]
    version, _, rest = body.partition("~")
    if version != str(VERSION):
        raise ProgrammeError(f"this link was made for a different version of the handbook ({version!r}); "
                             "ask your clinician for a new one")
    parts = rest.split("!")
    problems: list[str] = []
    items = []
    for text in filter(None, parts[0].split("~")):
        match = _ITEM.match(text)
        if not match:
            problems.append(f"could not read {text!r}")
            continue
        changes = {d[0]: int(d[1:]) for d in match["doses"].split(".") if d}
        items.append(Item(match["label"], changes))
    programme = Programme(items)
    for extra in parts[1:]:
        if re.fullmatch(r"b[0-3]", extra):
            programme.build_up = int(extra[1])
        elif re.fullmatch(r"v\d{8}", extra):
            try:
                programme.review = dt.datetime.strptime(extra[1:], "%Y%m%d").date()
            except ValueError:
                problems.append("the review date could not be read")
        else:
            problems.append(f"could not read {extra!r}")
    return programme, problems


def apply(card: Dose, changes: dict[str, int]) -> Dose:
    dose = Dose(**card.__dict__)
    for key, value in changes.items():
        check_change(key, value, minutes=card.reps_suffix == "minutes")
        if key == "r":
            dose.reps, dose.reps_to = value, None
        elif key == "h":
            dose.hold, dose.hold_to = value, None
        elif key == "s":
            dose.sets = value
        else:
            dose.times, dose.per = value, key
    return dose


def parse_dose_option(text: str) -> dict[str, int]:
    """``make handout`` doses: "hold 5 seconds,reps 8,sets 2,3 times a day"."""
    changes: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        if (m := re.fullmatch(r"hold (\d+)( seconds?)?", part)):
            changes["h"] = int(m[1])
        elif (m := re.fullmatch(r"(?:reps|repeat) (\d+)", part)):
            changes["r"] = int(m[1])
        elif (m := re.fullmatch(r"sets? (\d+)", part)):
            changes["s"] = int(m[1])
        elif (m := re.fullmatch(r"(\d+|once|twice) (?:times? )?a day", part)):
            changes["d"] = {"once": 1, "twice": 2}.get(m[1]) or int(m[1])
        elif (m := re.fullmatch(r"(\d+) days? a week", part)):
            changes["w"] = int(m[1])
        else:
            raise ProgrammeError(f"{part!r} is not a dose; write it like 'hold 5 seconds', 'reps 8', "
                                 "'sets 2', '3 times a day' or '2 days a week'")
    return changes
