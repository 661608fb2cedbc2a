"""A quick check before you send a change: build the site, print only the problems.

``make preflight`` runs this. It builds the website (not the PDFs) into its own
folder, reusing its last build, so only the pages you changed are read again,
then checks the links between pages. It prints each problem once, as
``docs/page.md:LINE: what is wrong``, and nothing else, then the command that
shows more. The exit status is 1 if there was a problem.

Usage: ``python -m tools.checks.preflight [DOCS] [OUT]`` (defaults ``docs`` and
``build/preflight``).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from tools.checks import check_content

# "/abs/docs/page.md:12: WARNING: message [type.subtype]" -> ("docs/page.md", "12", "message")
WARNING = re.compile(r"^(?P<file>[^:\s][^:]*?)(?::(?P<line>\d+))?: (?:WARNING|ERROR|CRITICAL): "
                     r"(?P<message>.*?)(?: \[[\w.-]+\])?$")


# Sphinx's words for a few common slips, and what to do, in a writer's words.
PLAIN = [
    (re.compile(r'^could not find bibtex key "(?P<key>[^"]+)"$'),
     "no source has the key '{key}' in docs/references.bib: check its spelling there, or add the source"),
    (re.compile(r"^document isn't included in any toctree$"),
     "the page is in no list of pages: add its name under `toctree` in docs/index.md"),
    (re.compile(r"^'myst' cross-reference target not found: '(?P<target>[^']+)'$"),
     "the link goes to '{target}', which is no page or heading: check its spelling, "
     "or link a page as {{doc}}`page-name`"),
    (re.compile(r"^undefined label: '(?P<label>[^']+)'$"),
     "the link goes to '{label}', which no heading or exercise is labelled: check its spelling"),
]


def plain(message: str) -> str:
    """A Sphinx message a writer may not follow, said plainly; any other as it is."""
    for pattern, text in PLAIN:
        if (match := pattern.match(message)):
            return text.format(**match.groupdict())
    return message


def problems_in(output: str, root: Path) -> list[str]:
    """The build's warnings as ``file:line: message``, paths relative to the project, each once."""
    found = []
    for line in re.sub(r"\x1b\[[0-9;]*m", "", output).splitlines():
        if m := WARNING.match(line.strip()):
            path = Path(m["file"])
            try:
                path = path.resolve().relative_to(root)
            except ValueError:
                pass
            found.append(f"{path}:{m['line'] or 1}: {plain(m['message'])}")
    return list(dict.fromkeys(found))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path, nargs="?", default=Path("docs"))
    parser.add_argument("out", type=Path, nargs="?", default=Path("build/preflight"))
    args = parser.parse_args(argv)
    root = Path.cwd().resolve()
    build = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-n", "--keep-going",
                            "-d", str(args.out / "doctrees"), str(args.docs), str(args.out / "html")],
                           capture_output=True, text=True)
    problems = problems_in(build.stdout + build.stderr, root)
    if build.returncode and not problems:  # a crash, not a warning: show its end
        print((build.stdout + build.stderr).strip().splitlines()[-1] if (build.stdout + build.stderr).strip()
              else "the build failed")
        print("Run `make html` to see the whole output.")
        return 1
    if not problems:
        report = check_content.check(args.docs, args.out / "html")
        problems = [problem for problem in report.problems]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) > 1 else ''}. "
              "Run `make html` to see the whole output, or `make test` for every check.")
        return 1
    print("No problems found. Every check, with the PDFs, runs again when you send your change "
          "(or run `make test` now: about 15 minutes).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
