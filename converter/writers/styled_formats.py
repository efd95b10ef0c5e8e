"""Output formats of the styled writers: citeproc-py formatters and how entries become a document."""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from types import SimpleNamespace

from citeproc.formatter import html as citeproc_html

from ..errors import ConversionWarning

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md_escape(text) -> str:
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def _md_wrap(mark_open: str, mark_close: str | None = None):
    mark_close = mark_open if mark_close is None else mark_close

    def wrap(text):
        text = str(text)
        if not text.strip():
            return text
        stripped = text.strip(" ")
        lead = text[:len(text) - len(text.lstrip(" "))]
        trail = text[len(text.rstrip(" ")):]
        return f"{lead}{mark_open}{stripped}{mark_close}{trail}"
    return wrap


# Markdown: italics as *...*, bold as **...**, super/subscript as HTML tags (CommonMark has none);
# data is escaped so that a title's own * or _ stays text.
markdown = SimpleNamespace(
    preformat=_md_escape, Italic=_md_wrap("*"), Oblique=_md_wrap("*"), Bold=_md_wrap("**"), Light=str,
    Underline=str, Superscript=_md_wrap("<sup>", "</sup>"), Subscript=_md_wrap("<sub>", "</sub>"),
    SmallCaps=str)

# Text: super- and subscripts are marked with private-use characters while citeproc-py renders, then
# become Unicode super- and subscript characters (see unicode_scripts); the rest of the markup is dropped.
_MARKS = {"sup": ("\ue000", "\ue001"), "sub": ("\ue002", "\ue003")}
_MARKED = re.compile("\ue000([^\ue001]*)\ue001|\ue002([^\ue003]*)\ue003")
_ANY_MARK = re.compile("[\ue000-\ue003]")


def _text_wrap(kind: str):
    opening, closing = _MARKS[kind]
    return lambda text: f"{opening}{text}{closing}"


text = SimpleNamespace(
    preformat=lambda data: _ANY_MARK.sub("", str(data)), Italic=str, Oblique=str, Bold=str, Light=str,
    Underline=str, Superscript=_text_wrap("sup"), Subscript=_text_wrap("sub"), SmallCaps=str)


