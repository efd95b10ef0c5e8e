"""Batch conversion: many inputs, streamed record by record, optionally in worker processes.

Memory does not grow with the input: records are read lazily, converted in chunks, and each item is
written as soon as its id is final (for writers that can stream; a sorted bibliography such as APA has to
hold its items). With ``jobs > 1`` the chunks (JSON Lines unparsed) go to worker processes
(converter/workers.py), a few chunks ahead of the writer at most, and come back rendered, in input order;
the parent only makes the ids unique, moves the text of an item whose id changed to the new id (the
writer's ``rekey``; rendered again where that cannot be done), and writes. So the output is the same as
with one process.
"""
from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from .cores import available_cores
from .errors import ConversionError, ConversionWarning
from .ids import KeyRegistry
from .inputs import as_path, check_targets, expand_sources, file_id, split_target
from .journals import AbbreviationSettings, JournalList, for_output, resolve_settings
from .lookup import as_source
from .output import atomic_output, cannot_write, writing
from .pipeline import WriterSpec, check_format, render
from .report import Report, batch_progress_bar, error_line, errors_file, warning_sink
from .json_records import MAX_RECORD_BYTES
from .sources import iter_chunks
from .chunks import Done
from .workers import Chunk, ChunkConverter, ChunkResult, Workers, unpack
from .writers import BINARY_FORMATS, prints_abbreviations

CHUNK_SIZE = 256
# The input size from which worker processes pay for themselves (benchmarks/bench_jobs.py): below it one
# process, from it one worker per core. About 3,300 S2 records, a second of work for one process, where a
# second worker's own start (imports, journal word list) is paid back; below 2.5 MB two workers never won
# on a 2-core machine. gzip files count at GZIP_RATIO times their size.
PARALLEL_BYTES = 4 << 20
GZIP_RATIO = 4


# -- parent side: ids, duplicates, output ----------------------------------------------------------
class _Ids:
    """The ids (and, with de-duplication, the DOIs and S2 ids) taken in one output."""

    def __init__(self, dedupe: bool) -> None:
        self.registry = KeyRegistry()
        self.seen: dict[tuple, str] | None = {} if dedupe else None

    def resolve(self, done: Done) -> tuple[str | None, str | None]:
        """(final id, None), or (None, the id of the record it duplicates)."""
        if self.seen is not None:
            first = next((self.seen[key] for key in done.keys if key in self.seen), None)
            if first is not None:
                return None, first
        final = self.registry.unique(done.id)
        if done.keys:
            self.seen.update((key, final) for key in done.keys)  # type: ignore[union-attr]
        return final, None

    def take(self, id: str) -> str:
        """The final id of a record with no de-duplication key."""
        return self.registry.unique(id)


class _Output:
    """One output: streamed or collected items."""

    def __init__(self, spec: WriterSpec, target: Any, name: str, report: Report, manager: Any = None,
                 kept: bool = False) -> None:
        """``kept``: there is no output file or stream; the output goes to the report."""
        self.spec, self.target, self.name, self.report, self.manager = spec, target, name, report, manager
        self.kept = kept
        self.stream = spec.stream()
        self.items: list[dict] = []
        self.count = 0
        self.pending: list[str] = []  # streamed text not yet written (see flush)

    def add(self, done: Done, first: str | None, item: Any, text: str | None, found: list, warn: Callable) -> None:
        if first is not None:
            self.report.duplicates += 1
            warn(ConversionWarning("duplicate", f"duplicate of {first}; left out", done.file, done.record))
            return
        for code, message in found:
            warn(ConversionWarning(code, message, done.file, done.record))
        if self.stream is None:
            self.count += 1
            self.items.append(item)
            return
        self.add_text(text)  # type: ignore[arg-type]

    def add_text(self, text: str) -> None:
        """One record's text, streamed (written at the next :meth:`flush`)."""
        self.count += 1
        self.pending += (self.stream.head if self.count == 1 else self.stream.separator, text)  # type: ignore[union-attr]

    def flush(self) -> None:
        """The text added since the last flush, written at once (once a chunk)."""
        if self.pending:
            text, self.pending = "".join(self.pending), []
            try:  # not a context manager: this runs once a chunk
                self.target.write(text)
            except OSError as error:
                raise cannot_write(self.name, error) from None

    def close(self, warn: Callable) -> None:
        self.flush()
        with writing(self.name):
            if self.stream is None:
                found: list[ConversionWarning] = []
                rendered = render(self.items, self.spec, found)
                if isinstance(rendered, bytes):
                    self._write_bytes(rendered)
                else:
                    self.target.write(rendered)
                for warning in found:
                    warn(warning)
            else:
                self.target.write(self.stream.tail if self.count else self.stream.empty)
            self.report.written += self.count
            if isinstance(self.target, io.StringIO) and self.report.output is None:
                self.report.output = self.target.getvalue()
            if self.manager is not None:
                manager, self.manager = self.manager, None
                manager.__exit__(None, None, None)

    def _write_bytes(self, data: bytes) -> None:
        """A binary rendering (a .docx): through the text stream's byte buffer; with no output, it is the
        report's ``output``."""
        if self.kept:
            self.report.output = data
            return
        self.target.flush()
        self.target.buffer.write(data)  # convert() checked that a stream given for a binary output has one
        self.target.buffer.flush()

    def abandon(self, error: BaseException) -> None:
        """Leave the previous file in place: the temporary file goes."""
        if self.manager is not None:
            manager, self.manager = self.manager, None
            try:
                manager.__exit__(type(error), error, error.__traceback__)
            except BaseException:
                pass


