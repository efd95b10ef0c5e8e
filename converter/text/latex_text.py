"""LaTeX in .bib field values to Unicode text and CSL rich text, through pylatexenc.

Accents in every spelling (``\\"u``, ``\\"{u}``, ``{\\"u}``), ``\\&``, ``--`` and ``---``, ``~`` (a
no-break space), TeX quotes and ``$…$`` math become Unicode. In rich text (titles) ``\\textit{}``,
``\\emph{}``, ``{\\em …}`` become ``<i>``, ``\\textbf{}``/``{\\bf …}`` ``<b>``, ``\\textsc{}`` small caps,
``\\textsuperscript{}``/``\\textsubscript{}`` ``<sup>``/``<sub>``, and a brace group that is not an
argument and does not start with a command (``{DNA}``: BibTeX's case protection) becomes
``<span class="nocase">``. Plain text drops the markup and keeps the words. Whitespace runs become one
space. A command pylatexenc does not know is dropped and its argument kept.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexSpecialsNode,
    LatexWalker,
)

from .latex import math_to_unicode

# Command with one argument -> (CSL rich-text opening tag, closing tag); "" keeps the argument as it is.
FORMAT_COMMANDS: dict[str, tuple[str, str]] = {
    "textit": ("<i>", "</i>"), "emph": ("<i>", "</i>"), "textsl": ("<i>", "</i>"), "mkbibemph": ("<i>", "</i>"),
    "textbf": ("<b>", "</b>"), "mkbibbold": ("<b>", "</b>"),
    "textsc": ('<span style="font-variant:small-caps;">', "</span>"),
    "textsuperscript": ("<sup>", "</sup>"), "mkbibsuperscript": ("<sup>", "</sup>"),
    "textsubscript": ("<sub>", "</sub>"), "mkbibsubscript": ("<sub>", "</sub>"),
    "textup": ("", ""), "textnormal": ("", ""), "textrm": ("", ""), "textsf": ("", ""), "texttt": ("", ""),
    "textmd": ("", ""), "mbox": ("", ""), "text": ("", ""), "hbox": ("", ""), "NoCaseChange": ("", ""),
    "mkbibquote": ("“", "”"), "enquote": ("“", "”"),
}
# Declarations at the start of a group (``{\\em …}``) -> the same tags.
DECLARATIONS: dict[str, tuple[str, str]] = {
    "em": ("<i>", "</i>"), "it": ("<i>", "</i>"), "itshape": ("<i>", "</i>"), "sl": ("<i>", "</i>"),
    "slshape": ("<i>", "</i>"), "bf": ("<b>", "</b>"), "bfseries": ("<b>", "</b>"),
    "sc": ('<span style="font-variant:small-caps;">', "</span>"),
    "scshape": ('<span style="font-variant:small-caps;">', "</span>"),
    "rm": ("", ""), "sf": ("", ""), "tt": ("", ""), "normalfont": ("", ""), "upshape": ("", ""),
}
# Commands whose argument is verbatim text.
VERBATIM_COMMANDS = frozenset({"url", "path", "nolinkurl", "href"})
NOCASE = ('<span class="nocase">', "</span>")
# Characters pylatexenc 2.11 does not know: T1 letters and the text commands for LaTeX's special characters
# (converter/text/latex_encode.py writes these).
LETTERS: dict[str, str] = {
    "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "dj": "đ", "DJ": "Đ", "ng": "ŋ", "NG": "Ŋ",
    "textless": "<", "textgreater": ">", "textbraceleft": "{", "textbraceright": "}", "textbar": "|",
    "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^", "textunderscore": "_",
}

# Accent commands -> combining characters (for letters the fast path composes itself).
ACCENTS: dict[str, str] = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304", ".": "\u0307",
    "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323",
    "b": "\u0331",
}
FAST_LETTERS: dict[str, str] = {
    "ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "l": "ł",
    "L": "Ł", "i": "ı", "j": "ȷ", **{name: char for name, char in (
        ("dh", "ð"), ("DH", "Ð"), ("th", "þ"), ("TH", "Þ"), ("textless", "<"), ("textgreater", ">"),
        ("textbar", "|"), ("textasciicircum", "^"), ("textunderscore", "_"),
        ("textendash", "–"), ("textemdash", "—"))},
}
LIGATURES: tuple[tuple[str, str], ...] = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("~", "\u00a0"))
_ACCENT_NAMES = r"['`^\"~=.]|[uvHckrdb](?![A-Za-z])"
_ONE_LETTER = r"\\[ij](?![A-Za-z])|[A-Za-z]"
# {\'e}, {\'{e}}, \'{e}, \'e (a letter accent like \v or \c needs braces or a space before its letter).
_BRACED_ACCENT = re.compile(
    r"\{\\(" + _ACCENT_NAMES + r")\s*\{?(" + _ONE_LETTER + r")\}?\}"
    r"|\\(['`^\"~=.]|[uvHckrdb](?=[{ ]))\s*(?:\{(" + _ONE_LETTER + r")\}|(?<=[^A-Za-z])(" + _ONE_LETTER + r"))")
_ESCAPED = re.compile(r"\{\\([&%$#_])\}|\\([&%$#_])")
_LETTER_COMMAND = re.compile(
    r"\{\\(" + "|".join(sorted(FAST_LETTERS, key=len, reverse=True)) + r")\}"
    r"|\\(" + "|".join(sorted(FAST_LETTERS, key=len, reverse=True)) + r")(?:\{\}|(?![A-Za-z])\s?)")
_SIMPLE = re.compile(r"[\\{}$~%]|--|``|''")
_BRACES_ONLY = re.compile(r"[\\$~%]|--|``|''")
_SPACE = re.compile(r"[ \t\r\n\f\v]+")  # not \s: a no-break space (from ~) stays
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_TAG = re.compile(r"<[^<>]+>")


@lru_cache(maxsize=1)
def _to_text() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def latex_to_text(value: str) -> str:
    """A .bib value as plain Unicode text (markup dropped, braces removed)."""
    if not _SIMPLE.search(value):
        return _squash(value)
    return _convert(value, False)


def latex_to_rich(value: str) -> str:
    """A .bib title as CSL rich text (see the module docstring)."""
    if not _SIMPLE.search(value):
        return _squash(value)
    return _convert(value, True)


@lru_cache(maxsize=1 << 14)
def _convert(value: str, rich: bool) -> str:
    if "\\" in value and "$" not in value and "\\" not in (fast := _fast_commands(value)):
        return _squash(_braces(_ligatures(fast), rich))  # every command had a fast replacement
    if not _BRACES_ONLY.search(value):
        return _squash(_braces(value, rich))
    if "\\" not in value and "$" not in value:
        return _squash(_braces(_ligatures(value), rich))
    value = _UNESCAPED_PERCENT.sub(r"\\%", value)
    try:
        nodes = LatexWalker(value, tolerant_parsing=True).get_latex_nodes()[0]
        text = _Renderer(rich).nodes(nodes, top=True)
    except Exception:  # pylatexenc is tolerant; what it still rejects is kept without its braces
        text = value.replace("{", "").replace("}", "")
    return _squash(text)


def _accent(match: re.Match) -> str:
    accent, letter = match.group(1) or match.group(3), match.group(2) or match.group(4) or match.group(5)
    letter = {"\\i": "i", "\\j": "j"}.get(letter, letter)
    return unicodedata.normalize("NFC", letter + ACCENTS[accent])


def _fast_commands(value: str) -> str:
    """The commands most .bib files hold (escaped specials, accents on one letter, letter macros) replaced
    without a parser; whatever else is left goes through pylatexenc."""
    if "\\" not in value:
        return value
    value = _ESCAPED.sub(lambda match: match.group(1) or match.group(2), value)
    value = _BRACED_ACCENT.sub(_accent, value)
    value = _LETTER_COMMAND.sub(lambda match: FAST_LETTERS[match.group(1) or match.group(2)], value)
    return value


def _ligatures(value: str) -> str:
    """TeX's dashes, quotes and tie (what pylatexenc would do for a text without commands)."""
    for ligature, char in LIGATURES:
        if ligature in value:
            value = value.replace(ligature, char)
    return value


