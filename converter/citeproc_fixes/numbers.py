"""Dates, page ranges and numbers."""
from __future__ import annotations

import re

from citeproc import model
from citeproc.source import VariableError


def fix_date_delimiter(layer):
    """A date with ``form="text"`` uses the localized date's delimiter when the calling ``cs:date`` has
    none: ``2025 Apr 1``, not ``2025Apr1``."""

    def render_single_date(self, date, show_parts=None, context=None):
        parts = self.parts(date, show_parts, context) if context != self else self.parts(date, show_parts)
        if not parts:
            return None
        if self.is_locale_date() and context is not None and context is not self and "delimiter" not in context.attrib:
            return self.join(parts)
        return (context if self.is_locale_date() else self).join(parts)

    layer.replace(model.Date, "render_single_date", render_single_date)


def expand_range_end(first: str, last: str) -> str:
    """``321``-``28`` -> ``328`` (an abbreviated end page written out), else ``last`` unchanged."""
    if first.isdigit() and last.isdigit() and len(last) < len(first) and int(first[-len(last):]) <= int(last):
        return first[:len(first) - len(last)] + last
    return last


def fix_page_range(layer):
    """``page-range-format``: ``minimal`` keeps the whole end when it is longer than the start (``1–10``,
    not ``1–0``); abbreviated input (``321-28``) is expanded before a format applies (without one, the
    range prints as given: ``110–5``)."""

    def format_last_page(self, first, last):
        range_format = self.get_root().get_option("page-range-format")
        if not range_format:
            return last
        last = expand_range_end(str(first), str(last))
        if len(str(first)) != len(str(last)) or not str(first).isdigit() or not str(last).isdigit():
            return last
        common = 0
        while common < len(first) and first[common] == last[common]:
            common += 1
        if range_format == "minimal":
            return last[min(common, len(last) - 1):]
        if range_format == "minimal-two":
            return last[min(common, max(len(last) - 2, 0)):]
        if range_format == "chicago-16":  # the 16th edition dropped the rule for four digits
            number = int(first)
            if number >= 100 and number % 100:
                keep = 1 if number % 100 < 10 else 2
                return last[min(common, max(len(last) - keep, 0)):]
            return last
        if range_format in ("chicago", "chicago-15"):
            return layer.original(model.FormatNumber, "_format_last_page")(self, first, last)
        return last

    layer.replace(model.FormatNumber, "_format_last_page", format_last_page)


_RANGE_SIDE = re.compile(r"^(.*?)(\d+)$")
_ROMAN = re.compile(r"^(?:[ivxlcdm]+|[IVXLCDM]+)$")
_LIST = re.compile(r"(\s*,\s*|\s*(?:&amp;|&)\s*)")
_NUMBER_RANGE = re.compile(r"^\d+\s*-\s*\d+$")
_DASH = re.compile(r"\s*[-\u2010\u2013]\s*")


def is_range(first: str, last: str) -> bool:
    """``12-15``, ``S12-S15`` are ranges: numbers with the same prefix; ``e00123-21`` (an e-locator),
    ``N110-5`` and ``A-B`` are not."""
    a, b = _RANGE_SIDE.match(first.strip()), _RANGE_SIDE.match(last.strip())
    return bool(a and b) and a.group(1) == b.group(1)


