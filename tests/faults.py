"""Shared helpers of the fault tests: generated records and the command line as a real process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
COMMAND = [sys.executable, "-m", "converter.cli"]


def record(number: int, **extra: object) -> dict:
    """A distinct S2 Graph API paper."""
    return {"paperId": f"{number:040x}", "title": f"Study number {number} of robust inference",
            "authors": [{"authorId": str(number), "name": f"Ann Lee{number % 7}"}], "year": 2000 + number % 25,
            "venue": "Mind", "journal": {"name": "Mind", "volume": str(number % 90), "pages": f"{number}-{number + 9}"},
            "externalIds": {"DOI": f"10.1000/study.{number}"}, **extra}


def jsonl(path: Path, count: int, first: int = 0) -> Path:
    with open(path, "w", encoding="utf-8") as sink:
        for number in range(first, first + count):
            sink.write(json.dumps(record(number)) + "\n")
    return path


def run(*args: object, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    """``citeconv ARGS`` as a real process, in the repository, with text output."""
    return subprocess.run([*COMMAND, *map(str, args)], capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          check=False, **kwargs)


def start(*args: object, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([*COMMAND, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT, **kwargs)


def children(pid: int) -> list[int]:
    """The process ids whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (Linux /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
