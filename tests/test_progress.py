"""The batch progress bar: bytes read of the inputs' total size, found from the open input files."""
from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

from converter.report import batch_progress_bar as _progress_bar

ROOT = Path(__file__).parent.parent


def test_bytes_read_of_the_total_size(tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_bytes(b"x" * 1000)
    second.write_bytes(b"y" * 3000)
    stream = io.StringIO()
    bar = _progress_bar(True, [str(first), str(second)], stream)
    with second.open("rb", buffering=0) as reading:  # the first input is done once the second one is open
        reading.read(1500)
        bar.update(256)
        assert bar.bar.n == 1000 + 1500
    bar.update(10)  # nothing open: the last input seen open has been read
    assert bar.bar.n == 4000
    bar.close()
    last = stream.getvalue().replace("\r", "\n").strip().splitlines()[-1]
    assert last.startswith("100%") and "3.91k/3.91k" in last and "266 records" in last


def test_unknown_sizes_count_records():
    stream = io.StringIO()
    bar = _progress_bar(True, ["-"], stream)
    bar.update(5)
    bar.close()
    assert "5 records" in stream.getvalue() and "%" not in stream.getvalue()
    assert not hasattr(_progress_bar(False, ["-"]), "bar")


def test_the_command_line_shows_percent_and_eta_on_a_terminal(tmp_path):
    source = tmp_path / "many.jsonl"
    source.write_text("".join(json.dumps({"paperId": f"{n:040x}", "title": f"Paper {n}", "year": 2020}) + "\n"
                              for n in range(3000)), encoding="utf-8")
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # a terminal 120 wide
    try:
        run = subprocess.run([sys.executable, "-m", "converter.cli", str(source), "-t", "csl-json", "-o",
                              str(tmp_path / "out.json")], stderr=secondary, capture_output=False,
                             stdout=subprocess.DEVNULL, cwd=ROOT, timeout=120, check=False)
        os.close(secondary)
        output = b""
        while True:
            try:
                data = os.read(main, 65536)
            except OSError:
                break
            if not data:
                break
            output += data
    finally:
        os.close(main)
    assert run.returncode == 0
    text = output.decode("utf-8", "replace").replace("\r", "\n")
    kib = f"{source.stat().st_size / 1024:.0f}k"
    bars = [line for line in text.splitlines() if "%|" in line]
    assert bars and bars[-1].startswith("100%|")
    assert f"| {kib}/{kib} [" in bars[-1] and "<00:00" in bars[-1] and "3,000 records]" in bars[-1]


def test_a_bar_starts_no_thread(tmp_path):
    """tqdm's monitor thread would keep the styled writers from forking (they render in one process while
    another thread runs). In a new process: tqdm's monitor outlives the bars that started it."""
    source = tmp_path / "a.jsonl"
    source.write_bytes(b"x" * 100)
    script = ("import io, sys, threading\n"
              "from converter.report import batch_progress_bar\n"
              "for bar in (batch_progress_bar(True, [sys.argv[1]], io.StringIO()), batch_progress_bar(True, ['-'], io.StringIO())):\n"
              "    bar.update(1)\n"
              "    print(threading.active_count())\n"
              "    bar.close()\n")
    run = subprocess.run([sys.executable, "-c", script, str(source)], capture_output=True, text=True, cwd=ROOT,
                         timeout=60, check=True)
    assert run.stdout.split() == ["1", "1"]
