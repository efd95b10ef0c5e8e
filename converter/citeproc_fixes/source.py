"""CSL-JSON input for citeproc-py: rich text in titles, escaping for the output format, typographic
quotes, and name variables under their CSL (hyphenated) names."""
from __future__ import annotations

import re

from citeproc import DATES, NAMES, VARIABLES
from citeproc.source import CustomDict, Date, DateRange, Reference
from citeproc.source.json import CiteProcJSON

# Fields that hold identifiers or addresses: never touched by quote or markup handling.
VERBATIM = {"id", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "number", "call-number", "citation-key",
            "language", "type", "note"}
_TAG = re.compile(r'(<(/?)(i|b|sc|sup|sub|span)(\s+(?:class|style)="[^"]*")?\s*>)', re.I)
_TAG_SPAN = re.compile(r'</?(?:i|b|sc|sup|sub|span)(?:\s+(?:class|style)="[^"]*")?\s*>', re.I)


def smart_quotes(text: str) -> str:
    """Straight quotes in data as typographic ones: an apostrophe inside or at the end of a word
    (``O'Brien``, ``patients'``) is ``’``; a quoted passage (``"…"`` or ``'…'``) gets ``“…”``
    (en-US outer quotes), as the reference processor prints it."""
    if "'" not in text and '"' not in text:
        return text
    if "<" in text and _TAG_SPAN.search(text):  # the quotes of markup (<span class="nocase">) stay straight
        return _around_tags(text)
    out = list(text)
    double_open = single_open = None  # where the open quoted passage starts
    for i, ch in enumerate(text):
        if ch != '"' and ch != "'":
            continue
        before = out[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch == '"':
            if double_open is not None and not before.isspace():
                out[double_open], out[i] = "“", "”"
                double_open = None
            elif not after.isspace() and not before.isalnum():
                if double_open is not None:
                    out[double_open] = "“"
                double_open = i
                out[i] = "“"  # also without a closing quote (no straight quote reaches the output)
            else:
                out[i] = "”"
        elif before.isalnum() or before == "’":
            if single_open is not None and not after.isalnum():
                out[single_open], out[i] = "“", "”"
                single_open = None
            else:
                out[i] = "’"
        elif single_open is not None and not before.isspace() and not after.isalnum():
            out[single_open], out[i] = "“", "”"
            single_open = None
        elif not after.isspace():
            if single_open is not None:
                out[single_open] = "’"
            single_open = i
            out[i] = "’"  # an apostrophe unless a closing quote follows ('09)
        else:
            out[i] = "’"
    return "".join(out)


def _around_tags(text: str) -> str:
    """:func:`smart_quotes` of the text between the markup tags of ``text`` (each character maps to one)."""
    quoted = smart_quotes(_TAG_SPAN.sub("", text))
    out, done, last = [], 0, 0
    for match in _TAG_SPAN.finditer(text):
        size = match.start() - last
        out.append(quoted[done:done + size])
        out.append(match.group())
        done, last = done + size, match.end()
    out.append(quoted[done:])
    return "".join(out)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
DATE_VARIABLES = ("issued", "accessed", "event-date", "original-date", "submitted", "available-date")


def _clean(value):
    """A string without the characters XML (and so lxml, which citeproc-py renders through) refuses."""
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def _xml_safe(item: dict) -> dict:
    """The fields citeproc-py reads, XML-safe: strings, and the strings of names; ``custom`` (which
    styles never read and which may nest arbitrarily) is left out, and so are fields left empty."""
    safe = {}
    for key, value in item.items():
        if key == "custom":
            continue
        if isinstance(value, str):
            value = _clean(value)
        elif isinstance(value, list):
            value = [{k: _clean(v) for k, v in part.items()} if isinstance(part, dict) else _clean(part)
                     for part in value]
        if value not in ("", [], None):
            safe[key] = value
    return safe


def _date(value):
    """date-parts as integers (CSL-JSON allows ``"2020"``; citeproc-py needs numbers); a date given as
    text only (``literal``, or ``raw`` that is not ``YYYY-MM-DD``) as a literal; None when neither."""
    if not isinstance(value, dict) or "date-parts" not in value and "raw" not in value:
        return value
    ranges = []
    for parts in value.get("date-parts") or []:
        numbers = []
        for part in parts if isinstance(parts, list) else []:
            if isinstance(part, (int, float)) and not isinstance(part, bool) or str(part).strip().lstrip("-").isdigit():
                numbers.append(int(part))
            else:
                break
        if numbers:
            ranges.append(numbers)
    if ranges:
        return {**value, "date-parts": ranges}
    text = value.get("literal") or value.get("raw")  # a date that is only text prints as that text
    if isinstance(text, str) and text.strip():
        raw = _RAW_DATE.match(text.strip()) if "literal" not in value else None
        if raw:
            return {**value, "date-parts": [[int(part) for part in raw.groups() if part]]}
        return {k: v for k, v in value.items() if k not in ("date-parts", "raw")} | {"literal": text}
    return None


_RAW_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}


