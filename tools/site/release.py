"""Release an edition: ``make release EDITION=YYYY.N [DATE=YYYY-MM-DD]``.

1. Refuses to go on if the work tree has uncommitted changes, if the edition
   is not newer than the last one recorded in ``docs/editions.toml``, if its
   tag exists already, if ``docs/changelog.md`` has no ``## Unreleased``
   section, or if any page's ``next-review`` date falls before the edition
   date (naming file and line).
2. Writes the edition and its date to ``docs/edition.toml``, the one place
   they are kept.
3. Stamps the changelog: ``## Unreleased`` becomes
   ``## Edition YYYY.N, D Month YYYY``. If the changelog already has a
   section for this edition (its draft, numbered before it was released),
   ``## Unreleased`` is folded into it instead, so the edition has one
   section: under each ``###`` heading the draft's lines, then the new ones.
4. Commits both files (the release commit: its sources are the edition) and
   tags it ``edition-YYYY.N``.
5. Records the edition, its date and the release commit's full hash in
   ``docs/editions.toml`` and commits that. It takes a second commit because
   a commit cannot hold its own hash; recording the commit before the
   release commit instead would name sources without the edition's date and
   changelog heading.

With ``--check`` it stops after step 1. ``make release`` runs that check,
then the whole build and test suite (``make all test``), and releases only
if both pass.

Push both commits and the tag yourself when the edition has been checked:
``git push origin main edition-YYYY.N``. ``make editions`` builds every
edition in ``docs/editions.toml`` from its recorded commit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

from tools.site.edition import (EDITION_PATTERN, UNRELEASED, Edition, Released, edition_key, read_edition,
                                read_released, record_released)

REPO = Path(__file__).resolve().parent.parent.parent
TAG_PREFIX = "edition-"
NEXT_REVIEW = re.compile(r"^next-review:\s*(?P<date>\S+)\s*$")


class ReleaseError(Exception):
    pass


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


def section(text: str, heading: str) -> re.Match | None:
    """A ``## `` section: its heading line, then its body up to the next ``## ``."""
    return re.search(rf"^{heading}[ \t]*\n(?P<body>.*?)(?=^## |\Z)", text, re.M | re.S)


def subsections(body: str) -> tuple[str, dict[str, str]]:
    """A section's text before its first ``### `` heading, and the text under each."""
    preface, *rest = re.split(r"^(### .*?)[ \t]*$", body, flags=re.M)
    return preface.strip(), {heading: text.strip() for heading, text in zip(rest[::2], rest[1::2])}


def fold(draft: str, unreleased: str) -> str:
    """One section's body from a draft's and the changes made since, heading by heading."""
    (draft_preface, draft_subs), (new_preface, new_subs) = subsections(draft), subsections(unreleased)
    blocks = [text for text in (draft_preface, new_preface) if text]
    for heading in dict.fromkeys([*draft_subs, *new_subs]):
        old, new = draft_subs.get(heading, ""), new_subs.get(heading, "")
        joined = ("\n" if new.startswith("- ") else "\n\n").join(t for t in (old, new) if t)  # a list goes on
        blocks.append(f"{heading}\n\n{joined}" if joined else heading)
    return "\n\n".join(blocks)


def stamp_changelog(text: str, edition: Edition) -> str:
    heading = f"## Edition {edition.number}, {edition.date_text}"
    if not (unreleased := section(text, UNRELEASED)):
        raise ReleaseError(f"no '{UNRELEASED}' section: say what changed in this edition first")
    if not (draft := section(text, rf"## Edition {re.escape(edition.number)},.*?")):
        return text[:unreleased.start()] + f"{heading}\n" + text[unreleased.start("body"):]
    merged = f"{heading}\n\n{fold(draft['body'], unreleased['body'])}\n\n"
    spans = sorted([(unreleased.start(), unreleased.end(), merged), (draft.start(), draft.end(), "")])
    out, position = [], 0
    for start, end, replacement in spans:
        out += [text[position:start], replacement]
        position = end
    return ("".join(out) + text[position:]).rstrip("\n") + "\n"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True,
                           capture_output=True, text=True).stdout


def release(repo: Path, number: str, date: dt.date, check_only: bool = False) -> Edition:
    docs = repo / "docs"
    edition_file, changelog, record = docs / "edition.toml", docs / "changelog.md", docs / "editions.toml"
    if not EDITION_PATTERN.match(number):
        raise ReleaseError(f"edition {number!r} must look like YYYY.N, such as 2027.1")
    if str(date.year) != number.split(".")[0]:
        raise ReleaseError(f"edition {number} does not match the year of its date {date}")
    current = read_edition(edition_file)
    try:
        released = read_released(record)
    except ValueError as err:
        raise ReleaseError(str(err)) from None
    if number in [r.number for r in released]:
        raise ReleaseError(f"edition {number} was released already ({record.relative_to(repo)})")
    if released and edition_key(number) <= edition_key(released[-1].number):
        raise ReleaseError(f"edition {number} is not newer than edition {released[-1].number}")
    if git(repo, "tag", "--list", f"{TAG_PREFIX}{number}").strip():
        raise ReleaseError(f"tag {TAG_PREFIX}{number} exists already")
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
    commit = git(repo, "rev-parse", "HEAD").strip()
    record_released(Released(number, date, commit), record)
    git(repo, "add", "--", str(record))
    git(repo, "commit", "-q", "-m", f"Record edition {number}: built from {commit}", "--", str(record))
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
    print(f"Released edition {edition.number} ({edition.date_text}), tagged {TAG_PREFIX}{edition.number} "
          f"and recorded it in docs/editions.toml. Push both commits and the tag when it has been "
          f"checked: git push origin HEAD {TAG_PREFIX}{edition.number}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
