"""Measure the build on this machine: ``make bench``.

Prints, as a Markdown table for the README:

* a full clean build of the site and both PDFs (``make all`` into a fresh folder);
* a rebuild of the site after touching one page;
* each PDF on its own (from the print build);
* the bytes a reader downloads for the landing page (the page and everything
  it loads: styles, scripts, images and the fonts the styles ask for);
* each PDF's size.

Goals (figures, never tests): each PDF at most 15 s, a one-page rebuild at
most 3 s, a full build at most 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from tools.pdf.build_pdf import PAPERS, pdf_name
from tools.checks.html_reader import CSS_URL, read
from tools.site.edition import read_edition

REPO = Path(__file__).resolve().parent.parent.parent
TOUCHED_PAGE = REPO / "docs" / "will-exercise-hurt.md"


def timed(*command: str) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def landing_page_bytes(site: Path) -> tuple[int, int, int]:
    """Bytes, gzipped bytes (as a server usually sends them) and files that a
    first visit to index.html downloads, each file counted once."""
    seen: set[Path] = set()

    def fetch(path: Path) -> None:
        if path in seen or not path.is_file():
            return
        seen.add(path)
        if path.suffix == ".css":
            for match in CSS_URL.finditer(path.read_text(encoding="utf-8", errors="replace")):
                fetch_url(path, match["url"])

    def fetch_url(source: Path, url: str) -> None:
        parts = urlsplit(url)
        if not parts.scheme and not url.startswith("//") and parts.path:
            fetch((source.parent / parts.path).resolve())

    index = (site / "index.html").resolve()
    fetch(index)
    for link in read(index).links:
        if link.loads:
            fetch_url(index, link.url)
    raw = sum(p.stat().st_size for p in seen)
    compressed = sum(len(gzip.compress(p.read_bytes(), 6)) if p.suffix in (".html", ".css", ".js")
                     else p.stat().st_size for p in seen)
    return raw, compressed, len(seen)


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found[1].strip() if found else ""
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores {model}".strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builddir", type=Path, default=REPO / "build" / "bench")
    args = parser.parse_args(argv)
    build = args.builddir
    shutil.rmtree(build, ignore_errors=True)
    make = ["make", "--no-print-directory", f"BUILDDIR={build}"]
    edition = read_edition().number

    rows = [("Full clean build, site and both PDFs (`make`)", f"{timed(*make, 'all'):.1f} s", "60 s")]
    TOUCHED_PAGE.touch()
    rows.append((f"Site rebuild after touching `{TOUCHED_PAGE.name}`", f"{timed(*make, 'html'):.1f} s", "3 s"))
    for paper in PAPERS:
        seconds = timed(sys.executable, "-m", "tools.pdf.build_pdf", str(build / "print" / "index.html"),
                        str(build / "pdf"), "--paper", paper)
        rows.append((f"{PAPERS[paper]} PDF on its own", f"{seconds:.1f} s", "15 s"))
    size, compressed, files = landing_page_bytes(build / "html")
    rows.append(("Landing page download (page and all it loads)",
                 f"{size / 1024:.0f} KiB in {files} files ({compressed / 1024:.0f} KiB gzipped)", ""))
    for paper in PAPERS:
        size = (build / "pdf" / pdf_name(edition, paper)).stat().st_size
        rows.append((f"{PAPERS[paper]} PDF size", f"{size / 1024:.0f} KiB", ""))

    print(f"Edition {edition} on {machine()}, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}\n")
    print("| Measure | Result | Goal |\n| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
