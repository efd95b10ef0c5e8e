"""The library API: read, iter_read, write (``convert`` is in :mod:`converter.batch`); a thin layer over
:mod:`converter.pipeline`."""
from __future__ import annotations

import os
import warnings as python_warnings
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import ConversionWarning
from .ids import KeyRegistry
from .journals import NOTE_CODES, AbbreviationSettings, JournalList, resolve_settings
from .lookup import as_source
from .pipeline import Result, WriterSpec, check_format, convert_record, render
from .sources import iter_raw

__all__ = ["CiteconvWarning", "Result", "convert_record", "iter_read", "iter_results", "read", "write"]


class CiteconvWarning(UserWarning):
    """Issued by :func:`read` and :func:`iter_read` for each conversion warning when the caller
    passes no ``warnings`` list."""


def iter_results(source: Any, format: str | None = None, registry: KeyRegistry | None = None, *,
                 abbreviations: bool | AbbreviationSettings = True,
                 journals: str | os.PathLike | JournalList | None = None) -> Iterator[Result]:
    """Every record's :class:`Result`, lazily; ids are made unique through ``registry``.

    ``abbreviations=False`` leaves ``container-title-short`` alone; ``journals`` is an NLM journal list
    (``J_Medline.txt`` or a title,abbreviation CSV; a path or a loaded :class:`JournalList`), by default
    the file named by the ``CITECONV_JOURNALS`` environment variable."""
    check_format(format)
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


def write(items: Iterable[dict], to: str, *, warnings: list | None = None, **options: Any) -> str:
    """Render items with the writer registered as ``to`` (``csl-json``, …).

    ``options`` go to the writer; one it does not take is a usage error. Warnings the writer raises
    (a character it cannot encode, a field it cannot place) go to ``warnings`` as in :func:`read`.
    Items are not checked beforehand (those :func:`read` gives are valid); when a writer fails on an item
    that is not valid CSL-JSON, the error names that item and what is wrong with it.
    """
    spec = WriterSpec.of(to, options)
    found: list[ConversionWarning] = []
    text = render(list(items), spec, found)
    _report_warnings(found, warnings)
    return text
