"""CSL-JSON input: an array of items or a single item, validated against the CSL-JSON schema."""
from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from ..errors import ConversionError, Notes
from .item import ordered

NAME = "csl-json"
DESCRIPTION = "CSL-JSON: an array of items or one item (validated against the CSL-JSON 1.0 schema)"
_CSL_SIGNATURE = frozenset({"container-title", "issued", "DOI", "URL", "page", "citation-key", "ISSN", "PMID"})
# JSON types as the exact Python types json.loads gives (anything else is left to jsonschema).
_TYPES: dict[str, tuple[type, ...]] = {"string": (str,), "number": (int, float), "boolean": (bool,),
                                       "object": (dict,), "array": (list,)}
_ANNOTATIONS = frozenset({"title", "description", "examples"})
Check = Callable[[object], bool]


def _never(value: object) -> bool:
    return False


def _compile(schema: dict, definitions: dict) -> Check:
    """A quick test that answers True only for values ``schema`` accepts (the subset of draft 7 the CSL
    schema uses); a value it rejects, or any keyword it does not know, leaves the verdict to jsonschema."""
    keywords = set(schema) - _ANNOTATIONS
    if not keywords <= {"$ref", "anyOf", "type", "enum", "properties", "additionalProperties", "required",
                        "items", "minItems", "maxItems"}:
        return _never
    if "$ref" in schema:
        return _compile(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions) if len(keywords) == 1 else _never
    checks: list[Check] = []
    if "anyOf" in schema:
        options = [_compile(option, definitions) for option in schema["anyOf"]]
        checks.append(options[0] if len(options) == 1 else lambda value: any(check(value) for check in options))
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not set(names) <= _TYPES.keys():
            return _never
        types = frozenset(kind for name in names for kind in _TYPES[name])
        checks.append(lambda value: type(value) in types)
    if "enum" in schema:
        if not all(isinstance(choice, str) for choice in schema["enum"]):
            return _never
        choices = frozenset(schema["enum"])
        checks.append(lambda value: type(value) is str and value in choices)
    if keywords & {"properties", "additionalProperties", "required"}:
        checks.append(_object_check(schema, definitions))
    if keywords & {"items", "minItems", "maxItems"}:
        checks.append(_array_check(schema, definitions))
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)
    return lambda value: all(check(value) for check in checks)


def _object_check(schema: dict, definitions: dict) -> Check:
    properties = {name: _compile(part, definitions) for name, part in schema.get("properties", {}).items()}
    extra = schema.get("additionalProperties", True)
    if extra not in (True, False):
        return _never
    required = schema.get("required", [])

    def check(value: object) -> bool:
        if type(value) is not dict:
            return True
        if any(name not in value for name in required):
            return False
        for name, part in value.items():
            test = properties.get(name)
            if test is None:
                if not extra:
                    return False
            elif not test(part):
                return False
        return True
    return check


def _array_check(schema: dict, definitions: dict) -> Check:
    if isinstance(schema.get("items", {}), list):
        return _never
    each = _compile(schema["items"], definitions) if "items" in schema else None
    low, high = schema.get("minItems", 0), schema.get("maxItems")

    def check(value: object) -> bool:
        if type(value) is not list:
            return True
        if len(value) < low or (high is not None and len(value) > high):
            return False
        if each is not None:
            for part in value:
                if not each(part):
                    return False
        return True
    return check


@lru_cache(maxsize=1)
def _schema() -> tuple[dict, dict]:
    schema = json.loads(resources.files("converter.data").joinpath("csl-data.json").read_text("utf-8"))
    return dict(schema["items"], definitions=schema["definitions"]), schema["definitions"]


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft7Validator

    return Draft7Validator(_schema()[0])


@lru_cache(maxsize=1)
def _quick_check() -> Check:
    item, definitions = _schema()
    return _compile({key: value for key, value in item.items() if key != "definitions"}, definitions)


def detect(record: dict) -> bool:
    """A CSL item: a CSL ``type`` plus an ``id``, or CSL-only keys (``container-title``, ``issued``)."""
    if not record.keys().isdisjoint(_CSL_SIGNATURE):
        return True
    return "type" in record and "id" in record


def to_item(record: dict, notes: Notes) -> dict:
    """Validate one item: a field the schema does not know is dropped with a warning; any other
    schema error fails the record, naming the path of the bad value. The schema validator runs only
    when a quick structural check does not already accept the item."""
    known = _schema()[0]["properties"]
    record = dict(record)
    for key in [key for key in record if key not in known]:
        notes.warn("unknown-field", f"unknown field {key!r} ignored")
        del record[key]
    problem = schema_problem(record)
    if problem is not None:
        raise ConversionError(problem, code="invalid-csl")
    return ordered(record)


def known_fields(record: dict) -> dict:
    """``record`` without the fields the CSL-JSON schema does not know."""
    known = _schema()[0]["properties"]
    return {key: value for key, value in record.items() if key in known}


def schema_problem(record: dict) -> str | None:
    """Where and how ``record`` (of fields the schema knows) breaks the CSL-JSON schema, or ``None``.
    The schema validator runs only when the quick structural check does not already accept the item."""
    if _quick_check()(record):
        return None
    errors = sorted(_validator().iter_errors(record), key=lambda error: [str(part) for part in error.path])
    if not errors:
        return None
    path = "/".join(str(part) for part in errors[0].path) or "(item)"
    return f"not valid CSL-JSON at {path}: {errors[0].message[:200]}"
