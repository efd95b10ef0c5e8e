"""CSL-JSON input for citeproc-py: rich text in titles, escaping for the output format, typographic
quotes, and name variables under their CSL (hyphenated) names."""
from __future__ import annotations

import re

from citeproc import NAMES
from citeproc.source.json import CiteProcJSON
from citeproc.string import MixedString, NoCase, String

from .text import Markup

# Fields that hold identifiers or addresses: never touched by quote or markup handling.
VERBATIM = {"id", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "number", "call-number", "citation-key",
            "language", "type", "note"}
_TAG = re.compile(r'(<(/?)(i|b|sup|sub|span)(\s+(?:class|style)="[^"]*")?\s*>)', re.I)


def smart_quotes(text: str) -> str:
    """Straight quotes in data as typographic ones: an apostrophe inside or at the end of a word
    (``O'Brien``, ``patients'``) is ``’``; a quoted passage (``"…"`` or ``'…'``) gets ``“…”``
    (en-US outer quotes), as the reference processor prints it."""
    if "'" not in text and '"' not in text:
        return text
    out = []
    double_open = False
    single_open = False
    for i, ch in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch == '"':
            out.append("”" if double_open else "“")
            double_open = not double_open
        elif ch == "'":
            if before.isalnum() and (after.isalnum() or not single_open):
                out.append("’")
            elif single_open:
                out.append("”")
                single_open = False
            elif not before.isalnum() and not after.isspace():
                out.append("“")
                single_open = True
            else:
                out.append("’")
        else:
            out.append(ch)
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
    """date-parts as integers (CSL-JSON allows ``"2020"``; citeproc-py needs numbers); None when the
    year is not a number."""
    if not isinstance(value, dict) or "date-parts" not in value:
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
    return {**value, "date-parts": ranges} if ranges else None


def prepare(items: list[dict]) -> list[dict]:
    """Copies of ``items`` with typographic quotes in text fields and names, XML-safe strings and
    numeric dates."""
    prepared = []
    for index, item in enumerate(items):
        copy = {"type": "article", "id": f"item-{index + 1}"}  # CSL-JSON requires both; citeproc-py crashes without
        for key, value in _xml_safe(item).items():
            if key in DATE_VARIABLES:
                value = _date(value)
                if value is None:
                    continue
            if isinstance(value, str) and key not in VERBATIM:
                value = smart_quotes(value)
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                value = [{k: smart_quotes(v) if isinstance(v, str) else v for k, v in name.items()} for name in value]
            copy[key] = value
        prepared.append(copy)
    return prepared


class Source(CiteProcJSON):
    """``CiteProcJSON`` for one output format: data is escaped by the formatter's ``preformat``, the
    inline markup CSL-JSON allows (``<i> <b> <sup> <sub>``, ``<span class="nocase">``,
    ``<span style="font-variant:small-caps;">``) becomes the formatter's markup, and name variables are
    found under both spellings (``editor-translator``, ``editor_translator``)."""

    def __init__(self, json_data, formatter):
        self.formatter = formatter
        super().__init__(json_data)
        for reference in self.values():
            for key in [k for k in reference if k in NAMES and "_" in k]:
                dict.__setitem__(reference, key.replace("_", "-"), reference[key])

    def parse_names(self, json_data):
        escape = self.formatter.preformat
        return super().parse_names([{k: escape(v) if isinstance(v, str) else v for k, v in name.items()}
                                    for name in json_data])

    def parse_string(self, string):
        string = str(string)
        escape = self.formatter.preformat
        if "<" not in string:
            return MixedString([String(escape(string))])
        output = MixedString()
        stack = []
        position = 0
        for match in _TAG.finditer(string):
            if match.start() > position:
                piece = escape(string[position:match.start()])
                output.append(NoCase(piece) if "nocase" in stack else String(piece))
            position = match.end()
            closing, tag, attrs = match.group(2), match.group(3).lower(), (match.group(4) or "").lower()
            if closing:
                kind = stack.pop() if stack else None
                if kind and kind != "nocase":
                    output.append(Markup(_markup(self.formatter, kind, closing=True)))
            else:
                kind = ("nocase" if "nocase" in attrs else "smallcaps" if "small-caps" in attrs else
                        tag if tag != "span" else "span")
                stack.append(kind)
                if kind != "nocase":
                    output.append(Markup(_markup(self.formatter, kind, closing=False)))
        if position < len(string):
            piece = escape(string[position:])
            output.append(NoCase(piece) if "nocase" in stack else String(piece))
        return output


def _markup(formatter, kind: str, closing: bool) -> str:
    """The opening or closing markup of ``kind`` in ``formatter`` (empty for plain text)."""
    wrapper = {"i": "Italic", "b": "Bold", "sup": "Superscript", "sub": "Subscript",
               "smallcaps": "SmallCaps"}.get(kind)
    if wrapper is None:
        return ""
    sample = str(getattr(formatter, wrapper)("\x00"))
    opening, _, ending = sample.partition("\x00")
    return ending if closing else opening
