"""A big bibliography's entries rendered in forked processes, the output the same as one process's.

Everything that crosses entries (the sort order, citation numbers, year suffixes, disambiguated names)
is computed in the parent before the fork; each forked process renders a contiguous slice of the sorted
items with that state (inherited, copy on write) and sends its entries and the warnings caught rendering
them back through a pipe. The parent renders the first slice itself meanwhile, then takes the others in
order, re-emitting each slice's warnings where a sequential run would have; a slice whose process died or
failed is rendered by the parent, so the output never depends on the processes. A style with
``subsequent-author-substitute`` (each entry compares its names with the entry before) renders in one
process. Forking needs the ``fork`` start method and a process with no other thread (a thread holding a
lock at the fork would leave it held in the child); otherwise everything renders here, as before."""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import warnings
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import Any

from ..cores import available_cores

# Entries each forked process gets at least with ``jobs=None``: a reference list renders in one process per
# core from twice this many entries on. On a quiet 2-core machine (benchmarks/bench_styles.py --threshold)
# two processes break even at about 20 entries and render 100 1.2x (APA) to 1.4x (Vancouver) faster than
# one; below 100 entries there are a few milliseconds to gain, and as much to lose on a busy machine.
SLICE_ENTRIES = 50
PARALLEL_ENTRIES = 2 * SLICE_ENTRIES

Render = Callable[[int, int], list]  # (start, stop) -> the entries of the sorted items start..stop-1


def processes(count: int, jobs: int | None) -> int:
    """How many processes render ``count`` entries: ``jobs`` (``None``: the usable cores, each with at least
    :data:`SLICE_ENTRIES` entries), no more than there are entries, and 1 where this process cannot fork
    safely (no ``fork`` start method, other threads running) or may not start processes (a daemonic process:
    a ``multiprocessing.Pool`` worker)."""
    if jobs is None:
        jobs = min(available_cores(), count // SLICE_ENTRIES)
    jobs = min(jobs, count)
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() != 1 \
            or multiprocessing.current_process().daemon:
        return 1
    return jobs


def bibliography_entries(bibliography: Any, jobs: int | None) -> list:
    """The entries of a registered, sorted and disambiguated citeproc-py bibliography, in order, as
    ``bibliography.bibliography()`` gives them, rendered by :func:`processes` processes."""
    items = bibliography.items
    if bibliography.style.root.bibliography.get("subsequent-author-substitute") is not None:
        jobs = 1  # each entry's names are compared with the previous entry's: one process, in order
    jobs = processes(len(items), jobs)
    if jobs == 1:
        return bibliography.bibliography()

    def render(start: int, stop: int) -> list:
        return sendable(bibliography.style.render_bibliography(items[start:stop]))
    return in_slices(len(items), jobs, render)


def sendable(entries: list) -> list:
    """The entries as plain ``str`` (or ``SecondField``, whose fields are): the engine's own string classes
    (``MixedString``, a list) are made per engine and cannot be pickled, and every writer reads an entry
    through ``str()`` anyway."""
    return [entry if type(entry) is str or hasattr(entry, "first") else str(entry) for entry in entries]


def in_slices(count: int, jobs: int, render: Render) -> list:
    """``render(0, count)``, as ``jobs`` contiguous slices: the first here, each other in a forked process
    (the parent renders the slice of a process that died or failed)."""
    bounds = [count * part // jobs for part in range(jobs + 1)]
    context = multiprocessing.get_context("fork")
    children: list[_Child] = []
    try:
        for part in range(1, jobs):
            children.append(_Child(context, render, bounds[part], bounds[part + 1]))
        entries = list(render(bounds[0], bounds[1]))
        for child in children:
            reply = child.reply()
            if reply is None:
                entries.extend(render(child.start, child.stop))
                continue
            found, caught = reply
            for message, category, filename, lineno in caught:
                warnings.warn_explicit(message, category, filename, lineno)
            entries.extend(found)
        return entries
    finally:
        for child in children:
            child.end()


class _Child:
    """A forked process rendering ``start..stop`` and the parent's end of its pipe."""

    def __init__(self, context: Any, render: Render, start: int, stop: int) -> None:
        self.start, self.stop = start, stop
        self.connection, sending = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, args=(sending, render, start, stop), daemon=True)
        self.process.start()
        sending.close()  # the child's end only in the child: its death closes the pipe

    def reply(self) -> tuple[list, list] | None:
        """(entries, warnings) the child sent, or None if it died or failed first. Waits on the pipe and
        the process's sentinel, so a dead child never blocks."""
        ready = wait([self.connection, self.process.sentinel])
        if self.connection not in ready and not self.connection.poll():
            return None
        try:
            reply = self.connection.recv()
        except Exception:  # EOF or a message cut short: the child died
            return None
        return (reply[1], reply[2]) if reply[0] == "done" else None

    def end(self) -> None:
        self.connection.close()
        self.process.join(timeout=1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def _serve(sending: Connection, render: Render, start: int, stop: int) -> None:
    """A forked process: render ``start..stop``, send (entries, warnings) back, end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends its children
    gc.freeze()  # what the child inherited stays put: the collector need not walk (and copy) it
    parent = multiprocessing.parent_process()
    if parent is not None:  # the parent gone (even killed with SIGKILL), so is this child
        threading.Thread(target=_end_with, args=(parent.sentinel,), daemon=True).start()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            entries = render(start, stop)
        reply: tuple = ("done", entries, [(str(w.message), w.category, w.filename, w.lineno) for w in caught])
    except Exception as error:  # the parent renders the slice again, and meets the error itself
        reply = ("error", f"{type(error).__name__}: {error}")
    try:
        sending.send(reply)
    except Exception as error:  # a result that cannot be pickled: the parent renders the slice
        sending.send(("error", f"its result could not be sent back ({type(error).__name__}: {error})"))


def _end_with(sentinel: int) -> None:
    wait([sentinel])
    os._exit(0)
