"""Check the handbook's pages against its content rules.

Reads the MyST sources in DOCS (default ``docs``) and the site built from them
in HTML (default ``build/html``; build it first with ``make html``). Fails on:

* front matter without ``description``, ``reviewed`` or ``next-review``, or
  with a next review before the last review or more than 3 years after it
  (the rule of tools/extensions/handbook_review.py, shared);
* a page that does not open with its "In short" box (an
  ``{admonition} In short`` with ``:class: hb-in-short`` right after the
  title), or a box without 2 to 4 key messages;
* an image without alt text, in the source or in the built page;
* a condition page that does not include its red-flag snippets;
* a page that reads above US grade 8 (Flesch-Kincaid) over its rendered prose;
* a page that no other page links to in its text (the table of contents does
  not count), or a page that links to fewer than 2 other chapters;
* a promise no evidence supports: "cures", "will cure", "guaranteed",
  "miracle", "fix your back for good" and the like (the contributor guide,
  which quotes these words to warn against them, is exempt).

Each problem is one line, ``docs/page.md:LINE: what is wrong``; then every
page's reading grade is listed. The exit status is 1 if there was a problem.
Usage: ``python -m tools.check_content [DOCS] [HTML]``.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyphen
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent / "extensions"))
from handbook_review import field_line, review_problems  # noqa: E402

from tools.conditions import read_conditions  # noqa: E402

MAX_GRADE = 8.0
FRONT_MATTER_FIELDS = ("description", "reviewed", "next-review")
IN_SHORT_MESSAGES = range(2, 5)
MIN_LINKS_OUT = 2
SKIPPED_DIRS = {"_snippets", "_static", "_templates", "_themes", "_build"}

# Each condition's chapter shows its red flags, from the one copy in
# docs/_snippets (docs/conditions.toml says which); get-help-now shows them all.
# The build checks the same for every page with an exercise.
RED_FLAGS = {condition.chapter: list(condition.red_flags) for condition in read_conditions().values()}
RED_FLAGS["get-help-now"] = list(dict.fromkeys(s for snippets in RED_FLAGS.values() for s in snippets))

# Pages that need no link from another page's text: the home page is every
# page's "home" link.
NEEDS_NO_INBOUND_LINK = {"index"}
# The contributor guide is written for editors, not patients, and left out of
# the PDF. Patient pages must not link to it (the link would have no target in
# print), it need not link to two chapters, and it may quote the promises the
# checker rejects in order to warn against them.
CONTRIBUTOR_GUIDE = ("contributing/",)

# Left out of the reading grade, and why:
# * code and commands (pre, code, kbd) are typed, not read as sentences;
# * citations (span.bibtex-citation) and the reference list (div.citation-list)
#   are authors' names and journal titles, which readers skip and we may not reword;
# * the review line (p.hb-review) is two dates;
# * heading anchors (a.headerlink) are a symbol, not words;
# * headings and box titles (h1-h6, p.admonition-title) are short labels, not
#   sentences: counted as sentences they would flatter the grade.
# The glossary's definitions ARE measured: they are written for patients too.
SKIP_TAGS = {"pre", "code", "kbd", "script", "style", "svg", "h1", "h2", "h3", "h4", "h5", "h6"}
SKIP_CLASSES = {"bibtex-citation", "citation-list", "hb-review", "headerlink", "toctree-wrapper",
                "admonition-title"}
BLOCK_TAGS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th",
              "caption", "figcaption", "div", "section", "tr", "blockquote", "summary"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}

# Words that promise what no exercise can: evidence.md says to write what the
# trials found instead ("most people get better", "can reduce pain").
PROMISES = re.compile(r"\b(cures?|cured|will cure|guarantee[sd]?|miracle|100 ?% (safe|effective)"
                      r"|(fix|heal)(es)? (your|the) (back|neck|pain) for good|never come back"
                      r"|pain[- ]free for ever|forever)\b", re.I)

WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")
SENTENCE_END = re.compile(r"[.!?]+(?=[\s\"'\u201d\u2019)]|$)")
_DICT = pyphen.Pyphen(lang="en_US")


@dataclass
class Page:
    docname: str
    path: Path
    text: str
    lines: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = self.text.splitlines()

    @property
    def title_line(self) -> int:
        for number, line in enumerate(self.lines, 1):
            if line.startswith("# "):
                return number
        return 1


# -- Reading grade ---------------------------------------------------------------

def syllables(word: str) -> int:
    """Syllables in a word: the larger of pyphen's count and a vowel-group count.

    pyphen's hyphenation points miss some syllables ("area" has none), and
    vowel groups miss others; taking the larger errs towards a harder grade."""
    word = word.lower().strip("'\u2019")
    by_dictionary = len(_DICT.positions(word)) + 1
    groups = len(re.findall(r"[aeiouy]+", word))
    if groups > 1 and word.endswith("e") and not word.endswith(("le", "ee")):
        groups -= 1  # a silent final e: "create" keeps it, "tire" does not
    return max(by_dictionary, groups, 1)


def reading_grade(blocks: list[str]) -> tuple[float, int]:
    """Flesch-Kincaid grade of text given as blocks (paragraphs, list items,
    headings); each block ends at least one sentence. Returns (grade, words)."""
    words = sentences = syllable_count = 0
    for block in blocks:
        block_words = WORD.findall(block)
        if not block_words:
            continue
        words += len(block_words)
        syllable_count += sum(syllables(w) for w in block_words)
        ends = len(SENTENCE_END.findall(block))
        finished = re.search(r"[.!?][\"'\u201d\u2019)]*\s*$", block)
        sentences += ends + (0 if finished else 1)
    if not words:
        return 0.0, 0
    return 0.39 * words / sentences + 11.8 * syllable_count / words - 15.59, words


class _ArticleParser(HTMLParser):
    """Collects a built page's prose blocks, links and images, from its main
    article only (not the navigation, header or footer)."""

    def __init__(self, themed: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.themed = themed  # sphinx-book-theme: the prose is in article.bd-article
        self.stack: list[tuple[str, bool, bool]] = []  # tag, in article, skipped
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.links: list[str] = []  # hrefs in the article's text
        self.images: list[tuple[int, str]] = []  # (line, src) of images with no alt
        self.found_article = False

    def _in(self) -> tuple[bool, bool]:
        return self.stack[-1][1:] if self.stack else (False, False)

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        classes = set(values.get("class", "").split())
        in_article, skipped = self._in()
        if not in_article and ((tag == "article" and "bd-article" in classes) if self.themed
                               else values.get("role") == "main" and not self.found_article):
            in_article = self.found_article = True
        skipped = skipped or tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)
        if in_article and tag in BLOCK_TAGS:
            self._flush()
        if in_article and tag == "a" and values.get("href") and not skipped:
            self.links.append(values["href"])
        if in_article and tag == "img" and not values.get("alt", "").strip():
            self.images.append((self.getpos()[0], values.get("src", "")))
        if tag not in VOID_TAGS:
            self.stack.append((tag, in_article, skipped))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        for i in range(len(self.stack) - 1, -1, -1):  # tolerate unclosed tags
            if self.stack[i][0] == tag:
                in_article = self.stack[i][1]
                del self.stack[i:]
                if in_article and tag in BLOCK_TAGS:
                    self._flush()
                return

    def handle_data(self, data: str) -> None:
        in_article, skipped = self._in()
        if in_article and not skipped:
            self.current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def parse_built_page(path: Path) -> _ArticleParser:
    text = path.read_text(encoding="utf-8", errors="replace")
    parser = _ArticleParser(themed=bool(re.search(r"<article[^>]*\bbd-article\b", text)))
    parser.feed(text)
    parser.close()
    return parser


# -- Checks on the source ----------------------------------------------------------

def read_front_matter(page: Page) -> dict | None:
    if not page.text.startswith("---\n"):
        return None
    end = page.text.find("\n---", 3)
    if end == -1:
        return None
    try:
        data = yaml.safe_load(page.text[4:end])
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def check_front_matter(page: Page) -> list[tuple[int, str]]:
    meta = read_front_matter(page)
    if meta is None:
        return [(1, "no front matter (start the page with --- and description, reviewed, next-review)")]
    problems = []
    if not str(meta.get("description") or "").strip():
        problems.append((1, "front matter has no 'description' (one line saying what the page is for)"))
    for key, message in review_problems(meta)[0]:
        problems.append((field_line(page.text, key), message))
    return problems


def check_in_short(page: Page) -> list[tuple[int, str]]:
    """The first thing after the title is the "In short" box, with 2 to 4 bullets."""
    start = page.title_line
    following = [(n, line) for n, line in enumerate(page.lines[start:], start + 1) if line.strip()]
    if not following or not re.match(r"^(:{3,}|`{3,})\{admonition\}\s+In short\s*$", following[0][1]):
        return [(start, "the page does not open with an 'In short' box right after the title "
                        "(:::{admonition} In short, with :class: hb-in-short)")]
    box_line, fence = following[0][0], re.match(r"^(:{3,}|`{3,})", following[0][1]).group(1)
    body = []
    for line in page.lines[box_line:]:
        if line.strip() == fence:
            break
        body.append(line)
    if not any(re.match(r"^:class:.*\bhb-in-short\b", line) for line in body):
        return [(box_line, "the 'In short' box has no ':class: hb-in-short'")]
    messages = sum(1 for line in body if re.match(r"^[-*+] ", line))
    if messages not in IN_SHORT_MESSAGES:
        return [(box_line, f"the 'In short' box has {messages} key messages (write 2 to 4, one bullet each)")]
    return []


IMAGE_MARKDOWN = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)")
IMAGE_DIRECTIVE = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?:image|figure)\}\s*(?P<src>\S+)")
IMAGE_HTML = re.compile(r"<img\b[^>]*>", re.I)


def check_images(page: Page) -> list[tuple[int, str]]:
    problems = []
    for number, line in enumerate(page.lines, 1):
        for match in IMAGE_MARKDOWN.finditer(line):
            if not match["alt"].strip():
                problems.append((number, f"image {match['src']} has no alt text (write ![what it shows]({match['src']}))"))
        for match in IMAGE_HTML.finditer(line):
            if not re.search(r"\balt\s*=\s*[\"'][^\"']*\S", match.group(0)):
                problems.append((number, "image has no alt text (add alt=\"what it shows\")"))
        if (match := IMAGE_DIRECTIVE.match(line)):
            options = []
            for option in page.lines[number:]:
                if not option.startswith(":") or option.strip() == match["fence"]:
                    break
                options.append(option)
            if not any(re.match(r"^:alt:\s*\S", option) for option in options):
                problems.append((number, f"image {match['src']} has no alt text (add :alt: what it shows)"))
    return problems


def check_promises(page: Page) -> list[tuple[int, str]]:
    if page.docname.startswith(CONTRIBUTOR_GUIDE):
        return []
    problems, fenced = [], False
    for number, line in enumerate(page.lines, 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:  # code examples
            continue
        for match in PROMISES.finditer(line):
            if match[0].lower() == "cure" and re.search(r"\bno cure\b", line, re.I):
                continue  # "there is no cure that works for everyone" is honest
            problems.append((number, f"'{match[0]}' promises what no exercise can (say what the "
                                     "evidence shows, e.g. 'can ease pain', 'most people get better')"))
    return problems


def check_red_flags(page: Page) -> list[tuple[int, str]]:
    included = {Path(m).stem for m in re.findall(r"^(?::{3,}|`{3,})\{include\}\s*(\S+)", page.text, re.M)}
    missing = [name for name in RED_FLAGS.get(page.docname, []) if name not in included]
    if not missing:
        return []
    return [(page.title_line, "condition page does not show its red flags: include "
                              + ", ".join(f"_snippets/{name}.md" for name in missing))]


# -- Checks on the built site -----------------------------------------------------

def linked_docnames(source_doc: str, hrefs: list[str], docnames: set[str]) -> set[str]:
    """The pages (other than source_doc) that these hrefs of a built page point at."""
    linked = set()
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme or not parts.path.endswith(".html"):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source_doc), unquote(parts.path)))
        target = target.removesuffix(".html")
        if target in docnames and target != source_doc:
            linked.add(target)
    return linked


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    grades: dict[str, tuple[float, int]] = field(default_factory=dict)

    def add(self, page: Page, line: int, message: str, root: Path) -> None:
        self.problems.append(f"{_shown(page.path, root)}:{line}: {message}")


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return str(path)


def find_pages(docs: Path) -> list[Page]:
    pages = []
    for path in sorted(docs.rglob("*.md")):
        relative = path.relative_to(docs)
        if SKIPPED_DIRS & set(relative.parts) or path.name == "README.md":
            continue
        pages.append(Page(relative.with_suffix("").as_posix(), path, path.read_text(encoding="utf-8")))
    return pages


def check(docs: Path, html: Path, max_grade: float = MAX_GRADE) -> Report:
    report = Report()
    pages = find_pages(docs)
    docnames = {page.docname for page in pages}
    inbound: dict[str, set[str]] = {name: set() for name in docnames}
    for page in pages:
        for check_source in (check_front_matter, check_in_short, check_red_flags, check_promises):
            for line, message in check_source(page):
                report.add(page, line, message, docs)
        source_images = check_images(page)
        for line, message in source_images:
            report.add(page, line, message, docs)
        built = html / f"{page.docname}.html"
        if not built.is_file():
            report.add(page, 1, f"no built page {built}: build the site first (make html)", docs)
            continue
        parsed = parse_built_page(built)
        for _, src in [] if source_images else parsed.images:  # each image once: by its source line if we can
            report.add(page, 1, f"the built page shows image {src} without alt text", docs)
        report.grades[page.docname] = grade, words = reading_grade(parsed.blocks)
        if grade > max_grade:
            report.add(page, page.title_line, f"reads at US grade {grade:.1f}, above {max_grade:g} "
                                              "(use shorter sentences and everyday words)", docs)
        outbound = linked_docnames(page.docname, parsed.links, docnames)
        for target in outbound:
            inbound[target].add(page.docname)
        chapters = {t for t in outbound if t not in ("glossary", "references")}
        if len(chapters) < MIN_LINKS_OUT and not page.docname.startswith(CONTRIBUTOR_GUIDE):
            report.add(page, page.title_line, f"links to {len(chapters)} other chapters in its text "
                                              f"(link to at least {MIN_LINKS_OUT} related ones)", docs)
    for page in pages:
        exempt = page.docname in NEEDS_NO_INBOUND_LINK or page.docname.startswith(CONTRIBUTOR_GUIDE)
        if not exempt and page.docname in report.grades and not inbound[page.docname]:
            report.add(page, page.title_line, "no other page links to this page in its text "
                                              "(the table of contents does not count)", docs)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path, nargs="?", default=Path("docs"), help="the sources (default docs)")
    parser.add_argument("html", type=Path, nargs="?", default=Path("build/html"),
                        help="the site built from them (default build/html)")
    parser.add_argument("--max-grade", type=float, default=MAX_GRADE,
                        help=f"the highest reading grade allowed (default {MAX_GRADE:g})")
    args = parser.parse_args(argv)
    for folder, hint in ((args.docs, "the handbook's sources"), (args.html, "build the site first (make html)")):
        if not folder.is_dir():
            print(f"{folder}: no such folder; {hint}", file=sys.stderr)
            return 2
    report = check(args.docs, args.html, args.max_grade)
    for problem in report.problems:
        print(problem)
    print(f"Reading grade of each page (US, Flesch-Kincaid; at most {args.max_grade:g}):")
    for docname, (grade, words) in sorted(report.grades.items(), key=lambda item: -item[1][0]):
        print(f"  {grade:4.1f}  {docname} ({words} words)")
    print(f"check_content: {args.docs}: {len(report.problems)} problems", file=sys.stderr)
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
