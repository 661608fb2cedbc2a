"""Measure the build on this machine: ``make bench``.

Prints, as a Markdown table for the README:

* a full clean build of the site and every PDF (``make all`` into a fresh folder);
* a rebuild of the site after touching one page;
* all the PDFs from the print build (``tools.pdf.build_pdf``, as ``make pdf``
  runs it), and each of the handbook's PDFs on its own;
* WeasyPrint's floor: the A4 book's words and pictures printed with no
  stylesheet, no tags and no mending (FLOOR), what no change of ours can beat;
* the landing page and every file it names (styles, scripts, images and all
  the fonts the styles name, though a browser fetches only those it draws with);
* each PDF's size;
* a first visit to three pages on a slow phone (below).

The build times are measured beside those of a reference commit (``--reference``,
by default REFERENCE: main as it was before the PDF work of this round, with
two books and their leader dots, which the speed goal is measured against) in the same run, one after the other, ``--repeat`` times
(the median is shown): the reference is unpacked with ``git archive`` into the
bench folder and built there with its own Makefile and tools and this .venv.
Each time is the wall clock, with the CPU time of all its processes after it:
on a busy machine the wall clock moves with the load, the CPU time less.

Goals (figures, never tests): the PDFs at least twice as fast as the
reference's, a full build at most 20 s on 2 cores, a one-page rebuild at most
3 s; the table says which are met.

A first visit on a slow phone: the landing page, a condition page and an
exercise page, each opened in a fresh browser (empty cache) from a local
server that gzips text as static hosts do, in chromium emulating a 390 x 844
phone with its CPU slowed 4 times on slow 4G (150 ms latency, 1.6 Mbit/s down,
750 kbit/s up). For each: the bytes transferred (what the network carried:
headers and compressed bodies, as chromium counts them), goal at most 150 kB,
and the largest contentful paint (median of three visits), goal under 2.0 s.
The service worker is kept out: the offline copy it fetches after the page has
shown is its own row.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tools.pdf.build_pdf import SIZES, pdf_name
from tools.checks.html_reader import CSS_URL, read
from tools.site import serve
from tools.site.edition import read_edition
from tools.site.serve import GZIPPED

REPO = Path(__file__).resolve().parent.parent.parent
TOUCHED_PAGE = REPO / "docs" / "will-exercise-hurt.md"


def timed(*command: str) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


@dataclass
class Timing:
    wall: list[float]
    cpu: list[float]

    def __str__(self) -> str:
        return f"{statistics.median(self.wall):.1f} s (CPU {statistics.median(self.cpu):.1f} s)"


def measure(timing: Timing, *command: str | Path, cwd: Path = REPO) -> Timing:
    """Run ``command``; add its wall-clock and CPU seconds (its processes' and their children's) to ``timing``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(part) for part in command], cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    timing.wall.append(time.perf_counter() - start)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    timing.cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return timing


# main before this round's PDF work (tags, page breaks, large print, parallel
# printing): the baseline of the goal "PDFs twice as fast".
REFERENCE = "7c58afd"


