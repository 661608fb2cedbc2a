"""Cut stylesheets down to the rules a built site can use.

The book theme ships about 460 KB of CSS (Bootstrap and every widget it
styles), of which the handbook uses a few per cent; a phone on a slow network
downloads and parses all of it before it shows a word. A rule is kept when
one of its selectors matches an element of some built page once the selector
is stripped of

* pseudo-classes and pseudo-elements (``:hover``, ``:focus-visible``,
  ``::before``, ``:not(...)``), so every state a reader brings about counts;
* the classes and attributes the theme's scripts set at run time
  (``STATE_CLASSES`` and ``STATE_ATTRIBUTES``, read from its scripts: dark
  mode, the sidebar open on a phone, an open dropdown, the search dialog...),

and the pages are matched with the elements scripts add to them
(``SCRIPT_MARKUP``: tooltips, search results, the exercise filter, the
programme builder's form). ``@media``, ``@supports``, ``@layer`` and
``@container`` keep their kept rules; ``@font-face`` is kept when a kept
declaration names its family, and gets ``font-display: swap``; ``@keyframes``
when a kept declaration names it; any other at-rule is kept.

PurgeCSS, the usual tool, is JavaScript; this is built on the parsers the
build has already: WeasyPrint's for CSS (tinycss2, cssselect2) and lxml
(which pikepdf installs) for the pages. lxml's C parser reads the site's
pages in 0.05 s where tinyhtml5 took 2.6 s; it is no HTML5 parser, so rows
written straight into a table are put in the tbody a browser would make.
Each selector is compiled once for all pages.

Run by hand: ``python -m tools.site.purge_css SITE CSS...`` cuts each
stylesheet (a path inside SITE) in place, using every page of SITE.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from functools import cache
from pathlib import Path

import cssselect2
import lxml.html
import tinycss2

# Set on existing elements by the theme's scripts (pydata-sphinx-theme.js,
# sphinx-book-theme.js, Bootstrap's dropdown and tooltip, sphinx_highlight.js,
# searchtools.js) and by the handbook's own (hb-*.js).
STATE_CLASSES = frozenset({
    "active", "show", "showing", "hiding", "collapsing", "collapsed",  # Bootstrap, the table of contents
    "dropdown-menu-dark",  # pydata: a dropdown in dark mode
    "pst-squeeze", "pst-sidebar-hidden", "hide", "scrolled",  # sidebars collapsed, page scrolled
    "empty", "highlighted", "noprint",  # search results, search words highlighted
})
STATE_ATTRIBUTES = frozenset({
    "data-theme", "data-mode",  # light and dark
    "open",  # the search dialog, a sidebar open on a phone, <details>
    "data-bs-popper", "data-popper-placement", "data-popper-reference-hidden", "data-popper-escaped",
    "aria-expanded", "aria-current", "aria-selected", "aria-describedby", "aria-hidden",
    "hidden", "disabled", "checked", "selected", "readonly", "role", "style",
})
# Elements only scripts make: (where they go, markup).
SCRIPT_MARKUP = (
    ("body", '<div class="tooltip bs-tooltip-auto fade show" role="tooltip" data-popper-placement="bottom">'
             '<div class="tooltip-arrow"></div><div class="tooltip-inner">Tip</div></div>'),
    ("#search-results", '<h2>Search Results</h2><p class="search-summary">Found</p><ul class="search">'
                        '<li class="kind-title kind-text kind-index kind-object"><a href="#">Page</a>'
                        '<span>(in Page)</span><p class="context">text <span class="highlighted">word</span>'
                        '</p></li></ul>'),
    ("article", '<form class="hb-exercise-filter"><div><label for="x">Filter</label><select id="x">'
                '<option>All</option></select></div><fieldset><legend>L</legend><input type="number">'
                '<input type="search"><input type="date"><input type="text"><textarea></textarea></fieldset>'
                '<output></output><button type="button">Add</button></form><section><h2>Card</h2>'
                '<table><tr><th>Day</th><td></td></tr></table><ol><li><strong>Step</strong></li></ol>'
                '<svg><path></path></svg><img src="x.svg" alt=""></section>'),
)
GROUPING_RULES = {"media", "supports", "layer", "container"}


@cache
def _markup(markup: str) -> tuple:
    """A SCRIPT_MARKUP's elements, parsed once (each page gets a copy)."""
    return tuple(lxml.html.fragments_fromstring(markup))


