"""Titles for .bib files: CSL rich text to LaTeX, with the words a style must not lower-case in braces.

BibTeX styles (``plain``, ``plainnat``) and sentence-casing biblatex styles lower-case a title except what
is in braces. So a word keeps its capitals only when braced, but bracing every capitalised word of a Title
Case title (most Semantic Scholar titles) would freeze it in Title Case. A word is braced when its shape
says it is not an ordinary word, whatever the title's case:

* a capital after the first letter of a word or of a part of a hyphenated word (``DNA``, ``COVID-19``,
  ``fMRI``, ``mRNA``, ``McDonald``, ``U.S.``, ``RNA-seq``; ``Energy-Efficient`` is ordinary), or a capitalised
  part after a lower-case word (``non-Hodgkin``; not ``α-Helices``);
* a capital with a digit (``T4``, ``3D``, ``H1N1``);
* a lone capital letter that does not start the title or a subtitle (``Vitamin D``, ``Influenza A``);
* a known proper noun (``Brazil``, ``West Africa``, ``Bayesian``, ``Alzheimer's``; see
  converter/text/proper_nouns.py), in a compound only the name (``Non-{Gaussian}``);

and, only in a sentence-case title (more lower-case than capitalised words, function words aside), every
capitalised word after the first (``… incidence of gastric cancer in China`` → ``{China}``). A title
without lower-case letters (ALL CAPS) is left unbraced: its case says nothing. The first word of the title
and of a subtitle (after ``: ``) keep their first capital in every style.

Rich text: ``<i>``, ``<b>``, ``<sub>``, ``<sup>``, small caps and ``<span class="nocase">`` become
``\\textit{}``, ``\\textbf{}``, ``\\textsubscript{}``, ``\\textsuperscript{}``, ``\\textsc{}`` and a
brace group; their braces already protect what they hold. Unpaired tags are dropped.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..ids import FUNCTION_WORDS
from ..text.latex_encode import latex, normalize
from ..text.proper_nouns import PHRASES_BY_FIRST_WORD, is_proper_noun

# CSL rich-text tag -> LaTeX command ("" for a bare brace group).
COMMANDS: dict[str, str] = {
    "i": r"\textit",
    "b": r"\textbf",
    "sub": r"\textsubscript",
    "sup": r"\textsuperscript",
    "sc": r"\textsc",
    "nocase": "",
}
# Words a Title Case title still writes in lower case; they say nothing about the title's case.
SMALL_WORDS = FUNCTION_WORDS | frozenset(
    "but nor yet so per via upon than after before during within against across along around up off out"
    " down like near since until unlike amid amongst beyond despite except".split())

_TAG = re.compile(r"<(/?)(i|b|sub|sup|span)\b([^<>]*)>")
# A word: letters and digits, joined by one apostrophe, hyphen, period, slash, ampersand or plus (R&D, U.S).
_WORD = re.compile(r"[^\W_]+(?:['’\-./&+][^\W_]+)*")
_PARTS = re.compile(r"[-/]")
_SUBTITLE = re.compile(r":\s")


Piece = tuple[str, str | None]  # (text, None) or (COMMANDS key, "open" / "close")


def _kind(name: str, attributes: str) -> str | None:
    """The COMMANDS key of a tag; ``None`` for a span that means nothing here."""
    if name != "span":
        return name
    if "nocase" in attributes:
        return "nocase"
    return "sc" if "small-caps" in attributes else None


def _pieces(title: str) -> list[Piece]:
    """The title as text and tag pieces; unpaired or meaningless tags become empty text."""
    pieces: list[Piece] = []
    stack: list[tuple[str, int]] = []  # (tag name, index of its opening piece)
    position = 0
    for match in _TAG.finditer(title):
        pieces.append((title[position:match.start()], None))
        position = match.end()
        closing, name, attributes = match.groups()
        if not closing:
            stack.append((name, len(pieces)))
            kind = _kind(name, attributes)
            pieces.append((kind, "open") if kind else ("", None))
        elif stack and stack[-1][0] == name:
            opening = pieces[stack.pop()[1]]
            pieces.append((opening[0], "close") if opening[1] else ("", None))
    pieces.append((title[position:], None))
    for _, index in stack:  # never closed
        pieces[index] = ("", None)
    return pieces


def _shaped(word: str) -> bool:
    """An acronym, a mixed-case word or letters with digits (see the module docstring)."""
    parts = [part for part in _PARTS.split(word) if part]
    for index, part in enumerate(parts):
        tail = part[1:]
        if not tail.islower() and any(char.isupper() for char in tail):
            return True  # DNA, fMRI, iPhone, McDonald, U.S.
        if part[0].isupper() and (any(char.isdigit() for char in tail)  # T4, H1N1
                                  or index and parts[0][0].islower() and len(parts[0]) > 1):  # non-Hodgkin
            return True
    return False


# Word classes: how a word counts towards the title's case, and how it is braced.
SHAPED, CAPITAL, LETTER, LOWER, NEUTRAL = range(5)


@lru_cache(maxsize=1 << 16)
def _classify(word: str) -> tuple[int, tuple[tuple[int, int], ...]]:
    """A word's class and the spans of its proper-noun parts (``Non-Gaussian`` → ``((4, 12),)``)."""
    if _shaped(word):
        return SHAPED, ((0, len(word)),)
    if not word[0].isupper():
        ordinary = word[0].islower() and len(word) > 1 and word not in SMALL_WORDS
        return (LOWER if ordinary else NEUTRAL), ()
    spans = []
    position = 0
    for part in _PARTS.split(word):
        if part[:1].isupper() and is_proper_noun(part):
            spans.append((position, position + len(part)))
        position += len(part) + 1
    if len(word) == 1:
        return LETTER, tuple(spans)
    return (NEUTRAL if word.lower() in SMALL_WORDS else CAPITAL), tuple(spans)


