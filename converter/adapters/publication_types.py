"""Publication types (S2 and PubMed vocabularies) to CSL item types."""
from __future__ import annotations

import re

S2_TYPES = frozenset({
    "Review", "JournalArticle", "CaseReport", "ClinicalTrial", "Conference", "Dataset", "Editorial",
    "LettersAndComments", "MetaAnalysis", "News", "Study", "Book", "BookSection",
})
# PubMed publication types seen on aggregator records (a sample; any other PubMed type is a journal type).
PUBMED_TYPES = frozenset({
    "Journal Article", "Review", "Systematic Review", "Meta-Analysis", "Letter", "Editorial", "Comment",
    "Case Reports", "Clinical Trial", "Randomized Controlled Trial", "Practice Guideline", "Guideline",
    "Observational Study", "Comparative Study", "Multicenter Study", "Evaluation Study", "News",
    "Published Erratum", "Retraction of Publication", "Preprint", "Congress", "Dataset", "Book",
    "Research Support, N.I.H., Extramural", "Research Support, N.I.H., Intramural",
    "Research Support, Non-U.S. Gov't", "Research Support, U.S. Gov't, P.H.S.",
    "Research Support, U.S. Gov't, Non-P.H.S.", "Validation Study", "Twin Study", "Video-Audio Media",
    "English Abstract", "Historical Article", "Biography", "Introductory Journal Article",
})
_KNOWN = {name.lower() for name in S2_TYPES | PUBMED_TYPES}
_CONFERENCE = {"conference", "congress", "conferencepaper"}
_ARXIV_NAMES = {"arxiv", "corr", "arxiv.org"}


def _known(piece: str) -> bool:
    return piece.strip().lower() in _KNOWN


def split_types(value: str) -> list[str]:
    """A booksci types string: split on ``;``, and on ``,`` only where every piece is a known type.

    ``"Journal Article, Review"`` → two types; ``"Research Support, N.I.H., Extramural"`` stays one.
    """
    types: list[str] = []
    for chunk in value.split(";"):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _known(chunk):
            types.append(chunk)
            continue
        types.extend(_split_on_commas(chunk))
    return types


def _split_on_commas(chunk: str) -> list[str]:
    """Greedy left-to-right: the longest run of comma pieces that is a known type, else one piece."""
    pieces = [piece.strip() for piece in chunk.split(",")]
    if all(_known(piece) for piece in pieces):
        return pieces
    result: list[str] = []
    start = 0
    while start < len(pieces):
        for end in range(len(pieces), start, -1):
            candidate = ", ".join(pieces[start:end])
            if _known(candidate) or end == start + 1:
                result.append(candidate)
                start = end
                break
    return result if all(_known(piece) for piece in result) else [chunk]


def is_arxiv_name(name: str | None) -> bool:
    return name is not None and name.strip().lower() in _ARXIV_NAMES


def csl_type(types: list[str], *, container: str | None, venue_type: str | None, arxiv: bool) -> str:
    """The CSL type for a record, by the rules of docs/MAPPING.md (order of ``types`` is ignored)."""
    folded = {re.sub(r"[\s_-]", "", kind).lower() for kind in types}
    if folded & _CONFERENCE:  # a conference paper, whatever else is listed (S2 adds Book for LNCS volumes)
        return "paper-conference"
    if "book" in folded:
        return "book"
    if "booksection" in folded:
        return "chapter"
    if "dataset" in folded:
        return "dataset"
    if (venue_type or "").lower() == "conference":
        return "paper-conference"
    if arxiv:
        return "article"
    if folded:
        return "article-journal"
    return "article-journal" if container else "article"
