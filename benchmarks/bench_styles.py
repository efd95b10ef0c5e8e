#!/usr/bin/env python3
"""APA and Vancouver throughput: citeconv's styled writers beside citeproc-js (the oracle ``render.js``)
on the same items, in the same run.

    python benchmarks/bench_styles.py [N] [--runs 5] [--seed 42] [--oracles DIR]
    python benchmarks/bench_styles.py --threshold [--runs 3]

N Semantic Scholar records (benchmarks/generate.py) are converted to CSL-JSON items once and written to a
temporary file; then, per style, both tools render that same file's whole bibliography as a command,
startup and input reading included (``citeconv items.json --from csl-json --to apa``, with the defaults and
with ``-j 1``; ``node render.js apa.csl items.json``), and citeconv's writer is also timed in process
(``write(items, "apa")`` with the default ``jobs`` and with ``jobs=1``, after a one-item warm-up). With the
defaults a reference list of ``styled_parallel.PARALLEL_ENTRIES`` entries or more renders in one process
per core. Both use the same official CSL files and the same en-US locale. DIR is the oracle folder
(default ``$CITECONV_ORACLES`` or ``../shared/oracles``). Prints a markdown table of medians with
entries/s and the ratio to citeproc-js (above 1.0 = citeconv is faster; the command ratio counts
citeconv's CSL-JSON reading and validation, the in-process one does not, while render.js always includes
node's start-up). ``--threshold``: in-process ``jobs=1`` beside ``jobs=`` the usable cores for a few
list sizes around the default threshold (where the forked processes start to pay). The machine's other
load shows directly in the parallel figures: run it quiet. Run by hand, never in tests.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from bench_ris import make_items  # noqa: E402  (benchmarks/bench_ris.py: the common input)
from timing import compile_sources, interleaved, seconds  # noqa: E402

import converter  # noqa: E402
from converter.cores import available_cores  # noqa: E402
from converter.writers import styled_parallel  # noqa: E402
from converter.writers.styled import style_path  # noqa: E402

STYLES = {"apa": "apa.csl", "vancouver": "nlm-citation-sequence.csl"}


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def threshold(runs: int, seed: int) -> None:
    """In-process ``jobs=1`` beside ``jobs=`` the usable cores, list sizes around the threshold."""
    cores = available_cores()
    sizes = [50, 100, 200, 300, 500, 1000]
    items = make_items(max(sizes), seed)
    print(f"median of {runs} interleaved rounds, {cores} usable cores, default threshold "
          f"{styled_parallel.PARALLEL_ENTRIES} entries\n")
    print(f"| style | entries | jobs=1: s | jobs={cores}: s | speed-up |")
    print("|---|---|---|---|---|")
    for style in STYLES:
        converter.write(items[:50], to=style, jobs=1)
        converter.write(items[:50], to=style, jobs=cores)
        for size in sizes:
            timed = [lambda jobs=jobs: seconds(lambda: converter.write(items[:size], to=style, jobs=jobs))
                     for jobs in (1, cores)]
            one, many = map(statistics.median, interleaved(timed, runs))
            print(f"| {style} | {size} | {one:.3f} | {many:.3f} | {one / many:.2f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--oracles", default=os.environ.get("CITECONV_ORACLES", str(HERE.parent.parent / "shared" / "oracles")))
    parser.add_argument("--threshold", action="store_true", help="jobs=1 beside the cores for a few list sizes")
    args = parser.parse_args()
    if args.threshold:
        threshold(args.runs, args.seed)
        return
    compile_sources()
    render_js = Path(args.oracles) / "render.js"
    if not render_js.exists():
        sys.exit(f"no render.js in {args.oracles} (set --oracles or CITECONV_ORACLES)")
    items = make_items(args.count, args.seed)
    citeconv = [sys.executable, "-m", "converter.cli"] if not (Path(sys.executable).parent / "citeconv").exists() \
        else [str(Path(sys.executable).parent / "citeconv")]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "items.json"
        path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        for style, csl in STYLES.items():
            assert Path(style_path(style)).name == csl
            converter.write(items[:1], to=style)
            command = citeconv + [str(path), "--from", "csl-json", "--to", style, "-q"]
            timed = (lambda: seconds(lambda: converter.write(items, to=style)),
                     lambda: seconds(lambda: converter.write(items, to=style, jobs=1)),
                     lambda: seconds(lambda: run(command)),
                     lambda: seconds(lambda: run(command + ["-j", "1"])),
                     lambda: seconds(lambda: run(["node", str(render_js), style_path(style), str(path)])))
            rows.append((style, *map(statistics.median, interleaved(timed, args.runs))))
    count = len(items)
    print(f"{count} items (benchmarks/generate.py, seed {args.seed}), median of {args.runs} interleaved rounds, "
          f"{available_cores()} usable cores\n")
    print("| style | citeconv command, defaults: s (entries/s) | command -j 1 | in process, defaults | in process, "
          "jobs=1 | citeproc-js render.js | ratio command defaults / -j 1 to citeproc-js | ratio in process "
          "defaults / jobs=1 to citeproc-js |")
    print("|---|---|---|---|---|---|---|---|")
    for style, inner, inner_one, command, command_one, theirs in rows:
        cell = lambda value: f"{value:.2f} ({count / value:,.0f})"  # noqa: E731
        print(f"| {style} | {cell(command)} | {cell(command_one)} | {cell(inner)} | {cell(inner_one)} | "
              f"{cell(theirs)} | {theirs / command:.2f}x / {theirs / command_one:.2f}x | "
              f"{theirs / inner:.2f}x / {theirs / inner_one:.2f}x |")


if __name__ == "__main__":
    main()
