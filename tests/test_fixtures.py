"""Golden tests over every fixture: the items and warnings each input gives, schema validity of every
item, and auto-detection of the right adapter."""
import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

import converter
from converter.sources import iter_raw

FIXTURES = Path(__file__).parent.parent / "fixtures"
INPUT_SUFFIXES = (".jsonl.gz", ".jsonl", ".json", ".txt")
SCHEMA = json.loads((Path(converter.__file__).parent / "data" / "csl-data.json").read_text(encoding="utf-8"))


def fixture_inputs() -> list[Path]:
    return sorted(path for path in FIXTURES.glob("*/*")
                  if path.name.endswith(INPUT_SUFFIXES) and not path.name.endswith(".expected.json"))


def expected_path(path: Path) -> Path:
    stem = next(path.name[: -len(suffix)] for suffix in INPUT_SUFFIXES if path.name.endswith(suffix))
    return path.with_name(stem + ".expected.json")


def ids(paths):
    return [f"{path.parent.name}/{path.name}" for path in paths]


INPUTS = fixture_inputs()
NO_RECORDS = {"s2/empty_search_page.json"}  # an empty search page: 0 records, no error


def test_there_are_at_least_forty_fixture_records():
    records = sum(len(list(iter_raw(path))) for path in INPUTS)
    assert records >= 40
    assert {path.parent.name for path in INPUTS} == {"booksci", "s2", "s2-dataset", "csl-json"}


@pytest.mark.parametrize("path", INPUTS, ids=ids(INPUTS))
def test_golden(path):
    expected = json.loads(expected_path(path).read_text(encoding="utf-8"))
    results = list(converter.iter_results(path))
    assert [result.item for result in results if result.item is not None] == expected["items"]
    warnings = [[index, warning.code] for index, result in enumerate(results) for warning in result.warnings]
    assert sorted(warnings) == sorted(expected["warnings"])
    assert [result.error for result in results if result.error] == []


@pytest.mark.parametrize("path", INPUTS, ids=ids(INPUTS))
def test_every_item_is_valid_csl_json(path):
    items = converter.read(path, warnings=[])
    errors = list(Draft7Validator(SCHEMA).iter_errors(items))
    assert errors == []


@pytest.mark.parametrize("path", INPUTS, ids=ids(INPUTS))
def test_auto_detection_picks_the_fixture_folders_adapter(path):
    detected = {raw.format for raw in iter_raw(path) if raw.data is not None}
    assert detected == (set() if f"{path.parent.name}/{path.name}" in NO_RECORDS else {path.parent.name})
