"""A page that is not UTF-8 is an error naming its file and line, even in a parallel build."""

from __future__ import annotations

import re

from handbook_encoding import encoding_problem


def test_the_first_bad_byte_is_found_with_its_line():
    assert encoding_problem("# Fine\n\nCafé\n".encode()) is None
    line, message = encoding_problem(b"# Page\n\nOne line.\nCaf\xe9 here.\n")
    assert line == 4 and message.startswith("byte 0xe9 is not UTF-8: save the file as UTF-8")


def test_a_parallel_build_names_the_file_and_goes_on(make_app, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["handbook_encoding", "myst_parser"]\n')
    (src / "index.md").write_text("# Home\n\n```{toctree}\nbad\ngood\n```\n")
    (src / "bad.md").write_bytes(b"# Bad\n\nOne line.\nCaf\xe9 here.\n")
    (src / "good.md").write_text("# Good\n\nSee {doc}`missing`.\n")
    app = make_app("html", srcdir=src, parallel=2)
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    assert f"{src / 'bad.md'}:4: WARNING: byte 0xe9 is not UTF-8" in warnings
    assert "[handbook.encoding]" in warnings
    assert f"{src / 'good.md'}:3: WARNING: unknown document: 'missing'" in warnings  # the rest still checked
