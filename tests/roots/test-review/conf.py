extensions = ["myst_parser", "handbook_review", "handbook_description"]
handbook_review_exempt = ["exempt"]
