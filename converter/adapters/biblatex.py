"""BibLaTeX entries to CSL-JSON items: the BibTeX reader (bibtex.py), which knows both dialects' fields;
a name of its own so that ``--from biblatex`` and detection can say which dialect a file is in."""
from __future__ import annotations

from .bibtex import sniff, split, to_item

NAME = "biblatex"
DESCRIPTION = "BibLaTeX .bib (date, journaltitle, location, crossref/xdata inheritance; BibTeX fields too)"
__all__ = ["DESCRIPTION", "NAME", "detect", "sniff", "split", "to_item"]


def detect(record: dict) -> bool:
    return False  # .bib text is recognised by sniff(), never by JSON keys

