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

import orjson

from .adapters import ADAPTERS, TEXT_ADAPTERS, sniff_text
from .adapters.s2_shapes import papers_of
from .errors import ConversionError
from .text.unicode import has_surrogate_escape, scrub_value

_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_PEEK = 1 << 16
MAX_RECORD_BYTES = 64 << 20  # the default limit on one record (a JSON line) or one whole document
_SKIP_PIECE = 1 << 20
_LOOKAHEAD_LINES = 64
_DIGITS = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))  # each digit as "0"
_LONG_NUMBER = b"0" * 19


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
    """The decompressed stream of gzip data. Read as it is, not through another buffer: a buffer that
    asks for more than one block at a time would lose the lines before the end of a truncated file."""
    if stream.peek(2)[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=stream)  # type: ignore[return-value]
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
    """A whole JSON document: through orjson where it reads it as ``json`` does (faster), else ``json``,
    whose messages the errors carry."""
    try:
        return _orjson_value(text.encode("utf-8"))
    except ValueError:
        pass
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ConversionError(_json_reason(error), file=file, code="invalid-json") from None


def _entry(file: str, record: int | str, entry: Any, format: str | None, notes: tuple = ()) -> RawRecord:
    """One array element or JSON line as a raw record (a null is skipped with a warning)."""
    if entry is None:
        return RawRecord(file, record, None, warnings=(("null-record", "null record (an id not found); skipped"),))
    if not isinstance(entry, dict):
        return RawRecord(file, record, None, error=ConversionError(
            f"expected an object, found {type(entry).__name__}", file=file, record=record, code="not-an-object"))
    return RawRecord(file, record, format or classify(entry), entry, warnings=notes)


def _records_of(value: Any, file: str, format: str | None, notes: tuple = (),
                may_hold_surrogates: bool = False) -> Iterator[RawRecord]:
    """Raw records of a parsed JSON document: every S2 response shape (adapters/s2_shapes.py) or one
    object; with ``may_hold_surrogates``, lone surrogates in each record are replaced (with a note)."""
    try:
        value = papers_of(value)
    except ConversionError as error:
        raise error.located(file, None) from None
    for index, entry in enumerate(value):
        entry, scrubbed = _scrubbed(entry) if may_hold_surrogates else (entry, ())
        yield _entry(file, index, entry, format, notes + scrubbed)


def _orjson_value(data: bytes) -> Any:
    """The value of JSON ``data`` through orjson, only where orjson reads it exactly as ``json`` does:
    ValueError for data that may hold lone surrogates (orjson refuses them) or a number of 19 digits or
    more (orjson makes a large integer a float), and for anything orjson refuses (NaN, a BOM, bad JSON)."""
    if has_surrogate_escape(data) or _LONG_NUMBER in data.translate(_DIGITS):
        raise ValueError("left to json")
    return orjson.loads(data)


def _parse_line(line: bytes, number: int) -> tuple[Any, bool]:
    """One JSON line's value, and whether it may hold lone surrogates (escaped, or as WTF-8 bytes);
    raises UnicodeDecodeError, ValueError or RecursionError."""
    line = line.rstrip(b"\r\n")
    try:
        return _orjson_value(line), False
    except ValueError:  # anything orjson does not read as json does, or a bad line: json names the problem
        pass
    try:
        text, suspect = line.decode("utf-8-sig" if number == 1 else "utf-8"), has_surrogate_escape(line)
    except UnicodeDecodeError:
        text, suspect = line.decode("utf-8", "surrogatepass"), True  # WTF-8: encoded surrogates
    return json.loads(text), suspect


def _scrubbed(value: Any) -> tuple[Any, tuple]:
    """``value`` with lone surrogates replaced by U+FFFD, and the note saying so."""
    try:
        value, count = scrub_value(value)
    except RecursionError:
        return value, ()
    if not count:
        return value, ()
    return value, (("unencodable", f"{count} character(s) that cannot be encoded (lone surrogates) "
                    "replaced by U+FFFD"),)


def _json_lines(lines: Iterable[bytes | ConversionError], file: str, format: str | None,
                first: int = 1) -> Iterator[RawRecord]:
    """Stream JSON Lines (a line may also hold a search response); a bad line fails that record only.
    ``first`` is the number of the first line; a line too large to read comes as its error."""
    for number, line in enumerate(lines, start=first):
        place = f"line {number}"
        if isinstance(line, ConversionError):
            yield RawRecord(file, place, None, error=line.located(file, place))
            continue
        if not line.strip():
            continue
        try:
            value, suspect = _parse_line(line, number)
        except UnicodeDecodeError as error:
            yield RawRecord(file, place, None, error=ConversionError(
                f"not UTF-8 (invalid byte at column {error.start + 1})", file=file, record=place, code="encoding"))
            continue
        except (ValueError, RecursionError) as error:
            yield RawRecord(file, place, None, error=ConversionError(
                _json_reason(error), file=file, record=place, code="invalid-json"))
            continue
        value, notes = _scrubbed(value) if suspect else (value, ())
        try:
            entries = papers_of(value) if isinstance(value, dict) else [value]
        except ConversionError as error:
            yield RawRecord(file, place, None, error=error.located(file, place))
            continue
        if len(entries) == 1 and entries[0] is value:
            yield _entry(file, place, value, format, notes)
        else:
            for index, entry in enumerate(entries):
                yield _entry(file, f"{place}, record {index}", entry, format, notes)


