"""CSL-JSON output: a JSON array of items, UTF-8, one field per line."""
from __future__ import annotations

import json
import re

from . import register

# After json.dumps(indent=…): put date-parts on one line. Raw newlines never occur inside JSON
# strings, so these patterns only touch the layout.
_NUMBERS = re.compile(r"\[\n\s+(-?\d+(?:,\n\s+-?\d+)*)\n\s*\]")
_NUMBER_LISTS = re.compile(r"\[\n\s+(\[[-\d, ]*\](?:,\n\s+\[[-\d, ]*\])*)\n\s*\]")


def _compact(match: re.Match) -> str:
    return "[" + ", ".join(part.strip() for part in match.group(1).split(",\n")) + "]"


@register("csl-json")
def write_csl_json(items: list[dict], *, warnings: list, indent: int | None = 2) -> str:
    """The items as a CSL-JSON array (non-ASCII kept as is; the text ends with a newline)."""
    text = json.dumps(items, ensure_ascii=False, indent=indent)
    if indent is not None:
        text = _NUMBER_LISTS.sub(_compact, _NUMBERS.sub(_compact, text))
    return text + "\n"
