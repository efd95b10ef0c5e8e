"""Values of .bib fields that need more than LaTeX: BibLaTeX (EDTF) dates, months and page ranges."""
from __future__ import annotations

import re

from ..text.dates import parse_date
from ..text.latex_text import latex_to_text
from ..text.pages import normalize_pages

_EDTF = re.compile(r"^\s*(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T[\d:.]+(?:Z|[+-][\d:]+)?)?\s*$")
_PAGE_DASH = re.compile(r"\s*(?:--+|\u2013|\u2014|\\textendash(?:\{\})?\s*)\s*")
_PAGE_LIST = re.compile(r"\s*,\s*")
_MONTHS = {name: index + 1 for index, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"))}


def month_number(text: str) -> int | None:
    """A .bib month (macro value, name, abbreviation, number) as 1-12, else ``None``."""
    text = text.strip().strip(".").lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    if text == "sept":
        return 9
    for name, number in _MONTHS.items():
        if len(text) >= 3 and name.startswith(text):
            return number
    return None


def _edtf(text: str) -> list[int] | None:
    """``2021``, ``2021-03``, ``2021-03-15`` (a time is ignored) as date-parts; else ``None``. ISO years
    count a year 0 (``-0249`` is 250 BC), CSL does not (-250): years below 1 move down by one. An EDTF
    season (``2012-22``, summer) gives the year alone; :func:`date_value` keeps the season."""
    match = _EDTF.match(text)
    if not match:
        return None
    parts = [int(part) for part in match.groups() if part is not None]
    if parts[0] < 1:
        parts[0] -= 1
    if len(parts) == 2 and 21 <= parts[1] <= 24:
        return parts[:1]
    if len(parts) > 1 and not 1 <= parts[1] <= 12 or len(parts) > 2 and parse_date(
            f"{max(parts[0], 1):04d}-{parts[1]:02d}-{parts[2]:02d}") is None:
        return None
    return parts


def _season(text: str) -> int | None:
    match = _EDTF.match(text)
    month = int(match.group(2)) if match and match.group(2) else 0
    return month - 20 if 21 <= month <= 24 and match and match.group(3) is None else None


def date_value(text: str) -> dict | None:
    """A BibLaTeX date field (``2021-03-15``, a range ``2001/2003``, an open range ``2001/``, ``circa``
    ``1990~``, uncertain ``1565?``, a season ``2012-22``) as a CSL date; anything else as ``{"literal": …}``."""
    text = text.strip()
    if not text:
        return None
    circa = False
    if text[-1:] in "~%?":
        circa = text[-1] != "?"
        text = text[:-1]
    date: dict | None = None
    if "/" in text:
        start, _, end = text.partition("/")
        first = _edtf(start)
        last = _edtf(end) if end.strip() not in ("", "..") else None
        if first and (last or end.strip() in ("", "..")):
            date = {"date-parts": [first, last] if last else [first]}
    elif (parts := _edtf(text)) is not None:
        date = {"date-parts": [parts]}
        if (season := _season(text)) is not None:
            date["season"] = season
    if date is None:
        return {"literal": text}
    if circa:
        date["circa"] = True
    return date


def page_range(pages: str) -> str:
    """A .bib page range (``89--102``, ``e941209-1--e941209-4``, lists) as a CSL page: each range's ends
    joined by a hyphen, or by `` - `` where an end has a hyphen of its own (as the other readers write it)."""
    ranges = []
    for piece in _PAGE_LIST.split(pages):
        ends = [latex_to_text(end) for end in _PAGE_DASH.split(piece.strip(), maxsplit=1)]
        ranges.append(" - ".join(ends) if len(ends) == 2 and any("-" in end for end in ends) else
                      normalize_pages("-".join(ends)))
    return ", ".join(part for part in ranges if part)
