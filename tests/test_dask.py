"""The Dask integration on a real cluster: dask.distributed.LocalCluster with two worker processes (a real
scheduler, 450 MB per worker), against the batch with two worker processes; and fsspec outputs."""
import gzip
import json
import re
import random
import sys
from pathlib import Path

import pytest

import converter

dask = pytest.importorskip("dask", reason="the dask extra is not installed (pip install '.[dask]')")
distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install '.[dask]')")
fsspec = pytest.importorskip("fsspec")
from converter.dask import PartReport, convert_parts
from converter.errors import ConversionError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import generate

WORKER_MEMORY = 450_000_000


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, memory_limit=WORKER_MEMORY,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        yield client


def dataset_lines(count: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(json.dumps(generate.dataset_record(rng, number), ensure_ascii=False) + "\n"
                   for number in range(count))


def small_parts(folder: Path) -> list[Path]:
    """Three parts: plain, gzip (several chunks each, with colliding ids) and one with a broken line."""
    folder.mkdir()
    parts = [folder / "papers-part0.jsonl", folder / "papers-part1.jsonl.gz", folder / "papers-part2.jsonl"]
    parts[0].write_text(dataset_lines(700, 1) * 2, encoding="utf-8")
    parts[1].write_bytes(gzip.compress(dataset_lines(900, 2).encode()))
    parts[2].write_text("{cut\n" + dataset_lines(40, 3) + "[1]\n", encoding="utf-8")
    return parts


@pytest.mark.parametrize("to", ["ris", "bibtex"])
def test_cluster_output_is_the_batch_output_of_each_part(tmp_path, client, to):
    parts = small_parts(tmp_path / "in")
    split = tmp_path / "split"
    split.mkdir()
    expected_errors = tmp_path / "batch-errors.jsonl"
    batch = converter.convert(parts, to, split, split=True, jobs=2, errors_to=expected_errors)
    reports = convert_parts(parts, to, tmp_path / "out")
    suffix = {"ris": ".ris", "bibtex": ".bib"}[to]
    assert [report.output for report in reports] == [str(tmp_path / "out" / f"papers-part{n}{suffix}") for n in range(3)]
    for report in reports:
        assert Path(report.output).read_text(encoding="utf-8") == (split / Path(report.output).name).read_text(
            encoding="utf-8")
    errors = [Path(report.errors).read_text(encoding="utf-8") for report in reports]
    assert errors[:2] == ["", ""]
    assert errors[2] == expected_errors.read_text(encoding="utf-8")
    assert [json.loads(line)["record"] for line in errors[2].splitlines()] == ["line 1", "line 42"]
    assert [(r.records, r.written, r.failed) for r in reports] == [(1400, 1400, 0), (900, 900, 0), (42, 40, 2)]
    assert sum(r.written for r in reports) == batch.written
    assert sum(sum(r.warnings.values()) for r in reports) == sum(batch.warning_counts.values())


def _peak_rss() -> int:
    """This process's own peak RSS in bytes: VmHWM starts anew at exec, where ru_maxrss carries the peak of
    the process that started it (pytest's, after the tests before) over."""
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\s+(\d+)", status.read()).group(1)) * 1024


def test_two_parts_of_100000_lines_stream_within_450_mb_workers(tmp_path, client):
    """Each worker converts a part of 100,000 Datasets lines (one gzip) chunk by chunk: no KilledWorker,
    and its peak RSS stays well under the limit. The 2,000 generated lines repeat, as only the streaming
    is tested here."""
    lines = dataset_lines(2000, 4).encode()
    parts = [tmp_path / "papers-part0.jsonl", tmp_path / "papers-part1.jsonl.gz"]
    with open(parts[0], "wb") as plain, gzip.open(parts[1], "wb", compresslevel=1) as packed:
        for _ in range(50):  # written piece by piece: this process stays small (a child started later
            plain.write(lines)  # by another test inherits its peak RSS in ru_maxrss)
            packed.write(lines)
    reports = convert_parts(parts, "ris", f"file://{tmp_path}/out", abbreviations=False)
    assert [(r.records, r.written, r.failed) for r in reports] == [(100_000, 100_000, 0)] * 2
    for report in reports:
        with open(report.output.removeprefix("file://"), encoding="utf-8") as output:
            assert sum(line == "ER  - \n" for line in output) == 100_000
    peaks = client.run(_peak_rss)
    assert len(peaks) == 2 and max(peaks.values()) < WORKER_MEMORY * 0.6, peaks


def test_outputs_go_to_any_fsspec_url_committed_at_the_end():
    memory = fsspec.filesystem("memory")
    memory.pipe("/dask-in/papers-part0.jsonl.gz", gzip.compress(b"{cut\n" + dataset_lines(3, 5).encode()))
    with dask.config.set(scheduler="synchronous"):
        reports = convert_parts("memory://dask-in/*.gz", "ris", "memory://dask-out")
    assert reports == [PartReport("memory:///dask-in/papers-part0.jsonl.gz", "memory://dask-out/papers-part0.ris",
                                  "memory://dask-out/papers-part0.errors.jsonl", 4, 3, 1, 0, 0,
                                  reports[0].warnings)]
    expected = converter.convert(dataset_lines(3, 5), "ris").output
    assert memory.cat("/dask-out/papers-part0.ris").decode() == expected
    assert json.loads(memory.cat("/dask-out/papers-part0.errors.jsonl")) == {
        "file": "memory:///dask-in/papers-part0.jsonl.gz", "record": "line 1", "code": "invalid-json", "id": None,
        "reason": "invalid JSON: Expecting property name enclosed in double quotes (line 1, column 2)"}


def test_a_part_that_cannot_be_read_fails_alone(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text(dataset_lines(5, 6), encoding="utf-8")
    with dask.config.set(scheduler="synchronous"):
        reports = convert_parts([tmp_path / "missing.jsonl", good, "memory://nowhere/gone.jsonl"], "bibtex",
                                tmp_path / "out")
    assert [(r.records, r.written, r.failed) for r in reports] == [(0, 0, 1), (5, 5, 0), (0, 0, 1)]
    assert [json.loads(Path(reports[n].errors).read_text())["code"] for n in (0, 2)] == ["io", "io"]
    assert Path(reports[0].output).read_text() == ""


def test_an_output_that_is_an_input_is_a_usage_error(tmp_path):
    part = tmp_path / "items.json"
    part.write_text("[]", encoding="utf-8")
    with pytest.raises(ConversionError, match="refusing to overwrite") as raised:
        convert_parts([part], "csl-json", tmp_path)
    assert raised.value.code == "usage"
    assert part.read_text(encoding="utf-8") == "[]"
