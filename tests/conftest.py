"""Shared fixtures.

* ``sphinx.testing`` fixtures (``app``, ``make_app``) build the tiny test
  roots in ``tests/roots/test-*``: ``@pytest.mark.sphinx("html", testroot="x")``
  builds ``tests/roots/test-x``.
* ``handbook`` builds the real handbook once per test session, as ``make``
  does (site, print page and both PDFs, warnings as errors), into a temporary
  folder that many tests read.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
sys.path[:0] = [str(REPO), str(REPO / "tools" / "extensions")]

from tools.build_pdf import PAPERS, pdf_name  # noqa: E402
from tools.edition import read_edition  # noqa: E402


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return REPO / "tests" / "roots"


@dataclass(frozen=True)
class HandbookBuild:
    html: Path
    print_html: Path
    pdf_dir: Path
    edition: str

    def pdf(self, paper: str) -> Path:
        return self.pdf_dir / pdf_name(self.edition, paper)

    @property
    def pdfs(self) -> list[Path]:
        return [self.pdf(paper) for paper in PAPERS]


def run(*args: str | Path) -> None:
    result = subprocess.run([str(a) for a in args], cwd=REPO, capture_output=True, text=True)
    if result.returncode:
        pytest.fail(f"{' '.join(map(str, args))} failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")


@pytest.fixture(scope="session")
def handbook(tmp_path_factory) -> HandbookBuild:
    """The real handbook, built once with warnings as errors."""
    out = tmp_path_factory.mktemp("handbook")
    build = HandbookBuild(out / "html", out / "print" / "index.html", out / "pdf",
                          read_edition().number)
    sphinx = [sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-q"]
    run(*sphinx, "-b", "html", "-d", out / "doctrees-html", DOCS, build.html)
    run(*sphinx, "-b", "singlehtml", "-t", "print", "-d", out / "doctrees-print", DOCS,
        build.print_html.parent)
    run(sys.executable, "-m", "tools.build_pdf", build.print_html, build.pdf_dir)
    return build