def _emit(converted: ChunkResult, targets: _Targets, local: ChunkConverter, report: Report, warn: Callable,
          fail: Callable) -> None:
    """Everything the records of a converted chunk report and write, in input order. Each id is made
    unique; the text of a record whose id changed moves to the new id (the writer's ``rekey``), or the
    record is rendered again here."""
    if isinstance(converted, ConversionError):
        fail(converted)
        return
    stream, others, texts = local.stream, converted.others, converted.texts
    report.records += len(converted)
    file: str | None = None
    for index, id in enumerate(converted.ids):
        if id is not None:  # a plain record: streamed, nothing to report
            if converted.files[index] is not file:
                file = converted.files[index]
                ids, output = targets.ids_for(file), targets.output_for(file)
            taken, plain = ids.take(id), texts[index]
            output.add_text(plain if taken == id else stream.rekey(plain, id, taken))  # type: ignore
            continue
        done, file = others[index], None
        for code, message in done.notes:
            warn(ConversionWarning(code, message, done.file, done.record))
        if done.error is not None:
            fail(done.error, done.source_id)
        elif not done.converted:
            report.skipped += 1
        else:
            final, first = targets.ids_for(done.file).resolve(done)
            item, text, found = done.item, done.text, done.found
            if final is not None and final != done.id:
                if stream is None:  # the item itself is kept
                    item = {**unpack(item), "id": final}  # type: ignore[arg-type]
                elif item is None:
                    text = stream.rekey(text, done.id, final)  # type: ignore
                else:
                    text, found = local.render(item, final)
            elif stream is None:
                item = unpack(item)  # type: ignore[arg-type]
            targets.output_for(done.file).add(done, first, item, text, found, warn)
    if targets.current is not None:
        targets.current[1].flush()


