"""The handbook's own tools: Sphinx extensions, the PDF builder and checkers."""
