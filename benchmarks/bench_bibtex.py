#!/usr/bin/env python3
"""BibTeX throughput: citeconv's writers beside citation-js (plugin-bibtex) on the same items, in the same run.

    python benchmarks/bench_bibtex.py [N] [--runs 5] [--seed 42] [--oracles DIR]

N Semantic Scholar Graph API records (benchmarks/generate.py, default 20,000) are converted to CSL-JSON items
once; both tools then turn those same items into BibTeX and BibLaTeX. Rows:

* writer in process: citeconv ``write(items, "bibtex")``; citation-js ``cite.format("bibtex")`` on a Cite built
  beforehand (CSL ids as keys, as citeconv uses), timed inside node after a warm-up;
* command from CSL-JSON: ``citeconv items.json --to bibtex`` and ``node cjs_convert.js items.json bibtex
  --id-labels``, start-up, reading and writing included (citeconv validates every CSL-JSON item against the
  schema on reading);
* command from the S2 records: ``citeconv records.jsonl --to bibtex``, with one process and with ``-j 2``
  (citation-js cannot read them; compare with its command from CSL-JSON).

DIR is the oracle folder with citation-js installed in ``node_modules`` (see its setup.sh; default
``$CITECONV_ORACLES`` or ``../shared/oracles``). Prints a markdown table; run by hand, never in tests.
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

# Times citation-js's BibTeX or BibLaTeX output inside node: the Cite object is built once (not timed), one
# warm-up, then RUNS calls of format(); prints the seconds of each as JSON.
CITATION_JS = """
const fs = require('fs');
const { Cite, plugins } = require('@citation-js/core');
require('@citation-js/plugin-bibtex');
plugins.config.get('@bibtex').format.useIdAsLabel = true;
const cite = new Cite(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
const [format, runs] = [process.argv[3], Number(process.argv[4])];
cite.format(format, { format: 'text' });
const seconds = [];
for (let run = 0; run < runs; run++) {
  const start = process.hrtime.bigint();
  cite.format(format, { format: 'text' });
  seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
}
process.stdout.write(JSON.stringify(seconds));
"""


def make_records(count: int, seed: int) -> str:
    """``count`` generated Graph API records as JSON Lines (the benchmark's common source)."""
    rng = random.Random(seed)
    return "\n".join(json.dumps(generate.graph_record(rng, number), ensure_ascii=False) for number in range(count))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int, nargs="?", default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--oracles", type=Path,
                        default=Path(os.environ.get("CITECONV_ORACLES", HERE.parent.parent / "shared" / "oracles")))
    args = parser.parse_args()
    compile_sources()
    modules = args.oracles / "node_modules"
    if not (modules / "@citation-js" / "plugin-bibtex").is_dir():
        print(f"bench_bibtex: no citation-js in {modules}; run the oracles' setup.sh (on a writable copy) and pass "
              "--oracles DIR", file=sys.stderr)
        return 2
    records = make_records(args.count, args.seed)
    items = converter.read(records, warnings=[])
    node_env = {**os.environ, "NODE_PATH": str(modules)}
    citation_js = "citation-js 0.8 plugin-bibtex"
    with tempfile.TemporaryDirectory() as folder:
        items_path = Path(folder) / "items.json"
        items_path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        records_path = Path(folder) / "records.jsonl"
        records_path.write_text(records + "\n", encoding="utf-8")
        script = Path(folder) / "time_citation_js.js"
        script.write_text(CITATION_JS, encoding="utf-8")

        def node(to: str) -> list[float]:
            return json.loads(subprocess.run(["node", str(script), str(items_path), to, str(args.runs)], check=True,
                                             capture_output=True, env=node_env).stdout)

        command_runs = max(1, args.runs // 2)
        citeconv = [sys.executable, "-m", "converter.cli"]
        measured = {
            ("citeconv", "bibtex writer in process"): time_write(items, "bibtex", args.runs),
            (citation_js, "bibtex writer in process"): node("bibtex"),
            ("citeconv", "biblatex writer in process"): time_write(items, "biblatex", args.runs),
            (citation_js, "biblatex writer in process"): node("biblatex"),
            ("citeconv", "command, from CSL-JSON"): time_command(
                [*citeconv, str(items_path), "--to", "bibtex", "-q"], command_runs),
            (citation_js, "command, from CSL-JSON"): time_command(
                ["node", str(args.oracles / "cjs_convert.js"), str(items_path), "bibtex", "--id-labels"],
                command_runs, node_env),
            ("citeconv", "command, from the S2 records"): time_command(
                [*citeconv, str(records_path), "--to", "bibtex", "-q"], command_runs),
            ("citeconv", "command, from the S2 records, -j 2"): time_command(
                [*citeconv, str(records_path), "--to", "bibtex", "-q", "-j", "2"], command_runs),
        }
    print(f"BibTeX, {len(items)} items from {args.count} generated records (seed {args.seed}), median of "
          f"{args.runs} runs in process, {command_runs} per command\n")
    print("| tool | timed | median s | records/s |")
    print("|---|---|---:|---:|")
    for (tool, what), seconds in measured.items():
        median = statistics.median(seconds)
        print(f"| {tool} | {what} | {median:.3f} | {len(items) / median:,.0f} |")
    print()
    for what in ("bibtex writer in process", "biblatex writer in process", "command, from CSL-JSON"):
        ratio = statistics.median(measured[citation_js, what]) / statistics.median(measured["citeconv", what])
        print(f"{what}: citeconv is {ratio:.2f}x citation-js")
    for what in ("command, from the S2 records", "command, from the S2 records, -j 2"):
        ratio = statistics.median(measured[citation_js, "command, from CSL-JSON"]) / statistics.median(
            measured["citeconv", what])
        print(f"{what}: citeconv is {ratio:.2f}x citation-js's command from CSL-JSON")
    return 0


if __name__ == "__main__":
    sys.exit(main())