def _braces(value: str, rich: bool) -> str:
    """Braces without commands: the outermost groups are nocase spans in rich text, dropped otherwise."""
    if not rich:
        return value.replace("{", "").replace("}", "")
    out: list[str] = []
    depth = 0
    for char in value:
        if char == "{":
            if depth == 0:
                out.append(NOCASE[0])
            depth += 1
        elif char == "}":
            if depth == 0:
                continue  # unbalanced: dropped
            depth -= 1
            if depth == 0:
                out.append(NOCASE[1])
        else:
            out.append(char)
    if depth:
        out.append(NOCASE[1])
    return "".join(out)


class _Renderer:
    """Walks pylatexenc's nodes into text; ``rich`` adds the CSL tags."""

    def __init__(self, rich: bool) -> None:
        self.rich = rich

    def tags(self, pair: tuple[str, str], inner: str) -> str:
        if not pair[0] or (not self.rich and pair[0].startswith("<")):
            return inner
        return f"{pair[0]}{inner}{pair[1]}"

    def nodes(self, nodes: list, top: bool = False) -> str:
        out: list[str] = []
        index = 0
        while index < len(nodes):
            node = nodes[index]
            index += 1
            if isinstance(node, LatexMacroNode):
                args = [arg for arg in (node.nodeargd.argnlist if node.nodeargd else []) if arg is not None]
                if not args and index < len(nodes) and isinstance(nodes[index], LatexGroupNode) \
                        and self._takes_argument(node):
                    args = [nodes[index]]  # a command pylatexenc does not know: the group is its argument
                    index += 1
                out.append(self.macro(node, args))
            elif isinstance(node, LatexGroupNode):
                out.append(self.group(node, top))
            elif isinstance(node, LatexMathNode):
                out.append(self.math(node))
            elif isinstance(node, LatexCommentNode):
                continue
            elif isinstance(node, LatexCharsNode):
                out.append(node.chars)
            elif isinstance(node, LatexSpecialsNode):
                out.append("\u00a0" if node.specials_chars == "~" else _to_text().node_to_text(node))
            else:
                out.append(_to_text().node_to_text(node))
        return "".join(out)

    @staticmethod
    def _takes_argument(node: LatexMacroNode) -> bool:
        return node.macroname in FORMAT_COMMANDS or node.macroname in VERBATIM_COMMANDS \
            or _to_text().node_to_text(node) == ""

    def argument(self, node) -> str:
        return self.nodes(node.nodelist) if isinstance(node, LatexGroupNode) else self.nodes([node])

    def macro(self, node: LatexMacroNode, args: list) -> str:
        name = node.macroname
        if name in FORMAT_COMMANDS and args:
            return self.tags(FORMAT_COMMANDS[name], self.argument(args[-1]))
        if name in VERBATIM_COMMANDS and args:
            return args[0].latex_verbatim()[1:-1] if isinstance(args[0], LatexGroupNode) else ""
        if name in DECLARATIONS:
            return ""  # outside a group: nothing to scope
        if name in LETTERS:
            return LETTERS[name]
        if not node.nodeargd or not node.nodeargd.argnlist:
            text = _to_text().node_to_text(node)
            if text or not args:
                return text
            return "".join(self.argument(arg) for arg in args)  # unknown command: its argument stays
        try:
            return _to_text().node_to_text(node)
        except Exception:
            return "".join(self.argument(arg) for arg in args)

    def group(self, node: LatexGroupNode, top: bool) -> str:
        children = [child for child in node.nodelist if not (isinstance(child, LatexCharsNode) and not child.chars)]
        first = children[0] if children else None
        if isinstance(first, LatexMacroNode) and first.macroname in DECLARATIONS:
            return self.tags(DECLARATIONS[first.macroname], self.nodes(children[1:]))
        inner = self.nodes(node.nodelist)
        if not top or isinstance(first, LatexMacroNode) or not inner.strip():
            return inner  # {\"u} is a special character, not case protection; nested groups are already protected
        return self.tags(NOCASE, inner)

    def math(self, node: LatexMathNode) -> str:
        source = node.latex_verbatim()
        if source.startswith("$") and not source.startswith("$$"):
            converted = math_to_unicode(source)
            if converted != source:
                return converted if self.rich else _TAG.sub("", converted)
        return _to_text().node_to_text(node)
