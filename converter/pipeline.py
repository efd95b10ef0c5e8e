"""The per-record pipeline that every face of citeconv runs: detect -> map -> enrich -> provisional id ->
render.

The API (:mod:`converter.api`), batches (:mod:`converter.batch`), their worker processes
(:mod:`converter.workers`) and Dask (:mod:`converter.dask`) all call these steps; nothing here imports
them. A :class:`WriterSpec` names a writer and its options; it is picklable, so each worker process
builds its own writer (and stream) from it instead of receiving one.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mypy_extensions import mypyc_attr

from .adapters import ADAPTERS
from .adapters.csl_json import known_fields, schema_problem
from .errors import ConversionError, ConversionWarning, Notes
from .ids import provisional_id
from .journals import AbbreviationSettings, enrich
from .json_records import RawRecord, source_id
from .text.unicode import scrub_text
from .writers import STREAMS, Stream, find_writer, writer_names

DEFAULT_ABBREVIATIONS = AbbreviationSettings()
DEDUPE_KEYS = ("DOI", "S2PaperId", "S2CorpusId")


@dataclass
class Result:
    """The outcome for one record: an item (maybe with warnings), an error, or a skipped null."""

    file: str
    record: int | str
    item: dict | None = None
    error: ConversionError | None = None
    warnings: list[ConversionWarning] = field(default_factory=list)
    source_id: str | None = None  # the raw record's own id (paperId, corpusid, DOI), for error reports


def check_format(format: str | None) -> None:
    """A usage error for an input format that no adapter reads."""
    if format is not None and format not in ADAPTERS:
        raise ConversionError(f"unknown input format {format!r}; choose from {', '.join(ADAPTERS)}", code="usage")


# -- detect, map, enrich ------------------------------------------------------------------------------
def map_record(raw: RawRecord, abbreviations: AbbreviationSettings = DEFAULT_ABBREVIATIONS,
               ) -> tuple[dict | None, ConversionError | None, Notes]:
    """One raw record mapped to a CSL-JSON item (without its final id), or its error; and its notes.
    Never raises for bad data: a bug becomes this record's ``internal`` error."""
    notes = Notes()
    notes.items.extend(raw.warnings)
    if raw.error is not None or raw.data is None:
        return None, raw.error, notes
    if raw.format is None:
        return None, ConversionError("cannot tell the record's format; name it with --from / format=",
                                     file=raw.file, record=raw.record, code="unknown-format"), notes
    try:
        return enrich(ADAPTERS[raw.format].to_item(raw.data, notes), abbreviations, notes), None, notes
    except ConversionError as error:
        return None, error.located(raw.file, raw.record), notes
    except Exception as error:  # a bug must not stop a batch: report it as this record's error
        return None, ConversionError(f"internal error ({type(error).__name__}: {error})",
                                     file=raw.file, record=raw.record, code="internal"), notes


def convert_record(raw: RawRecord, abbreviations: AbbreviationSettings = DEFAULT_ABBREVIATIONS) -> Result:
    """:func:`map_record` as a :class:`Result`. Pure and picklable, for worker processes."""
    item, error, notes = map_record(raw, abbreviations)
    return Result(raw.file, raw.record, item, error, notes.located(raw.file, raw.record), source_id(raw.data))


def dedupe_keys(item: dict) -> list[tuple[str, str]]:
    """The identifiers that make two items the same paper (DOI, S2 paper id, corpus id), lower-cased."""
    custom = item.get("custom") or {}
    return [(name, str(value).lower()) for name in DEDUPE_KEYS
            if (value := item.get(name, custom.get(name))) not in (None, "")]


