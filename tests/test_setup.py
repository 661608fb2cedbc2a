"""Set-up errors say what to do in one line: the Python version, a .venv made by
another Python, and the system libraries WeasyPrint needs."""

from __future__ import annotations

import builtins
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tools.pdf import build_pdf

REPO = Path(__file__).resolve().parent.parent
REAL_PYTHON = sys.executable

# A stand-in for a Python: it answers the Makefile's version check as the
# version given, makes a .venv whose own python is this stand-in again, and
# "installs" packages by doing nothing.
STUB = """#!/bin/sh
version="{version}"
if [ "$1" = -c ]; then
    exec "{python}" -c 'import sys; sys.version_info = tuple(int(x) for x in sys.argv[2].split(".")); exec(sys.argv[1])' "$2" "$version"
fi
if [ "$1" = -m ] && [ "$2" = venv ]; then
    mkdir -p "$3/bin" && cp "$0" "$3/bin/python" && echo "version = $version" > "$3/pyvenv.cfg"
    exit 0
fi
exit 0
"""


def stub_python(path: Path, version: str) -> Path:
    path.write_text(STUB.format(version=version, python=REAL_PYTHON))
    path.chmod(0o755)
    return path


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=REPO, capture_output=True, text=True)


def test_an_old_python_is_one_line_naming_make_python(tmp_path):
    old = stub_python(tmp_path / "python3.10", "3.10.12")
    result = make("venv", f"PYTHON={old}", f"VENV={tmp_path / '.venv'}")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and re.fullmatch(
        rf"Makefile:\d+: \*\*\* {re.escape(str(old))} is older than Python 3.11: install 3.11 or newer, "
        r"then run make PYTHON=python3.11 \(or its full path\)\.  Stop\.", lines[0]), lines
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / ".venv").exists()


def test_a_missing_python_is_one_line_too(tmp_path):
    result = make("venv", f"PYTHON={tmp_path / 'nothing'}", f"VENV={tmp_path / '.venv'}")
    assert result.returncode != 0
    assert "was not found: install Python 3.11 or newer, then run make PYTHON=python3.11" in result.stderr


def test_a_venv_made_by_another_python_is_made_again(tmp_path):
    venv = tmp_path / ".venv"
    venv.mkdir()
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.10.12\n")
    (venv / ".installed-3.10.12").write_text("")
    (venv / "left-over").write_text("from the old Python")
    new = stub_python(tmp_path / "python3.12", "3.12.1")
    result = make("venv", f"PYTHON={new}", f"VENV={venv}")
    assert result.returncode == 0, result.stderr
    assert f"{venv} was made by another Python: making it again with {new} (3.12.1)" in result.stdout
    assert not (venv / "left-over").exists()
    assert sorted(p.name for p in venv.glob(".installed*")) == [".installed-3.12.1"]
    # and a second run finds it up to date
    again = make("venv", f"PYTHON={new}", f"VENV={venv}")
    assert again.returncode == 0 and "made by another Python" not in again.stdout


def test_missing_pango_points_to_the_readme(tmp_path, monkeypatch):
    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(build_pdf.PDFBuildError) as error:
        build_pdf.build_pdf(tmp_path / "index.html", tmp_path / "out.pdf", "a4", "2026.1")
    message = str(error.value)
    assert "cannot load library 'libpango-1.0-0'" in message
    assert message.endswith("install them as README.md says: apt-get install libpango-1.0-0 "
                            "libpangoft2-1.0-0 libharfbuzz-subset0")
    assert build_pdf.SYSTEM_LIBRARIES in (REPO / "README.md").read_text().replace("\n", " ")
    assert not (tmp_path / "out.pdf").exists()


def test_the_readme_install_line_is_the_one_ci_runs():
    ci = (REPO / ".ci" / "run").read_text()
    for package in build_pdf.SYSTEM_LIBRARIES.split()[2:]:
        assert package in ci, package


def test_make_installs_what_building_needs_and_make_test_adds_the_tests_packages():
    """One lock file: `make` installs the build's part of it (no Playwright, 165 MB), `make test` all."""
    import tomllib

    from tools.site import lock

    repo = Path(__file__).resolve().parent.parent
    pins = lock.read_lock((repo / "requirements.lock").read_text())
    project = tomllib.loads((repo / "pyproject.toml").read_text())["project"]
    direct = {lock.normal(lock.NAME.match(d)[0]) for d in project["dependencies"]}
    build = set(lock.needed_for_building(pins, direct, lock.normal(project["name"])))
    assert {"sphinx", "weasyprint", "myst-parser", "pikepdf", "beautifulsoup4"} <= build
    assert not {"playwright", "greenlet", "pytest", "jsonschema", "pluggy"} & build
    tests = {lock.normal(lock.NAME.match(d)[0]) for d in project["optional-dependencies"]["test"]}
    assert tests <= set(pins) and not tests & direct
    makefile = (repo / "Makefile").read_text()
    assert "tools/site/lock.py requirements.lock pyproject.toml > $(VENV)/requirements-build.txt" in makefile
    assert re.search(r"^test: \$\(TEST_STAMP\)", makefile, re.M)
