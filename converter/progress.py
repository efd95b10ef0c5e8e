"""Progress bars for batches: bytes read of the inputs' total size (percentage, rate, ETA), or a count of
records when the size is unknown (standard input, text, streams)."""
from __future__ import annotations

import os
from itertools import accumulate
from typing import IO, Any

FileKey = tuple[int, int]  # (device, inode)


class _NoBar:
    def update(self, count: int) -> None:
        pass

    def close(self) -> None:
        pass


class _BytesBar:
    """Progress by bytes read of the inputs' total size (percentage, rate and ETA), with the records so far.

    The bytes read are the positions of the open input files (found among the process's open file
    descriptors by device and inode; for ``.gz`` inputs the compressed bytes): every file before the open
    one is done, since inputs are read in order."""

    def __init__(self, files: list[tuple[FileKey, int]], stream: IO[str]) -> None:
        self.files = files
        self.before = [0, *accumulate(size for _, size in files)]
        self.index = {key: index for index, (key, _) in enumerate(files)}
        self.records = 0
        self.seen = 0  # the last input seen open (records came, so the first one has been opened)
        self.bar = bar(total=sum(size for _, size in files), unit="B", unit_scale=True, unit_divisor=1024,
                       file=stream, dynamic_ncols=True, mininterval=0.5)

    def bytes_read(self) -> int:
        """The files before the open one, and the open one's position; with none open, the last one seen
        open is done (it is closed once read; a JSON file is read whole before its records come)."""
        for descriptor in open_descriptors():
            try:
                status = os.fstat(descriptor)
                index = self.index.get((status.st_dev, status.st_ino))
                if index is not None:
                    self.seen = max(self.seen, index)
                    return self.before[index] + min(os.lseek(descriptor, 0, os.SEEK_CUR), self.files[index][1])
            except OSError:
                continue
        return self.before[self.seen + 1]

    def update(self, count: int) -> None:
        self.records += count
        done = self.bytes_read()
        if done > self.bar.n:
            self.bar.update(done - self.bar.n)
        self.bar.set_postfix_str(f"{self.records:,} records", refresh=False)

    def close(self) -> None:
        self.bar.close()


def open_descriptors() -> list[int]:
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            return sorted(int(name) for name in os.listdir(folder) if name.isdigit())
        except OSError:
            continue
    return []


def progress_bar(enabled: bool, files: list[tuple[FileKey, int]] | None, stream: IO[str]):
    """``files``: ((device, inode), size) of each input in reading order, or None when they are unknown."""
    if not enabled:
        return _NoBar()
    if files:
        return _BytesBar(files, stream)
    return bar(unit=" records", file=stream, dynamic_ncols=True, mininterval=0.5)


def bar(**options: Any):
    """A tqdm bar that starts no thread (tqdm's monitor: a process with another thread running does not fork,
    so the styled writers would render a reference list in one process); it checks the time at every update
    instead (``miniters=1``), so it still refreshes every ``mininterval`` seconds when updates slow down."""
    from tqdm import tqdm

    class Bar(tqdm):
        monitor_interval = 0

    return Bar(miniters=1, **options)
