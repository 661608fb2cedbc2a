"""Build every edition into one site: ``make editions [BASE_PATH=/path/]``.

The editions are those recorded in ``docs/editions.toml`` (``make release``
adds each one): every edition is built from the commit recorded for it,
taken out with ``git archive``, with its own pages, conf.py and Makefile, so
a past edition stays as it was published. Tags are not read: they do not
travel with every copy of a repository. The work tree is built as ``dev``; where its pages differ from the newest
edition's, the changelog must have a ``## Unreleased`` section, so that its
PDFs are named as a draft.
The result, in ``build/site/``:

* ``<edition>/`` and ``dev/``: each a whole site with its PDFs in ``pdf/``;
* ``switcher.json``: the version switcher's list (pydata-sphinx-theme format),
  newest edition first and marked preferred, then ``dev``;
* ``index.html``: sends readers to the newest edition (to ``dev`` only while
  no edition has been released).

Every address the site writes is relative, except the switcher's entries:
the theme adds the reader's page to an entry's address, so an entry must
start from the web root. They are made from ``--base-path``, the path the
site is served under (``/`` by default; ``/exercises-for-back-pain/`` for a
GitHub project site). Every build but the newest edition's shows a banner
linking to the newest.

The whole site's links are checked, and it is swapped into ``build/site``
only when every edition has built and no link is broken. ``--serve PORT``
serves it under the base path instead, as a host would (``make
serve-editions``).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

from tools.checks.check_html import check_site
from tools.site.edition import CHANGELOG, UNRELEASED, Released, has_unreleased, parse_edition, read_edition, read_released
from tools.site import serve
from tools.site.publish import publish

REPO = Path(__file__).resolve().parent.parent.parent
RECORD = Path("docs") / "editions.toml"
SWITCHER = "switcher.json"
DEV = "dev"


class EditionsError(Exception):
    pass


def base_path(value: str) -> str:
    """``/`` or ``/some/path/``: where the site is served from."""
    path = value.strip().strip("/")
    return f"/{path}/" if path else "/"


def switcher_entries(editions: list[str], base: str = "/") -> list[dict]:
    newest = editions[-1] if editions else None
    entries = [{"name": f"{name} (current)" if name == newest else name, "version": name,
                "url": f"{base}{name}/", **({"preferred": True} if name == newest else {})}
               for name in reversed(editions)]
    entries.append({"name": "dev (draft)", "version": DEV, "url": f"{base}{DEV}/",
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


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True)


def check_recorded(repo: Path, edition: Released) -> None:
    """The recorded commit is here and holds that edition, or say what is wrong."""
    where = f"{RECORD}: edition {edition.number}"
    if git(repo, "cat-file", "-e", f"{edition.commit}^{{commit}}").returncode:
        raise EditionsError(f"{where}: commit {edition.commit} is not in this copy of the "
                            "repository: fetch its whole history (git fetch --unshallow)")
    shown = git(repo, "show", f"{edition.commit}:docs/edition.toml")
    try:
        built = parse_edition(tomllib.loads(shown.stdout.decode()), f"{edition.commit}:docs/edition.toml")
    except (tomllib.TOMLDecodeError, ValueError) as err:
        raise EditionsError(f"{where}: {err}") from None
    if (built.number, built.date) != (edition.number, edition.date):
        raise EditionsError(f"{where}: commit {edition.commit} is edition {built.number} of "
                            f"{built.date}, not {edition.number} of {edition.date}")


def check_draft_named(repo: Path, newest: Released) -> None:
    """The work tree's pages differ from the newest edition's only with an unreleased
    section in the changelog, so that dev's PDFs are named as a draft
    (tools/site/edition.py), or say what is wrong."""
    changed = git(repo, "diff", "--name-only", newest.commit, "--", "docs", f":(exclude){RECORD}").stdout.split()
    changed += git(repo, "ls-files", "--others", "--exclude-standard", "--", "docs").stdout.split()
    changelog = repo / "docs" / CHANGELOG
    if changed and not (changelog.exists() and has_unreleased(changelog.read_text(encoding="utf-8"))):
        raise EditionsError(f"docs/{CHANGELOG}: {changed[0].decode()}"
                            f"{f' and {len(changed) - 1} more files' if len(changed) > 1 else ''} changed since "
                            f"edition {newest.number}, but the changelog has no '{UNRELEASED}' section: say "
                            "what changed under it, so that the draft is not taken for the edition")


class Builder:
    def __init__(self, repo: Path, work: Path, venv: Path, current: str | None) -> None:
        self.repo, self.work, self.venv, self.current = repo, work, venv, current

    def venv_for(self, source: Path) -> Path:
        """The project's .venv if the edition pins the same packages, else one of its own.

        An edition's lock just taken out of git is newer than the environment,
        so make would set that up again (in every make it starts, as ``-o``
        is not passed on): it is given the date of the work tree's lock,
        which it is a copy of."""
        lock, ours = source / "requirements.lock", self.repo / "requirements.lock"
        pins = lock.read_bytes()
        if pins == ours.read_bytes():
            made = ours.stat()
            os.utime(lock, ns=(made.st_atime_ns, made.st_mtime_ns))
            return self.venv
        venv = self.work / "venvs" / hashlib.sha256(pins).hexdigest()[:12]
        self.make(source, "venv", f"VENV={venv}")
        return venv

    def make(self, source: Path, *args: str) -> None:
        result = subprocess.run(["make", "--no-print-directory", "-C", str(source), *args],
                                capture_output=True, text=True)
        if result.returncode:
            sys.stderr.write(result.stdout[-4000:] + result.stderr[-8000:])
            raise EditionsError(f"building {source} failed (make {' '.join(args)})")

    def build(self, name: str, source: Path, site: Path) -> None:
        print(f"editions: building {name} ...", flush=True)
        builddir = self.work / "builds" / name
        # The switcher's list is found from this build's root, wherever the site is served.
        options = [f"-D handbook_site_version={name}", f"-D handbook_switcher_json=../{SWITCHER}"]
        if name != DEV:  # a released edition is measured against its own date, not today's
            edition_date = read_edition(source / "docs" / "edition.toml").date
            options.append(f"-D handbook_today={edition_date.isoformat()}")
        if self.current:
            options.append(f"-D handbook_current_edition={self.current}")
        self.make(source, "all", f"BUILDDIR={builddir}", f"VENV={self.venv_for(source)}",
                  f"SPHINXOPTS={' '.join(options)}")
        shutil.copytree(builddir / "html", site / name)

    def build_commit(self, edition: Released, site: Path) -> None:
        """Build an edition from its recorded commit's files, as they were released."""
        tree = self.work / "sources" / edition.number
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(self.repo), "archive", "--format=tar", edition.commit],
                                 check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tree, filter="data")
        try:
            self.build(edition.number, tree, site)
        finally:
            shutil.rmtree(tree, ignore_errors=True)


