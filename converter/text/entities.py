"""HTML character references decoded exactly as ``html.unescape`` decodes them, without its regex and its
Python call per reference where no reference could change: S2 text is full of ampersands that start no
reference ("R&D", "Q&A"), and each cost html.unescape a call of about a microsecond."""
from __future__ import annotations

import html
import re

# html.unescape changes a reference only when it is numeric ("&#…") or when a name of html.entities.html5,
# or a prefix of two characters or more of the name after the "&", is one; every such name starts with a
# letter and then a letter or a digit (tests/text/test_entities.py checks the table).
_MAY_CHANGE = re.compile(r"&(?:#|[A-Za-z][A-Za-z0-9])")


def unescape(text: str) -> str:
    """``html.unescape(text)``: ``text`` itself when it holds no reference that would change."""
    if "&" not in text or _MAY_CHANGE.search(text) is None:
        return text
    return html.unescape(text)
