"""Printing: the handbook PDFs and the handout."""