@lru_cache(maxsize=2)
def _script_forms(kind: str) -> dict[str, str]:
    """Character -> its Unicode ``<super>`` or ``<sub>`` form (from the Unicode decompositions: ¹, ⁿ, ₂, ...);
    the ordinal indicators ª and º are left out, the hyphen takes the minus's form."""
    forms: dict[str, str] = {}
    for code in range(0x80, 0x10000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and parts[0] == f"<{kind}>" and code not in (0xAA, 0xBA):
            forms.setdefault(chr(int(parts[1], 16)), chr(code))
    if "\u2212" in forms:
        forms.setdefault("-", forms["\u2212"])
    return forms


def unicode_scripts(line: str, warnings: list) -> str:
    """The marked super- and subscripts of a text line as Unicode characters (punctuation and spaces
    between them stay as they are: ``¹,²``, ``¹–³``); a span with a letter or digit that has no such form
    stays plain, with a warning."""
    def replace(match: re.Match) -> str:
        kind, inner = ("sup", match.group(1)) if match.group(1) is not None else ("sub", match.group(2))
        forms = _script_forms("super" if kind == "sup" else "sub")
        missing = [character for character in inner if character not in forms and character.isalnum()]
        if missing:
            name = "superscript" if kind == "sup" else "subscript"
            message = (f"text: the {name} {inner!r} printed as plain text ({''.join(dict.fromkeys(missing))!r} "
                       f"has no Unicode {name} form)")
            if not any(warning.message == message for warning in warnings):
                warnings.append(ConversionWarning("no-unicode-script", message))
            return inner
        return "".join(forms.get(character, character) for character in inner)
    return _MARKED.sub(replace, line) if "\ue000" in line or "\ue002" in line else line


FORMATS = {"text": text, "html": citeproc_html, "markdown": markdown, "rtf": citeproc_html,
           "docx": citeproc_html}


_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def _plain(text) -> str:
    """White space collapsed to single spaces and trimmed; a no-break space (the style's or the data's) stays."""
    return _ASCII_SPACE.sub(" ", str(text)).strip(" ")


def text_document(entries, warnings: list | None = None) -> str:
    """One entry per line; a numbered entry's number and text are separated by one space; super- and
    subscripts as Unicode characters (:func:`unicode_scripts`)."""
    found = [] if warnings is None else warnings
    lines = [unicode_scripts(_plain(f"{e.first} {e.rest}") if hasattr(e, "first") else _plain(e), found)
             for e in entries]
    return "".join(line + "\n" for line in lines)


def markdown_document(entries) -> str:
    """One paragraph per entry (a blank line between entries)."""
    return "\n".join(_plain(f"{e.first} {e.rest}") if hasattr(e, "first") else _plain(e) for e in entries) \
        .replace("\n", "\n\n") + ("\n" if entries else "")


def html_document(entries, *, hanging: bool = False, cite: bool = False) -> str:
    """``<div class="csl-bib-body">`` with one ``csl-entry`` per entry. A stylesheet can use the classes:
    ``csl-bib-body hanging-indent`` for a hanging indent (APA), ``csl-left-margin`` (the number column) and
    ``csl-right-inline`` (the text) for numbered styles. In-text citations are ``<span class="citation">``
    lines. Data is escaped; only the style's markup (``<i>``, ``<b>``, ...) is HTML."""
    if cite:
        return "".join(f'<span class="citation">{_plain(e)}</span>\n' for e in entries)
    body_class = "csl-bib-body hanging-indent" if hanging else "csl-bib-body"
    lines = [f'<div class="{body_class}">']
    for entry in entries:
        if hasattr(entry, "first"):
            lines.append(f'  <div class="csl-entry"><div class="csl-left-margin">{_plain(entry.first)}</div>'
                         f'<div class="csl-right-inline">{_plain(entry.rest)}</div></div>')
        else:
            lines.append(f'  <div class="csl-entry">{_plain(entry)}</div>')
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def document(format: str, entries, layout, *, fragment: bool = True, warnings: list) -> str | bytes:
    """The rendered entries (``format``'s markup) as a document of ``format``."""
    if format == "text":
        return text_document(entries, warnings)
    if format == "markdown":
        return markdown_document(entries)
    if format == "html":
        return html_document(entries, hanging=layout.hanging, cite=layout.cite) if fragment else \
            html_page(entries, layout)
    from .document import entries_of
    if format == "rtf":
        from .rtf import rtf_document
        return rtf_document(entries_of(entries), layout)
    from .docx import docx_document
    return docx_document(entries_of(entries), layout, warnings)


def html_page(entries, layout) -> str:
    """A complete UTF-8 HTML5 page around :func:`html_document`, with the CSS for the style's layout: its
    line spacing, hanging indent (0.5 in) or number column (as wide as the longest number)."""
    width = max((len(_plain(e.first)) for e in entries if hasattr(e, "first")), default=0) + 1
    css = [f".csl-bib-body {{ line-height: {layout.line_spacing:g}; }}",
           f".csl-entry {{ margin: 0 0 {layout.entry_spacing:g}em 0; }}",
           ".hanging-indent .csl-entry { padding-left: 0.5in; text-indent: -0.5in; }",
           f".csl-left-margin {{ float: left; width: {width}ch; }}",
           f".csl-right-inline {{ margin-left: {width}ch; }}",
           ".citation { display: block; }"]
    return ("<!DOCTYPE html>\n"
            f'<html lang="{html.escape(layout.lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="citeconv">\n<title>References</title>\n<style>\n'
            'body { font-family: "Times New Roman", Times, serif; font-size: 12pt; max-width: 45em; '
            'margin: 2em auto; padding: 0 1em; }\n'
            + "".join(line + "\n" for line in css) + "</style>\n</head>\n<body>\n"
            + html_document(entries, hanging=layout.hanging, cite=layout.cite) + "</body>\n</html>\n")


__all__ = ["FORMATS", "document", "html", "html_document", "html_page", "markdown_document", "text_document"]
