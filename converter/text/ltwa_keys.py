"""The per-line work of building a node of the lazy LTWA prefix tree (:mod:`converter.text.ltwa_tree`):
each entry's key, worked out as late as a node needs it, and the grouping of a node's entries by the key's
character at its depth. Compiled with the hot path: a worker's first titles to abbreviate reach nodes of
thousands of entries."""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pyiso4 import ltwa

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


def grouped(entries: list[Entry], position: int) -> dict[str, list[Entry]]:
    """The entries of a node that is split, each with its key, by the key's character at ``position``
    (``""`` past its end), in order."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        entry = _with_key(entry, position)
        key = entry[0] or ""
        char = key[position] if position < len(key) else ""
        group = groups.get(char)
        if group is None:
            groups[char] = [entry]
        else:
            group.append(entry)
    return groups


def leaf_objects(entries: list[Entry]) -> list[tuple[str, Any]]:
    """The (key, pattern) objects of a node that is not split, in order."""
    objects: list[tuple[str, Any]] = []
    for entry in entries:
        key, item, _ = _with_key(entry, 1 << 30)
        objects.append((key or "", _pattern(item) if isinstance(item, str) else item))
    return objects


def expanded(pieces: Sequence[Entry | str]) -> list[Entry]:
    """Entries, with each run of LTWA lines (one string) made an entry a line."""
    if not any(isinstance(piece, str) for piece in pieces):
        return pieces  # type: ignore[return-value]
    entries: list[Entry] = []
    for piece in pieces:
        if isinstance(piece, str):
            entries.extend((None, line, False) for line in piece.split("\n"))
        else:
            entries.append(piece)
    return entries
