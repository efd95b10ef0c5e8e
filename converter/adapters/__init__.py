"""Input adapters, one module per format; each maps a raw record to one CSL-JSON item.

Every adapter module has ``NAME``, ``DESCRIPTION``, ``detect(record) -> bool`` and
``to_item(record, notes) -> dict``. The text formats (:data:`TEXT_ADAPTERS`: BibTeX, BibLaTeX, RIS) also
have ``sniff(text)`` (where their first record starts, or ``None``) and ``split(text)``, which yields
``(place, data, error, warnings)`` for each record of a whole decoded text.
"""
from __future__ import annotations

from types import ModuleType

from . import biblatex, bibtex, booksci, csl_json, ris, s2, s2_dataset

ADAPTERS: dict[str, ModuleType] = {module.NAME: module for module in (booksci, s2, s2_dataset, csl_json, bibtex,
                                                                        biblatex, ris)}
TEXT_ADAPTERS = ("bibtex", "biblatex", "ris")


def sniff_text(text: str) -> str | None:
    """The text format of a non-JSON input: ``ris`` or a .bib dialect (``bibtex``, or ``biblatex`` when it
    uses BibLaTeX-only fields or types), whichever record starts first; ``None`` for neither."""
    bib, ris_start = bibtex.sniff(text), ris.sniff(text)
    if ris_start is not None and (bib is None or ris_start < bib):
        return "ris"
    if bib is not None:
        return bibtex.dialect(text)
    return None
