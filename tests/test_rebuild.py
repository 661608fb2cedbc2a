"""Nothing broken is published: a page that warned is read again until it builds clean."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def docs(two_pages) -> Path:
    """A tiny handbook whose other.md links to a missing page."""
    return two_pages('extensions = ["myst_parser", "handbook_rebuild"]\n', other="# Other\n\nSee {doc}`missing`.\n")


def warnings(app) -> list[str]:
    """The warnings that name a page (not the test harness's own about re-registered nodes)."""
    return [line for line in re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).splitlines()
            if "WARNING" in line and ".md" in line]


def test_an_unchanged_rerun_warns_again_until_the_page_is_fixed(make_app, tmp_path, docs):
    first = make_app("html", srcdir=docs)
    first.build()
    assert any("other.md:3: WARNING: unknown document: 'missing'" in w for w in warnings(first))
    again = make_app("html", srcdir=docs)  # nothing changed
    again.build()
    assert any("other.md:3: WARNING: unknown document: 'missing'" in w for w in warnings(again))
    (docs / "other.md").write_text("# Other\n\nSee {doc}`index`.\n")
    fixed = make_app("html", srcdir=docs)
    fixed.build()
    assert warnings(fixed) == []
    clean = make_app("html", srcdir=docs)
    clean.build()
    assert warnings(clean) == []
    assert not (Path(clean.doctreedir) / "handbook-unclean.json").exists()


def test_make_html_fails_again_on_an_unchanged_rerun_and_publishes_nothing(tmp_path, docs):
    site = tmp_path / "build" / "html"
    site.mkdir(parents=True)
    (site / "index.html").write_text("last good")

    def make_html() -> subprocess.CompletedProcess:
        return subprocess.run(["make", "-s", "html", f"SOURCEDIR={docs}", f"BUILDDIR={tmp_path / 'build'}",
                               f"VENV={Path(sys.prefix)}"], cwd=REPO, capture_output=True, text=True)

    for attempt in (1, 2):
        result = make_html()
        assert result.returncode != 0, attempt
        assert f"{docs / 'other.md'}:3: WARNING: unknown document: 'missing'" in result.stderr, attempt
        assert (site / "index.html").read_text() == "last good", attempt


def test_a_renamed_target_is_caught_before_publishing_though_sphinx_rebuilds_only_its_page(tmp_path, docs):
    """Sphinx rewrites only the changed page, so the page linking to the old
    anchor keeps its dead link; `make html` checks the whole site before it publishes."""
    (docs / "conf.py").write_text((docs / "conf.py").read_text() + "myst_heading_anchors = 2\n")
    (docs / "other.md").write_text("# Other\n\nSee [part one](part.md#part-one).\n")
    (docs / "index.md").write_text("# Home\n\n```{toctree}\nother\npart\n```\n")
    (docs / "part.md").write_text("# Part\n\n## Part one\n\nText.\n")
    build = tmp_path / "build"

    def make_html() -> subprocess.CompletedProcess:
        return subprocess.run(["make", "-s", "html", f"SOURCEDIR={docs}", f"BUILDDIR={build}",
                               f"VENV={Path(sys.prefix)}"], cwd=REPO, capture_output=True, text=True)

    assert make_html().returncode == 0
    good = (build / "html" / "other.html").read_text()
    (docs / "part.md").write_text("# Part\n\n## The first part\n\nText.\n")
    result = make_html()
    assert result.returncode != 0
    assert "other.html" in result.stderr and "link to missing anchor '#part-one' in part.html" in result.stderr
    assert (build / "html" / "other.html").read_text() == good
    assert "## Part one" not in (docs / "part.md").read_text()
    assert "part-one" in (build / "html" / "part.html").read_text()  # the last good site, whole


def test_a_failed_print_build_leaves_the_last_good_print_page(tmp_path, docs):
    printed = tmp_path / "build" / "print"
    printed.mkdir(parents=True)
    (printed / "index.html").write_text("last good")
    result = subprocess.run(["make", "-s", "print", f"SOURCEDIR={docs}", f"BUILDDIR={tmp_path / 'build'}",
                             f"VENV={Path(sys.prefix)}"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode != 0
    assert "unknown document: 'missing'" in result.stderr
    assert (printed / "index.html").read_text() == "last good"
