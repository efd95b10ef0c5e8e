"""The one exception type, and warnings, both naming the file and the record."""
from __future__ import annotations

from dataclasses import dataclass


def _where(file: str | None, record: int | str | None) -> str:
    place = file or "<input>"
    return place if record is None else f"{place}:{record}"


class ConversionError(Exception):
    """A record, or a whole input, that could not be converted.

    ``file`` is the input's name (``"<stdin>"``, ``"<text>"`` for in-memory input), ``record`` the
    record's index (from 0, or a line number written ``line N``) or id, ``reason`` what went wrong,
    and ``code`` a short stable tag for programs.
    """

    def __init__(self, reason: str, *, file: str | None = None, record: int | str | None = None,
                 code: str = "invalid") -> None:
        self.reason = reason
        self.file = file
        self.record = record
        self.code = code
        super().__init__(f"{_where(file, record)}: {reason}")

    def __reduce__(self):  # pickled across worker processes with its fields, not its message
        return (_rebuild_error, (self.reason, self.file, self.record, self.code))

    def located(self, file: str | None, record: int | str | None) -> "ConversionError":
        """The same error with the place filled in where it was unknown."""
        return ConversionError(self.reason, file=self.file or file,
                               record=self.record if self.record is not None else record, code=self.code)


def _rebuild_error(reason: str, file: str | None, record: int | str | None, code: str) -> ConversionError:
    return ConversionError(reason, file=file, record=record, code=code)


@dataclass(frozen=True)
class ConversionWarning:
    """Something dropped or guessed while converting one record."""

    code: str
    message: str
    file: str | None = None
    record: int | str | None = None

    def __str__(self) -> str:
        return f"{_where(self.file, self.record)}: warning: {self.message} [{self.code}]"

    def to_dict(self) -> dict:
        return {"file": self.file, "record": self.record, "code": self.code, "message": self.message}


class Notes:
    """Collects the warnings of one record while it is mapped."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def warn(self, code: str, message: str) -> None:
        self.items.append((code, message))

    def located(self, file: str | None, record: int | str | None) -> list[ConversionWarning]:
        return [ConversionWarning(code, message, file, record) for code, message in self.items]
