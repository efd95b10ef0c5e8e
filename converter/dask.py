"""Dask integration (``pip install 'citeconv[dask]'``): convert JSON Lines parts on a cluster.

    from distributed import Client
    from converter.dask import convert_parts
    client = Client("tcp://scheduler:8786")
    parts = convert_parts("s3://bucket/s2/papers/*.gz", "bibtex", "s3://bucket/s2/bibtex/")

Each input part (a ``.jsonl`` or ``.jsonl.gz`` file, or any file ``citeconv`` reads, on any fsspec file
system) is one task. The task reads its part as a stream, converts it chunk by chunk through the same
pipeline as a batch (:func:`converter.batch.convert_source`) and writes each entry as soon as its id is
final, so a worker's memory does not grow with the part. Each part gets one output named after it
(``papers-part0.jsonl.gz`` -> ``OUT/papers-part0.bib``, ids unique within it) and one errors file beside it
(``OUT/papers-part0.errors.jsonl``: a JSON line per failed record, as ``--errors``), both written
atomically where the file system allows (a temporary file renamed, or an upload committed at the end), so
a task that Dask retries leaves no half-written file. The driver receives only one small
:class:`PartReport` per part. Any Dask scheduler runs it: the local one, or a ``distributed.Client``.
"""
from __future__ import annotations

import io
import os
import posixpath
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .batch import Report, convert_source
from .report import error_line
from .errors import ConversionError
from .inputs import OUTPUT_SUFFIXES, output_stem
from .journals import AbbreviationSettings, for_output, resolve_settings
from .output import atomic_output
from .writers import prints_abbreviations
from .pipeline import WriterSpec, check_format, render
from .json_records import MAX_RECORD_BYTES

ERRORS_SUFFIX = ".errors.jsonl"
_GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True)
class PartReport:
    """What one part's task did: where it read and wrote, and its counts (warnings by code)."""

    source: str
    output: str
    errors: str
    records: int = 0
    written: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    warnings: dict[str, int] = field(default_factory=dict)


def convert_parts(parts: str | os.PathLike | Sequence[str | os.PathLike], to: str, out_dir: str | os.PathLike, *,
                  format: str | None = None, abbreviations: bool | AbbreviationSettings = True,
                  journals: str | os.PathLike | None = None, dedupe: bool = False,
                  max_record_bytes: int = MAX_RECORD_BYTES, **options: Any) -> list[PartReport]:
    """Convert each part (paths or fsspec URLs; a pattern such as ``s3://b/papers/*.gz`` is expanded) into
    one output and one errors file in ``out_dir`` (a directory or fsspec URL), one Dask task per part, on
    the current Dask scheduler. Returns one :class:`PartReport` per part, in order. Options as in
    :func:`converter.convert`; a usage error (unknown format or option, an output that is an input) is
    raised before any task runs."""
    import dask

    spec = WriterSpec.of(to, options)
    check_format(format)
    settings = for_output(resolve_settings(abbreviations, journals), prints_abbreviations(to))
    sources = _expand([parts] if isinstance(parts, (str, os.PathLike)) else list(parts))
    plan = _plan(sources, to, os.fspath(out_dir))
    task = dask.delayed(convert_part, pure=False)
    tasks = [task(source, output, errors, spec, settings, format=format, dedupe=dedupe,
                  max_record_bytes=max_record_bytes) for source, output, errors in plan]
    return list(dask.compute(*tasks)) if tasks else []


def convert_part(source: str, output: str, errors: str, spec: WriterSpec, settings: AbbreviationSettings, *,
                 format: str | None = None, dedupe: bool = False,
                 max_record_bytes: int = MAX_RECORD_BYTES) -> PartReport:
    """One part (path or URL) converted into ``output``, its failures into ``errors`` (one task's work)."""
    failed = 0
    with _output(errors) as errors_stream, _output(output) as out_stream:
        def fail(error: ConversionError, source_id: str | None = None) -> None:
            nonlocal failed
            failed += 1
            errors_stream.write(error_line(error, source_id))

        with _input(source) as stream:
            if isinstance(stream, ConversionError):  # the output is the writer's text for no items
                fail(stream)
                out_stream.write(render([], spec, []))
                report = Report(files=1)
            else:
                report = convert_source(stream, spec, settings, out_stream, format=format, dedupe=dedupe,
                                        max_record_bytes=max_record_bytes, warn=_ignore, fail=fail)
    return PartReport(source, output, errors, report.records, report.written, failed, report.skipped,
                      report.duplicates, dict(Counter(report.warning_counts)))


