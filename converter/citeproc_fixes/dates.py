"""Date ranges: what the two dates share is printed once, the parts that differ are joined by the
``range-delimiter`` of the largest of them, and seasons take the place of months."""
from __future__ import annotations

from citeproc import model
from citeproc.source import DateRange, LiteralDate, VariableError

_ORDER = ("year", "month", "day")


def _value(date, name):
    """The date's year, month (or season) or day, or None."""
    try:
        if name == "month":
            return ("month", date.month) if "month" in date else ("season", date.season) if "season" in date else None
        return getattr(date, name)
    except (VariableError, AttributeError, KeyError):
        return None


def _rendered(element, date, show_parts, context):
    """[(part element, text)] of the date parts of ``element`` that print for ``date``."""
    out = []
    for part in element.iterchildren():
        if part.get("name") in show_parts:
            try:
                text = part.render(date, context) if context is not element else part.render(date)
            except VariableError:
                continue
            if text is not None:
                out.append((part, text))
    return out


def _joiner(element, context):
    """The element whose delimiter joins date parts (as the ``date-delimiter`` fix decides)."""
    if element.is_locale_date() and context is not None and context is not element:
        return context if "delimiter" in context.attrib else element
    return element


def _without_suffix(part, text):
    suffix = part.get("suffix", "")
    text = str(text)
    return text[:-len(suffix)] if suffix and text.endswith(suffix) else text.rstrip()


def render_date_range(self, date_range, show_parts=None, context=None):
    show_parts = list(show_parts or _ORDER)
    context = self if context is None else context
    begin, end = date_range.begin, date_range.end
    if end.is_nil():  # an open range: "1987–"
        text = self.render_single_date(begin, show_parts, context)
        return None if text is None else text.rstrip() + "\u2013"
    differing = [name for name in _ORDER if name in show_parts and _value(begin, name) != _value(end, name)]
    if not differing:
        return self.render_single_date(begin, show_parts, context)
    largest = differing[0]
    diff = set(_ORDER[_ORDER.index(largest):]) & set(show_parts)  # what differs and every smaller part
    first = _rendered(self, begin, show_parts, context)
    last = _rendered(self, end, show_parts, context)
    names = [part.get("name") for part, _ in last]
    at = [i for i, name in enumerate(names) if name in diff]
    if not first or not last or not at or at != list(range(at[0], at[-1] + 1)) or \
            [part.get("name") for part, _ in first] != names:
        return None
    delimiter = next((part.get("range-delimiter") for part, _ in last if part.get("name") == largest), None)
    delimiter = delimiter or "\u2013"
    joiner = _joiner(self, context)
    left = [text for _, text in first[:at[0]]] + [text for _, text in first[at[0]:at[-1] + 1]]
    left[-1] = _without_suffix(first[at[-1]][0], left[-1])
    right = [text for _, text in last[at[0]:]]
    return joiner.join(left) + delimiter + joiner.join(right)


def fix_date_ranges(layer):
    """A date range prints what both dates share once: ``2–4 January 1999``, ``January 2–March 4, 1999``,
    ``Spring–Summer 1999``, with the ``range-delimiter`` of the largest differing part."""
    layer.replace(model.Date, "render_date_range", render_date_range)


def _shown(element) -> list[str]:
    """The date parts a ``cs:date`` prints: its ``date-parts`` (localized), else its ``cs:date-part`` children."""
    if element.get("form") is not None:
        return element.get("date-parts", "year-month-day").split("-")
    return [part.get("name") for part in element.iterchildren() if part.get("name")] or list(_ORDER)


def _key(date, shown) -> str:
    year = (date.get("year", 0) or 0) + 10000 if "year" in shown else 0
    month = date.get("month", 0) if "month" in shown else 0
    day = date.get("day", 0) if "day" in shown else 0
    return f"{year:05}{month:02}{day:02}"


def fix_date_sort_keys(layer):
    """In a sort key (a macro that ``cs:key`` calls), a date is its value, not its text: year, month and day
    as digits (those the ``cs:date`` shows), so ``100 BC`` sorts before ``44 BC`` and ``54 AD``."""
    process = layer.current(model.Date, "process")

    def process_key(self, item, variable=None, show_parts=None, context=None, **kwargs):
        if kwargs.get("sort_options") is None or self.is_locale_date():
            return process(self, item, variable=variable, show_parts=show_parts, context=context, **kwargs)
        date = item.reference[(variable or self.get("variable")).replace("-", "_")]  # VariableError if none
        if isinstance(date, LiteralDate):
            return date.text
        shown = _shown(self)
        if isinstance(date, DateRange):
            return self.strings.String(_key(date.begin, shown) + "-" + _key(date.end, shown))
        return self.strings.String(_key(date, shown))

    layer.replace(model.Date, "process", process_key)
