"""RIS output on rispy: one record per item, one line per value, for Zotero, EndNote and Mendeley.

rispy (0.10.0) supplies the tag model (its list tags) and the layout, which :func:`format_record`
reproduces (:mod:`converter.writers.ris_rispy` gives the same records as rispy references). The defaults
that are wrong for importers are fixed: no ``1.`` header line before each record, ``SN`` may repeat (an
ISSN and an ISBN), and no value spans lines: a line break inside a value
(``\\n``, ``\\r``, U+2028, …) is folded into a space, so it can never start a new tag or record. The type and
tag tables are documented in docs/RIS.md.
"""
from __future__ import annotations

import re

import rispy

from ..errors import ConversionWarning
from ..text.dates import parse_date
from ..text.doi import normalize_doi
from ..text.markup import plain_title
from ..text.pages import split_range
from . import Stream, register, register_stream

# CSL type -> RIS TY. Every other CSL type, the arXiv preprint's `article` included, is GEN.
TYPES: dict[str, str] = {
    "article-journal": "JOUR",
    "article-magazine": "JOUR",
    "article-newspaper": "JOUR",
    "review": "JOUR",
    "review-book": "JOUR",
    "paper-conference": "CONF",
    "book": "BOOK",
    "chapter": "CHAP",
    "thesis": "THES",
    "dataset": "DATA",
    "webpage": "ELEC",
    "post": "ELEC",
    "post-weblog": "ELEC",
    "report": "RPRT",
}
DEFAULT_TYPE = "GEN"

# Editors go to A2, except in a BOOK: there the RIS spec, Zotero, EndNote and bibutils read A2 as the
# series editor (bibutils drops it) and A3 as the editor.
EDITOR_TAGS: dict[str, str] = {"BOOK": "A3"}
DEFAULT_EDITOR_TAG = "A2"

# RIS tag <- CSL rich-text field (tags such as <i> removed); the first field present wins.
TITLE_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("TI", ("title",)),
    ("T2", ("container-title",)),
    ("J2", ("container-title-short", "journalAbbreviation")),
    ("T3", ("collection-title",)),
)
# RIS tag <- CSL field written as it is (a number as its digits).
TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("VL", "volume"),
    ("IS", "issue"),
    ("M1", "number"),
    ("UR", "URL"),
    ("AB", "abstract"),
    ("PB", "publisher"),
    ("CY", "publisher-place"),
    ("ET", "edition"),
    ("LA", "language"),
    ("N1", "note"),
    ("AN", "PMID"),
    ("ID", "id"),
)
# Output order after TY; ER closes every record.
TAG_ORDER: tuple[str, ...] = (
    "AU", "A2", "A3", "TI", "T2", "J2", "T3", "PY", "DA", "VL", "IS", "SP", "EP", "M1", "DO", "UR", "L1",
    "AB", "KW", "SN", "PB", "CY", "ET", "LA", "N1", "AN", "ID",
)
# Tags that may repeat: rispy's list tags (AU, A2, A3, KW, N1, UR, …) plus SN (an ISSN and an ISBN).
LIST_TAGS: frozenset[str] = frozenset([*rispy.LIST_TYPE_TAGS, "SN"])

_LINE_BREAKS = re.compile(r"[ \t]*[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+[ \t]*")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_KEYWORD_SEPARATORS = re.compile(r"\s*;\s*|,\s+")
_NUMBER = re.compile(r"-?\d{1,6}")
_MESSAGES = {"line-break": "line break folded into a space", "control-character": "control character removed"}


def _name(name: dict) -> str:
    """``Family, Given`` (``Family, Given, Suffix``), particles kept in the family; a literal as it is."""
    literal = name.get("literal")
    if literal:
        return literal
    family = name.get("family") or ""
    if "non-dropping-particle" in name or "dropping-particle" in name:
        family = " ".join(filter(None, (name.get("dropping-particle"), name.get("non-dropping-particle"), family)))
    given, suffix = name.get("given"), name.get("suffix")
    if not family:
        return given or ""
    if suffix:
        return f"{family}, {given or ''}, {suffix}"
    return f"{family}, {given}" if given else family


def _date_parts(issued: dict) -> list[int]:
    """The first date of a CSL date (``date-parts``, else a parseable ``raw``), as far as it is numeric."""
    ranges = issued.get("date-parts")
    if not ranges:
        raw = issued.get("raw")
        return (parse_date(raw) or []) if isinstance(raw, str) else []
    parts: list[int] = []
    for value in ranges[0]:
        if type(value) is not int:
            if not (isinstance(value, str) and _NUMBER.fullmatch(value)):
                break
            value = int(value)
        parts.append(value)
    return parts


def _dates(issued: dict) -> tuple[str | None, str | None]:
    """``PY`` (the year) and ``DA`` (``YYYY/MM/DD/`` or ``YYYY/MM//``; none for a bare year)."""
    parts = _date_parts(issued)
    if not parts:
        return None, None
    year = f"{parts[0]:04d}" if parts[0] >= 0 else str(parts[0])
    if len(parts) < 2 or not 1 <= parts[1] <= 12:
        return year, None
    day = f"{parts[2]:02d}" if len(parts) > 2 and 1 <= parts[2] <= 31 else ""
    return year, f"{year}/{parts[1]:02d}/{day}/"


