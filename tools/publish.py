"""Publish a finished build: replace ``DEST`` with a copy of ``SOURCE`` in one step.

Sphinx writes into a staging folder, so a build that fails half-way never
touches what readers see: ``make html`` only calls this after a clean build.
The copy goes to a sibling folder first and is then swapped in by renaming.
With ``--pdfs DIR``, the PDFs in DIR go into the site's ``pdf/`` folder,
where the landing page links to them.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path


def publish(source: Path, dest: Path, pdfs: list[Path] = ()) -> None:
    fresh = dest.with_name(dest.name + ".new")
    stale = dest.with_name(dest.name + ".old")
    for leftover in (fresh, stale):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(source, fresh, ignore=shutil.ignore_patterns(".buildinfo.bak"))
    if pdfs:
        (fresh / "pdf").mkdir()
        for pdf in pdfs:
            shutil.copy2(pdf, fresh / "pdf" / pdf.name)
    if dest.exists():
        dest.rename(stale)
    fresh.rename(dest)
    shutil.rmtree(stale, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--pdfs", type=Path, help="a folder of built PDFs to include")
    args = parser.parse_args(argv)
    if not (args.source / "index.html").is_file():
        print(f"{args.source}: no index.html, so nothing to publish", file=sys.stderr)
        return 1
    pdfs = sorted(args.pdfs.glob("*.pdf")) if args.pdfs and args.pdfs.is_dir() else []
    if args.pdfs and not pdfs:
        print(f"note: no PDFs in {args.pdfs} yet, so the site's PDF links lead nowhere; "
              "run `make pdf` (or `make`)", file=sys.stderr)
    publish(args.source, args.dest, pdfs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
