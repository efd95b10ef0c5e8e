"""What a batch reads and writes: inputs expanded (directories walked, globs), and the rule that a run
never writes one of the files it reads.

A walk reads regular files only: FIFOs, devices, sockets, dangling links and unreadable entries are
reported as warnings naming the path and skipped, never opened. An input named explicitly may still be a
pipe (``<(zcat a.gz)``, ``-``). A walk also skips this run's own output files, so a re-run into the same
folder gives the same output.
"""
from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import ConversionError, ConversionWarning

INPUT_SUFFIXES = (".json", ".jsonl", ".ndjson", ".txt", ".gz", ".bib", ".ris")
GOLDEN_SUFFIX = ".expected.json"
OUTPUT_SUFFIXES = {"csl-json": ".json", "bibtex": ".bib", "biblatex": ".bib", "ris": ".ris"}
FileId = tuple[int, int]


def file_id(path: str | os.PathLike) -> FileId | None:
    """The (device, inode) of an existing file, through symbolic links; ``None`` when there is none."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def as_path(source: Any) -> Path | None:
    """``source`` as a path when it names one (not ``-``, not JSON text, not an impossible name)."""
    if isinstance(source, os.PathLike):
        return Path(source)
    if not isinstance(source, str) or source == "-" or "\n" in source or source.lstrip().startswith(("{", "[")):
        return None
    try:
        Path(source).exists()
    except (OSError, ValueError):
        return None
    return Path(source)


def expand_sources(sources: Iterable[Any], skip: frozenset[FileId] = frozenset()
                   ) -> Iterator[Any | ConversionWarning]:
    """Each input, with directories walked (sorted; hidden entries, ``*.expected.json`` golden files,
    files without an input suffix and the files in ``skip`` left out) and glob patterns that name no
    file expanded. Entries a walk cannot read come as :class:`ConversionWarning` in their place."""
    for source in sources:
        path = as_path(source)
        if path is not None and path.is_dir():
            yield from _walk(path, skip)
        elif path is not None and not path.exists() and glob.has_magic(str(source)):
            yield from sorted(glob.glob(str(source), recursive=True)) or [source]
        else:
            yield source


def _walk(top: Path, skip: frozenset[FileId]) -> Iterator[str | ConversionWarning]:
    problems: list[OSError] = []
    for root, directories, files in os.walk(top, onerror=problems.append):
        while problems:
            yield _unreadable(problems.pop(0))
        directories[:] = sorted(d for d in directories if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.endswith(GOLDEN_SUFFIX) or not name.endswith(INPUT_SUFFIXES):
                continue
            path = os.path.join(root, name)
            try:
                status = os.stat(path)
            except OSError as error:
                yield _unreadable(error, path)
                continue
            if not stat.S_ISREG(status.st_mode):
                yield ConversionWarning("not-a-file", f"{_kind(status.st_mode)}, not a regular file; skipped", path)
            elif (status.st_dev, status.st_ino) not in skip:
                yield path
    while problems:
        yield _unreadable(problems.pop(0))


def _unreadable(error: OSError, path: str | None = None) -> ConversionWarning:
    return ConversionWarning("unreadable", f"cannot read: {error.strerror or error}; skipped",
                             path or error.filename)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "a special file"


def output_stem(name: str) -> str:
    """An input file's name without its input suffixes (``papers-part0.jsonl.gz`` -> ``papers-part0``); an
    input that is no file (``<stdin>``, ``<command line>`` identifiers) as a plain word (``command-line``)."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1].replace(" ", "-")
    for suffix in (".gz", *INPUT_SUFFIXES):
        name = name.removesuffix(suffix)
    return name


def split_target(out_dir: str | os.PathLike, file: str, to: str, taken: Iterable[str]) -> str:
    """The output of input ``file`` in ``out_dir`` (``--split``): its stem and the format's suffix, with
    ``-2``, ``-3``… when an earlier input took the name."""
    stem = output_stem(Path(file).name)
    suffix = OUTPUT_SUFFIXES.get(to, ".txt")
    taken = set(taken)
    path, number = Path(out_dir) / (stem + suffix), 2
    while str(path) in taken:
        path, number = Path(out_dir) / f"{stem}-{number}{suffix}", number + 1
    return str(path)


def check_targets(reads: dict[str, tuple[FileId, str]], writes: dict[str, str]) -> None:
    """A usage error when a file the run writes (``writes``: path -> its flag, e.g. ``-o``) is one it
    reads (``reads``: path -> (file id, what it is read as)), checked before anything is opened for
    writing. The one exception: ``-o`` may be the ``--append-to`` file, which it extends."""
    read_ids = {identity: (path, role) for path, (identity, role) in reads.items()}
    for path, flag in writes.items():
        identity = file_id(path)
        if identity is None or identity not in read_ids:
            continue
        source, role = read_ids[identity]
        if (flag, role) != ("-o", "--append-to"):
            raise ConversionError(f"{path}: refusing to overwrite {source}, which this run reads ({role}); "
                                  f"choose another {flag}", code="usage")
