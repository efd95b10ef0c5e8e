"""HTML and JATS in titles and abstracts: plain text through lxml, CSL rich text for titles."""
from __future__ import annotations

import re

from lxml import etree

from .entities import unescape
from .formulas import formulas_to_text
from .latex import math_to_unicode

BLOCK_TAGS = frozenset(
    """p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table tr td th section article header footer
    blockquote pre hr title sec list list-item caption label abstract trans-abstract thead tbody tfoot
    figure figcaption fig table-wrap disp-formula disp-quote boxed-text""".split()
)
INLINE_TAGS = frozenset(
    """i b em strong sub sup u s small big span a font scp sc code tt italic bold underline
    monospace sc mml:math math inline-formula named-content ext-link xref img uri email graphic
    inline-graphic abbr cite q kbd var mark del ins""".split()
)
# MathML presentation elements: their text is kept (formulas themselves go through text/formulas.py).
MATHML_TAGS = frozenset("""mi mo mn ms mtext mrow msub msup msubsup munder mover munderover mfrac msqrt mroot
    mstyle mspace mpadded mphantom mfenced menclose mtable mtr mtd semantics""".split())
DROPPED_TAGS = frozenset({"script", "style", "object-id", "annotation", "annotation-xml"})
_KNOWN = BLOCK_TAGS | INLINE_TAGS | MATHML_TAGS | DROPPED_TAGS
_TAG = re.compile(r"<(/?)((?:[A-Za-z][\w-]*:)?[A-Za-z][\w-]*)((?:\s[^<>]*)?/?)>")
_PARSER = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True, huge_tree=True)
_LEADING_HEADING = re.compile(r"^\s*(?:abstract|summary)\s*[:.]?\s+", re.IGNORECASE)


def _collapse(text: str) -> str:
    """Whitespace runs (newlines and NBSP included) to one space; ends trimmed. Text that is already so
    (no double space, no space at an end, and printable: every whitespace character but the space is
    not) comes back as it is, without splitting it into words."""
    if text[:1] != " " and text[-1:] != " " and "  " not in text and text.isprintable():  # the scans last
        return text
    return " ".join(text.split())


def _local(tag: str) -> str:
    return tag.split(":", 1)[-1].lower()


def _alternation(names: frozenset[str]) -> str:
    return "|".join(sorted((re.escape(name) for name in names), key=len, reverse=True))


def _trie(names: frozenset[str]) -> str:
    """A regex alternation of ``names`` shaped as a trie, so each ``<`` costs one short walk."""
    tree: dict = {}
    for name in names:
        node = tree
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return emit(tree)


# Before parsing, a "<" that does not open a known tag is escaped: it is text ("p<0.05", "a < b").
# Namespace prefixes (jats:p, mml:math) are dropped so the HTML parser sees plain tag names, and a
# space goes before every block tag so that block boundaries become whitespace in the text.
# Each step is one regex substitution with a fixed replacement: linear, no Python call per match.
_BARE_LT = re.compile(r"<(?![A-Za-z/])")
_NAMESPACE_OPEN = re.compile(r"<[A-Za-z][\w-]*:(?=[A-Za-z])")  # two fixed replacements: no template to expand
_NAMESPACE_CLOSE = re.compile(r"</[A-Za-z][\w-]*:(?=[A-Za-z])")
_UNKNOWN_TAG = re.compile(rf"<(?=/?[A-Za-z])(?!/?(?i:{_trie(_KNOWN)})[\s/>])")
_BLOCK_TAG = re.compile(rf"<(?=/?(?i:{_trie(BLOCK_TAGS)})[\s/>])")


def _strip_comments(text: str) -> str:
    """Remove complete ``<!-- … -->`` comments in one linear pass (an unclosed one stays as text)."""
    pieces: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        pieces.append(text[position:start])
        position = end + 3
    pieces.append(text[position:])
    return "".join(pieces)


def _prepare(text: str) -> str:
    text = _BARE_LT.sub("&lt;", _strip_comments(text))
    if ":" in text:  # (a namespace prefix needs one)
        text = _NAMESPACE_CLOSE.sub("</", _NAMESPACE_OPEN.sub("<", text))
    return _BLOCK_TAG.sub(" <", _UNKNOWN_TAG.sub("&lt;", text))


def _drop_heading(root: etree._Element) -> None:
    """Remove a leading JATS ``<title>Abstract</title>`` heading."""
    heading = next(root.iter("title", "h1", "h2", "h3", "h4"), None)
    if heading is not None and not len(heading):
        if (heading.text or "").strip().lower().rstrip(":") in {"abstract", "summary"}:
            heading.text = ""


# Markup that the HTML parser turns into text without surprises: bare tags (no attribute) of the names below,
# whose text is every character between tags with its references decoded as HTML 5 decodes them (what
# html.unescape does), in order, whitespace kept: libxml2 2.14's HTML 5 tokenizer, in lxml 6 (pinned in
# pyproject.toml; tests/text/test_markup.py compares this with the parser on generated markup). <title> holds
# raw text (RCDATA) and may be a heading.
_SIMPLE_TAG = re.compile(r"</?(?i:p|sec|title|italic|bold|sub|sup|i|b|em|strong|sc|list|list-item|label|u)>")
# What sends markup to the parser after all: characters the tokenizer replaces or drops (NUL, other controls,
# noncharacters, lone surrogates, a BOM), a reference cut by a tag.
_UNUSUAL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
_CUT_REFERENCE = re.compile(r"&[#\w]*<")
_TITLE_OPEN = re.compile(r"<(?i:title)>")
_TITLE_CLOSE = re.compile(r"</(?i:title)>")


