"""Readable, stable item ids (``jaffal2025neuroplasticity``), unique within one call."""
from __future__ import annotations

import re

from anyascii import anyascii

from .text.markup import plain_title
from .text.names import family_key

FUNCTION_WORDS = frozenset("""
a an the and or of on in at to for from by with without via into onto over under about as is are be do
does how what why when where which who its it this that these those toward towards versus vs between
among through de la le les el der die das und von zur zum
""".split())
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _ascii_words(text: str) -> list[str]:
    return [word for word in _NOT_ALNUM.split(anyascii(text).lower()) if word]


def base_key(item: dict) -> str:
    """``<family><year><first significant title word>`` in lower-case ASCII."""
    authors = item.get("author") or []
    name = "".join(_ascii_words(family_key(authors[0]))) if authors else ""
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    year = str(parts[0][0]) if parts and parts[0] and isinstance(parts[0][0], int) else ""
    words = _ascii_words(plain_title(item.get("title", "")))
    word = next((word for word in words if word not in FUNCTION_WORDS), "")
    return f"{name or 'anon'}{year}{word}"


def _suffixes():
    """``a`` … ``z``, ``aa`` … ``zz``, …"""
    letters = "abcdefghijklmnopqrstuvwxyz"
    width = 1
    while True:
        total = len(letters) ** width
        for number in range(total):
            suffix = ""
            for _ in range(width):
                number, digit = divmod(number, len(letters))
                suffix = letters[digit] + suffix
            yield suffix
        width += 1


def provisional_id(item: dict) -> dict:
    """The item with its own id (CSL-JSON input) or its generated one, not yet made unique."""
    own = item.get("id")
    key = str(own).strip() if own not in (None, "") else base_key(item)
    return {"id": key, **{field: value for field, value in item.items() if field != "id"}}


class KeyRegistry:
    """Hands out unique ids: the second ``smith2020deep`` becomes ``smith2020deepa``, then ``…b``."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.suffixes: dict[str, object] = {}

    def unique(self, key: str) -> str:
        if key not in self.taken:
            self.taken.add(key)
            return key
        suffixes = self.suffixes.setdefault(key, _suffixes())
        candidate = key + next(suffixes)
        while candidate in self.taken:
            candidate = key + next(suffixes)
        self.taken.add(candidate)
        return candidate

    def assign(self, item: dict) -> dict:
        """Give ``item`` a unique id: its own (CSL-JSON input) or a generated one. Returns a new dict."""
        item = provisional_id(item)
        item["id"] = self.unique(item["id"])
        return item
