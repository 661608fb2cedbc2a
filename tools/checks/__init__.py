"""Checkers of the built site and PDFs, the content rules, and the shared HTML reader."""
