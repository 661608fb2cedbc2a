"""Editions: make release, make editions, the switcher and the banner.

The release tests, and the quick tests of `make editions`, use small
repositories of their own (the latter with a Makefile that only writes a
page). The site test works on a clone of this repository: it records the
clone's HEAD as the current edition (OLD), releases the next (NEW) with a
changelog entry, leaves a draft change uncommitted, and runs `make editions`
there for a site served under BASE, a path such as a project site's.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tools.checks import check_html
from tools.site import editions, release, serve
from tools.pdf.build_pdf import pdf_name
from tools.site.edition import (RELEASED_HEADER, Released, has_unreleased, read_edition, read_released,
                                record_released)

REPO = Path(__file__).resolve().parent.parent
DRAFT_TEXT = "DRAFT-ONLY SENTENCE"
# The editions test tags this repository's edition as OLD and releases NEW.
OLD_EDITION = read_edition()
OLD = OLD_EDITION.number
NEW = f"{OLD_EDITION.date.year}.{int(OLD.split('.')[1]) + 1}"
BASE = "/exercises-for-back-pain/"  # the editions site is served under this path, as on GitHub Pages


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
    record_released(Released("2026.1", dt.date(2026, 11, 24), git(repo, "rev-parse", "HEAD").strip()),
                    docs / "editions.toml")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Record edition 2026.1")
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
    assert git(small_repo, "log", "-1", "--format=%s", "edition-2027.1").strip() == "Release edition 2027.1 (after 2026.1)"


def test_release_records_the_edition_and_the_commit_it_is_built_from(small_repo, capsys):
    """A commit cannot hold its own hash: the release commit is recorded in the next one."""
    before = read_released(small_repo / "docs" / "editions.toml")
    status, out = run_release(small_repo, "2027.1", "2027-03-02", capsys)
    assert status == 0, out
    released = git(small_repo, "rev-parse", "HEAD~1").strip()
    assert read_released(small_repo / "docs" / "editions.toml") == [
        *before, Released("2027.1", dt.date(2027, 3, 2), released)]
    assert git(small_repo, "rev-parse", "edition-2027.1^{commit}").strip() == released
    assert 'number = "2027.1"' in git(small_repo, "show", f"{released}:docs/edition.toml")
    assert git(small_repo, "diff", "--name-only", "HEAD~1", "HEAD").split() == ["docs/editions.toml"]
    assert git(small_repo, "log", "-1", "--format=%s").strip() == f"Record edition 2027.1: built from {released}"
    assert git(small_repo, "status", "--porcelain") == ""


def test_releasing_a_drafted_edition_folds_unreleased_into_its_section(tmp_path, capsys):
    """2026.1 was numbered, and given a changelog section, before it was released:
    releasing it keeps one section for it, with the changes made since the draft."""
    repo = init_repo(tmp_path / "repo")
    docs = repo / "docs"
    docs.mkdir()
    (docs / "edition.toml").write_text('number = "2026.1"\ndate = 2026-11-24\n')
    (docs / "changelog.md").write_text(
        "# Changes\n\n## Unreleased\n\nAfter a review.\n\n### Changes to health advice\n\n- Better steps.\n"
        "- Fewer reps.\n\n### Pictures\n\n- A desk.\n\n"
        "## Edition 2026.1, 24 November 2026\n\n### Changes to health advice\n\n- First.\n\n"
        "### Other changes\n\n- PDFs.\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "draft")
    status, out = run_release(repo, "2026.1", "2026-11-26", capsys)
    assert status == 0, out
    assert (docs / "changelog.md").read_text() == (
        "# Changes\n\n## Edition 2026.1, 26 November 2026\n\nAfter a review.\n\n"
        "### Changes to health advice\n\n- First.\n- Better steps.\n- Fewer reps.\n\n"
        "### Other changes\n\n- PDFs.\n\n### Pictures\n\n- A desk.\n")
    assert read_edition(docs / "edition.toml") == release.Edition("2026.1", dt.date(2026, 11, 26))
    assert [r.number for r in read_released(docs / "editions.toml")] == ["2026.1"]
    assert git(repo, "log", "-1", "--format=%s", "edition-2026.1").strip() == "Release edition 2026.1"


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
    ("2026.1", "2026-12-01", None, "edition 2026.1 was released already (docs/editions.toml)"),
    ("2027.1", "2027-01-01", "tag", "tag edition-2027.1 exists already"),
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
    if prepare == "tag":
        git(small_repo, "tag", "edition-2027.1")
    if prepare == "no-unreleased":
        changelog.write_text(changelog.read_text().replace("## Unreleased\n\n- Better steps.\n\n", ""))
        git(small_repo, "commit", "-q", "-am", "no changes listed")
    status, out = run_release(small_repo, edition, date, capsys)
    assert status == 1
    assert out.startswith("release refused: ") and reason in out
    assert git(small_repo, "tag", "--list").split() == ["edition-2026.1"] + (["edition-2027.1"] if prepare == "tag" else [])
    assert [r.number for r in read_released(small_repo / "docs" / "editions.toml")] == ["2026.1"]


def test_the_real_handbook_has_no_page_overdue_at_its_edition_date():
    assert release.overdue_pages(REPO / "docs", read_edition().date) == []


# -- One source for the edition -------------------------------------------------

def test_the_edition_number_is_typed_only_in_edition_toml():
    number = read_edition().number
    tracked = git(REPO, "ls-files", "docs/conf.py", "Makefile", "tools", "docs/_templates", "docs/_themes").split()
    holding = [name for name in tracked if number in (REPO / name).read_text(errors="ignore")]
    assert holding == []


# -- make editions ----------------------------------------------------------------

TINY_MAKEFILE = """\
# Stands in for the handbook's Makefile: a "site" of one page saying what it was built from.
all:
\tmkdir -p $(BUILDDIR)/html
\t{ echo '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><pre>'; \\
\t  cat docs/page.txt; echo '$(SPHINXOPTS)</pre></body></html>'; } > $(BUILDDIR)/html/index.html
"""


@pytest.fixture
def tiny_repo(tmp_path) -> Path:
    """Edition 2026.1 recorded, with no tag, then a draft change left uncommitted."""
    repo = init_repo(tmp_path / "repo")
    (repo / "docs").mkdir()
    (repo / "Makefile").write_text(TINY_MAKEFILE)
    (repo / "requirements.lock").write_text("# nothing\n")
    (repo / "docs" / "edition.toml").write_text('number = "2026.1"\ndate = 2026-11-26\n')
    (repo / "docs" / "page.txt").write_text("AS RELEASED\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Release edition 2026.1")
    record_released(Released("2026.1", dt.date(2026, 11, 26), git(repo, "rev-parse", "HEAD").strip()),
                    repo / "docs" / "editions.toml")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Record edition 2026.1")
    (repo / "docs" / "page.txt").write_text(f"{DRAFT_TEXT}\n")
    (repo / "docs" / "changelog.md").write_text("# Changes\n\n## Unreleased\n\n- A draft page.\n")
    return repo


def make_tiny_editions(repo: Path, *options: str) -> tuple[int, str]:
    result = subprocess.run([sys.executable, "-m", "tools.site.editions", "--repo", str(repo),
                             "--out", str(repo / "build" / "site"), "--venv", sys.prefix, *options],
                            cwd=REPO, capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


def test_a_recorded_edition_is_the_default_and_dev_stays_reachable(tiny_repo):
    status, out = make_tiny_editions(tiny_repo, "--base-path", BASE)
    assert status == 0, out
    site = tiny_repo / "build" / "site"
    assert git(tiny_repo, "tag", "--list") == ""  # the record is enough
    assert '<meta http-equiv="refresh" content="0; url=2026.1/">' in (site / "index.html").read_text()
    entries = json.loads((site / "switcher.json").read_text())
    assert [(e["version"], e["url"], e.get("preferred", False)) for e in entries] == [
        ("2026.1", f"{BASE}2026.1/", True), ("dev", f"{BASE}dev/", False)]
    released, dev = (site / "2026.1" / "index.html").read_text(), (site / "dev" / "index.html").read_text()
    assert "AS RELEASED" in released and DRAFT_TEXT not in released  # from its commit, not the work tree
    assert "-D handbook_today=2026-11-26" in released and "handbook_today" not in dev
    assert DRAFT_TEXT in dev and "-D handbook_site_version=dev" in dev
    for built in (released, dev):
        assert "-D handbook_current_edition=2026.1" in built and "-D handbook_switcher_json=../switcher.json" in built


@pytest.mark.parametrize("change", ["edited", "added"])
def test_make_editions_refuses_a_draft_whose_changes_the_changelog_does_not_name(tiny_repo, change):
    """Its PDFs would be named as the edition: a page printed from it would pass for edition 2026.1."""
    (tiny_repo / "docs" / "changelog.md").unlink()
    if change == "added":
        (tiny_repo / "docs" / "page.txt").write_text("AS RELEASED\n")
        (tiny_repo / "docs" / "new-page.txt").write_text("NEW\n")
    status, out = make_tiny_editions(tiny_repo)
    assert status == 1
    changed = "docs/page.txt" if change == "edited" else "docs/new-page.txt"
    assert (f"editions: docs/changelog.md: {changed} changed since edition 2026.1, but the changelog has no "
            "'## Unreleased' section") in out
    assert not (tiny_repo / "build" / "site").exists()
    (tiny_repo / "docs" / "changelog.md").write_text("# Changes\n\n## Unreleased\n\n- A draft page.\n")
    assert make_tiny_editions(tiny_repo)[0] == 0


@pytest.mark.parametrize(("given", "base"), [("/", "/"), ("", "/"), ("exercises-for-back-pain", BASE), (BASE, BASE),
                                             ("/a/b", "/a/b/")])
def test_the_base_path_is_one_path_from_the_root(given, base):
    assert editions.base_path(given) == base
    assert [e["url"] for e in editions.switcher_entries(["2026.1"], base)] == [f"{base}2026.1/", f"{base}dev/"]


@pytest.mark.parametrize(("change", "reason"), [
    ("missing", "is not in this copy of the repository: fetch its whole history"),
    ("other", "is edition 2026.1 of 2026-11-26, not 2026.2 of 2026-11-26"),
])
def test_make_editions_refuses_a_record_it_cannot_build(tiny_repo, change, reason):
    record = tiny_repo / "docs" / "editions.toml"
    commit = read_released(record)[0].commit
    if change == "missing":
        record.write_text(record.read_text().replace(commit, "0" * 40))
    else:
        record.write_text(record.read_text() + f'\n[[edition]]\nnumber = "2026.2"\ndate = 2026-11-26\ncommit = "{commit}"\n')
    status, out = make_tiny_editions(tiny_repo)
    assert status == 1
    assert f"editions: docs/editions.toml: edition {'2026.1' if change == 'missing' else '2026.2'}: commit" in out
    assert reason in out
    assert not (tiny_repo / "build" / "site").exists()


@pytest.fixture(scope="session")
def editions_site(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("editions") / "repo"
    subprocess.run(["git", "clone", "-q", str(REPO), str(repo)], check=True)
    init_repo(repo)
    # As old as ours, so that no make in the build sets up the shared environment again.
    made = (REPO / "requirements.lock").stat()
    os.utime(repo / "requirements.lock", ns=(made.st_atime_ns, made.st_mtime_ns))
    for tag in git(repo, "tag", "--list", "edition-*").split():
        git(repo, "tag", "-d", tag)  # the record is what counts
    changelog = repo / "docs" / "changelog.md"
    if has_unreleased(changelog.read_text()):  # HEAD as its edition was released: no draft left
        changelog.write_text(release.stamp_changelog(changelog.read_text(), OLD_EDITION))
        git(repo, "commit", "-q", "-am", f"Release edition {OLD}")
    record = repo / "docs" / "editions.toml"
    record.write_text(RELEASED_HEADER)  # the test makes its own editions
    record_released(Released(OLD, OLD_EDITION.date, git(repo, "rev-parse", "HEAD").strip()), record)
    git(repo, "add", str(record))
    git(repo, "commit", "-q", "-m", f"Record edition {OLD}")
    add_unreleased(repo / "docs" / "changelog.md", f"NEW IN {NEW}")
    git(repo, "commit", "-q", "-am", f"Say what changes in {NEW}")
    assert release.main([NEW, "--date", OLD_EDITION.date.isoformat(), "--repo", str(repo)]) == 0
    start = repo / "docs" / "start-here.md"
    start.write_text(start.read_text() + f"\n{DRAFT_TEXT}\n")
    add_unreleased(repo / "docs" / "changelog.md", DRAFT_TEXT)  # as a contributor is asked to
    result = subprocess.run(["make", "--no-print-directory", "-C", str(repo), "editions",
                             f"VENV={Path(sys.prefix)}", f"BASE_PATH={BASE}"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.stdout.count("editions: building") == 3
    return repo / "build" / "site"


def test_switcher_json_lists_every_edition_once_with_one_preferred(editions_site):
    entries = json.loads((editions_site / "switcher.json").read_text())
    assert [e["version"] for e in entries] == [NEW, OLD, "dev"]
    assert [e["url"] for e in entries] == [f"{BASE}{NEW}/", f"{BASE}{OLD}/", f"{BASE}dev/"]
    assert [e["version"] for e in entries if e.get("preferred")] == [NEW]
    assert all(set(e) <= {"name", "version", "url", "preferred"} and e["name"] for e in entries)


@pytest.mark.parametrize(("name", "edition"), [(OLD, OLD), (NEW, NEW), ("dev", f"{NEW}-draft")])
def test_each_edition_folder_holds_its_site_and_pdfs(editions_site, name, edition):
    folder = editions_site / name
    assert (folder / "index.html").is_file() and (folder / "start-here.html").is_file()
    for paper in ("a4", "letter"):
        assert (folder / "pdf" / pdf_name(edition, paper)).stat().st_size > 10_000


def test_the_banner_shows_on_older_editions_and_dev_only(editions_site):
    """Its link is relative: from a page to the current edition's folder, at any depth."""
    banner = re.compile(r'class="hb-edition-banner">(.*?)</p>', re.S)
    for name in (OLD, "dev"):
        for page, up in (("index.html", "../"), ("start-here.html", "../"), ("contributing/editions.html", "../../")):
            found = banner.search((editions_site / name / page).read_text())
            assert found, (name, page)
            assert f'<a href="{up}{NEW}/">edition {NEW}</a>' in found[1]
    assert "hb-edition-banner" not in (editions_site / NEW / "index.html").read_text()


