"""Reading inputs: paths, text, bytes and file objects; decoding; gzip; splitting into raw records.

The format is told from the content (:func:`classify`), never from the file name. JSON Lines are
streamed line by line, so a dataset part never sits in memory whole.
"""
from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any

from .adapters import ADAPTERS, TEXT_ADAPTERS, sniff_text
from .errors import ConversionError

_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SEARCH_KEYS = {"total", "offset", "next", "token"}
_PEEK = 1 << 16


@dataclass
class RawRecord:
    """One record as found in the input, before mapping: ``data`` is the parsed JSON value."""

    file: str
    record: int | str
    format: str | None
    data: Any = None
    error: ConversionError | None = None
    warnings: tuple[tuple[str, str], ...] = ()


def source_id(data: Any) -> str | None:
    """A raw record's own id (S2 paperId, corpus id, CSL id, DOI), to name it in error reports."""
    if not isinstance(data, dict):
        return None
    for key in ("paperId", "corpusid", "corpusId", "id", "doi"):
        if isinstance(data.get(key), (str, int)) and not isinstance(data.get(key), bool) and data[key] != "":
            return str(data[key])
    ids = data.get("externalIds") or data.get("externalids")
    return str(ids["DOI"]) if isinstance(ids, dict) and isinstance(ids.get("DOI"), str) else None


def classify(value: dict) -> str | None:
    """The adapter whose signature keys ``value`` carries (booksci, then S2 datasets, S2, CSL-JSON)."""
    for name in ("booksci", "s2-dataset", "s2", "csl-json"):
        if ADAPTERS[name].detect(value):
            return name
    return None


def _open(source: Any) -> tuple[str, IO[bytes]]:
    """A name and a binary stream for any accepted source."""
    if isinstance(source, (bytes, bytearray)):
        return "<bytes>", io.BytesIO(bytes(source))
    if isinstance(source, os.PathLike):
        return _open_path(Path(source))
    if isinstance(source, str):
        if source == "-":
            import sys

            return "<stdin>", sys.stdin.buffer
        if not source.strip() or "\n" in source or source.lstrip("\ufeff \t\r").startswith(("{", "[")):
            return "<text>", io.BytesIO(source.encode("utf-8"))
        return _open_path(Path(source))
    if hasattr(source, "read"):
        name = str(getattr(source, "name", "<stream>"))
        if isinstance(source, io.TextIOBase):
            buffer = getattr(source, "buffer", None)
            return name, buffer if buffer is not None else io.BytesIO(source.read().encode("utf-8"))
        return name, source
    raise ConversionError(f"cannot read a {type(source).__name__}; give a path, text, bytes or a file object",
                          code="usage")


def _open_path(path: Path) -> tuple[str, IO[bytes]]:
    name = str(path)
    try:
        if path.is_dir():
            raise ConversionError("is a directory (convert() and the CLI read directories)", file=name, code="io")
        return name, open(path, "rb")
    except OSError as error:
        raise ConversionError(error.strerror or str(error), file=name, code="io") from None
    except ValueError as error:  # e.g. a NUL in the path
        raise ConversionError(f"not a usable path: {error}", file=repr(name), code="io") from None


def _peekable(stream: IO[bytes]) -> io.BufferedReader:
    if hasattr(stream, "peek"):
        return stream  # type: ignore[return-value]
    return io.BufferedReader(stream, buffer_size=_PEEK)  # type: ignore[arg-type]


def _unwrap_gzip(stream: io.BufferedReader) -> io.BufferedReader:
    if stream.peek(2)[:2] == b"\x1f\x8b":
        return io.BufferedReader(gzip.GzipFile(fileobj=stream), buffer_size=_PEEK)  # type: ignore[arg-type]
    return stream


