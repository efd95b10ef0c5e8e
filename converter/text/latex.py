"""Simple LaTeX math in titles (``$\\alpha$-synuclein``) to Unicode, through pylatexenc."""
from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text

_MATH = re.compile(r"\$([^$]{1,200})\$")
_SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|(\\[A-Za-z]+|[^\s{}\\]))")
_SCRIPT_TAG = {"^": "sup", "_": "sub"}
_OPERATOR = re.compile(r"(\\(?:log|ln|exp|sin|cos|tan|max|min|lim|sup|inf|det|arg|Pr|mod))\s+")


@lru_cache(maxsize=1)
def _converter() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


@lru_cache(maxsize=4096)
def _plain(latex: str) -> str:
    latex = _OPERATOR.sub(r"\1{} ", latex)
    try:
        return _converter().latex_to_text(latex)
    except Exception:  # pylatexenc is tolerant; anything it still rejects stays as written
        return latex


def _math_to_unicode(content: str) -> str:
    pieces: list[str] = []
    position = 0
    for match in _SCRIPT.finditer(content):
        pieces.append(_plain(content[position : match.start()]))
        tag = _SCRIPT_TAG[match.group(1)]
        script = match.group(2) if match.group(2) is not None else match.group(3)
        pieces.append(f"<{tag}>{_plain(script)}</{tag}>")
        position = match.end()
    pieces.append(_plain(content[position:]))
    return "".join(pieces)


def _is_math(content: str) -> bool:
    """Math has a command, a script or is one short symbol; ``$5 and $`` is money, not math."""
    return bool(re.search(r"[\\^_]", content)) or bool(re.fullmatch(r"[A-Za-z]", content.strip()))


def math_to_unicode(text: str) -> str:
    """Replace each ``$…$`` math span with Unicode (sub/superscripts as ``<sub>``/``<sup>``).

    A lone ``$`` and money amounts stay literal.
    """
    if "$" not in text:
        return text
    return _MATH.sub(lambda m: _math_to_unicode(m.group(1)) if _is_math(m.group(1)) else m.group(0), text)