def convert(sources: Any, to: str, out: str | os.PathLike | IO[str] | None = None, *, format: str | None = None,
            abbreviations: bool | AbbreviationSettings = True, journals: str | os.PathLike | JournalList | None = None,
            jobs: int | None = None, split: bool = False, dedupe: bool = False, progress: bool = False,
            errors_to: str | os.PathLike | None = None, on_warning: Callable[[ConversionWarning], None] | None = None,
            on_error: Callable[[ConversionError], None] | None = None, writer_options: dict | None = None,
            max_record_bytes: int = MAX_RECORD_BYTES, **options: Any) -> Report:
    """Convert many inputs (paths, directories, globs, text, bytes, file objects) into one output, or
    one output per input (``split=True``, ``out`` a directory).

    Records stream through; bad records and unreadable files are collected in the report (and passed to
    ``on_error``), never raised, and the good ones are still written. ``out``: ``None`` (the text is in
    ``report.output``), a path (written atomically; through a symbolic link, its target) or an open text
    stream. A run never writes a file it reads: such an ``out``, ``errors_to`` or split output is a usage
    error, and directory walks skip this run's own outputs. ``jobs``: worker processes (any start
    method; a worker that dies is replaced and its chunk retried once); ``None``: :func:`default_jobs`; a
    given ``jobs`` is also a styled writer's own (processes rendering the reference list, unless
    ``writer_options`` sets it). ``dedupe``: leave out a record whose DOI, S2 paper id or corpus id came
    before. ``errors_to``: a JSON Lines file with one line per failed record. ``on_warning``: called for
    each warning as it happens, instead of keeping it in the report. ``max_record_bytes``: a larger record
    (JSON line) fails alone, a larger JSON document as a whole, so no input can exhaust memory.
    ``abbreviations``/``journals``: as in ``read``. The writer's own options come as keywords, or in
    ``writer_options`` when a name is also one of this function's (a styled writer's ``format``).
    A file that cannot be written raises :class:`ConversionError` (code ``output``), the old file intact.
    """
    spec = WriterSpec.of(to, {**options, **(writer_options or {})}).with_jobs(jobs)  # usage errors first
    check_format(format)
    if split and (out is None or not Path(out).is_dir()):  # type: ignore[arg-type]
        raise ConversionError("split needs an existing output directory", code="usage")
    if not split and isinstance(out, (str, os.PathLike)) and Path(out).is_dir():
        raise ConversionError(f"{os.fspath(out)}: is a directory (one output file per input needs split)",
                              code="usage")
    if spec.kwargs.get("format") in BINARY_FORMATS and hasattr(out, "write") and not hasattr(out, "buffer"):
        raise ConversionError(f"a {spec.kwargs['format']} output is binary: give a path, a text stream with a byte "
                              "buffer, or no out (the report's output is then the bytes)", code="usage")
    settings = for_output(resolve_settings(abbreviations, journals), prints_abbreviations(to))
    if isinstance(sources, (str, bytes, os.PathLike)) or hasattr(sources, "read"):
        sources = [sources]
    entries = _plan(sources, to, out, split, errors_to, spec, journals)
    if jobs is None:
        jobs = default_jobs(entries)
    report = Report()
    warn = warning_sink(report, on_warning, notes=prints_abbreviations(to))
    with errors_file(errors_to) as errors_stream:
        def fail(error: ConversionError, source_id: str | None = None) -> None:
            report.errors.append(error)
            if on_error is not None:
                on_error(error)
            if errors_stream is not None:
                with writing(os.fspath(errors_to)):  # type: ignore[arg-type]
                    errors_stream.write(error_line(error, source_id))

        def chunks() -> Iterator[Chunk]:
            for entry in entries:
                if isinstance(entry, ConversionWarning):
                    warn(entry)
                    continue
                report.files += 1
                try:
                    yield from iter_chunks(as_source(entry), format, CHUNK_SIZE, limit=max_record_bytes)
                except ConversionError as error:
                    yield error  # reported in its place among the records

        bar = batch_progress_bar(progress, entries)
        targets = _Targets(out, split, spec, report, dedupe, warn)
        workers = Workers(jobs, settings, spec, dedupe)
        try:
            for done in workers.map(chunks()):
                if not isinstance(done, ConversionError):
                    bar.update(len(done))
                _emit(done, targets, workers.local, report, warn, fail)
            targets.close()
        except BaseException as error:
            targets.abandon(error)
            raise
        finally:
            workers.close()
            bar.close()
    return report


def default_jobs(entries: list[Any]) -> int:
    """Worker processes when none are asked for: the cores this process may use when its input files
    hold at least :data:`PARALLEL_BYTES`, else one. Text, streams and stdin count as small."""
    size = 0
    for entry in entries:
        path = as_path(entry) if not isinstance(entry, ConversionWarning) else None
        try:
            size += path.stat().st_size * (GZIP_RATIO if path.name.endswith(".gz") else 1) if path else 0
        except (OSError, ValueError):
            continue
        if size >= PARALLEL_BYTES:
            return available_cores()
    return 1


def convert_source(source: Any, spec: WriterSpec, settings: AbbreviationSettings, target: IO[str], *,
                   format: str | None = None, dedupe: bool = False, max_record_bytes: int = MAX_RECORD_BYTES,
                   warn: Callable[[ConversionWarning], None],
                   fail: Callable[[ConversionError, str | None], None]) -> Report:
    """One input into one open text stream, in this process, chunk by chunk (a Dask task runs this): each
    warning goes to ``warn`` and each failure to ``fail(error, the record's own id)`` as they happen, and
    none is kept, so memory does not grow with the input. The report holds the counts but not the
    failures (``fail`` counts them); its ``errors`` and ``warnings`` stay empty."""
    report = Report(files=1)
    sink = warning_sink(report, warn, notes=prints_abbreviations(spec.to))
    targets = _Targets(target, False, spec, report, dedupe, sink)
    local = ChunkConverter(settings, spec, dedupe, pack=False)
    try:
        for chunk in iter_chunks(source, format, CHUNK_SIZE, limit=max_record_bytes):
            _emit(local.convert(chunk), targets, local, report, sink, fail)
    except ConversionError as error:  # the whole input (after the records read before it)
        fail(error, None)
    targets.close()
    return report


