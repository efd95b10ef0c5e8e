"""Semantic Scholar Academic Graph API paper objects to CSL-JSON items."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..errors import ConversionError, Notes
from ..journals import EVIDENCE_KEY, evidence, full_title_of
from ..text.abbreviations import nlm_form
from ..text.volumes import arxiv_id_from_volume
from .item import ItemBuilder, warn_unknown
from .publication_types import csl_type, is_arxiv_name, split_types
from .s2_shapes import describe

NAME = "s2"
DESCRIPTION = "Semantic Scholar Graph API paper JSON (object, array, search response or JSON Lines)"

MAPPED_KEYS = frozenset({
    "paperId", "corpusId", "externalIds", "url", "title", "abstract", "venue", "publicationVenue", "year",
    "openAccessPdf", "publicationTypes", "publicationDate", "journal", "authors",
})
IGNORED_KEYS = frozenset({
    "referenceCount", "citationCount", "influentialCitationCount", "isOpenAccess", "fieldsOfStudy",
    "s2FieldsOfStudy", "citationStyles", "tldr", "embedding", "citations", "references", "matchScore",
    "textAvailability",
})
KNOWN_KEYS = MAPPED_KEYS | IGNORED_KEYS
SIGNATURE_KEYS = frozenset({"paperId", "externalIds", "corpusId", "publicationVenue", "citationStyles",
                            "s2FieldsOfStudy", "openAccessPdf", "influentialCitationCount"})
# externalIds keys kept in `custom` (DOI, PubMed and PubMedCentral have CSL fields of their own).
CUSTOM_IDS = {"ArXiv": "arXiv", "MAG": "MAG", "DBLP": "DBLP", "ACL": "ACL"}
_DBLP_CORR = re.compile(r"^journals/corr/abs-(\d{4})-(\d{4,5})$")
# DOIs of preprint servers (arXiv, OSF and its *Rxivs, Research Square, Preprints.org, ChemRxiv, SSRN,
# bioRxiv/medRxiv): such a DOI does not show that a paper S2 lists as ArXiv appeared in a journal.
PREPRINT_DOI_PREFIXES = ("10.48550/", "10.31234/", "10.31219/", "10.31222/", "10.31223/", "10.31235/",
                         "10.21203/", "10.20944/", "10.26434/", "10.2139/ssrn", "10.1101/1", "10.1101/2")
_S2_SHA = re.compile(r"/paper/(?:[^/]*/)?([0-9a-f]{40})\b")


def detect(record: dict) -> bool:
    """A Graph API paper object: camelCase S2 keys such as ``paperId`` or ``externalIds``; also an S2
    author or error body, which :func:`to_item` then reports as what it is."""
    if not record.keys().isdisjoint(SIGNATURE_KEYS) or describe(record) is not None:
        return True
    authors = record.get("authors")
    return isinstance(authors, list) and any(isinstance(a, dict) and "authorId" in a for a in authors)


def _arxiv_id(ids: dict, volume: str | None) -> str | None:
    if isinstance(ids.get("ArXiv"), str) and ids["ArXiv"].strip():
        return ids["ArXiv"].strip()
    if volume and arxiv_id_from_volume(volume):
        return arxiv_id_from_volume(volume)
    match = _DBLP_CORR.match(str(ids.get("DBLP") or ""))
    return f"{match.group(1)}.{match.group(2)}" if match else None


def _preprint_doi(doi: str) -> bool:
    bare = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", doi.strip(), flags=re.IGNORECASE).lower()
    return bare.startswith(PREPRINT_DOI_PREFIXES)


def _container(journal_name: str | None, venue: str | None, venue_name: str | None,
               alternates: list[str]) -> tuple[str | None, str | None]:
    """``(container-title, container-title-short)``: the first real container of journal.name, venue
    and publicationVenue.name (never arXiv/CoRR); when it is journal.name and that abbreviates the
    venue's name, the venue's full name, with journal.name (in NLM form, as every short title
    citeconv writes) as the short title."""
    container = next((c for c in (journal_name, venue, venue_name) if c and not is_arxiv_name(c)), None)
    if container is None or container != journal_name:
        return container, None
    full = full_title_of(journal_name, [venue_name, venue], alternates)
    return (full, nlm_form(journal_name)) if full else (container, None)


def _author_names(builder: ItemBuilder, authors: list) -> list[str]:
    names: list[str] = []
    for position, author in enumerate(authors):
        value = author.get("name") if isinstance(author, dict) else author
        name = builder.text(value, f"authors[{position}].name", markup=True)
        if name:
            names.append(name)
    return names


def _types(builder: ItemBuilder, value: object) -> list[str]:
    if isinstance(value, str):
        return split_types(value)
    return [kind for kind in builder.sequence(value, "publicationTypes") if isinstance(kind, str)]


@lru_cache(maxsize=4096)
def _item_type(types: tuple[str, ...], container: str | None, venue_type: str | None, arxiv: bool) -> str:
    """:func:`converter.adapters.publication_types.csl_type`, remembered: the same journals and type lists recur."""
    return csl_type(list(types), container=container, venue_type=venue_type, arxiv=arxiv)


def to_item(record: dict, notes: Notes, *, known_keys: frozenset[str] = KNOWN_KEYS) -> dict:
    """Map one Graph API paper object (keys as the API spells them) to a CSL-JSON item. An object that
    is not a paper (an author, an error body, one with no paper field at all) is an error, never an item."""
    what = describe(record)
    if what is None and not record.keys() & MAPPED_KEYS:
        what = f"an object with no paper field (its keys: {', '.join(sorted(record)[:8])})"
    if what is not None:
        raise ConversionError(f"not a paper: {what}", code="not-a-paper")
    warn_unknown(record, known_keys, notes)
    b = ItemBuilder(notes)
    ids = b.mapping(record.get("externalIds"), "externalIds")
    journal = b.mapping(record.get("journal"), "journal")
    venue_value = record.get("publicationVenue")
    # The recommendations API gives the venue's id (a uuid string) instead of the venue object.
    venue_object = b.mapping(None if isinstance(venue_value, str) else venue_value, "publicationVenue")
    journal_name = b.text(journal.get("name"), "journal.name")
    volume = b.raw_text(journal.get("volume"), "journal.volume")
    venue = b.text(record.get("venue"), "venue")
    venue_name = b.text(venue_object.get("name"), "publicationVenue.name")
    venue_type = b.text(venue_object.get("type"), "publicationVenue.type")

    doi = b.text(ids.get("DOI"), "externalIds.DOI")
    alternates = venue_object.get("alternate_names")
    alternates = [name for name in alternates if isinstance(name, str)] if isinstance(alternates, list) else []
    container, short = _container(journal_name, venue, venue_name, alternates)
    if short:
        notes.warn("abbrev-from-input", f"journal name {journal_name!r} abbreviates the venue {container!r}: "
                                        f"the venue is the container title, {short!r} the short title")

    arxiv_id = _arxiv_id(ids, volume)
    on_arxiv = (is_arxiv_name(journal_name) or bool(volume and arxiv_id_from_volume(volume))
                or is_arxiv_name(venue) or (is_arxiv_name(venue_name) and not journal_name))
    if (venue_type or "").lower() == "journal" and container and doi and not _preprint_doi(doi):
        on_arxiv = False  # S2 lists the arXiv copy, but the paper is in this journal (publisher's DOI)
    elif arxiv_id and not container:
        on_arxiv = True  # an arXiv paper with no container, whatever its types say, is a preprint
    item_type = _item_type(tuple(_types(b, record.get("publicationTypes"))), container, venue_type, on_arxiv)
    b.set("type", item_type)
    b.set_title(b.text(record.get("title"), "title", markup=True))
    b.set_authors(_author_names(b, b.sequence(record.get("authors"), "authors")))
    if item_type == "article" and on_arxiv:
        b.set("publisher", "arXiv")
        b.set("number", arxiv_id)
    else:
        b.set("container-title", container)
        b.set("container-title-short", short)
        b.set_volume_issue(volume)
    b.set_pages(b.raw_text(journal.get("pages"), "journal.pages"))
    b.set_issued([b.text(record.get("publicationDate"), "publicationDate")], record.get("year"))
    b.set_doi(doi)
    b.set("URL", b.text(record.get("url"), "url"))
    b.set("PMID", b.text(ids.get("PubMed"), "externalIds.PubMed", numbers=True))
    b.set_pmcid(b.text(ids.get("PubMedCentral"), "externalIds.PubMedCentral", numbers=True))
    b.set("ISSN", b.text(venue_object.get("issn"), "publicationVenue.issn"))
    b.set_abstract(b.text(record.get("abstract"), "abstract", markup=True))
    paper_id = b.text(record.get("paperId"), "paperId")
    if not paper_id:
        match = _S2_SHA.search(b.item.get("URL", ""))
        paper_id = match.group(1) if match else None
    b.set_custom("S2PaperId", paper_id)
    corpus_id: Any = record.get("corpusId", ids.get("CorpusId"))
    b.set_custom("S2CorpusId", int(corpus_id) if str(corpus_id).isdigit() else None)
    for key, custom_key in CUSTOM_IDS.items():
        b.set_custom(custom_key, arxiv_id if key == "ArXiv" else b.text(ids.get(key), f"externalIds.{key}", numbers=True))
    pdf = record.get("openAccessPdf")
    pdf_url = pdf.get("url") if isinstance(pdf, dict) else pdf
    b.set_custom("openAccessPdf", b.text(pdf_url, "openAccessPdf.url"))
    issns = venue_object.get("alternate_issns")
    b.set(EVIDENCE_KEY, evidence(names=[journal_name, venue, venue_name], alternates=alternates,
                                 issns=issns if isinstance(issns, list) else []))
    return b.build()
