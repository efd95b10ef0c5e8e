"""DOI normalisation."""
from __future__ import annotations

import re
from urllib.parse import unquote

_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi\s*:\s*|(?:https?://)?(?:www\.)?doi\.org/)", re.IGNORECASE)
_VALID = re.compile(r"^10\.\d{3,9}/\S+$")
_IN_TEXT = re.compile(r"\b10\.\d{4,9}/\S+")


def normalize_doi(text: str) -> str | None:
    """Bare DOI with the resolver prefix, ``doi:`` and whitespace removed; ``None`` when not a DOI.

    The case is kept as given (DOIs are case-insensitive; MAG upper-cases them).
    """
    doi = "".join(text.split())
    doi = _PREFIX.sub("", doi)
    if "%2" in doi.upper():
        doi = unquote(doi)
    doi = doi.rstrip(".")
    return doi if _VALID.match(doi) else None


def find_doi(text: str) -> str | None:
    """The DOI ``text`` is (as :func:`normalize_doi` reads it), else the first DOI inside it (a note, a
    link); ``None`` when there is none."""
    if doi := normalize_doi(text):
        return doi
    found = _IN_TEXT.search(text)
    return normalize_doi(found.group(0)) if found else None
