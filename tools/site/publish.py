"""Publish a finished build: replace ``DEST`` with a copy of ``SOURCE`` in one step.

Sphinx writes into a staging folder, so a build that fails half-way never
touches what readers see: ``make html`` only calls this after a clean build.
The copy goes to a sibling folder first and is then swapped in by renaming.
With ``--pdfs DIR``, the PDFs in DIR go into the site's ``pdf/`` folder,
where the landing page links to them.

With ``--check``, every link and load in the finished copy is checked first
(tools/checks/check_html.py), and nothing is published if one is broken: an
incremental build leaves unchanged pages as they were, so a renamed exercise
label would otherwise ship dead ``#exercise-...`` links from pages that Sphinx
did not rewrite. Each page's links are kept beside DEST
(``.DEST-links.json``), so the next check parses only the pages that
changed. (Links to ``pdf/`` are let pass while no PDF has been built,
and addresses outside the build, from the web root (``/...``) or climbing out
of it (``../YYYY.N/``), which only the editions site around it has.)
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path


class PublishError(Exception):
    pass


def publish(source: Path, dest: Path, pdfs: list[Path] = (), check: bool = False) -> None:
    fresh = dest.with_name(dest.name + ".new")
    stale = dest.with_name(dest.name + ".old")
    for leftover in (fresh, stale):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(source, fresh, ignore=shutil.ignore_patterns(".buildinfo.bak"))
    if pdfs:
        (fresh / "pdf").mkdir()
        for pdf in pdfs:
            shutil.copy2(pdf, fresh / "pdf" / pdf.name)
    if check:
        from tools.checks.check_html import check_site

        store = dest.with_name(f".{dest.name}-links.json")  # each page's links, for the next check
        problems = [p.replace(str(fresh), str(source), 1) for p in check_site(fresh, from_root=False, store=store)
                    if pdfs or "link to missing file pdf/" not in p]
        if problems:
            shutil.rmtree(fresh, ignore_errors=True)
            raise PublishError("\n".join(problems) + f"\n{len(problems)} broken links: {dest} is "
                               "left as it was. Fix them, or run `make clean html` if a page Sphinx "
                               "did not rebuild still links to something renamed.")
    if dest.exists():
        dest.rename(stale)
    fresh.rename(dest)
    shutil.rmtree(stale, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--pdfs", type=Path, help="a folder of built PDFs to include")
    parser.add_argument("--check", action="store_true", help="check every link first; publish nothing if one is broken")
    args = parser.parse_args(argv)
    if not (args.source / "index.html").is_file():
        print(f"{args.source}: no index.html, so nothing to publish", file=sys.stderr)
        return 1
    pdfs = sorted(args.pdfs.glob("*.pdf")) if args.pdfs and args.pdfs.is_dir() else []
    if args.pdfs and not pdfs:
        print(f"note: no PDFs in {args.pdfs} yet, so the site's PDF links lead nowhere; "
              "run `make pdf` (or `make`)", file=sys.stderr)
    try:
        publish(args.source, args.dest, pdfs, check=args.check)
    except PublishError as error:
        print(error, file=sys.stderr)
        return 1
    # The last line of `make`: where the reader's files really are (Sphinx's own
    # last line names the staging folder, which is replaced).
    print(f"Published {args.dest}/index.html" + (f", with {len(pdfs)} PDFs from {args.pdfs}" if pdfs else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
