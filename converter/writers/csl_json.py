"""CSL-JSON output: a JSON array of items, UTF-8, one field per line."""
from __future__ import annotations

import json
import re
from typing import Any

import orjson

from . import Stream, register, register_stream

# After json.dumps(indent=…): put date-parts on one line. Raw newlines never occur inside JSON
# strings, so these patterns only touch the layout.
_NUMBERS = re.compile(r"\[\n\s+(-?\d+(?:,\n\s+-?\d+)*)\n\s*\]")
_NUMBER_LISTS = re.compile(r"\[\n\s+(\[[-\d, ]*\](?:,\n\s+\[[-\d, ]*\])*)\n\s*\]")


def _compact(match: re.Match) -> str:
    return "[" + ", ".join(part.strip() for part in match.group(1).split(",\n")) + "]"


def stream(*, indent: int | None = 2) -> Stream:
    """The CSL-JSON array one item at a time: each item indented one level inside ``[`` … ``]``."""

    def entry(item: dict, warnings: list) -> str:
        if indent is None:
            return json.dumps(item, ensure_ascii=False)
        text = _orjson_text(item) if indent == 2 else None
        if text is None:
            text = json.dumps(item, ensure_ascii=False, indent=indent)
        text = _NUMBER_LISTS.sub(_compact, _NUMBERS.sub(_compact, text))
        return " " * indent + text.replace("\n", "\n" + " " * indent)

    breaks = "" if indent is None else "\n"
    return Stream(entry, head="[" + breaks, separator="," + (breaks or " "), tail=breaks + "]\n", empty="[]\n",
                  rekey=_rekey)


def _orjson_text(item: Any) -> str | None:
    """``json.dumps(item, ensure_ascii=False, indent=2)``, made by orjson (the same text, ten times faster),
    or ``None`` where orjson would not write the same: an item with a float (orjson writes 1e+16 as 1e16)
    or a value of another type, and what orjson refuses (a key that is not a string, an integer over
    64 bits, a lone surrogate, deep nesting)."""
    if not _plain(item):
        return None
    try:
        return orjson.dumps(item, option=orjson.OPT_INDENT_2).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return None


def _plain(item: Any) -> bool:
    """Whether ``item`` holds only dicts, lists, strings, integers, booleans and None (exact types)."""
    stack = [item]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            stack.extend(value.values())
        elif kind is list:
            stack.extend(value)
        elif kind is not str and kind is not int and kind is not bool and value is not None:
            return False
    return True


def _rekey(text: str, old: str, new: str) -> str | None:
    """The entry with ``"id": new``: when ``id`` is the item's first key (as items have it in a batch)."""
    slot = '"id": ' + json.dumps(old, ensure_ascii=False)
    at = text.find(slot)
    if at < 0 or text[:at].strip() != "{":
        return None
    if new == old:  # (a batch asks whether the text can move: no need to build it again)
        return text
    return text[:at] + '"id": ' + json.dumps(new, ensure_ascii=False) + text[at + len(slot):]


@register("csl-json")
def write_csl_json(items: list[dict], *, warnings: list, indent: int | None = 2) -> str:
    """The items as a CSL-JSON array (non-ASCII kept as is; the text ends with a newline)."""
    layout = stream(indent=indent)
    if not items:
        return layout.empty
    return layout.head + layout.separator.join(layout.entry(item, warnings) for item in items) + layout.tail


register_stream("csl-json", stream)
