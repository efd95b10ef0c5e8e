"""A rendered reference list as formatted runs, for the writers of whole documents (docx, rtf, an HTML page).

The styled writer renders each entry through citeproc-py's HTML formatter; :func:`entry_runs` reads that
markup (``<i>``, ``<b>``, ``<span style="font-variant:small-caps;">``, ``<sup>``, ``<sub>``, ``<u>``) back into
runs of text with their formatting, with white space collapsed as in the text output, so that each
entry's text is the text output's line."""
from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import html as lxml_html


@dataclass(frozen=True)
class Run:
    """Text with one formatting."""

    text: str
    italic: bool = False
    bold: bool = False
    small_caps: bool = False
    superscript: bool = False
    subscript: bool = False
    underline: bool = False

    def same_format(self, other: Run) -> bool:
        return replace(self, text="") == replace(other, text="")


@dataclass(frozen=True)
class Entry:
    """One entry: its runs, and its number (the first field of a ``second-field-align`` style) apart."""

    runs: tuple[Run, ...]
    number: tuple[Run, ...] = ()

    @property
    def text(self) -> str:
        """The entry's text as the text output prints it (number and text separated by one space)."""
        body = "".join(run.text for run in self.runs)
        return f"{''.join(run.text for run in self.number)} {body}" if self.number else body


@dataclass(frozen=True)
class Layout:
    """The style's bibliography layout: hanging indent, number column (``second-field-align``), line and
    entry spacing (in lines), whether the entries are in-text citations, and the language."""

    hanging: bool = False
    numbered: bool = False
    line_spacing: float = 1.0
    entry_spacing: float = 1.0
    cite: bool = False
    lang: str = "en-US"

    @classmethod
    def of(cls, bibliography, *, cite: bool, lang: str) -> Layout:
        """The layout of a citeproc-py ``cs:bibliography`` element (or None, for a style without one)."""
        if bibliography is None or cite:
            return cls(cite=cite, lang=lang)
        return cls(hanging=bibliography.get("hanging-indent", "false") == "true",
                   numbered=bool(bibliography.get("second-field-align")),
                   line_spacing=_number(bibliography.get("line-spacing"), 1.0),
                   entry_spacing=_number(bibliography.get("entry-spacing"), 1.0), lang=lang)

    def number_width(self, entries: list[Entry]) -> int:
        """The width of the number column in characters: the longest number and one space."""
        return max((len("".join(run.text for run in entry.number)) for entry in entries), default=0) + 1


def _number(value, default: float) -> float:
    try:
        return max(0.0, float(value)) if value is not None else default
    except ValueError:
        return default


_TAGS = {"i": "italic", "em": "italic", "b": "bold", "strong": "bold", "sup": "superscript", "sub": "subscript",
         "u": "underline"}


def entry_runs(markup: str) -> tuple[Run, ...]:
    """The runs of one entry rendered with citeproc-py's HTML formatter (escaped data, the style's tags)."""
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    runs: list[Run] = []

    def walk(element, style: Run) -> None:
        if element.text:
            runs.append(replace(style, text=element.text))
        for child in element:
            walk(child, _styled(child, style))
            if child.tail:
                runs.append(replace(style, text=child.tail))

    walk(root, Run(""))
    return _normalized(runs)


def _styled(element, style: Run) -> Run:
    field = _TAGS.get(element.tag)
    if field is not None:
        return replace(style, **{field: True})  # type: ignore[arg-type]
    css = (element.get("style") or "").replace(" ", "")
    if "font-variant:small-caps" in css:
        return replace(style, small_caps=True)
    if "font-style:italic" in css:
        return replace(style, italic=True)
    if "font-weight:bold" in css:
        return replace(style, bold=True)
    return style


ASCII_SPACE = " \t\n\r\f\v"  # collapsed as the text output does; a no-break space stays


def _normalized(runs: list[Run]) -> tuple[Run, ...]:
    """White space collapsed to single spaces across runs and trimmed at both ends; neighbours with the
    same formatting merged; empty runs dropped."""
    out: list[Run] = []
    space_before = True  # at the start, leading white space goes
    for run in runs:
        text = []
        for character in run.text:
            if character in ASCII_SPACE:
                if not space_before:
                    text.append(" ")
                space_before = True
            else:
                text.append(character)
                space_before = False
        if text:
            piece = replace(run, text="".join(text))
            if out and out[-1].same_format(piece):
                out[-1] = replace(out[-1], text=out[-1].text + piece.text)
            else:
                out.append(piece)
    if out and out[-1].text.endswith(" "):
        out[-1] = replace(out[-1], text=out[-1].text.rstrip(" "))
        if not out[-1].text:
            out.pop()
    return tuple(out)


def entries_of(rendered: list) -> list[Entry]:
    """Entries from the rendered HTML entries (str, or ``SecondField`` with ``first`` and ``rest``)."""
    return [Entry(entry_runs(str(entry.rest)), entry_runs(str(entry.first))) if hasattr(entry, "first")
            else Entry(entry_runs(str(entry))) for entry in rendered]
