"""The worker side of a batch: chunks of input converted in-process or in worker processes.

A chunk is :class:`converter.sources.Lines` (parsed by the worker, so the parent only reads bytes; lines of
a regular file go as a :class:`converter.json_records.LineRange`, which the worker reads itself), a list
of parsed raw records, or the :class:`ConversionError` of an input that could not be read (passed
through, so that it is reported in input order). A chunk comes back as :class:`Converted`: each record's
text rendered with its provisional id, and a :data:`Done` tuple for each record that needs more than
that (an error, a note, a warning, an item kept, de-duplication keys); the parent makes the ids unique
and, for a record whose id changed, moves the text to the new id with the writer's ``rekey``, or renders
it again (:meth:`ChunkConverter.render`) where that cannot be done. Only the items that may need
rendering again, or that a writer which does not stream collects, travel back to the parent.

Worker processes are started with the process-wide start method (``fork``, ``spawn`` or ``forkserver``):
each builds its own writer from the picklable :class:`converter.pipeline.WriterSpec`. A worker holds two
chunks at once (:data:`IN_FLIGHT`): it converts one while the next one arrives and the previous result
leaves, each through a thread of its own, so that no process waits for another between chunks. A worker
that dies (killed, out of memory) is noticed at once through its process sentinel; the chunk it was
converting (a number it shares with the parent says which) is retried once in a new worker, and if that
one dies too, the chunk's records fail, each named; its other chunk is retried. A chunk that cannot be
sent to a worker, or whose result cannot come back, is converted in the parent instead.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from .chunks import Converted, Done, convert_records
from .errors import ConversionError
from .journals import AbbreviationSettings
from .json_records import LineRange, Lines, RawRecord
from .pipeline import WriterSpec, render_entry

Chunk = Lines | list[RawRecord] | ConversionError
LOOKAHEAD = 3  # chunks in flight or waiting for their turn, per worker
IN_FLIGHT = 2  # chunks a worker holds at once: one it converts, the next one already sent


ChunkResult = Converted | ConversionError


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


class ChunkConverter:
    """The per-record pipeline over chunks, with one writer stream built from ``spec``. ``pack``: items
    cross a process boundary, pickled apart (the parent unpickles only those it needs)."""

    def __init__(self, settings: AbbreviationSettings, spec: WriterSpec, dedupe: bool, pack: bool) -> None:
        self.settings, self.dedupe, self.pack = settings, dedupe, pack
        self.stream = spec.stream()

    def convert(self, chunk: Chunk | LineRange) -> ChunkResult:
        """Parse, map and render one chunk (a worker process gets a :class:`LineRange` for :class:`Lines`
        that it can read from their file itself)."""
        if isinstance(chunk, ConversionError):
            return chunk
        return convert_records(chunk.records() if isinstance(chunk, (Lines, LineRange)) else chunk, self.settings,
                               self.stream, self.dedupe, _pack if self.pack else None)

    def render(self, item: dict | bytes, final: str) -> tuple[str, list[tuple[str, str]]]:
        """An item rendered again under its final id: the text and the writer's warnings."""
        found: list = []
        text = render_entry({**unpack(item), "id": final}, self.stream, found)  # type: ignore[arg-type]
        return text, [(warning.code, warning.message) for warning in found]

    def convert_safely(self, chunk: Chunk, why: str) -> ChunkResult:
        """:meth:`convert` in this process for a chunk a worker could not take; a failure here fails
        the chunk's records, each named."""
        try:
            return self.convert(chunk)
        except Exception as error:
            return failed_chunk(chunk, f"{why}; converting it here failed too ({type(error).__name__}: {error})")


def chunk_places(chunk: Chunk) -> list[tuple[str, int | str]]:
    """(file, record) of each record of a chunk, as its errors would name them."""
    if isinstance(chunk, ConversionError):
        return []
    if isinstance(chunk, Lines):
        return [(chunk.file, f"line {number}") for number, line in enumerate(chunk.lines, start=chunk.first)
                if isinstance(line, ConversionError) or line.strip()]
    return [(raw.file, raw.record) for raw in chunk]


