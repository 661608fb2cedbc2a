"""Every medical word a patient page uses is in the glossary, and each page
links it once.

The writing guide asks for this: "If you must use a medical word, link it to
the glossary the first time". These tests read the MyST sources:

* the glossary's terms come from the ``{glossary}`` directive in
  docs/glossary.md (one entry may have several terms, one a line);
* a page *uses* a term when the term, or its plural, appears in text the
  reader sees: paragraphs, lists, tables, the "In short" box, and the fields
  of an exercise card (purpose, equipment, start, steps, feel, easier, harder,
  stop if, and the picture's alt text, which screen readers read out);
* not counted: the front matter, headings and box titles (labels, where a
  link would be clutter), code, role targets such as {doc}`sciatica`, link
  targets, and directives whose body is not prose (toctree, include, ...);
* a page *links* a term with {term}`word` or {term}`shown text <word>`.

Each source file is checked on its own. A snippet in docs/_snippets is shown
on many pages, so it links its own words; a page that includes it still
links the words of its own text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
GLOSSARY = DOCS / "glossary.md"

# The clinical review asked for these words by name.
REQUIRED_TERMS = ["TENS", "spinal manipulation", "traction", "opioids", "clinician", "talking therapy",
                  "pelvis", "nerve glide", "trunk"]

# Forms of a term that adding "s", "es" or "ies" does not make.
VARIANTS = {
    "opioids": ["opioid"],
    "pelvis": ["pelvic"],
}

# Written for editors, not patients, or not a page of prose.
NOT_PATIENT_PAGES = {"changelog.md", "glossary.md", "_snippets/README.md"}
NOT_PATIENT_FOLDERS = {"contributing"}

# Directives whose body readers see as text. Any other directive's body
# (toctree, include, glossary, bibliography, exercise-list, code, ...) is skipped.
PROSE_DIRECTIVES = {"admonition", "note", "tip", "important", "warning", "caution", "danger",
                    "attention", "hint", "seealso", "only", "exercise", "topic", "sidebar",
                    "card", "dropdown", "figure"}
# Exercise card fields that are shown as text (the others are labels, doses,
# poses and sources).
CARD_FIELDS = {"purpose", "equipment", "start", "feel", "easier", "harder", "stop-if", "alt"}
PROSE_OPTIONS = {"figure": {"alt"}, "exercise": CARD_FIELDS}

FENCE = re.compile(r"^\s*(?P<fence>`{3,}|:{3,}|~{3,})\s*(?:\{(?P<name>[\w:.-]+)\})?")
OPTION = re.compile(r"^\s*:(?P<key>[\w-]+):(?P<value>.*)$")
TERM_ROLE = re.compile(r"\{term\}`(?P<body>[^`]+)`")
# Text the reader does not see as prose: other roles, inline code, link
# targets, bare addresses, comments and substitutions.
HIDDEN = re.compile(r"\{[\w:.-]+\}`[^`]*`|`[^`]*`|\]\([^)]*\)|<https?://[^>]*>|https?://\S+"
                    r"|<!--.*?-->|\{\{[^}]*\}\}", re.S)


def patient_pages() -> list[Path]:
    pages = []
    for path in sorted(DOCS.rglob("*.md")):
        relative = path.relative_to(DOCS)
        if relative.as_posix() in NOT_PATIENT_PAGES or NOT_PATIENT_FOLDERS & set(relative.parts[:-1]):
            continue
        if relative.name == "README.md" or relative.parts[0] in {"_static", "_templates", "_themes"}:
            continue
        pages.append(path)
    return pages


# -- The glossary ------------------------------------------------------------------

def glossary_entries() -> list[list[str]]:
    """The entries of the {glossary} directive: each a list of its terms."""
    text = GLOSSARY.read_text(encoding="utf-8")
    match = re.search(r"^(?P<fence>`{3,}|:{3,})\{glossary\}[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$",
                      text, re.M | re.S)
    assert match, "docs/glossary.md has no {glossary} directive"
    entries: list[list[str]] = []
    terms: list[str] = []
    for line in match["body"].splitlines():
        if not line.strip() or OPTION.match(line) and not terms and not entries:
            continue  # blank lines, and options such as :sorted:
        if line[0].isspace():  # a definition
            if terms:
                entries.append(terms)
                terms = []
        else:
            terms.append(line.strip())
    assert not terms, f"docs/glossary.md: terms {terms} have no definition"
    return entries


def forms(term: str) -> list[str]:
    """The term and the forms a page may use it in."""
    found = [term, term + "s", term + "es", *VARIANTS.get(term, [])]
    if term.endswith("y"):
        found.append(term[:-1] + "ies")
    return found


@dataclass(frozen=True)
class Entry:
    terms: tuple[str, ...]
    pattern: re.Pattern

    @property
    def name(self) -> str:
        return self.terms[0]


def entry_patterns() -> list[Entry]:
    result = []
    for terms in glossary_entries():
        alternatives = []
        for term in terms:
            # An abbreviation in capitals (TENS, GP, NICE) is matched only in
            # capitals: "tens" and "nice" are everyday words.
            flags = "" if term.isupper() else "i"
            for form in forms(term):
                words = r"\s+".join(re.escape(word) for word in form.split())
                alternatives.append((len(form), f"(?{flags}:{words})" if flags else words))
        longest_first = [a for _, a in sorted(alternatives, reverse=True)]
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(longest_first) + r")(?![\w-])")
        result.append(Entry(tuple(terms), pattern))
    return result


# -- What a page shows as text -------------------------------------------------------

def prose(text: str) -> str:
    """The page with everything that is not prose blanked out (same length,
    same lines, so offsets still give line numbers). {term} roles are kept."""
    lines = text.split("\n")
    out: list[str] = []
    stack: list[dict] = []  # open fences: char, length, name, prose, in_options
    front_matter = bool(lines) and lines[0].strip() == "---"
    for number, line in enumerate(lines):
        blank = " " * len(line)
        if front_matter:
            out.append(blank)
            if number and line.strip() == "---":
                front_matter = False
            continue
        top = stack[-1] if stack else None
        stripped = line.strip()
        if top and stripped and set(stripped) == {top["char"]} and len(stripped) >= top["length"]:
            stack.pop()
            out.append(blank)
            continue
        hidden = any(not fence["prose"] for fence in stack)
        fence = FENCE.match(line)
        if fence and not hidden:
            name = fence["name"] or ""
            stack.append({"char": fence["fence"][0], "length": len(fence["fence"]), "name": name,
                          "prose": name in PROSE_DIRECTIVES, "in_options": True})
            out.append(blank)  # the fence, and a directive's argument (a title)
            continue
        if hidden:
            out.append(blank)
            continue
        if top and top["in_options"]:
            option = OPTION.match(line)
            if option:
                if option["key"] in PROSE_OPTIONS.get(top["name"], set()):
                    out.append(" " * (len(line) - len(option["value"])) + option["value"])
                else:
                    out.append(blank)
                continue
            top["in_options"] = False
        if re.match(r"^\s{0,3}#{1,6}\s", line):  # a heading
            out.append(blank)
            continue
        out.append(line)
    return "\n".join(out)


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


@dataclass(frozen=True)
class Use:
    line: int
    entry: str
    text: str


def page_terms(path: Path, entries: list[Entry]) -> tuple[list[Use], list[Use]]:
    """(links, uses): each {term} link on the page, and each use of a glossary
    word in its prose outside a link."""
    text = prose(path.read_text(encoding="utf-8"))
    by_term = {term.lower(): entry.name for entry in entries for term in entry.terms}

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    links = []
    for match in TERM_ROLE.finditer(text):
        body = " ".join(match["body"].split())
        target = re.search(r"<([^<>]+)>\s*$", body)
        target = (target[1] if target else body).strip().lower()
        links.append(Use(line_of(match.start()), by_term.get(target, f"?{target}"), body))
    text = TERM_ROLE.sub(_blank, text)
    text = HIDDEN.sub(_blank, text)
    # Longest words first, so "passive range of motion" is one use, not also
    # a use of "range of motion"; each stretch of text counts once.
    found = []
    for entry in entries:
        found += [(m.start(), m.end(), entry.name) for m in entry.pattern.finditer(text)]
    taken: list[tuple[int, int]] = []
    uses = []
    for start, end, name in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        uses.append(Use(line_of(start), name, " ".join(text[start:end].split())))
    return links, sorted(uses, key=lambda u: u.line)


def shown(path: Path) -> str:
    return path.relative_to(DOCS.parent).as_posix()


# -- Tests -------------------------------------------------------------------------

def test_the_glossary_has_the_words_the_review_asked_for():
    terms = {term.lower() for entry in glossary_entries() for term in entry}
    missing = [word for word in REQUIRED_TERMS if word.lower() not in terms]
    assert not missing, f"docs/glossary.md: add glossary entries for {', '.join(missing)}"


def test_the_glossary_is_in_a_to_z_order_with_no_repeats():
    names = [entry[0] for entry in glossary_entries()]
    assert names == sorted(names, key=str.lower), "docs/glossary.md: put the entries in A to Z order"
    terms = [term.lower() for entry in glossary_entries() for term in entry]
    assert len(terms) == len(set(terms)), "docs/glossary.md: a term is listed twice"


def test_the_checker_finds_words_in_prose_and_not_elsewhere(tmp_path):
    """The reader of the page sees a word: it counts. A link target, a role or
    a heading: it does not."""
    page = tmp_path / "page.md"
    page.write_text("---\ndescription: sciatica\n---\n\n# Sciatica\n\n"
                    "See {doc}`sciatica` and [the page](sciatica.md).\n\n"
                    "```{toctree}\nsciatica\n```\n\n"
                    ":::{exercise} Sciatica stretch\n:label: sciatica\n:purpose: Eases {term}`sciatica`.\n\n"
                    "1. Do not bend your {term}`spine <spine>` too far.\n:::\n\n"
                    "Keep your spine and your trunk\nmoving. Most clinicians agree.\n")
    entries = entry_patterns()
    links, uses = page_terms(page, entries)
    assert [(u.line, u.entry) for u in links] == [(15, "sciatica"), (17, "spine")]
    assert [(u.line, u.entry, u.text) for u in uses] == [
        (20, "spine", "spine"), (20, "trunk", "trunk"), (21, "clinician", "clinicians")]


PAGES = patient_pages()


def page_problems(page: Path, entries: list[Entry]) -> list[str]:
    """One line, file:line: what is wrong, for each glossary word the page uses
    but does not link, links more than once, or links but is not a term."""
    links, uses = page_terms(page, entries)
    problems = [f"{shown(page)}:{link.line}: {{term}}`{link.text}` is not a glossary term"
                for link in links if link.entry.startswith("?")]
    linked: dict[str, list[Use]] = {}
    for link in links:
        linked.setdefault(link.entry, []).append(link)
    for name, repeats in sorted(linked.items()):
        if len(repeats) > 1 and not name.startswith("?"):
            lines = ", ".join(str(u.line) for u in repeats)
            problems.append(f"{shown(page)}:{repeats[1].line}: '{name}' is linked to the glossary "
                            f"{len(repeats)} times, on lines {lines} (link it once)")
    reported = set()
    for use in uses:
        if use.entry in linked or use.entry in reported:
            continue
        reported.add(use.entry)
        role = (f"{{term}}`{use.text}`" if use.text.lower() == use.entry.lower()
                else f"{{term}}`{use.text} <{use.entry}>`")
        problems.append(f"{shown(page)}:{use.line}: '{use.text}' is in the glossary but not linked "
                        f"on this page: link it once, as {role}")
    return sorted(problems, key=lambda p: int(p.split(":")[1]))


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_a_page_links_each_glossary_word_it_uses_once(page):
    problems = page_problems(page, entry_patterns())
    assert not problems, "\n".join(problems)
