extensions = ["myst_parser", "handbook_fences"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_snippets"]
