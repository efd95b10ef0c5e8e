"""What a batch did (:class:`Report`), and its progress bar."""
from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from .errors import ConversionError, ConversionWarning
from .inputs import as_path
from .journals import NOTE_CODES
from .progress import progress_bar
from .text.unicode import scrub_text


@dataclass
class Report:
    """What :func:`convert` did: counts, errors, warnings (kept unless streamed to ``on_warning``), the
    warnings counted by code, and the output text (``out=None``) or the files written.

    Every record read is written, failed, skipped (a null) or a duplicate: ``written + failed + skipped +
    duplicates == records``. A file that could not be read at all (``files_failed``) has no records."""

    files: int = 0
    records: int = 0
    written: int = 0
    skipped: int = 0
    duplicates: int = 0
    errors: list[ConversionError] = field(default_factory=list)
    warnings: list[ConversionWarning] = field(default_factory=list)
    warning_counts: Counter = field(default_factory=Counter)
    output: str | bytes | None = None  # the output text (bytes for a .docx) when convert() had no out
    outputs: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        """Records that could not be converted."""
        return sum(1 for error in self.errors if error.record is not None)

    @property
    def files_failed(self) -> int:
        """Files that could not be read (not UTF-8, not JSON, ...): their errors name no record."""
        return sum(1 for error in self.errors if error.record is None)

    @property
    def ok(self) -> bool:
        return not self.errors

    def _warning_kinds(self) -> dict[str, int]:
        return {code: count for code, count in self.warning_counts.items() if code not in NOTE_CODES}

    def __repr__(self) -> str:
        """One short line: the counts and the output's length, never the output or the warnings."""
        output = "None" if self.output is None else f"<{len(self.output):,} characters>"
        notes = sum(self.warning_counts.values()) - sum(self._warning_kinds().values())
        return (f"Report(files={self.files}, files_failed={self.files_failed}, records={self.records}, "
                f"written={self.written}, failed={self.failed}, skipped={self.skipped}, "
                f"duplicates={self.duplicates}, warnings={sum(self._warning_kinds().values())}, notes={notes}, "
                f"output={output}, outputs={len(self.outputs)})")

    def summary(self) -> str:
        """One line of counts; notes (where a journal abbreviation came from) are not warnings."""
        kinds = self._warning_kinds()
        files = f"{self.files} file(s)" + (f" ({self.files_failed} not read)" if self.files_failed else "")
        line = (f"{files}, {self.records} record(s): {self.written} written, "
                f"{self.failed} failed, {self.skipped} skipped, ")
        if self.duplicates:
            line += f"{self.duplicates} duplicate(s), "
        line += f"{sum(kinds.values())} warning(s)"
        if kinds:
            line += ": " + ", ".join(f"{code} {count}" for code, count in sorted(kinds.items(), key=lambda kv: -kv[1]))
        return line


def _input_files(sources: Any) -> list[tuple[tuple[int, int], int]] | None:
    """((device, inode), size) of each input, or None when one is not a file (stdin, text, a stream) or
    the sources can be iterated only once."""
    if not isinstance(sources, (list, tuple)):
        return None
    files = []
    for source in sources:
        if isinstance(source, ConversionWarning):
            continue
        path = as_path(source)
        if path is None or not path.is_file():
            return None
        status = path.stat()
        files.append(((status.st_dev, status.st_ino), status.st_size))
    return files or None


def batch_progress_bar(enabled: bool, sources: Any = None, stream: IO[str] | None = None):
    """A bar of bytes read out of the inputs' total size when every input is a file, else a count of records."""
    return progress_bar(enabled, _input_files(sources) if enabled else None, stream or sys.stderr)


def error_line(error: ConversionError, source_id: str | None = None) -> str:
    """One failed record as a line of an errors file (``--errors``): file, record, reason, code, id."""
    line = json.dumps({"file": error.file, "record": error.record, "reason": error.reason, "code": error.code,
                       "id": source_id}, ensure_ascii=False)
    return scrub_text(line)[0] + "\n"


def warning_sink(report: Report, on_warning: Callable | None, notes: bool = True) -> Callable[[ConversionWarning], None]:
    """``notes=False``: the notes on where each journal abbreviation came from are left out (an output that
    prints no abbreviation)."""
    def warn(warning: ConversionWarning) -> None:
        if not notes and warning.code in NOTE_CODES:
            return
        report.warning_counts[warning.code] += 1
        if on_warning is not None:
            on_warning(warning)
        else:
            report.warnings.append(warning)
    return warn


@contextmanager
def errors_file(path: str | os.PathLike | None) -> Iterator[IO[str] | None]:
    if path is None:
        yield None
        return
    with open(path, "w", encoding="utf-8") as stream:
        yield stream
