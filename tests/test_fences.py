"""A ::: block left open, or a ::: that closes nothing, is an error naming its line
(tools/extensions/handbook_fences.py), on a tiny test root."""

from __future__ import annotations

import re

import pytest


@pytest.mark.sphinx("html", testroot="fences", freshenv=True)
def test_each_fence_left_open_or_closing_nothing_names_its_file_and_line(app):
    app.build()
    warnings = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in app.warning.getvalue().splitlines()]
    ours = [line.split("/fences/", 1)[-1] for line in warnings if "[handbook.fence]" in line]
    assert ours == [
        "index.md:8: WARNING: the block ':::{figure} picture.svg' opened here is not closed before line 10, "
        "where ':::' closes the block ':::{admonition} Around' of line 7: add a line ':::' where this block "
        "ends [handbook.fence]",
        "index.md:12: WARNING: this ':::' closes no block: delete it, or start its block with a line such as "
        "':::{note}' [handbook.fence]",
        "index.md:23: WARNING: the block '```python' opened here is never closed: add a line '```' where it "
        "ends [handbook.fence]",
        "_snippets/box.md:1: WARNING: the block ':::{warning}' opened here is never closed: add a line ':::' "
        "where it ends [handbook.fence]",
    ], warnings
