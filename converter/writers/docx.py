"""A reference list as a Word document (.docx) through python-docx: one paragraph per entry, the style's
formatting as run formatting, its hanging indent or number column (a tab stop) as paragraph formatting."""
from __future__ import annotations

import io
import re
from datetime import datetime, timezone

from ..errors import ConversionWarning
from .document import Entry, Layout, Run

FONT = "Times New Roman"
FONT_SIZE_PT = 12
HANGING_INDENT_INCHES = 0.5
CHARACTER_WIDTH_PT = 7  # the number column: this much per character of the longest number (12 pt serif digits)


_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def docx_document(entries: list[Entry], layout: Layout, warnings: list) -> bytes:
    """The .docx file's bytes. Characters XML (and so Word) cannot hold are left out, with a warning."""
    from docx import Document
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches, Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(FONT_SIZE_PT)
    language = OxmlElement("w:lang")  # Word's proofing language: the locale's
    language.set(qn("w:val"), layout.lang)
    normal.element.get_or_add_rPr().append(language)
    properties = document.core_properties
    properties.title, properties.author, properties.comments = "References", "", "written by citeconv"
    properties.language = layout.lang
    properties.created = properties.modified = datetime.now(timezone.utc).replace(microsecond=0)
    number_width = Pt(CHARACTER_WIDTH_PT * layout.number_width(entries))
    for entry in entries:
        paragraph = document.add_paragraph()
        spacing = paragraph.paragraph_format
        spacing.space_before = Pt(0)
        spacing.space_after = Pt(FONT_SIZE_PT * layout.entry_spacing)
        spacing.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        spacing.line_spacing = layout.line_spacing
        if layout.numbered and entry.number:
            spacing.left_indent, spacing.first_line_indent = number_width, -number_width
            spacing.tab_stops.add_tab_stop(number_width)
            _add_runs(paragraph, entry.number, warnings)
            paragraph.add_run("\t")
        elif layout.hanging:
            spacing.left_indent = Inches(HANGING_INDENT_INCHES)
            spacing.first_line_indent = -Inches(HANGING_INDENT_INCHES)
        _add_runs(paragraph, entry.runs, warnings)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_runs(paragraph, runs: tuple[Run, ...], warnings: list) -> None:
    for run in runs:
        text = _NOT_IN_XML.sub("", run.text)
        if text != run.text:
            warnings.append(ConversionWarning("unencodable", f"docx: left out control characters in {text[:40]!r}"))
        added = paragraph.add_run(text)
        for flag in ("italic", "bold", "small_caps", "superscript", "subscript", "underline"):
            if getattr(run, flag):  # only set: superscript and subscript share one XML element (w:vertAlign)
                setattr(added.font, flag, True)
