"""The part of the one lock file that `make` installs: everything but the tests' own packages.

requirements.lock pins every package, with hashes, for the handbook and for its
tests (the ``test`` extra in pyproject.toml). `make` installs only what building
needs; `make test` then installs the rest from the same file. uv writes, under
each pin, which packages pulled it in (``# via ...``); a package is needed for
building if it is one of the project's own dependencies or something needed for
building pulled it in. No second lock file to keep in step.

Usage: ``python tools/site/lock.py [requirements.lock] [pyproject.toml] > build.txt``
(standard library only: it runs before .venv exists).
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(text: str) -> dict[str, tuple[list[str], set[str]]]:
    """{package: (its lines, the packages it is 'via')}, in file order."""
    entries: dict[str, tuple[list[str], set[str]]] = {}
    current = None
    in_via = False
    for line in text.splitlines():
        if m := PIN.match(line):
            current = normal(m[1])
            entries[current] = ([line], set())
            in_via = False
        elif current is None:
            continue
        elif line.strip().startswith("# via"):
            rest = line.strip().removeprefix("# via").strip()
            in_via = not rest
            if rest:
                entries[current][1].add(rest)
        elif in_via and line.strip().startswith("#   "):
            entries[current][1].add(line.strip().removeprefix("#").strip())
        elif line.startswith("    --hash") or line.startswith("    "):
            entries[current][0].append(line)
            in_via = False
    return entries


def needed_for_building(lock: dict[str, tuple[list[str], set[str]]], direct: set[str], project: str) -> list[str]:
    """The lock's packages that building needs, in lock order."""
    def parents(package: str) -> set[str]:
        found = set()
        for via in lock[package][1]:
            if via.startswith(project):  # "exercises-for-back-pain (pyproject.toml)": a direct pin
                continue
            if m := NAME.match(via):
                found.add(normal(m[0]))
        return found

    needed = set(direct) & set(lock)
    changed = True
    while changed:  # a package is needed if anything needed pulled it in
        changed = False
        for package in lock:
            if package not in needed and parents(package) & needed:
                needed.add(package)
                changed = True
    return [package for package in lock if package in needed]


def main(argv: list[str] | None = None) -> int:
    args = (argv if argv is not None else sys.argv[1:]) + ["requirements.lock", "pyproject.toml"][len(argv or sys.argv[1:]):]
    lock_path, pyproject_path = Path(args[0]), Path(args[1])
    project = tomllib.loads(pyproject_path.read_text())["project"]
    direct = {normal(NAME.match(d)[0]) for d in project["dependencies"]}
    lock = read_lock(lock_path.read_text())
    missing = sorted(direct - set(lock))
    if missing:
        print(f"{lock_path}: no pin for {', '.join(missing)}: run the command at the top of the file again",
              file=sys.stderr)
        return 1
    for package in needed_for_building(lock, direct, normal(project["name"])):
        print("\n".join(lock[package][0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
