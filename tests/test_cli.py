"""The citeconv command line, run as a subprocess: output, exit codes, messages, broken input."""
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SEED = ROOT / "fixtures" / "booksci" / "seed_korean_j_pain.txt"
GOOD = {"paperId": "a" * 40, "title": "Good paper", "authors": [{"authorId": "1", "name": "Ann Lee"}], "year": 2020}


def citeconv(*args, stdin: bytes | None = None, cwd: Path | None = None):
    return subprocess.run([sys.executable, "-m", "converter.cli", *map(str, args)], input=stdin,
                          capture_output=True, cwd=cwd or ROOT, timeout=60)


def test_seed_to_csl_json_matches_the_reference_item():
    run = citeconv(SEED, "--to", "csl-json")
    assert run.returncode == 0, run.stderr
    reference = json.loads((ROOT / "tests" / "golden" / "seed_reference_item.json").read_text(encoding="utf-8"))
    [item] = json.loads(run.stdout)
    assert item == reference
    assert run.stderr == b""


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "citeconv"
    if not script.exists():
        pytest.fail(f"console script missing next to {sys.executable}; install the package first")
    run = subprocess.run([str(script), "--version"], capture_output=True, timeout=60)
    assert run.returncode == 0 and run.stdout.startswith(b"citeconv ")


def test_help_has_examples_and_usage_errors_exit_2():
    run = citeconv("--help")
    assert run.returncode == 0 and b"examples:" in run.stdout
    run = citeconv(SEED)
    assert run.returncode == 2 and run.stderr == b"citeconv: the following arguments are required: -t/--to\n"
    run = citeconv(SEED, "--to", "pdf")
    assert run.returncode == 2
    assert run.stderr.decode().startswith("citeconv: -t/--to: unknown output format or CSL style 'pdf'")


def test_stdin_and_output_file(tmp_path):
    out = tmp_path / "out.json"
    run = citeconv("-", "--to", "csl-json", "-o", out, stdin=json.dumps(GOOD).encode())
    assert run.returncode == 0, run.stderr
    assert json.loads(out.read_text())[0]["id"] == "lee2020good"
    assert run.stdout == b""
    assert run.stderr.decode() == (f"citeconv: wrote {out}: 1 file(s), 1 record(s): 1 written, 0 failed, "
                                   "0 skipped, 0 warning(s)\n")


def test_refuses_to_overwrite_an_input(tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(GOOD))
    run = citeconv(source, "--to", "csl-json", "-o", source)
    assert run.returncode == 2
    assert run.stderr.decode() == (f"citeconv: {source}: refusing to overwrite {source}, which this run reads "
                                   "(an input); choose another -o\n")
    assert json.loads(source.read_text()) == GOOD


def _broken_inputs(folder: Path) -> dict[str, Path]:
    files = {
        "truncated.json": b'{"paperId": "abc", "title": "Trunc',
        "garbage.bin": bytes(range(256)) * 8,
        "nulls.json": json.dumps([None, GOOD, None]).encode(),
        "notitle.json": json.dumps({"paperId": "b" * 40, "authors": [{"authorId": "1", "name": "Ann Lee"}]}).encode(),
        "big_abstract.json": json.dumps({**GOOD, "abstract": "<p>" + "a < b <c " * 600_000}).encode(),
        "deep.json": b"[" * 10_000 + b"]" * 10_000,
        "wrong_types.json": json.dumps({"paperId": "e" * 40, "title": "Wrong types", "authors": 42,
                                        "year": "twenty", "journal": [1, 2]}).encode(),
        "gbk.txt": SEED.read_text(encoding="utf-8").encode("gb18030"),
        "good.json": json.dumps(GOOD).encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in files}


