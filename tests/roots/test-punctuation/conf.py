extensions = ["myst_parser", "handbook_punctuation"]
