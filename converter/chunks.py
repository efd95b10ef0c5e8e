"""A chunk of records through the per-record pipeline (:func:`converter.pipeline.process_record`), and what
comes of it (:class:`Converted`): the loop a batch runs in each worker process (converter/workers.py),
compiled with the hot path."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from mypy_extensions import mypyc_attr

from .errors import ConversionError
from .journals import AbbreviationSettings
from .json_records import RawRecord, source_id
from .pipeline import dedupe_keys, process_record
from .writers import Stream


class Done(NamedTuple):
    """One record's outcome. ``notes`` and ``found`` (the writer's warnings) are (code, message) pairs;
    ``item`` is the item with its provisional ``id`` (pickled on its own when it crosses processes: the
    parent needs it only to have it rendered again or to collect it; ``None`` when its text can be
    rekeyed); ``keys`` its de-duplication keys; ``text`` its rendering (streaming writers)."""

    file: str
    record: int | str
    notes: list[tuple[str, str]]
    error: ConversionError | None = None
    source_id: str | None = None
    item: dict | bytes | None = None
    id: str = ""
    keys: list[tuple[str, str]] = []
    text: str | None = None
    found: list[tuple[str, str]] = []

    @property
    def converted(self) -> bool:
        return self.item is not None or self.text is not None


@mypyc_attr(native_class=False)  # pickled between processes (with __getstate__)
class Converted:
    """A converted chunk, in record order: each record's ``files``, ``records`` (the place its errors
    name), and either its ``ids`` and ``texts`` entry, for a plain record (converted, nothing to report, its
    text alone can move to another id, no de-duplication key: most records), or its :class:`Done` in
    ``others`` (by index). Plain records cross processes as two lists of strings instead of a tuple each,
    and the parent writes them without building one. Iterating gives every record's :class:`Done`."""

    __slots__ = ("files", "records", "ids", "texts", "others")

    def __init__(self) -> None:
        self.files: list[str] = []
        self.records: list[int | str] = []
        self.ids: list[str | None] = []
        self.texts: list[str | None] = []
        self.others: dict[int, Done] = {}

    @classmethod
    def of(cls, done: Iterable[Done]) -> Converted:
        converted = cls()
        for record in done:
            converted.add(record)
        return converted

    def add(self, done: Done) -> None:
        self.others[len(self.files)] = done
        self.files.append(done.file)
        self.records.append(done.record)
        self.ids.append(None)
        self.texts.append(None)

    def add_plain(self, file: str, record: int | str, id: str, text: str) -> None:
        self.files.append(file)
        self.records.append(record)
        self.ids.append(id)
        self.texts.append(text)

    def __len__(self) -> int:
        return len(self.files)

    def __iter__(self) -> Iterator[Done]:
        for index, file in enumerate(self.files):
            other = self.others.get(index)
            yield other if other is not None else Done(file, self.records[index], [], id=self.ids[index] or "",
                                                        text=self.texts[index])

    def __getstate__(self) -> tuple:
        return self.files, self.records, self.ids, self.texts, self.others

    def __setstate__(self, state: tuple) -> None:
        self.files, self.records, self.ids, self.texts, self.others = state


def convert_records(records: Iterable[RawRecord], settings: AbbreviationSettings, stream: Stream | None,
                    dedupe: bool, pack: Callable[[dict], bytes] | None) -> Converted:
    """Parse, map and render records. ``pack``: how an item kept for the parent is pickled on its own (in a
    worker process), or None (in the parent's process)."""
    done = Converted()
    rekey = stream.rekey if stream is not None else None
    for raw in records:
        item, error, notes, text, found = process_record(raw, settings, stream)
        if item is None:
            done.add(Done(raw.file, raw.record, notes.items, error, source_id(raw.data) if error else None))
            continue
        id: str = item["id"]
        if text is not None and rekey is not None and rekey(text, id, id) is not None:
            kept: dict | bytes | None = None  # the text alone can move to another id
        else:
            kept = pack(item) if pack is not None else item
        keys = dedupe_keys(item) if dedupe else []
        if kept is None and not keys and not notes.items and not found:
            done.add_plain(raw.file, raw.record, id, text)  # type: ignore[arg-type]
        else:
            done.add(Done(raw.file, raw.record, notes.items, None, None, kept, id, keys, text,
                          [(warning.code, warning.message) for warning in found]))
    return done
