"""The deploy files, which cannot run here: valid against their published schemas
(vendored in tests/vendor/schemas), and doing what the README says."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = Path(__file__).resolve().parent / "vendor" / "schemas"


def load(path: Path) -> dict:
    # YAML 1.1 reads the key `on` as True: GitHub reads it as "on"
    data = yaml.safe_load(path.read_text())
    return {("on" if key is True else key): value for key, value in data.items()}


@pytest.mark.parametrize("workflow", sorted((ROOT / ".github" / "workflows").glob("*.yml")), ids=lambda p: p.name)
def test_each_workflow_is_valid(workflow):
    schema = json.loads((SCHEMAS / "github-workflow.json").read_text())
    jsonschema.validate(load(workflow), schema, cls=jsonschema.Draft7Validator)


def test_a_broken_workflow_is_caught():
    schema = json.loads((SCHEMAS / "github-workflow.json").read_text())
    broken = load(ROOT / ".github" / "workflows" / "ci.yml")
    broken["jobs"]["test"]["runs-on"] = None
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft7Validator)


def test_ci_runs_the_same_tests_on_every_push_and_pull_request_and_publishes_the_editions_from_main():
    ci = load(ROOT / ".github" / "workflows" / "ci.yml")
    assert "pull_request" in ci["on"] and ci["on"]["push"]["branches"] == ["main"]
    assert any(step.get("run") == ".ci/run" for step in ci["jobs"]["test"]["steps"])
    pages = ci["jobs"]["pages"]["steps"]
    editions = next(step for step in pages if "make editions" in step.get("run", ""))
    assert 'BASE_PATH="$BASE_PATH"' in editions["run"]  # the Pages site's path, for the edition menu
    assert editions["env"]["BASE_PATH"] == "${{ steps.pages.outputs.base_path }}/"
    assert any(step.get("id") == "pages" and step["uses"].startswith("actions/configure-pages@") for step in pages)
    assert any(step.get("with", {}).get("path") == "build/site" for step in pages)
    release = ci["jobs"]["release"]["steps"]
    assert any(step.get("with", {}).get("files") == "build/pdf/*.pdf" for step in release)
    weekly = load(ROOT / ".github" / "workflows" / "linkcheck.yml")
    assert weekly["on"]["schedule"] and weekly["jobs"]["linkcheck"]["steps"][-1]["run"] == "make linkcheck"


def test_read_the_docs_is_valid_and_builds_the_site_and_a_pdf():
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    schema = json.loads((SCHEMAS / "readthedocs-v2.json").read_text())
    jsonschema.validate(config, schema, cls=jsonschema.Draft202012Validator)
    commands = "\n".join(config["build"]["commands"])
    assert "make all" in commands and "$READTHEDOCS_OUTPUT/html" in commands and "$READTHEDOCS_OUTPUT/pdf" in commands
    broken = dict(config, version=3)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def test_read_the_docs_keeps_the_a4_book_alone_as_its_pdf(tmp_path):
    """Its copy command, run in a copy of the build: the A4 book of this edition (or draft) only."""
    from tools.site.edition import read_edition
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    copy = next(c for c in config["build"]["commands"] if c.startswith("cp ") and "/pdf/" in c)
    (tmp_path / "tools").symlink_to(ROOT / "tools")
    (tmp_path / "docs").symlink_to(ROOT / "docs")
    pdfs = tmp_path / "build" / "pdf"
    pdfs.mkdir(parents=True)
    label = read_edition().label
    for name in (f"exercises-for-back-pain-{label}-a4.pdf", f"exercises-for-back-pain-{label}-large-print-a4.pdf",
                 f"exercises-for-back-pain-{label}-letter.pdf", f"red-flag-card-{label}-a4.pdf"):
        (pdfs / name).write_bytes(b"%PDF")
    out = tmp_path / "out"
    (out / "pdf").mkdir(parents=True)
    subprocess.run(["sh", "-c", copy], cwd=tmp_path, check=True, env={**os.environ, "READTHEDOCS_OUTPUT": str(out)})
    assert [p.name for p in (out / "pdf").iterdir()] == [f"exercises-for-back-pain-{label}-a4.pdf"]