# -- render ---------------------------------------------------------------------------------------------
@mypyc_attr(native_class=False)  # compiled, a frozen dataclass would not unpickle (in worker processes)
@dataclass(frozen=True)
class WriterSpec:
    """An output format and its options: what a worker needs to build the same writer."""

    to: str
    options: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, to: str, options: dict | None = None) -> "WriterSpec":
        """The spec of ``to`` with ``options``, after checking that the writer exists and takes them
        (a usage error otherwise)."""
        spec = cls(to, tuple(sorted((options or {}).items())))
        spec.writer()
        return spec

    @property
    def kwargs(self) -> dict:
        return dict(self.options)

    def writer(self) -> Callable[..., str]:
        """The writer function, with this spec's options checked against its signature."""
        writer = find_writer(self.to)
        if writer is None:
            raise ConversionError(f"unknown output format {self.to!r}; choose from {', '.join(writer_names())}",
                                  code="usage")
        try:
            inspect.signature(writer).bind([], warnings=[], **self.kwargs)
        except TypeError:
            accepted = [name for name in inspect.signature(writer).parameters if name not in ("items", "warnings")]
            raise ConversionError(f"the {self.to} writer does not take option(s) {', '.join(sorted(self.kwargs))}; "
                                  f"it takes: {', '.join(accepted) or 'none'}", code="usage") from None
        return writer

    def with_jobs(self, jobs: int | None) -> "WriterSpec":
        """This spec with a run's ``jobs`` (``-j``) as the writer's own ``jobs`` option when the writer renders
        every item at once and takes one (the styled writers' processes), and the option is not set."""
        if jobs is None or "jobs" in self.kwargs or self.to in STREAMS \
                or "jobs" not in inspect.signature(self.writer()).parameters:
            return self
        return WriterSpec.of(self.to, {**self.kwargs, "jobs": jobs})

    def stream(self) -> Stream | None:
        """A new stream of this writer (one entry at a time), or ``None`` for a writer that must see every
        item at once (a sorted bibliography)."""
        return STREAMS[self.to](**self.kwargs) if self.to in STREAMS else None


def render(items: list, spec: WriterSpec, found: list[ConversionWarning]) -> Any:
    """All ``items`` through the writer of ``spec``; its warnings go to ``found``. A writer that fails on
    an item that is not valid CSL-JSON names that item; any other failure is an ``internal`` error. Text
    that cannot be encoded (a lone surrogate) becomes U+FFFD with a warning."""
    writer: Callable[..., Any] = spec.writer()  # str, or bytes for a binary document
    try:
        text = writer(items, warnings=found, **spec.kwargs)
    except ConversionError:
        raise
    except Exception as error:
        raise invalid_item(items) or ConversionError(
            f"the {spec.to} writer failed ({type(error).__name__}: {error}); please report it", code="internal") from None
    if not isinstance(text, str):  # a binary document (docx): its writer wrote what it could encode
        return text
    text, replaced = scrub_text(text)
    if replaced:
        found.append(ConversionWarning("unencodable", f"{replaced} character(s) that cannot be encoded "
                                       "(lone surrogates) written as U+FFFD"))
    return text


def process_record(raw: RawRecord, abbreviations: AbbreviationSettings, stream: Stream | None,
                   ) -> tuple[dict | None, ConversionError | None, Notes, str | None, list[ConversionWarning]]:
    """Every step for one record: detect and map, enrich, give it its provisional id and, with a
    ``stream``, render it. Returns (item, error, notes, text, the writer's warnings)."""
    item, error, notes = map_record(raw, abbreviations)
    if item is None:
        return None, error, notes, None, []
    item = provisional_id(item)
    found: list[ConversionWarning] = []
    text = render_entry(item, stream, found) if stream is not None else None
    return item, None, notes, text, found


def render_entry(item: dict, stream: Stream, found: list) -> str:
    """One item through a writer's stream, as :func:`render` does for a list."""
    text, replaced = scrub_text(stream.entry(item, found))
    if replaced:
        found.append(ConversionWarning("unencodable", f"{replaced} character(s) that cannot be encoded "
                                       "(lone surrogates) written as U+FFFD", record=item.get("id")))
    return text


def invalid_item(items: list) -> ConversionError | None:
    """The first item that is not valid CSL-JSON, as an error naming it (its id, else its index)."""
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            return ConversionError(f"a CSL-JSON item is an object, not {type(item).__name__}", record=index,
                                   code="invalid-csl")
        try:
            problem = schema_problem(known_fields(item))
        except RecursionError:
            problem = "not valid CSL-JSON: nested too deeply"
        if problem is not None:
            own = item.get("id")
            return ConversionError(problem, record=own if isinstance(own, str) and own else index,
                                   code="invalid-csl")
    return None
