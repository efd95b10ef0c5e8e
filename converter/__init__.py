"""citeconv: Semantic-Scholar-style paper records to CSL-JSON, BibTeX, RIS and styled references.

    >>> import converter
    >>> items = converter.read("paper.txt")            # booksci, S2 Graph API, S2 Datasets or CSL-JSON
    >>> text = converter.write(items, to="csl-json")
    >>> report = converter.convert(["papers/"], to="csl-json", out="papers.json")
    >>> items = converter.read("10.3344/kjp.24393")       # an identifier is looked up (Semantic Scholar)
"""
from __future__ import annotations

from .api import CiteconvWarning, Result, convert_record, iter_read, iter_results, read, write
from .batch import Report, convert
from .build_info import build_info
from .errors import ConversionError, ConversionWarning
from .lookup import Identifiers, lookup


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed metadata when asked for (importlib.metadata costs a
    fifth of the start-up time)."""
    if name != "__version__":
        raise AttributeError(f"module 'converter' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("citeconv")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0.0.0+source"

__all__ = [
    "ConversionError", "ConversionWarning", "CiteconvWarning", "Identifiers", "Report", "Result", "build_info", "convert",
    "convert_record", "iter_read", "iter_results", "lookup", "read", "write", "__version__",
]
