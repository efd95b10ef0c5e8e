"""Timing helpers shared by the benchmark scripts (run by hand, never in tests)."""
from __future__ import annotations

import compileall
import subprocess
import time
from pathlib import Path

import converter


def compile_sources() -> None:
    """Byte-compile citeconv's modules as installing does: with an editable install and
    PYTHONDONTWRITEBYTECODE set, each ``citeconv`` command would compile them again (about 0.15 s a run)."""
    compileall.compile_dir(Path(converter.__file__).parent, quiet=1)


def time_write(items: list[dict], to: str, runs: int) -> list[float]:
    """Seconds of each of ``runs`` in-process writes, after one warm-up write."""
    converter.write(items, to, warnings=[])
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        converter.write(items, to, warnings=[])
        seconds.append(time.perf_counter() - start)
    return seconds


def time_command(command: list[str], runs: int, env: dict | None = None) -> list[float]:
    """Wall seconds of each of ``runs`` runs of a command (start-up included)."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        seconds.append(time.perf_counter() - start)
    return seconds
