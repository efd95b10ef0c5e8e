#!/usr/bin/env python3
"""APA and Vancouver throughput: citeconv's styled writers beside citeproc-js (the oracle ``render.js``)
on the same items, in the same run.

    python benchmarks/bench_styles.py [N] [--runs 5] [--seed 42] [--oracles DIR]

N Semantic Scholar records (benchmarks/generate.py) are converted to CSL-JSON items once and written to a
temporary file; then, per style, both tools render that same file's whole bibliography as a command,
startup and input reading included (``citeconv items.json --from csl-json --to apa``;
``node render.js apa.csl items.json``), and citeconv's writer is also timed in process (``write(items,
"apa")`` after a one-item warm-up). Both use the same official CSL files and the same en-US locale.
DIR is the oracle folder (default ``$CITECONV_ORACLES`` or ``../shared/oracles``). Prints a markdown table
of medians with entries/s and the ratio to citeproc-js (above 1.0 = citeconv is faster; the command
ratio counts citeconv's CSL-JSON reading and validation, the in-process one does not, while render.js
always includes node's start-up). Run by hand, never in tests.
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
from converter.writers.styled import style_path  # noqa: E402

STYLES = {"apa": "apa.csl", "vancouver": "nlm-citation-sequence.csl"}


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--oracles", default=os.environ.get("CITECONV_ORACLES", str(HERE.parent.parent / "shared" / "oracles")))
    args = parser.parse_args()
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
            timed = (lambda: seconds(lambda: converter.write(items, to=style)),
                     lambda: seconds(lambda: run(citeconv + [str(path), "--from", "csl-json", "--to", style, "-q"])),
                     lambda: seconds(lambda: run(["node", str(render_js), style_path(style), str(path)])))
            ours_in_process, ours_command, theirs = map(statistics.median, interleaved(timed, args.runs))
            rows.append((style, len(items), ours_in_process, ours_command, theirs))
    print(f"{len(items)} items (benchmarks/generate.py, seed {args.seed}), median of {args.runs} interleaved rounds\n")
    print("| style | citeconv in process: s (entries/s) | citeconv command: s (entries/s) | citeproc-js render.js: s (entries/s) | ratio command / citeproc-js | ratio in process / citeproc-js |")
    print("|---|---|---|---|---|---|")
    for style, count, inner, command, theirs in rows:
        print(f"| {style} | {inner:.2f} ({count / inner:,.0f}) | {command:.2f} ({count / command:,.0f}) | "
              f"{theirs:.2f} ({count / theirs:,.0f}) | {theirs / command:.2f}x | {theirs / inner:.2f}x |")


if __name__ == "__main__":
    main()
