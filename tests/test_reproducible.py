"""Reproducible builds: two clean builds are byte-identical, an incremental build
writes the same search index as a clean one (glossary entries included), and
SOURCE_DATE_EPOCH does not change the copyright year."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def build_root(tmp_path, name, extensions):
    src = tmp_path / name
    src.mkdir()
    (src / "conf.py").write_text(f"extensions = {extensions!r}\n")
    (src / "index.md").write_text("# Home\n\n```{toctree}\nglossary\nother\n```\n")
    (src / "glossary.md").write_text("# Glossary\n\n```{glossary}\nflare-up\n  A time when pain is worse.\n\n"
                                     "pelvis\n  The ring of bones at the base of the spine.\n```\n")
    (src / "other.md").write_text("# Other\n\nA {term}`flare-up` settles.\n")
    return src


def entries(outdir) -> dict:
    text = (outdir / "searchindex.js").read_text()
    return json.loads(text[text.index("(") + 1:text.rindex(")")])["indexentries"]


def test_touching_one_page_keeps_every_glossary_entry(make_app, tmp_path):
    for extensions, kept in ((["myst_parser"], False), (["myst_parser", "handbook_search"], True)):
        src = build_root(tmp_path, f"src-{kept}", extensions)
        app = make_app("html", srcdir=src)
        app.build()
        assert set(entries(app.outdir)) == {"flare-up", "pelvis"}
        (src / "other.md").write_text("# Other\n\nA {term}`flare-up` settles again.\n")
        again = make_app("html", srcdir=src)
        again.build()
        if kept:
            assert set(entries(again.outdir)) == {"flare-up", "pelvis"}
            fresh = build_root(tmp_path, "fresh", extensions)
            shutil.copy(src / "other.md", fresh / "other.md")
            clean_app = make_app("html", srcdir=fresh)
            clean_app.build()
            assert (again.outdir / "searchindex.js").read_bytes() == (clean_app.outdir / "searchindex.js").read_bytes()
        else:  # Sphinx alone loses them: the reason handbook_search exists
            assert entries(again.outdir) == {}


def test_source_date_epoch_does_not_change_the_copyright_year(make_app, tmp_path, monkeypatch):
    """Sphinx puts SOURCE_DATE_EPOCH's year into `copyright`; the year is the edition's."""
    import time

    year = time.localtime().tm_year  # Sphinx only rewrites the current year
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["handbook_editions"]\n'
        f'copyright = handbook_copyright = "{year}, The editors"\n')
    (src / "index.rst").write_text("Home\n====\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")  # 1 January 2000
    app = make_app("html", srcdir=src)
    assert app.config.copyright == f"{year}, The editors"
    app.build()
    assert f"{year}, The editors" in (app.outdir / "index.html").read_text()


def test_two_clean_builds_of_the_site_are_byte_identical(handbook, tmp_path):
    """The session's build against a second clean one, made in parallel as `make` does."""
    out = tmp_path / "html"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-n", "-W", "-j", "auto", "-b", "html",
                             "-d", str(tmp_path / "doctrees"), str(REPO / "docs"), str(out)],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    ours = {p.relative_to(out) for p in out.rglob("*") if p.is_file()} - {Path(".buildinfo")}
    theirs = {p.relative_to(handbook.html) for p in handbook.html.rglob("*") if p.is_file()
              and p.relative_to(handbook.html).parts[0] != "pdf"} - {Path(".buildinfo")}
    assert ours == theirs
    differ = [str(p) for p in sorted(ours) if (out / p).read_bytes() != (handbook.html / p).read_bytes()]
    assert not differ, differ
