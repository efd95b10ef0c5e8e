"""A .bib file as raw records, on bibtexparser v2's splitter: ``@string`` macros and ``#`` concatenation
resolved, ``crossref`` and ``xdata`` inherited (biblatex's rules), one record per entry in file order.

Each record is ``(place, data, error, warnings)``: ``place`` names the line and key (``line 12, key
smith2020``); ``data`` is ``{"id": key, "entry": type, "fields": {name: LaTeX value}}`` (names in lower
case, values without their delimiters) or ``None`` for an entry that failed (``error`` says why, from
bibtexparser's failed blocks) or that is no work (``@xdata``, ``@set``). ``@comment``, ``@preamble`` and
text between entries (and lines starting with ``%``, as biber and pandoc read them) are skipped. A duplicate key gives a warning (the id is made unique later); a
repeated field keeps its first value (``keywords`` are joined).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
    String,
)
from bibtexparser.splitter import Splitter

from .bibtex_tables import INHERITANCE, NOT_INHERITED, NOT_ITEMS

Record = tuple[str, "dict | None", "str | None", tuple[tuple[str, str], ...]]

# BibTeX's predefined month macros.
MONTH_MACROS: dict[str, str] = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
    "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December",
}
JOINED_WHEN_REPEATED = frozenset({"keywords"})
_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s}=]+)(?=[\s,}])(?!\s*=)")
# A line starting with % and holding an @ is a commented-out entry for biber and pandoc (not for BibTeX).
_COMMENTED_ENTRY = re.compile(r"^[ \t]*%[^\n]*@[^\n]*$", re.MULTILINE)
_MACRO_NAME = re.compile(r"[^\s\"#{}(),=]+")

# bibtexparser's splitter also logs each failed block; the reader reports them as records instead.
logging.getLogger("bibtexparser.splitter").addHandler(logging.NullHandler())


def evaluate(raw: str, macros: dict[str, str]) -> tuple[str, list[str]]:
    """A field value as written (``{…}``, ``"…"``, a number, a macro, or pieces joined by ``#``) as text,
    and the names of undefined macros (kept as their names)."""
    if raw[:1] == "{" and raw[-1:] == "}" and "#" not in raw:
        return raw[1:-1], []
    pieces: list[str] = []
    undefined: list[str] = []
    position, end = 0, len(raw)
    while position < end:
        char = raw[position]
        if char in " \t\r\n#":
            position += 1
        elif char == "{":
            close = _closing(raw, position, "{", "}")
            pieces.append(raw[position + 1:close])
            position = close + 1
        elif char == '"':
            close = _closing(raw, position, '"', '"')
            pieces.append(raw[position + 1:close])
            position = close + 1
        else:
            match = _MACRO_NAME.match(raw, position)
            name = match.group() if match else raw[position]
            position += len(name)
            if name.isdigit():
                pieces.append(name)
            elif (value := macros.get(name.lower())) is not None:
                pieces.append(value)
            else:
                undefined.append(name)
                pieces.append(name)
    return "".join(pieces), undefined


def _closing(raw: str, start: int, opening: str, closing: str) -> int:
    """Index of the delimiter closing the one at ``start`` (braces nest; a quote ends outside braces)."""
    depth = 0
    for index in range(start + 1, len(raw)):
        char = raw[index]
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return index if closing == "}" else len(raw)
            depth -= 1
        elif char == '"' and closing == '"' and depth == 0:
            return index
    return len(raw)


def _place(line: int | None, key: str | None) -> str:
    where = f"line {line + 1}" if line is not None else "entry"
    return f"{where}, key {key}" if key else where


def _fields(entry: Entry, macros: dict[str, str], warnings: list[tuple[str, str]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for field in entry.fields:
        name = field.key.strip().lower()
        value, undefined = evaluate(str(field.value).strip(), macros)
        for macro in undefined:
            warnings.append(("undefined-macro", f"{name}: @string {macro!r} is not defined; kept as text"))
        if name in fields:
            if name in JOINED_WHEN_REPEATED:
                fields[name] = f"{fields[name]}{'; ' if ';' in fields[name] else ', '}{value}"
            else:
                warnings.append(("duplicate-field", f"field {name!r} given twice; the first value is kept"))
            continue
        fields[name] = value
    return fields


def split(text: str) -> Iterator[Record]:
    """The raw records of a .bib text, in file order (see the module docstring)."""
    if "%" in text:
        text = _COMMENTED_ENTRY.sub("", text)
    library = Splitter(text).split()
    macros = dict(MONTH_MACROS)
    entries: list[tuple[str, dict | None, str | None, list[tuple[str, str]]]] = []
    by_key: dict[str, dict] = {}
    for block in library.blocks:
        warnings: list[tuple[str, str]] = []
        if isinstance(block, String):
            macros[block.key.strip().lower()] = evaluate(block.value.strip(), macros)[0]
            continue
        entry: object = block
        if isinstance(block, DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
        elif isinstance(block, DuplicateBlockKeyBlock):
            first = block.previous_block.start_line
            line = first + 1 if first is not None else "?"
            message = f"key {block.key!r} is already used by the entry on line {line}; given a unique id"
            warnings.append(("duplicate-key", message))
            entry = block.ignore_error_block
        elif isinstance(block, ParsingFailedBlock):
            match = _KEY.match(block.raw or "")
            reason = getattr(block.error, "abort_reason", None) or str(block.error).strip() or "syntax error"
            entries.append((_place(block.start_line, match.group(1) if match else None), None,
                            f"not a valid BibTeX entry: {reason}", warnings))
            continue
        if not isinstance(entry, Entry):
            continue
        key = entry.key.strip()
        data = {"id": key, "entry": entry.entry_type.strip().lower(), "fields": _fields(entry, macros, warnings)}
        if not key:
            entries.append((_place(entry.start_line, None), None, "entry without a citation key", warnings))
            continue
        by_key.setdefault(key, data)
        by_key.setdefault(key.lower(), data)
        entries.append((_place(entry.start_line, key), data, None, warnings))
    for place, found, error, warnings in entries:
        if found is not None:
            _inherit(found, by_key, warnings)
            if found["entry"] in NOT_ITEMS:
                warnings.append(("not-an-item", f"@{found['entry']} entries hold data for others; not an item"))
                found = None
        yield place, found, error, tuple(warnings)


def _parent(key: str, by_key: dict[str, dict]) -> dict | None:
    return by_key.get(key.strip()) or by_key.get(key.strip().lower())


def _inherit(data: dict, by_key: dict[str, dict], warnings: list[tuple[str, str]],
             seen: frozenset[str] = frozenset()) -> None:
    """Fill ``data`` from its ``xdata`` and ``crossref`` entries (and theirs), never overwriting a field."""
    fields = data["fields"]
    seen = seen | {data["id"].lower()}
    for xdata in [part for part in fields.get("xdata", "").split(",") if part.strip()]:
        source = _resolved_parent(xdata, by_key, warnings, seen, "xdata")
        if source is not None:
            for name, value in source["fields"].items():
                if name not in NOT_INHERITED:
                    fields.setdefault(name, value)
    if (key := fields.get("crossref", "").strip()):
        parent = _resolved_parent(key, by_key, warnings, seen, "crossref")
        if parent is not None:
            renamed = INHERITANCE.get((parent["entry"], data["entry"]), [])
            moved = {name for name, _ in renamed}
            for name, target in renamed:
                if name in parent["fields"]:
                    fields.setdefault(target, parent["fields"][name])
            for name, value in parent["fields"].items():
                if name not in NOT_INHERITED and name not in moved:
                    fields.setdefault(name, value)


def _resolved_parent(key: str, by_key: dict[str, dict], warnings: list[tuple[str, str]],
                     seen: frozenset[str], field: str) -> dict | None:
    parent = _parent(key, by_key)
    if parent is None:
        warnings.append(("missing-crossref", f"{field} {key.strip()!r}: no entry with that key; nothing inherited"))
        return None
    if parent["id"].lower() in seen:
        warnings.append(("crossref-cycle", f"{field} {key.strip()!r} leads back to this entry; not followed"))
        return None
    resolved = {"id": parent["id"], "entry": parent["entry"], "fields": dict(parent["fields"])}
    _inherit(resolved, by_key, warnings, seen)
    return resolved
