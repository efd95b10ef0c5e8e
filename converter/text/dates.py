"""Dates: ISO-like strings and years to CSL date-parts."""
from __future__ import annotations

import calendar
import re
from functools import lru_cache

# English month abbreviations, as BibTeX's month macros name them (``jan`` … ``dec``)
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ][\d:.]+Z?)?\s*$")


def parse_date(text: str) -> list[int] | None:
    """``"2025-04-01"`` → ``[2025, 4, 1]``; ``"2025-04"`` → ``[2025, 4]``; invalid → ``None``."""
    parts = _parse_date(text)
    return list(parts) if parts is not None else None


@lru_cache(maxsize=4096)
def _parse_date(text: str) -> tuple[int, ...] | None:
    """:func:`parse_date` as a tuple, remembered (publication dates recur)."""
    match = _DATE.match(text)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None  # the pattern requires a year
    parts: list[int] = [year]
    if month is not None:
        if not 1 <= month <= 12:
            return None
        parts.append(month)
        if day is not None:
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                return None
            parts.append(day)
    return tuple(parts)


def parse_year(value: object) -> int | None:
    """An int year or a string of four digits; anything else is ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 0 < value < 10000:
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        return int(value)
    return None


def date_variable(parts: list[int]) -> dict:
    """A CSL date variable from date-parts."""
    return {"date-parts": [parts]}
