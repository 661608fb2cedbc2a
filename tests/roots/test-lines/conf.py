extensions = ["myst_parser", "sphinxcontrib.bibtex", "handbook_lines"]
bibtex_bibfiles = ["refs.bib"]
myst_heading_anchors = 2
