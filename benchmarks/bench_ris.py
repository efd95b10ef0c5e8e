#!/usr/bin/env python3
"""RIS throughput: citeconv's writer beside citation-js (plugin-ris) on the same items, in the same run.

    python benchmarks/bench_ris.py [N] [--runs 10] [--seed 42] [--oracles DIR]

N Semantic Scholar records (benchmarks/generate.py) are converted to CSL-JSON items once; both tools then
turn those same items into RIS. Two rows per tool:

* the writer in process: citeconv ``write(items, "ris")``; citation-js ``cite.format("ris")`` on a Cite built
  beforehand (not timed), timed inside node after a warm-up;
* the whole command from a CSL-JSON file, startup and input reading included: ``citeconv items.json --to ris``;
  ``node cjs_convert.js items.json ris``.

DIR is the oracle folder with citation-js in ``node_modules`` (see its setup.sh; default ``$CITECONV_ORACLES``
or ``../shared/oracles``). Prints a markdown table of medians; run by hand, never in tests.
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/generate.py)
from timing import compile_sources, time_command, time_write  # noqa: E402

import converter  # noqa: E402

# Times citation-js's RIS output inside node: the Cite object is built once (not timed), one warm-up, then
# RUNS calls of format('ris'); prints the seconds of each as JSON.
CITATION_JS = """
const fs = require('fs');
const { Cite } = require('@citation-js/core');
require('@citation-js/plugin-ris');
const cite = new Cite(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
const runs = Number(process.argv[3]);
cite.format('ris', { format: 'text' });
const seconds = [];
for (let run = 0; run < runs; run++) {
  const start = process.hrtime.bigint();
  cite.format('ris', { format: 'text' });
  seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
}
process.stdout.write(JSON.stringify(seconds));
"""


def make_items(count: int, seed: int) -> list[dict]:
    """The CSL-JSON items of ``count`` generated Graph API records (the benchmark's common input)."""
    rng = random.Random(seed)
    lines = "\n".join(json.dumps(generate.graph_record(rng, number), ensure_ascii=False) for number in range(count))
    return converter.read(lines, warnings=[])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int, nargs="?", default=2000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--oracles", type=Path,
                        default=Path(os.environ.get("CITECONV_ORACLES", HERE.parent.parent / "shared" / "oracles")))
    args = parser.parse_args()
    compile_sources()
    modules = args.oracles / "node_modules"
    if not (modules / "@citation-js" / "plugin-ris").is_dir():
        print(f"bench_ris: no citation-js in {modules}; run the oracles' setup.sh (on a writable copy) and pass "
              "--oracles DIR", file=sys.stderr)
        return 2
    version = json.loads((modules / "@citation-js" / "plugin-ris" / "package.json").read_text("utf-8"))["version"]
    theirs = f"citation-js plugin-ris {version}"
    items = make_items(args.count, args.seed)
    node_env = {**os.environ, "NODE_PATH": str(modules)}
    with tempfile.TemporaryDirectory() as folder:
        items_path = Path(folder) / "items.json"
        items_path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        script = Path(folder) / "time_citation_js.js"
        script.write_text(CITATION_JS, encoding="utf-8")
        measured = {
            ("citeconv", "writer in process"): time_write(items, "ris", args.runs),
            (theirs, "writer in process"): json.loads(subprocess.run(
                ["node", str(script), str(items_path), str(args.runs)], check=True, capture_output=True,
                env=node_env).stdout),
            ("citeconv", "command, from CSL-JSON"): time_command(
                [sys.executable, "-m", "converter.cli", str(items_path), "--to", "ris", "-q"], args.runs),
            (theirs, "command, from CSL-JSON"): time_command(
                ["node", str(args.oracles / "cjs_convert.js"), str(items_path), "ris"], args.runs, node_env),
        }
    print(f"RIS, {len(items)} items from {args.count} generated records (seed {args.seed}), "
          f"median of {args.runs} runs\n")
    print("| tool | timed | median s | records/s |")
    print("|---|---|---:|---:|")
    for (tool, what), seconds in measured.items():
        median = statistics.median(seconds)
        print(f"| {tool} | {what} | {median:.4f} | {len(items) / median:,.0f} |")
    ratios = [f"{what} {statistics.median(measured[theirs, what]) / statistics.median(measured['citeconv', what]):.1f}x"
              for what in ("writer in process", "command, from CSL-JSON")]
    print(f"\ncitation-js time / citeconv time: {', '.join(ratios)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
