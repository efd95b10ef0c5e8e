"""The Dask integration, on Dask's local scheduler, over a few thousand records in three parts."""
import gzip
import json

import pytest

import converter

dask = pytest.importorskip("dask", reason="the dask extra is not installed (pip install '.[dask]')")
from converter.dask import convert_parts  # noqa: E402


def record(number: int) -> dict:
    return {"paperId": f"{number:040x}", "title": f"Paper number {number}", "year": 2000 + number % 20,
            "authors": [{"authorId": "1", "name": f"Ann Lee{number % 7}"}], "journal": {"name": "Mind"}}


@pytest.mark.parametrize("scheduler", ["synchronous", "processes"])
def test_convert_parts_writes_one_output_per_part(tmp_path, scheduler):
    parts = [tmp_path / "p0.jsonl", tmp_path / "p1.jsonl.gz", tmp_path / "p2.jsonl"]
    parts[0].write_text("".join(json.dumps(record(n)) + "\n" for n in range(1500)))
    parts[1].write_bytes(gzip.compress("".join(json.dumps(record(n)) + "\n" for n in range(1500, 3000)).encode()))
    parts[2].write_text("{cut\n" + "".join(json.dumps(record(n)) + "\n" for n in range(3000, 3100)))
    with dask.config.set(scheduler=scheduler, num_workers=2):
        files, failures = convert_parts(parts, "ris", tmp_path / "out", abbreviations=False)
    assert files == [str(tmp_path / "out" / f"part-{n}.ris") for n in range(3)]
    assert failures == [f"{parts[2]}:line 1: invalid JSON: Expecting property name enclosed in double quotes "
                        "(line 1, column 2)"]
    texts = [open(name, encoding="utf-8").read() for name in files]
    assert [text.count("TY  - JOUR") for text in texts] == [1500, 1500, 100]
    expected = converter.convert([parts[0]], "ris", abbreviations=False).output
    assert texts[0] == expected
