"""BibTeX and BibLaTeX entries to CSL-JSON items (the tables are in bibtex_tables.py).

One reader serves both dialects: it knows the fields of both, so a BibTeX file with a few BibLaTeX fields
(``date``, ``journaltitle``, ``urldate``) reads whole. ``and`` in ``publisher`` or ``location`` stays a
word in both (biber would split "Centers for Disease Control and Prevention" in two; real files rarely
brace such names). The citation key is the item's ``id``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from ..errors import ConversionError, Notes
from ..text.bibtex_names import parse_names
from ..text.dates import parse_date
from ..text.doi import find_doi, normalize_doi
from ..text.latex_text import latex_to_rich, latex_to_text
from ..text.names import parse_name as parse_display_name
from ..text.volumes import arxiv_id_from_volume
from . import bibtex_library
from .bibtex_tables import (
    CONTAINER_FIELDS,
    HANDLED_FIELDS,
    ISSUE_NUMBER_TYPES,
    LANGUAGES,
    LITERAL_LIST_FIELDS,
    NAME_FIELDS,
    PUBLICATION_STATES,
    RICH_FIELDS,
    SERIES_NUMBER_TYPES,
    TEXT_FIELDS,
    THESIS_GENRES,
    TYPE_FIELD_WORDS,
    TYPES,
)
from .bibtex_values import date_value, month_number, page_range
from .item import ordered
from .publication_types import is_arxiv_name

NAME = "bibtex"
DESCRIPTION = "BibTeX .bib (read with @string, crossref; BibLaTeX fields understood too)"
BIBLATEX_MARKERS = re.compile(
    r"(?:^|[,{])\s*(?:journaltitle|date|langid|eventdate|origdate|maintitle|bookauthor|xdata)\s*="
    r"|@(?:online|mvbook|mvcollection|collection|report|thesis|dataset|software|bookinbook|suppbook|xdata)\s*[{(]",
    re.IGNORECASE | re.MULTILINE)
ENTRY_START = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)
_ARXIV_PREFIX = re.compile(r"^\s*arxiv\s*:\s*", re.IGNORECASE)
_ARXIV_JOURNAL = re.compile(r"^\s*arxiv\s+preprint\s+arxiv\s*:\s*(\S+)\s*$", re.IGNORECASE)
_ARXIV_HOWPUBLISHED = re.compile(r"^\s*arxiv\s*:\s*(\S+)\s*$", re.IGNORECASE)
_URL_COMMAND = re.compile(r"^\s*\\(?:url|href)\s*\{([^{}]*)\}")
_VERBATIM_ESCAPES = re.compile(r"\\([_%&#$~])")
_YEAR = re.compile(r"^\s*\{?(-?\d{1,4})\}?\s*$")
_YEAR_WITH_SUFFIX = re.compile(r"^\s*(\d{4})[a-z]\s*$")
_ARXIV_PREPRINT_TYPES = frozenset({"misc", "online", "unpublished", "report", "techreport", "article",
                                   "electronic", "www"})


def detect(record: dict) -> bool:
    return False  # .bib text is recognised by sniff(), never by JSON keys


def sniff(text: str) -> int | None:
    """Where the first entry of a .bib text starts, or ``None``."""
    match = ENTRY_START.search(text)
    return match.start() if match else None


def dialect(text: str) -> str:
    """``biblatex`` when the text uses a field or entry type only BibLaTeX has, else ``bibtex``."""
    return "biblatex" if BIBLATEX_MARKERS.search(text) else "bibtex"


def split(text: str) -> Iterator[bibtex_library.Record]:
    """The raw records of a .bib text (see :mod:`converter.adapters.bibtex_library`)."""
    try:
        yield from bibtex_library.split(text)
    except ConversionError:
        raise
    except Exception as error:  # bibtexparser's splitter found itself in a state it cannot handle
        raise ConversionError(f"cannot split the .bib text: {type(error).__name__}: {error}",
                              code="invalid-bibtex") from None


class _Reader:
    """Maps one entry's fields to CSL variables, consuming each field it uses."""

    def __init__(self, data: dict, notes: Notes) -> None:
        self.entry = data["entry"]
        self.fields: dict[str, str] = data["fields"]
        self.notes = notes
        self.item: dict = {"id": data["id"]}

    def text(self, name: str) -> str:
        value = self.fields.get(name)
        return latex_to_text(value) if value else ""

    def raw(self, name: str) -> str:
        """A field as written, braces removed (EDTF dates: ``~`` means circa there, not a space)."""
        return self.fields.get(name, "").replace("{", "").replace("}", "").strip()

    def set(self, variable: str, value: object) -> None:
        if value not in (None, "", [], {}) and variable not in self.item:
            self.item[variable] = value

    def verbatim(self, name: str) -> str:
        """A verbatim field (doi, url, eprint): ``\\url{}`` and TeX escapes removed; the first of several
        whitespace-separated values (Mendeley joins URLs with a space), the others reported."""
        value = self.fields.get(name, "").strip()
        if (command := _URL_COMMAND.match(value)) is not None:
            value = command.group(1)
        words = _VERBATIM_ESCAPES.sub(r"\1", value).replace("{", "").replace("}", "").split()
        if len(words) > 1:
            self.notes.warn("extra-value", f"{name}: only the first of {len(words)} values is kept")
        return words[0] if words else ""