def _phrase_end(text: str, match: re.Match) -> int:
    """Where a proper-noun phrase starting at this word ends (``West Africa``), else 0."""
    for phrase in PHRASES_BY_FIRST_WORD.get(match.group(), ()):
        end = match.start() + len(phrase)
        if text.startswith(phrase, match.start()) and not text[end:end + 1].isalnum():
            return end
    return 0


def _braces(pieces: list[Piece]) -> dict[int, list[tuple[int, int]]]:
    """The spans to brace in each text piece (outside tags), in order."""
    words = []  # (piece, match, class, proper-noun spans, starts the title or a subtitle, in a phrase)
    depth = 0
    first = True
    upper = lower = 0
    for index, (text, tag) in enumerate(pieces):
        if tag is not None:
            depth += 1 if tag == "open" else -1
            continue
        position = phrase_end = 0
        for match in _WORD.finditer(text):
            word = match.group()
            start = match.start()
            if text.find(":", position, start) >= 0 and _SUBTITLE.search(text, position, start):
                first = True
            kind, spans = _classify(word)
            if not first:
                upper += kind == CAPITAL
                lower += kind == LOWER
            if kind != LOWER and word in PHRASES_BY_FIRST_WORD:
                phrase_end = max(phrase_end, _phrase_end(text, match))
            if not depth:
                words.append((index, match, kind, spans, first, start < phrase_end))
            first = False
            position = match.end()
        if _SUBTITLE.search(text, position):
            first = True
    sentence_case = lower > upper
    braces: dict[int, list[tuple[int, int]]] = {}
    for index, match, kind, spans, first, in_phrase in words:
        if kind == SHAPED or (not first and match.group()[0].isupper()
                              and (sentence_case or in_phrase or kind == LETTER)):
            braces.setdefault(index, []).append(match.span())
        elif spans:
            braces.setdefault(index, []).extend((match.start() + a, match.start() + b) for a, b in spans)
    return braces


def _first_word_braced(title: str) -> bool:
    """Whether the title's first word is braced (an acronym or a proper noun; ``Bayesian inference``)."""
    first = _WORD.search(title)
    if first is None:
        return False
    kind, spans = _classify(first.group())
    return kind == SHAPED or bool(spans)


def title_latex(title: str, ascii_only: bool) -> str:
    """A CSL rich-text title as the LaTeX of a .bib ``title`` field (see the module docstring)."""
    title = normalize(title)
    if "<" not in title and title[1:].islower() and not _first_word_braced(title):
        return latex(title, ascii_only)  # no capital after the first character: nothing else to brace
    return braced_title(title, ascii_only)


def braced_title(title: str, ascii_only: bool) -> str:
    """A normalized title as LaTeX, each word weighed (what :func:`title_latex` does when it cannot tell at a
    glance that nothing needs braces)."""
    pieces: list[Piece] = _pieces(title) if "<" in title else [(title, None)]
    braces = _braces(pieces) if any(char.islower() for char in title) else {}
    out: list[str] = []
    for index, (text, tag) in enumerate(pieces):
        if tag == "open":
            out.append(COMMANDS[text] + "{")
        elif tag == "close":
            out.append("}")
        else:
            position = 0
            for start, end in braces.get(index, ()):
                out.append(latex(text[position:start], ascii_only))
                out.append("{" + latex(text[start:end], ascii_only) + "}")
                position = end
            out.append(latex(text[position:], ascii_only))
    return "".join(out)
