"""RIS records to CSL-JSON items, on rispy's line parser.

The text is cut into records here (so that each record knows its line and fails alone): a record starts
at ``TY  -`` and ends at ``ER  -``, at the next ``TY  -`` or at the end of the text (a missing last ``ER``
is fine). Text outside records (``1.`` numbering, ``Record #1 of 2``) is skipped. Inside a record, rispy
reads the tag lines (every tag kept as a list of values, under its own name); a line without a tag
continues the value before it (joined with a space). BOM and CRLF are removed by the decoder and here.
The type and tag tables are documented in docs/READERS.md; converter/writers/ris.py is the inverse.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import rispy

from ..errors import Notes
from ..text.dates import MONTH_ABBREVIATIONS, parse_date
from ..text.doi import find_doi, normalize_doi
from ..text.names import is_organisation, parse_name
from ..text.pages import normalize_pages
from .item import ordered

NAME = "ris"
DESCRIPTION = "RIS (.ris: Zotero, EndNote, Mendeley, PubMed, Scopus, Web of Science, publishers)"

# RIS TY -> CSL type: every type of the RIS specification (RefMan/EndNote list) and the variants exporters
# write. An unknown TY is read as `document` with a warning.
TYPES: dict[str, str] = {
    "ABST": "article-journal", "ADVS": "motion_picture", "AGGR": "dataset", "ANCIENT": "classic",
    "ART": "graphic", "BILL": "bill", "BLOG": "post-weblog", "BOOK": "book", "CASE": "legal_case",
    "CHAP": "chapter", "CHART": "graphic", "CLSWK": "classic", "COMP": "software", "CONF": "paper-conference",
    "CPAPER": "paper-conference", "CTLG": "book", "DATA": "dataset", "DBASE": "dataset", "DICT": "entry-dictionary",
    "EBOOK": "book", "ECHAP": "chapter", "EDBOOK": "book", "EJOUR": "article-journal", "ELEC": "webpage",
    "ENCYC": "entry-encyclopedia", "EQUA": "document", "FIGURE": "figure", "GEN": "document",
    "GOVDOC": "report", "GRANT": "document", "HEAR": "hearing", "ICOMM": "personal_communication",
    "INPR": "article-journal", "JFULL": "periodical", "JOUR": "article-journal", "LEGAL": "legislation",
    "MANSCPT": "manuscript", "MAP": "map", "MGZN": "article-magazine", "MPCT": "motion_picture",
    "MULTI": "webpage", "MUSIC": "musical_score", "NEWS": "article-newspaper", "PAMP": "pamphlet",
    "PAT": "patent", "PCOMM": "personal_communication", "RPRT": "report", "SER": "periodical",
    "SLIDE": "speech", "SOUND": "song", "STAND": "standard", "STAT": "legislation", "STD": "standard",
    "THES": "thesis", "UNBILL": "bill", "UNPB": "manuscript", "VIDEO": "motion_picture", "WEB": "webpage",
    # variants seen in exports
    "JOURNAL": "article-journal", "ARTICLE": "article-journal", "INBOOK": "chapter", "CONFERENCE": "paper-conference",
    "PREPRINT": "article", "THESIS": "thesis", "REPORT": "report", "INTV": "interview", "PRESS": "article-newspaper",
    # EndNote's reference type names, which some exports write in TY
    "JOURNAL ARTICLE": "article-journal", "BOOK SECTION": "chapter", "EDITED BOOK": "book",
    "CONFERENCE PAPER": "paper-conference", "CONFERENCE PROCEEDINGS": "paper-conference",
    "GENERIC": "document", "WEB PAGE": "webpage", "ELECTRONIC ARTICLE": "article-journal",
    "MAGAZINE ARTICLE": "article-magazine", "NEWSPAPER ARTICLE": "article-newspaper",
}
DEFAULT_TYPE = "document"
# Name tags -> CSL variable, by TY; the writer's rule inverted: in a BOOK, A2 is the series editor and A3
# the editor; elsewhere A2 is the editor (of the book or proceedings holding the item) and A3 the series editor.
AUTHOR_TAGS = ("AU", "A1")
EDITOR_TAGS: dict[str, dict[str, str]] = {
    "BOOK": {"A2": "collection-editor", "A3": "editor", "ED": "editor"},
    "*": {"A2": "editor", "A3": "collection-editor", "ED": "editor"},
}
NAME_TAGS: dict[str, str] = {"A4": "translator", "TA": "translator"}
# Title tags -> CSL variable, the first tag present wins for each variable.
TITLE_TAGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("title", ("TI", "T1", "CT")),
    ("container-title", ("T2", "JF", "JO", "BT", "J1", "C3")),
    ("container-title-short", ("J2", "JA", "J1")),
    ("collection-title", ("T3",)),
    ("title-short", ("ST",)),
    ("original-title", ("OP",)),
)
# Tags read as they are -> CSL variable (the first value; N1 keeps all, see NOTE_TAGS).
TEXT_TAGS: dict[str, str] = {
    "VL": "volume", "VO": "volume", "IS": "issue", "CP": "issue", "M1": "number", "PB": "publisher", "CY": "publisher-place",
    "PP": "publisher-place", "ET": "edition", "LA": "language", "NV": "number-of-volumes", "SE": "section",
    "CN": "call-number", "DP": "source", "AN": "PMID", "M3": "genre", "ID": "id",
}
NOTE_TAGS = ("N1",)
ABSTRACT_TAGS = ("AB", "N2")
# Tags of the RIS specification (and the common exporters) with no CSL place: dropped, named in a warning.
UNMAPPED_TAGS = frozenset({
    "AD", "C1", "C2", "C4", "C5", "C6", "C7", "C8", "CA", "DB", "L2", "L3", "L4", "LB", "M2", "RN", "RP",
    "U1", "U2", "U3", "U4", "U5", "H1", "H2", "RI", "SV", "AV", "FN", "VR", "EF",
})
KNOWN_TAGS = frozenset({"TY", "ER", *AUTHOR_TAGS, "A2", "A3", "ED", *NAME_TAGS, *TEXT_TAGS, *NOTE_TAGS,
                        *ABSTRACT_TAGS, "PY", "Y1", "DA", "Y2", "SP", "EP", "DO", "UR", "L1", "SN", "KW",
                        *(tag for _, tags in TITLE_TAGS for tag in tags)})

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: |$)")
_START = re.compile(r"^\ufeff?TY  -", re.MULTILINE)
_PMID = re.compile(r"^\d{1,9}$")
_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")
_ISBN = re.compile(r"^(?:97[89][-\s]?)?(?:\d[-\s]?){9}[\dXx]$")
_SERIAL_SEPARATOR = re.compile(r"\s*[;,]\s*|\s+(?=\d{4}-?\d{3}[\dXx]\b)")
_MONTH_NAME = re.compile(r"\b(" + "|".join(MONTH_ABBREVIATIONS) + r")[a-z]*\.?(?![a-z])", re.IGNORECASE)
_FREE_YEAR = re.compile(r"\b\d{4}\b")
_KEYWORD_SEPARATOR = re.compile(r"\s*;\s*")
Record = tuple[str, "dict | None", "str | None", tuple[tuple[str, str], ...]]


class _TagParser(rispy.RisParser):
    """rispy's parser keeping every tag under its own name as a list, and joining a line without a tag
    to the value before it with a space (rispy would start a new list element)."""

    def __init__(self) -> None:
        super().__init__(mapping={}, list_tags=[], skip_unknown_tags=False)
        self.mapping = _Identity()

    def _add_tag(self, record: dict, tag: str | None, content: str, extend_multiline: bool = False) -> None:
        if tag is None:
            return  # a line without a tag right after TY continues nothing
        values = record.setdefault(tag, [])
        if extend_multiline and values:
            if content:
                values[-1] = f"{values[-1]} {content}".strip()
        else:
            values.append(content)


class _Identity(dict):
    def __missing__(self, key: str) -> str:
        return key


def detect(record: dict) -> bool:
    return False  # RIS text is recognised by sniff(), never by JSON keys


def sniff(text: str) -> int | None:
    """Where the first ``TY  -`` line of a RIS text starts, or ``None``."""
    match = _START.search(text)
    return match.start() if match else None


def split(text: str) -> Iterator[Record]:
    """One raw record per ``TY`` … ``ER`` (see the module docstring): ``data`` maps each tag to its values."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    start: int | None = None
    for number, line in enumerate(lines + ["TY  - "]):
        if line.startswith("TY  -") or number == len(lines):
            if start is not None:
                yield _record(lines[start:number], start + 1, ended=number == len(lines))
            start = number if number < len(lines) else None
        elif start is not None and line.startswith("ER  -"):
            yield _record(lines[start:number], start + 1, ended=True)
            start = None


