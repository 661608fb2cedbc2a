extensions, exclude_patterns = ["myst_parser", "handbook_red_flags", "handbook_printables"], ["_snippets"]
myst_enable_extensions = ["colon_fence"]
