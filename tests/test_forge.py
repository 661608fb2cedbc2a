"""The project's forge files: who signs off a change, the pull-request checklist, the issue forms."""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"


def owners(path: str) -> list[str]:
    """The owners CODEOWNERS gives a path: the last matching line wins, as on GitHub."""
    found: list[str] = []
    for line in (GITHUB / "CODEOWNERS").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *people = line.split()
        anchored = pattern.lstrip("/")
        if pattern == "*" or (anchored.endswith("/") and path.startswith(anchored)) \
                or fnmatch.fnmatch(path, anchored):
            found = people
    return found


@pytest.mark.parametrize("path", ["docs/sciatica.md", "docs/exercises/low-back.md", "docs/conditions.toml",
                                  "docs/_snippets/red-flags-cauda-equina.md", "docs/references.bib"])
def test_every_change_to_health_advice_needs_the_clinical_reviewer(path):
    assert any(owner.endswith("/clinical-reviewers") for owner in owners(path)), (path, owners(path))


@pytest.mark.parametrize("path", ["docs/contributing/errors.md", "tools/pdf/handout.py", "Makefile",
                                  "docs/_static/css/handbook.css"])
def test_other_changes_need_an_editor_only(path):
    assert owners(path) and all(owner.endswith("/editors") for owner in owners(path)), (path, owners(path))


def test_the_pull_request_checklist_asks_for_what_the_guide_asks():
    template = (GITHUB / "pull_request_template.md").read_text()
    for words in ("Sources cited", "Review dates", "Changelog", "Reading level", "Warning signs",
                  "Clinical sign-off"):
        assert words in template, words
    guide = (ROOT / "docs" / "contributing" / "send-a-change.md").read_text()
    assert "clinical sign-off" in guide and "CODEOWNERS" in guide


def test_the_issue_forms_are_well_formed_and_the_report_form_takes_the_page_the_site_names():
    forms = {path.name: yaml.safe_load(path.read_text()) for path in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml")
             if path.name != "config.yml"}
    assert set(forms) == {"something-wrong.yml", "suggest-an-exercise.yml"}
    for name, form in forms.items():
        assert form["name"] and form["description"] and form["body"], name
        fields = [item for item in form["body"] if item["type"] != "markdown"]
        assert all(item["id"] and item["attributes"]["label"] for item in fields), name
        assert any(item.get("validations", {}).get("required") for item in fields), name
    # the site's "Tell us" link (handbook_project) fills the field with id "page"
    from handbook_project import ISSUE_TEMPLATE
    assert "page" in [item.get("id") for item in forms[ISSUE_TEMPLATE]["body"]]
    assert "not for medical help" in forms[ISSUE_TEMPLATE]["body"][0]["attributes"]["value"]


def test_the_code_of_conduct_is_there_and_linked_from_the_guide():
    assert "Code of conduct" in (ROOT / "CODE_OF_CONDUCT.md").read_text()
    assert "CODE_OF_CONDUCT.md" in (ROOT / "CONTRIBUTING.md").read_text()
    assert "CODE_OF_CONDUCT.md" in (ROOT / "docs" / "contributing" / "send-a-change.md").read_text()


def test_the_pre_commit_hook_runs_the_quick_check_on_changed_pages():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert [hook["entry"] for hook in hooks] == ["make preflight"]
    assert "preflight:" in (ROOT / "Makefile").read_text()
    import re
    assert re.match(hooks[0]["files"], "docs/sciatica.md") and not re.match(hooks[0]["files"], "README.md")
