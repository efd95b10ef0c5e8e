#!/usr/bin/env python3
"""CPU µs per record of each stage of the pipeline, in this process (by hand only).

    python benchmarks/bench_stages.py [N] [--kind graph|dataset] [--rounds 3]

Stages, timed around each call (``time.process_time_ns``; about 0.3 µs of each figure is the clock):
read (a line from the file), parse (JSON), map (the S2 adapter), abbreviate (journal abbreviation),
id (the provisional citation key) and write (one entry of each streaming writer). Each round generates N
new records (benchmarks/generate.py, a new seed) and times one pass over them, after a warm-up pass over
other records, so the caches hold what a long run holds but not these records. Prints the median of
the rounds; the total for an output leaves out the abbreviate step where a batch skips it (an output
that prints no journal abbreviation, such as BibTeX). Run it on two checkouts
(``PYTHONPATH=OTHER python benchmarks/bench_stages.py``) to compare.
"""
from __future__ import annotations

import argparse
import datetime
import io
import os
import platform
import random
import statistics
import sys
from pathlib import Path
from time import process_time_ns as clock

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate

from converter import sources

try:  # the JSON reading steps, public in converter.json_records since they left converter.sources
    from converter.json_records import MAX_RECORD_BYTES, classify, parse_line, read_lines
except ImportError:  # a checkout from before that (to time it against this one)
    MAX_RECORD_BYTES, classify = sources.MAX_RECORD_BYTES, sources.classify
    parse_line, read_lines = sources._parse_line, sources._read_lines
from converter.adapters import ADAPTERS
from converter.errors import Notes
from converter.ids import provisional_id
from converter.journals import enrich, resolve_settings
from converter.writers import STREAMS, prints_abbreviations

try:  # whether a batch abbreviates journals for an output that prints none (it did before for_output)
    from converter.journals import for_output  # noqa: F401  (only whether it exists)
    ABBREVIATES = prints_abbreviations
except ImportError:
    def ABBREVIATES(to: str) -> bool:
        return True

WRITERS = ("bibtex", "ris", "csl-json")
STAGES = ("read", "parse", "map", "abbreviate", "id", *(f"write {to}" for to in WRITERS))


def records(count: int, kind: str, seed: int) -> bytes:
    rng = random.Random(seed)
    make = generate.graph_record if kind == "graph" else generate.dataset_record
    import json

    return "".join(json.dumps(make(rng, number), ensure_ascii=False) + "\n" for number in range(count)).encode()


def one_pass(data: bytes) -> dict[str, float]:
    """µs per record of each stage over the lines of ``data``."""
    settings = resolve_settings()
    streams = {to: STREAMS[to]() for to in WRITERS}
    spent = dict.fromkeys(STAGES, 0)
    lines = read_lines(io.BufferedReader(io.BytesIO(data)), "<bench>", MAX_RECORD_BYTES)
    count = 0
    while True:
        start = clock()
        line = next(lines, None)
        parsed = clock()
        if line is None:
            break
        value, _ = parse_line(line, count + 1)
        mapped = clock()
        notes = Notes()
        item = ADAPTERS[classify(value)].to_item(value, notes)
        abbreviated = clock()
        item = enrich(item, settings, notes)
        keyed = clock()
        item = provisional_id(item)
        written = clock()
        spent["read"] += parsed - start
        spent["parse"] += mapped - parsed
        spent["map"] += abbreviated - mapped
        spent["abbreviate"] += keyed - abbreviated
        spent["id"] += written - keyed
        for to, stream in streams.items():
            before = clock()
            stream.entry(item, [])
            spent[f"write {to}"] += clock() - before
        count += 1
    return {stage: nanoseconds / count / 1000 for stage, nanoseconds in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", nargs="?", type=int, default=5000)
    parser.add_argument("--kind", choices=("graph", "dataset"), default="graph")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    one_pass(records(args.count, args.kind, 1000))  # warm-up: imports, tables, caches
    rounds = [one_pass(records(args.count, args.kind, seed)) for seed in range(args.rounds)]
    source = os.path.dirname(os.path.dirname(sources.__file__))
    print(f"{args.count:,} {args.kind} records, {source}; {platform.node()}, Python {platform.python_version()}, "
          f"{datetime.date.today()}; median of {args.rounds} rounds\n")
    print("| stage | µs per record |\n|---|---:|")
    for stage in STAGES:
        print(f"| {stage} | {statistics.median(round_[stage] for round_ in rounds):.1f} |")
    for to in WRITERS:
        core = ("read", "parse", "map", *(("abbreviate",) if ABBREVIATES(to) else ()), "id")
        total = statistics.median(sum(round_[stage] for stage in (*core, f"write {to}")) for round_ in rounds)
        print(f"| total to {to}{'' if ABBREVIATES(to) else ' (no abbreviate step)'} | {total:.1f} |")


if __name__ == "__main__":
    main()
