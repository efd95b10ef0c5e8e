"""Input adapters, one module per format; each maps a raw record to one CSL-JSON item.

Every adapter module has ``NAME``, ``DESCRIPTION``, ``detect(record) -> bool`` and
``to_item(record, notes) -> dict``. The text formats (:data:`TEXT_ADAPTERS`: BibTeX, BibLaTeX, RIS) also
have ``sniff(text)`` (where their first record starts, or ``None``) and ``split(text)``, which yields
``(place, data, error, warnings)`` for each record of a whole decoded text.
"""
from __future__ import annotations

import importlib
from typing import Any

from . import booksci, csl_json, s2, s2_dataset

TEXT_ADAPTERS = ("bibtex", "biblatex", "ris")


class _Deferred:
    """A text adapter's place in :data:`ADAPTERS` until its first use: its parsers pull in pylatexenc,
    bibtexparser and rispy, which a run over JSON records never needs (a fifth of the command's start-up).
    The first attribute read imports the module and puts it in the registry in this place."""

    def __init__(self, name: str) -> None:
        self.NAME = name

    def __getattr__(self, attribute: str) -> Any:
        module = importlib.import_module(f"{__name__}.{self.NAME}")
        if ADAPTERS.get(self.NAME) is self:
            ADAPTERS[self.NAME] = module
        return getattr(module, attribute)


# Format name -> adapter module (or its deferred place): the JSON adapters at once, as every record is
# classified by them.
ADAPTERS: dict[str, Any] = {module.NAME: module for module in (booksci, s2, s2_dataset, csl_json)}
ADAPTERS.update((name, _Deferred(name)) for name in TEXT_ADAPTERS)


def sniff_text(text: str) -> str | None:
    """The text format of a non-JSON input: ``ris`` or a .bib dialect (``bibtex``, or ``biblatex`` when it
    uses BibLaTeX-only fields or types), whichever record starts first; ``None`` for neither."""
    bibtex, ris = ADAPTERS["bibtex"], ADAPTERS["ris"]
    bib, ris_start = bibtex.sniff(text), ris.sniff(text)
    if ris_start is not None and (bib is None or ris_start < bib):
        return "ris"
    if bib is not None:
        return bibtex.dialect(text)
    return None
