"""BibTeX name lists (``author = {van der Berg, Jan and Smith, Jr., John and {WHO} and others}``) to CSL names.

Splitting on ``and`` and into BibTeX's four parts (First, von, Last, Jr) is bibtexparser's
(:func:`split_multiple_persons_names`, :func:`parse_single_name_into_parts`, non-strict); each part is
then turned from LaTeX into Unicode. A name that is one braced word (``{World Health Organization}``)
is a ``literal``; the von part becomes ``non-dropping-particle`` (as pandoc and citation-js read it);
``and others`` ends the list and is reported, since CSL has no "et al." marker.
"""
from __future__ import annotations

import re
from functools import lru_cache

from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from .latex_text import latex_to_text

Name = dict[str, str]
ET_AL = frozenset({"others", "et al.", "et al", "{others}"})
# bibtexparser splits words at ``~`` even in ``\\~n`` (an accent): such accents are braced first.
_TILDE_ACCENT = re.compile(r"(?<!\{)\\~(\{[^{}]*\}|[A-Za-z])")
# biblatex's extended name format: ``family=Adler, given=Alfred, prefix=von``.
_EXTENDED = re.compile(r"^\s*(?:[a-z-]+\s*=\s*(?:\{[^{}]*\}|[^,]*)\s*(?:,|$)\s*)+$")
EXTENDED_PARTS: dict[str, str] = {"family": "family", "given": "given", "prefix": "non-dropping-particle",
                                  "suffix": "suffix"}


def _join(words: list[str]) -> str:
    return latex_to_text(" ".join(words))


def _is_braced_word(text: str) -> bool:
    """One brace group around the whole text (``{Bill and Melinda Gates Foundation}``)."""
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += char == "{"
        depth -= char == "}"
        if depth == 0 and index < len(text) - 1:
            return False
    return True


@lru_cache(maxsize=1 << 14)
def _parse(text: str) -> tuple[tuple[str, str], ...] | None:
    text = text.strip().strip(",").strip()
    if not text:
        return None
    if _is_braced_word(text) and not text.startswith("{\\"):
        literal = latex_to_text(text)
        return (("literal", literal),) if literal else None
    if "=" in text and _EXTENDED.match(text):
        return _extended(text)
    if "\\~" in text:
        text = _TILDE_ACCENT.sub(r"{\\~\1}", text)
    parts = parse_single_name_into_parts(text, strict=False)
    name: Name = {}
    if parts.last:
        name["family"] = _join(parts.last)
    if parts.first:
        name["given"] = _join(parts.first)
    if parts.von:
        name["non-dropping-particle"] = _join(parts.von)
    if parts.jr:
        name["suffix"] = _join(parts.jr)
    if "family" not in name:
        if "given" in name:  # "Plato," or a lone first name: one word
            return (("literal", name["given"]),)
        if "non-dropping-particle" in name:
            return (("family", name["non-dropping-particle"]),)
        return None
    return tuple(name.items())


def _extended(text: str) -> tuple[tuple[str, str], ...] | None:
    name = {}
    for piece in re.findall(r"([a-z-]+)\s*=\s*(\{[^{}]*\}|[^,]*)", text):
        if (part := EXTENDED_PARTS.get(piece[0].strip())) and (value := latex_to_text(piece[1])):
            name[part] = value
    return tuple(name.items()) if "family" in name else None


def parse_name(text: str) -> Name | None:
    """One BibTeX name as a CSL name."""
    parsed = _parse(text)
    return dict(parsed) if parsed is not None else None


def parse_names(value: str) -> tuple[list[Name], bool]:
    """A BibTeX name list as CSL names, and whether it ended in ``and others``."""
    names: list[Name] = []
    et_al = False
    for text in split_multiple_persons_names(value):
        if text.strip().lower() in ET_AL:
            et_al = True
            continue
        if (name := parse_name(text)) is not None:
            names.append(name)
    return names, et_al
