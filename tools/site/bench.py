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
import json
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


def landing_page_bytes(site: Path, page: str = "index.html", extra: tuple[str, ...] = ()) -> tuple[int, int, int]:
    """Bytes, gzipped bytes (as a server usually sends them) and files that a
    first visit to a page downloads, each file counted once (with ``extra``
    files its scripts fetch, such as the programme's data)."""
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

    index = (site / page).resolve()
    fetch(index)
    for name in extra:
        fetch((site / name).resolve())
    for link in read(index).links:
        if link.loads:
            fetch_url(index, link.url)
    raw = sum(p.stat().st_size for p in seen)
    compressed = sum(len(gzip.compress(p.read_bytes(), 6)) if p.suffix in (".html", ".css", ".js")
                     else p.stat().st_size for p in seen)
    return raw, compressed, len(seen)


def programme_view_seconds(site: Path) -> float:
    """From opening a 12-exercise programme link to its cards on screen, in Debian's chromium,
    on a second visit (the page and data cached), served over HTTP on this machine."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    data = json.loads((site / "_static" / "hb-programme" / "data.json").read_text())
    fragment = "p=1~" + "~".join(e["label"] for e in data["exercises"][:12]) + "!b1"
    url = f"http://127.0.0.1:{server.server_address[1]}/my-programme.html#{fragment}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(url, wait_until="networkidle")  # first visit fills the cache
            start = time.perf_counter()
            page.goto(url.replace("#", "?again#"))
            page.wait_for_selector(".hb-handout-card:nth-of-type(12)")
            seconds = time.perf_counter() - start
            browser.close()
    finally:
        server.shutdown()
    return seconds


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
    size, compressed, files = landing_page_bytes(build / "html", "make-a-programme.html",
                                                 ("_static/hb-programme/data.json",))
    rows.append(("Programme builder download (page, scripts and data)",
                 f"{size / 1024:.0f} KiB in {files} files ({compressed / 1024:.0f} KiB gzipped)", ""))
    rows.append(("Programme link opened to cards visible (warm cache)", f"{programme_view_seconds(build / 'html'):.2f} s",
                 "1 s"))
    data = json.loads((build / "print" / "_static" / "hb-programme" / "data.json").read_text())
    labels = [e["label"] for e in data["exercises"]]
    for count in (3, 12):
        seconds = timed(sys.executable, "-m", "tools.pdf.handout", str(build / "print"), *labels[:count],
                        "-o", str(build / "handout" / f"bench-{count}.pdf"))
        rows.append((f"`make handout` of {count} exercises", f"{seconds:.1f} s", "5 s" if count == 12 else ""))

    print(f"Edition {edition} on {machine()}, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}\n")
    print("| Measure | Result | Goal |\n| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
