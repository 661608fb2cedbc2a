"""Shared fixtures.

* ``sphinx.testing`` fixtures (``app``, ``make_app``) build the tiny test
  roots in ``tests/roots/test-*``: ``@pytest.mark.sphinx("html", testroot="x")``
  builds ``tests/roots/test-x``.
* ``handbook`` builds the real handbook once per test session with ``make``
  itself (print page, both PDFs and the one-page printables, then the site
  that links to them, warnings as errors), into a temporary folder that many
  tests read.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
sys.path[:0] = [str(REPO), str(REPO / "tools" / "extensions")]

from tools.pdf.build_pdf import SIZES, pdf_name  # noqa: E402
from tools.site.edition import read_edition  # noqa: E402


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return REPO / "tests" / "roots"


@dataclass(frozen=True)
class HandbookBuild:
    html: Path
    print_html: Path
    pdf_dir: Path
    edition: str

    def pdf(self, size: str) -> Path:
        return self.pdf_dir / pdf_name(self.edition, size)

    @property
    def pdfs(self) -> list[Path]:
        """Every PDF of the book: A4, US Letter and large print."""
        return [self.pdf(size) for size in SIZES]


@pytest.fixture(scope="session")
def handbook(tmp_path_factory) -> HandbookBuild:
    """The real handbook, built once with warnings as errors."""
    out = tmp_path_factory.mktemp("handbook")
    build = HandbookBuild(out / "html", out / "print" / "index.html", out / "pdf",
                          read_edition().label)
    command = ["make", "--no-print-directory", "-s", "all", f"BUILDDIR={out}", f"VENV={Path(sys.prefix)}"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if result.returncode:
        # One message for the whole run, not one traceback per test that needs the build.
        problems = [line for line in (result.stdout + result.stderr).splitlines()
                    if "WARNING:" in line or "ERROR:" in line or ": error" in line.lower()]
        pytest.exit("The handbook does not build, so the tests that read it cannot run:\n"
                    + "\n".join(problems[:40] or (result.stdout + result.stderr).splitlines()[-30:])
                    + "\nFix these, or run `make html` to see the whole output.", returncode=1)
    return build


# -- A real browser -------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless chromium driven by Playwright; never a downloaded browser.

    Skipped where chromium is not installed, except on CI (the CI variable is
    set), where .ci/run installs it and a skip would hide a failure."""
    import os

    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing on CI: .ci/run should install chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def served_site(handbook):
    """The built site served over HTTP on 127.0.0.1, as `make serve` does."""
    from tools.site import serve

    server = serve.start(handbook.html)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def two_pages(tmp_path):
    """Makes a tiny handbook in tmp_path/docs: index.md (with ``index``'s text)
    and its toctree's other.md (``other``), built with ``conf`` (a conf.py
    body naming its extensions), which finds the handbook's own extensions
    from any process."""
    def make(conf: str, other: str = "# Other\n\nText.\n", index: str = "") -> Path:
        docs = tmp_path / "docs"
        docs.mkdir()
        (docs / "conf.py").write_text(
            "import sys\n"
            f"sys.path[:0] = [{str(REPO)!r}, {str(REPO / 'tools' / 'extensions')!r}]\n" + conf)
        (docs / "index.md").write_text(f"# Home\n\n{index}```{{toctree}}\nother\n```\n")
        (docs / "other.md").write_text(other)
        return docs
    return make


def _pdf_words(pdf: Path) -> list[tuple[float, float, list[tuple[str, float, float]]]]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(float(width), float(height),
             [(word, float(x), float(y)) for x, y, word in
              re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page)])
            for width, height, page in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S)]


@pytest.fixture(scope="session")
def pdf_words():
    """Reads a PDF with ``pdftotext -bbox``: each page's width and height, and
    its words with where each starts, in points from the page's top left."""
    return _pdf_words
