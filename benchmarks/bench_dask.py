#!/usr/bin/env python3
"""Dask on a LocalCluster against ``citeconv -j N``: wall time and peak RSS of each worker (by hand only).

    python benchmarks/bench_dask.py [LINES] [--parts 4] [--workers 2] [--to bibtex] [--memory-limit 450MB]

Generates LINES Datasets ``papers`` lines in PARTS gzip parts (benchmarks/generate.py, one seed per part),
then converts them (one output per part) twice: with ``convert_parts`` on a
``distributed.LocalCluster(n_workers=WORKERS, threads_per_worker=1)`` and with
``citeconv PARTS --split -o DIR -j WORKERS``. Peak RSS: each Dask worker's own ``ru_maxrss``; for the
command, its parent and each worker process sampled every 0.1 s (psutil). Prints a markdown table.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent


def generate(lines: int, parts: int, folder: Path) -> list[Path]:
    """``parts`` gzip files of Datasets lines, generated two at a time."""
    paths = [folder / f"papers-part{number}.jsonl.gz" for number in range(parts)]
    sizes = [lines // parts + (number < lines % parts) for number in range(parts)]
    running: list[subprocess.Popen] = []
    for number, (path, size) in enumerate(zip(paths, sizes)):
        command = (f"{sys.executable} {HERE / 'generate.py'} {size} --kind dataset --seed {number} | gzip -1 > {path}")
        running.append(subprocess.Popen(command, shell=True))
        if len(running) == 2:
            running.pop(0).wait()
    for process in running:
        process.wait()
    return paths


class PeakSampler:
    """The peak RSS of a process and of each of its children, sampled in a thread."""

    def __init__(self, pid: int) -> None:
        self.process, self.peaks, self.done = psutil.Process(pid), {}, threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                for process in [self.process, *self.process.children(recursive=True)]:
                    rss = process.memory_info().rss
                    self.peaks[process.pid] = max(rss, self.peaks.get(process.pid, 0))
            except psutil.Error:
                pass
            time.sleep(0.1)

    def stop(self) -> dict[int, int]:
        self.done.set()
        self.thread.join()
        return self.peaks


def run_command(parts: list[Path], to: str, workers: int, out: Path) -> tuple[float, int, list[int]]:
    """Wall seconds, the parent's peak RSS and each worker's, in bytes."""
    out.mkdir()
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "converter.cli", *map(str, parts), "--to", to, "--split",
                                "-o", str(out), "-j", str(workers), "-q"], cwd=HERE.parent)
    sampler = PeakSampler(process.pid)
    process.wait()
    seconds = time.perf_counter() - start
    peaks = sampler.stop()
    parent = peaks.pop(process.pid, 0)
    return seconds, parent, sorted(peaks.values(), reverse=True)


def run_dask(parts: list[Path], to: str, workers: int, memory_limit: str, out: Path) -> tuple[float, float, list[int]]:
    """Seconds to start the cluster, seconds of ``convert_parts``, each worker's peak RSS in bytes."""
    from distributed import Client, LocalCluster

    from converter.dask import convert_parts

    start = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, memory_limit=memory_limit,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        started = time.perf_counter()
        reports = convert_parts(parts, to, out)
        seconds = time.perf_counter() - started
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    written = sum(report.written for report in reports)
    print(f"dask: {written:,} written, {sum(report.failed for report in reports)} failed", file=sys.stderr)
    return started - start, seconds, sorted(peaks.values(), reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lines", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--parts", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--to", default="bibtex")
    parser.add_argument("--memory-limit", default="450MB", help="each Dask worker's limit (default 450MB)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="citeconv-dask-"))
    try:
        parts = generate(args.lines, args.parts, work)
        dask_start, dask_seconds, dask_peaks = run_dask(parts, args.to, args.workers, args.memory_limit, work / "dask")
        command_seconds, parent, command_peaks = run_command(parts, args.to, args.workers, work / "command")
        same = all((work / "dask" / name).read_bytes() == (work / "command" / name).read_bytes()
                   for name in sorted(os.listdir(work / "command")))
    finally:
        shutil.rmtree(work)
    megabytes = ", ".join
    print(f"{args.lines:,} Datasets lines in {args.parts} gzip parts -> {args.to}; {platform.node()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, {datetime.date.today()}; one run\n")
    print("| run | wall s | peak RSS per worker MB | parent MB |\n|---|---:|---:|---:|")
    print(f"| Dask LocalCluster({args.workers} workers, {args.memory_limit} each) | {dask_seconds:.0f} "
          f"(+{dask_start:.0f} to start) | {megabytes(f'{peak / 2**20:.0f}' for peak in dask_peaks)} | - |")
    print(f"| citeconv --split -j {args.workers} | {command_seconds:.0f} | "
          f"{megabytes(f'{peak / 2**20:.0f}' for peak in command_peaks)} | {parent / 2**20:.0f} |")
    print(f"\nsame outputs: {same}")


if __name__ == "__main__":
    main()