def decode(data: bytes, file: str) -> tuple[str, bool]:
    """Text of a whole document: UTF-8 (BOM allowed) or UTF-16 with a BOM; GB18030 only for a
    booksci record (a Chinese site), never guessed for anything else. Returns (text, was_gb18030)."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), False
        except UnicodeDecodeError as error:
            raise ConversionError(f"bad UTF-16 at byte {error.start}", file=file, code="encoding") from None
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    first_line = text.split("\n", 1)[0].strip()
    if first_line.startswith("{"):
        try:
            if ADAPTERS["booksci"].detect(json.loads(first_line)):
                return text, True
        except (ValueError, RecursionError, AttributeError):
            pass
    raise ConversionError(
        f"not UTF-8 text (invalid byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}); "
        "save the file as UTF-8", file=file, code="encoding")


def _json_reason(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "JSON nested too deeply"
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
    return f"invalid JSON: {error}"


def _load_json(text: str, file: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ConversionError(_json_reason(error), file=file, code="invalid-json") from None


def _is_search_response(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("data"), list) and bool(value.keys() & _SEARCH_KEYS)


def _entry(file: str, record: int | str, entry: Any, format: str | None, notes: tuple = ()) -> RawRecord:
    """One array element or JSON line as a raw record (a null is skipped with a warning)."""
    if entry is None:
        return RawRecord(file, record, None, warnings=(("null-record", "null record (an id not found); skipped"),))
    if not isinstance(entry, dict):
        return RawRecord(file, record, None, error=ConversionError(
            f"expected an object, found {type(entry).__name__}", file=file, record=record, code="not-an-object"))
    return RawRecord(file, record, format or classify(entry), entry, warnings=notes)


def _records_of(value: Any, file: str, format: str | None, notes: tuple = ()) -> Iterator[RawRecord]:
    """Raw records of a parsed JSON document: an array, a search response or one object."""
    if _is_search_response(value):
        value = value["data"]
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise ConversionError(f"expected a JSON object or array, found {type(value).__name__}", file=file,
                              code="not-an-object")
    for index, entry in enumerate(value):
        yield _entry(file, index, entry, format, notes)


def _json_lines(lines: Iterable[bytes], file: str, format: str | None, first: int = 1) -> Iterator[RawRecord]:
    """Stream JSON Lines (a line may also hold a search response); a bad line fails that record only.
    ``first`` is the number of the first line."""
    for number, line in enumerate(lines, start=first):
        if not line.strip():
            continue
        place = f"line {number}"
        try:
            value = json.loads(line.rstrip(b"\r\n").decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError as error:
            yield RawRecord(file, place, None, error=ConversionError(
                f"not UTF-8 (invalid byte at column {error.start + 1})", file=file, record=place, code="encoding"))
            continue
        except (ValueError, RecursionError) as error:
            yield RawRecord(file, place, None, error=ConversionError(
                _json_reason(error), file=file, record=place, code="invalid-json"))
            continue
        if _is_search_response(value):
            for index, entry in enumerate(value["data"]):
                yield _entry(file, f"{place}, record {index}", entry, format)
        else:
            yield _entry(file, place, value, format)


@dataclass
class Lines:
    """JSON Lines as read, not yet parsed (a batch parses them in its worker processes); ``first`` is
    the number of the first line."""

    file: str
    format: str | None
    first: int
    lines: list[bytes]

    def records(self) -> Iterator[RawRecord]:
        return _json_lines(self.lines, self.file, self.format, self.first)


def iter_raw(source: Any, format: str | None = None) -> Iterator[RawRecord]:
    """Yield the raw records of one source. A problem with the whole input raises ConversionError."""
    return _read(source, format, None)  # type: ignore[return-value]


def iter_chunks(source: Any, format: str | None = None, size: int = 256) -> Iterator[list[RawRecord] | Lines]:
    """The raw records of one source in chunks of ``size``: JSON Lines as unparsed :class:`Lines`, any
    other input as lists of parsed records. A problem with the whole input raises ConversionError."""
    records: list[RawRecord] = []
    for value in _read(source, format, size):
        if isinstance(value, Lines):
            yield value
            continue
        records.append(value)
        if len(records) == size:
            yield records
            records = []
    if records:
        yield records


def _read(source: Any, format: str | None, size: int | None) -> Iterator[RawRecord | Lines]:
    """Raw records; with ``size``, JSON Lines come as :class:`Lines` of ``size`` lines instead."""
    file, stream = _open(source)
    try:
        stream = _unwrap_gzip(_peekable(stream))
        head = stream.peek(_PEEK)[:_PEEK]
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if format in TEXT_ADAPTERS:
            yield from _text_records(stream, file, format)
        elif format == "booksci" or start == b"{":
            yield from _from_object_start(stream, file, format, size)
        elif start == b"[" or head.startswith(_UTF16_BOMS):
            text, _ = decode(stream.read(), file)
            yield from _records_of(_load_json(text, file), file, format)
        elif not head.strip():
            raise ConversionError("empty input", file=file, code="empty")
        else:
            yield from _text_records(stream, file, format)
    except gzip.BadGzipFile as error:
        raise ConversionError(f"broken gzip data: {error}", file=file, code="encoding") from None
    except (OSError, EOFError, zlib.error) as error:
        raise ConversionError(f"cannot read: {error}", file=file, code="io") from None
    finally:
        if not hasattr(source, "read") and file != "<stdin>":
            stream.close()


def _text_records(stream: IO[bytes], file: str, format: str | None) -> Iterator[RawRecord]:
    """A text format (BibTeX, BibLaTeX, RIS; told from the content unless ``format`` names it): the whole
    decoded text goes to the adapter's splitter; each record is named by its line (and key)."""
    text, _ = decode(stream.read(), file)  # binary garbage fails here, naming the bad byte
    if format not in TEXT_ADAPTERS:
        format = sniff_text(text)
    if format is None:
        raise ConversionError("not JSON and not a booksci record, nor BibTeX/BibLaTeX or RIS "
                              "(JSON starts with '{' or '[', a .bib entry with '@type{', RIS with 'TY  - ')",
                              file=file, code="unknown-format")
    found = False
    try:
        for place, data, reason, warnings in ADAPTERS[format].split(text):
            found = True
            error = ConversionError(reason, file=file, record=place, code=f"invalid-{format}") if reason else None
            yield RawRecord(file, place, format if data is not None else None, data, error, warnings)
    except ConversionError as error:
        raise error.located(file, None) from None
    if not found:
        raise ConversionError(f"no {format} records in it", file=file, code="empty")