def failed_chunk(chunk: Chunk, reason: str) -> Converted:
    return Converted.of(Done(file, record, [], ConversionError(reason, file=file, record=record, code="worker"))
                        for file, record in chunk_places(chunk))


def _serve(connection: Connection, initargs: tuple, converting: Any) -> None:
    """A worker process: convert the chunks it is sent, ``(number, chunk)``, until it gets ``None`` or its
    pipe closes. A thread receives the chunks and another sends the results back, so that the next chunk
    is there when one is done and neither the parent nor the worker waits for the other between chunks.
    ``converting`` (shared with the parent) holds the number of the chunk being converted, -1 between
    chunks: when a worker dies, that is the chunk that killed it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends its workers
    converter = ChunkConverter(*initargs)
    gc.freeze()  # what the worker inherited or built to start stays: the cycle collector need not walk it
    parent = multiprocessing.parent_process()
    if parent is not None:  # the parent gone (even killed with SIGKILL), so is its work, whatever this does
        threading.Thread(target=_end_with, args=(parent.sentinel,), daemon=True).start()
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    outbox: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_receive, args=(connection, inbox), daemon=True).start()
    sender = threading.Thread(target=_reply, args=(connection, outbox), daemon=True)
    sender.start()
    while (task := inbox.get()) is not None:
        number, chunk = task
        converting.value = number
        try:
            reply: tuple[str, Any] = ("done", converter.convert(chunk))
        except Exception as error:
            reply = ("error", f"{type(error).__name__}: {error}")
        converting.value = -1
        outbox.put(reply)
    outbox.put(None)
    sender.join()


def _receive(connection: Connection, inbox: queue.SimpleQueue) -> None:
    """The chunks from the parent into ``inbox``, then ``None`` (the parent said so, its pipe closed, or a
    chunk could not be read: the worker ends, and the parent retries its chunks)."""
    try:
        while (task := connection.recv()) is not None:
            inbox.put(task)
    except BaseException:
        pass
    finally:
        inbox.put(None)


def _reply(connection: Connection, outbox: queue.SimpleQueue) -> None:
    """The results from ``outbox`` to the parent, in order. A result that cannot be pickled goes back as an
    error (the parent converts that chunk itself); a pipe that cannot be written ends the process, so that
    the parent sees a worker that died rather than waiting."""
    while (reply := outbox.get()) is not None:
        try:
            connection.send(reply)
        except OSError:
            os._exit(1)
        except Exception as error:
            try:
                connection.send(("error", f"its result could not be sent back ({type(error).__name__}: {error})"))
            except Exception:
                os._exit(1)


def _end_with(sentinel: int) -> None:
    wait([sentinel])
    os._exit(0)


@dataclass
class _Task:
    number: int
    chunk: Chunk
    deaths: int = 0


class _Worker:
    """One worker process, the parent's end of its pipe, and its chunks in flight (oldest first)."""

    def __init__(self, context: Any, initargs: tuple) -> None:
        self.connection, child = context.Pipe()
        self.converting = context.RawValue("q", -1)  # the number of the chunk it converts (see _serve)
        self.process = context.Process(target=_serve, args=(child, initargs, self.converting), daemon=True)
        self.process.start()
        child.close()
        self.tasks: deque[_Task] = deque()

    def stop(self) -> None:
        try:
            self.connection.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(timeout=1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


class Workers:
    """``jobs`` worker processes (none for ``jobs <= 1``): :meth:`map` converts chunks in order, a few
    chunks ahead at most; :attr:`local` is the same pipeline in this process."""

    def __init__(self, jobs: int, settings: AbbreviationSettings, spec: WriterSpec, dedupe: bool) -> None:
        self.jobs = jobs
        self.local = ChunkConverter(settings, spec, dedupe, pack=False)
        self.initargs = (settings, spec, dedupe, True)
        self.context = multiprocessing.get_context()
        self.workers: list[_Worker] = []

    def map(self, chunks: Iterator[Chunk]) -> Iterator[ChunkResult]:
        """The converted chunks, in input order."""
        if self.jobs <= 1:
            yield from map(self.local.convert, chunks)
            return
        self.workers = [_Worker(self.context, self.initargs) for _ in range(self.jobs)]
        retries: deque[_Task] = deque()
        results: dict[int, ChunkResult] = {}
        numbered = enumerate(chunks)
        taken = emitted = 0
        exhausted = False
        while True:
            for index in range(len(self.workers)):
                while len(self.workers[index].tasks) < IN_FLIGHT and (
                        retries or (not exhausted and taken - emitted < self.jobs * LOOKAHEAD)):
                    if retries:
                        task = retries.popleft()
                    else:
                        number, chunk = next(numbered, (None, None))
                        if number is None:
                            exhausted = True
                            break
                        taken += 1
                        task = _Task(number, chunk)  # type: ignore[arg-type]
                    if isinstance(task.chunk, ConversionError):
                        results[task.number] = task.chunk
                    else:
                        self._send(index, task, results, retries)
            while emitted in results:  # once the workers have their next chunks: they convert meanwhile
                yield results.pop(emitted)
                emitted += 1
            busy = [worker for worker in self.workers if worker.tasks]
            if not busy:
                if emitted in results or retries or not exhausted:
                    continue
                return
            ready = wait([worker.connection for worker in busy] + [worker.process.sentinel for worker in busy])
            for worker in busy:
                if worker.connection in ready or worker.process.sentinel in ready:
                    self._collect(worker, results, retries)

    def _send(self, index: int, task: _Task, results: dict[int, ChunkResult], retries: deque[_Task],
              replaced: bool = False) -> None:
        """Give ``task`` to the worker at ``index``: one that died is replaced (once; then the chunk is
        converted here), its chunks in flight retried."""
        worker = self.workers[index]
        try:
            worker.connection.send((task.number, task.chunk.sendable() if isinstance(task.chunk, Lines) else task.chunk))
        except (pickle.PicklingError, RecursionError, TypeError, AttributeError, ValueError) as error:
            results[task.number] = self.local.convert_safely(
                task.chunk, f"cannot be sent to a worker process ({type(error).__name__})")
            return
        except OSError as error:  # a broken pipe: the worker died
            self._bury(worker, results, retries)
            if replaced:
                results[task.number] = self.local.convert_safely(task.chunk, f"no worker process takes it ({error})")
            else:
                self._send(index, task, results, retries, replaced=True)
            return
        worker.tasks.append(task)

    def _collect(self, worker: _Worker, results: dict[int, ChunkResult], retries: deque[_Task]) -> None:
        """The worker's next result; or, if it died, its chunks retried (see :meth:`_bury`)."""
        try:
            if not worker.connection.poll():
                raise EOFError
            status, value = worker.connection.recv()
        except (EOFError, OSError):
            if worker.process.is_alive():  # a wake-up with nothing to read yet
                return
            self._bury(worker, results, retries)
            return
        self._answer(worker.tasks.popleft(), status, value, results)

    def _answer(self, task: _Task, status: str, value: Any, results: dict[int, ChunkResult]) -> None:
        """A worker's reply for ``task``: its converted chunk, or an error, on which the chunk is converted here."""
        results[task.number] = value if status == "done" else self.local.convert_safely(
            task.chunk, f"a worker process could not convert it ({value})")

    def _bury(self, dead: _Worker, results: dict[int, ChunkResult], retries: deque[_Task]) -> None:
        """Replace a worker that died: the results it sent before are kept; the chunk it was converting is
        retried once (its records fail if that worker dies too), its other chunks are retried."""
        try:
            while dead.tasks and dead.connection.poll():
                status, value = dead.connection.recv()
                self._answer(dead.tasks.popleft(), status, value, results)
        except (EOFError, OSError, pickle.UnpicklingError):
            pass
        self._replace(dead)
        for task in dead.tasks:
            if task.number == dead.converting.value:
                task.deaths += 1
            if task.deaths >= 2:
                results[task.number] = failed_chunk(task.chunk, "a worker process died twice converting the chunk "
                                                    f"of this record (exit code {dead.process.exitcode})")
            else:
                retries.append(task)

    def _replace(self, dead: _Worker) -> None:
        dead.connection.close()
        dead.process.join()
        self.workers[self.workers.index(dead)] = _Worker(self.context, self.initargs)

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []
