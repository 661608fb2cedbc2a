from pathlib import Path

import tools

extensions = ["myst_parser", "handbook_exercise_index", "handbook_programme"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_snippets", "_build"]
# The builder's script, styles and handout templates, as the handbook ships them.
html_static_path = [str(Path(tools.__file__).resolve().parent.parent / "docs" / "_static")]
