#!/usr/bin/env python3
"""Regenerate the citeproc-js goldens of this folder (run by hand; see README.md):

    python tests/golden/styles/regen.py ORACLES

ORACLES is the oracle folder (``render.js`` and ``csl/``). The input is ``items.json`` with citeconv's URL
rule applied first (``converter.writers.styled.without_unprinted_urls``: no aggregator's page, no URL for a
journal, magazine or newspaper article with pages), as citeconv's styled writers apply it."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
from converter.writers.styled import without_unprinted_urls  # noqa: E402

RUNS = {"apa.txt": ("apa.csl", []), "apa_cite.txt": ("apa.csl", ["--cite"]),
        "apa.html.txt": ("apa.csl", ["--format", "html"]), "vancouver.txt": ("nlm-citation-sequence.csl", []),
        "vancouver_cite.txt": ("nlm-citation-sequence.csl", ["--cite"]),
        "vancouver.html.txt": ("nlm-citation-sequence.csl", ["--format", "html"])}


def main() -> None:
    oracles = Path(sys.argv[1])
    items = without_unprinted_urls(json.loads((HERE / "items.json").read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "items.json"
        source.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
        for name, (style, options) in RUNS.items():
            done = subprocess.run(["node", str(oracles / "render.js"), str(oracles / "csl" / style), str(source),
                                   *options], check=True, capture_output=True, text=True)
            (HERE / name).write_text(done.stdout, encoding="utf-8")
            print(name, len(done.stdout.splitlines()), "lines")


if __name__ == "__main__":
    main()
