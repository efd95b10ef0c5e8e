"""The shapes of Semantic Scholar Graph API responses, and the papers each one holds.

A response is a paper object, a batch list (``null`` for ids not found), a ``data`` page (search, bulk
search, title match, author papers, citations, references; with or without ``total``/``offset``/
``next``/``token``), a recommendations object (``recommendedPapers``), a citation or reference
(``citingPaper``/``citedPaper`` beside ``contexts``, ``intents``…), or an author object (or a page of
them) whose ``papers`` are the papers. :func:`papers_of` flattens any of them to the list of records;
an object that holds no paper (an error body, an author without papers) raises a clear error.
"""
from __future__ import annotations

from typing import Any

from ..errors import ConversionError

PAGE_KEYS = frozenset({"total", "offset", "next", "token"})
LIST_KEYS = ("data", "recommendedPapers")  # the keys a page's records are under
WRAPPER_KEYS = ("citingPaper", "citedPaper")  # a citation / reference: the paper is inside
# The other keys of a citation or reference object (documented: contexts, intents, isInfluential).
WRAPPER_EXTRAS = frozenset({"contexts", "intents", "isInfluential", "contextsWithIntent"})
# What an S2 error body holds: {"message": …} or {"error": …}, sometimes with a code.
ERROR_KEYS = frozenset({"message", "error", "code", "status", "statusCode", "requestId", "detail"})
# Keys that make an object a paper (or a record of another format), never an author or an error.
PAPER_KEYS = frozenset({"paperId", "corpusId", "corpusid", "externalids", "title", "id", "type"})


def is_page(value: dict) -> bool:
    """A ``data`` page or a recommendations object: a list under ``data`` / ``recommendedPapers`` and
    page keys only beside it (``{"total": 0, "offset": 0}``, an empty search page, counts too)."""
    lists = [key for key in LIST_KEYS if key in value]
    if len(lists) > 1 or (lists and not isinstance(value[lists[0]], list)):
        return False
    others = value.keys() - set(lists)
    return bool(lists or others) and others <= PAGE_KEYS and (bool(lists) or bool(others & {"total", "offset"}))


def wrapped_paper(value: dict) -> tuple[bool, Any]:
    """``(True, paper)`` for a citation/reference object (``{"citingPaper": {...}, "contexts": …}``)."""
    keys = [key for key in WRAPPER_KEYS if key in value]
    if len(keys) == 1 and value.keys() - {keys[0]} <= WRAPPER_EXTRAS:
        return True, value[keys[0]]
    return False, None


def is_author(value: dict) -> bool:
    """An S2 author object: ``authorId`` and no paper key."""
    return "authorId" in value and not value.keys() & PAPER_KEYS


def is_error_body(value: dict) -> bool:
    """An API error body such as ``{"message": "Too Many Requests"}`` or ``{"error": "Not found"}``."""
    return bool(value) and value.keys() <= ERROR_KEYS and bool(value.keys() & {"message", "error"})


def describe(value: dict) -> str | None:
    """What a non-paper object is, for an error message; ``None`` when it may be a paper."""
    if is_error_body(value):
        text = value.get("message", value.get("error"))
        return f"an S2 API error response: {str(text)[:200]!r}"
    if is_author(value):
        name = value.get("name")
        who = f"authorId {value['authorId']}" + (f", {name!r}" if isinstance(name, str) and name else "")
        if "papers" in value and not value["papers"]:
            return f"an S2 author ({who}) whose papers list is empty"
        return f"an S2 author ({who}) without papers; request the author's papers (fields=papers.title,…)"
    return None


def papers_of(value: Any) -> list:
    """The records a parsed S2 response holds, in order: papers, and ``None`` for a batch null; any
    other element is returned as it is, for the caller to report. Raises :class:`ConversionError`
    (code ``not-a-paper``) when ``value`` is an object that holds no paper at all."""
    if isinstance(value, list):
        return [paper for entry in value for paper in _entries(entry)]
    if not isinstance(value, dict):
        raise ConversionError(f"expected a JSON object or array, found {type(value).__name__}", code="not-an-object")
    if is_page(value):
        found: list = next((value[key] for key in LIST_KEYS if key in value), [])
        return [paper for entry in found for paper in _entries(entry)]
    papers = _entries(value)
    if len(papers) == 1 and isinstance(papers[0], dict) and describe(papers[0]):
        raise ConversionError(f"not a paper: {describe(papers[0])}", code="not-a-paper")
    return papers


def _entries(entry: Any) -> list:
    """One list element as records: a wrapper's paper, an author's papers, else the element itself."""
    if not isinstance(entry, dict):
        return [entry]
    wrapped, paper = wrapped_paper(entry)
    if wrapped:
        return [paper]
    if is_author(entry) and isinstance(entry.get("papers"), list) and entry["papers"]:
        return list(entry["papers"])
    return [entry]
