"""The handbook's edition: read from ``docs/edition.toml``, the one place it is kept.

``conf.py``, the PDF builder and the Makefile all read the edition through this
module, so it is typed by hand exactly once.  It also works as a command (it
needs only the standard library, so the Makefile can call it before ``.venv``
exists)::

    python3 tools/site/edition.py number      # YYYY.N, the edition
    python3 tools/site/edition.py date        # YYYY-MM-DD, its date
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

EDITION_FILE = Path(__file__).resolve().parent.parent.parent / "docs" / "edition.toml"
EDITION_PATTERN = re.compile(r"^\d{4}\.[1-9]\d*$")


@dataclass(frozen=True)
class Edition:
    number: str
    date: dt.date

    @property
    def date_text(self) -> str:
        """The date as readers see it: ``24 November 2026``."""
        return f"{self.date.day} {self.date:%B %Y}"


def read_edition(path: Path = EDITION_FILE) -> Edition:
    """Read and validate the edition file; raise ``ValueError`` naming the file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    number, date = data.get("number"), data.get("date")
    if not isinstance(number, str) or not EDITION_PATTERN.match(number):
        raise ValueError(f"{path}: 'number' must look like YYYY.N, got {number!r}")
    if not isinstance(date, dt.date):
        raise ValueError(f"{path}: 'date' must be a date like 2026-11-24, got {date!r}")
    return Edition(number, date)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    field = args[0] if args else "number"
    try:
        edition = read_edition()
    except (OSError, ValueError) as err:
        print(err, file=sys.stderr)
        return 1
    values = {"number": edition.number, "date": edition.date.isoformat(),
              "date-text": edition.date_text}
    if field not in values:
        print(f"usage: edition.py [{'|'.join(values)}]", file=sys.stderr)
        return 2
    print(values[field])
    return 0


if __name__ == "__main__":
    sys.exit(main())
