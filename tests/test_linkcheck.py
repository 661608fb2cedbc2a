"""make linkcheck: the site's links to its PDFs are checked as the built files.

The web addresses themselves need the network, which tests never reach: the
real handbook's run here ignores them and checks every other link."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent / "roots" / "test-linkcheck"
REPO = Path(__file__).resolve().parent.parent


def results(outdir: Path) -> list[dict]:
    return [json.loads(line) for line in (outdir / "output.json").read_text().splitlines()]


def test_a_pdf_link_is_working_when_the_pdf_was_built_and_broken_when_not(make_app, tmp_path):
    docs = Path(shutil.copytree(ROOT, tmp_path / "docs"))
    pdfs = tmp_path / "pdf"
    pdfs.mkdir()
    (pdfs / "book-a4.pdf").write_bytes(b"%PDF-1.7\n")
    app = make_app("linkcheck", srcdir=docs, confoverrides={"handbook_pdf_dir": str(pdfs)})
    app.build()
    # each link names the built file it was checked as (the two links to one PDF, once)
    found = {r["uri"]: r["status"] for r in results(app.outdir)}
    assert found == {str(pdfs / "book-a4.pdf"): "working", str(pdfs / "book-large-print-a4.pdf"): "broken"}
    # reported with the page and line, as any broken link is
    assert f"guide/page.rst:4: [broken] {pdfs}/book-large-print-a4.pdf" in (app.outdir / "output.txt").read_text()


def test_without_the_extension_linkcheck_reports_every_pdf_link_broken(make_app, tmp_path):
    """What make linkcheck did before: look for the PDF beside the page's source."""
    docs = Path(shutil.copytree(ROOT, tmp_path / "docs"))
    (docs / "conf.py").write_text("extensions = []\n")
    app = make_app("linkcheck", srcdir=docs)
    app.build()
    assert {r["status"] for r in results(app.outdir)} == {"broken"}


def test_the_real_handbook_has_no_broken_link_but_the_web_addresses_unchecked(handbook, tmp_path):
    out = tmp_path / "linkcheck"
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "-n", "-W", "-q", "-b", "linkcheck", "-d", str(tmp_path / "doctrees"),
         "-D", "linkcheck_ignore=^https?://", "-D", f"handbook_pdf_dir={handbook.pdf_dir}",
         str(REPO / "docs"), str(out)], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stdout + run.stderr
    checked = results(out)
    pdf_links = [r for r in checked if r["uri"].startswith(str(handbook.pdf_dir))]
    assert pdf_links and {r["status"] for r in pdf_links} == {"working"}, pdf_links
    # every size of the book and both printables on both papers are linked somewhere
    assert {Path(r["uri"]).name for r in pdf_links} >= {p.name for p in handbook.pdf_dir.glob("*.pdf")}
    assert not [r for r in checked if r["status"] == "broken"]
