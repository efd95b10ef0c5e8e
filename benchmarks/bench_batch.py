#!/usr/bin/env python3
"""Batch throughput and memory, side by side with citation-js and pandoc, in one run (by hand only).

    python benchmarks/bench_batch.py [N] [--runs 3] [--oracles DIR] [--million]

* raw S2 Graph API JSON Lines (N generated records) to CSL-JSON, RIS and BibTeX through the citeconv
  command, with the default -j, 1 and 2 worker processes (whole command: start-up and reading included);
* citation-js (``cjs_convert.js``) and pandoc (``pandoc -f csljson -t bibtex``) on the same records'
  CSL-JSON, as they cannot read S2 records themselves;
* with ``--million``: 1,000,000 Datasets lines to BibTeX, peak RSS from ``/usr/bin/time``;
* the S2 mapping alone (``convert_record`` on records already parsed, in this process): µs per record.

Prints a markdown table with the machine and date. DIR holds the oracles (default ``$CITECONV_ORACLES`` or
``../shared/oracles``), with citation-js in ``node_modules``.
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
import time
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from timing import compile_sources, interleaved  # noqa: E402

CITECONV = [sys.executable, "-m", "converter.cli"]


def timed(command: list[str], output: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one run, through /usr/bin/time."""
    with open(output, "wb") as sink:
        run = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], stdout=sink, stderr=subprocess.PIPE,
                             cwd=HERE.parent)
    seconds, rss = run.stderr.decode().strip().splitlines()[-1].split()
    return float(seconds), int(rss)


def generate(count: int, kind: str, path: Path) -> None:
    with open(path, "wb") as sink:
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(count), "--kind", kind], stdout=sink, check=True)


def mapping_cost(records: Path) -> float:
    """CPU µs per record of ``convert_record`` (best of three passes, after one warm-up pass)."""
    sys.path.insert(0, str(HERE.parent))
    from converter.pipeline import convert_record
    from converter.journals import resolve_settings
    from converter.sources import iter_raw

    raws, settings = list(iter_raw(records)), resolve_settings()
    best = float("inf")
    for attempt in range(4):
        start = time.process_time()
        for raw in raws:
            convert_record(raw, settings)
        if attempt:
            best = min(best, time.process_time() - start)
    return best / len(raws) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", nargs="?", type=int, default=20_000)
    parser.add_argument("--oracles", default=os.environ.get("CITECONV_ORACLES", str(HERE.parent.parent / "shared" / "oracles")))
    parser.add_argument("--runs", type=int, default=3, help="rounds; each row is the median (default 3)")
    parser.add_argument("--million", action="store_true")
    args = parser.parse_args()
    compile_sources()
    oracles = Path(args.oracles)
    work = Path(tempfile.mkdtemp(prefix="citeconv-bench-"))
    records, items = work / "records.jsonl", work / "items.json"
    generate(args.count, "graph", records)
    subprocess.run([*CITECONV, str(records), "--to", "csl-json", "-q", "-o", str(items)], check=True, cwd=HERE.parent)
    runs: list[tuple[str, list[str], Path]] = []  # (row name, command, where its output goes)
    writers = [to for to in ("csl-json", "ris", "bibtex") if subprocess.run(
        [*CITECONV, str(items), "--to", to, "-q", "-o", os.devnull], cwd=HERE.parent).returncode == 0]
    for to in writers:
        for jobs in ("default", "1", "2"):
            flags = [] if jobs == "default" else ["-j", jobs]
            runs.append((f"citeconv S2 JSONL -> {to}, -j {jobs}",
                         [*CITECONV, str(records), "--to", to, "-q", *flags, "-o", str(work / f"out.{to}")],
                         work / "stdout"))
    if (oracles / "node_modules").is_dir():
        for to in ("bibtex", "ris"):
            runs.append((f"citation-js CSL-JSON -> {to}", ["node", str(oracles / "cjs_convert.js"), str(items), to],
                         work / f"cjs.{to}"))
    if shutil.which("pandoc"):
        runs.append(("pandoc CSL-JSON -> bibtex",
                     ["pandoc", "-f", "csljson", "-t", "bibtex", "--wrap=none", str(items)], work / "pandoc.bib"))
    measured = interleaved([partial(timed, command, output) for _, command, output in runs], args.runs)
    rows = [(name, statistics.median(wall for wall, _ in rounds), max(rss for _, rss in rounds))
            for (name, _, _), rounds in zip(runs, measured)]
    print(f"{args.count:,} records; {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{datetime.date.today()}; median of {args.runs} interleaved rounds\n")
    print("| run | wall s | records/s | peak RSS MB |\n|---|---:|---:|---:|")
    for name, seconds, rss in rows:
        print(f"| {name} | {seconds:.2f} | {args.count / seconds:,.0f} | {rss / 1024:.0f} |")
    by_name = {name: seconds for name, seconds, _ in rows}
    for to in ("bibtex", "ris"):
        peer = by_name.get(f"citation-js CSL-JSON -> {to}")
        if peer and to in writers:
            for jobs in ("default", 1, 2):
                ours = by_name[f"citeconv S2 JSONL -> {to}, -j {jobs}"]
                print(f"\n{to}, -j {jobs}: {peer / ours:.2f}x citation-js (goal 1.2x with the default)", end="")
    for to in writers:
        print(f"\n{to}: 2 workers {by_name[f'citeconv S2 JSONL -> {to}, -j 1'] / by_name[f'citeconv S2 JSONL -> {to}, -j 2']:.2f}x "
              "1 worker (goal 1.8x)", end="")
    print(f"\n\nS2 mapping (convert_record, records already parsed): {mapping_cost(records):.0f} µs/record")
    if args.million:
        million = work / "million.jsonl"
        generate(1_000_000, "dataset", million)
        seconds, rss = timed([*CITECONV, str(million), "--to", "bibtex", "-q", "-o", str(work / "million.bib")],
                             work / "stdout")
        print(f"\n1,000,000 Datasets lines -> bibtex: {seconds:.0f} s, peak RSS {rss / 1024:.0f} MB (goal <= 100 MB)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
