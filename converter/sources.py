"""Reading inputs: paths, text, bytes and file objects; decoding; gzip; splitting into raw records.

The format is told from the content (:func:`converter.json_records.classify`), never from the file name.
JSON Lines are streamed line by line (:mod:`converter.json_records`), so a dataset part never sits in
memory whole.
"""
from __future__ import annotations

import codecs
import gzip
import io
import re
import json
import os
import stat
import zlib
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any

from .adapters import ADAPTERS, TEXT_ADAPTERS, sniff_text
from .errors import ConversionError
from .json_records import (
    MAX_RECORD_BYTES,
    FileSpan,
    Lines,
    LineStream,
    RawRecord,
    chain,
    file_identity,
    has_object_line,
    json_lines,
    load_json,
    may_hold,
    parse_line,
    read_lines,
    records_of,
    scrub_record,
    stream_problem,
)

_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_PEEK = 1 << 16
_LOOKAHEAD_LINES = 64
# A BibTeX entry or an RIS tag line written on one line: text, not a path (unless such a file exists).
_ONE_LINE_RECORD = re.compile(r"\ufeff?\s*(?:@[A-Za-z]+\s*[{(]|[A-Z][A-Z0-9]  - )")


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
        if (not source.strip() or "\n" in source or source.lstrip("\ufeff \t\r").startswith(("{", "["))
                or (_ONE_LINE_RECORD.match(source) and not os.path.lexists(source))):
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
            yield from records_of(load_json(text, file), file, format, may_hold_surrogates=may_hold(text))
        elif not head.strip():
            raise ConversionError("empty input", file=file, code="empty")
        else:
            yield from _text_records(stream, file, format, limit)
    except gzip.BadGzipFile as error:
        raise ConversionError(f"broken gzip data: {error}", file=file, code="encoding") from None
    except (OSError, EOFError, zlib.error) as error:
        raise ConversionError(f"cannot read: {stream_problem(error)}", file=file, code="io") from None
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
    place = _regular_file(stream) if size is not None else None  # (before reading moves the stream)
    lines = read_lines(stream, file, limit)
    first = next(lines)
    value: Any = None
    if isinstance(first, bytes):
        try:
            value = parse_line(first, 1)[0]
        except (UnicodeDecodeError, ValueError, RecursionError):
            value = None
    looked: list[bytes | ConversionError] = []
    if format != "booksci" and value is None:
        looked = list(islice(lines, _LOOKAHEAD_LINES))
    if format == "booksci" or (isinstance(value, dict) and ADAPTERS["booksci"].detect(value)) or (
            value is None and not has_object_line(looked)):
        if isinstance(first, ConversionError) or any(isinstance(line, ConversionError) for line in looked):
            problem = first if isinstance(first, ConversionError) else next(
                line for line in looked if isinstance(line, ConversionError))
            raise problem.located(file, None) if problem.code == "truncated" else ConversionError(
                problem.reason.replace("skipped", "the document cannot be read"), file=file, code="too-large")
        data = _read_document(stream, file, limit, first + b"".join(looked))  # type: ignore[operator, arg-type]
        yield from _document(data, file, format)
        return
    every = LineStream(chain(first, looked, lines))
    if size is None:
        yield from json_lines(every, file, format)
    else:
        number, offset = 1, 0
        while batch := list(islice(every, size)):
            span = None
            if place is not None:
                if any(isinstance(line, ConversionError) for line in batch):
                    place = None  # a line skipped unread: where the next ones lie is not known
                else:
                    length = sum(map(len, batch))  # type: ignore[arg-type]
                    span, offset = FileSpan(place[0], offset, length, place[1]), offset + length
            yield Lines(file, format, number, batch, span)
            number += len(batch)
    if every.ended is not None:
        yield every.ended


def _regular_file(stream: IO[bytes]) -> tuple[str, tuple[int, int, int, int]] | None:
    """(absolute path, identity) of a regular file opened by its name and read from its start (a worker
    process can read its chunks itself), else None: a pipe, a FIFO, stdin, gzip data, an in-memory stream, a
    file object read from elsewhere than its start."""
    if type(stream) is not io.BufferedReader or not isinstance(stream.raw, io.FileIO):
        return None
    name = stream.raw.name
    try:
        if not isinstance(name, str) or stream.tell() != 0 or not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return None
        return os.path.abspath(name), file_identity(stream.fileno())
    except (OSError, ValueError):
        return None


def _document(data: bytes, file: str, format: str | None) -> Iterator[RawRecord]:
    """A whole document that starts with ``{``: booksci, or one JSON object or search response."""
    text, gb18030 = decode(data, file)
    notes = (("decoded-gb18030", "the file is not UTF-8; decoded as GB18030"),) if gb18030 else ()
    if format == "booksci" or _first_line_is_booksci(text):
        yield from _booksci_records(text, file, notes)
        return
    yield from records_of(load_json(text, file), file, format, notes, may_hold_surrogates=may_hold(text))


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
            record, scrubbed = scrub_record(record) if may_hold(text) else (record, ())
            yield RawRecord(file, index, "booksci", record, warnings=notes + scrubbed)
    except ConversionError as error:
        raise error.located(file, None) from None
