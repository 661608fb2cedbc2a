extensions = ["myst_parser", "handbook_print"]
