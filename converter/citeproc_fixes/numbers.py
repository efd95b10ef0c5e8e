"""Dates, page ranges and numbers."""
from __future__ import annotations

import re

from citeproc import model
from citeproc.source import VariableError

from . import original, patch


def fix_date_delimiter():
    """A date with ``form="text"`` uses the localized date's delimiter when the calling ``cs:date`` has
    none: ``2025 Apr 1``, not ``2025Apr1``."""

    def render_single_date(self, date, show_parts=None, context=None):
        parts = self.parts(date, show_parts, context) if context != self else self.parts(date, show_parts)
        if not parts:
            return None
        if self.is_locale_date() and context is not None and context is not self and "delimiter" not in context.attrib:
            return self.join(parts)
        return (context if self.is_locale_date() else self).join(parts)

    patch(model.Date, "render_single_date", render_single_date)


def expand_range_end(first: str, last: str) -> str:
    """``321``-``28`` -> ``328`` (an abbreviated end page written out), else ``last`` unchanged."""
    if first.isdigit() and last.isdigit() and len(last) < len(first) and int(first[-len(last):]) <= int(last):
        return first[:len(first) - len(last)] + last
    return last


def fix_page_range():
    """``page-range-format``: ``minimal`` keeps the whole end when it is longer than the start (``1–10``,
    not ``1–0``); abbreviated input (``321-28``) is expanded before any format applies."""

    def format_last_page(self, first, last):
        last = expand_range_end(str(first), str(last))
        range_format = self.get_root().get_option("page-range-format")
        if len(str(first)) != len(str(last)) or not str(first).isdigit() or not str(last).isdigit():
            return last
        common = 0
        while common < len(first) and first[common] == last[common]:
            common += 1
        if range_format == "minimal":
            return last[min(common, len(last) - 1):]
        if range_format == "minimal-two":
            return last[min(common, max(len(last) - 2, 0)):]
        if range_format in ("chicago", "chicago-15", "chicago-16"):
            return original(model.FormatNumber, "_format_last_page")(self, first, last)
        return last

    patch(model.FormatNumber, "_format_last_page", format_last_page)


_RANGE_SIDE = re.compile(r"^([A-Za-z]*)(\d+)$")


def is_range(first: str, last: str) -> bool:
    """``12-15``, ``S12-S15``, ``S12-15`` are ranges; ``e00123-21`` (an e-locator) and ``A-B`` are not."""
    a, b = _RANGE_SIDE.match(first.strip()), _RANGE_SIDE.match(last.strip())
    if not a or not b:
        return False
    if b.group(1) and b.group(1) != a.group(1):
        return False
    return not (a.group(1) and len(a.group(2)) >= 4 and not b.group(1) and len(b.group(2)) < len(a.group(2)))


def fix_page_range_detection():
    """A page value is a range only when both sides are (prefixed) numbers: an e-locator with a hyphen
    (``e00123-21``) keeps its hyphen instead of getting an en dash."""
    process = model.FormatNumber._process

    def process_ranges(self, value, variable):
        text = str(value)
        if variable.startswith("page") and "-" in text and "," not in text and "&" not in text:
            pieces = text.replace("\u2013", "-").split("-")
            if len(pieces) != 2 or not is_range(*pieces):
                return text
        return process(self, value, variable)

    patch(model.FormatNumber, "_process", process_ranges)


def fix_label_number_of():
    """A ``cs:label`` for ``number-of-pages``/``number-of-volumes`` read ``item[variable]`` (always a
    KeyError, so the label vanished): read the reference."""

    def is_plural(self, item):
        variable = self.get("variable")
        if variable.startswith("number-of"):
            try:
                value = str(item.reference[variable.replace("-", "_")])
            except VariableError:
                return False
            digits = re.match(r"\d+", value)
            return bool(digits) and int(digits.group()) > 1
        return original(model.Label, "_is_plural")(self, item)

    patch(model.Label, "_is_plural", is_plural)


_NUMERIC = re.compile(r"^\s*[A-Za-z]*\d+[A-Za-z]*(\s*([-–&,]|and)\s*[A-Za-z]*\d+[A-Za-z]*)*\s*$")


def fix_is_numeric():
    """``is-numeric``: ``2nd``, ``12-14``, ``3 & 4`` are numeric too (CSL 1.0.2)."""

    def is_numeric(self, item):
        results = []
        for var in self.get("is-numeric").split():
            key = var.replace("-", "_")
            results.append(key in item.reference and bool(_NUMERIC.match(str(item.reference[key]))))
        return results

    patch(model.If, "_is_numeric", is_numeric)
