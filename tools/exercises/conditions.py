"""The conditions table, ``docs/conditions.toml``: read once, used everywhere.

Each condition has an area key (``low-back``), a name, the chapter about it,
its red-flag snippets by urgency and its "call 999" signs in brief. The exercise directive takes its area names
from here, the build checks that every page with an exercise shows the red
flags of that exercise's conditions, and the handout and the tests read the
same table, so adding a condition is one entry in the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CONDITIONS_FILE = Path(__file__).resolve().parent.parent.parent / "docs" / "conditions.toml"
SNIPPETS_DIR = CONDITIONS_FILE.parent / "_snippets"
BRIEF_LENGTH = 36  # characters: one line of the compact red-flag box on a 390 px phone


@dataclass(frozen=True)
class Condition:
    key: str
    name: str
    chapter: str
    emergency: tuple[str, ...]
    urgent: tuple[str, ...]
    brief: tuple[str, ...] = ()  # the "call 999" signs in a few words, one short line each

    @property
    def red_flags(self) -> tuple[str, ...]:
        """Every red-flag snippet of this condition, emergencies first."""
        return self.emergency + self.urgent


class ConditionsError(ValueError):
    pass


@cache
def read_conditions(path: Path = CONDITIONS_FILE) -> dict[str, Condition]:
    """The table, in file order; a malformed entry raises ConditionsError naming it."""
    with path.open("rb") as handle:
        try:
            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise ConditionsError(f"{path}: {error}") from None
    table = {}
    for key, entry in data.items():
        missing = [f for f in ("name", "chapter", "emergency", "urgent") if f not in entry]
        if missing:
            raise ConditionsError(f"{path}: [{key}] is missing {', '.join(missing)}")
        brief = tuple(entry.get("brief", ()))
        if entry["emergency"] and not brief:
            raise ConditionsError(f"{path}: [{key}] has emergency signs but no brief: list them in a few words, "
                                  f"one short line each")
        long = [line for line in brief if len(line) > BRIEF_LENGTH]
        if long:
            raise ConditionsError(f"{path}: [{key}] brief: {long[0]!r} is longer than {BRIEF_LENGTH} characters, "
                                  f"more than one line on a phone")
        table[key] = Condition(key, entry["name"], entry["chapter"], tuple(entry["emergency"]),
                               tuple(entry["urgent"]), brief)
    return table


def red_flags_for(areas, conditions: dict[str, Condition] | None = None) -> list[str]:
    """The red-flag snippets for these areas, each once: every emergency box, then every urgent one."""
    table = read_conditions() if conditions is None else conditions
    chosen = [table[a] for a in areas if a in table]
    emergency = [s for c in chosen for s in c.emergency]
    urgent = [s for c in chosen for s in c.urgent]
    return list(dict.fromkeys(emergency + urgent))


def snippet_class(snippet: str) -> str:
    """The CSS class a red-flag box carries, naming its snippet: hb-flags-back-emergency."""
    return "hb-flags-" + snippet.removeprefix("red-flags-")
