"""Shared text rules: names, dates, volumes, pages, DOIs, HTML and LaTeX. Each module stands alone."""
