extensions = ["myst_parser", "handbook_print", "handbook_printables"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 2
