extensions = ["myst_parser", "handbook_review"]
handbook_review_exempt = ["exempt"]