@cache
def _compiled(selector: str) -> tuple | None:
    """The selector compiled once for all pages, or None if cssselect2 cannot read it."""
    try:
        return tuple(cssselect2.compile_selector_list(selector))
    except cssselect2.SelectorError:
        return None


class Page:
    """One page's elements (with those scripts add), indexed for matching."""

    def __init__(self, html: str | bytes) -> None:
        tree = lxml.html.document_fromstring(html)
        for target, markup in SCRIPT_MARKUP:
            for parent in (tree.iter(target) if target.isalpha() else tree.xpath("//*[@id=$id]", id=target[1:])):
                parent.extend(copy.deepcopy(_markup(markup)))
                break
        for table in tree.iter("table"):  # rows straight in a table are in a tbody, as a browser parses them
            rows = [child for child in table if child.tag == "tr"]
            if rows:
                body = lxml.html.Element("tbody")
                table.insert(table.index(rows[0]), body)
                body.extend(rows)
        self.elements = list(cssselect2.ElementWrapper.from_html_root(tree).iter_subtree())
        self.index: dict[str, dict[str, list]] = {"#": {}, ".": {}, "tag": {}, "[": {}}
        for element in self.elements:
            if element.id:
                self.index["#"].setdefault(element.id, []).append(element)
            for name in element.classes:
                self.index["."].setdefault(name, []).append(element)
            self.index["tag"].setdefault(element.local_name.lower(), []).append(element)
            for name in element.etree_element.attrib:
                self.index["["].setdefault(str(name).lower(), [])

    def matches(self, selector: str, needs: list) -> bool:
        """Whether an element matches ``selector`` (stripped, see ``strip``),
        which needs these ids, classes, tags and attributes to be there."""
        if any(name not in self.index[kind] for kind, name in needs):
            return False
        compiled = _compiled(selector)
        if compiled is None:
            return True  # something this matcher does not know: keep it
        for sel in compiled:
            candidates = (self.index["#"].get(sel.id, []) if sel.id else
                          self.index["."].get(sel.class_name, []) if sel.class_name else
                          self.index["tag"].get(sel.lower_local_name, []) if sel.lower_local_name else
                          self.elements)
            if any(sel.test(element) for element in candidates):
                return True
        return False


def split_selectors(prelude: list) -> list[list]:
    selectors = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def strip(tokens: list) -> tuple[str, set[tuple[str, str]]] | None:
    """The selector without pseudo-classes, pseudo-elements and script-set
    states (a compound left empty becomes ``*``), and the ids, classes, tags
    and attributes it still needs; None if it holds something unexpected."""
    out: list[str] = []
    needs: set[tuple[str, str]] = set()
    combinator, compound_empty = None, True
    tokens = [t for t in tokens if t.type != "comment"]
    i = 0
    while i < len(tokens):
        token, i = tokens[i], i + 1
        if token.type == "whitespace" or (token.type == "literal" and token.value in (">", "+", "~")):
            combinator = token.value if token.type == "literal" else combinator or " "
            continue
        if combinator and out:
            out.append(combinator)
            compound_empty = True
        combinator, kept = None, None
        if token.type == "literal" and token.value == ":":  # :hover, ::before, :not(...)
            if i < len(tokens) and tokens[i].type == "literal" and tokens[i].value == ":":
                i += 1
            if i >= len(tokens) or tokens[i].type not in ("ident", "function"):
                return None
            i += 1
        elif token.type == "literal" and token.value == ".":
            if i >= len(tokens) or tokens[i].type != "ident":
                return None
            name, i = tokens[i].value, i + 1
            if name not in STATE_CLASSES:
                kept, needs_one = "." + tinycss2.serialize_identifier(name), (".", name)
        elif token.type == "hash":
            kept, needs_one = "#" + tinycss2.serialize_identifier(token.value), ("#", token.value)
        elif token.type == "[] block":
            names = [t.lower_value for t in token.content if t.type == "ident"]
            if not names:
                return None
            if names[0] not in STATE_ATTRIBUTES:
                kept, needs_one = tinycss2.serialize([token]), ("[", names[0])
        elif token.type == "ident" and compound_empty:
            kept, needs_one = token.value, ("tag", token.lower_value)
        elif token.type == "literal" and token.value == "*":
            kept, needs_one = "*", None
        else:
            return None
        if kept is None:  # left out: the compound still needs something to match
            kept = "*" if compound_empty else ""
        elif needs_one:
            needs.add(needs_one)
        out.append(kept)
        compound_empty = False
    return "".join(out), needs


