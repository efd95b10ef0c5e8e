"""JSON text to raw records: the record model, JSON Lines read line by line with limits, documents, and
the text that cannot be encoded (lone surrogates) replaced. :mod:`converter.sources` opens the inputs and
hands their bytes here."""
from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

import orjson

from .adapters import ADAPTERS
from .adapters.s2_shapes import papers_of
from .errors import ConversionError
from .text.unicode import has_surrogate_escape, scrub_value

MAX_RECORD_BYTES = 64 << 20  # the default limit on one record (a JSON line) or one whole document
_SKIP_PIECE = 1 << 20
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


def json_reason(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "JSON nested too deeply"
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
    return f"invalid JSON: {error}"


def load_json(text: str, file: str) -> Any:
    """A whole JSON document: through orjson where it reads it as ``json`` does (faster), else ``json``,
    whose messages the errors carry."""
    try:
        return orjson_value(text.encode("utf-8"))
    except ValueError:
        pass
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ConversionError(json_reason(error), file=file, code="invalid-json") from None


def raw_record(file: str, record: int | str, entry: Any, format: str | None, notes: tuple = ()) -> RawRecord:
    """One array element or JSON line as a raw record (a null is skipped with a warning)."""
    if entry is None:
        return RawRecord(file, record, None, warnings=(("null-record", "null record (an id not found); skipped"),))
    if not isinstance(entry, dict):
        return RawRecord(file, record, None, error=ConversionError(
            f"expected an object, found {type(entry).__name__}", file=file, record=record, code="not-an-object"))
    return RawRecord(file, record, format or classify(entry), entry, warnings=notes)


def records_of(value: Any, file: str, format: str | None, notes: tuple = (),
                may_hold_surrogates: bool = False) -> Iterator[RawRecord]:
    """Raw records of a parsed JSON document: every S2 response shape (adapters/s2_shapes.py) or one
    object; with ``may_hold_surrogates``, lone surrogates in each record are replaced (with a note)."""
    try:
        value = papers_of(value)
    except ConversionError as error:
        raise error.located(file, None) from None
    for index, entry in enumerate(value):
        entry, scrubbed = scrub_record(entry) if may_hold_surrogates else (entry, ())
        yield raw_record(file, index, entry, format, notes + scrubbed)


def orjson_value(data: bytes) -> Any:
    """The value of JSON ``data`` through orjson, only where orjson reads it exactly as ``json`` does:
    ValueError for data that may hold lone surrogates (orjson refuses them) or a number of 19 digits or
    more (orjson makes a large integer a float), and for anything orjson refuses (NaN, a BOM, bad JSON)."""
    if has_surrogate_escape(data) or _LONG_NUMBER in data.translate(_DIGITS):
        raise ValueError("left to json")
    return orjson.loads(data)


def parse_line(line: bytes, number: int) -> tuple[Any, bool]:
    """One JSON line's value, and whether it may hold lone surrogates (escaped, or as WTF-8 bytes);
    raises UnicodeDecodeError, ValueError or RecursionError."""
    try:
        return orjson_value(line), False  # a line's end ("\n", "\r\n") is JSON whitespace to orjson
    except ValueError:  # anything orjson does not read as json does, or a bad line: json names the problem
        pass
    line = line.rstrip(b"\r\n")
    try:
        text, suspect = line.decode("utf-8-sig" if number == 1 else "utf-8"), has_surrogate_escape(line)
    except UnicodeDecodeError:
        text, suspect = line.decode("utf-8", "surrogatepass"), True  # WTF-8: encoded surrogates
    return json.loads(text), suspect


def scrub_record(value: Any) -> tuple[Any, tuple]:
    """``value`` with lone surrogates replaced by U+FFFD, and the note saying so."""
    try:
        value, count = scrub_value(value)
    except RecursionError:
        return value, ()
    if not count:
        return value, ()
    return value, (("unencodable", f"{count} character(s) that cannot be encoded (lone surrogates) "
                    "replaced by U+FFFD"),)


def json_lines(lines: Iterable[bytes | ConversionError], file: str, format: str | None,
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
            value, suspect = parse_line(line, number)
        except UnicodeDecodeError as error:
            yield RawRecord(file, place, None, error=ConversionError(
                f"not UTF-8 (invalid byte at column {error.start + 1})", file=file, record=place, code="encoding"))
            continue
        except (ValueError, RecursionError) as error:
            yield RawRecord(file, place, None, error=ConversionError(
                json_reason(error), file=file, record=place, code="invalid-json"))
            continue
        value, notes = scrub_record(value) if suspect else (value, ())
        try:
            entries = papers_of(value) if isinstance(value, dict) else [value]
        except ConversionError as error:
            yield RawRecord(file, place, None, error=error.located(file, place))
            continue
        if len(entries) == 1 and entries[0] is value:
            yield raw_record(file, place, value, format, notes)
        else:
            for index, entry in enumerate(entries):
                yield raw_record(file, f"{place}, record {index}", entry, format, notes)


def read_lines(stream: IO[bytes], file: str, limit: int) -> Iterator[bytes | ConversionError]:
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
        yield ConversionError(f"the data ends early after line {number} ({stream_problem(error)}); the lines "
                              "before it were read", file=file, code="truncated")


def stream_problem(error: Exception) -> str:
    if isinstance(error, EOFError):
        return "truncated gzip data"
    return str(error) or type(error).__name__


@dataclass
class Lines:
    """JSON Lines as read, not yet parsed (a batch parses them in its worker processes); ``first`` is
    the number of the first line; a line too large to read is its error. ``span``: where the lines lie in
    a regular file, when they are all there is between two places of it (see :class:`LineRange`)."""

    file: str
    format: str | None
    first: int
    lines: list[bytes | ConversionError]
    span: FileSpan | None = None

    def records(self) -> Iterator[RawRecord]:
        return json_lines(self.lines, self.file, self.format, self.first)

    def sendable(self) -> Lines | LineRange:
        """What goes to a worker process: the lines, or only where to read them (the worker reads them
        itself: the bytes need not go through the parent's pipe, twice pickled)."""
        if self.span is None:
            return self
        return LineRange(self.file, self.format, self.first, len(self.lines), self.span)


@dataclass
class FileSpan:
    """``length`` bytes at ``offset`` of the file at ``path``, as it was when it was read (its device,
    inode, size and modification time then: :func:`file_identity`)."""

    path: str
    offset: int
    length: int
    identity: tuple[int, int, int, int]


def file_identity(descriptor: int) -> tuple[int, int, int, int]:
    status = os.fstat(descriptor)
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


class InputChanged(Exception):
    """A worker found an input file that changed since the parent read it: the parent converts the chunk
    from the lines it read."""


@dataclass
class LineRange:
    """:class:`Lines` that a worker process reads from their file itself."""

    file: str
    format: str | None
    first: int
    count: int
    span: FileSpan

    def records(self) -> Iterator[RawRecord]:
        return json_lines(self.read(), self.file, self.format, self.first)

    def read(self) -> list[bytes | ConversionError]:
        """The lines, as :func:`read_lines` read them; :class:`InputChanged` when the file is another one
        or does not hold them any more."""
        span = self.span
        with open(span.path, "rb") as stream:
            if file_identity(stream.fileno()) != span.identity:
                raise InputChanged(f"{self.file} changed while it was converted")
            stream.seek(span.offset)
            data = stream.read(span.length)
        pieces = data.split(b"\n")
        tail = pieces.pop()
        lines: list[bytes | ConversionError] = [piece + b"\n" for piece in pieces]
        if tail:
            lines.append(tail)
        if len(data) != span.length or len(lines) != self.count:
            raise InputChanged(f"{self.file} changed while it was converted")
        return lines


def may_hold(text: str) -> bool:
    """Whether a JSON text may decode to lone surrogates (it has ``\\uD800``-style escapes)."""
    return "\\ud" in text or "\\uD" in text


class LineStream:
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


def chain(first: bytes | ConversionError, looked: list, rest: Iterator) -> Iterator:
    yield first
    yield from looked
    yield from rest


def has_object_line(lines: list[bytes | ConversionError]) -> bool:
    """True when one of ``lines`` starts at its first column with ``{`` and is a JSON object on its own
    (JSON Lines; the inner objects of a pretty-printed document are indented)."""
    for line in lines:
        if isinstance(line, bytes) and line.startswith(b"{"):
            try:
                if isinstance(parse_line(line, 2)[0], dict):
                    return True
            except (UnicodeDecodeError, ValueError, RecursionError):
                continue
    return False
