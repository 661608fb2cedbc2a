"""The handbook's content rules for one page's source, shared by the build and the checkers.

Each ``check_*`` takes a :class:`Page` (its document name, path and text) and
returns ``(line, message)`` pairs. ``tools/extensions/handbook_rules.py`` runs
them while Sphinx reads each page, so every build fails on them
(``make html``, ``make pdf``, ``make live``, CI); ``reading_grade`` is the
Flesch-Kincaid measure the build applies to each page and each section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyphen
import yaml

# The contributor guide is written for editors, not patients, and left out of
# the PDF. It may quote the promises the rules reject, to warn against them.
CONTRIBUTOR_GUIDE = ("contributing/",)
IN_SHORT_MESSAGES = range(2, 5)

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
    """Front matter with a description; its review dates are handbook_review's rule."""
    meta = read_front_matter(page)
    if meta is None:
        return [(1, "no front matter (start the page with --- and description, reviewed, next-review)")]
    if not str(meta.get("description") or "").strip():
        return [(1, "front matter has no 'description' (one line saying what the page is for)")]
    return []


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
    """Words that promise a cure. "No cure" is honest; any other line is checked whole,
    whatever else it says ("it does not hurt, and it cures..." is still a promise)."""
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




# [text](target) where the target is a file:// address or words with spaces
# (a page's title): MyST shows either as literal brackets, or a dead link.
MARKDOWN_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]+)\]\((?P<target>[^)]*)\)")


def check_links(page: Page) -> list[tuple[int, str]]:
    problems, fenced = [], False
    for number, line in enumerate(page.lines, 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
        for match in MARKDOWN_LINK.finditer(re.sub(r"`[^`]*`", "", line)):
            target = match["target"].strip()
            if target.lower().startswith("file:"):
                problems.append((number, f"link to {target!r} works only on your own computer: link the "
                                         "page by its file, such as [text](start-here.md)"))
            elif " " in target and not re.match(r"^\S+ [\"'(]", target):
                problems.append((number, f"link to {target!r}: that is not an address; link a page by its "
                                         "file, such as [text](start-here.md), or write {doc}`start-here`"))
    return problems
