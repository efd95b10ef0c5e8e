"""The booksci.cn wrapper: a JSON line, the English title, the abstract, ``期刊介绍:`` and the journal text."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator

from ..errors import ConversionError, Notes
from .item import ItemBuilder, warn_unknown
from ..journals import EVIDENCE_KEY, evidence
from .publication_types import split_types, csl_type, is_arxiv_name
from ..text.names import split_authors

NAME = "booksci"
DESCRIPTION = "booksci.cn wrapper: JSON line, English title, abstract, 期刊介绍:, journal text"
JOURNAL_MARKER = "期刊介绍:"
_HAN = re.compile(r"[\u3400-\u9fff\u3002]")
MAPPED_KEYS = frozenset({
    "title", "authors", "doi", "DOIUrl", "url", "abstract", "journal", "publicationDate", "publicationTypes",
    "openAccessPdf", "resultStr", "paperid", "PeriodicalName", "PMCID", "EPubDate",
})
IGNORED_KEYS = frozenset({
    "PeriodicalId", "PeriodicalIF", "fieldsOfStudy", "isOpenAccess", "citationCount", "platform",
    "FirstCategoryId", "ListUrlMain", "RegionNum", "RegionCategory", "ArticlePicture", "TitleCN",
    "AbstractTextCN", "PubModel", "JCR", "JCRName", "Score", "Total",
})
SIGNATURE_KEYS = frozenset({"resultStr", "PeriodicalId", "DOIUrl", "PeriodicalIF", "PeriodicalName", "TitleCN",
                            "AbstractTextCN", "RegionNum", "JCRName"})


def detect(record: dict) -> bool:
    return not record.keys().isdisjoint(SIGNATURE_KEYS)


def split(text: str) -> Iterator[dict]:
    """Yield one raw record per wrapper block: the JSON object with the trailer lines attached
    under ``"_trailer"`` (English title, abstract, journal text)."""
    lines = text.splitlines()
    position = 0
    while position < len(lines):
        line = lines[position].strip()
        position += 1
        if not line:
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as error:
            raise ConversionError(f"line {position}: expected the record's JSON line: {_reason(error)}",
                                  code="invalid-json") from None
        if not isinstance(record, dict):
            raise ConversionError(f"line {position}: the JSON line is not an object", code="not-an-object")
        trailer: list[str] = []
        while position < len(lines) and not _starts_record(lines[position]):
            trailer.append(lines[position])
            position += 1
        record["_trailer"] = trailer
        yield record


def _starts_record(line: str) -> bool:
    if not line.startswith("{"):
        return False
    try:
        return detect(json.loads(line))
    except (ValueError, RecursionError, AttributeError):
        return False


def _reason(error: Exception) -> str:
    return "nested too deeply" if isinstance(error, RecursionError) else str(error)


def _trailer_parts(trailer: list[str]) -> tuple[str | None, str | None]:
    """English title and abstract from the lines after the JSON (before ``期刊介绍:``)."""
    head = trailer[: trailer.index(JOURNAL_MARKER)] if JOURNAL_MARKER in trailer else trailer
    head = [line.strip() for line in head]
    title = head[0] if head and head[0] else None
    abstract = " ".join(line for line in head[1:] if line) or None
    return title, abstract


def _english_title(record: dict, trailer_title: str | None, notes: Notes) -> str | None:
    inner = record.get("resultStr")
    if isinstance(inner, str):
        try:
            decoded = json.loads(inner)
            if isinstance(decoded, dict) and isinstance(decoded.get("title"), str) and decoded["title"].strip():
                return decoded["title"]
        except (ValueError, RecursionError):
            pass
    if trailer_title:
        notes.warn("title-from-trailer", "resultStr is missing or malformed; the English title line is used")
        return trailer_title
    outer = record.get("title")
    if isinstance(outer, str) and not _HAN.search(outer):  # the outer title is a translation when Chinese
        return outer
    return None


def _container(builder: ItemBuilder, journal_name: str | None, periodical: str | None) -> str | None:
    """``journal.name`` (the NLM title), or booksci's ``PeriodicalName`` when it is the same title
    with better capitals ("IEEE transactions on …" → "IEEE Transactions on …")."""
    if journal_name and periodical and journal_name.casefold() == periodical.casefold():
        if sum(map(str.isupper, periodical)) > sum(map(str.isupper, journal_name)):
            return periodical
    return journal_name or periodical


def to_item(record: dict, notes: Notes) -> dict:
    """Map one booksci record (as yielded by :func:`split`) to a CSL-JSON item."""
    trailer = record.get("_trailer") or []
    fields = {key: value for key, value in record.items() if key != "_trailer"}
    warn_unknown(fields, MAPPED_KEYS | IGNORED_KEYS, notes)
    b = ItemBuilder(notes)
    trailer_title, trailer_abstract = _trailer_parts(trailer)
    journal = b.mapping(fields.get("journal"), "journal")
    journal_name = b.text(journal.get("name"), "journal.name")
    container = _container(b, journal_name, b.text(fields.get("PeriodicalName"), "PeriodicalName"))
    volume = b.raw_text(journal.get("volume"), "journal.volume")
    types_value = fields.get("publicationTypes")
    types = split_types(types_value) if isinstance(types_value, str) else \
        [kind for kind in b.sequence(types_value, "publicationTypes") if isinstance(kind, str)]
    arxiv = is_arxiv_name(journal_name)
    b.set("type", csl_type(types, container=container, venue_type=None, arxiv=arxiv))
    b.set_title(_english_title(fields, trailer_title, notes))
    authors = b.text(fields.get("authors"), "authors", markup=True)
    b.set_authors(split_authors(authors) if authors else [])
    if arxiv:
        b.set("publisher", "arXiv")
    else:
        b.set("container-title", container)
        b.set_volume_issue(volume)
    b.set_pages(b.raw_text(journal.get("pages"), "journal.pages"))
    b.set_issued([b.text(fields.get("publicationDate"), "publicationDate"),
                  b.text(fields.get("EPubDate"), "EPubDate")], None)
    b.set_doi(b.text(fields.get("doi"), "doi"), b.text(fields.get("DOIUrl"), "DOIUrl"))
    b.set("URL", b.text(fields.get("url"), "url"))
    b.set_pmcid(b.text(fields.get("PMCID"), "PMCID"))
    abstract = b.text(fields.get("abstract"), "abstract", markup=True)
    b.set_abstract(abstract or trailer_abstract)
    pdf = fields.get("openAccessPdf")
    b.set_custom("openAccessPdf", b.text(pdf.get("url") if isinstance(pdf, dict) else pdf, "openAccessPdf"))
    b.set_custom("booksciPaperId", b.text(fields.get("paperid"), "paperid", numbers=True))
    b.set(EVIDENCE_KEY, evidence(names=[journal_name, b.item.get("container-title")],
                                 description=_journal_description(trailer)))
    return b.build()


def _journal_description(trailer: list[str]) -> str | None:
    """The journal text: the line after ``期刊介绍:`` (for the journal-abbreviation step)."""
    if JOURNAL_MARKER not in trailer:
        return None
    rest = trailer[trailer.index(JOURNAL_MARKER) + 1:]
    return rest[0].strip() if rest and isinstance(rest[0], str) else None
