"""Small tools: the edition file and publishing a finished build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools.site import edition, publish

REPO = Path(__file__).resolve().parent.parent


def test_edition_is_read_from_its_one_file():
    current = edition.read_edition()
    text = edition.EDITION_FILE.read_text()
    assert f'number = "{current.number}"' in text
    assert f"date = {current.date.isoformat()}" in text
    assert current.date_text == f"{current.date.day} {current.date:%B %Y}"


@pytest.mark.parametrize(("content", "message"), [
    ('number = "2026"\ndate = 2026-11-24\n', "'number' must look like YYYY.N, got '2026'"),
    ('number = "2026.1"\ndate = "soon"\n', "'date' must be a date like 2026-11-24, got 'soon'"),
])
def test_a_bad_edition_file_names_itself(tmp_path, content, message):
    bad = tmp_path / "edition.toml"
    bad.write_text(content)
    with pytest.raises(ValueError, match=f"^{bad}: {message}$"):
        edition.read_edition(bad)


def test_the_makefile_and_conf_read_the_same_edition():
    current = edition.read_edition()
    out = subprocess.run(["make", "-s", "help"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[0] == f"Exercises for Back Pain, edition {current.label}"
    for field, value in (("number", current.number), ("label", current.label)):
        cli = subprocess.run([sys.executable, "tools/site/edition.py", field], cwd=REPO,
                             capture_output=True, text=True, check=True).stdout
        assert cli == value + "\n"


@pytest.mark.parametrize(("changelog", "label", "status"), [
    ("# Changes\n\n## Edition 2026.1, 26 November 2026\n\n- First.\n", "2026.1",
     "Edition 2026.1, published 26 November 2026."),
    ("# Changes\n\n## Unreleased\n\n- Better steps.\n\n## Edition 2026.1, 26 November 2026\n\n- First.\n",
     "2026.1-draft", "Draft after edition 2026.1, not yet published."),
    ("# Changes\n\nNothing is ## Unreleased here.\n\n## Edition 2026.1, 26 November 2026\n", "2026.1",
     "Edition 2026.1, published 26 November 2026."),
    (None, "2026.1", "Edition 2026.1, published 26 November 2026."),
])
def test_a_build_is_a_draft_while_the_changelog_has_unreleased_changes(tmp_path, changelog, label, status):
    (tmp_path / "edition.toml").write_text('number = "2026.1"\ndate = 2026-11-26\n')
    if changelog is not None:
        (tmp_path / "changelog.md").write_text(changelog)
    read = edition.read_edition(tmp_path / "edition.toml")
    assert (read.number, read.label, read.status, read.draft) == ("2026.1", label, status, label.endswith("-draft"))
    assert read.title == ("Draft after edition 2026.1" if read.draft else "Edition 2026.1")


def test_make_help_lists_every_target_with_a_line():
    out = subprocess.run(["make", "-s", "help"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    listed = {line.split()[0] for line in out.splitlines()[1:]}
    assert {"html", "pdf", "live", "serve", "linkcheck", "bench", "test", "clean"} <= listed


def test_publish_swaps_the_whole_folder(tmp_path):
    old, new = tmp_path / "html", tmp_path / "staging"
    old.mkdir()
    (old / "index.html").write_text("old")
    (old / "gone.html").write_text("a page since removed")
    new.mkdir()
    (new / "index.html").write_text("new")
    assert publish.main([str(new), str(old)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html", "staging"]
    assert [p.name for p in old.iterdir()] == ["index.html"]
    assert (old / "index.html").read_text() == "new"


def test_publish_refuses_an_unfinished_build(tmp_path, capsys):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "index.html").write_text("last good")
    (tmp_path / "staging").mkdir()
    assert publish.main([str(tmp_path / "staging"), str(tmp_path / "html")]) == 1
    assert "no index.html" in capsys.readouterr().err
    assert (tmp_path / "html" / "index.html").read_text() == "last good"


def test_a_failed_site_build_leaves_the_last_good_site(tmp_path):
    """`make html` builds into a staging folder and publishes only on success."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text('extensions = ["myst_parser"]\n')
    (docs / "index.md").write_text("# Home\n\nSee {doc}`missing`.\n")
    site = tmp_path / "build" / "html"
    site.mkdir(parents=True)
    (site / "index.html").write_text("last good")
    result = subprocess.run(["make", "-s", "html", f"SOURCEDIR={docs}", f"BUILDDIR={tmp_path / 'build'}"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode != 0
    assert f"{docs / 'index.md'}:3: WARNING: unknown document: 'missing'" in result.stderr
    assert (site / "index.html").read_text() == "last good"


@pytest.mark.parametrize(("sphinx", "said"), [
    ('docs/sciatica.md:23: WARNING: could not find bibtex key "smith2099back" [bibtex.key_not_found]',
     "docs/sciatica.md:23: no source has the key 'smith2099back' in docs/references.bib: check its spelling "
     "there, or add the source"),
    ("docs/hip-pain.md: WARNING: document isn't included in any toctree [toc.not_included]",
     "docs/hip-pain.md:1: the page is in no list of pages: add its name under `toctree` in docs/index.md"),
    ("docs/sciatica.md:23: WARNING: 'myst' cross-reference target not found: 'no-such-page.md' [myst.xref_missing]",
     "docs/sciatica.md:23: the link goes to 'no-such-page.md', which is no page or heading: check its "
     "spelling, or link a page as {doc}`page-name`"),
    ("docs/sciatica.md:154: WARNING: undefined label: 'knee-rolls' [ref.ref]",
     "docs/sciatica.md:154: the link goes to 'knee-rolls', which no heading or exercise is labelled: check "
     "its spelling"),
    ("docs/sciatica.md:23: WARNING: unknown document: 'no-such-page' [ref.doc]",
     "docs/sciatica.md:23: unknown document: 'no-such-page'"),
])
def test_preflight_says_sphinxs_jargon_plainly(sphinx, said):
    from tools.checks import preflight
    assert preflight.problems_in(sphinx, REPO) == [said]


def test_preflight_prints_only_the_problems_as_file_line_message(tmp_path, monkeypatch, capsys):
    """`make preflight`: a broken page gives one line naming file and line, then how to see more."""
    import os
    import shutil

    from tools.checks import preflight

    repo = Path(__file__).resolve().parent.parent
    shutil.copytree(repo / "tests" / "roots" / "test-content", tmp_path / "docs")
    page = tmp_path / "docs" / "new-page.md"
    page.write_text(page.read_text().replace("description: One line that says what this page is for.\n", ""))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(repo / "tools" / "extensions"), str(repo)]))
    assert preflight.main(["docs", "out"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["docs/new-page.md:1: front matter has no 'description' (one line saying what the page is for)",
                     "1 problem. Run `make html` to see the whole output, or `make test` for every check."]
    page.write_text(page.read_text().replace("---\n", "---\ndescription: A page.\n", 1))
    assert preflight.main(["docs", "out"]) == 0
    assert capsys.readouterr().out.startswith("No problems found.")
