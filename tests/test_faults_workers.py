"""Faults in worker processes, with real processes: a killed worker, a record that kills its worker every
time, a record that cannot be sent to a worker, and the spawn and forkserver start methods."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import converter
from converter.adapters import ADAPTERS, s2
from converter.errors import ConversionError

from faults import ROOT, alive, children, jsonl, record, run, start


class _Killer:
    """An input format for these tests: an S2 record that says ``"die": "always"`` kills the worker process
    converting it (never the parent); ``"die": "once"`` kills the first worker only (a marker file
    remembers)."""

    NAME = "killer"

    def __init__(self, parent: int, marker: Path) -> None:
        self.parent, self.marker = parent, marker

    def detect(self, value: dict) -> bool:
        return False

    def to_item(self, data: dict, notes) -> dict:
        die = data.get("die")
        if os.getpid() != self.parent and (die == "always" or (die == "once" and not self.marker.exists())):
            self.marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return s2.to_item({key: value for key, value in data.items() if key != "die"}, notes)


@pytest.fixture
def killer(tmp_path):
    ADAPTERS["killer"] = _Killer(os.getpid(), tmp_path / "died")  # type: ignore[assignment]
    yield
    del ADAPTERS["killer"]


def _records(path: Path, count: int, **marked: dict) -> Path:
    with open(path, "w") as sink:
        for number in range(count):
            sink.write(json.dumps({**record(number), **marked.get(str(number), {})}) + "\n")
    return path


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
def test_a_worker_killed_once_is_replaced_and_its_chunk_retried(tmp_path, killer):
    path = _records(tmp_path / "in.jsonl", 1000, **{"700": {"die": "once"}})
    started = time.monotonic()
    two = converter.convert([path], "csl-json", format="killer", jobs=2)
    assert time.monotonic() - started < 60
    assert (tmp_path / "died").exists()  # a worker did die
    one = converter.convert([path], "csl-json", format="killer", jobs=1)
    assert two.output == one.output and two.errors == [] and two.written == 1000


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
def test_a_chunk_that_kills_its_worker_twice_fails_each_record_by_name_and_the_run_finishes(tmp_path, killer):
    path = _records(tmp_path / "in.jsonl", 1000, **{"300": {"die": "always"}})
    report = converter.convert([path], "csl-json", format="killer", jobs=2)
    # the chunk of 256 lines holding line 301 (lines 257..512) fails; every other record is written
    assert report.written == 1000 - 256 and report.failed == 256
    assert [error.record for error in report.errors] == [f"line {n}" for n in range(257, 513)]
    assert {error.code for error in report.errors} == {"worker"}
    assert str(report.errors[0]) == (f"{path}:line 257: a worker process died twice converting the chunk of "
                                     "this record (exit code -9)")
    ids = [item["id"] for item in json.loads(report.output)]
    assert len(ids) == 744 and ids == sorted(set(ids), key=ids.index)


def test_kill_9_of_a_worker_from_outside_the_command_still_finishes(tmp_path):
    path = jsonl(tmp_path / "in.jsonl", 20000)
    expected = run(path, "--to", "ris", "-j", "1")
    process = start(path, "--to", "ris", "-j", "2", "-o", tmp_path / "out.ris")
    deadline = time.monotonic() + 60
    while len(workers := children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) == 2
    os.kill(workers[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert (tmp_path / "out.ris").read_text(encoding="utf-8") == expected.stdout


def test_a_record_that_cannot_be_sent_to_a_worker_does_not_stop_the_others(tmp_path):
    deep: object = "bottom"
    for _ in range(600):
        deep = {"x": deep}
    records = [record(number) for number in range(300)]
    records[150]["deep"] = deep  # an unknown field, nested as deep as JSON parsing allows
    path = tmp_path / "array.json"
    path.write_text(json.dumps(records))
    two = converter.convert([path], "csl-json", jobs=2)
    one = converter.convert([path], "csl-json", jobs=1)
    assert two.output == one.output and len(json.loads(two.output)) == 300
    assert [str(error) for error in two.errors] == [str(error) for error in one.errors]


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_jobs_2_under_another_start_method_equals_jobs_1(tmp_path, method):
    path = jsonl(tmp_path / "in.jsonl", 500)
    (tmp_path / "in.jsonl").open("a").write("not json\n")
    script = textwrap.dedent(f"""
        import multiprocessing, sys
        import converter
        if __name__ == "__main__":
            multiprocessing.set_start_method({method!r})
            for to in ("bibtex", "ris", "csl-json", "apa"):
                one = converter.convert([{str(path)!r}], to, jobs=1)
                two = converter.convert([{str(path)!r}], to, jobs=2)
                assert two.output == one.output, to
                assert [str(e) for e in two.errors] == [str(e) for e in one.errors] != [], to
                assert two.written == one.written == 500, to
            print("same")
        """)
    (tmp_path / "check.py").write_text(script)
    result = subprocess.run([sys.executable, str(tmp_path / "check.py")], capture_output=True, text=True, timeout=300,
                            cwd=ROOT, check=False)
    assert (result.returncode, result.stdout.strip()) == (0, "same"), result.stderr


def test_worker_failures_name_each_record_of_an_array_chunk():
    from converter.sources import RawRecord
    from converter.workers import failed_chunk

    chunk = [RawRecord("a.json", 0, "s2", {}), RawRecord("a.json", 1, "s2", {})]
    assert [(done.file, done.record, done.error.reason) for done in failed_chunk(chunk, "why")] == [
        ("a.json", 0, "why"), ("a.json", 1, "why")]
    assert list(failed_chunk(ConversionError("x"), "why")) == []


def test_workers_end_when_the_parent_is_killed(tmp_path):
    process = start(jsonl(tmp_path / "in.jsonl", 40000), "--to", "bibtex", "-j", "2", "-o", tmp_path / "out.bib")
    deadline = time.monotonic() + 60
    while len(workers := children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) == 2
    process.kill()
    process.wait(timeout=30)
    deadline = time.monotonic() + 20
    while any(os.path.exists(f"/proc/{pid}") for pid in workers) and time.monotonic() < deadline:
        for pid in workers:  # reap them if they were ours (they are the killed command's children)
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)]


def test_a_worker_that_died_while_idle_is_replaced_before_it_gets_work(tmp_path):
    from converter.journals import resolve_settings
    from converter.pipeline import WriterSpec
    from converter.sources import iter_chunks
    from converter.workers import Workers

    chunks = list(iter_chunks(jsonl(tmp_path / "in.jsonl", 600), size=256))
    pool = Workers(2, resolve_settings(), WriterSpec.of("ris"), False)

    def feed():
        yield chunks[0]
        idle = pool.workers[1].process  # worker 0 has chunk 0; worker 1 waits for chunk 1
        idle.kill()
        idle.join()
        yield from chunks[1:]

    try:
        texts = [[done.text for done in result] for result in pool.map(feed())]
    finally:
        pool.close()
    assert texts == [[done.text for done in pool.local.convert(chunk)] for chunk in chunks]


def test_chunks_of_a_file_that_changes_after_it_was_read_are_converted_from_what_was_read(tmp_path):
    from converter.journals import resolve_settings
    from converter.pipeline import WriterSpec
    from converter.sources import iter_chunks
    from converter.workers import Workers

    path = jsonl(tmp_path / "in.jsonl", 600)
    chunks = list(iter_chunks(path, size=256))
    assert all(chunk.span is not None for chunk in chunks)  # the workers would read the lines themselves
    path.write_text("")  # then the file is emptied before they do
    pool = Workers(2, resolve_settings(), WriterSpec.of("ris"), False)
    try:
        texts = [[done.text for done in result] for result in pool.map(iter(chunks))]
    finally:
        pool.close()
    assert texts == [[done.text for done in pool.local.convert(chunk)] for chunk in chunks]
    assert sum(map(len, texts)) == 600 and None not in texts[0]
