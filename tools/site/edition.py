"""The handbook's edition: read from ``docs/edition.toml``, the one place it is kept.

``conf.py``, the PDF builder and the Makefile all read the edition through this
module, so it is typed by hand exactly once.  It also works as a command (it
needs only the standard library, so the Makefile can call it before ``.venv``
exists)::

    python3 tools/site/edition.py number      # YYYY.N, the edition
    python3 tools/site/edition.py label       # YYYY.N, or YYYY.N-draft
    python3 tools/site/edition.py date        # YYYY-MM-DD, its date

A build is a *draft* while ``docs/changelog.md`` has a ``## Unreleased``
section: its pages hold changes that edition ``YYYY.N`` does not, so its PDF
files are named ``YYYY.N-draft``, and their covers and footers, its handouts
and the site's footer say "Draft after edition YYYY.N": a page printed from
it cannot pass for the edition.
``make release`` turns that section into the edition's, so a release is
never a draft.

``docs/editions.toml`` is the record of the editions that have been released:
each one's number, date and the commit it was built from (see
``read_released``).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

EDITION_FILE = Path(__file__).resolve().parent.parent.parent / "docs" / "edition.toml"
RELEASED_FILE = EDITION_FILE.with_name("editions.toml")
CHANGELOG = "changelog.md"  # beside edition.toml
UNRELEASED = "## Unreleased"
EDITION_PATTERN = re.compile(r"^\d{4}\.[1-9]\d*$")
COMMIT_PATTERN = re.compile(r"^[0-9a-f]{40}$")
RELEASED_HEADER = """\
# The editions that have been released, oldest first. `make editions` builds
# each from the commit recorded here; tags are only a convenience, as they do
# not travel with every copy of a repository. `make release` adds each entry,
# in a commit of its own just after the release commit it names (a commit
# cannot hold its own hash). See docs/contributing/editions.md.
"""


@dataclass(frozen=True)
class Edition:
    number: str
    date: dt.date
    draft: bool = field(default=False, kw_only=True)  # changes since this edition, not yet released

    @property
    def date_text(self) -> str:
        """The date as readers see it: ``24 November 2026``."""
        return f"{self.date.day} {self.date:%B %Y}"

    @property
    def label(self) -> str:
        """What file names, PDF covers and footers call this build: ``YYYY.N``, or
        ``YYYY.N-draft`` for a draft after it."""
        return f"{self.number}-draft" if self.draft else self.number

    @property
    def title(self) -> str:
        """What readers see on a cover, a page's foot or a handout: ``Edition YYYY.N``, or
        ``Draft after edition YYYY.N`` (a bare ``YYYY.N-draft`` reads as a draft *of* it)."""
        return edition_title(self.label)

    def as_draft(self) -> Edition:
        return Edition(self.number, self.date, draft=True)

    @property
    def status(self) -> str:
        """One sentence for the site's footer and front page."""
        return f"{self.title}, not yet published." if self.draft else f"{self.title}, published {self.date_text}."


@dataclass(frozen=True)
class Released(Edition):
    """A released edition and the commit whose sources are that edition."""

    commit: str


def edition_title(label: str) -> str:
    """``Edition YYYY.N`` for the label ``YYYY.N``; ``Draft after edition YYYY.N`` for ``YYYY.N-draft``."""
    number, draft, _ = label.partition("-draft")
    return f"Draft after edition {number}" if draft else f"Edition {number}"


def edition_key(number: str) -> tuple[int, int]:
    """Sort key for edition numbers: YYYY.10 comes after YYYY.9."""
    year, n = number.split(".")
    return int(year), int(n)


def parse_edition(data: dict, where: str) -> Edition:
    """Validate an edition's number and date; raise ``ValueError`` naming `where`."""
    number, date = data.get("number"), data.get("date")
    if not isinstance(number, str) or not EDITION_PATTERN.match(number):
        raise ValueError(f"{where}: 'number' must look like YYYY.N, got {number!r}")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise ValueError(f"{where}: 'date' must be a date like 2026-11-24, got {date!r}")
    return Edition(number, date)


def has_unreleased(changelog: str) -> bool:
    """Whether a changelog has a ``## Unreleased`` section."""
    return re.search(rf"^{UNRELEASED}[ \t]*$", changelog, re.M) is not None


def read_edition(path: Path = EDITION_FILE) -> Edition:
    """Read and validate the edition file; raise ``ValueError`` naming the file.
    The build is a draft when the changelog beside it has unreleased changes."""
    edition = parse_edition(tomllib.loads(path.read_text(encoding="utf-8")), str(path))
    changelog = path.with_name(CHANGELOG)
    if changelog.exists() and has_unreleased(changelog.read_text(encoding="utf-8")):
        return edition.as_draft()
    return edition


def read_released(path: Path = RELEASED_FILE) -> list[Released]:
    """The released editions, oldest first; raise ``ValueError`` naming the file.

    The record, not git tags, says what was released: tags do not travel with
    every copy of a repository, and a tag can be moved."""
    if not path.exists():
        return []
    released: list[Released] = []
    for n, entry in enumerate(tomllib.loads(path.read_text(encoding="utf-8")).get("edition", []), 1):
        edition = parse_edition(entry, f"{path}: edition {n}")
        commit = entry.get("commit")
        if not isinstance(commit, str) or not COMMIT_PATTERN.match(commit):
            raise ValueError(f"{path}: edition {n}: 'commit' must be a full 40-digit commit hash, got {commit!r}")
        if released and edition_key(edition.number) <= edition_key(released[-1].number):
            raise ValueError(f"{path}: edition {n}: {edition.number} must come after {released[-1].number}")
        released.append(Released(edition.number, edition.date, commit))
    return released


def record_released(edition: Released, path: Path = RELEASED_FILE) -> None:
    """Add a release to the record, keeping what is there."""
    text = path.read_text(encoding="utf-8") if path.exists() else RELEASED_HEADER
    text = text.rstrip("\n") + (f'\n\n[[edition]]\nnumber = "{edition.number}"\n'
                                f"date = {edition.date.isoformat()}\ncommit = \"{edition.commit}\"\n")
    path.write_text(text, encoding="utf-8")
    if read_released(path)[-1] != edition:
        raise ValueError(f"{path}: could not record edition {edition.number}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    field = args[0] if args else "number"
    try:
        edition = read_edition()
    except (OSError, ValueError) as err:
        print(err, file=sys.stderr)
        return 1
    values = {"number": edition.number, "label": edition.label, "date": edition.date.isoformat(),
              "date-text": edition.date_text}
    if field not in values:
        print(f"usage: edition.py [{'|'.join(values)}]", file=sys.stderr)
        return 2
    print(values[field])
    return 0


if __name__ == "__main__":
    sys.exit(main())
