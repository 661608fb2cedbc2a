extensions = ["myst_parser", "handbook_project"]
handbook_repository_url = ""
handbook_contact = ""