def _plan(sources: list, to: str, out: Any, split: bool, errors_to: Any, spec: WriterSpec,
          journals: Any) -> list[Any]:
    """The inputs, expanded, after checking that no file this run writes is one it reads."""
    writes: dict[str, str] = {}
    if isinstance(out, (str, os.PathLike)) and not split:
        writes[os.fspath(out)] = "-o"
    if errors_to is not None:
        writes[os.fspath(errors_to)] = "--errors"
    skip = frozenset(identity for path in writes if (identity := file_id(path)) is not None)
    entries = list(expand_sources(sources, skip))
    reads = {os.fspath(entry): (identity, "an input") for entry in entries
             if not isinstance(entry, ConversionWarning) and as_path(entry) is not None
             and (identity := file_id(entry)) is not None}
    for path, role in ((spec.kwargs.get("append_to"), "--append-to"), (journals, "--journals")):
        if isinstance(path, (str, os.PathLike)) and (identity := file_id(path)) is not None:
            reads.setdefault(os.fspath(path), (identity, role))
    if split:
        taken: list[str] = []
        for entry in entries:
            if not isinstance(entry, ConversionWarning):
                taken.append(split_target(out, _file_name(entry), to, taken))
                writes[taken[-1]] = "a --split output"
    check_targets(reads, writes)
    return entries


def _file_name(source: Any) -> str:
    """The name under which a source's records are reported (as the reader names it)."""
    if isinstance(source, (str, os.PathLike)) and as_path(source) is not None:
        return os.fspath(source)
    return str(getattr(source, "name", "<stream>")) if hasattr(source, "read") else "<text>"


class _Targets:
    """Where each record goes: one output, or (``split``) one per input file, opened on first use."""

    def __init__(self, out: Any, split: bool, spec: WriterSpec, report: Report, dedupe: bool,
                 warn: Callable) -> None:
        self.out, self.split, self.spec, self.report, self.dedupe = out, split, spec, report, dedupe
        self.warn = warn
        self.current: tuple[str, _Output] | None = None
        self.ids: tuple[str, _Ids] | None = None

    def ids_for(self, file: str) -> _Ids:
        """The ids taken in the output ``file``'s records go to (a new one each time the input changes
        with ``split``, as in :meth:`output_for`)."""
        key = file if self.split else ""
        if self.ids is None or self.ids[0] != key:
            self.ids = (key, _Ids(self.dedupe))
        return self.ids[1]

    def _open(self, key: str) -> _Output:
        """The output of ``key``, registered as the current one before its file is made (so that an
        interrupt at any point removes the temporary file)."""
        path = None
        if self.split:
            path = split_target(self.out, key, self.spec.to, self.report.outputs)
        elif self.out is not None and not hasattr(self.out, "write"):
            path = os.fspath(self.out)
        if path is None:
            target = io.StringIO() if self.out is None else self.out
            output = _Output(self.spec, target, str(getattr(target, "name", "<output>")), self.report,
                             kept=self.out is None)
            self.current = (key, output)
            return output
        output = _Output(self.spec, None, path, self.report, atomic_output(path))
        self.current = (key, output)
        with writing(path):
            output.target = output.manager.__enter__()
        self.report.outputs.append(path)
        return output

    def output_for(self, file: str) -> _Output:
        """Inputs come in order, so a new file means the previous split output is complete."""
        key = file if self.split else ""
        if self.current is None or self.current[0] != key:
            if self.current is not None:
                self.current[1].close(self.warn)
                self.current = None
            return self._open(key)
        return self.current[1]

    def close(self) -> None:
        if self.current is None and not self.split:
            self._open("")
        if self.current is not None:
            self.current[1].close(self.warn)
            self.current = None

    def abandon(self, error: BaseException) -> None:
        if self.current is not None:
            self.current[1].abandon(error)