def _titled(main: str, sub: str, addon: str = "") -> str:
    title = f"{main}: {sub}" if main and sub else main or sub
    return f"{title}. {addon}" if title and addon else title or addon


def _type(reader: _Reader) -> str:
    entry = reader.entry
    if entry not in TYPES:
        reader.notes.warn("unknown-type", f"entry type @{entry} is not a BibTeX or BibLaTeX type; read as a document")
    return TYPES.get(entry, "document")


def _arxiv(reader: _Reader) -> tuple[str | None, bool]:
    """The entry's arXiv id, and whether its container is only arXiv's: ``eprint`` with ``archiveprefix``
    or ``eprinttype`` arXiv (or an ``arXiv:`` eprint), ``howpublished = {arXiv:…}``, Google Scholar's
    ``journal = {arXiv preprint arXiv:…}``, or DBLP's ``journal = {CoRR}`` with ``volume = {abs/…}``."""
    fields = reader.fields
    journal = reader.text("journal") or reader.text("journaltitle")
    scholar = _ARXIV_JOURNAL.match(journal)
    only_arxiv = bool(scholar) or is_arxiv_name(journal)
    kind = (fields.get("eprinttype") or fields.get("archiveprefix") or "").strip().lower()
    if fields.get("eprint") and (kind == "arxiv" or not kind and _ARXIV_PREFIX.match(fields["eprint"])):
        return _ARXIV_PREFIX.sub("", reader.verbatim("eprint")), only_arxiv
    if (match := _ARXIV_HOWPUBLISHED.match(reader.text("howpublished"))) is not None:
        return match.group(1), only_arxiv
    if scholar:
        return scholar.group(1), True
    if only_arxiv and (identifier := arxiv_id_from_volume(reader.text("volume"))):
        return identifier, True
    return None, False


def _names(reader: _Reader) -> None:
    for field, variable in NAME_FIELDS.items():
        if value := reader.fields.get(field):
            names, et_al = parse_names(value)
            names = [_han(name) for name in names]
            if names and variable not in reader.item:
                reader.item[variable] = names
            elif names:
                reader.item[variable] += names
            if et_al:
                reader.notes.warn("et-al", f"{field}: 'and others' (the list is truncated) cannot be kept in CSL")


def _han(name: dict) -> dict:
    """A braced Han, kana or Hangul name (``{刘洋}``) split as the other readers split it."""
    whole = name.get("literal") or (name["family"] if list(name) == ["family"] else None)
    if whole and " " not in whole and whole[:1] >= "\u3040":
        return parse_display_name(whole) or name
    return name


