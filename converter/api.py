"""The library API: read, iter_read, write, convert."""
from __future__ import annotations

import inspect
import os
import warnings as python_warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .adapters import ADAPTERS
from .adapters.csl_json import known_fields, schema_problem
from .errors import ConversionError, ConversionWarning, Notes
from .ids import KeyRegistry
from .journals import NOTE_CODES, AbbreviationSettings, JournalList, enrich, resolve_settings
from .lookup import as_source
from .sources import RawRecord, iter_raw, source_id
from .writers import WRITERS, find_writer



class CiteconvWarning(UserWarning):
    """Issued by :func:`read` and :func:`iter_read` for each conversion warning when the caller
    passes no ``warnings`` list."""


@dataclass
class Result:
    """The outcome for one record: an item (maybe with warnings), an error, or a skipped null."""

    file: str
    record: int | str
    item: dict | None = None
    error: ConversionError | None = None
    warnings: list[ConversionWarning] = field(default_factory=list)
    source_id: str | None = None  # the raw record's own id (paperId, corpusid, DOI), for error reports


_DEFAULT_ABBREVIATIONS = AbbreviationSettings()


def convert_record(raw: RawRecord, abbreviations: AbbreviationSettings = _DEFAULT_ABBREVIATIONS) -> Result:
    """Map one raw record to a CSL-JSON item (without its final id). Pure and picklable, so it can
    run in worker processes; it never raises for bad data. ``abbreviations`` (see
    :func:`converter.journals.resolve_settings`) controls the journal-abbreviation step; the default
    uses the input's own abbreviations and ISO 4 rules, without a journal list."""
    item, error, notes = map_record(raw, abbreviations)
    return Result(raw.file, raw.record, item, error, notes.located(raw.file, raw.record), source_id(raw.data))


def map_record(raw: RawRecord,
               abbreviations: AbbreviationSettings) -> tuple[dict | None, ConversionError | None, Notes]:
    """What :func:`convert_record` computes: the item or the error, and the record's notes."""
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


def _check_format(format: str | None) -> None:
    if format is not None and format not in ADAPTERS:
        raise ConversionError(f"unknown input format {format!r}; choose from {', '.join(ADAPTERS)}", code="usage")


def iter_results(source: Any, format: str | None = None, registry: KeyRegistry | None = None, *,
                 abbreviations: bool | AbbreviationSettings = True,
                 journals: str | os.PathLike | JournalList | None = None) -> Iterator[Result]:
    """Every record's :class:`Result`, lazily; ids are made unique through ``registry``.

    ``abbreviations=False`` leaves ``container-title-short`` alone; ``journals`` is an NLM journal list
    (``J_Medline.txt`` or a title,abbreviation CSV; a path or a loaded :class:`JournalList`), by default
    the file named by the ``CITECONV_JOURNALS`` environment variable."""
    _check_format(format)
    settings = resolve_settings(abbreviations, journals)
    registry = registry or KeyRegistry()
    for raw in iter_raw(as_source(source), format):
        result = convert_record(raw, settings)
        if result.item is not None:
            result.item = registry.assign(result.item)
        yield result


def _report_warnings(found: list[ConversionWarning], sink: list | None, notes: bool = True) -> None:
    """To ``sink``, else as Python warnings; ``notes=False`` leaves out the notes on where a journal
    abbreviation came from (:data:`converter.journals.NOTE_CODES`)."""
    if not notes:
        found = [warning for warning in found if warning.code not in NOTE_CODES]
    if sink is not None:
        sink.extend(found)
    else:
        for warning in found:
            python_warnings.warn(str(warning), CiteconvWarning, stacklevel=3)


def iter_read(source: Any, format: str | None = None, *, warnings: list | None = None,
              errors: str = "raise", abbreviations: bool = True,
              journals: str | os.PathLike | JournalList | None = None) -> Iterator[dict]:
    """Yield CSL-JSON items one by one from a path, text, bytes or a file object.

    ``format`` overrides detection (``booksci``, ``s2``, ``s2-dataset``, ``csl-json``). Warnings go to
    the ``warnings`` list when given, else to Python's warnings as :class:`CiteconvWarning`. A bad
    record raises :class:`ConversionError` (``errors="raise"``) or is skipped (``errors="skip"``).
    ``abbreviations`` and ``journals``: the journal-abbreviation step, as in :func:`iter_results`; the
    notes saying where each abbreviation came from are on :func:`iter_results`' results only.
    """
    if errors not in ("raise", "skip"):
        raise ValueError("errors must be 'raise' or 'skip'")
    for result in iter_results(source, format, abbreviations=abbreviations, journals=journals):
        _report_warnings(result.warnings, warnings, notes=False)
        if result.error is not None and errors == "raise":
            raise result.error
        if result.item is not None:
            yield result.item


def read(source: Any, format: str | None = None, *, warnings: list | None = None, errors: str = "raise",
         abbreviations: bool = True, journals: str | os.PathLike | JournalList | None = None) -> list[dict]:
    """All CSL-JSON items of one source (see :func:`iter_read`)."""
    return list(iter_read(source, format, warnings=warnings, errors=errors, abbreviations=abbreviations,
                          journals=journals))


def _writer(to: str, options: dict) -> Any:
    """The writer registered as ``to``, after checking that it takes ``options``."""
    writer = find_writer(to)
    if writer is None:
        raise ConversionError(f"unknown output format {to!r}; choose from {', '.join(sorted(WRITERS))}", code="usage")
    try:
        inspect.signature(writer).bind([], warnings=[], **options)
    except TypeError:
        accepted = [name for name in inspect.signature(writer).parameters if name not in ("items", "warnings")]
        raise ConversionError(f"the {to} writer does not take option(s) {', '.join(sorted(options))}; it takes: "
                              f"{', '.join(accepted) or 'none'}", code="usage") from None
    return writer


def write(items: Iterable[dict], to: str, *, warnings: list | None = None, **options: Any) -> str:
    """Render items with the writer registered as ``to`` (``csl-json``, …).

    ``options`` go to the writer; one it does not take is a usage error. Warnings the writer raises
    (a character it cannot encode, a field it cannot place) go to ``warnings`` as in :func:`read`.
    Items are not checked beforehand (those :func:`read` gives are valid); when a writer fails on an item
    that is not valid CSL-JSON, the error names that item and what is wrong with it.
    """
    writer = _writer(to, options)
    found: list[ConversionWarning] = []
    items = list(items)
    try:
        text = writer(items, warnings=found, **options)
    except ConversionError:
        raise
    except Exception as error:
        raise _invalid_item(items) or ConversionError(
            f"the {to} writer failed ({type(error).__name__}: {error}); please report it", code="internal") from None
    _report_warnings(found, warnings)
    return text


def _invalid_item(items: list) -> ConversionError | None:
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
