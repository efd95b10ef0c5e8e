"""The quick structural check in front of the CSL-JSON schema validator: it never accepts an item the
schema rejects, and accepts the items citeconv itself writes."""
import json
import random
import re
from pathlib import Path

import pytest

import converter
from converter.adapters import csl_json
from converter.errors import ConversionError, Notes

FIXTURES = Path(__file__).parent.parent.parent / "fixtures"
VALUES = [None, True, False, 0, -1, 1.5, float("nan"), "", "x", "book", "nonsense", [], {}, [None], ["a"], [1],
          {"a": None}, [[2020]], [["2020", 1, 2, 3]], [[]], {"date-parts": [[2020]]},
          {"date-parts": [[2020], [2021], [2]]}, {"date-parts": [[2020]], "season": True}, {"raw": "2020", "extra": 1},
          {"family": "x"}, [{"family": "x"}],
          [{"family": 1}], [{"literal": "x", "comma-suffix": False}], [{"given": "y", "other": "z"}], [[{"family": "x"}]]]


def items() -> list[dict]:
    return json.loads(converter.convert([FIXTURES], "csl-json").output)


def test_citeconv_items_pass_the_quick_check():
    check = csl_json._quick_check()
    assert all(check(item) for item in items())


def test_the_quick_check_never_accepts_what_the_schema_rejects():
    check, validator = csl_json._quick_check(), csl_json._validator()
    known = list(csl_json._schema()[0]["properties"])
    rng = random.Random(7)
    verdicts = set()
    for item in items():
        for _ in range(40):
            mutated = dict(item)
            for _ in range(rng.choice((1, 1, 2))):
                mutated[rng.choice(known + list(mutated))] = rng.choice(VALUES)
            if rng.random() < 0.2:
                del mutated[rng.choice(list(mutated))]
            valid = not any(True for _ in validator.iter_errors(mutated))
            quick = check(mutated)
            assert not quick or valid, mutated
            verdicts.add((quick, valid))
    assert verdicts == {(True, True), (False, False)}  # both kinds met, and no valid item was refused


@pytest.mark.parametrize("item, path", [
    ({"id": "a", "type": "book", "issued": "2020"}, "issued"),
    ({"id": "a", "type": "novel"}, "type"),
    ({"id": True, "type": "book"}, "id"),
    ({"type": "book"}, "(item)"),
    ({"id": "a", "type": "book", "author": [{"family": "x", "nick": "y"}]}, "author/0"),
])
def test_bad_items_still_get_the_schema_validators_message(item, path):
    with pytest.raises(ConversionError, match=re.escape(f"not valid CSL-JSON at {path}: ")):
        csl_json.to_item(item, Notes())