def build_site(repo: Path, out: Path, venv: Path, base: str) -> list[str]:
    """Build every recorded edition and dev into `out`; return the editions' names."""
    try:
        released = read_released(repo / RECORD)
    except ValueError as err:
        raise EditionsError(str(err)) from None
    for edition in released:
        check_recorded(repo, edition)
    if released:
        check_draft_named(repo, released[-1])
    editions = [edition.number for edition in released]
    current = editions[-1] if editions else None
    builder = Builder(repo, out.with_name(out.name + ".work"), venv, current)
    staging = out.with_name(out.name + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for edition in released:
        builder.build_commit(edition, staging)
    builder.build(DEV, repo, staging)
    (staging / SWITCHER).write_text(json.dumps(switcher_entries(editions, base), indent=2) + "\n")
    (staging / "index.html").write_text(redirect_page(f"{current or DEV}/"))
    if (problems := check_site(staging)):
        raise EditionsError("broken links, nothing published:\n" + "\n".join(problems))
    publish(staging, out)
    shutil.rmtree(staging)
    return editions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=REPO)
    parser.add_argument("--out", type=Path, default=REPO / "build" / "site")
    parser.add_argument("--venv", type=Path, default=Path(sys.prefix),
                        help="the environment to build with (default: this Python's)")
    parser.add_argument("--base-path", type=base_path, default="/",
                        help="the path the site is served under, such as /exercises-for-back-pain/ (default: /)")
    parser.add_argument("--serve", type=int, metavar="PORT",
                        help="serve the built site under the base path instead of building it")
    args = parser.parse_args(argv)
    repo, out = args.repo.resolve(), args.out.resolve()
    if args.serve is not None:
        httpd = serve.server(out, args.base_path, port=args.serve)
        print(f"Serving {out} at http://127.0.0.1:{args.serve}{args.base_path} (Ctrl-C stops)", flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        return 0
    try:
        editions = build_site(repo, out, args.venv.resolve(), args.base_path)
    except EditionsError as err:
        print(f"editions: {err}", file=sys.stderr)
        return 1
    print(f"editions: {', '.join(editions + [DEV])} in {out}, to be served at {args.base_path}; "
          f"the newest is {editions[-1] if editions else 'none yet'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
