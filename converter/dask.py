"""Dask integration (``pip install 'citeconv[dask]'``): convert JSON Lines parts on a cluster.

    from converter.dask import convert_parts
    files = convert_parts(["papers-part0.jsonl.gz", "papers-part1.jsonl.gz"], "ris", "out/")

Each input part is one partition of a ``dask.bag``: its lines become raw records, the pure per-record
function :func:`converter.convert_record` maps over them, and each partition is written as one output
file (``out/part-0.ris``, …) with ids unique within it. Any Dask scheduler runs it: the local one, or a
``distributed.Client`` the caller has set up.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import ConversionError
from .ids import KeyRegistry
from .inputs import OUTPUT_SUFFIXES
from .journals import AbbreviationSettings, resolve_settings
from .pipeline import Result, WriterSpec, check_format, convert_record, render
from .sources import RawRecord, iter_raw


def _raw_records(lines: Iterable[tuple[str, str]], format: str | None) -> list[RawRecord]:
    """One partition's ``(line, path)`` pairs (a JSON Lines part) as raw records named after the part."""
    pairs = list(lines)
    if not pairs:
        return []
    path = pairs[0][1]
    text = "".join(line if line.endswith("\n") else line + "\n" for line, _ in pairs)
    raws = list(iter_raw(text.encode("utf-8"), format)) if text.strip() else []
    for raw in raws:
        raw.file = path
        if raw.error is not None:
            raw.error = ConversionError(raw.error.reason, file=path, record=raw.record, code=raw.error.code)
    return raws


def _render(results: list[Result], spec: WriterSpec) -> list[str]:
    """One partition's results as one output text; ids are made unique within the partition."""
    registry = KeyRegistry()
    items = [registry.assign(result.item) for result in results if result.item is not None]
    return [render(items, spec, [])]


def _failures(results: list[Result]) -> list[str]:
    return [str(result.error) for result in results if result.error is not None]


def convert_parts(paths: Sequence[str | os.PathLike], to: str, out_dir: str | os.PathLike, *,
                  format: str | None = None, abbreviations: bool | AbbreviationSettings = True,
                  journals: str | os.PathLike | None = None, **options) -> tuple[list[str], list[str]]:
    """Convert JSON Lines parts (``.jsonl`` or ``.jsonl.gz``) into one output per part in ``out_dir``.

    Returns (the output files, one message per failed record). Runs on the current Dask scheduler.
    """
    import dask
    import dask.bag as db

    spec = WriterSpec.of(to, options)
    check_format(format)
    settings = resolve_settings(abbreviations, journals)
    names = [str(path) for path in paths]
    lines = db.read_text(names, blocksize=None, compression="infer", include_path=True)
    raws = lines.map_partitions(_raw_records, format)
    results = raws.map(convert_record, settings).persist()
    suffix = OUTPUT_SUFFIXES.get(to, ".txt")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    targets = [str(out / f"part-{number}{suffix}") for number in range(len(names))]
    written = results.map_partitions(_render, spec).to_textfiles(targets, encoding="utf-8",
                                                                         last_endline=False, compute=False)
    failures = results.map_partitions(_failures)
    _, messages = dask.compute(written, failures)
    return targets, list(messages)
