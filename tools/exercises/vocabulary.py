"""The words an exercise card may use, in one place: areas, types, positions, levels,
sources, doses and the situations that need extra care.

The areas come from the conditions table (``docs/conditions.toml``). The
exercise directive (tools/extensions/handbook_exercise.py) checks each card
against these, the finders group by them, and the contributor guide lists
them (a test keeps the guide and this module in step).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tools.exercises.conditions import read_conditions

DEFAULT_AREAS = {key: condition.name for key, condition in read_conditions().items()}
DEFAULT_TYPES = {
    "isometric": "Isometric",
    "passive-rom": "Passive range of motion",
    "active-rom": "Active range of motion",
    "stretch": "Stretch",
    "strengthening": "Strengthening",
    "aerobic": "Aerobic",
    "balance": "Balance",
}
DEFAULT_POSITIONS = {
    "lying-on-back": "Lying on your back",
    "lying-on-front": "Lying on your front",
    "hands-and-knees": "On your hands and knees",
    "sitting": "Sitting",
    "standing": "Standing",
}

LEVELS = {"1": "Gentle", "2": "Moderate", "3": "Harder"}
# Types a patient does only once a physiotherapist has shown them how: their
# cards say so, and no "exercises to start with" list offers them.
SUPERVISED_TYPES = {"passive-rom": "Only do this when a physiotherapist has shown you and your helper how."}
# Reviews and guidelines: they support exercise in general but describe no one
# exercise, so they may be an exercise's :evidence:, never its :source:.
REVIEW_KEYS = frozenset({
    "nice2016ng59", "hayden2021exercise", "dahm2010bedrest", "gross2015neck", "who2023lbp",
    "qaseem2017noninvasive", "cmo2019activity", "deyo1986bedrest", "malmivaara1995treatment",
    "girft2023caudaequina", "owen2020exercise", "fernandez2015sciatica", "mahmoud2019forwardhead",
    "damasceno2018textneck", "vaegter2020hypoalgesia", "nice2021ng193", "colberg2010exercise",
})
EDITORS = "editors"
EDITORS_TEXT = "the editors' own description, checked by the reviewing clinician"

_N = r"[1-9]\d*"
_RANGE = rf"{_N}(?: to {_N})?"
DOSES = {
    "hold": (re.compile(rf"^{_RANGE} (seconds?|minutes?)( each (side|leg|arm))?$"),
             '"5 seconds", "20 to 30 seconds" or "2 seconds each side"'),
    "reps": (re.compile(rf"^{_RANGE}( each (side|leg|arm)| minutes)?$"),
             '"5", "8 to 12", "5 each side" or "10 to 30 minutes"'),
    "sets": (re.compile(rf"^{_RANGE}$"), '"1" or "2 to 3"'),
    "how-often": (re.compile(rf"^((once|twice|{_RANGE} times) a (day|week)|{_RANGE} days a week"
                             r"|every day|most days)$"),
                  '"3 times a day", "once a day", "2 days a week" or "every day"'),
}




class Situation(NamedTuple):
    name: str  # a few words, for lists: "Take care: spinal stenosis"
    who: str  # ends "Take care if you ...", the card's line and its link
    advice: str  # what to do, the same on every card that names the situation


# Who should take care with an exercise (its :take-care: field). Each key is
# also the label of the section of docs/take-extra-care.md that explains it,
# which the card's line links to. The advice follows that page.
TAKE_CARE = {
    "under-16": Situation("under 16", "are under 16",
                          "Ask a doctor or physiotherapist to check your back pain before you start."),
    "pregnancy": Situation("pregnancy", "are pregnant",
                           "Later in pregnancy, do not lie flat on your back for long. Keep it short, or "
                           "choose an exercise you do sitting or standing."),
    "osteoporosis": Situation("osteoporosis", "have osteoporosis",
                              "Go gently when you bend forward or twist. Move slowly, keep the movement "
                              "small and do fewer repeats."),
    "spinal-stenosis": Situation("spinal stenosis", "have spinal stenosis",
                                 "Arching your back, standing or walking can bring on pain, numbness or "
                                 "tingling in your legs. Sitting or bending forward often eases it."),
    "inflammatory-back-pain": Situation("inflammatory back pain", "may have inflammatory back pain",
                                        "Ask your doctor for a check, and what exercise suits you."),
}
TAKE_CARE_TITLE = "Take care if you {who}"


class ExerciseError(ValueError):
    pass


_CARE_ENTRY = re.compile(r"\s*(?P<key>[^,()]*?)\s*(?:\((?P<note>[^()]*)\))?\s*(?:,|$)")


def check_take_care(text: str, allowed: dict[str, Situation] = TAKE_CARE) -> list[tuple[str, str]]:
    """(key, note) for each situation in a :take-care: value, such as
    "osteoporosis, spinal-stenosis (Try it on your elbows.)", else raise ExerciseError.
    A note goes in brackets, so that it may hold commas."""
    text = text.strip()
    found: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        match = _CARE_ENTRY.match(text, position)
        if not match or not match["key"] or not re.fullmatch(r"[a-z0-9-]+", match["key"]):
            raise ExerciseError(f":take-care: {text!r} cannot be read; write situations with a comma "
                                "between them, each with a short note in brackets if you like, such as "
                                "'osteoporosis, spinal-stenosis (Try it on your elbows.)'")
        key, note = match["key"], " ".join((match["note"] or "").split())
        if key not in allowed:
            raise ExerciseError(f":take-care: unknown situation {key!r}; use one of {', '.join(allowed)}")
        if any(key == seen for seen, _ in found):
            raise ExerciseError(f":take-care: {key!r} is given twice")
        found.append((key, note))
        position = match.end()
    if not found:
        raise ExerciseError(":take-care: is empty")
    return found


# Signs the red-flag boxes (docs/_snippets/) give as "call 999". A card shows
# its :stop-if: under "Stop and get advice if", a lower urgency, so a stop-if
# that names one of them must also say to call 999 ("call 999", "ring 999" or
# "dial 999": a 999 alone may be "you do not need 999").
EMERGENCY_SIGNS = re.compile(
    r"\b(chest|faint(?:s|ed|ing)?|pass(?:es|ed|ing)? out|(?:short|out) of breath|breathless(?:ness)?|"
    r"both (?:arms|legs)|bladder|bowels?|pee(?:s|ing)?|poo(?:s|ing)?|wee(?:s|ing)?|"
    r"genitals?|buttocks?|back passage|saddle|slurred|face droops?|stroke|tearing)\b", re.IGNORECASE)
SAYS_CALL_999 = re.compile(r"\b(?:call|ring|dial)\s+999\b", re.IGNORECASE)
# Signs that, if they stay, need a doctor the same day (the urgent boxes: pins and
# needles in one arm, a leg weak or numb), and the words that say so.
URGENT_SIGNS = re.compile(r"\b(numb(?:ness)?|tingl(?:e|es|y|ing)|pins and needles|weak(?:er|ness)?)\b", re.IGNORECASE)
SAYS_TODAY = re.compile(r"\b(?:appointment|doctor|GP)\b[^.]*\btoday\b", re.IGNORECASE)


def check_stop_if(text: str) -> str:
    """Return the :stop-if: text, or raise ExerciseError if it names a "call 999"
    sign without saying to call 999, or a sign that needs a doctor today if it
    stays (numbness, tingling, pins and needles, weakness) without saying so."""
    sign = EMERGENCY_SIGNS.search(text)
    if sign and not SAYS_CALL_999.search(text):
        raise ExerciseError(f":stop-if: names {sign[0]!r}, a sign that means calling 999, but the card "
                            "shows it under \"Stop and get advice if\": say that it is an emergency and "
                            "to call 999, as the red-flag boxes do")
    sign = URGENT_SIGNS.search(text)
    if sign and not SAYS_TODAY.search(text) and not SAYS_CALL_999.search(text):
        raise ExerciseError(f":stop-if: names {sign[0]!r}, which needs a doctor today if it stays, but does not "
                            "say so: add, for example, 'If it stays, ask for an appointment today.'")
    return text.strip()


def check_dose(field: str, text: str) -> str:
    """Return the dose as written if it can be read, else raise ExerciseError."""
    pattern, examples = DOSES[field]
    match = pattern.match(text.strip())
    if not match:
        raise ExerciseError(f":{field}: {text!r} is not a dose we can read; write it like {examples}")
    for low, high in re.findall(r"(\d+) to (\d+)", text):
        if int(high) <= int(low):
            raise ExerciseError(f":{field}: {text!r}: a range must go from low to high")
    return text.strip()
