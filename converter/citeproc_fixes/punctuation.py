"""Punctuation where two pieces of output meet (an affix or delimiter after a field)."""
from __future__ import annotations

import re

from citeproc.string import MixedString, NoCase

from .strings import plain_add, strip_first

_CLOSING_TAGS = re.compile(r"(?:</(?:i|b|sup|sub|span|u)>)+$")

# (last mark of the left piece, first mark of the right piece) whose right mark is dropped, as the
# reference processor prints them: "it?" + ". " -> "it? ", "Co.</b>" + ". " -> "Co.</b> ", "etc.:" stays.
_DROP = {(mark, mark) for mark in ".,;:!?"} | {(left, ".") for left in ":;!?"} | {(left, ":") for left in ";!?"}


def first_character(piece) -> str:
    """``str(piece)[:1]`` without joining a MixedString's segments (it is asked at every seam)."""
    if isinstance(piece, str):
        return piece[:1]
    if isinstance(piece, MixedString):
        for segment in piece:
            found = first_character(segment)
            if found:
                return found
        return ""
    return str(piece)[:1]


def last_character(piece) -> str:
    """``str(piece)[-1:]`` without joining a MixedString's segments."""
    if isinstance(piece, str):
        return piece[-1:]
    if isinstance(piece, MixedString):
        for segment in reversed(piece):
            found = last_character(segment)
            if found:
                return found
        return ""
    return str(piece)[-1:]


def fix_punctuation_seam(layer):
    """An affix or delimiter that starts with punctuation is not doubled after a field that ends with
    punctuation, also across formatting markup: ``Why?. `` -> ``Why? ``, ``<b>Doe Co.</b>. `` ->
    ``<b>Doe Co.</b> `` (citeproc-py only dropped the same mark right after the same mark)."""
    def normalize_seam(left, other):
        first = other[:1] if type(other) is str else first_character(other)
        if not first:
            return other
        if first != " " and first not in ".,;:!?":  # most seams: nothing to look at on the left
            return other
        text = last_character(left)
        if not text:
            return other
        if first == " ":  # a double space collapses (as before)
            return strip_first(other) if text == " " else other
        if text == ">":
            text = _CLOSING_TAGS.sub("", str(left))
        if text and (text[-1], first) in _DROP:
            return strip_first(other)
        return other

    layer.replace(MixedString, "_seam", staticmethod(normalize_seam))
    add = plain_add(normalize_seam)

    def add_replacing(self, other):
        """``colon:`` + ``! x`` -> ``colon! x``: a ``!`` or ``?`` replaces a colon or semicolon before it."""
        if isinstance(other, (str, MixedString)):
            first = first_character(other)
            if first and first in "!?" and len(self):
                last = list.__getitem__(self, -1)  # the last segment (MixedString's [] indexes characters)
                if isinstance(last, str) and not isinstance(last, NoCase) and last[-1:] in (":", ";"):
                    self = self.__class__(list(self)[:-1] + ([type(last)(last[:-1])] if len(last) > 1 else []))
        return add(self, other)

    layer.replace(MixedString, "__add__", add_replacing)