def _record(lines: list[str], line: int, ended: bool) -> Record:
    parser = _TagParser()
    data = parser.parse_lines(iter([*lines, "ER  - "]))[0]
    if isinstance(data.get("TY"), str):  # rispy keeps the start tag's value apart, as a string
        data["TY"] = [data["TY"]]
    record_id = (data.get("ID") or [""])[0].strip()
    place = f"line {line}, ID {record_id}" if record_id else f"line {line}"
    warnings: tuple[tuple[str, str], ...] = ()
    if not ended:
        warnings = (("missing-er", "record not closed by an ER line before the next TY"),)
    return place, data, None, warnings


def _first(data: dict, *tags: str) -> str:
    for tag in tags:
        for value in data.get(tag, ()):
            if value.strip():
                return value.strip()
    return ""


def _name(text: str) -> dict | None:
    """``Family, Given`` or ``Family, Given, Suffix``; a display name or an organisation as the shared
    rules (converter/text/names.py) read it."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) in (2, 3) and parts[0] and not is_organisation(text):
        name = {"family": parts[0]}
        if parts[1]:
            name["given"] = parts[1]
        if len(parts) == 3 and parts[2]:
            name["suffix"] = parts[2]
        return name
    return parse_name(text)


def _date(text: str) -> list[int] | None:
    """``YYYY``, ``YYYY/MM/DD/other``, ``YYYY/MM//``, ``YYYY-MM-DD`` as date-parts; free text with a year
    and a month name (``Jan. 2009``, ``6-8 Oct. 2016``) as year and month."""
    pieces = text.strip().split("/")
    if len(pieces) == 1:
        if re.match(r"^\s*\d{4}(?:-\d{1,2}){0,2}\s*$", text):
            return parse_date(text) or [int(text.strip()[:4])]
        year = _FREE_YEAR.search(text)
        month = _month(text)
        return ([int(year.group()), month] if month else [int(year.group())]) if year else None
    if not re.fullmatch(r"\d{4}", pieces[0].strip()):
        return None
    parts = [int(pieces[0])]
    for piece in pieces[1:3]:
        if not piece.strip().isdigit():
            break
        parts.append(int(piece))
    return parse_date("-".join(f"{part:02d}" for part in parts)) or [parts[0]]


def _month(text: str) -> int | None:
    """The first month name in a text (``SEP``, ``Sept.``, ``June``), as a number."""
    match = _MONTH_NAME.search(text)
    return MONTH_ABBREVIATIONS.index(match.group(1).lower()[:3]) + 1 if match else None


def _serials(data: dict, item: dict) -> None:
    issns: list[str] = []
    isbns: list[str] = []
    for value in data.get("SN", ()):
        for piece in _SERIAL_SEPARATOR.split(value.strip()):
            number = piece.split(" (")[0].strip()
            if _ISSN.match(number):
                issns.append(number)
            elif _ISBN.match(number):
                isbns.append(number)
            elif number:
                (isbns if item.get("type") in ("book", "chapter") else issns).append(number)
    if issns:
        item["ISSN"] = ", ".join(dict.fromkeys(issns))
    if isbns:
        item["ISBN"] = ", ".join(dict.fromkeys(isbns))


def _issued(data: dict, item: dict, notes: Notes) -> None:
    """The most precise of ``DA``, ``PY`` and ``Y1``; a ``DA`` with a month but no year (Web of Science's
    ``SEP``) takes the year of the others."""
    best: list[int] = []
    month = None
    for tag in ("DA", "PY", "Y1"):
        if not (text := _first(data, tag)):
            continue
        parts = _date(text)
        if parts is None and (month := month or _month(text)) is None:
            notes.warn("bad-date", f"{tag} {text!r} is not a date; dropped")
        if parts and len(parts) > len(best):
            best = parts
    if len(best) == 1 and month:
        best = [best[0], month]
    if best:
        item["issued"] = {"date-parts": [best]}


def to_item(data: dict, notes: Notes) -> dict:
    """One RIS record (tag -> values) as a CSL-JSON item."""
    ris_type = _first(data, "TY").upper()
    item: dict = {}
    if ris_type not in TYPES:
        notes.warn("unknown-type", f"RIS type {ris_type!r} is not known; read as a document")
    item["type"] = TYPES.get(ris_type, DEFAULT_TYPE)
    for tag in AUTHOR_TAGS:
        for text in data.get(tag, ()):
            if name := _name(text):
                item.setdefault("author", []).append(name)
    roles = {**EDITOR_TAGS.get(ris_type, EDITOR_TAGS["*"]), **NAME_TAGS}
    for tag, variable in roles.items():
        for text in data.get(tag, ()):
            if name := _name(text):
                item.setdefault(variable, []).append(name)
    for variable, tags in TITLE_TAGS:
        if ris_type == "BOOK" and variable == "container-title":
            # A whole book has no container: BT is its title when TI is missing, T2 its series (RIS spec).
            if (value := _first(data, "BT")) and not _first(data, "TI", "T1"):
                item.setdefault("title", value)
            if value := _first(data, "T2"):
                item.setdefault("collection-title", _first(data, "T3") or value)
            continue
        if value := _first(data, *tags):
            item.setdefault(variable, value)
    for tag, variable in TEXT_TAGS.items():
        value = _first(data, tag)
        if not value or not variable:
            continue
        if tag == "AN" and not _PMID.match(value):
            notes.warn("unmapped-tag", f"AN {value!r} is an accession number, not a PubMed id; dropped")
            continue
        if tag == "M3" and (doi := normalize_doi(value)):
            item.setdefault("DOI", doi)
            continue
        item.setdefault(variable, value)
    if notes_text := [value.strip() for tag in NOTE_TAGS for value in data.get(tag, ()) if value.strip()]:
        item["note"] = "\n".join(notes_text)
    if abstract := _first(data, *ABSTRACT_TAGS):
        item["abstract"] = abstract
        if (other := _first(data, "N2")) and other != abstract:
            notes.warn("unmapped-tag", "N2: a second abstract, different from AB; dropped")
    _issued(data, item, notes)
    if (accessed := _first(data, "Y2")) and (parts := _date(accessed)):
        item["accessed"] = {"date-parts": [parts]}
    first, last = _first(data, "SP"), _first(data, "EP")
    if first and last and first != last and ("-" in first or "-" in last):
        item["page"] = f"{first} - {last}"  # ends with hyphens of their own, as the other readers write them
    elif first or last:
        item["page"] = normalize_pages(f"{first}-{last}" if first and last and first != last else first or last)
    doi_sources = [*data.get("DO", ()), *(url for url in data.get("UR", ()) if "doi.org/" in url.lower())]
    for candidate in doi_sources:
        if doi := find_doi(candidate):
            item.setdefault("DOI", doi)
            break
    else:
        if data.get("DO"):
            notes.warn("bad-doi", f"{_first(data, 'DO')!r} is not a DOI; dropped")
    urls = [value.strip() for value in data.get("UR", ()) if value.strip()]
    if urls:
        item["URL"] = urls[0]
        if len(urls) > 1:
            notes.warn("extra-value", f"UR: only the first of {len(urls)} links is kept")
    if pdf := _first(data, "L1"):
        if pdf.lower().startswith(("http://", "https://")):
            item["custom"] = {"openAccessPdf": pdf}
        else:
            notes.warn("unmapped-tag", f"L1 {pdf!r} is no web link (a file on someone's disk); dropped")
    if keywords := [word for value in data.get("KW", ()) for word in _KEYWORD_SEPARATOR.split(value) if word.strip()]:
        item["keyword"] = ", ".join(keywords)
    _serials(data, item)
    unmapped = sorted(tag for tag in data if tag in UNMAPPED_TAGS or tag == "C1")
    if unmapped:
        notes.warn("unmapped-tag", f"no CSL place for tag(s) {', '.join(unmapped)}; dropped")
    unknown = sorted(tag for tag in data if tag not in KNOWN_TAGS and tag not in UNMAPPED_TAGS)
    if unknown:
        notes.warn("unknown-tag", f"unknown RIS tag(s) {', '.join(unknown)}; dropped")
    if "title" not in item:
        notes.warn("no-title", "record has no title")
    return ordered(item)
