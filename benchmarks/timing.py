"""Timing helpers shared by the benchmark scripts (run by hand, never in tests)."""
from __future__ import annotations

import compileall
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import converter


def compile_sources() -> None:
    """Byte-compile the modules of the checkout the benchmark scripts belong to (the one their commands
    run), as installing does: without it, with PYTHONDONTWRITEBYTECODE set, each ``citeconv`` command
    compiles them again (0.04-0.15 s a run). Not ``converter.__file__``: that is the installed checkout,
    another one when a script measures a second checkout."""
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "converter", quiet=1)


Result = TypeVar("Result")


def interleaved(functions: Sequence[Callable[[], Result]], rounds: int) -> list[list[Result]]:
    """What each function returns in each of ``rounds`` rounds, a round calling every function once in
    turn (this VM's speed drifts by tens of percent within a minute: interleaving gives each the same drift),
    each round starting one function later than the one before (so that no command always runs right after
    the same one: a command after a large one, such as pandoc, ran up to 10% slower)."""
    results: list[list[Result]] = [[] for _ in functions]
    for round in range(rounds):
        for position in range(len(functions)):
            index = (position + round) % len(functions)
            results[index].append(functions[index]())
    return results


def seconds(function: Callable[[], object]) -> float:
    """Wall seconds of one call."""
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


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
