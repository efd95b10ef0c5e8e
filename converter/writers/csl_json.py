"""CSL-JSON output: a JSON array of items, UTF-8, one field per line."""
from __future__ import annotations

import json
import re

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
        text = json.dumps(item, ensure_ascii=False, indent=indent)
        text = _NUMBER_LISTS.sub(_compact, _NUMBERS.sub(_compact, text))
        return " " * indent + text.replace("\n", "\n" + " " * indent)

    breaks = "" if indent is None else "\n"
    return Stream(entry, head="[" + breaks, separator="," + (breaks or " "), tail=breaks + "]\n", empty="[]\n",
                  rekey=_rekey)


def _rekey(text: str, old: str, new: str) -> str | None:
    """The entry with ``"id": new``: when ``id`` is the item's first key (as items have it in a batch)."""
    slot = '"id": ' + json.dumps(old, ensure_ascii=False)
    at = text.find(slot)
    if at < 0 or text[:at].strip() != "{":
        return None
    return text[:at] + '"id": ' + json.dumps(new, ensure_ascii=False) + text[at + len(slot):]


@register("csl-json")
def write_csl_json(items: list[dict], *, warnings: list, indent: int | None = 2) -> str:
    """The items as a CSL-JSON array (non-ASCII kept as is; the text ends with a newline)."""
    layout = stream(indent=indent)
    if not items:
        return layout.empty
    return layout.head + layout.separator.join(layout.entry(item, warnings) for item in items) + layout.tail


register_stream("csl-json", stream)
