"""Volume and issue strings as aggregators glue them (``"38 2"``, ``"38(2)"``, ``"43 Suppl 1"``)."""
from __future__ import annotations

import re
from functools import lru_cache

_ARXIV_VOLUME = re.compile(r"^abs/(.+)$")
_PARENTHESISED = re.compile(r"^(\S+?)\s*\((.+)\)$")
_VOLUME_TOKEN = re.compile(r"^(?:\d+[A-Za-z]?|[IVXLCDM]+|\d+-\d+)$")
_ISSUE_ONLY = re.compile(r"^(?:Suppl|Supplement|Pt|Part|Spec|Special|Issue|No)\b\.?", re.IGNORECASE)
_NOT_A_VOLUME = {"PP", "AHEAD-OF-PRINT", "NULL", "NONE"}


@lru_cache(maxsize=4096)
def arxiv_id_from_volume(volume: str) -> str | None:
    """``"abs/2404.13957"`` → ``"2404.13957"``."""
    match = _ARXIV_VOLUME.match(volume.strip())
    return match.group(1) if match else None


@lru_cache(maxsize=4096)
def split_volume_issue(text: str) -> tuple[str | None, str | None]:
    """Split a glued volume/issue string into ``(volume, issue)``.

    ``"38 2"`` → ``("38", "2")``; ``" 4"`` → ``(None, "4")``; ``"Suppl 1"`` → ``(None, "Suppl 1")``;
    ``"PP "`` and ``"abs/…"`` → ``(None, None)``; ``"LIX"`` → ``("LIX", None)``.
    """
    if arxiv_id_from_volume(text):
        return None, None
    if text[:1].isspace() and text.strip():
        return None, " ".join(text.split())
    stripped = " ".join(text.split())
    if not stripped or stripped.upper() in _NOT_A_VOLUME:
        return None, None
    match = _PARENTHESISED.match(stripped)
    if match:
        return match.group(1), match.group(2).strip()
    head, _, rest = stripped.partition(" ")
    if head.upper() in _NOT_A_VOLUME:
        return None, rest or None
    if _ISSUE_ONLY.match(stripped):
        return None, stripped
    if not _VOLUME_TOKEN.match(head):
        return stripped, None
    return head, rest or None
