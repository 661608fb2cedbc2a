"""No "?." after a link to a page whose title is a question.

Writers end a sentence with a link as usual: "read {doc}`will-exercise-hurt`."
When the page's title is a question ("Will exercise make my pain worse?"),
the reader would see "worse?.". After references are resolved, a full stop
that follows a link whose text ends in "?" or "!" is dropped, in every
builder (site, print, search). An ellipsis ("...") is left alone.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

__version__ = "1.0"


class DropStopAfterQuestion(SphinxPostTransform):
    default_priority = 20  # after ReferencesResolver (10) has turned {doc} into a link with its title

    def run(self, **kwargs) -> None:
        for ref in list(self.document.findall(nodes.reference)):
            parent, index = ref.parent, ref.parent.index(ref) + 1
            after = parent[index] if index < len(parent) else None
            if (isinstance(after, nodes.Text) and after.startswith(".") and not after.startswith("..")
                    and ref.astext().rstrip().endswith(("?", "!"))):
                if len(after) > 1:
                    parent.replace(after, nodes.Text(after[1:]))
                else:
                    parent.remove(after)


def setup(app: Sphinx) -> dict:
    app.add_post_transform(DropStopAfterQuestion)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