def format_ranges(element, text: str, variable: str, pages: bool = True) -> str:
    """``text`` (numbers, ranges, lists with ``,`` and ``&``) with each range of numbers with the same
    prefix joined by the range delimiter (en dash) and its end formatted by ``page-range-format``
    (``pages``); anything else with a hyphen is not a range and keeps it, without spaces (``N110-5``);
    ``\\-`` is an escaped, literal hyphen."""
    pieces = _LIST.split(text.strip())
    delimiter = str((element.get_single_term(name="page-range-delimiter") if pages else None) or "\u2013")
    range_format = element.get_root().get_option("page-range-format") if pages else None
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append(", " if "," in piece else f" {piece.strip()} ")
            continue
        if "\\-" in piece:
            out.append(piece.replace("\\-", "-"))
            continue
        sides = _DASH.split(piece)
        if len(sides) != 2 or not sides[0] or not sides[1]:
            out.append(piece)
            continue
        first, last = sides
        a, b = _RANGE_SIDE.match(first), _RANGE_SIDE.match(last)
        if a and b and a.group(1) == b.group(1):
            prefix, start, end = a.group(1), a.group(2), b.group(2)
            if variable == "page-first":
                return prefix + start
            formatted = str(element._format_last_page(start, end)) if pages else end
            if range_format in (None, "expanded"):
                formatted = prefix + formatted  # written out: with its prefix (N110–N115); shortened
            out.append(prefix + start + delimiter + formatted)  # ends go without it (S14–31), as citeproc-js
        elif _ROMAN.match(first) and _ROMAN.match(last):
            out.append(first + delimiter + last)
        elif any(ch.isdigit() for ch in piece):
            out.append(first + "-" + last)
        else:
            out.append(piece)
    return "".join(out)


def fix_page_range_detection(layer):
    """A page value is a range only when both sides are numbers with the same prefix: an e-locator with
    a hyphen (``e00123-21``) keeps its hyphen instead of getting an en dash; spaces around the hyphen go
    (``100 - 103`` -> ``100–103``); a locator and an issue are ranges like pages (``3–4``)."""
    process = layer.current(model.FormatNumber, "_process")

    def process_ranges(self, value, variable):
        text = str(value)
        if variable.startswith("page"):
            return self.strings.String(format_ranges(self, text, variable))
        return process(self, value, variable)

    variable_text = layer.current(model.Text, "_variable")  # chain onto the fixes applied before

    def variable_ranges(self, item, context):
        name = self.get("variable")
        if name == "locator" and item.has_locator and self.get("form") != "short":
            repressed = context.get_layout().repressed
            if self.tag in repressed and name in repressed[self.tag]:
                return None
            return self.strings.String(format_ranges(self, str(item.locator.identifier), name, pages=item.locator.label == "page"))
        text = variable_text(self, item, context)
        if name in ("issue", "volume") and text is not None and _NUMBER_RANGE.match(str(text)):
            return self.strings.String(format_ranges(self, str(text), name, pages=False))
        return text

    layer.replace(model.FormatNumber, "_process", process_ranges)
    layer.replace(model.Text, "_variable", variable_ranges)


def fix_label_number_of(layer):
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
        if variable == "locator" and "\\-" in str(item.locator.identifier):  # an escaped hyphen: one page
            return bool(model.Label.RE_MULTIPLE_NUMBERS.search(str(item.locator.identifier).replace("\\-", "")))
        return layer.original(model.Label, "_is_plural")(self, item)

    layer.replace(model.Label, "_is_plural", is_plural)


_NUMERIC = re.compile(r"^\s*[A-Za-z]*\d+[A-Za-z]*(\s*([-–&,]|and)\s*[A-Za-z]*\d+[A-Za-z]*)*\s*$")


def fix_is_numeric(layer):
    """``is-numeric``: ``2nd``, ``12-14``, ``3 & 4`` are numeric too (CSL 1.0.2)."""

    def is_numeric(self, item):
        results = []
        for var in self.get("is-numeric").split():
            key = var.replace("-", "_")
            results.append(key in item.reference and bool(_NUMERIC.match(str(item.reference[key]))))
        return results

    layer.replace(model.If, "_is_numeric", is_numeric)


def fix_label_variable(layer):
    """A ``cs:label`` prints only when its variable has a value (a ``locator`` label only with a
    locator): no lone ``p.`` for an item without pages."""
    process = layer.current(model.Label, "process")

    def process_present(self, item, variable=None, plural=None, context=None, **kwargs):
        if variable is None:
            name = self.get("variable")
            if name == "locator":
                if not item.has_locator:
                    raise VariableError
            elif name and not dict.__contains__(item.reference, name.replace("-", "_")):
                raise VariableError
        return process(self, item, variable=variable, plural=plural, context=context, **kwargs)

    layer.replace(model.Label, "process", process_present)

