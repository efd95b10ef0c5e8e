"""CSL-JSON input: an array of items or a single item, validated against the CSL-JSON schema."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from ..errors import ConversionError, Notes
from ..item import ordered

NAME = "csl-json"
DESCRIPTION = "CSL-JSON: an array of items or one item (validated against the CSL-JSON 1.0 schema)"
_CSL_SIGNATURE = frozenset({"container-title", "issued", "DOI", "URL", "page", "citation-key", "ISSN", "PMID"})


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft7Validator

    schema = json.loads(resources.files("converter.data").joinpath("csl-data.json").read_text("utf-8"))
    return Draft7Validator(dict(schema["items"], definitions=schema["definitions"]))


def detect(record: dict) -> bool:
    """A CSL item: a CSL ``type`` plus an ``id``, or CSL-only keys (``container-title``, ``issued``)."""
    if record.keys() & _CSL_SIGNATURE:
        return True
    return "type" in record and "id" in record


def to_item(record: dict, notes: Notes) -> dict:
    """Validate one item: a field the schema does not know is dropped with a warning; any other
    schema error fails the record, naming the path of the bad value."""
    known = _validator().schema["properties"]
    record = dict(record)
    for key in [key for key in record if key not in known]:
        notes.warn("unknown-field", f"unknown field {key!r} ignored")
        del record[key]
    errors = sorted(_validator().iter_errors(record), key=lambda error: [str(part) for part in error.path])
    if errors:
        error = errors[0]
        path = "/".join(str(part) for part in error.path) or "(item)"
        raise ConversionError(f"not valid CSL-JSON at {path}: {error.message[:200]}", code="invalid-csl")
    return ordered(record)
