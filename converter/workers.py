"""The worker side of a batch: pure functions of a chunk of input, run in-process or in a process pool.

A chunk is :class:`converter.sources.Lines` (parsed here, so the parent only reads bytes), a list of
parsed raw records, or the :class:`ConversionError` of an input that could not be read (passed through,
so that it is reported in input order). Each record comes back as a :data:`Done` tuple holding its text
rendered with its provisional id; the parent makes the ids unique and, for an item whose id changed,
moves the text to the new id with the writer's ``rekey``, or asks for a second rendering
(:func:`render_chunk`) where that cannot be done. Only the items that may need rendering again, or that
a writer which does not stream collects, travel back to the parent.
"""
from __future__ import annotations

import multiprocessing
import pickle
import sys
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from .api import map_record
from .errors import ConversionError
from .ids import provisional_id
from .journals import AbbreviationSettings
from .sources import Lines, RawRecord, source_id
from .writers import Stream

DEDUPE_KEYS = ("DOI", "S2PaperId", "S2CorpusId")
Chunk = Lines | list[RawRecord] | ConversionError


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


_WORKER: dict[str, Any] = {}


def init_worker(settings: AbbreviationSettings, stream: Stream | None, dedupe: bool, pack: bool) -> None:
    """``pack``: items cross a process boundary, pickled apart (the parent unpickles only the items it
    collects for a writer that does not stream)."""
    _WORKER.update(settings=settings, stream=stream, dedupe=dedupe, pack=pack)


def _pack(item: dict) -> bytes:
    """The item pickled, even as deep as JSON parsing allowed (pickling takes more than one level of the
    recursion limit for each level of nesting)."""
    try:
        return pickle.dumps(item, 5)
    except RecursionError:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(3 * limit + 100)
        try:
            return pickle.dumps(item, 5)
        finally:
            sys.setrecursionlimit(limit)


def unpack(item: dict | bytes) -> dict:
    return pickle.loads(item) if isinstance(item, bytes) else item


def dedupe_keys(item: dict) -> list[tuple[str, str]]:
    custom = item.get("custom") or {}
    return [(name, str(value).lower()) for name in DEDUPE_KEYS
            if (value := item.get(name, custom.get(name))) not in (None, "")]


def convert_chunk(chunk: Chunk) -> list[Done] | ConversionError:
    """Parse, map and render one chunk."""
    if isinstance(chunk, ConversionError):
        return chunk
    settings, stream, dedupe, packed = _WORKER["settings"], _WORKER["stream"], _WORKER["dedupe"], _WORKER["pack"]
    done: list[Done] = []
    for raw in chunk.records() if isinstance(chunk, Lines) else chunk:
        item, error, notes = map_record(raw, settings)
        if item is None:
            done.append(Done(raw.file, raw.record, notes.items, error, source_id(raw.data) if error else None))
            continue
        item = provisional_id(item)
        found: list = []
        text = stream.entry(item, found) if stream is not None else None
        if text is not None and stream.rekey is not None and stream.rekey(text, item["id"], item["id"]) is not None:
            kept = None  # the text alone can move to another id
        else:
            kept = _pack(item) if packed else item
        done.append(Done(raw.file, raw.record, notes.items, None, None, kept,
                         item["id"], dedupe_keys(item) if dedupe else [], text,
                         [(warning.code, warning.message) for warning in found]))
    return done


def render_chunk(requests: list[tuple[dict | bytes, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Render items again under their final ids: the text and the writer's warnings for each."""
    stream = _WORKER["stream"]
    rendered = []
    for item, final in requests:
        found: list = []
        text = stream.entry({**unpack(item), "id": final}, found)
        rendered.append((text, [(warning.code, warning.message) for warning in found]))
    return rendered


class Ready:
    """A result computed in-process, with the interface of a pool's ``AsyncResult``."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def ready(self) -> bool:
        return True

    def get(self) -> Any:
        return self.value


class Workers:
    """``jobs`` worker processes (none for ``jobs <= 1``): an ordered, bounded :meth:`map` of
    :func:`convert_chunk`, and :meth:`submit` for :func:`render_chunk`."""

    def __init__(self, jobs: int, initargs: tuple) -> None:
        self.jobs, self.pool = jobs, None
        init_worker(*initargs[:3], pack=False)
        if jobs > 1:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self.pool = context.Pool(jobs, init_worker, initargs)

    def map(self, chunks: Iterator[Chunk]) -> Iterator[list[Done] | ConversionError]:
        """``convert_chunk`` over ``chunks``, in order, a few chunks ahead at most."""
        if self.pool is None:
            yield from map(convert_chunk, chunks)
            return
        pending: deque = deque()
        for chunk in chunks:
            pending.append(self.pool.apply_async(convert_chunk, (chunk,)))
            if len(pending) >= self.jobs * 3:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

    def submit(self, function: Callable, argument: Any) -> Any:
        if self.pool is None:
            return Ready(function(argument))
        return self.pool.apply_async(function, (argument,))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