def qualified_rules(rules: list):
    for rule in rules:
        if rule.type == "qualified-rule":
            yield rule
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING_RULES and rule.content is not None:
            yield from qualified_rules(tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True))


def selectors_of(stylesheets: dict[str, str]) -> dict[str, tuple[str, list]]:
    """Every selector of the stylesheets that can be matched: its text,
    stripped (see ``strip``), and what it needs. Selectors ``strip`` cannot
    read are left out: they are always kept."""
    found = {}
    for text in stylesheets.values():
        for rule in qualified_rules(tinycss2.parse_stylesheet(text, skip_whitespace=True)):
            for tokens in split_selectors(rule.prelude):
                selector = tinycss2.serialize(tokens).strip()
                if selector not in found and (stripped := strip(tokens)) is not None:
                    found[selector] = (stripped[0], sorted(stripped[1]))
    return found


def page_matches(html: str | bytes, selectors: dict[str, tuple[str, list]]) -> set[str]:
    """The selectors that an element of this page (or one its scripts add) matches."""
    page = Page(html)
    return {selector for selector, (stripped, needs) in selectors.items() if page.matches(stripped, needs)}


def kept_selectors(prelude: list, matched: set[str]) -> str | None:
    """The rule's selectors that can match (the whole list if one can and
    it holds a vendor prefix, which may make a browser drop the rule), or None."""
    kept, prefixed = [], False
    for tokens in split_selectors(prelude):
        text = tinycss2.serialize(tokens).strip()
        prefixed |= ":-" in text
        if text in matched or strip(tokens) is None:
            kept.append(text)
    if not kept:
        return None
    return tinycss2.serialize(prelude).strip() if prefixed else ",".join(kept)


def purge_rules(rules: list, matched: set[str] | None) -> list[tuple[str, object]]:
    """(text, rule) for the rules kept (all if ``matched`` is None); @font-face
    and @keyframes are decided later, on what the kept rules use."""
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = (tinycss2.serialize(rule.prelude).strip() if matched is None
                         else kept_selectors(rule.prelude, matched))
            if selectors:
                kept.append((selectors + "{" + tinycss2.serialize(rule.content).strip() + "}", rule))
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING_RULES and rule.content is not None:
            inner = purge_rules(tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                               skip_whitespace=True), matched)
            if inner:
                kept.append(("@" + rule.at_keyword + tinycss2.serialize(rule.prelude).rstrip() + "{"
                             + "".join(text for text, _ in inner) + "}", inner))
        elif rule.type == "at-rule":
            kept.append((tinycss2.serialize([rule]), rule))
        elif rule.type == "comment" and (rule.value.startswith("!") or "license" in rule.value.lower()
                                         or "copyright" in rule.value.lower()):
            kept.append(("/*" + rule.value + "*/\n", rule))
    return kept


def declared(rule) -> list:
    return tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)


def family_of(rule) -> str:
    for declaration in declared(rule):
        if declaration.type == "declaration" and declaration.lower_name == "font-family":
            return " ".join(t.value for t in declaration.value if t.type in ("ident", "string")).lower()
    return ""


