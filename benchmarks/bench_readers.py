#!/usr/bin/env python3
"""Reading BibTeX and RIS: citeconv beside pandoc and citation-js, on the same files, in the same run.

    python benchmarks/bench_readers.py [N] [--runs 3] [--seed 42] [--pandoc PATH] [--oracles DIR]

N Semantic Scholar records (benchmarks/generate.py) become CSL-JSON items, written once as a BibTeX file
(ASCII with LaTeX accents, escapes and braced words, as classic BibTeX has them) and once as a RIS file.
Each tool then reads each file into CSL-JSON, as a whole command (start-up and output included):

* ``citeconv FILE --to csl-json -q`` (with journal abbreviations, the default; ``-j 2`` as well) and with
  ``--no-abbreviations`` (the reading alone);
* ``pandoc -f bibtex|ris -t csljson FILE`` (PATH, default pandoc 3.9 under /tmp/oracles);
* ``node cjs_convert.js FILE csl`` (citation-js, from the oracle folder DIR, default /tmp/oracles).

Rounds are interleaved (this VM's speed drifts); a run longer than ``--timeout`` seconds is stopped and
shown as such. Prints a markdown table of medians and the ratios of the
others' times to citeconv's; run by hand, never in tests.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/generate.py)
from timing import compile_sources, interleaved  # noqa: E402

import converter  # noqa: E402


def make_files(count: int, seed: int, folder: Path) -> dict[str, Path]:
    """The BibTeX and RIS files of ``count`` generated records."""
    rng = random.Random(seed)
    lines = "\n".join(json.dumps(generate.graph_record(rng, number), ensure_ascii=False) for number in range(count))
    items = converter.read(lines, warnings=[])
    files = {"bibtex": folder / "records.bib", "ris": folder / "records.ris"}
    for name, path in files.items():
        path.write_text(converter.write(items, name, warnings=[]), encoding="utf-8")
    return files


def run(command: list[str], env: dict | None, timeout: float) -> float:
    """Wall seconds of one run; infinity when it takes longer than ``timeout`` (the run is stopped)."""
    start = time.perf_counter()
    try:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                       timeout=timeout)
    except subprocess.TimeoutExpired:
        return float("inf")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int, nargs="?", default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--pandoc", default="/tmp/oracles/tools/pandoc-3.9/pandoc")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a run is stopped")
    parser.add_argument("--oracles", type=Path, default=Path(os.environ.get("CITECONV_ORACLES", "/tmp/oracles")))
    args = parser.parse_args()
    compile_sources()
    modules = args.oracles / "node_modules"
    node_env = {**os.environ, "NODE_PATH": str(modules)}
    pandoc_version = subprocess.run([args.pandoc, "--version"], capture_output=True, text=True,
                                    check=True).stdout.split("\n")[0]
    citeconv = [sys.executable, "-m", "converter.cli"]
    with tempfile.TemporaryDirectory() as folder:
        files = make_files(args.count, args.seed, Path(folder))
        rows: list[tuple[str, str, list[str], dict | None]] = []
        for name, path in files.items():
            rows += [
                (name, "citeconv", [*citeconv, str(path), "--to", "csl-json", "-q"], None),
                (name, "citeconv -j 2", [*citeconv, str(path), "--to", "csl-json", "-q", "-j", "2"], None),
                (name, "citeconv --no-abbreviations",
                 [*citeconv, str(path), "--to", "csl-json", "-q", "--no-abbreviations"], None),
                (name, pandoc_version, [args.pandoc, "-f", name, "-t", "csljson", str(path)], None),
                (name, "citation-js", ["node", str(args.oracles / "cjs_convert.js"), str(path), "csl"], node_env),
            ]
        measured = interleaved([lambda row=row: run(row[2], row[3], args.timeout) for row in rows], args.runs)
    print(f"Reading {args.count} records (generated, seed {args.seed}) into CSL-JSON, whole commands, "
          f"median of {args.runs} interleaved runs\n")
    print("| input | tool | median s | records/s |")
    print("|---|---|---:|---:|")
    medians = {}
    for (name, tool, _, _), seconds in zip(rows, measured):
        medians[name, tool] = statistics.median(seconds)
        if medians[name, tool] == float("inf"):
            print(f"| {name} | {tool} | > {args.timeout:.0f} (stopped) | < {args.count / args.timeout:,.0f} |")
        else:
            print(f"| {name} | {tool} | {medians[name, tool]:.2f} | {args.count / medians[name, tool]:,.0f} |")
    print("\nothers' time / citeconv's time (citeconv with abbreviations, one process):")
    for name in files:
        ratios = [f"{tool} {medians[name, tool] / medians[name, 'citeconv']:.2f}x".replace("infx", "> timeout")
                  for tool in (pandoc_version, "citation-js")]
        print(f"* {name}: {', '.join(ratios)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
