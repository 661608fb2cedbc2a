"""``make linkcheck``: the PDF links checked as the files they are.

The site links its PDFs by relative address (``../pdf/exercises-for-back-pain-
<edition>-a4.pdf``, from handbook_editions and handbook_printables); the PDFs
are built into ``build/pdf`` and published next to the pages. Sphinx's
linkcheck looks for a relative address beside the page's source, where no PDF
is, so it reported every one as broken. This extension points each such
address at the PDF in ``handbook_pdf_dir`` (the folder ``make pdf`` writes;
``make linkcheck`` builds the PDFs first), so linkcheck reports a PDF link as
working when that file was built and as broken when it was not, with the
page and line, like any other link. It does not know the page's depth, so a
hand-written link with one ``../`` too many or too few passes here;
``make check`` (tools/checks/check_html.py) finds it in the built site.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

from handbook_editions import PDF_FOLDER

# A link to one of the handbook's PDFs, such as ../pdf/NAME.pdf (its depth is not checked here)
PDF_LINK = re.compile(rf"^(?:\.\./)*{re.escape(PDF_FOLDER)}/(?P<name>[^/#?]+\.pdf)$")


def pdf_file(app: Sphinx, uri: str) -> str | None:
    """The built PDF a relative PDF link names, as an absolute path; None for other links."""
    if not (match := PDF_LINK.match(uri)):
        return None
    folder = Path(app.confdir, app.config.handbook_pdf_dir).resolve()
    return str(folder / match["name"])


def setup(app: Sphinx) -> dict:
    # relative to docs/; make linkcheck passes the build's own folder
    app.add_config_value("handbook_pdf_dir", "../build/pdf", "env", types=(str,))
    app.connect("linkcheck-process-uri", pdf_file)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