def _titles(reader: _Reader) -> None:
    fields = reader.fields
    rich = latex_to_rich
    title = _titled(rich(fields.get("title", "")), rich(fields.get("subtitle", "")), rich(fields.get("titleaddon", "")))
    reader.set("title", title)
    for field, variable in RICH_FIELDS.items():
        if field != "title" and (value := fields.get(field)):
            reader.set(variable, rich(value))
    arxiv_howpublished = bool(_ARXIV_HOWPUBLISHED.match(reader.text("howpublished")))
    candidates = [field for field in CONTAINER_FIELDS if fields.get(field) and not (
        field == "howpublished" and (arxiv_howpublished or _URL_COMMAND.match(fields[field])))]
    if candidates:
        field = candidates[0]
        subtitle = {"journaltitle": "journalsubtitle", "journal": "journalsubtitle",
                    "booktitle": "booksubtitle", "maintitle": "mainsubtitle"}.get(field, "")
        addon = {"booktitle": "booktitleaddon", "maintitle": "maintitleaddon"}.get(field, "")
        reader.set("container-title", _titled(rich(fields[field]), rich(fields.get(subtitle, "")),
                                              rich(fields.get(addon, ""))))
    others = [field for field in candidates[1:] if reader.text(field) != reader.text(candidates[0])]
    if others:
        reader.notes.warn("unmapped-field", f"{', '.join(others)}: a second container title has no CSL place; "
                                            "dropped")


def _publisher(reader: _Reader, csl_type: str) -> None:
    for field in ("publisher", "institution", "school", "organization"):
        if value := reader.text(field):
            if "publisher" in reader.item:
                if field == "organization":
                    reader.set("authority", value) if csl_type in ("legislation", "standard") else None
                continue
            reader.set("publisher", value)
    address, location = reader.text("address"), reader.text("location")
    if address and location and address != location:  # ACM: address the publisher's, location the event's
        reader.set("event-place", location)
    reader.set("publisher-place", address or location)


def _numbers(reader: _Reader, csl_type: str) -> None:
    fields = reader.fields
    if issue := reader.text("issue"):
        reader.set("issue", issue)
    if number := reader.text("number"):
        if reader.entry in ISSUE_NUMBER_TYPES:
            reader.set("issue", number)
        elif reader.entry in SERIES_NUMBER_TYPES and fields.get("series"):
            reader.set("collection-number", number)
        elif reader.entry in SERIES_NUMBER_TYPES:
            reader.set("issue", number)
        else:
            reader.set("number", number)
    if pages := reader.fields.get("pages"):
        reader.set("page", page_range(pages))


def _dates(reader: _Reader) -> None:
    if date := reader.raw("date"):
        reader.set("issued", date_value(date))
    elif year := reader.text("year"):
        match = _YEAR.match(year) or _YEAR_WITH_SUFFIX.match(year)
        if match is not None and match.re is _YEAR_WITH_SUFFIX:
            reader.notes.warn("year-suffix", f"year {year!r}: the letter is left to the citation style")
        if match is None:
            reader.set("issued", {"literal": year})
        else:
            parts = [int(match.group(1))]
            month_text = reader.text("month")
            month = month_number(month_text) if month_text else None
            if month_text and month is None:
                reader.notes.warn("bad-month", f"month {month_text!r} is not a month; dropped")
            if month:
                parts.append(month)
                day = reader.text("day")
                if day.isdigit() and parse_date(f"{parts[0]:04d}-{month:02d}-{int(day):02d}"):
                    parts.append(int(day))
            reader.set("issued", {"date-parts": [parts]})
    for field, variable in (("urldate", "accessed"), ("origdate", "original-date"), ("eventdate", "event-date")):
        if value := reader.raw(field):
            reader.set(variable, date_value(value))


