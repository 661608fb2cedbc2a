"""Build every edition into one site: ``make editions``.

Each tagged edition (``edition-YYYY.N``) is checked out with ``git worktree``
and built from its own pages, conf.py and Makefile, so a past edition stays as
it was published; the work tree is built as ``dev``. The result, in
``build/site/``:

* ``<edition>/`` and ``dev/``: each a whole site with its PDFs in ``pdf/``;
* ``switcher.json``: the version switcher's list (pydata-sphinx-theme format),
  newest edition first and marked preferred, then ``dev``;
* ``index.html``: sends readers to the newest edition.

Every build but the newest edition's shows a banner naming and linking the
newest. Serve it with ``make serve-editions`` and open http://127.0.0.1:8000.
The site is assembled beside ``build/site`` and swapped in only when every
edition has built.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

from tools.site.edition import EDITION_PATTERN, read_edition
from tools.site.publish import publish
from tools.site.release import TAG_PREFIX, edition_key

REPO = Path(__file__).resolve().parent.parent.parent
SWITCHER = "switcher.json"
DEV = "dev"


def tagged_editions(repo: Path) -> list[str]:
    """Published editions, oldest first."""
    tags = subprocess.run(["git", "-C", str(repo), "tag", "--list", f"{TAG_PREFIX}*"],
                          check=True, capture_output=True, text=True).stdout.split()
    names = [tag[len(TAG_PREFIX):] for tag in tags]
    return sorted((n for n in names if EDITION_PATTERN.match(n)), key=edition_key)


def switcher_entries(editions: list[str], root: str = "/") -> list[dict]:
    newest = editions[-1] if editions else None
    entries = [{"name": f"{name} (current)" if name == newest else name, "version": name,
                "url": f"{root}{name}/", **({"preferred": True} if name == newest else {})}
               for name in reversed(editions)]
    entries.append({"name": "dev (draft)", "version": DEV, "url": f"{root}{DEV}/",
                    **({} if newest else {"preferred": True})})
    return entries


def redirect_page(target: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Exercises for Back Pain</title>
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
</head>
<body>
<p>Go to <a href="{target}">the current edition of Exercises for Back Pain</a>.</p>
</body>
</html>
"""


class Builder:
    def __init__(self, repo: Path, work: Path, venv: Path, current: str | None) -> None:
        self.repo, self.work, self.venv, self.current = repo, work, venv, current

    def venv_for(self, source: Path) -> Path:
        """The project's .venv if the edition pins the same packages, else one of its own."""
        lock = (source / "requirements.lock").read_bytes()
        if lock == (self.repo / "requirements.lock").read_bytes():
            return self.venv
        venv = self.work / "venvs" / hashlib.sha256(lock).hexdigest()[:12]
        self.make(source, "venv", f"VENV={venv}")
        return venv

    def make(self, source: Path, *args: str) -> None:
        result = subprocess.run(["make", "--no-print-directory", "-C", str(source), *args],
                                capture_output=True, text=True)
        if result.returncode:
            sys.stderr.write(result.stdout[-4000:] + result.stderr[-8000:])
            raise SystemExit(f"editions: building {source} failed (make {' '.join(args)})")

    def build(self, name: str, source: Path, site: Path) -> None:
        print(f"editions: building {name} ...", flush=True)
        builddir = self.work / "builds" / name
        options = [f"-D handbook_site_version={name}", "-D handbook_switcher_json=/" + SWITCHER]
        if name != DEV:  # a released edition is measured against its own date, not today's
            edition_date = read_edition(source / "docs" / "edition.toml").date
            options.append(f"-D handbook_today={edition_date.isoformat()}")
        if self.current:
            options.append(f"-D handbook_current_edition={self.current}")
        self.make(source, "all", f"BUILDDIR={builddir}", f"VENV={self.venv_for(source)}",
                  f"SPHINXOPTS={' '.join(options)}")
        shutil.copytree(builddir / "html", site / name)

    def build_tag(self, name: str, site: Path) -> None:
        tree = self.work / "worktrees" / name
        self.remove_worktree(tree)
        subprocess.run(["git", "-C", str(self.repo), "worktree", "add", "-q", "--detach",
                        str(tree), f"{TAG_PREFIX}{name}"], check=True)
        try:
            self.build(name, tree, site)
        finally:
            self.remove_worktree(tree)

    def remove_worktree(self, tree: Path) -> None:
        if tree.exists():
            subprocess.run(["git", "-C", str(self.repo), "worktree", "remove", "--force", str(tree)],
                           capture_output=True)
            shutil.rmtree(tree, ignore_errors=True)
        subprocess.run(["git", "-C", str(self.repo), "worktree", "prune"], capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=REPO)
    parser.add_argument("--out", type=Path, default=REPO / "build" / "site")
    parser.add_argument("--venv", type=Path, default=Path(sys.prefix),
                        help="the environment to build with (default: this Python's)")
    args = parser.parse_args(argv)
    repo, out = args.repo.resolve(), args.out.resolve()
    editions = tagged_editions(repo)
    current = editions[-1] if editions else None
    builder = Builder(repo, out.with_name(out.name + ".work"), args.venv.resolve(), current)
    staging = out.with_name(out.name + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name in editions:
        builder.build_tag(name, staging)
    builder.build(DEV, repo, staging)
    (staging / SWITCHER).write_text(json.dumps(switcher_entries(editions), indent=2) + "\n")
    (staging / "index.html").write_text(redirect_page(f"{current or DEV}/"))
    publish(staging, out)
    shutil.rmtree(staging)
    print(f"editions: {', '.join(editions + [DEV])} in {out}; the newest is {current or 'none yet'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