def _from_object_start(stream: IO[bytes], file: str, format: str | None,
                       size: int | None) -> Iterator[RawRecord | Lines]:
    """The input starts with ``{``: a booksci wrapper, one (pretty-printed) document, or JSON Lines."""
    first = stream.readline()
    try:
        value = json.loads(first.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        value = None
    if format == "booksci" or value is None or (isinstance(value, dict) and ADAPTERS["booksci"].detect(value)):
        data = first + stream.read()
        text, gb18030 = decode(data, file)
        notes = (("decoded-gb18030", "the file is not UTF-8; decoded as GB18030"),) if gb18030 else ()
        if format == "booksci" or _first_line_is_booksci(text):
            yield from _booksci_records(text, file, notes)
            return
        try:
            document = _load_json(text, file)
        except ConversionError:
            if not _later_line_is_an_object(text):
                raise
            # JSON Lines whose first line is broken: that line fails alone, the others convert.
            yield from _json_lines(iter(data.splitlines(keepends=True)), file, format)
            return
        yield from _records_of(document, file, format, notes)
        return
    if size is None:
        yield from _json_lines(_chain(first, stream), file, format)
        return
    lines, number = _chain(first, stream), 1
    while batch := list(islice(lines, size)):
        yield Lines(file, format, number, batch)
        number += len(batch)


def _later_line_is_an_object(text: str) -> bool:
    """True when a line after the first non-empty one is a JSON object on its own (JSON Lines)."""
    lines = [line for line in islice((line.strip() for line in text.splitlines()), 0, 64) if line]
    for line in lines[1:]:
        try:
            if isinstance(json.loads(line), dict):
                return True
        except (ValueError, RecursionError):
            continue
    return False


def _chain(first: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    yield first
    yield from stream


def _first_line_is_booksci(text: str) -> bool:
    first_line = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0].strip()
    try:
        value = json.loads(first_line)
    except (ValueError, RecursionError):
        return False
    return isinstance(value, dict) and ADAPTERS["booksci"].detect(value)


def _booksci_records(text: str, file: str, notes: tuple) -> Iterator[RawRecord]:
    try:
        for index, record in enumerate(ADAPTERS["booksci"].split(text)):
            yield RawRecord(file, index, "booksci", record, warnings=notes)
    except ConversionError as error:
        raise error.located(file, None) from None
