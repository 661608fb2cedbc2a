extensions = ["handbook_linkcheck"]
