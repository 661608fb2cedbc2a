extensions = ["myst_parser", "handbook_review"]
exclude_patterns, myst_enable_extensions = ["_snippets"], ["colon_fence"]
