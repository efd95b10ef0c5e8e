"""A reference list as RTF (what Word reads and Zotero's Quick Copy writes): one paragraph per entry, the
style's formatting as character formatting, its hanging indent or number column (a tab stop) as paragraph
formatting. Text outside ASCII is written as ``\\uN\\'xx`` (UTF-16 units and a Windows-1252 fallback), so the file
itself is ASCII."""
from __future__ import annotations

from .document import Entry, Layout, Run

TWIPS_PER_POINT = 20
FONT_SIZE_PT = 12
HANGING_INDENT_TWIPS = 720  # 0.5 inch
CHARACTER_WIDTH_TWIPS = 140  # the number column: this much per character of the longest number (12 pt digits)
_FLAGS = (("italic", "\\i"), ("bold", "\\b"), ("small_caps", "\\scaps"), ("superscript", "\\super"),
          ("subscript", "\\sub"), ("underline", "\\ul"))


def escape(text: str) -> str:
    """RTF text: ``\\``, ``{`` and ``}`` escaped, a tab as ``\\tab``, non-ASCII as ``\\uN`` per UTF-16 unit."""
    out = []
    for character in text:
        code = ord(character)
        if character in "\\{}":
            out.append("\\" + character)
        elif character == "\t":
            out.append("\\tab ")
        elif 32 <= code < 127:
            out.append(character)
        elif code < 32:
            continue  # control characters have no RTF text form (white space is collapsed before)
        else:
            data = character.encode("utf-16-le", "surrogatepass")
            units = [int.from_bytes(data[index:index + 2], "little") for index in range(0, len(data), 2)]
            fallback = _fallback(character) if len(units) == 1 else "\\'3f"
            out.extend(f"\\u{unit - 65536 if unit > 32767 else unit}{fallback}" for unit in units)
    return "".join(out)


def _fallback(character: str) -> str:
    """What a reader without Unicode shows: the Windows-1252 byte when there is one, else ``?`` (written as
    ``\\'xx``, the form every reader skips; pandoc drops a character after a bare ``?``)."""
    try:
        return f"\\'{character.encode('cp1252')[0]:02x}"
    except UnicodeEncodeError:
        return "\\'3f"


def _runs(runs: tuple[Run, ...]) -> str:
    parts = []
    for run in runs:
        flags = "".join(flag for name, flag in _FLAGS if getattr(run, name))
        parts.append(f"{{{flags} {escape(run.text)}}}" if flags else escape(run.text))
    return "".join(parts)


def rtf_document(entries: list[Entry], layout: Layout) -> str:
    """The RTF file's text."""
    line = round(240 * layout.line_spacing)  # \slN\slmult1: N/240 lines
    after = round(FONT_SIZE_PT * TWIPS_PER_POINT * layout.entry_spacing)
    number_width = CHARACTER_WIDTH_TWIPS * layout.number_width(entries)
    lines = ["{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1",
             "{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}}",
             f"{{\\info{{\\title References}}{{\\doccomm written by citeconv}}}}\\f0\\fs{FONT_SIZE_PT * 2}"]
    for entry in entries:
        paragraph = f"\\pard\\sb0\\sa{after}\\sl{line}\\slmult1"
        if layout.numbered and entry.number:
            paragraph += f"\\fi-{number_width}\\li{number_width}\\tx{number_width} {_runs(entry.number)}\\tab "
        elif layout.hanging:
            paragraph += f"\\fi-{HANGING_INDENT_TWIPS}\\li{HANGING_INDENT_TWIPS} "
        else:
            paragraph += " "
        lines.append(paragraph + _runs(entry.runs) + "\\par")
    lines.append("}")
    return "\n".join(lines) + "\n"