def _read_lines(stream: IO[bytes], file: str, limit: int) -> Iterator[bytes | ConversionError]:
    """The lines of a stream, each at most ``limit`` bytes: a longer one is skipped without being held
    and comes as its error. A stream that ends early (truncated gzip data) ends with a file-level error
    after every complete line."""
    number = 0
    try:
        while line := stream.readline(limit + 1):
            number += 1
            if len(line) > limit and not line.endswith(b"\n"):
                while (rest := stream.readline(_SKIP_PIECE)) and not rest.endswith(b"\n"):
                    pass
                yield ConversionError(f"larger than the limit of {limit:,} bytes; skipped (raise it with "
                                      "--max-record-bytes)", code="too-large")
            else:
                yield line
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as error:
        yield ConversionError(f"the data ends early after line {number} ({_stream_problem(error)}); the lines "
                              "before it were read", file=file, code="truncated")


def _stream_problem(error: Exception) -> str:
    if isinstance(error, EOFError):
        return "truncated gzip data"
    return str(error) or type(error).__name__


@dataclass
class Lines:
    """JSON Lines as read, not yet parsed (a batch parses them in its worker processes); ``first`` is
    the number of the first line; a line too large to read is its error."""

    file: str
    format: str | None
    first: int
    lines: list[bytes | ConversionError]

    def records(self) -> Iterator[RawRecord]:
        return _json_lines(self.lines, self.file, self.format, self.first)


def iter_raw(source: Any, format: str | None = None, *, limit: int = MAX_RECORD_BYTES) -> Iterator[RawRecord]:
    """Yield the raw records of one source. A problem with the whole input raises ConversionError (after
    the records read before it, for a stream that ends early). ``limit``: the largest record (a JSON
    line) or document, in bytes; a larger line fails alone, a larger document as a whole."""
    for value in _read(source, format, None, limit):
        if isinstance(value, ConversionError):
            raise value
        yield value  # type: ignore[misc]


def iter_chunks(source: Any, format: str | None = None, size: int = 256, *,
                limit: int = MAX_RECORD_BYTES) -> Iterator[list[RawRecord] | Lines]:
    """The raw records of one source in chunks of ``size``: JSON Lines as unparsed :class:`Lines`, any
    other input as lists of parsed records. A problem with the whole input raises ConversionError, after
    the chunks read before it."""
    records: list[RawRecord] = []
    for value in _read(source, format, size, limit):
        if isinstance(value, (Lines, ConversionError)) and records:
            yield records
            records = []
        if isinstance(value, ConversionError):
            raise value
        if isinstance(value, Lines):
            yield value
            continue
        records.append(value)
        if len(records) == size:
            yield records
            records = []
    if records:
        yield records


def _read(source: Any, format: str | None, size: int | None,
          limit: int) -> Iterator[RawRecord | Lines | ConversionError]:
    """Raw records; with ``size``, JSON Lines come as :class:`Lines` of ``size`` lines instead. A problem
    with the whole input is raised, or yielded last when records came before it."""
    if hasattr(source, "raw_records"):  # identifiers to look up (converter.lookup.Identifiers)
        yield from source.raw_records()
        return
    file, stream = _open(source)
    try:
        stream = _unwrap_gzip(_peekable(stream))
        head = stream.peek(_PEEK)[:_PEEK]
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if format in TEXT_ADAPTERS:
            yield from _text_records(stream, file, format, limit)
        elif format == "booksci" or start == b"{":
            yield from _from_object_start(stream, file, format, size, limit)
        elif start == b"[" or head.startswith(_UTF16_BOMS):
            text, _ = decode(_read_document(stream, file, limit), file)
            yield from _records_of(_load_json(text, file), file, format, may_hold_surrogates=_may_hold(text))
        elif not head.strip():
            raise ConversionError("empty input", file=file, code="empty")
        else:
            yield from _text_records(stream, file, format, limit)
    except gzip.BadGzipFile as error:
        raise ConversionError(f"broken gzip data: {error}", file=file, code="encoding") from None
    except (OSError, EOFError, zlib.error) as error:
        raise ConversionError(f"cannot read: {_stream_problem(error)}", file=file, code="io") from None
    finally:
        if not hasattr(source, "read") and file != "<stdin>":
            stream.close()