def _ignore(warning: Any) -> None:
    """Warnings are counted by code in the part's report, not kept."""


def _plan(sources: list[str], to: str, out_dir: str) -> list[tuple[str, str, str]]:
    """(source, output, errors file) of each part: named after the part (``-2``, ``-3``… when an earlier
    part took the name); a usage error when one of them is also an input."""
    suffix = OUTPUT_SUFFIXES.get(to, ".txt")
    join = posixpath.join if "://" in out_dir else os.path.join
    plan, taken = [], set()
    for source in sources:
        stem = output_stem(source.rstrip("/").rsplit("/", 1)[-1])
        name, number = stem, 2
        while name in taken:
            name, number = f"{stem}-{number}", number + 1
        taken.add(name)
        plan.append((source, join(out_dir, name + suffix), join(out_dir, name + ERRORS_SUFFIX)))
    inputs = {_identity(source): source for source in sources}
    for _, output, errors in plan:
        for target in (output, errors):
            if _identity(target) in inputs:
                raise ConversionError(f"{target}: refusing to overwrite {inputs[_identity(target)]}, which this run "
                                      "reads; choose another output directory", code="usage")
    return plan


def _identity(url: str) -> str:
    """A URL or path as its file system names it (local paths made absolute)."""
    from fsspec.core import url_to_fs  # type: ignore[import-untyped]

    fs, path = url_to_fs(url)
    return fs.unstrip_protocol(path)


def _expand(parts: list[str | os.PathLike]) -> list[str]:
    """The parts, with each pattern (``*``, ``?``, ``[``) expanded through its file system, sorted."""
    from fsspec.core import url_to_fs  # type: ignore[import-untyped]

    sources: list[str] = []
    for part in (os.fspath(part) for part in parts):
        if _GLOB_CHARACTERS.isdisjoint(part):
            sources.append(part)
            continue
        fs, pattern = url_to_fs(part)
        found = sorted(fs.glob(pattern))
        if not found:
            raise ConversionError(f"{part}: no file matches", code="usage")
        sources.extend(path if _is_local(fs) else fs.unstrip_protocol(path) for path in found)
    return sources


def _is_local(fs: Any) -> bool:
    from fsspec.implementations.local import LocalFileSystem  # type: ignore[import-untyped]

    return isinstance(fs, LocalFileSystem)


class _NamedReader(io.BufferedReader):
    """A remote file read through a buffer, under the URL that error messages name."""

    def __init__(self, raw: Any, name: str) -> None:
        super().__init__(raw, buffer_size=1 << 16)
        self._url = name

    @property
    def name(self) -> str:  # type: ignore[override]
        return self._url


@contextmanager
def _input(source: str) -> Iterator[Any]:
    """A local part as its path (the reader opens and names it), a remote one as a named binary stream;
    a remote part that cannot be opened as its error."""
    from fsspec.core import url_to_fs  # type: ignore[import-untyped]

    if "://" not in source:
        yield Path(source)
        return
    fs, path = url_to_fs(source)
    if _is_local(fs):
        yield Path(path)
        return
    try:
        raw = fs.open(path, "rb")
    except (OSError, ValueError) as error:
        yield ConversionError(f"cannot read: {getattr(error, 'strerror', None) or error}", file=source, code="io")
        return
    with _NamedReader(raw, source) as stream:
        yield stream


@contextmanager
def _output(url: str) -> Iterator[IO[str]]:
    """A UTF-8 text file at ``url`` that appears only when the block succeeds: through a temporary file
    renamed (local), or a write committed at the end where the file system can defer it (``autocommit``);
    elsewhere the partial file is removed on failure."""
    from fsspec.core import url_to_fs  # type: ignore[import-untyped]

    fs, path = url_to_fs(url)
    fs.makedirs(fs._parent(path), exist_ok=True)
    if _is_local(fs):
        with atomic_output(path) as stream:
            yield stream
        return
    try:
        raw, staged = fs.open(path, "wb", autocommit=False), True
    except (NotImplementedError, TypeError, ValueError):
        raw, staged = fs.open(path, "wb"), False
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    try:
        yield text
        text.flush()
    except BaseException:
        if staged:
            raw.discard()
        else:
            text.close()
            fs.rm(path)
        raise
    text.close()
    if staged:
        raw.commit()
