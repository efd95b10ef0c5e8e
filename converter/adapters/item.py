"""Building one CSL-JSON item from raw values, with the shared text rules and type checks."""
from __future__ import annotations

from ..errors import Notes
from ..text.dates import date_variable, parse_date, parse_year
from ..text.doi import normalize_doi
from ..text.entities import unescape
from ..text.markup import clean_title, html_to_text
from ..text.names import name_guess, parse_name
from ..text.pages import is_reversed, normalize_pages
from ..text.volumes import split_volume_issue

FIELD_ORDER = (
    "id", "type", "title", "author", "editor", "container-title", "container-title-short", "collection-title",
    "publisher", "publisher-place", "number", "volume", "issue", "page", "issued", "DOI", "URL", "PMID",
    "PMCID", "ISSN", "ISBN", "abstract", "keyword", "language", "note", "custom",
)
_ORDER = {field: position for position, field in enumerate(FIELD_ORDER)}


def ordered(item: dict) -> dict:
    """The item with its fields in a fixed, readable order (unknown fields last, as given)."""
    fields = [field for field in FIELD_ORDER if field in item]
    if len(fields) != len(item):
        fields += [field for field in item if field not in _ORDER]
    return {field: item[field] for field in fields}


def _type_name(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__)


class ItemBuilder:
    """Accumulates CSL fields for one record; every rejected value becomes a warning in ``notes``."""

    def __init__(self, notes: Notes) -> None:
        self.notes = notes
        self.item: dict = {}
        self.custom: dict = {}

    # -- type-checked access to raw values ------------------------------------------------------
    def text(self, value: object, field: str, *, numbers: bool = False, markup: bool = False) -> str | None:
        """A non-empty stripped string with its HTML entities decoded (``&amp;`` → ``&``), or ``None``;
        numbers are accepted where ``numbers`` is set. ``markup``: a value that may hold tags (title,
        abstract) keeps its entities, for the markup step to decode once, after the tags."""
        if value is None:
            return None
        if isinstance(value, str):
            if not markup:
                value = unescape(value)
            return value.strip() or None
        if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        self.notes.warn("wrong-type", f"{field} is {_type_name(value)}, expected text; dropped")
        return None

    def raw_text(self, value: object, field: str) -> str | None:
        """Like :meth:`text` but keeps surrounding whitespace (it can carry meaning, e.g. ``" 4"``)."""
        if isinstance(value, str):
            value = unescape(value)
            return value if value.strip() else None
        return self.text(value, field, numbers=True)

    def mapping(self, value: object, field: str) -> dict:
        if value is None:
            return {}
        if isinstance(value, dict):
            return value
        self.notes.warn("wrong-type", f"{field} is {_type_name(value)}, expected an object; dropped")
        return {}

    def sequence(self, value: object, field: str) -> list:
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.notes.warn("wrong-type", f"{field} is {_type_name(value)}, expected a list; dropped")
        return []

    # -- fields ---------------------------------------------------------------------------------
    def set(self, field: str, value: object) -> None:
        if value not in (None, "", [], {}):
            self.item[field] = value

    def set_custom(self, key: str, value: object) -> None:
        if value not in (None, "", [], {}):
            self.custom[key] = value

    def set_title(self, title: str | None) -> None:
        cleaned = clean_title(title) if title else ""
        if cleaned:
            self.item["title"] = cleaned
        else:
            self.notes.warn("no-title", "record has no title")

    def set_authors(self, displays: list[str]) -> None:
        """Parsed names; a name kept whole as a literal by a guess (not a rule) gives a warning."""
        for display in displays:
            guess = name_guess(display)
            if guess:
                self.notes.warn("author-literal", guess)
        names = [name for name in map(parse_name, displays) if name]
        if names:
            self.item["author"] = names

    def set_volume_issue(self, volume: str | None) -> None:
        if volume:
            number, issue = split_volume_issue(volume)
            self.set("volume", number)
            self.set("issue", issue)

    def set_pages(self, pages: str | None) -> None:
        if not pages:
            return
        normalized = normalize_pages(pages)
        if not normalized:  # "0-0", "0": a placeholder, not a page
            return
        if is_reversed(normalized):
            self.notes.warn("page-order", f"page range {pages!r} ends before it starts; kept as given")
        self.set("page", normalized)

    def set_doi(self, *candidates: str | None) -> None:
        for candidate in candidates:
            if not candidate:
                continue
            doi = normalize_doi(candidate)
            if doi:
                self.item["DOI"] = doi
                return
            self.notes.warn("bad-doi", f"{candidate!r} is not a DOI; dropped")

    def set_issued(self, dates: list[str | None], year: object) -> None:
        """The first parseable date; else the year. ``year`` disagreeing with the date is reported."""
        parts = None
        for text in dates:
            if text:
                parts = parse_date(text)
                if parts:
                    break
                self.notes.warn("bad-date", f"date {text!r} does not parse; dropped")
        year_number = parse_year(year)
        if year not in (None, "") and year_number is None:
            self.notes.warn("wrong-type", f"year {year!r} is not a year; dropped")
        if parts and year_number and parts[0] != year_number:
            self.notes.warn("year-mismatch", f"year {year_number} disagrees with date {parts[0]}; the date is used")
        if not parts and year_number:
            parts = [year_number]
        if parts:
            self.item["issued"] = date_variable(parts)

    def set_abstract(self, abstract: str | None) -> None:
        if abstract:
            self.set("abstract", html_to_text(abstract))

    def set_pmcid(self, pmcid: str | None) -> None:
        if pmcid:
            pmcid = pmcid.strip()
            self.set("PMCID", pmcid if pmcid.upper().startswith("PMC") else f"PMC{pmcid}")

    def build(self) -> dict:
        if self.custom:
            self.item["custom"] = self.custom
        return ordered(self.item)


def warn_unknown(record: dict, known: frozenset[str], notes: Notes) -> None:
    """An ``unknown-field`` warning for each key the adapter does not know."""
    for key in record:
        if key not in known:
            notes.warn("unknown-field", f"unknown field {key!r} ignored")
