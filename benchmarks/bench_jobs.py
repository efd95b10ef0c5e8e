#!/usr/bin/env python3
"""From which input size do worker processes pay for themselves? (by hand only; sets batch.PARALLEL_BYTES)

    python benchmarks/bench_jobs.py [--to bibtex] [--runs 5] [--sizes 250,500,1000,2000,4000,8000]

For each size (in generated S2 Graph API records), the whole ``citeconv`` command with ``-j 1`` and with
``-j`` the number of cores, interleaved; prints the median wall seconds, the ratio and the file size.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from timing import compile_sources, interleaved, seconds

from converter.cores import available_cores


def run(path: Path, to: str, jobs: int) -> None:
    subprocess.run([sys.executable, "-m", "converter.cli", str(path), "--to", to, "-q", "-j", str(jobs), "-o",
                    os.devnull], check=True, cwd=HERE.parent, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--to", default="bibtex")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="250,500,1000,2000,4000,8000")
    args = parser.parse_args()
    compile_sources()
    cores = available_cores()
    work = Path(tempfile.mkdtemp(prefix="citeconv-jobs-"))
    sizes = [int(size) for size in args.sizes.split(",")]
    paths = []
    for size in sizes:
        paths.append(work / f"{size}.jsonl")
        with open(paths[-1], "wb") as sink:
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(size)], stdout=sink, check=True)
    calls = [partial(seconds, partial(run, path, args.to, jobs)) for path in paths for jobs in (1, cores)]
    measured = interleaved(calls, args.runs)
    print(f"citeconv -> {args.to}, -j 1 against -j {cores}; {platform.node()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {datetime.date.today()}; median of {args.runs} interleaved rounds\n")
    print(f"| records | input KiB | -j 1 s | -j {cores} s | speed-up |\n|---:|---:|---:|---:|---:|")
    for index, (size, path) in enumerate(zip(sizes, paths)):
        one, many = (statistics.median(measured[2 * index + offset]) for offset in (0, 1))
        print(f"| {size:,} | {path.stat().st_size // 1024:,} | {one:.2f} | {many:.2f} | {one / many:.2f}x |")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
