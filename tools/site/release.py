"""Release an edition: ``make release EDITION=YYYY.N [DATE=YYYY-MM-DD]``.

1. Refuses to go on if the work tree has uncommitted changes, if the edition
   is not newer than the last one, if its tag exists already, if
   ``docs/changelog.md`` has no ``## Unreleased`` section, or if any page's
   ``next-review`` date falls before the edition date (naming file and line).
2. Writes the edition and its date to ``docs/edition.toml``, the one place
   they are kept.
3. Stamps the changelog: ``## Unreleased`` becomes
   ``## Edition YYYY.N, D Month YYYY``.
4. Commits both files and creates the tag ``edition-YYYY.N``.

With ``--check`` it stops after step 1. ``make release`` runs that check,
then the whole build and test suite (``make all test``), and releases only
if both pass.

Push the tag yourself when the edition has been checked: ``git push origin
edition-YYYY.N``. ``make editions`` builds every tagged edition.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

from tools.site.edition import EDITION_PATTERN, Edition, read_edition

REPO = Path(__file__).resolve().parent.parent.parent
TAG_PREFIX = "edition-"
UNRELEASED = "## Unreleased"
NEXT_REVIEW = re.compile(r"^next-review:\s*(?P<date>\S+)\s*$")


class ReleaseError(Exception):
    pass


def edition_key(number: str) -> tuple[int, int]:
    year, n = number.split(".")
    return int(year), int(n)


def overdue_pages(docs: Path, date: dt.date) -> list[str]:
    """Every page whose front matter says its next review falls before `date`."""
    problems = []
    for page in sorted(docs.rglob("*.md")):
        if any(part.startswith(("_", ".")) or part == "templates" for part in page.relative_to(docs).parts):
            continue
        lines = page.read_text(encoding="utf-8").splitlines()
        if not lines or lines[0].strip() != "---":
            continue
        for number, line in enumerate(lines[1:], start=2):
            if line.strip() == "---":
                break
            if (match := NEXT_REVIEW.match(line)):
                try:
                    due = dt.date.fromisoformat(match["date"])
                except ValueError:
                    problems.append(f"{page}:{number}: next-review {match['date']!r} is not a date")
                    continue
                if due < date:
                    problems.append(f"{page}:{number}: next review was due {due}, before the "
                                    f"edition date {date}: review the page first")
    return problems


def stamp_changelog(text: str, edition: Edition) -> str:
    heading = f"## Edition {edition.number}, {edition.date_text}"
    if not re.search(rf"^{UNRELEASED}[ \t]*$", text, re.M):
        raise ReleaseError(f"no '{UNRELEASED}' section: say what changed in this edition first")
    return re.sub(rf"^{UNRELEASED}[ \t]*$", heading, text, count=1, flags=re.M)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True,
                           capture_output=True, text=True).stdout


def release(repo: Path, number: str, date: dt.date, check_only: bool = False) -> Edition:
    docs = repo / "docs"
    edition_file, changelog = docs / "edition.toml", docs / "changelog.md"
    if not EDITION_PATTERN.match(number):
        raise ReleaseError(f"edition {number!r} must look like YYYY.N, such as 2027.1")
    if str(date.year) != number.split(".")[0]:
        raise ReleaseError(f"edition {number} does not match the year of its date {date}")
    current = read_edition(edition_file)
    tags = git(repo, "tag", "--list", f"{TAG_PREFIX}*").split()
    if f"{TAG_PREFIX}{number}" in tags:
        raise ReleaseError(f"tag {TAG_PREFIX}{number} exists already")
    released = [t[len(TAG_PREFIX):] for t in tags if EDITION_PATTERN.match(t[len(TAG_PREFIX):])]
    newest = max(released, key=edition_key, default=None)
    if newest and edition_key(number) <= edition_key(newest):
        raise ReleaseError(f"edition {number} is not newer than edition {newest}")
    if git(repo, "status", "--porcelain"):
        raise ReleaseError("the work tree has uncommitted changes: commit or stash them first")
    if (overdue := overdue_pages(docs, date)):
        raise ReleaseError("pages are overdue for review:\n" + "\n".join(overdue))
    edition = Edition(number, date)
    stamped = stamp_changelog(changelog.read_text(encoding="utf-8"), edition)
    if check_only:
        return edition
    text = edition_file.read_text(encoding="utf-8")
    text = re.sub(r'^number = ".*"$', f'number = "{number}"', text, count=1, flags=re.M)
    text = re.sub(r"^date = .*$", f"date = {date.isoformat()}", text, count=1, flags=re.M)
    edition_file.write_text(text, encoding="utf-8")
    changelog.write_text(stamped, encoding="utf-8")
    if read_edition(edition_file) != edition:
        raise ReleaseError(f"{edition_file}: could not write the new edition")
    git(repo, "commit", "-q", "-m", f"Release edition {number}"
        + ("" if current.number == number else f" (after {current.number})"),
        "--", str(edition_file), str(changelog))
    git(repo, "tag", "-a", f"{TAG_PREFIX}{number}", "-m", f"Edition {number}, {edition.date_text}")
    return edition


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("edition", help="the new edition, YYYY.N")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="the edition date (default: today)")
    parser.add_argument("--repo", type=Path, default=REPO)
    parser.add_argument("--check", action="store_true",
                        help="only check that the edition can be released; write and tag nothing")
    args = parser.parse_args(argv)
    try:
        edition = release(args.repo, args.edition, args.date, check_only=args.check)
    except ReleaseError as err:
        print(f"release refused: {err}", file=sys.stderr)
        return 1
    if args.check:
        print(f"Edition {edition.number} ({edition.date_text}) can be released.")
        return 0
    print(f"Released edition {edition.number} ({edition.date_text}) and tagged "
          f"{TAG_PREFIX}{edition.number}. Push the tag when it has been checked.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
