"""pyiso4's two LTWA prefix trees, the same trees ``pyiso4.ltwa.Abbreviate.create()`` builds, made lazily:
a node sorts its entries into children (or parses them into its objects) when a search first reaches it.
Building the whole tree (56,000 entries, 240,000 inserts) took 0.2-0.3 s in every process that abbreviated
one title; a search reaches a few hundred nodes."""
from __future__ import annotations

import locale
import re
from collections.abc import Sequence
from typing import Any

from pyiso4 import ltwa
from pyiso4.prefix_tree import Node, PrefixTree

from .ltwa_keys import Entry, expanded, grouped, leaf_objects


class LazyNode(Node):
    """A node of pyiso4's prefix tree holding its entries (in file order) until ``split``, ``objs`` or
    ``children`` is first read; then it becomes the node pyiso4's inserts make: more than ``MAX_OBJS``
    entries are split by their key's character at this depth (``""`` past its end) into lazy children,
    fewer are its objects. Building twice (two threads at once) gives equal nodes."""

    def __init__(self, char: str, entries: Sequence[Entry | str], position: int) -> None:
        self.char = char
        self.entries = entries
        self.position = position

    def __getattr__(self, name: str) -> Any:
        if name not in ("split", "objs", "children"):
            raise AttributeError(name)
        position, entries = self.position, expanded(self.entries)
        if len(entries) > self.MAX_OBJS:
            groups = grouped(entries, position)
            self.objs, self.children = [], {char: LazyNode(char, group, position + 1) for char, group in groups.items()}
            self.split = True
        else:
            self.objs = leaf_objects(entries)
            self.children, self.split = {}, False
        return getattr(self, name)


# A run of lines that start with the same ASCII letter, in either case (one match for a whole letter of
# the alphabetically sorted LTWA, but for the few hundred lines at its end).
_LETTER_RUN = re.compile(r"^([a-z])[^\n]*(?:\n\1[^\n]*)*", re.MULTILINE | re.IGNORECASE | re.ASCII)


def _ltwa_text() -> str:
    """The LTWA file bundled with pyiso4 without its header line, read as pyiso4 reads it (the locale's
    encoding, universal newlines), but decoded at once: the text layer took 10 ms of the 12."""
    with open(ltwa._here / "LTWA_20210702.csv", "rb") as file:
        text = file.read().decode(locale.getpreferredencoding(False))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.partition("\n")[2]


def lazy_trees() -> tuple[PrefixTree, PrefixTree]:
    """The prefix and suffix trees of the LTWA bundled with pyiso4. The prefix tree's root is split by the
    key's first character at once: a line that starts with an ASCII letter (all but a few hundred) has that
    letter, lower-cased, as its key's first character, and the runs of such lines are found with one
    regular expression and kept whole until their letter's node is built; the other lines are parsed now
    (those starting with ``-`` form the suffix tree, built whole: it is small)."""
    by_first: dict[str, list[Entry | str]] = {}
    suffix = PrefixTree()
    text, position = _ltwa_text(), 0

    def others(lines: str) -> None:
        for line in lines.split("\n"):
            if not line:
                continue
            pattern = ltwa.Pattern.from_line(line)
            key = pattern.to_key()
            if pattern.start_with_dash:
                suffix.insert(key[::-1], pattern)
            else:
                by_first.setdefault(key[:1], []).append((key, pattern, True))

    for run in _LETTER_RUN.finditer(text):
        others(text[position : run.start()])
        by_first.setdefault(run.group(1).lower(), []).append(run.group())
        position = run.end()
    others(text[position:])
    prefix = PrefixTree()
    prefix.root.split = True
    prefix.root.children = {char: LazyNode(char, entries, 1) for char, entries in by_first.items()}
    return prefix, suffix
