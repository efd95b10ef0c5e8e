#!/usr/bin/env python3
"""Mutation fuzzing over the fixtures, run by hand (not in the test suite).

Each round takes one fixture record, mutates it (byte flips, truncation, key deletion, type swaps, deep
nesting), reads it and renders the items with every writer. Anything other than output, warnings or
ConversionError is an unexpected exception. Prints the counts and the slowest record.

    python tools/fuzz.py --records 100000 [--seed 1] [--writers csl-json,bibtex,...] [--show 5]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import converter  # noqa: E402
from converter import ConversionError  # noqa: E402
from converter.sources import iter_raw  # noqa: E402
from converter.writers import WRITERS  # noqa: E402

STYLES = ("apa", "vancouver")
SWAPS = (None, True, 0, -1, 1e308, "", "x" * 10_000, [], {}, [None], {"a": None}, "\x00", "\ud7ff\ue000")


def seeds() -> list[tuple[str, object]]:
    """(format, record) pairs from every fixture, plus every booksci file as raw text."""
    found: list[tuple[str, object]] = []
    for path in sorted((ROOT / "fixtures").glob("*/*")):
        if path.name.endswith(".expected.json") or path.suffix not in (".json", ".jsonl", ".txt", ".gz"):
            continue
        for raw in iter_raw(path):
            if raw.data is not None:
                found.append((raw.format, raw.data))
        if path.suffix == ".txt":
            found.append(("booksci-text", path.read_bytes()))
    return found


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, prefix + (index,))


def _replace(value, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = _replace(value[head], rest, new)
    return copy


def _delete(value, path):
    parent = _get(value, path[:-1])
    copy = dict(parent) if isinstance(parent, dict) else list(parent)
    del copy[path[-1]]
    return _replace(value, path[:-1], copy)


def _get(value, path):
    for part in path:
        value = value[part]
    return value


def mutate(kind: str, record: object, rng: random.Random) -> bytes:
    """One mutated input, as the bytes a user would hand to citeconv."""
    if isinstance(record, bytes):
        data = record
    else:
        record = json.loads(json.dumps(record))
        data = None
    operation = rng.choice(("flip", "truncate", "delete", "swap", "nest", "swap", "delete"))
    if data is None and operation in ("delete", "swap", "nest"):
        paths = [path for path in _paths(record) if path]
        if paths:
            path = rng.choice(paths)
            if operation == "delete":
                record = _delete(record, path)
            elif operation == "swap":
                record = _replace(record, path, rng.choice(SWAPS))
            else:
                depth = rng.choice((10, 500, 5000))
                nested: object = _get(record, path)
                for _ in range(depth):
                    nested = [nested]
                record = _replace(record, path, nested)
        try:
            return json.dumps(record, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
        except (RecursionError, ValueError):
            return b"[" * 5000
    data = data if data is not None else json.dumps(record, ensure_ascii=False).encode("utf-8")
    if operation == "truncate" or not data:
        return data[: rng.randrange(len(data) + 1)]
    mutable = bytearray(data)
    for _ in range(rng.choice((1, 2, 8))):
        position = rng.randrange(len(mutable))
        mutable[position] ^= 1 << rng.randrange(8)
    return bytes(mutable)


def writer_names(requested: str | None) -> list[str]:
    names = requested.split(",") if requested else sorted(set(WRITERS) | set(STYLES))
    usable = []
    for name in names:
        try:
            converter.write([], name, warnings=[])
            usable.append(name)
        except ConversionError:
            print(f"(writer {name!r} is not available; skipped)", file=sys.stderr)
    return usable


def run_one(data: bytes, writers: list[str]) -> None:
    items = converter.read(data, warnings=[], errors="skip")
    for name in writers:
        try:
            converter.write(items, name, warnings=[])
        except ConversionError:
            pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--writers")
    parser.add_argument("--show", type=int, default=3, help="tracebacks to print")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pool = seeds()
    writers = writer_names(args.writers)
    unexpected: dict[str, int] = {}
    conversion_errors = 0
    slowest = (0.0, b"")
    started = time.perf_counter()
    for number in range(args.records):
        kind, record = rng.choice(pool)
        data = mutate(kind, record, rng)
        began = time.perf_counter()
        try:
            run_one(data, writers)
        except ConversionError:
            conversion_errors += 1
        except Exception as error:  # noqa: BLE001 - counting them is the point
            key = f"{type(error).__name__}: {str(error)[:80]}"
            if key not in unexpected and len(unexpected) < args.show:
                print(f"--- unexpected on record {number}: {data[:200]!r}", file=sys.stderr)
                traceback.print_exc()
            unexpected[key] = unexpected.get(key, 0) + 1
        elapsed = time.perf_counter() - began
        if elapsed > slowest[0]:
            slowest = (elapsed, data)
    total = time.perf_counter() - started
    print("| mutated records | writers | whole-input errors | unexpected exceptions | slowest record | total |")
    print("|---:|---|---:|---:|---:|---:|")
    print(f"| {args.records:,} | {', '.join(writers)} | {conversion_errors:,} | {sum(unexpected.values())} | "
          f"{slowest[0] * 1000:.1f} ms | {total:.1f} s |")
    for key, count in sorted(unexpected.items(), key=lambda pair: -pair[1]):
        print(f"  {count} x {key}")
    print(f"slowest input (first 120 bytes): {slowest[1][:120]!r}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
