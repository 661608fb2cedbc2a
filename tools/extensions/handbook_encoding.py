"""Pages must be UTF-8: a page that is not is an error naming its file and line.

Sphinx decodes each page inside its (possibly parallel) reader, and a byte
that is not UTF-8 ends the build with a traceback that names no file. Before
the pages are read, this checks each one that is about to be read, reports
``file:line: ... is not UTF-8`` for the first bad byte, and leaves that page
out of the read, so the build goes on to report every other problem and then
fails (``-W``).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

__version__ = "1.0"
logger = logging.getLogger(__name__)


def encoding_problem(data: bytes) -> tuple[int, str] | None:
    """(line, message) for the first byte that is not UTF-8, or None."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start:error.start + 1].hex()
        return line, (f"byte 0x{byte} is not UTF-8: save the file as UTF-8 (in most editors: "
                      "File, Save with encoding, UTF-8)")
    return None


def check_encoding(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    for docname in list(docnames):
        problem = encoding_problem(env.doc2path(docname).read_bytes())
        if problem:
            line, message = problem
            logger.warning(message, location=(docname, line), type="handbook", subtype="encoding")
            docnames.remove(docname)
            env.found_docs.discard(docname)  # as if it were not there, so nothing waits for it


def setup(app: Sphinx) -> dict:
    app.connect("env-before-read-docs", check_encoding)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
