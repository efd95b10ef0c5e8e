"""Paper identifiers (DOI, arXiv, PMID, PMCID, CorpusId, S2 paper id, ACL, DBLP, MAG): telling them
apart from file names, parsing them from the forms people paste, and the form the Graph API takes.

A malformed identifier is a :class:`ConversionError` naming it; it never reaches the API.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .errors import ConversionError

# The prefix each kind has in a Graph API paper id (``DOI:10.1/x``); an S2 paper id has none.
API_PREFIXES = {"doi": "DOI:", "arxiv": "ARXIV:", "pmid": "PMID:", "pmcid": "PMCID:", "corpusid": "CorpusId:",
                "acl": "ACL:", "dblp": "DBLP:", "mag": "MAG:", "s2": ""}
_PREFIX = re.compile(r"^(doi|arxiv|pmid|pmcid|corpusid|acl|dblp|mag)\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)
# The value each kind must have once its prefix is gone.
_VALUES = {
    "doi": re.compile(r"^10\.\d{4,9}/\S+$"),
    "arxiv": re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$"),
    "pmid": re.compile(r"^\d{1,9}$"),
    "pmcid": re.compile(r"^(?:PMC)?\d{1,9}$", re.IGNORECASE),
    "corpusid": re.compile(r"^\d{1,12}$"),
    "acl": re.compile(r"^(?:[A-Z]\d{2}-\d{4}|\d{4}\.[a-z0-9-]+\.\d+)$", re.IGNORECASE),
    "dblp": re.compile(r"^(?:journals|conf|books|phd|series|reference|tr|persons|ms|homepages)/[\w.-]+/[\w.-]+$"),
    "mag": re.compile(r"^\d{1,12}$"),
    "s2": re.compile(r"^[0-9a-f]{40}$", re.IGNORECASE),
}
_EXPECTED = {
    "doi": "10.<registrant>/<suffix>", "arxiv": "2106.15928 or hep-th/9901001 (a version vN may follow)",
    "pmid": "digits", "pmcid": "PMC and digits", "corpusid": "digits", "acl": "P19-1001 or 2020.acl-main.447",
    "dblp": "journals/<venue>/<key> or conf/<venue>/<key>", "mag": "digits",
}
_BARE_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_BARE_ARXIV = re.compile(r"^\d{4}\.\d{4,5}(?:v\d+)?$")
_BARE_PMCID = re.compile(r"^PMC\d{1,9}$", re.IGNORECASE)
_VERSION = re.compile(r"v\d+$")
_DBLP_ARXIV = re.compile(r"^journals/corr/abs-(\d{4})-(\d{4,5})$")
_SHA_IN_PATH = re.compile(r"(?:^|/)([0-9a-f]{40})(?:/|$)", re.IGNORECASE)
_CORPUS_IN_PATH = re.compile(r"^/CorpusID:(\d+)/?$", re.IGNORECASE)
_PMC_IN_PATH = re.compile(r"/(PMC\d+)/?", re.IGNORECASE)


@dataclass(frozen=True)
class Identifier:
    """One paper identifier: its ``kind``, its normalised ``value`` and the ``text`` as given."""

    kind: str
    value: str
    text: str

    @property
    def api_id(self) -> str:
        """The id as the Graph API takes it: ``DOI:10.3344/kjp.24393``, ``ARXIV:2106.15928``, a bare sha."""
        return API_PREFIXES[self.kind] + self.value

    @property
    def key(self) -> str:
        """The id compared case-insensitively (DOIs and shas are), for the cache and for duplicates."""
        return self.api_id if self.kind in ("arxiv", "dblp", "acl") else self.api_id.lower()


def _url_identifier(text: str) -> tuple[str, str] | None:
    """(kind, value) of a URL on a site whose paper URLs carry an identifier, else None."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        return None
    host = parts.netloc.lower().removeprefix("www.")
    path = unquote(parts.path)
    if host in ("doi.org", "dx.doi.org"):
        return "doi", path.lstrip("/")
    if host in ("arxiv.org", "export.arxiv.org"):
        for head in ("/abs/", "/pdf/"):
            if path.startswith(head):
                return "arxiv", path[len(head):].removesuffix(".pdf").rstrip("/")
        return "arxiv", path
    if host == "semanticscholar.org" or host == "api.semanticscholar.org":
        corpus = _CORPUS_IN_PATH.match(path)
        if corpus:
            return "corpusid", corpus.group(1)
        sha = _SHA_IN_PATH.search(path)
        return "s2", sha.group(1) if sha else path
    if host == "pubmed.ncbi.nlm.nih.gov":
        return "pmid", path.strip("/")
    if host in ("ncbi.nlm.nih.gov", "pmc.ncbi.nlm.nih.gov"):
        pmc = _PMC_IN_PATH.search(path)
        return "pmcid", pmc.group(1) if pmc else path
    if host == "aclanthology.org":
        return "acl", path.strip("/").removesuffix(".pdf")
    if host == "dblp.org" and path.startswith("/rec/"):
        return "dblp", path[len("/rec/"):].removesuffix(".html").removesuffix(".bib")
    return None


def _split(text: str) -> tuple[str, str] | None:
    """(kind, raw value) when ``text`` has the shape of an identifier, else None."""
    prefixed = _PREFIX.match(text)
    if prefixed:
        return prefixed.group(1).lower(), prefixed.group(2).strip()
    if "://" in text:
        return _url_identifier(text)
    if _BARE_DOI.match(text):
        return "doi", text
    if _VALUES["s2"].match(text):
        return "s2", text
    if _BARE_PMCID.match(text):
        return "pmcid", text
    if _BARE_ARXIV.match(text):
        return "arxiv", text
    return None


def looks_like_identifier(text: str) -> bool:
    """True when ``text`` has the shape of a paper identifier (it may still be malformed)."""
    return isinstance(text, str) and _split(text.strip()) is not None


def parse_identifier(text: str) -> Identifier:
    """The :class:`Identifier` written as ``text``; a malformed one raises :class:`ConversionError`."""
    given = text.strip()
    if "\ufffd" in given:
        raise ConversionError(f"{given!r} is not UTF-8 text", code="bad-identifier")
    found = _split(given)
    if found is None:
        raise ConversionError(f"{given!r} is not a paper identifier (a DOI, arXiv:, PMID:, PMCID:, CorpusId:, "
                              "ACL:, DBLP:, MAG:, a Semantic Scholar paper id or URL)", code="bad-identifier")
    kind, value = found
    if not _VALUES[kind].match(value):
        expected = _EXPECTED.get(kind, "a 40-character hexadecimal paper id")
        raise ConversionError(f"{given!r} is not a valid {kind} identifier (expected {expected})",
                              code="bad-identifier")
    return _alias(Identifier(kind, _normalise(kind, value), given))


def _normalise(kind: str, value: str) -> str:
    if kind == "arxiv":
        return _VERSION.sub("", value)  # S2 knows arXiv papers without their version
    if kind == "pmcid":
        return value.upper().removeprefix("PMC")  # the API takes the digits (PMCID:2323736)
    if kind == "s2":
        return value.lower()
    return value


def _alias(identifier: Identifier) -> Identifier:
    """A DBLP key of an arXiv paper (``journals/corr/abs-2404-13957``) asked as its arXiv id, which the
    Graph API documents (it does not document DBLP keys)."""
    if identifier.kind == "dblp":
        corr = _DBLP_ARXIV.match(identifier.value)
        if corr:
            return Identifier("arxiv", f"{corr.group(1)}.{corr.group(2)}", identifier.text)
    return identifier
