"""Output files written atomically: a temporary file beside the target, renamed over it on success.

A target reached through a symbolic link is the link's target (as shell redirection does); a target that
is not a regular file (``/dev/null``, a pipe) is written in place. Any failure, an interrupt or a signal
turned into an exception removes the temporary file and leaves the old file as it was.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import ConversionError


@contextmanager
def writing(name: str) -> Iterator[None]:
    """An ``OSError`` inside the block becomes ``ConversionError`` (code ``output``): ``cannot write NAME:
    No space left on device``."""
    try:
        yield
    except OSError as error:
        raise cannot_write(name, error) from None


def cannot_write(name: str, error: OSError) -> ConversionError:
    """``cannot write NAME: No space left on device`` (code ``output``)."""
    return ConversionError(f"cannot write {name}: {error.strerror or error}", code="output")


@contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[IO[str]]:
    """A text file that replaces ``path`` only when the block succeeds (temporary file, then rename). A
    read-only file is not replaced (``Permission denied``), even for a user who could rename over it."""
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file():
        with open(target, "w", encoding="utf-8", newline="") as stream:
            yield stream
        return
    if target.exists() and not target.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise PermissionError(13, "Permission denied (the file is read-only)", str(path))
    while True:  # the name is known before the file exists, so an interrupt at any point can remove it
        temporary = target.parent / f".{target.name}.{os.urandom(4).hex()}.tmp"
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:
            continue
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    try:
        os.chmod(temporary, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