def _text_records(stream: IO[bytes], file: str, format: str | None, limit: int) -> Iterator[RawRecord]:
    """A text format (BibTeX, BibLaTeX, RIS; told from the content unless ``format`` names it): the whole
    decoded text goes to the adapter's splitter; each record is named by its line (and key)."""
    text, _ = decode(_read_document(stream, file, limit), file)  # binary garbage fails here, naming the bad byte
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


def _read_document(stream: IO[bytes], file: str, limit: int, start: bytes = b"") -> bytes:
    """The rest of a stream that is one document, refused beyond ``limit`` bytes (never held whole)."""
    data = start + stream.read(max(limit + 1 - len(start), 0))
    if len(data) > limit:
        raise ConversionError(f"a document larger than the limit of {limit:,} bytes; give JSON as JSON Lines "
                              "(one record a line, streamed) or raise the limit with --max-record-bytes", file=file,
                              code="too-large")
    return data


def _from_object_start(stream: IO[bytes], file: str, format: str | None, size: int | None,
                       limit: int) -> Iterator[RawRecord | Lines | ConversionError]:
    """The input starts with ``{``: a booksci wrapper, one (pretty-printed) document, or JSON Lines. Only
    the first lines are looked at to tell them apart, so a broken first line never makes the whole file
    be read: JSON Lines stream on, and that line fails alone."""
    lines = _read_lines(stream, file, limit)
    first = next(lines)
    value: Any = None
    if isinstance(first, bytes):
        try:
            value = _parse_line(first, 1)[0]
        except (UnicodeDecodeError, ValueError, RecursionError):
            value = None
    looked: list[bytes | ConversionError] = []
    if format != "booksci" and value is None:
        looked = list(islice(lines, _LOOKAHEAD_LINES))
    if format == "booksci" or (isinstance(value, dict) and ADAPTERS["booksci"].detect(value)) or (
            value is None and not _has_object_line(looked)):
        if isinstance(first, ConversionError) or any(isinstance(line, ConversionError) for line in looked):
            problem = first if isinstance(first, ConversionError) else next(
                line for line in looked if isinstance(line, ConversionError))
            raise problem.located(file, None) if problem.code == "truncated" else ConversionError(
                problem.reason.replace("skipped", "the document cannot be read"), file=file, code="too-large")
        data = _read_document(stream, file, limit, first + b"".join(looked))  # type: ignore[operator, arg-type]
        yield from _document(data, file, format)
        return
    every = _LineStream(_chain(first, looked, lines))
    if size is None:
        yield from _json_lines(every, file, format)
    else:
        number = 1
        while batch := list(islice(every, size)):
            yield Lines(file, format, number, batch)
            number += len(batch)
    if every.ended is not None:
        yield every.ended


def _document(data: bytes, file: str, format: str | None) -> Iterator[RawRecord]:
    """A whole document that starts with ``{``: booksci, or one JSON object or search response."""
    text, gb18030 = decode(data, file)
    notes = (("decoded-gb18030", "the file is not UTF-8; decoded as GB18030"),) if gb18030 else ()
    if format == "booksci" or _first_line_is_booksci(text):
        yield from _booksci_records(text, file, notes)
        return
    yield from _records_of(_load_json(text, file), file, format, notes, may_hold_surrogates=_may_hold(text))


def _may_hold(text: str) -> bool:
    """Whether a JSON text may decode to lone surrogates (it has ``\\uD800``-style escapes)."""
    return "\\ud" in text or "\\uD" in text


class _LineStream:
    """Lines up to a file-level error (a stream that ended early), which is kept in :attr:`ended`;
    per-line errors pass through. Each iteration goes on where the previous one stopped."""

    def __init__(self, lines: Iterator[bytes | ConversionError]) -> None:
        self.lines = lines
        self.ended: ConversionError | None = None

    def __iter__(self) -> Iterator[bytes | ConversionError]:
        for line in self.lines:
            if isinstance(line, ConversionError) and line.code == "truncated":
                self.ended = line
                return
            yield line


def _chain(first: bytes | ConversionError, looked: list, rest: Iterator) -> Iterator:
    yield first
    yield from looked
    yield from rest


def _has_object_line(lines: list[bytes | ConversionError]) -> bool:
    """True when one of ``lines`` starts at its first column with ``{`` and is a JSON object on its own
    (JSON Lines; the inner objects of a pretty-printed document are indented)."""
    for line in lines:
        if isinstance(line, bytes) and line.startswith(b"{"):
            try:
                if isinstance(_parse_line(line, 2)[0], dict):
                    return True
            except (UnicodeDecodeError, ValueError, RecursionError):
                continue
    return False


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
            record, scrubbed = _scrubbed(record) if _may_hold(text) else (record, ())
            yield RawRecord(file, index, "booksci", record, warnings=notes + scrubbed)
    except ConversionError as error:
        raise error.located(file, None) from None