def _season(value):
    """A CSL-JSON season (1-4, 13-16, 21-24 or its English name) as 1-4, else None."""
    if isinstance(value, str):
        value = _SEASONS.get(value.strip().lower(), value.strip())
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 4 else (number - 13) % 4 + 1 if 13 <= number <= 24 else None


_NOTE_FIELD = re.compile(r"^\s*([a-z][a-z-]*)\s*:\s*(.*?)\s*$")
_ISO_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
NAME_VARIABLES = frozenset(name.replace("_", "-") for name in NAMES) | frozenset(
    {"chair", "compiler", "contributor", "curator", "director", "editor-translator", "executive-producer",
     "guest", "host", "narrator", "organizer", "performer", "producer", "reviewed-author", "script-writer",
     "series-creator"})
TEXT_VARIABLES = frozenset(name.replace("_", "-") for name in VARIABLES) | frozenset(
    {"event-title", "part-number", "part-title", "volume-title", "supplement-number", "reviewed-title",
     "reviewed-genre", "archive-collection", "division", "publisher-place", "issue", "status",
     "container-title-short", "title-short", "collection-title-short"})


def _note_date(text: str):
    """``2004-10-01`` or a range ``2004-10-01/2004-10-14`` as CSL-JSON date-parts, else the text."""
    matches = [_ISO_DATE.match(side) for side in text.split("/")]
    if 1 <= len(matches) <= 2 and all(matches):
        return {"date-parts": [[int(part) for part in match.groups() if part] for match in matches if match]}
    return {"literal": text}


def with_note_fields(item: dict) -> dict:
    """``item`` with the variables its ``note`` starts with, one ``name: value`` per line (Zotero's Extra,
    as citeproc-js reads it): ``type``; a date (``2004-10-01/2004-10-14``); a name (``Family || Given``, or
    a literal) added to that variable's names; any other variable when the item does not have it. The lines
    read leave the note."""
    note = item.get("note")
    if not isinstance(note, str) or ":" not in note:
        return item
    lines = note.split("\n")
    found: dict = {}
    names: dict = {}
    for index, line in enumerate(lines):
        match = _NOTE_FIELD.match(line)
        if not line.strip():
            continue
        if not match:
            if index == 0:
                continue
            break
        key, value = match.groups()
        if key == "type":
            found["type"] = value
        elif key in DATE_VARIABLES:
            if key not in item:
                found[key] = _note_date(value)
        elif key in NAME_VARIABLES:
            if key in item:
                continue
            parts = re.split(r"\s*\|\|\s*", value)
            names.setdefault(key, []).append({"literal": parts[0]} if len(parts) == 1 else
                                             {"family": parts[0], "given": parts[1]})
        elif key in TEXT_VARIABLES and key not in item:
            found[key] = value
        else:
            continue
        lines[index] = ""
    if not found and not names:
        return item
    rest = "\n".join(lines).strip()
    return {**{k: v for k, v in item.items() if k != "note"}, **found, **names, **({"note": rest} if rest else {})}


def prepare(items: list[dict]) -> list[dict]:
    """Copies of ``items`` with typographic quotes in text fields and names, XML-safe strings, numeric
    dates, Zotero's ``journalAbbreviation``/``shortTitle`` as ``container-title-short``/``title-short``, and
    the variables written at the start of the note (:func:`with_note_fields`)."""
    prepared = []
    for index, item in enumerate(items):
        copy = {"type": "article", "id": f"item-{index + 1}"}  # CSL-JSON requires both; citeproc-py crashes without
        for key, value in _xml_safe(with_note_fields(item)).items():
            if key in DATE_VARIABLES:
                value = _date(value)
                if value is None:
                    continue
            if isinstance(value, str) and key not in VERBATIM:
                value = smart_quotes(value)
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                value = [{k: smart_quotes(v) if isinstance(v, str) else v for k, v in name.items()} for name in value]
            copy[key] = value
        for legacy, key in _LEGACY.items():  # Zotero's names of the short forms
            if legacy in copy:
                value = copy.pop(legacy)
                copy.setdefault(key, value)
        prepared.append(copy)
    return prepared


_LEGACY = {"journalAbbreviation": "container-title-short", "shortTitle": "title-short"}


