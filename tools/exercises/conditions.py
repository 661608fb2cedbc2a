"""The conditions table, ``docs/conditions.toml``: read once, used everywhere.

Each condition has an area key (``low-back``), a name, the chapter about it and
its red-flag snippets by urgency. The exercise directive takes its area names
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


@dataclass(frozen=True)
class Condition:
    key: str
    name: str
    chapter: str
    emergency: tuple[str, ...]
    urgent: tuple[str, ...]

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
        table[key] = Condition(key, entry["name"], entry["chapter"], tuple(entry["emergency"]),
                               tuple(entry["urgent"]))
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