def _simple_text(prepared: str) -> str | None:
    """The text :func:`html_to_text` gets from the parser for simple markup, without the parser (a parse
    costs 8 µs an abstract); None for markup that is not simple."""
    if "&#" in prepared or _CUT_REFERENCE.search(prepared) or (
            not (prepared.isascii() and prepared.isprintable()) and _UNUSUAL_CHARACTER.search(prepared)):
        return None  # (numeric references: the parser keeps the controls html.unescape drops)
    position, first = 0, True
    while opening := _TITLE_OPEN.search(prepared, position):
        closing = _TITLE_CLOSE.search(prepared, opening.end())
        if closing is None or "<" in (heading := prepared[opening.end():closing.start()]):
            return None  # raw text that runs to the end, or holds what would be tags elsewhere
        if first and unescape(heading).strip().lower().rstrip(":") in {"abstract", "summary"}:
            prepared = prepared[:opening.end()] + prepared[closing.start():]  # the heading (the first one)
            closing = _TITLE_CLOSE.search(prepared, opening.end())
        position, first = closing.end(), False  # type: ignore[union-attr]
    text = _SIMPLE_TAG.sub("", prepared)
    if "<" in text:
        return None
    return _collapse(unescape(text))


def html_to_text(text: str) -> str:
    """Plain text of an HTML or JATS fragment: block boundaries become spaces, inline tags vanish,
    entities are decoded and whitespace is collapsed. Linear in the input size."""
    if "<" not in text:
        return _collapse(unescape(text))
    text = formulas_to_text(text)
    prepared = _prepare(text)
    if "<" not in prepared:  # no real tag: the text only had stray "<" characters
        return _collapse(unescape(text))
    simple = _simple_text(prepared)
    if simple is not None:
        return simple
    return _parsed_text(prepared, text)


def _parsed_text(prepared: str, text: str) -> str:
    """The text of prepared markup through lxml's HTML parser (``text``: the markup before preparing)."""
    root = etree.fromstring(f"<html><body><div>{prepared}</div></body></html>", _PARSER)
    if root is None:
        return _collapse(unescape(text))
    etree.strip_elements(root, *DROPPED_TAGS, with_tail=False)
    _drop_heading(root)
    return _collapse(etree.tostring(root, method="text", encoding=str))


# Titles: CSL rich text keeps <i> <b> <sub> <sup> (and small caps); every other tag goes.
_TITLE_TAGS = {"i": "i", "em": "i", "italic": "i", "b": "b", "strong": "b", "bold": "b", "sub": "sub", "sup": "sup"}
_SMALL_CAPS = {"sc", "scp"}
_RICH_TAG = re.compile(r"<(/?)(i|b|sub|sup|span)\b[^>]*>")
_ELLIPSIS_END = re.compile(r"\.\s?\.\s?\.$")  # "..." and ". . ." are kept whole
_ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Za-z]\.){2,}|\bet al\.|\b(?:Inc|Ltd|Co|Corp|Jr|Sr|St|vs|etc|No|Vol)\.)$")


def _title_tag(closing: str, name: str) -> str:
    local = _local(name)
    if local in _TITLE_TAGS:
        return f"<{closing}{_TITLE_TAGS[local]}>"
    if local in _SMALL_CAPS:
        return "</span>" if closing else '<span style="font-variant:small-caps;">'
    return ""


def _balanced(title: str) -> str:
    """Drop rich-text tags that are not properly paired (a stray ``</i>`` would confuse a processor)."""
    stack: list[tuple[str, int]] = []
    unpaired: set[int] = set()
    for match in _RICH_TAG.finditer(title):
        if not match.group(1):
            stack.append((match.group(2), match.start()))
        elif stack and stack[-1][0] == match.group(2):
            stack.pop()
        else:
            unpaired.add(match.start())
    unpaired.update(start for _, start in stack)
    if not unpaired:
        return title
    return _RICH_TAG.sub(lambda m: "" if m.start() in unpaired else m.group(0), title)


def strip_trailing_period(title: str) -> str:
    """Remove one stray MEDLINE trailing period; keep ``...``, ``. . .``, ``?``, ``!`` and abbreviations."""
    if not title.endswith(".") or _ELLIPSIS_END.search(title) or _ABBREVIATION_END.search(title):
        return title
    return title[:-1].rstrip()


def clean_title(text: str) -> str:
    """A title as CSL rich text: entities decoded, LaTeX math to Unicode, the rich-text subset kept."""
    text = formulas_to_text(text)
    if "<" not in text and "$" not in text:  # no tag and no math: only entities and spaces to clean
        title = unescape(text)
        return strip_trailing_period(_collapse(_balanced(title) if "<" in title else title))
    pieces: list[str] = []
    position = 0
    for match in _TAG.finditer(text):
        local = _local(match.group(2))
        if local not in _KNOWN and match.group(2).lower() not in _KNOWN:
            continue
        pieces.append(unescape(math_to_unicode(text[position : match.start()])))
        pieces.append(_title_tag(match.group(1), match.group(2)))
        position = match.end()
    pieces.append(unescape(math_to_unicode(text[position:])))
    title = _collapse(_balanced("".join(pieces)))
    return strip_trailing_period(title)


def plain_title(title: str) -> str:
    """A rich-text title without its tags (for keys and comparisons)."""
    return _RICH_TAG.sub("", title)
