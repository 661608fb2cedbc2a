"""One citation style in the text and in the list of references: author and year.

sphinxcontrib-bibtex can cite by author and year (its ``author_year``
referencing style) but its bibliography styles only label entries by number
or by an "alpha" key, so the text said [Deyo et al., 1986] and the list [4].
pybtex has no author-year label style, and the one on PyPI
(pybtex-author-year-label) is unmaintained and labels differently, so this
extension registers its own, small, with pybtex's and sphinxcontrib-bibtex's
plugin registries:

* ``handbook`` (``bibtex_default_style``): pybtex's plain style, with
  - labels made by the same template sphinxcontrib-bibtex's author-year
    citations use: "Deyo et al., 1986", "NHS, n.d.". Two entries that would
    share a label get a letter: "NHS, n.d.-a", "Health and Safety Executive,
    2020a", so each citation leads to one entry;
  - the list sorted by those labels, so a reader finds [NHS, n.d.-c] by its
    name (organisations no longer sort after every person);
  - a DOI printed as its address, https://doi.org/..., once: "doi:..."
    followed by the link's address in print showed it twice.
* ``handbook`` (``bibtex_reference_style``): cite by that label, as
  [Deyo et al., 1986], with "; " between two sources, since each label has
  a comma of its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from string import ascii_lowercase

import pybtex.plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import field as bib_field
from pybtex.style.template import href, join
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.label import LabelReferenceStyle
from sphinxcontrib.bibtex.style.template import year

__version__ = "1.0"

NAME = "handbook"
# The installed plugins pybtex looks up while it renders the bibliography and
# the citations. pybtex reads every package's entry points for each lookup of
# a plugin not registered at run time: some 350 a build, 2 s of it. Looked up
# once here and registered, each is found at once (the same classes).
LOOKED_UP = (("pybtex.backends", "plaintext"), ("pybtex.backends", "text"), ("pybtex.backends", "docutils"),
             ("pybtex.style.names", "last"), ("pybtex.style.names", "plain"))


@dataclass
class _Data:
    person: PersonStyle = field(default_factory=lambda: PersonStyle(other=" et al."))


def author_year(entry) -> str:
    """The label's author and year, as sphinxcontrib-bibtex's author_year style cites them."""
    data = _Data()
    template = join(sep=", ")[data.person.author_or_editor_or_title(full=False), year]
    return template.format_data({"entry": entry, "style": data}).render_as("text")


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        labels = [author_year(entry) for entry in sorted_entries]
        shared = {label for label, count in Counter(labels).items() if count > 1}
        seen: Counter[str] = Counter()
        for label in labels:
            if label in shared:
                letter = ascii_lowercase[seen[label]]
                seen[label] += 1
                label += f"-{letter}" if label.endswith("n.d.") else letter
            yield label


class AuthorYearSorting(BaseSortingStyle):
    def sorting_key(self, entry):
        author, _, when = author_year(entry).rpartition(", ")
        return author.casefold(), when, entry.fields.get("title", "").casefold()


class HandbookStyle(PlainStyle):
    default_label_style = NAME
    default_sorting_style = NAME

    def format_doi(self, e):
        url = join["https://doi.org/", bib_field("doi", raw=True)]
        return href(url)[url]


@dataclass
class HandbookReferenceStyle(LabelReferenceStyle):
    bracket_parenthetical: BracketStyle = field(default_factory=lambda: BracketStyle(sep="; "))


def setup(app: Sphinx) -> dict:
    pybtex.plugin.register_plugin("pybtex.style.labels", NAME, AuthorYearLabels)
    pybtex.plugin.register_plugin("pybtex.style.sorting", NAME, AuthorYearSorting)
    pybtex.plugin.register_plugin("pybtex.style.formatting", NAME, HandbookStyle)
    register_plugin("sphinxcontrib.bibtex.style.referencing", NAME, HandbookReferenceStyle)
    for group, name in LOOKED_UP:
        pybtex.plugin.register_plugin(group, name, pybtex.plugin.find_plugin(group, name), force=True)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
