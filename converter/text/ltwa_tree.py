"""pyiso4's two LTWA prefix trees, the same trees ``pyiso4.ltwa.Abbreviate.create()`` builds, made lazily:
a node sorts its entries into children (or parses them into its objects) when a search first reaches it.
Building the whole tree (56,000 entries, 240,000 inserts) took 0.2-0.3 s in every process that abbreviated
one title; a search reaches a few hundred nodes."""
from __future__ import annotations

import re
from typing import Any

from pyiso4 import ltwa
from pyiso4.prefix_tree import Node, PrefixTree

# An entry before its node is built: (key, LTWA line or Pattern, whether the key is whole). A key that is
# not whole is the start of the entry's key (the pattern up to its first non-ASCII character or annotation,
# which only pyiso4's normalisation can turn into key characters); None before it is worked out.
Entry = tuple[str | None, Any, bool]
_ASCII_RUN = re.compile(r"[\x00-\x27\x29-\x7f]*")  # ASCII but "(", where an annotation starts


def _known_key(line: str) -> tuple[str, bool]:
    """(key, True) for an LTWA line whose pattern is ASCII without an annotation (``Pattern.from_line``
    changes nothing there but the case); else (the start of its key, False). Lines that start with an
    ASCII letter only (no leading dash)."""
    pattern, _, rest = line.partition("\t")
    if pattern.isascii() and "(" not in pattern and rest.count("\t") == 1:
        pattern = pattern.strip().lower()
        return (pattern[:-1] if pattern[-1:] == "-" else pattern), True
    run = _ASCII_RUN.match(pattern).group()  # type: ignore[union-attr]
    return run.lower().strip().rstrip("-"), False


def _pattern(line: str) -> Any:
    """``Pattern.from_line``, its normalisation skipped where it changes nothing (as :func:`_known_key`)."""
    fields = line.split("\t")
    if len(fields) != 3 or not fields[0].isascii() or "(" in fields[0]:
        return ltwa.Pattern.from_line(line)
    replacement = "-" if fields[1] in ("n.a.", "n. a.", "n.a") else fields[1]
    return ltwa.Pattern(fields[0].strip().lower(), replacement, [lang.strip() for lang in fields[2].split()])


def _with_key(entry: Entry, position: int) -> Entry:
    """``entry`` with a key that is whole or longer than ``position``."""
    key, item, whole = entry
    if key is None:
        key, whole = _known_key(item)
    if whole or position < len(key):
        return key, item, whole
    pattern = ltwa.Pattern.from_line(item)
    return pattern.to_key(), pattern, True


class LazyNode(Node):
    """A node of pyiso4's prefix tree holding its entries (in file order) until ``split``, ``objs`` or
    ``children`` is first read; then it becomes the node pyiso4's inserts make: more than ``MAX_OBJS``
    entries are split by their key's character at this depth (``""`` past its end) into lazy children,
    fewer are its objects. Building twice (two threads at once) gives equal nodes."""

    def __init__(self, char: str, entries: list[Entry], position: int) -> None:
        self.char = char
        self.entries = entries
        self.position = position

    def __getattr__(self, name: str) -> Any:
        if name not in ("split", "objs", "children"):
            raise AttributeError(name)
        position = self.position
        if len(self.entries) > self.MAX_OBJS:
            groups: dict[str, list[Entry]] = {}
            for entry in self.entries:
                entry = _with_key(entry, position)
                key = entry[0] or ""
                groups.setdefault(key[position] if position < len(key) else "", []).append(entry)
            self.objs, self.children = [], {char: LazyNode(char, group, position + 1) for char, group in groups.items()}
            self.split = True
        else:
            whole = [_with_key(entry, 1 << 30) for entry in self.entries]
            self.objs = [(key, _pattern(item) if isinstance(item, str) else item) for key, item, _ in whole]
            self.children, self.split = {}, False
        return getattr(self, name)


def lazy_trees() -> tuple[PrefixTree, PrefixTree]:
    """The prefix and suffix trees of the LTWA bundled with pyiso4. The prefix tree's root is split by the
    key's first character at once: a line that starts with an ASCII letter (all but a few hundred) has that
    letter, lower-cased, as its key's first character; the others are parsed now (those starting with ``-``
    form the suffix tree, built whole: it is small)."""
    by_first: dict[str, list[Entry]] = {}
    suffix = PrefixTree()
    with open(ltwa._here / "LTWA_20210702.csv") as lines:  # as pyiso4 opens it
        for number, line in enumerate(lines.readlines()):
            if number == 0 or line == "\n":
                continue
            if line[:1].isascii() and line[:1].isalpha():
                by_first.setdefault(line[0].lower(), []).append((None, line, False))
                continue
            pattern = ltwa.Pattern.from_line(line)
            key = pattern.to_key()
            if pattern.start_with_dash:
                suffix.insert(key[::-1], pattern)
            else:
                by_first.setdefault(key[:1], []).append((key, pattern, True))
    prefix = PrefixTree()
    prefix.root.split = True
    prefix.root.children = {char: LazyNode(char, entries, 1) for char, entries in by_first.items()}
    return prefix, suffix
