"""Faults around files, with real files and processes: inputs never written, text that cannot be encoded,
broken and hostile inputs, special files in walks, and outputs that cannot be written."""
from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import zlib

import pytest

import converter
from converter.sources import iter_raw

from faults import ROOT, COMMAND, jsonl, record, run, start

REQUIRE_TOOLS = os.environ.get("CITECONV_REQUIRE_TOOLS") == "1"


# -- 1. inputs are never written ----------------------------------------------------------------------
def test_errors_file_that_is_an_input_is_a_usage_error_and_the_input_stays(tmp_path):
    path = jsonl(tmp_path / "x.jsonl", 3)
    before = path.read_bytes()
    result = run(path, "--to", "ris", "--errors", path)
    assert result.returncode == 2
    assert result.stderr == (f"citeconv: {path}: refusing to overwrite {path}, which this run reads (an input); "
                             "choose another --errors\n")
    assert path.read_bytes() == before


def test_split_into_the_input_directory_never_replaces_an_input(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.json").write_text(json.dumps([record(1)]))
    before = (tmp_path / "d" / "a.json").read_bytes()
    result = run(tmp_path / "d", "--to", "csl-json", "--split", "-o", tmp_path / "d")
    assert result.returncode == 2 and "refusing to overwrite" in result.stderr and "--split output" in result.stderr
    assert (tmp_path / "d" / "a.json").read_bytes() == before


def test_output_named_as_an_input_is_a_usage_error(tmp_path):
    path = jsonl(tmp_path / "x.jsonl", 1)
    link = tmp_path / "link.jsonl"
    link.symlink_to(path)
    result = run(path, "--to", "csl-json", "-o", link)  # the same file through a link
    assert result.returncode == 2 and "refusing to overwrite" in result.stderr
    assert path.read_text().count("\n") == 1


def test_errors_file_that_is_the_append_to_bib_is_a_usage_error(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@book{a, title={A}}\n")
    result = run(jsonl(tmp_path / "x.jsonl", 1), "--to", "bibtex", "--append-to", bib, "--errors", bib)
    assert result.returncode == 2 and "(--append-to)" in result.stderr
    assert bib.read_text() == "@book{a, title={A}}\n"


def test_a_rerun_into_the_input_folder_gives_the_same_output(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    jsonl(papers / "a.jsonl", 3)
    (papers / "b.json").write_text(json.dumps([record(7)]))
    outputs = []
    for _ in range(3):
        result = run(papers, "--to", "csl-json", "-o", papers / "refs.json", "--errors", papers / "errors.json")
        assert result.returncode == 0, result.stderr
        outputs.append((papers / "refs.json").read_text())
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(json.loads(outputs[2])) == 4


# -- 3. text that cannot be encoded ------------------------------------------------------------------
SURROGATE_LINE = '{"paperId": "\\ud800abc", "title": "Lone \\udc00 surrogate", "year": 2020, "authors": []}'


@pytest.mark.parametrize("to", ["csl-json", "bibtex", "biblatex", "ris", "apa", "vancouver"])
def test_lone_surrogates_become_replacement_characters_in_every_writer(tmp_path, to):
    path = jsonl(tmp_path / "in.jsonl", 500)
    with open(path, "a") as sink:
        sink.write(SURROGATE_LINE + "\n")
    out = tmp_path / "out.txt"
    result = run(path, "--to", to, "-o", out)
    assert result.returncode == 0, result.stderr
    text = out.read_bytes().decode("utf-8")  # valid UTF-8
    assert "Lone \ufffd surrogate" in text
    assert f"{path}:line 501: warning: 2 character(s) that cannot be encoded (lone surrogates) replaced by " \
           "U+FFFD [unencodable]" in result.stderr
    written = {"csl-json": 501, "ris": 501}.get(to)
    if written:
        assert text.count('"id"' if to == "csl-json" else "ER  -") == written


def test_a_failing_record_whose_id_holds_a_surrogate_is_reported_in_valid_utf8(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "\\udfffbad", "type": "no-such-type", "title": "T"}\n' + json.dumps(record(1)) + "\n")
    errors = tmp_path / "errors.jsonl"
    report = converter.convert([path], "csl-json", errors_to=errors)
    assert report.written == 1 and report.failed == 1
    line = json.loads(errors.read_bytes().decode("utf-8"))
    assert line["id"] == "\ufffdbad" and line["record"] == "line 1"


def test_write_of_hand_made_items_replaces_lone_surrogates_with_a_warning():
    found: list = []
    text = converter.write([{"id": "x\ud800", "type": "book", "title": "T\udfff"}], "csl-json", warnings=found)
    assert text.encode("utf-8") and "x\ufffd" in text and "T\ufffd" in text
    assert [warning.code for warning in found] == ["unencodable"]


def test_wtf8_bytes_of_a_surrogate_are_replaced_too(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"paperId": "a", "title": "Bad \xed\xa0\x80 bytes", "year": 2020}\n')
    found: list = []
    items = converter.read(path, warnings=found)
    assert items[0]["title"] == "Bad \ufffd bytes" and [w.code for w in found] == ["unencodable"]


# -- 4. reading -------------------------------------------------------------------------------------
def test_a_bad_byte_on_line_1_fails_only_line_1(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"paperId": "a", "title": "Bad \xff", "year": 2020}\n' + b"".join(
        json.dumps(record(n)).encode() + b"\n" for n in range(5)))
    report = converter.convert([path], "csl-json")
    assert report.written == 5
    assert [str(error) for error in report.errors] == [f"{path}:line 1: not UTF-8 (invalid byte at column 32)"]


def test_a_truncated_gzip_converts_every_complete_line_and_names_the_file(tmp_path):
    data = b"".join(json.dumps(record(n)).encode() + b"\n" for n in range(2000))
    whole = gzip.compress(data)
    path = tmp_path / "part.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    readable = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(whole[: len(whole) // 2])
    complete = readable.count(b"\n")
    report = converter.convert([path], "csl-json")
    assert report.written == complete > 500
    assert len(report.errors) == 1 and report.errors[0].code == "truncated"
    assert str(report.errors[0]) == (f"{path}: the data ends early after line {complete} (truncated gzip data); "
                                     "the lines before it were read")


def test_a_line_over_the_limit_fails_alone(tmp_path):
    path = tmp_path / "in.jsonl"
    big = json.dumps(record(99, abstract="x" * 5000))
    path.write_text(json.dumps(record(1)) + "\n" + big + "\n" + json.dumps(record(2)) + "\n")
    result = run(path, "--to", "csl-json", "--max-record-bytes", 2000)
    assert result.returncode == 1 and len(json.loads(result.stdout)) == 2
    assert (f"citeconv: {path}:line 2: larger than the limit of 2,000 bytes; skipped (raise it with "
            "--max-record-bytes)\n") in result.stderr


def test_a_document_over_the_limit_fails_as_a_whole_without_being_read(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps([record(n) for n in range(100)]))
    report = converter.convert([path, json.dumps(record(1))], "csl-json", max_record_bytes=10_000)
    assert report.written == 1 and report.errors[0].code == "too-large"


def test_a_gzip_bomb_cannot_exhaust_memory_and_the_good_files_are_written(tmp_path):
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as sink:  # 1 GiB of one line, about 1 MB on disk
        sink.write(json.dumps(record(1)).encode() + b"\n")
        piece = b"x" * (1 << 20)
        for _ in range(1024):
            sink.write(piece)
        sink.write(b"\n" + json.dumps(record(2)).encode() + b"\n")
    assert bomb.stat().st_size < 8 << 20
    good = jsonl(tmp_path / "good.jsonl", 3, first=10)
    # the child's own peak (VmHWM starts anew at exec; ru_maxrss would carry the pytest process's peak over)
    script = (f"import converter, json, re; r = converter.convert([{str(bomb)!r}, {str(good)!r}], 'csl-json'); "
              "peak = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) // 1024; "
              "print(json.dumps([r.written, [e.code for e in r.errors], peak]))")
    result = subprocess.run([COMMAND[0], "-c", script], capture_output=True, text=True, timeout=300, cwd=ROOT,
                            check=False)
    written, codes, peak_mb = json.loads(result.stdout)
    assert (written, codes) == (5, ["too-large"])
    assert peak_mb < 300  # the decompressed line is 1 GiB


def test_a_broken_first_line_does_not_make_the_reader_hold_the_file(tmp_path):
    read_end, write_end = os.pipe()
    lines = [b"{broken\n"] + [json.dumps(record(n)).encode() + b"\n" for n in range(100)]

    def feed() -> None:  # 100 lines, then the pipe stays open until the reader has them
        os.write(write_end, b"".join(lines))
        got_them.wait(30)
        os.close(write_end)

    got_them = threading.Event()
    threading.Thread(target=feed, daemon=True).start()
    with os.fdopen(read_end, "rb") as stream:
        records = iter_raw(stream)
        first = [next(records) for _ in range(90)]  # would block if the whole input were read first
        got_them.set()
        rest = list(records)
    assert first[0].error is not None and first[0].record == "line 1"
    assert len(first) + len(rest) == 101


def test_a_walk_skips_fifos_sockets_and_dangling_links_with_a_warning(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    jsonl(folder / "a.jsonl", 2)
    os.mkfifo(folder / "pipe.jsonl")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock.json"))
    (folder / "gone.json").symlink_to(tmp_path / "nowhere.json")
    result = run(folder, "--to", "csl-json", timeout=60)
    server.close()
    assert result.returncode == 0 and len(json.loads(result.stdout)) == 2
    assert result.stderr.splitlines() == [
        f"citeconv: {folder}/gone.json: warning: cannot read: No such file or directory; skipped [unreadable]",
        f"citeconv: {folder}/pipe.jsonl: warning: a FIFO, not a regular file; skipped [not-a-file]",
        f"citeconv: {folder}/sock.json: warning: a socket, not a regular file; skipped [not-a-file]"]


def test_an_unreadable_subdirectory_is_reported(tmp_path):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    jsonl(folder / "a.jsonl", 1)
    jsonl(folder / "locked" / "b.jsonl", 1)
    (folder / "locked").chmod(0)
    prefix = []
    if os.geteuid() == 0:  # root reads any directory: run without the capabilities that allow it
        prefix = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]
        if shutil.which("setpriv") is None:
            pytest.fail("setpriv (util-linux) is needed to test this as root") if REQUIRE_TOOLS else pytest.skip(
                "setpriv missing")
    try:
        result = subprocess.run([*prefix, *COMMAND, str(folder), "--to", "csl-json"], capture_output=True, text=True,
                                timeout=60, cwd=ROOT, check=False)
    finally:
        (folder / "locked").chmod(0o755)
    assert result.returncode == 0 and len(json.loads(result.stdout)) == 1
    assert result.stderr == (f"citeconv: {folder}/locked: warning: cannot read: Permission denied; skipped "
                             "[unreadable]\n")


def test_an_input_named_explicitly_may_be_a_pipe(tmp_path):
    fifo = tmp_path / "named.jsonl"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "w") as sink:
            sink.write(json.dumps(record(1)) + "\n")

    threading.Thread(target=feed, daemon=True).start()
    result = run(fifo, "--to", "csl-json", timeout=60)
    assert result.returncode == 0 and len(json.loads(result.stdout)) == 1


