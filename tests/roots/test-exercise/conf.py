extensions = ["myst_parser", "sphinxcontrib.bibtex", "handbook_exercise_index"]
bibtex_bibfiles, myst_enable_extensions = ["refs.bib"], ["colon_fence"]
