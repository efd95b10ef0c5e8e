"""The adapter registry: the text adapters (BibTeX, BibLaTeX, RIS) are imported at their first use."""
import subprocess
import sys

from converter.adapters import ADAPTERS

EXPECTED = ["booksci", "s2", "s2-dataset", "csl-json", "bibtex", "biblatex", "ris"]


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_every_format_is_registered_under_its_own_name():
    assert list(ADAPTERS) == EXPECTED
    for name in EXPECTED:
        assert ADAPTERS[name].NAME == name


def test_a_json_run_never_imports_the_text_adapters():
    code = """
import sys, converter
converter.convert([{"paperId": "a", "title": "T", "year": 2020}], "bibtex")
print(sorted(name for name in sys.modules if name.startswith("converter.adapters.")))
"""
    imported = _run(code)
    assert "converter.adapters.s2'" in imported
    for name in ("converter.adapters.bibtex'", "converter.adapters.biblatex'", "converter.adapters.ris'"):
        assert name not in imported


def test_a_text_adapter_takes_its_place_in_the_registry_at_first_use():
    code = """
import converter
from converter.adapters import ADAPTERS
before = type(ADAPTERS["ris"]).__name__
items = converter.read("TY  - JOUR\\nTI  - A title\\nER  - \\n")
print(before, type(ADAPTERS["ris"]).__name__, ADAPTERS["ris"].__name__, items[0]["title"])
"""
    assert _run(code).split() == ["_Deferred", "module", "converter.adapters.ris", "A", "title"]