def test_past_editions_are_built_from_their_own_sources(editions_site):
    assert f"NEW IN {NEW}" not in (editions_site / OLD / "changelog.html").read_text()
    assert f"NEW IN {NEW}" in (editions_site / NEW / "changelog.html").read_text()
    assert f"Edition {OLD}, published {OLD_EDITION.date_text}." in (editions_site / OLD / "index.html").read_text()
    assert f"Edition {NEW}, published {OLD_EDITION.date_text}." in (editions_site / NEW / "index.html").read_text()
    dev = (editions_site / "dev" / "index.html").read_text()
    assert f"Draft after edition {NEW}, not yet published." in dev
    assert f"Edition {NEW}, published" not in dev
    assert DRAFT_TEXT in (editions_site / "dev" / "start-here.html").read_text()
    assert DRAFT_TEXT not in (editions_site / NEW / "start-here.html").read_text()


def test_root_sends_readers_to_the_newest_edition(editions_site):
    root = (editions_site / "index.html").read_text()
    assert f'<meta http-equiv="refresh" content="0; url={NEW}/">' in root


def test_every_link_of_the_editions_site_resolves(editions_site, capsys):
    assert check_html.main([str(editions_site)]) == 0, capsys.readouterr().out


def test_the_switcher_works_under_a_sub_path(browser, editions_site):
    """Served under BASE, as a GitHub project site is: the root, the switcher (from
    dev to the current edition and back, on a page in a folder) and the banner stay
    under BASE and every response is found; each edition's service worker
    registers for its own folder and keeps its own cache."""
    server = serve.start(editions_site, BASE)
    site = f"http://127.0.0.1:{server.server_address[1]}{BASE}"
    context = browser.new_context()
    page = context.new_page()
    failed, visited = [], []
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    page.on("framenavigated", lambda frame: frame == page.main_frame and visited.append(frame.url))

    def worker() -> str:
        # Poll: wait_for_function compiles its test with eval, which the page's CSP forbids.
        for _ in range(300):
            if (url := page.evaluate("navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL")):
                return url
            page.wait_for_timeout(100)
        return ""

    def switch_to(name: str, url: str) -> None:
        page.click(".version-switcher__button")
        page.locator(".version-switcher__menu .list-group-item", has_text=name).click()
        page.wait_for_url(url)
        page.wait_for_load_state("networkidle")

    try:
        page.goto(site, wait_until="networkidle")
        assert page.url == f"{site}{NEW}/"
        page.goto(f"{site}dev/contributing/editions.html", wait_until="networkidle")
        assert worker() == f"{site}dev/sw.js"
        page.click(".version-switcher__button")
        assert page.locator(".version-switcher__menu .list-group-item").all_inner_texts() == [
            f"{NEW} (current)", OLD, "dev (draft)"]
        page.keyboard.press("Escape")
        switch_to(f"{NEW} (current)", f"{site}{NEW}/contributing/editions.html")
        assert page.locator("h1").first.text_content().startswith("Editions")
        assert worker() == f"{site}{NEW}/sw.js"
        switch_to("dev (draft)", f"{site}dev/contributing/editions.html")
        page.click(".hb-edition-banner a")
        page.wait_for_url(f"{site}{NEW}/")
        caches = page.evaluate("caches.keys()")
        assert sorted(name.rsplit(" ", 1)[-1] for name in caches) == [f"{site}{NEW}/", f"{site}dev/"], caches
        assert failed == []
        assert visited and all(url.startswith(site) for url in visited), visited
    finally:
        context.close()
        server.shutdown()