# -- 5. output faults --------------------------------------------------------------------------------
def test_a_full_device_is_named_for_what_it_is():
    result = run(ROOT / "fixtures" / "booksci" / "seed_korean_j_pain.txt", "--to", "bibtex", "-o", "/dev/full")
    assert (result.returncode, result.stderr) == (1, "citeconv: cannot write /dev/full: No space left on device\n")


def test_a_full_disk_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], capture_output=True,
                             check=False)
    if mounted.returncode != 0:
        (pytest.fail if REQUIRE_TOOLS else pytest.skip)(f"cannot mount a small tmpfs: {mounted.stderr!r}")
    try:
        (disk / "out.json").write_text("old")
        result = run(jsonl(tmp_path / "in.jsonl", 2000), "--to", "csl-json", "-o", disk / "out.json")
        assert (result.returncode, result.stderr) == (
            1, f"citeconv: cannot write {disk}/out.json: No space left on device\n")
        assert sorted(os.listdir(disk)) == ["out.json"] and (disk / "out.json").read_text() == "old"
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_read_only_target_is_not_replaced(tmp_path):
    out = tmp_path / "out.bib"
    out.write_text("keep")
    out.chmod(0o444)
    result = run(jsonl(tmp_path / "in.jsonl", 1), "--to", "bibtex", "-o", out)
    assert (result.returncode, result.stderr) == (
        1, f"citeconv: cannot write {out}: Permission denied (the file is read-only)\n")
    assert out.read_text() == "keep"


