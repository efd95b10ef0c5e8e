"""The CSL-JSON writer: each entry is the json module's layout (indent=2, number lists on one line), where
orjson writes it and where it cannot."""
import json

import pytest

import converter
from converter.writers.csl_json import _NUMBER_LISTS, _NUMBERS, _compact, stream

DEEP: list = []
for _ in range(300):
    DEEP = [DEEP]


@pytest.mark.parametrize("extra", [
    {"issued": {"date-parts": [[2020, 1, 2]]}, "empty": [], "none": None, "flag": True, "number": 2**64 - 1},
    {"note": "\u2028 \x7f \x00 \" \\ / é 😀 \ud800"},
    {"float": 1e16, "small": 1e-7, "half": 0.5, "nan": float("nan")},
    {"big": 2**70, "negative": -(2**63) - 1, "tuple": (1, 2)},
    {"deep": DEEP},
])
def test_an_entry_is_the_json_modules_layout(extra):
    item = {"id": "a", "type": "article", **extra}
    text = json.dumps(item, ensure_ascii=False, indent=2)
    text = _NUMBER_LISTS.sub(_compact, _NUMBERS.sub(_compact, text))  # date-parts on one line
    expected = "  " + text.replace("\n", "\n  ")
    assert stream().entry(item, []) == expected


def test_non_string_keys_are_written_as_json_writes_them():
    item = {"id": "a", "custom": {1: "one", None: "none"}}
    assert json.loads(converter.write([item], "csl-json", warnings=[])) == [{"id": "a", "custom": {"1": "one", "null": "none"}}]
