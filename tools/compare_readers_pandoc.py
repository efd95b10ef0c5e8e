"""Compare citeconv's BibTeX, BibLaTeX and RIS readers with pandoc's, field by field (run by hand).

    python tools/compare_readers_pandoc.py [--pandoc PATH] [--examples N] FILE_OR_DIR...

Each .bib is read with ``-f biblatex`` when citeconv detects BibLaTeX, else ``-f bibtex``; each .ris with
``-f ris``. .bib items are matched by citation key, RIS items by position (pandoc makes its own RIS ids).
Prints, per CSL field, how many items agree, differ, or have the field on one side only, with examples.
Nothing here runs in the test suite; pandoc is an optional oracle (default: pandoc 3.9 under /tmp/oracles).
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import converter
from converter.adapters import sniff_text

DEFAULT_PANDOC = "/tmp/oracles/tools/pandoc-3.9/pandoc"
IGNORED = {"id", "citation-key"}
_TAGS = re.compile(r"<[^>]+>")


def pandoc_items(pandoc: str, path: Path, format: str) -> list[dict] | str:
    try:
        run = subprocess.run([pandoc, "-f", format, "-t", "csljson", str(path)], capture_output=True, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        return "timeout"
    if run.returncode != 0:
        return run.stderr.decode("utf-8", "replace").strip().splitlines()[0][:120]
    return json.loads(run.stdout)


def normalise(field: str, value: object) -> object:
    """Differences of form only: pandoc writes numbers as strings sometimes, and ``literal`` dates."""
    if isinstance(value, (int, float)):
        return str(value)
    return value


def compare(paths: list[Path], pandoc: str, examples: int) -> None:
    agree: Counter = Counter()
    differ: Counter = Counter()
    ours_only: Counter = Counter()
    theirs_only: Counter = Counter()
    shown: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        text = path.read_bytes().decode("utf-8-sig", "replace")
        format = sniff_text(text)
        if format is None:
            continue
        theirs = pandoc_items(pandoc, path, format)
        ours = converter.read(path, format, warnings=[], errors="skip", abbreviations=False)
        if isinstance(theirs, str):
            print(f"{path.name}: pandoc cannot read it ({theirs}); citeconv reads {len(ours)} items")
            continue
        if format == "ris":
            pairs = list(zip(ours, theirs))
        else:
            by_id = {item.get("id"): item for item in theirs}
            pairs = [(item, by_id[item["id"]]) for item in ours if item.get("id") in by_id]
        print(f"{path.name} ({format}): citeconv {len(ours)} items, pandoc {len(theirs)}, compared {len(pairs)}")
        for mine, other in pairs:
            for field in (mine.keys() | other.keys()) - IGNORED:
                a, b = normalise(field, mine.get(field)), normalise(field, other.get(field))
                if field not in other:
                    ours_only[field] += 1
                elif field not in mine:
                    theirs_only[field] += 1
                elif a == b:
                    agree[field] += 1
                else:
                    differ[field] += 1
                    if len(shown[field]) < examples:
                        shown[field].append(f"{path.name} {mine.get('id')}: citeconv {json.dumps(a, ensure_ascii=False)[:150]}"
                                            f" | pandoc {json.dumps(b, ensure_ascii=False)[:150]}")
    fields = sorted(agree.keys() | differ.keys() | ours_only.keys() | theirs_only.keys())
    print("\n| field | agree | differ | citeconv only | pandoc only |\n|---|---:|---:|---:|---:|")
    for field in fields:
        print(f"| {field} | {agree[field]} | {differ[field]} | {ours_only[field]} | {theirs_only[field]} |")
    for field in fields:
        for line in shown[field]:
            print(f"  {field}: {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--pandoc", default=DEFAULT_PANDOC)
    parser.add_argument("--examples", type=int, default=3)
    arguments = parser.parse_args()
    files = []
    for path in arguments.paths:
        files += sorted(p for p in path.rglob("*") if p.suffix in (".bib", ".ris")) if path.is_dir() else [path]
    compare(files, arguments.pandoc, arguments.examples)


if __name__ == "__main__":
    main()
