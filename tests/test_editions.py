"""Editions: make release, make editions, the switcher and the banner.

The release tests use a small repository of their own. The site test works on
a clone of this repository: it tags the clone's HEAD with the current edition
(OLD), releases the next (NEW) with a changelog entry, leaves a draft change
uncommitted, and runs `make editions` there.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tools.checks import check_html
from tools.site import release
from tools.pdf.build_pdf import pdf_name
from tools.site.edition import read_edition

REPO = Path(__file__).resolve().parent.parent
DRAFT_TEXT = "DRAFT-ONLY SENTENCE"
# The editions test tags this repository's edition as OLD and releases NEW.
OLD_EDITION = read_edition()
OLD = OLD_EDITION.number
NEW = f"{OLD_EDITION.date.year}.{int(OLD.split('.')[1]) + 1}"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def init_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    git(path, "config", "user.email", "editors@example.org")
    git(path, "config", "user.name", "Editors")
    return path


def add_unreleased(changelog: Path, line: str) -> None:
    text = changelog.read_text()
    first = re.search(r"^## ", text, re.M).start()
    changelog.write_text(text[:first] + f"## Unreleased\n\n### Changes to health advice\n\n- {line}\n\n" + text[first:])


# -- make release ---------------------------------------------------------------

@pytest.fixture
def small_repo(tmp_path) -> Path:
    """A repository with just what `make release` reads."""
    repo = init_repo(tmp_path / "repo")
    docs = repo / "docs"
    docs.mkdir()
    (docs / "edition.toml").write_text('# kept here\nnumber = "2026.1"\ndate = 2026-11-24\n')
    (docs / "changelog.md").write_text("# Changes\n\n## Unreleased\n\n- Better steps.\n\n## Edition 2026.1, 24 November 2026\n\n- First.\n")
    (docs / "page.md").write_text("---\ndescription: A page.\nreviewed: 2026-01-01\nnext-review: 2028-01-01\n---\n\n# Page\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start")
    git(repo, "tag", "-a", "edition-2026.1", "-m", "Edition 2026.1")
    return repo


def run_release(repo: Path, edition: str, date: str, capsys) -> tuple[int, str]:
    status = release.main([edition, "--date", date, "--repo", str(repo)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_release_sets_edition_stamps_changelog_commits_and_tags(small_repo, capsys):
    status, out = run_release(small_repo, "2027.1", "2027-03-02", capsys)
    assert status == 0, out
    assert read_edition(small_repo / "docs" / "edition.toml") == release.Edition("2027.1", dt.date(2027, 3, 2))
    changelog = (small_repo / "docs" / "changelog.md").read_text()
    assert "## Edition 2027.1, 2 March 2027\n\n- Better steps." in changelog
    assert "## Unreleased" not in changelog
    assert git(small_repo, "tag", "--list").split() == ["edition-2026.1", "edition-2027.1"]
    assert git(small_repo, "status", "--porcelain") == ""
    assert git(small_repo, "log", "-1", "--format=%s").strip() == "Release edition 2027.1 (after 2026.1)"


def test_release_check_writes_and_tags_nothing(small_repo, capsys):
    assert release.main(["2027.1", "--date", "2027-03-02", "--repo", str(small_repo), "--check"]) == 0
    assert "Edition 2027.1 (2 March 2027) can be released." in capsys.readouterr().out
    assert git(small_repo, "status", "--porcelain") == ""
    assert git(small_repo, "tag", "--list").split() == ["edition-2026.1"]


def test_make_release_builds_and_tests_before_it_tags():
    """The refusals first (quick), then the whole build and test suite, then the tag."""
    dry = subprocess.run(["make", "-n", "--no-print-directory", "release", "EDITION=2027.1"],
                         cwd=REPO, capture_output=True, text=True)
    steps = [line for line in dry.stdout.splitlines() if "tools.site.release" in line or "all test" in line]
    assert len(steps) == 3, dry.stdout
    assert steps[0].endswith("--check") and "all test" in steps[1] and "--check" not in steps[2]


def test_release_refuses_a_page_overdue_for_review_naming_file_and_line(small_repo, capsys):
    page = small_repo / "docs" / "page.md"
    page.write_text(page.read_text().replace("next-review: 2028-01-01", "next-review: 2027-01-31"))
    git(small_repo, "commit", "-q", "-am", "overdue")
    status, out = run_release(small_repo, "2027.1", "2027-03-02", capsys)
    assert status == 1
    assert f"{page}:4: next review was due 2027-01-31, before the edition date 2027-03-02" in out
    assert read_edition(small_repo / "docs" / "edition.toml").number == "2026.1"
    assert git(small_repo, "tag", "--list").split() == ["edition-2026.1"]


@pytest.mark.parametrize(("edition", "date", "prepare", "reason"), [
    ("2026.1", "2026-12-01", None, "tag edition-2026.1 exists already"),
    ("2025.9", "2025-12-01", None, "edition 2025.9 is not newer than edition 2026.1"),
    ("2027", "2027-01-01", None, "edition '2027' must look like YYYY.N"),
    ("2027.1", "2026-12-01", None, "edition 2027.1 does not match the year of its date 2026-12-01"),
    ("2027.1", "2027-01-01", "dirty", "the work tree has uncommitted changes"),
    ("2027.1", "2027-01-01", "no-unreleased", "no '## Unreleased' section"),
])
def test_release_refuses_what_it_should(small_repo, capsys, edition, date, prepare, reason):
    changelog = small_repo / "docs" / "changelog.md"
    if prepare == "dirty":
        (small_repo / "docs" / "page.md").write_text("# Changed\n")
    if prepare == "no-unreleased":
        changelog.write_text(changelog.read_text().replace("## Unreleased\n\n- Better steps.\n\n", ""))
        git(small_repo, "commit", "-q", "-am", "no changes listed")
    status, out = run_release(small_repo, edition, date, capsys)
    assert status == 1
    assert out.startswith("release refused: ") and reason in out
    assert git(small_repo, "tag", "--list").split() == ["edition-2026.1"]


def test_the_real_handbook_has_no_page_overdue_at_its_edition_date():
    assert release.overdue_pages(REPO / "docs", read_edition().date) == []


# -- One source for the edition -------------------------------------------------

def test_the_edition_number_is_typed_only_in_edition_toml():
    number = read_edition().number
    tracked = git(REPO, "ls-files", "docs/conf.py", "Makefile", "tools", "docs/_templates", "docs/_themes").split()
    holding = [name for name in tracked if number in (REPO / name).read_text(errors="ignore")]
    assert holding == []


# -- make editions ----------------------------------------------------------------

@pytest.fixture(scope="session")
def editions_site(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("editions") / "repo"
    subprocess.run(["git", "clone", "-q", str(REPO), str(repo)], check=True)
    init_repo(repo)
    for tag in git(repo, "tag", "--list", "edition-*").split():
        git(repo, "tag", "-d", tag)  # the test makes its own editions
    git(repo, "tag", "-a", f"edition-{OLD}", "-m", f"Edition {OLD}")
    add_unreleased(repo / "docs" / "changelog.md", f"NEW IN {NEW}")
    git(repo, "commit", "-q", "-am", f"Say what changes in {NEW}")
    assert release.main([NEW, "--date", OLD_EDITION.date.isoformat(), "--repo", str(repo)]) == 0
    start = repo / "docs" / "start-here.md"
    start.write_text(start.read_text() + f"\n{DRAFT_TEXT}\n")
    result = subprocess.run(["make", "--no-print-directory", "-C", str(repo), "editions",
                             f"VENV={Path(sys.prefix)}"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.stdout.count("editions: building") == 3
    return repo / "build" / "site"


def test_switcher_json_lists_every_edition_once_with_one_preferred(editions_site):
    entries = json.loads((editions_site / "switcher.json").read_text())
    assert [e["version"] for e in entries] == [NEW, OLD, "dev"]
    assert [e["url"] for e in entries] == [f"/{NEW}/", f"/{OLD}/", "/dev/"]
    assert [e["version"] for e in entries if e.get("preferred")] == [NEW]
    assert all(set(e) <= {"name", "version", "url", "preferred"} and e["name"] for e in entries)


@pytest.mark.parametrize(("name", "edition"), [(OLD, OLD), (NEW, NEW), ("dev", NEW)])
def test_each_edition_folder_holds_its_site_and_pdfs(editions_site, name, edition):
    folder = editions_site / name
    assert (folder / "index.html").is_file() and (folder / "start-here.html").is_file()
    for paper in ("a4", "letter"):
        assert (folder / "pdf" / pdf_name(edition, paper)).stat().st_size > 10_000


def test_the_banner_shows_on_older_editions_and_dev_only(editions_site):
    banner = re.compile(r'class="hb-edition-banner">(.*?)</p>', re.S)
    for name in (OLD, "dev"):
        for page in ("index.html", "start-here.html"):
            found = banner.search((editions_site / name / page).read_text())
            assert found, (name, page)
            assert f'<a href="/{NEW}/">edition {NEW}</a>' in found[1]
    assert "hb-edition-banner" not in (editions_site / NEW / "index.html").read_text()


def test_past_editions_are_built_from_their_own_sources(editions_site):
    assert f"NEW IN {NEW}" not in (editions_site / OLD / "changelog.html").read_text()
    assert f"NEW IN {NEW}" in (editions_site / NEW / "changelog.html").read_text()
    assert f"Edition {OLD}, published {OLD_EDITION.date_text}." in (editions_site / OLD / "index.html").read_text()
    assert DRAFT_TEXT in (editions_site / "dev" / "start-here.html").read_text()
    assert DRAFT_TEXT not in (editions_site / NEW / "start-here.html").read_text()


def test_root_sends_readers_to_the_newest_edition(editions_site):
    root = (editions_site / "index.html").read_text()
    assert f'<meta http-equiv="refresh" content="0; url={NEW}/">' in root


def test_every_link_of_the_editions_site_resolves(editions_site, capsys):
    assert check_html.main([str(editions_site)]) == 0, capsys.readouterr().out


def test_the_switcher_works_over_http(browser, editions_site):
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(editions_site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        page = browser.new_page()
        page.goto(f"{base}/", wait_until="networkidle")
        assert page.url == f"{base}/{NEW}/"
        page.goto(f"{base}/{OLD}/start-here.html", wait_until="networkidle")
        page.click(".version-switcher__button")
        entries = page.locator(".version-switcher__menu .list-group-item")
        assert entries.all_inner_texts() == [f"{NEW} (current)", OLD, "dev (draft)"]
        entries.first.click()
        page.wait_for_url(f"{base}/{NEW}/start-here.html")
        page.close()
    finally:
        server.shutdown()