def _values(item: dict, ris_type: str) -> dict[str, str | list[str]]:
    """The RIS tags an item fills, each with its text (a list where there are several), before line folding."""
    get = item.get
    values: dict[str, str | list[str]] = {}
    for tag, fields in TITLE_FIELDS:
        for field in fields:
            if title := get(field):
                values[tag] = plain_title(title) if "<" in title else title
                break
    for tag, field in TEXT_FIELDS:
        value = get(field)
        if value is not None:
            values[tag] = value if type(value) is str else str(value)
    if authors := get("author"):
        values["AU"] = [_name(name) for name in authors]
    if editors := get("editor"):
        values[EDITOR_TAGS.get(ris_type, DEFAULT_EDITOR_TAG)] = [_name(name) for name in editors]
    if issued := get("issued"):
        year, date = _dates(issued)
        if year:
            values["PY"] = year
        if date:
            values["DA"] = date
    if (page := get("page")) is not None:
        first, last = split_range(page if type(page) is str else str(page))
        values["SP"] = first
        if last:
            values["EP"] = last
    if doi := get("DOI"):
        values["DO"] = doi if doi.startswith("10.") else normalize_doi(doi) or doi
    if isinstance(custom := get("custom"), dict) and isinstance(pdf := custom.get("openAccessPdf"), str):
        values["L1"] = pdf
    if keywords := get("keyword"):
        values["KW"] = _KEYWORD_SEPARATORS.split(keywords)
    if serials := [number for field in ("ISSN", "ISBN") if (number := get(field))]:
        values["SN"] = serials
    return values


def _line(text: str, tag: str, changed: dict[str, set[str]]) -> str:
    """``text`` trimmed and on one line: line breaks folded into a space, control characters removed, lone
    surrogates replaced; ``changed`` collects, per warning code, the tags where that happened."""
    text = text.strip()
    if text.isprintable():
        return text
    folded = _LINE_BREAKS.sub(" ", text)
    if folded != text:
        changed.setdefault("line-break", set()).add(tag)
    safe = _SURROGATES.sub("\ufffd", _CONTROLS.sub("", folded))
    if safe != folded:
        changed.setdefault("control-character", set()).add(tag)
    return safe.strip()


def record_lines(item: dict, warnings: list) -> list[tuple[str, str]]:
    """One item's RIS lines as (tag, value): TY first, then the tags in ``TAG_ORDER``, each value on one
    line (:func:`_line`), a repeatable tag once per value; ER is left to :func:`format_record`."""
    csl_type = item.get("type")
    ris_type = TYPES.get(csl_type, DEFAULT_TYPE) if isinstance(csl_type, str) else DEFAULT_TYPE
    values = _values(item, ris_type)
    lines: list[tuple[str, str]] = [("TY", ris_type)]
    changed: dict[str, set[str]] = {}
    for tag in TAG_ORDER:
        value = values.get(tag)
        if value is None:
            continue
        if type(value) is str:
            if line := _line(value, tag, changed):
                lines.append((tag, line))
        else:  # several values: only ever for the tags that repeat (LIST_TAGS)
            lines += [(tag, line) for text in value if (line := _line(text, tag, changed))]
    for code, tags in changed.items():
        warnings.append(ConversionWarning(code, f"{', '.join(sorted(tags))}: {_MESSAGES[code]}", None, item.get("id")))
    return lines


def format_record(lines: list[tuple[str, str]]) -> str:
    """A record's text, laid out exactly as rispy's writer lays it out with no header line
    (:mod:`converter.writers.ris_rispy`; tests/writers/test_ris_fixtures.py holds the two equal):
    ``TAG  - value`` lines, then ``ER  - ``. Formatting here directly is twice as fast as rispy's writer."""
    return "".join([f"{tag}  - {value}\n" for tag, value in lines]) + "ER  - \n"


@register("ris")
def write_ris(items: list[dict], *, warnings: list, bom: bool = False) -> str:
    """The items as RIS: UTF-8 text, LF line ends, a blank line between records; ``bom`` starts it with
    U+FEFF for importers that need a byte order mark."""
    text = "\n".join([format_record(record_lines(item, warnings)) for item in items])
    return "\ufeff" + text if bom else text


def stream(*, bom: bool = False) -> Stream:
    """RIS one record at a time: records separated by a blank line, as :func:`write_ris` writes them."""
    return Stream(lambda item, warnings: format_record(record_lines(item, warnings)),
                  head="\ufeff" if bom else "", separator="\n", empty="\ufeff" if bom else "", rekey=_rekey)


def _rekey(text: str, old: str, new: str) -> str | None:
    """The record with ``ID  - new``: when its ID line holds ``old`` as it is (a line that begins with a
    tag is that tag's, so the ID line is the only one that can match)."""
    line = f"\nID  - {old}\n"
    if any(value != value.strip() or not value.isprintable() for value in (old, new)) or line not in text:
        return None
    return text if new == old else text.replace(line, f"\nID  - {new}\n", 1)


register_stream("ris", stream)