def words(text: str) -> str:
    """``text``'s words, lower case, one space apart and around, to look names up in."""
    return " " + " ".join(re.split(r"[^\w-]+", text.lower().replace("\\ ", " "))).strip() + " "


def finish(kept: list[tuple[str, object]], used: str) -> str:
    """Serialize, leaving out @font-face and @keyframes nothing uses; fonts swap."""
    out = []
    for text, rule in kept:
        if isinstance(rule, list):  # a grouping rule: decide its inside the same way
            head = text[:text.index("{")]
            inner = finish(rule, used)
            if inner:
                out.append(head + "{" + inner + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword == "font-face":
            family = family_of(rule)
            if family and words(family) not in used:
                continue
            body = [f"{d.name}:{tinycss2.serialize(d.value).strip()}" + ("!important" if d.important else "")
                    for d in declared(rule) if d.type == "declaration" and d.lower_name != "font-display"]
            out.append("@font-face{" + ";".join(body) + ";font-display:swap}")
        elif rule.type == "at-rule" and rule.lower_at_keyword.endswith("keyframes"):
            name = tinycss2.serialize(rule.prelude).strip().strip("\"'").lower()
            if words(name) in used:
                out.append(text)
        else:
            out.append(text)
    return "".join(out)


def declarations_text(kept: list[tuple[str, object]]) -> list[str]:
    texts = []
    for text, rule in kept:
        if isinstance(rule, list):
            texts += declarations_text(rule)
        elif rule.type == "qualified-rule":
            texts.append(tinycss2.serialize(rule.content))
    return texts


def purge(stylesheets: dict[str, str], matched: set[str], others: tuple[str, ...] = ()) -> dict[str, str]:
    """Each stylesheet (name: text) cut to the rules with a ``matched``
    selector; ``others`` are stylesheets kept whole whose declarations may use
    a font or an animation."""
    kept = {name: purge_rules(tinycss2.parse_stylesheet(text, skip_whitespace=True), matched)
            for name, text in stylesheets.items()}
    texts = [t for rules in kept.values() for t in declarations_text(rules)]
    for text in others:
        texts += declarations_text(purge_rules(tinycss2.parse_stylesheet(text, skip_whitespace=True), None))
    used = words(" ".join(texts))
    return {name: finish(rules, used) + "\n" for name, rules in kept.items()}


def characters(css: str) -> set[int]:
    """The code points of the characters in the stylesheet's strings (where
    icon fonts' icons are named, as in ``content: "\\f0c9"``)."""
    found: set[int] = set()

    def walk(nodes) -> None:
        for node in nodes or ():
            if node.type == "string":
                found.update(map(ord, node.value))
            elif node.type == "function":
                walk(node.arguments)
            elif node.type in ("() block", "[] block", "{} block"):
                walk(node.content)
            elif node.type in ("qualified-rule", "at-rule"):
                walk(node.prelude)
                walk(node.content)

    walk(tinycss2.parse_stylesheet(css))
    return found


def purge_site(site: Path, names: list[str], others: tuple[str, ...] = ()) -> dict[str, str]:
    """The stylesheets ``names`` (paths inside ``site``) cut to what its pages use."""
    texts = {name: (site / name).read_text(encoding="utf-8") for name in names}
    selectors = selectors_of(texts)
    matched = set().union(*(page_matches(path.read_bytes(), selectors) for path in site.rglob("*.html")
                            if "_static" not in path.relative_to(site).parts))
    return purge(texts, matched, tuple((site / name).read_text(encoding="utf-8") for name in others))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site")
    parser.add_argument("css", nargs="+", help="stylesheets to cut, as paths inside the site")
    args = parser.parse_args(argv)
    missing = [name for name in args.css if not (args.site / name).is_file()]
    if missing:
        for name in missing:
            print(f"{args.site / name}:1: no such stylesheet", file=sys.stderr)
        return 1
    for name, text in purge_site(args.site, args.css).items():
        before = (args.site / name).stat().st_size
        (args.site / name).write_text(text, encoding="utf-8")
        print(f"{name}: {before // 1024} KiB -> {len(text) // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