class Source(CiteProcJSON):
    """``CiteProcJSON`` for one output format: data is escaped by the formatter's ``preformat``, the
    inline markup CSL-JSON allows (``<i> <b> <sup> <sub>``, ``<span class="nocase">``,
    ``<span style="font-variant:small-caps;">``) becomes the formatter's markup, and name variables are
    found under both spellings (``editor-translator``, ``editor_translator``)."""

    def __init__(self, json_data, formatter, strings, names=(), variables=()):
        """``strings``: the engine's string classes; ``names`` and ``variables``: name variables and
        ordinary variables citeproc-py does not know (CSL 1.0.2) that are parsed as such."""
        self.formatter = formatter
        self.strings = strings
        names = frozenset(NAMES) | frozenset(names)
        known = frozenset(VARIABLES) | names | frozenset(variables)
        for entry in json_data:
            key, kind, data = None, None, {}
            for field, value in entry.items():
                name = field.replace("-", "_")
                if name == "id":
                    key = str(value).lower()
                    continue
                if name == "type":
                    kind = value
                    continue
                if name == "key":  # it would clash with the id
                    continue
                if name == "shortTitle":
                    name = "title_short"
                if name in names:
                    value = self.parse_names(value)
                elif name in DATES:
                    value = self.parse_date(value)
                elif field != "language":
                    value = self.parse_string(value)
                data[name] = value
            self.add(_Reference(key, kind, known, data))
        for reference in self.values():
            for key in [k for k in reference if k in names and "_" in k]:
                dict.__setitem__(reference, key.replace("_", "-"), reference[key])

    def parse_date(self, json_data):
        """Dates whose month is a season (13-16, 21-24: ``Spring 1999``) or out of range (no month),
        or with an impossible day (no day); a ``season`` given as a name."""
        if not json_data.get("date-parts"):
            return super().parse_date(json_data)
        season = _season(json_data["season"]) if "season" in json_data else None
        dates = []
        for parts in json_data["date-parts"]:
            date = {"year": parts[0]}
            month = parts[1] if len(parts) > 1 else None
            if month is not None and 1 <= month <= 12:
                date["month"] = month
                if len(parts) > 2 and 1 <= parts[2] <= 31:
                    date["day"] = parts[2]
            elif month is not None and _season(month):
                date["season"] = _season(month)
            if season and "season" not in date:
                date["season"] = season
            dates.append(date)
        circa = json_data.get("circa", 0) not in (0, False, "", None)
        if len(dates) == 1:
            return Date(circa=circa, **dates[0])
        return DateRange(begin=Date(**dates[0]), end=Date(**dates[1]), circa=circa)

    def parse_names(self, json_data):
        escape = self.formatter.preformat
        return super().parse_names([{k: escape(v) if isinstance(v, str) else v for k, v in name.items()}
                                    for name in json_data])

    def parse_string(self, string):
        string = str(string)
        escape = self.formatter.preformat
        strings = self.strings
        String, NoCase, Markup = strings.String, strings.NoCase, strings.Markup
        if "<" not in string:
            return strings.MixedString([String(escape(string))])
        output = strings.MixedString()
        stack = []
        position = 0
        matches = list(_TAG.finditer(string))
        paired = _paired(matches)
        for index, match in enumerate(matches):
            if index not in paired:  # a tag that does not pair up is text (printed escaped)
                continue
            if match.start() > position:
                piece = escape(string[position:match.start()])
                output.append(NoCase(piece) if _UNCASED.intersection(stack) else String(piece))
            position = match.end()
            closing, tag, attrs = match.group(2), match.group(3).lower(), (match.group(4) or "").lower()
            if closing:
                kind = stack.pop() if stack else None
                if kind and kind != "nocase":
                    output.append(Markup(_markup(self.formatter, kind, closing=True)))
            else:
                kind = ("nocase" if "nocase" in attrs else "nodecor" if "nodecor" in attrs else
                        "smallcaps" if "small-caps" in attrs or tag == "sc" else tag)
                stack.append(kind)
                if kind != "nocase":
                    output.append(Markup(_markup(self.formatter, kind, closing=False)))
        if position < len(string):
            piece = escape(string[position:])
            output.append(NoCase(piece) if _UNCASED.intersection(stack) else String(piece))
        return output


def _paired(matches: list) -> set[int]:
    """The indexes of the tags that pair up: an opening tag and the next closing tag of its name with only
    paired tags between them. A closing tag of another name (``<b>bold</i>``) leaves both as text, as the
    reference processor does, and so does a tag with no partner (``One Two</i> Three``)."""
    stack: list[tuple[str, int]] = []
    paired: set[int] = set()
    for index, match in enumerate(matches):
        name = match.group(3).lower()
        if not match.group(2):
            stack.append((name, index))
        elif stack and stack[-1][0] == name:
            paired.update((stack.pop()[1], index))
        elif stack:
            stack.pop()
    return paired


# Markup whose text keeps its case under text-case (small caps, superscript and subscript are nocase).
_UNCASED = frozenset({"nocase", "nodecor", "smallcaps", "sup", "sub"})


def _markup(formatter, kind: str, closing: bool) -> str:
    """The opening or closing markup of ``kind`` in ``formatter`` (empty for plain text). ``nodecor`` is
    a ``<span class="nodecor">`` in HTML, which :func:`.flipflop.flip_flop` resolves."""
    if kind == "nodecor":
        if _markup(formatter, "i", False) != "<i>":
            return ""
        return "</span>" if closing else '<span class="nodecor">'
    wrapper = {"i": "Italic", "b": "Bold", "sup": "Superscript", "sub": "Subscript",
               "smallcaps": "SmallCaps"}.get(kind)
    if wrapper is None:
        return ""
    sample = str(getattr(formatter, wrapper)("\x00"))
    opening, _, ending = sample.partition("\x00")
    return ending if closing else opening


class _Reference(Reference):
    """citeproc-py's ``Reference`` knowing the variables ``known`` (it warns of any other)."""

    def __init__(self, key, kind, known, data):
        self.key = key
        self.type = kind
        CustomDict.__init__(self, data, optional=known | {"uri", "container_uri", "contributor", "date"})
