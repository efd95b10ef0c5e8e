"""The batch report: counts that add up, a short repr, abbreviation notes only for outputs that print
abbreviations."""
from __future__ import annotations

import json
from pathlib import Path

import converter

ROOT = Path(__file__).parent.parent
SEED = ROOT / "fixtures" / "booksci" / "seed_korean_j_pain.txt"
GOOD = {"paperId": "a" * 40, "title": "Good paper", "authors": [{"authorId": "1", "name": "Ann Lee"}], "year": 2020,
        "externalIds": {"DOI": "10.1000/good"}}


def messy_batch(folder: Path) -> list[Path]:
    files = {"good.json": json.dumps([GOOD, GOOD, None]),  # a duplicate (with dedupe) and a null
             "bad_records.jsonl": json.dumps(GOOD | {"paperId": "b" * 40, "externalIds": {}}) + "\n[1]\n\"x\"\n",
             "truncated.json": '{"paperId": "abc", "title": "Trunc',
             "not_utf8.json": b"\xff\xfe\x00garbage"}
    for name, data in files.items():
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    return sorted(folder / name for name in files)


def test_counts_add_up(tmp_path):
    report = converter.convert(messy_batch(tmp_path), "csl-json", dedupe=True)
    assert (report.files, report.files_failed, report.records) == (4, 2, 6)
    assert (report.written, report.failed, report.skipped, report.duplicates) == (2, 2, 1, 1)
    assert report.written + report.failed + report.skipped + report.duplicates == report.records
    assert report.summary() == ("4 file(s) (2 not read), 6 record(s): 2 written, 2 failed, 1 skipped, "
                                "1 duplicate(s), 2 warning(s): duplicate 1, null-record 1")


def test_repr_is_one_short_line(tmp_path):
    records = [GOOD | {"paperId": f"{n:040x}", "externalIds": {}, "abstract": "long " * 200} for n in range(300)]
    source = tmp_path / "many.json"
    source.write_text(json.dumps(records + [None] * 50))
    report = converter.convert(source, "csl-json")
    assert len(report.output) > 300_000 and len(report.warnings) == 50
    assert repr(report) == (f"Report(files=1, files_failed=0, records=350, written=300, failed=0, skipped=50, "
                            f"duplicates=0, warnings=50, notes=0, output=<{len(report.output):,} characters>, "
                            "outputs=0)")


def test_abbreviation_notes_only_where_the_output_prints_abbreviations():
    def notes(to: str) -> list[str]:
        return [warning.code for warning in converter.convert(SEED, to).warnings]
    assert notes("csl-json") == notes("ris") == notes("biblatex") == notes("vancouver") == ["abbrev-from-input"]
    assert notes("bibtex") == notes("apa") == notes("harvard-cite-them-right") == []
    assert "J Pain" in converter.convert(SEED, "vancouver").output  # Vancouver prints the abbreviation
    assert "J Pain" not in converter.convert(SEED, "apa").output