def reference_tree(commit: str, folder: Path) -> Path:
    """The handbook at ``commit``, unpacked into ``folder`` (nothing checked out or stashed here).

    Its lock files are dated back to 1970, so that its Makefile finds this
    .venv up to date: the bench checks that, and never installs anything."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", commit], cwd=REPO, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    for name in ("requirements.lock", "pyproject.toml"):
        if (folder / name).exists():
            os.utime(folder / name, (0, 0))
    return folder


# Prints PDFs of the book ({size: file}, a Python literal): here with
# build_pdf.build_pdfs, from one layout (a size alone still needs its layout:
# Letter is laid out on A4); at a commit before it, one by one with build_pdf.
PDFS = ("import ast, sys; from pathlib import Path; import tools.pdf.build_pdf as b; "
        "html, targets, edition = Path(sys.argv[1]), ast.literal_eval(sys.argv[2]), sys.argv[3]; "
        "b.build_pdfs(html, {s: Path(t) for s, t in targets.items()}, edition) if hasattr(b, 'build_pdfs') else "
        "[b.build_pdf(html, Path(t), s, edition) for s, t in targets.items()]")
TOGETHER = ("a4", "letter")  # printed from one layout here
# What WeasyPrint alone takes to print the book's words and pictures on A4 in
# one process: the print build without its stylesheets (only a page margin and
# the pictures' width, so that it has nearly as many pages), untagged and not
# mended. No change to print.css or to the steps after WeasyPrint can make a
# book print faster than this.
FLOOR = ("import re, sys; from pathlib import Path; from weasyprint import CSS, HTML; html = Path(sys.argv[1]); "
         "text = re.sub(r'<link rel=\"stylesheet\"[^>]*>', '', html.read_text(encoding='utf-8')); "
         "HTML(string=text, base_url=str(html)).write_pdf(sys.argv[2], stylesheets=[CSS(string="
         "'@page { size: A4; margin: 20mm } img { max-width: 120mm }')])")


def pdf_sizes(tree: Path) -> list[str]:
    """The book's PDFs a tree prints (before large print, its papers)."""
    code = "import tools.pdf.build_pdf as b; print(*getattr(b, 'SIZES', b.PAPERS))"
    return subprocess.run([sys.executable, "-c", code], cwd=tree, check=True, capture_output=True,
                          text=True).stdout.split()


def build_rows(build: Path, commit: str, repeat: int) -> list[tuple]:
    """The full build, the PDF step and each PDF, here and at ``commit``, one after the other."""
    venv = Path(sys.prefix)
    ref_tree = reference_tree(commit, build.parent / f"{build.name}-reference")
    ref_build = build.parent / f"{build.name}-reference-build"
    dry = subprocess.run(["make", "-n", "-C", str(ref_tree), f"VENV={venv}", f"BUILDDIR={ref_build}", "all"],
                         capture_output=True, text=True).stdout
    if "pip install" in dry or " -m venv " in dry:
        raise SystemExit(f"{ref_tree}: its Makefile would install into {venv}; not measuring it")
    trees = {"here": (REPO, build), "reference": (ref_tree, ref_build)}
    edition = read_edition().label
    sizes = {name: pdf_sizes(tree) for name, (tree, _) in trees.items()}
    full, step = ({name: Timing([], []) for name in trees} for _ in range(2))
    groups = {name: [(size,) for size in sizes[name]] + [TOGETHER] for name in trees}
    each = {(name, group): Timing([], []) for name in trees for group in groups[name]}
    floor = Timing([], [])
    for _ in range(repeat):
        for name, (tree, out) in trees.items():
            shutil.rmtree(out, ignore_errors=True)
            measure(full[name], "make", "--no-print-directory", "-C", tree, f"BUILDDIR={out}", f"VENV={venv}", "all",
                    cwd=tree)
        for name, (tree, out) in trees.items():
            measure(step[name], sys.executable, "-m", "tools.pdf.build_pdf", out / "print" / "index.html",
                    out / "pdf-again", cwd=tree)
            for group in groups[name]:
                targets = {size: str(out / "pdf-again" / pdf_name(edition, size)) for size in group}
                measure(each[name, group], sys.executable, "-c", PDFS, out / "print" / "index.html",
                        repr(targets), edition, cwd=tree)
        measure(floor, sys.executable, "-c", FLOOR, build / "print" / "index.html", build / "pdf-again" / "floor.pdf")

    def row(label: str, here: Timing, reference: Timing | None, goal: float | None, goal_text: str) -> tuple:
        wall = statistics.median(here.wall)
        return (label, str(here), str(reference) if reference else "new", goal_text,
                None if goal is None else wall <= goal)

    def half(timing: Timing) -> float:
        return statistics.median(timing.wall) / 2

    rows = [row("Full clean build, site and all PDFs (`make`)", full["here"], full["reference"], 20, "20 s"),
            row("All PDFs from the print build (`make pdf` after `make print`)", step["here"], step["reference"],
                half(step["reference"]), "half the reference's")]
    for size in sizes["here"]:
        reference = each.get(("reference", (size,)))
        rows.append(row(f"{size} PDF on its own", each["here", (size,)], reference,
                        half(reference) if reference else None, "half the reference's" if reference else ""))
    rows.append(row(f"{' and '.join(TOGETHER)} PDFs (one layout here; one by one in the reference)",
                    each["here", TOGETHER], each["reference", TOGETHER], half(each["reference", TOGETHER]),
                    "half the reference's"))
    rows.append(("The a4 book's words and pictures with no stylesheet, tags or mending (WeasyPrint's floor)",
                 str(floor), "", "", None))
    return rows


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


