extensions = ["myst_parser", "sphinx_design", "handbook_print"]
myst_heading_anchors = 2