EXPECTED = {
    "truncated.json": (1, "truncated.json: invalid JSON: Unterminated string starting at (line 1, column 29)"),
    "garbage.bin": (1, "garbage.bin: not UTF-8 text (invalid byte 0x80 at offset 128); save the file as UTF-8"),
    "nulls.json": (0, "nulls.json:0: warning: null record (an id not found); skipped [null-record]"),
    "notitle.json": (0, "notitle.json:line 1: warning: record has no title [no-title]"),
    "big_abstract.json": (0, None),
    "deep.json": (1, "deep.json: JSON nested too deeply"),
    "wrong_types.json": (0, "wrong_types.json:line 1: warning: authors is a number, expected a list; dropped [wrong-type]"),
    "gbk.txt": (0, "gbk.txt:0: warning: the file is not UTF-8; decoded as GB18030 [decoded-gb18030]"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_input_gives_a_message_never_a_traceback(tmp_path, name):
    paths = _broken_inputs(tmp_path)
    run = citeconv(paths[name].name, "--to", "csl-json", cwd=tmp_path)
    code, message = EXPECTED[name]
    stderr = run.stderr.decode()
    assert run.returncode == code, stderr
    assert "Traceback" not in stderr
    if message:
        assert f"citeconv: {message}" in stderr.splitlines()
    for line in stderr.splitlines():
        assert line.startswith("citeconv: ")
    if code == 0:
        assert len(json.loads(run.stdout)) >= 1


def test_in_a_batch_the_good_files_still_convert(tmp_path):
    _broken_inputs(tmp_path)
    run = citeconv(".", "--to", "csl-json", cwd=tmp_path)
    assert run.returncode == 1
    titles = sorted(item.get("title", "") for item in json.loads(run.stdout))
    assert titles == ["", "Good paper", "Good paper", "Good paper",
                      "Neuroplasticity in chronic pain: insights into diagnosis and treatment", "Wrong types"]
    errors = [line for line in run.stderr.decode().splitlines() if ": warning: " not in line]
    assert errors == ["citeconv: deep.json: JSON nested too deeply",
                      "citeconv: truncated.json: invalid JSON: Unterminated string starting at (line 1, column 29)",
                      "citeconv: 8 file(s) (2 not read), 8 record(s): 6 written, 0 failed, 2 skipped, 7 warning(s): "
                      "wrong-type 3, null-record 2, decoded-gb18030 1, no-title 1"]


def test_gzip_dataset_from_the_command_line(tmp_path):
    path = tmp_path / "part.jsonl.gz"
    record = {"corpusid": 7, "externalids": {"DOI": None, "CorpusId": "7"}, "title": "Zipped", "authors": [],
              "year": 2012, "journal": {"name": "", "pages": "96-96", "volume": ""}}
    path.write_bytes(gzip.compress((json.dumps(record) + "\n").encode()))
    run = citeconv(path, "--to", "csl-json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)[0]["page"] == "96"


def test_environment_without_utf8_locale_still_writes_utf8(tmp_path):
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"}
    run = subprocess.run([sys.executable, "-m", "converter.cli", str(SEED), "--to", "csl-json"],
                         capture_output=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "Jaffal" in run.stdout.decode("utf-8")


def test_an_option_the_writer_does_not_take_is_a_usage_error():
    run = citeconv(SEED, "--to", "csl-json", "--bom")
    assert run.returncode == 2
    assert run.stderr.decode().strip() == "citeconv: the csl-json writer does not take --bom; it takes: no writer option"


def test_an_unexpected_bug_ends_in_one_line_not_a_traceback(tmp_path, monkeypatch, capsys):
    from converter import cli
    from converter.writers import WRITERS

    def broken(items, *, warnings):
        raise RuntimeError("boom")

    monkeypatch.setitem(WRITERS, "broken", broken)
    source = tmp_path / "in.json"
    source.write_text(json.dumps(GOOD))
    assert cli.main([str(source), "--to", "broken", "-o", str(tmp_path / "out.txt")]) == 1
    assert not (tmp_path / "out.txt").exists()
    assert capsys.readouterr().err == "citeconv: the broken writer failed (RuntimeError: boom); please report it\n"
