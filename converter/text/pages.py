"""Page ranges: clean-up, MEDLINE end-page expansion, and first/last split."""
from __future__ import annotations

import re
from functools import lru_cache

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})
_SPACED_HYPHEN = re.compile(r"\s+-\s*|\s*-\s+")
_NUMERIC_RANGE = re.compile(r"^(\d+)-(\d+)$")
_PREFIXED_RANGE = re.compile(r"^([A-Za-z]?)(\d+)-\1?(\d+)$")
_ZERO = re.compile(r"^0+(?:\s*-\s*0+)?$")


def _expand(first: str, last: str) -> str:
    """MEDLINE abbreviated end page: ``1130``/``8`` → ``1138``."""
    if len(last) < len(first):
        return first[: len(first) - len(last)] + last
    return last


@lru_cache(maxsize=4096)
def normalize_pages(text: str) -> str:
    """Clean a page string; ranges get a plain hyphen, abbreviated end pages are expanded. A zero page or
    range (``"0"``, ``"0-0"``, a placeholder of the source) gives ``""``."""
    pages = " ".join(text.translate(_DASHES).split())
    if _ZERO.match(pages):
        return ""
    parts = _SPACED_HYPHEN.split(pages)
    if len(parts) == 2 and all(parts) and ("-" in parts[0] or "-" in parts[1]):
        return f"{parts[0]} - {parts[1]}"
    if len(parts) == 2 and all(parts):
        pages = "-".join(parts)
    match = _PREFIXED_RANGE.match(pages)
    if not match:
        return pages
    prefix, first, last = match.groups()
    last = _expand(first, last)
    if first == last:
        return prefix + first
    return f"{prefix}{first}-{prefix}{last}"


@lru_cache(maxsize=4096)
def is_reversed(pages: str) -> bool:
    """True for a numeric range whose end is before its start (``"433-400"``)."""
    match = _PREFIXED_RANGE.match(pages)
    return match is not None and int(match.group(3)) < int(match.group(2))


def split_range(pages: str) -> tuple[str, str | None]:
    """``"89-102"`` → ``("89", "102")``; ``"e2335924"`` → ``("e2335924", None)``.

    A range is split at a spaced `` - `` when present, else at a lone hyphen between two page tokens.
    """
    if " - " in pages:
        first, _, last = pages.partition(" - ")
        return first, last
    if pages.count("-") == 1:
        first, _, last = pages.partition("-")
        if first and last:
            return first, last
    return pages, None
