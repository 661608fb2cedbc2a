extensions = ["myst_parser", "handbook_review", "handbook_rules", "handbook_red_flags"]
exclude_patterns, myst_enable_extensions = ["_snippets"], ["colon_fence"]
