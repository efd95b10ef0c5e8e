"""Semantic Scholar Datasets ``papers`` records (lower-case keys, JSON Lines) to CSL-JSON items."""
from __future__ import annotations

from ..errors import Notes
from . import s2

NAME = "s2-dataset"
DESCRIPTION = "Semantic Scholar Datasets papers JSON Lines (.jsonl, .jsonl.gz), read as a stream"

# Dataset key -> Graph API key; the mapping itself is the Graph API adapter's.
RENAMED_KEYS = {
    "corpusid": "corpusId", "externalids": "externalIds", "url": "url", "title": "title",
    "abstract": "abstract", "authors": "authors", "venue": "venue", "year": "year",
    "publicationtypes": "publicationTypes", "publicationdate": "publicationDate", "journal": "journal",
    "referencecount": "referenceCount", "citationcount": "citationCount",
    "influentialcitationcount": "influentialCitationCount", "isopenaccess": "isOpenAccess",
    "s2fieldsofstudy": "s2FieldsOfStudy",
}
IGNORED_KEYS = frozenset({"publicationvenueid", "updated"})
KNOWN_KEYS = frozenset(RENAMED_KEYS.values())  # after renaming
SIGNATURE_KEYS = frozenset({"corpusid", "externalids", "publicationvenueid", "publicationdate",
                            "publicationtypes", "isopenaccess", "s2fieldsofstudy", "citationcount"})


def detect(record: dict) -> bool:
    return not record.keys().isdisjoint(SIGNATURE_KEYS)


def to_item(record: dict, notes: Notes) -> dict:
    """Rename the keys to the Graph API's spelling, drop null external ids, then map as ``s2``."""
    renamed: dict = {}
    for key, value in record.items():
        if key in IGNORED_KEYS:
            continue
        if key == "externalids" and isinstance(value, dict):
            value = {name: id_ for name, id_ in value.items() if id_ not in (None, "")}
        renamed[RENAMED_KEYS.get(key, key)] = value
    return s2.to_item(renamed, notes, known_keys=KNOWN_KEYS)