def test_a_directory_as_output_without_split_is_a_usage_error(tmp_path):
    result = run(jsonl(tmp_path / "in.jsonl", 1), "--to", "bibtex", "-o", tmp_path)
    assert (result.returncode, result.stderr) == (
        2, f"citeconv: {tmp_path}: is a directory (one output file per input needs split)\n")


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)])
def test_a_signal_mid_run_removes_the_temporary_file_and_keeps_the_old_output(tmp_path, signum, code):
    path = jsonl(tmp_path / "in.jsonl", 40000)
    out = tmp_path / "out.bib"
    out.write_text("old")
    process = start(path, "--to", "bibtex", "-o", out)
    deadline = time.monotonic() + 60
    while not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")] and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signum)
    process.communicate(timeout=60)
    assert process.returncode == code
    assert sorted(os.listdir(tmp_path)) == ["in.jsonl", "out.bib"] and out.read_text() == "old"


def test_output_through_a_symlink_writes_the_links_target(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    result = run(jsonl(tmp_path / "in.jsonl", 1), "--to", "csl-json", "-o", link)
    assert result.returncode == 0
    assert link.is_symlink() and len(json.loads(target.read_text())) == 1


def test_append_to_a_bib_that_does_not_parse_is_an_error_and_nothing_is_written(tmp_path):
    bib = tmp_path / "broken.bib"
    bib.write_text("@article{ok, title={Fine}}\n\n@article{open,\n  title={Never closed},\n  year=2020\n")
    out = tmp_path / "out.bib"
    result = run(jsonl(tmp_path / "in.jsonl", 1), "--to", "bibtex", "--append-to", bib, "-o", out)
    assert result.returncode == 2 and not out.exists()
    assert result.stderr == (f"citeconv: --append-to: {bib}: does not parse cleanly, so BibTeX would swallow the entries added "
                             "after it: the entry at line 3 ('@article{open,'); nothing written\n")
