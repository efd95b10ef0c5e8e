"""Styled output as documents: .docx (read back with python-docx), .rtf (read back with striprtf, and with a
small RTF reader for the formatting) and a complete HTML page (parsed with lxml). Each entry's text is
the text output's line; each entry's formatting runs are those of citeproc-js's HTML for the same entry
(tests/golden/styles/*.html.txt)."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pytest
from docx.shared import Inches
from lxml import html as lxml_html
from striprtf.striprtf import rtf_to_text

import converter

GOLDEN = Path(__file__).parent.parent / "golden" / "styles"
ITEMS = json.loads((GOLDEN / "items.json").read_text(encoding="utf-8"))
OPTIONS = {"apa": {"capitalize_subtitles": False}, "vancouver": {}, "nature": {}, "acm-siggraph": {}}
# Entries whose HTML is the same as citeproc-js's (the rest differ in text, tested elsewhere).
MATCHING = {"apa": 45, "vancouver": 45, "nature": 44, "acm-siggraph": 45}
FLAGS = ("italic", "bold", "small_caps", "superscript", "subscript")


def merged(runs):
    """(text, flags) runs with white space collapsed and neighbours of the same flags merged."""
    out: list[list] = []
    collapsed: list[tuple[str, frozenset]] = []
    for t, flags in runs:  # collapse white space across runs the way the text output does
        for character in t:
            space = character in " \t\n\r\f\v"
            previous_space = not collapsed or collapsed[-1][0] == " "
            if not (space and previous_space):
                collapsed.append((" " if space else character, flags))
    while collapsed and collapsed[-1][0] == " ":
        collapsed.pop()
    for character, flags in collapsed:
        if out and out[-1][1] == flags:
            out[-1][0] += character
        else:
            out.append([character, flags])
    return [(t, flags) for t, flags in out]


def html_runs(element, flags=frozenset()):
    """Runs of a citeproc-js HTML entry (its own markup: i, b, sup, sub, small-caps span)."""
    own = {"i": "italic", "b": "bold", "sup": "superscript", "sub": "subscript"}.get(element.tag)
    if own:
        flags = flags | {own}
    if "small-caps" in (element.get("style") or ""):
        flags = flags | {"small_caps"}
    runs = [(element.text or "", flags)]
    for child in element:
        runs += html_runs(child, flags)
        runs.append((child.tail or "", flags))
    return runs


def golden_entries(style):
    """(number runs, text runs) of each citeproc-js entry."""
    entries = []
    for line in (GOLDEN / f"{style}.html.txt").read_text(encoding="utf-8").splitlines():
        entry = lxml_html.fragment_fromstring(line.strip())
        margin = entry.find_class("csl-left-margin")
        if margin:
            text = entry.find_class("csl-right-inline")[0]
            entries.append((merged(html_runs(margin[0])), merged(html_runs(text))))
        else:
            entries.append(([], merged(html_runs(entry))))
    return entries


def same_html_as_citeproc_js(style):
    def norm(line):
        return " ".join(re.sub(r">\s+<", "><", line.replace("&#38;", "&amp;")).split())
    ours = converter.write(ITEMS, style, format="html", **OPTIONS[style]).splitlines()[1:-1]
    golden = (GOLDEN / f"{style}.html.txt").read_text(encoding="utf-8").splitlines()
    return [index for index, (a, b) in enumerate(zip(ours, golden)) if norm(a) == norm(b)]


def docx_entries(data: bytes):
    """(number runs, text runs) of each paragraph: the number is what comes before a tab."""
    document = docx.Document(io.BytesIO(data))
    entries = []
    for paragraph in document.paragraphs:
        runs = [(run.text, frozenset(flag for flag in FLAGS if getattr(run.font, flag))) for run in paragraph.runs]
        tab = next((index for index, (text, _) in enumerate(runs) if text == "\t"), None)
        if tab is None:
            entries.append(([], merged(runs)))
        else:
            entries.append((merged(runs[:tab]), merged(runs[tab + 1:])))
    return document, entries


_RTF_TOKEN = re.compile(r"\\([a-z]+)(-?\d+)? ?|\\'([0-9a-f]{2})|\\([\\{}])|([{}])|(\r?\n)|([^\\{}\r\n]+)")
_RTF_FLAGS = {"i": "italic", "b": "bold", "scaps": "small_caps", "super": "superscript", "sub": "subscript"}


def rtf_entries(text: str):
    """A small RTF reader: (paragraph properties, runs) of each paragraph, skipping the font table and info."""
    paragraphs, runs, props = [], [], {}
    stack, flags, skip_group, skip_chars, uc = [], frozenset(), 0, 0, 1
    pending_high = None
    for match in _RTF_TOKEN.finditer(text):
        word, number, hexa, escaped, brace, newline, plain = match.groups()
        if brace == "{":
            stack.append((flags, skip_group))
            skip_group = skip_group + 1 if skip_group else 0
            continue
        if brace == "}":
            flags, skip_group = stack.pop()
            continue
        if skip_group or newline:
            continue
        if word in ("fonttbl", "info"):
            skip_group = 1
            continue
        if hexa is not None:
            if skip_chars:
                skip_chars -= 1
            else:
                runs.append((bytes([int(hexa, 16)]).decode("cp1252"), flags))
            continue
        if word is not None:
            if word == "u":
                unit = int(number) % 65536
                if 0xD800 <= unit < 0xDC00:
                    pending_high = unit
                elif 0xDC00 <= unit < 0xE000 and pending_high is not None:
                    runs.append((chr(0x10000 + (pending_high - 0xD800) * 0x400 + unit - 0xDC00), flags))
                    pending_high = None
                else:
                    runs.append((chr(unit), flags))
                skip_chars = uc
            elif word == "uc":
                uc = int(number)
            elif word in _RTF_FLAGS:
                flags = flags - {_RTF_FLAGS[word]} if number == "0" else flags | {_RTF_FLAGS[word]}
            elif word == "nosupersub":
                flags = flags - {"superscript", "subscript"}
            elif word == "tab":
                runs.append(("\t", flags))
            elif word == "pard":
                props = {}
            elif word in ("fi", "li", "tx", "sl", "sa"):
                props[word] = int(number)
            elif word == "par":
                paragraphs.append((props, runs))
                runs = []
            continue
        piece = escaped or plain
        if skip_chars:
            skip_chars, piece = max(0, skip_chars - len(piece)), piece[skip_chars:]
        if piece:
            runs.append((piece, flags))
    assert not stack
    entries = []
    for props, paragraph_runs in paragraphs:
        tab = next((index for index, (t, _) in enumerate(paragraph_runs) if t == "\t"), None)
        if tab is None:
            entries.append((props, [], merged(paragraph_runs)))
        else:
            entries.append((props, merged(paragraph_runs[:tab]), merged(paragraph_runs[tab + 1:])))
    return entries


@pytest.mark.parametrize("style", sorted(OPTIONS))
def test_docx_entries_have_the_text_of_the_text_output_and_the_runs_of_citeproc_js(style):
    data = converter.write(ITEMS, style, format="docx", **OPTIONS[style])
    assert isinstance(data, bytes) and data[:2] == b"PK"
    text_lines = converter.write(ITEMS, style, **OPTIONS[style]).splitlines()
    document, entries = docx_entries(data)
    assert [paragraph.text.replace("\t", " ") for paragraph in document.paragraphs] == text_lines
    matching = same_html_as_citeproc_js(style)
    assert len(matching) == MATCHING[style]
    golden = golden_entries(style)
    for index in matching:
        assert entries[index] == golden[index], (style, index)


@pytest.mark.parametrize("style", sorted(OPTIONS))
def test_rtf_entries_have_the_text_of_the_text_output_and_the_runs_of_citeproc_js(style):
    rtf = converter.write(ITEMS, style, format="rtf", **OPTIONS[style])
    assert rtf.isascii() and rtf.startswith("{\\rtf1\\ansi")
    text_lines = converter.write(ITEMS, style, **OPTIONS[style]).splitlines()
    assert [line.replace("\t", " ") for line in rtf_to_text(rtf).splitlines() if line] == text_lines
    entries = rtf_entries(rtf)
    assert ["".join(t for t, _ in number) + (" " if number else "") + "".join(t for t, _ in runs)
            for _, number, runs in entries] == text_lines
    golden = golden_entries(style)
    for index in same_html_as_citeproc_js(style):
        assert entries[index][1:] == golden[index], (style, index)


def test_paragraph_layout_hanging_indent_number_column_and_spacing():
    document, _ = docx_entries(converter.write(ITEMS[:12], "apa", format="docx"))
    for paragraph in document.paragraphs:
        layout = paragraph.paragraph_format
        assert (layout.left_indent, layout.first_line_indent) == (Inches(0.5), -Inches(0.5))
        assert layout.line_spacing == 2.0 and layout.space_after == 0  # APA: line-spacing="2", entry-spacing="0"
    document, _ = docx_entries(converter.write(ITEMS[:12], "vancouver", format="docx"))
    widths = set()
    for paragraph in document.paragraphs:
        layout = paragraph.paragraph_format
        assert layout.first_line_indent == -layout.left_indent
        [stop] = layout.tab_stops
        widths.add((stop.position, layout.left_indent))
        assert paragraph.runs[1].text == "\t" and re.fullmatch(r"\d+\.", paragraph.runs[0].text)
    [(stop, indent)] = widths
    assert stop == indent > 0  # one column, as wide as "12." and a space
    for props, number, _ in rtf_entries(converter.write(ITEMS[:12], "vancouver", format="rtf")):
        assert props["fi"] == -props["li"] == -props["tx"] and number
    for props, number, _ in rtf_entries(converter.write(ITEMS[:12], "apa", format="rtf")):
        assert (props["fi"], props["li"], props["sl"], props["sa"], number) == (-720, 720, 480, 0, [])


MARKUP = [{"id": "m1", "type": "article-journal", "title": "CO<sub>2</sub> uptake of <i>E. coli</i> at 10<sup>-3</sup> M",
           "author": [{"family": "Noether", "given": "Emmy"}], "container-title": "Journal of Tests",
           "volume": "7", "page": "1-9", "issued": {"date-parts": [[2021]]}}]


def test_data_markup_and_small_caps_become_run_formatting():
    _, [(_, runs)] = docx_entries(converter.write(MARKUP, "acm-siggraph", format="docx"))
    assert runs == [("Noether, E.", frozenset({"small_caps"})), (" 2021. CO", frozenset()),
                    ("2", frozenset({"subscript"})), (" uptake of ", frozenset()),
                    ("E. coli", frozenset({"italic"})), (" at 10", frozenset()), ("-3", frozenset({"superscript"})),
                    (" M. ", frozenset()), ("Journal of Tests", frozenset({"italic"})), (" ", frozenset()),
                    ("7", frozenset({"italic"})), (", 1–9.", frozenset())]
    [(_, _, rtf_runs)] = rtf_entries(converter.write(MARKUP, "acm-siggraph", format="rtf"))
    assert rtf_runs == runs


def test_text_outside_ascii_and_rtf_specials_survive():
    item = {**MARKUP[0], "title": "Ω {braces} \\ back – 中文 😀 Müller", "author": [{"family": "Ça", "given": "Ö"}]}
    rtf = converter.write([item], "apa", format="rtf")
    [(_, _, runs)] = rtf_entries(rtf)
    assert "".join(t for t, _ in runs) == converter.write([item], "apa").strip()
    assert rtf_to_text(rtf).strip().startswith("Ça, Ö. (2021). Ω {braces} \\ back – 中文")
    document, _ = docx_entries(converter.write([item], "apa", format="docx"))
    assert document.paragraphs[0].text == converter.write([item], "apa").strip()


def test_html_page_is_complete_utf8_with_the_layout_css():
    page = converter.write(ITEMS, "vancouver", format="html", fragment=False)
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en-US\">")
    tree = lxml_html.document_fromstring(page.encode("utf-8"))
    assert tree.find("head/meta").get("charset") == "utf-8"
    assert tree.findtext("head/title") == "References"
    css = tree.findtext("head/style")
    assert ".csl-left-margin { float: left; width: 4ch; }" in css  # "45." and a space
    assert ".csl-right-inline { margin-left: 4ch; }" in css
    entries = tree.find_class("csl-entry")
    text_lines = converter.write(ITEMS, "vancouver").splitlines()
    assert [f"{e.find_class('csl-left-margin')[0].text_content()} {e.find_class('csl-right-inline')[0].text_content()}"
            for e in entries] == text_lines
    page = converter.write(ITEMS, "apa", format="html", locale="en-GB", fragment=False)
    tree = lxml_html.document_fromstring(page.encode("utf-8"))
    assert tree.get("lang") == "en-GB"
    assert tree.find("body/div").get("class") == "csl-bib-body hanging-indent"
    assert ".hanging-indent .csl-entry { padding-left: 0.5in; text-indent: -0.5in; }" in tree.findtext("head/style")
    assert ".csl-bib-body { line-height: 2; }" in tree.findtext("head/style")
    assert [entry.text_content() for entry in tree.find_class("csl-entry")] == \
        converter.write(ITEMS, "apa", locale="en-GB").splitlines()


def test_in_text_citations_as_documents():
    document, _ = docx_entries(converter.write(ITEMS[:3], "apa", format="docx", cite=True))
    assert [p.text for p in document.paragraphs] == converter.write(ITEMS[:3], "apa", cite=True).splitlines()
    assert all(p.paragraph_format.first_line_indent is None for p in document.paragraphs)
    page = converter.write(ITEMS[:3], "apa", format="html", cite=True, fragment=False)
    tree = lxml_html.document_fromstring(page.encode("utf-8"))
    assert [span.text_content() for span in tree.find_class("citation")] == \
        converter.write(ITEMS[:3], "apa", cite=True).splitlines()


def test_no_items_make_empty_documents():
    _, entries = docx_entries(converter.write([], "apa", format="docx"))
    assert entries == []
    assert rtf_entries(converter.write([], "apa", format="rtf")) == []
    assert lxml_html.document_fromstring(converter.write([], "apa", format="html", fragment=False)).find_class("csl-entry") == []


def test_docx_language_is_the_locale():
    document, _ = docx_entries(converter.write(ITEMS[:2], "apa", format="docx", locale="en-GB"))
    rpr = document.styles["Normal"].element.rPr
    assert rpr.find(docx.oxml.ns.qn("w:lang")).get(docx.oxml.ns.qn("w:val")) == "en-GB"
    assert document.core_properties.language == "en-GB" and document.core_properties.title == "References"
