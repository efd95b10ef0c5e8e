"""Nested formatting in HTML output (CSL "flip-flop"): italics inside italics print upright, bold inside
bold normal, small caps inside small caps normal; ``<span class="nodecor">`` in the data and an explicit
``font-style="normal"`` (``font-weight``, ``font-variant``, ``vertical-align="baseline"``) undo only the
formatting around them."""
from __future__ import annotations

import re
import unicodedata

from citeproc import model
from citeproc.formatter import html

from .layer import per_element

_TOKEN = re.compile(r'<(/?)(i|b|sup|sub|span)((?: (?:style|class)="[^"]*")?)>')

# the style of a kind when it is already on, and what an opening tag of the formatter turns on
_NORMAL = {"i": "font-style:normal;", "b": "font-weight:normal;", "sc": "font-variant:normal;"}
_OPENS = {("i", ""): "i", ("b", ""): "b", ("span", ' style="font-variant:small-caps;"'): "sc"}
# an explicit "normal" of a cs element: the kind it undoes (only printed inside that kind)
_RESETS = {' style="font-style:normal;"': ("i",), ' style="font-weight:normal;"': ("b",),
           ' style="font-variant:normal;"': ("sc",), ' style="baseline"': ("sup", "sub"),
           ' class="nodecor"': ("i", "b", "sc")}


def flip_flop(text: str) -> str:
    """``text`` (HTML of citeproc-py's formatter) with nested formatting resolved."""
    if "<" not in text:
        return text
    out = []
    position = 0
    on = {"i": 0, "b": 0, "sc": 0, "sup": 0, "sub": 0}
    stack = []  # (closing markup, state to restore)
    for match in _TOKEN.finditer(text):
        out.append(text[position:match.start()])
        position = match.end()
        closing, tag, attributes = match.groups()
        if closing:
            if stack:
                markup, state = stack.pop()
                on = state
                out.append(markup)
            else:
                out.append(match.group())
            continue
        state = dict(on)
        kind = _OPENS.get((tag, attributes))
        if kind is not None:
            if on[kind]:
                out.append(f'<span style="{_NORMAL[kind]}">')
                stack.append(("</span>", state))
                on = dict(on, **{kind: 0})
            else:
                out.append(match.group())
                stack.append((f"</{tag}>", state))
                on = dict(on, **{kind: 1})
            continue
        resets = _RESETS.get(attributes) if tag == "span" else None
        if resets is None:
            if tag in ("sup", "sub"):
                on = dict(on, **{tag: 1})
            out.append(match.group())
            stack.append((f"</{tag}>", state))
            continue
        undone = [kind for kind in resets if on[kind]]
        if not undone:  # nothing to undo here: no markup
            stack.append(("", state))
            continue
        if attributes == ' style="baseline"':
            out.append(match.group())
        else:
            out.append('<span style="' + "".join(_NORMAL[kind] for kind in undone) + '">')
        stack.append(("</span>", state))
        on = dict(on, **{kind: 0 for kind in undone})
    out.append(text[position:])
    return "".join(out)


_EXPLICIT = {"font_style": ("font-style", "normal", "font-style:normal;", ("italic", "oblique")),
             "font_weight": ("font-weight", "normal", "font-weight:normal;", ("bold",)),
             "font_variant": ("font-variant", "normal", "font-variant:normal;", ("small-caps",)),
             "vertical_align": ("vertical-align", "baseline", "baseline", ("sup", "sub"))}
@per_element
def _inside(element, attribute, values) -> bool:
    """Whether an ancestor of ``element`` in the style sets ``attribute`` to one of ``values`` (an explicit
    "normal" elsewhere prints nothing, and must not get in the way of collapsing)."""
    return any(parent.get(attribute) in values for parent in element.iterancestors())


def _explicit(layer, method, attribute, value, style, undone):
    apply = layer.original(model.Formatted, method)

    def formatting(self, text):
        if self.get(attribute) == value and self.get_formatter() is html and _inside(self, attribute, undone):
            return f'<span style="{style}">{text}</span>'
        return apply(self, text)

    return formatting


def _writes_tags(formatter) -> bool:
    """Whether ``formatter`` writes HTML tags (``<i>``) for formatting."""
    return str(formatter.Italic("")) == "<i></i>"


def fix_flip_flop(layer):
    """HTML: ``<i>`` inside italics prints as ``<span style="font-style:normal;">`` (and so for bold and
    small caps), ``<span class="nodecor">`` and ``font-style="normal"`` undo the formatting around them
    (``<i>Lessard <span style="font-style:normal;">v.</span> Schmidt</i>``), not nested ``<i>``."""
    format_ = layer.current(model.Layout, "format")

    def format_layout(self, string):
        text = format_(self, string)
        if text is None:
            return None
        flat = str(text)
        if "<" not in flat or not _writes_tags(self.get_formatter()):  # in plain text a "<" is the data's
            return text
        return flip_flop(flat)

    layer.replace(model.Layout, "format", format_layout)
    for method, explicit in _EXPLICIT.items():
        layer.replace(model.Formatted, method, _explicit(layer, method, *explicit))


def _superscripts() -> tuple[re.Pattern, dict]:
    """The superscript characters (Unicode ``<super>`` compatibility forms, and four modifier letters
    without one) -> their base characters: (a pattern matching them, the table)."""
    table = {}
    for code in range(0xA0, 0x10000):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition.startswith("<super>"):
            table[chr(code)] = "".join(chr(int(part, 16)) for part in decomposition.split()[1:])
    table.update({"ˀ": "ʔ", "ˁ": "ʕ", "ۥ": "و", "ۦ": "ي"})
    return re.compile("[" + "".join(sorted(table)) + "]"), table


def fix_superscript_characters(layer):
    """HTML: a superscript character (``ª``, ``ʳᵉ`` of French ordinals, ``™``) prints as its letter in
    ``<sup>`` (``1<sup>r</sup><sup>e</sup>``), as the reference processor does."""
    pattern, table = _superscripts()  # once per engine
    format_ = layer.current(model.Layout, "format")

    def format_layout(self, string):
        text = format_(self, string)
        if text is None or self.get_formatter() is not html:
            return text
        flat = str(text)
        if not pattern.search(flat):
            return text
        return pattern.sub(lambda match: f"<sup>{table[match.group()]}</sup>", flat)

    layer.replace(model.Layout, "format", format_layout)