def _identifiers(reader: _Reader, arxiv: str | None, preprint: bool) -> None:
    fields = reader.fields
    if fields.get("doi"):
        doi = unquote(reader.verbatim("doi"))  # a DOI is no URL: %-escapes (ours, for BibTeX) are undone
        normalized = find_doi(doi)
        if normalized:
            reader.set("DOI", normalized)
        else:
            reader.notes.warn("bad-doi", f"{doi!r} is not a DOI; dropped")
    url = reader.verbatim("url")
    if not url and (command := _URL_COMMAND.match(fields.get("howpublished", ""))):
        url = command.group(1)
    reader.set("URL", url)
    kind = (fields.get("eprinttype") or fields.get("archiveprefix") or "").strip().lower()
    if fields.get("eprint") and kind in ("pubmed", "pmid"):
        reader.set("PMID", reader.verbatim("eprint"))
    elif fields.get("eprint") and kind == "pmcid":
        reader.set("PMCID", reader.verbatim("eprint"))
    elif fields.get("eprint") and kind == "doi" and (eprint_doi := normalize_doi(reader.verbatim("eprint"))):
        reader.set("DOI", eprint_doi)
    elif fields.get("eprint") and not arxiv:
        reader.set("custom", {"eprint": reader.verbatim("eprint"), **({"eprinttype": kind} if kind else {})})
    if arxiv:  # as the Semantic Scholar reader keeps it: custom.arXiv, and a preprint's publisher and number
        reader.item.setdefault("custom", {})["arXiv"] = arxiv
        if preprint:
            reader.set("publisher", "arXiv")
            reader.set("number", arxiv)


def _genre(reader: _Reader) -> None:
    kind = reader.text("type")
    if kind:
        reader.set("genre", TYPE_FIELD_WORDS.get(kind.lower(), kind))
    elif reader.entry in THESIS_GENRES:
        reader.set("genre", THESIS_GENRES[reader.entry])


def _language(reader: _Reader) -> None:
    language = reader.text("langid") or reader.text("language")
    if language:
        reader.set("language", LANGUAGES.get(language.lower(), language))


def _status(reader: _Reader) -> None:
    if status := reader.text("pubstate"):
        reader.set("status", PUBLICATION_STATES.get(status.lower(), status))


def _note(reader: _Reader) -> None:
    notes = [text for field in ("note", "addendum") if (text := reader.text(field))]
    reader.set("note", "\n".join(notes))


def to_item(data: dict, notes: Notes) -> dict:
    """One entry (a record of :func:`split`) as a CSL-JSON item."""
    reader = _Reader(data, notes)
    csl_type = _type(reader)
    arxiv, only_arxiv = _arxiv(reader)
    has_container = any(reader.fields.get(field) for field in ("journal", "journaltitle", "booktitle"))
    preprint = bool(arxiv) and reader.entry in _ARXIV_PREPRINT_TYPES and (only_arxiv or not has_container)
    if preprint and only_arxiv:  # arXiv is the publisher here, not a journal; nor is abs/… a volume
        for field in ("journal", "journaltitle", "volume"):
            reader.fields.pop(field, None)
    if csl_type == "manuscript" and (reader.fields.get("eventtitle") or reader.fields.get("eventdate")):
        csl_type = "speech"  # an unpublished talk
    reader.item["type"] = "article" if preprint else csl_type
    _names(reader)
    _titles(reader)
    _identifiers(reader, arxiv, preprint)
    _publisher(reader, csl_type)
    _numbers(reader, csl_type)
    _dates(reader)
    _genre(reader)
    _language(reader)
    _status(reader)
    _note(reader)
    for field, variable in TEXT_FIELDS.items():
        if variable != "note" and (value := reader.text(field)):
            reader.set(variable, value)
    unmapped = sorted(name for name in reader.fields
                      if name not in HANDLED_FIELDS and name not in TEXT_FIELDS and name not in RICH_FIELDS
                      and name not in NAME_FIELDS and name not in LITERAL_LIST_FIELDS)
    if unmapped:
        notes.warn("unmapped-field", f"no CSL place for field(s) {', '.join(unmapped)}; dropped")
    if "title" not in reader.item:
        notes.warn("no-title", "record has no title")
    return ordered(reader.item)

