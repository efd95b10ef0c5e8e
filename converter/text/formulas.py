"""JATS and MathML formulas (``<inline-formula>``, ``<alternatives>``, ``<tex-math>``, ``<mml:math>``) to
one text each: the TeX of ``<tex-math>`` when there is one (as ``$…$`` math), else the MathML text.

Crossref and publishers give a formula in several forms at once (TeX, MathML, an image); kept whole, a
title would read ``$\\mu$μBench``. Each formula becomes its first usable form, once.
"""
from __future__ import annotations

import re

_NAME = r"(?:[A-Za-z][\w-]*:)?"
# The outermost formula element: the leftmost match starts at the outermost opening tag.
_FORMULA = re.compile(rf"<{_NAME}(inline-formula|disp-formula|alternatives|tex-math|math)\b[^>]*>(.*?)</{_NAME}\1\s*>",
                      re.DOTALL | re.IGNORECASE)
_TEX = re.compile(rf"<{_NAME}tex-math\b[^>]*>(.*?)</{_NAME}tex-math\s*>", re.DOTALL | re.IGNORECASE)
_MATHML = re.compile(rf"<{_NAME}math\b[^>]*>(.*?)</{_NAME}math\s*>", re.DOTALL | re.IGNORECASE)
_ANNOTATION = re.compile(rf"<{_NAME}(annotation(?:-xml)?)\b[^>]*>.*?</{_NAME}\1\s*>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
# The document wrapper some publishers put around a formula's TeX.
_TEX_WRAPPER = re.compile(r"\\documentclass(?:\[[^\]]*\])?\{[^}]*\}|\\usepackage(?:\[[^\]]*\])?\{[^}]*\}|"
                          r"\\setlength\{[^}]*\}\{[^}]*\}|\\(?:begin|end)\{document\}")
MARKERS = re.compile(r"formula|tex-math|math\b|alternatives", re.IGNORECASE)


def _tex(content: str) -> str:
    tex = _TEX_WRAPPER.sub("", _CDATA.sub(r"\1", content)).strip()
    if not tex:
        return ""
    return tex if "$" in tex else f"${tex}$"


def _mathml_text(content: str) -> str:
    return "".join(_TAG.sub("", _ANNOTATION.sub("", content)).split())


def _one_form(match: re.Match) -> str:
    name, content = match.group(1).lower(), match.group(2)
    if name == "tex-math":
        return _tex(content)
    if name == "math":
        return _mathml_text(content)
    tex = _TEX.search(content)
    if tex and _tex(tex.group(1)):
        return _tex(tex.group(1))
    mathml = _MATHML.search(content)
    if mathml:
        return _mathml_text(mathml.group(1))
    return _TAG.sub("", content)


def may_hold_formulas(text: str) -> bool:
    """Whether ``text`` holds a tag and one of :data:`MARKERS`. For ASCII text the markers are looked for
    as substrings of the lower-cased text first: a case-insensitive alternation scans every position, 20
    times slower on an abstract (non-ASCII text goes to the regex, whose case folding is wider)."""
    if "<" not in text:
        return False
    if not text.isascii():
        return MARKERS.search(text) is not None
    lowered = text.lower()
    if "formula" in lowered or "tex-math" in lowered or "alternatives" in lowered:
        return True
    return "math" in lowered and MARKERS.search(text) is not None


def formulas_to_text(text: str) -> str:
    """Each JATS/MathML formula in ``text`` replaced by one plain form (TeX in ``$…$``, else MathML text)."""
    if not may_hold_formulas(text):
        return text
    return _FORMULA.sub(_one_form, text)
