"""Readable, stable item ids (``jaffal2025neuroplasticity``), unique within one call."""
from __future__ import annotations

import re
from array import array

from anyascii import anyascii

from .text.markup import plain_title
from .text.names import family_key

FUNCTION_WORDS = frozenset("""
a an the and or of on in at to for from by with without via into onto over under about as is are be do
does how what why when where which who its it this that these those toward towards versus vs between
among through de la le les el der die das und von zur zum
""".split())
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_ALNUM_RUN = re.compile(r"[a-z0-9]+")
# Characters kept of the name and of the title word: an organisation or a title in Han script, read
# out in ASCII, would otherwise give a key of a hundred letters.
LONGEST_PART = 20


def _ascii_words(text: str) -> list[str]:
    return [word for word in _NOT_ALNUM.split((text if text.isascii() else anyascii(text)).lower()) if word]


def _first_significant_word(title: str) -> str:
    """The first word of ``_ascii_words(title)`` that is not a function word, or ``""``; the words after it
    are not looked at."""
    text = (title if title.isascii() else anyascii(title)).lower()
    for match in _ALNUM_RUN.finditer(text):
        if (word := match.group()) not in FUNCTION_WORDS:
            return word
    return ""


def base_key(item: dict) -> str:
    """``<family><year><first significant title word>`` in lower-case ASCII, each part at most
    ``LONGEST_PART`` characters."""
    authors = item.get("author") or []
    name = "".join(_ascii_words(family_key(authors[0]))) if authors else ""
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    year = str(parts[0][0]) if parts and parts[0] and isinstance(parts[0][0], int) else ""
    title = item.get("title", "")
    word = _first_significant_word(plain_title(title) if "<" in title else title)
    return f"{name[:LONGEST_PART] or 'anon'}{year}{word[:LONGEST_PART]}"


def _suffix(number: int) -> str:
    """0 → ``a``, 25 → ``z``, 26 → ``aa``, …"""
    letters = "abcdefghijklmnopqrstuvwxyz"
    text = ""
    number += 1
    while number:
        number, digit = divmod(number - 1, 26)
        text = letters[digit] + text
    return text


def provisional_id(item: dict) -> dict:
    """The item with its own id (CSL-JSON input) or its generated one, not yet made unique."""
    own = item.get("id")
    key = str(own).strip() if own not in (None, "") else base_key(item)
    result = {"id": key}
    result.update(item)  # an own "id" keeps the first place
    result["id"] = key
    return result


class _HashSet:
    """Which strings were seen, kept as their 64-bit hashes in one array (8 bytes a slot, at most half
    full), so a million ids take 16 MB. Two different ids with the same hash (odds about 1 in 10^8 for a
    million) would only give the second one a suffix it did not need."""

    def __init__(self) -> None:
        self.slots = array("q", bytes(8 * 1024))
        self.used = 0

    def _slot(self, code: int) -> int:
        mask = len(self.slots) - 1
        index = code & mask
        while self.slots[index] not in (0, code):
            index = (index + 1) & mask
        return index

    def add(self, key: str) -> bool:
        """Add ``key``; whether it was new."""
        code = hash(key) or 1
        index = self._slot(code)
        if self.slots[index] == code:
            return False
        self.slots[index] = code
        self.used += 1
        if self.used * 2 > len(self.slots):
            old = self.slots
            self.slots = array("q", bytes(16 * len(old)))
            for value in old:
                if value:
                    self.slots[self._slot(value)] = value
        return True


class KeyRegistry:
    """Hands out unique ids: the second ``smith2020deep`` becomes ``smith2020deepa``, then ``…b``."""

    def __init__(self) -> None:
        self.taken = _HashSet()
        self.next_suffix: dict[str, int] = {}

    def unique(self, key: str) -> str:
        if self.taken.add(key):
            return key
        number = self.next_suffix.get(key, 0)
        while not self.taken.add(candidate := key + _suffix(number)):
            number += 1
        self.next_suffix[key] = number + 1
        return candidate

    def assign(self, item: dict) -> dict:
        """Give ``item`` a unique id: its own (CSL-JSON input) or a generated one. Returns a new dict."""
        item = provisional_id(item)
        item["id"] = self.unique(item["id"])
        return item
