"""The two-week exercise and pain diary: one design, filled from one template.

The template (``<template id="hb-diary">`` in ``_static/hb-programme/handout.html``)
holds the how-to, the 14 day columns, one exercise row, the pain row and the
note row. The handbook's own diary (the ``{exercise-diary}`` directive, in the
PDF and as a one-page PDF) fills it with blank rows; a programme's handout
(``make handout`` here, the builder's print view in ``hb-programme.js``) writes
its exercises into the first rows. Both add blank rows up to the table's
``data-rows`` (8), so every diary looks the same and has room to write more.
"""

from __future__ import annotations

import copy

from bs4 import BeautifulSoup, Tag

TEMPLATE_ID = "hb-diary"


def diary(templates: BeautifulSoup, names: list[str] = ()) -> Tag:
    """The diary, with one row for each name, then blank rows up to the table's data-rows."""
    template = templates.find("template", id=TEMPLATE_ID)
    element = copy.copy(next(child for child in template.children if isinstance(child, Tag)))
    row = element.select_one("tr.hb-diary-exercise")
    names = list(names)
    rows = int(element.select_one("table")["data-rows"])
    for name in names + [""] * (rows - len(names)):
        filled = copy.copy(row)
        filled.select_one("[data-field]").string = name
        row.insert_before(filled)
    row.decompose()
    return element
