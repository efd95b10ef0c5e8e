"""Golden tests over the BibTeX, BibLaTeX and RIS fixtures (fixtures/bibtex, fixtures/ris; goldens made by
tools/regen_reader_goldens.py and reviewed): items, warnings and errors; schema validity; detection from
the content; the command line on real files in a subprocess."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

import converter
from converter.sources import iter_raw

ROOT = Path(__file__).parent.parent.parent
# fixtures/ holds what converts; a file broken on purpose lives in tests/data/readers (a walk of fixtures/, as
# in the README's quick start, converts without an error)
FOLDERS = (ROOT / "fixtures" / "bibtex", ROOT / "fixtures" / "ris", ROOT / "tests" / "data" / "readers")
FIXTURES = sorted(path for folder in FOLDERS for path in folder.iterdir() if path.suffix in (".bib", ".ris"))
SCHEMA = json.loads((ROOT / "converter" / "data" / "csl-data.json").read_text(encoding="utf-8"))
IDS = [path.name for path in FIXTURES]


def golden(path: Path) -> dict:
    return json.loads(path.with_suffix(".golden").read_text(encoding="utf-8"))


def citeconv(*args):
    return subprocess.run([sys.executable, "-m", "converter.cli", *map(str, args)], capture_output=True,
                          cwd=ROOT, timeout=120, check=False)


def test_the_fixtures_cover_every_exporter_class():
    assert len(FIXTURES) >= 14
    records = sum(len(list(iter_raw(path))) for path in FIXTURES)
    assert records >= 55


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_golden(path):
    expected = golden(path)
    results = list(converter.iter_results(path))
    assert [result.item for result in results if result.item is not None] == expected["items"]
    warnings = [[index, warning.code] for index, result in enumerate(results) for warning in result.warnings]
    assert warnings == expected["warnings"]
    errors = [[index, result.error.code, result.error.reason] for index, result in enumerate(results) if result.error]
    assert errors == expected["errors"]


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_every_item_is_valid_csl_json(path):
    items = converter.read(path, warnings=[], errors="skip")
    assert list(Draft7Validator(SCHEMA).iter_errors(items)) == []


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_the_format_is_told_from_the_content(path):
    formats = {raw.format for raw in iter_raw(path.read_bytes()) if raw.format}
    assert formats == {golden(path)["format"]}


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_naming_the_format_gives_the_same_items(path):
    fmt = "ris" if path.suffix == ".ris" else ("biblatex" if golden(path)["format"] == "bibtex" else "bibtex")
    assert converter.read(path, fmt, warnings=[], errors="skip") == golden(path)["items"]


def test_a_broken_entry_fails_alone_named_by_file_line_and_key():
    path = ROOT / "tests" / "data" / "readers" / "errors_and_duplicates.bib"
    run = citeconv(path.relative_to(ROOT), "--to", "csl-json")
    lines = run.stderr.decode().splitlines()
    name = "tests/data/readers/errors_and_duplicates.bib"
    assert f"citeconv: {name}:line 11, key broken2021: not a valid BibTeX entry: Expected comma after entry key, " \
           "but found =" in lines
    assert f"citeconv: {name}:line 24: entry without a citation key" in lines
    assert f"citeconv: {name}:line 17, key good2020: warning: key 'good2020' is already used by the entry on " \
           "line 3; given a unique id [duplicate-key]" in lines
    assert not any("Traceback" in line for line in lines)
    items = json.loads(run.stdout)
    assert [item["id"] for item in items] == [
        "good2020", "good2020a", "orphan2019", "cycleA", "cycleB", "withxdata", "strange2022"]


def test_bibtex_to_vancouver_and_ris_to_bibtex_on_the_command_line():
    run = citeconv(ROOT / "fixtures" / "bibtex" / "latex_text.bib", "--to", "vancouver")
    assert run.returncode in (0, 1), run.stderr
    assert "Gödel K, Müller A, Ünal A, García R, Bogadóttir R. Über formal unentscheidbare Sätze" in run.stdout.decode()
    run = citeconv(ROOT / "fixtures" / "ris" / "zotero.ris", "--to", "bibtex")
    assert run.returncode == 0, run.stderr
    assert "@article{okafor2021soil," in run.stdout.decode()


@pytest.mark.parametrize("name", ["bibtex", "biblatex", "ris"])
def test_from_accepts_the_text_formats(name):
    path = ROOT / "fixtures" / ("ris/zotero.ris" if name == "ris" else "bibtex/better_bibtex.bib")
    run = citeconv(path, "--from", name, "--to", "csl-json")
    assert run.returncode == 0, run.stderr
    assert len(json.loads(run.stdout)) >= 4


def test_text_that_is_neither_json_nor_bib_nor_ris_is_one_clear_error():
    with pytest.raises(converter.ConversionError, match="nor BibTeX/BibLaTeX or RIS"):
        converter.read(b"Dear reader,\nthis is a letter.\n")


@pytest.mark.parametrize("name", ["bibtex/jabref_strings_crossref.bib", "ris/zotero.ris"])
def test_a_batch_in_two_worker_processes_gives_the_golden_items(name, tmp_path):
    path = ROOT / "fixtures" / name
    run = citeconv(path, "--to", "csl-json", "-j", "2", "-o", tmp_path / "out.json")
    assert run.returncode == 0, run.stderr
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8")) == golden(path)["items"]