SLOW_PHONE_PAGES = ("index.html", "low-back-pain.html", "exercises/low-back.html")
PAGE_BYTES_GOAL = 150_000
LCP_GOAL = 2.0


LCP_SCRIPT = """window.hbLcp = null;
new PerformanceObserver((list) => { for (const entry of list.getEntries()) { window.hbLcp = entry.startTime; } })
  .observe({type: "largest-contentful-paint", buffered: true});"""


def first_visit(browser, url: str, slow: bool = True) -> tuple[int, float]:
    """Bytes transferred and largest contentful paint (seconds) of one first
    visit to ``url`` on a slow phone (see the module's docstring); on a phone
    at full speed unless ``slow``."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=3,
                                  is_mobile=True, has_touch=True, service_workers="block")
    page = context.new_page()
    page.add_init_script(LCP_SCRIPT)  # injected by the browser, so the page's CSP does not apply
    cdp = context.new_cdp_session(page)
    received: dict[str, float] = {}
    cdp.on("Network.loadingFinished", lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]))
    cdp.send("Network.enable")
    if slow:
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                      "downloadThroughput": 1_600_000 / 8,
                                                      "uploadThroughput": 750_000 / 8})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(url, wait_until="networkidle", timeout=120_000)
    page.wait_for_timeout(500)
    lcp = page.evaluate("window.hbLcp")
    context.close()
    return int(sum(received.values())), (lcp or float("nan")) / 1000


def slow_phone_visits(site: Path, pages=SLOW_PHONE_PAGES, runs: int = 3) -> dict[str, tuple[int, float]]:
    """For each page: bytes transferred (the first visit's) and the median
    largest contentful paint of ``runs`` first visits."""
    from playwright.sync_api import sync_playwright

    server = serve.start(site, gzip_text=True)
    root = f"http://127.0.0.1:{server.server_address[1]}"
    results = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for name in pages:
                visits = [first_visit(browser, f"{root}/{name}") for _ in range(runs)]
                results[name] = (visits[0][0], statistics.median(lcp for _, lcp in visits))
            browser.close()
    finally:
        server.shutdown()
    return results


def slow_phone_rows(site: Path) -> list[tuple[str, str, str, bool | None]]:
    rows = []
    for name, (size, lcp) in slow_phone_visits(site).items():
        rows.append((f"First visit to `{name}` on a slow phone: bytes transferred", f"{size / 1000:.0f} kB",
                     f"{PAGE_BYTES_GOAL // 1000} kB", size <= PAGE_BYTES_GOAL))
        rows.append((f"First visit to `{name}` on a slow phone: largest contentful paint", f"{lcp:.2f} s",
                     f"under {LCP_GOAL:.1f} s", lcp < LCP_GOAL))
    return rows


def programme_view_seconds(site: Path) -> float:
    """From opening a 12-exercise programme link to its cards on screen, in Debian's chromium,
    on a second visit (the page and data cached), served over HTTP on this machine."""
    from playwright.sync_api import sync_playwright

    server = serve.start(site)
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


def offline_copy_bytes(site: Path) -> int:
    """Bytes (text gzipped) of the files the service worker caches after a first visit."""
    files = json.loads(re.search(r"const FILES = (\[.*?\]);", (site / "sw.js").read_text(), re.S)[1])
    paths = [site / "index.html" if name == "./" else site / name for name in files]
    return sum(len(gzip.compress(p.read_bytes(), 6)) if p.suffix in GZIPPED else p.stat().st_size for p in paths)


def timed_row(label: str, seconds: float, goal: float | None = None, digits: int = 1) -> tuple:
    return (label, f"{seconds:.{digits}f} s", f"{goal:g} s" if goal else "", seconds <= goal if goal else None)


def print_table(rows: list[tuple], reference: str | None = None) -> None:
    """Rows of (measure, result, goal, met), or (measure, result, the reference's result, goal, met)."""
    head = f" {reference} |" if reference else ""
    print(f"| Measure | Result |{head} Goal | Met |\n| --- | --- |{' --- |' if reference else ''} --- | --- |")
    for label, result, *others, goal, met in rows:
        middle = f" {others[0] if others else ''} |" if reference else ""
        print(f"| {label} | {result} |{middle} {goal} | {'' if met is None else 'met' if met else 'not met'} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builddir", type=Path, default=REPO / "build" / "bench")
    parser.add_argument("--site", type=Path, help="only measure first visits on a slow phone to this built "
                        "site, such as build/html")
    parser.add_argument("--reference", default=REFERENCE, help="the commit whose build times are shown beside "
                        f"these (default: {REFERENCE}, main before this round's PDF work)")
    parser.add_argument("--repeat", type=int, default=3, help="how many times each build is timed (default: 3)")
    args = parser.parse_args(argv)
    if args.site:
        print_table(slow_phone_rows(args.site))
        return 0
    build = args.builddir
    shutil.rmtree(build, ignore_errors=True)
    make = ["make", "--no-print-directory", f"BUILDDIR={build}"]
    edition = read_edition().label

    commit = subprocess.run(["git", "rev-parse", "--short", args.reference], cwd=REPO, check=True,
                            capture_output=True, text=True).stdout.strip()
    rows = build_rows(build, commit, args.repeat)
    TOUCHED_PAGE.touch()
    rows.append(timed_row(f"Site rebuild after touching `{TOUCHED_PAGE.name}`", timed(*make, "html"), 3))
    size, compressed, files = landing_page_bytes(build / "html")
    rows.append(("Landing page and every file it names (all fonts included)",
                 f"{size / 1024:.0f} KiB in {files} files ({compressed / 1024:.0f} KiB gzipped)", "", None))
    rows += slow_phone_rows(build / "html")
    rows.append(("Offline copy the service worker fetches after a first visit (gzipped)",
                 f"{offline_copy_bytes(build / 'html') / 1024:.0f} KiB", "", None))
    for paper in SIZES:
        size = (build / "pdf" / pdf_name(edition, paper)).stat().st_size
        rows.append((f"{paper} PDF size", f"{size / 1024:.0f} KiB", "", None))
    size, compressed, files = landing_page_bytes(build / "html", "make-a-programme.html",
                                                 ("_static/hb-programme/data.json",))
    rows.append(("Programme builder download (page, scripts and data)",
                 f"{size / 1024:.0f} KiB in {files} files ({compressed / 1024:.0f} KiB gzipped)", "", None))
    rows.append(timed_row("Programme link opened to cards visible (warm cache)",
                          programme_view_seconds(build / "html"), 1, digits=2))
    data = json.loads((build / "print" / "_static" / "hb-programme" / "data.json").read_text())
    labels = [e["label"] for e in data["exercises"]]
    for count in (3, 12):
        seconds = timed(sys.executable, "-m", "tools.pdf.handout", str(build / "print"), *labels[:count],
                        "-o", str(build / "handout" / f"bench-{count}.pdf"))
        rows.append(timed_row(f"`make handout` of {count} exercises", seconds, 5 if count == 12 else None))

    print(f"Edition {edition} on {machine()}, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}; build times the median of {args.repeat}, beside "
          f"{args.reference} ({commit})\n")
    print_table(rows, f"{args.reference} ({commit})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
