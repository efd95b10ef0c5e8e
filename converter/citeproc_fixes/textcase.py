"""``text-case`` on rich text: markup from the data stays in place and ``nocase`` text (also small caps,
superscript and subscript) keeps its case; title case follows CSL 1.0.2 (stop words, hyphenated and
dashed compounds, the last word, the word after a colon)."""
from __future__ import annotations

import re

from citeproc import model
from citeproc.string import MixedString, NoCase, String

from .strings import Markup

# CSL 1.0.2's stop words and the name particles the reference processor also leaves alone. Its list also
# has two-word phrases ("such as", "due to"), but it tests one word at a time, so they never apply:
# "Tools Such as ChatGPT", "Due to" (as it prints them).
STOP_WORDS = frozenset("""a about above across afore after against along alongside amid amidst among amongst an
al and anenst apropos apud around as aside astride at athwart atop barring before behind below beneath beside
besides between beyond but by c ca circa d’ de despite down during et except for forenenst from given in
inside into lest like modulo near next nor notwithstanding of off on onto or out over per plus pro qua sans
since so than the through throughout thru thruout till to toward towards under underneath until unto up upon
van versus via vis-à-vis von vs vs. v v. with within without yet""".split())

_TOKEN = re.compile(r"[^\s\-‐–—/]+")
_EDGE = "\"'“”‘’«»()[]{}¿¡.,;:!?"


def _segments(text):
    if isinstance(text, MixedString):
        for part in text:
            yield from _segments(part)
    else:
        yield text


def _latin(ch: str) -> bool:
    return "a" <= ch.lower() <= "z" or "\u00c0" <= ch <= "\u024f"


def _upper(text: str, language) -> str:
    return (text.replace("i", "İ") if language == "tr" else text).upper()


class _Chars:
    """The visible characters of a rich string (markup left out) and which of them keep their case."""

    def __init__(self, segments, strings):
        self.strings = strings  # the engine's string classes
        self.segments = segments
        self.text = "".join(str(s) for s in segments if not _invisible(s))
        self.kept = []
        for segment in segments:
            if not _invisible(segment):
                self.kept.extend([isinstance(segment, NoCase)] * len(str(segment)))
        self.out = list(self.text)

    def set(self, start: int, new: str) -> None:
        """Replace the characters from ``start`` by those of ``new`` (same length), where not kept."""
        for offset, ch in enumerate(new):
            if not self.kept[start + offset]:
                self.out[start + offset] = ch

    def rebuild(self):
        parts, position = [], 0
        for segment in self.segments:
            if _invisible(segment):
                parts.append(segment)
                continue
            size = len(str(segment))
            if isinstance(segment, NoCase):
                parts.append(segment)
            else:
                new = "".join(self.out[position:position + size])
                parts.append(segment.__class__(new) if isinstance(segment, String) else self.strings.String(new))
            position += size
        return self.strings.MixedString(parts)


def _invisible(segment) -> bool:
    return isinstance(segment, Markup)


def _capitalize(chars: _Chars, start: int, end: int) -> None:
    """Capitalise the word ``chars.text[start:end]`` as ``String.capitalize_first`` does."""
    word = chars.text[start:end]
    new = str(chars.strings.String(word).capitalize_first())
    if len(new) == len(word):
        chars.set(start, new)


def _title(chars: _Chars) -> None:
    text = chars.text
    tokens = [match for match in _TOKEN.finditer(text) if any(ch.isalpha() for ch in match.group())]
    cores = [match.group().strip(_EDGE).lower().replace("'", "’") for match in tokens]
    for index, match in enumerate(tokens):
        word, start = match.group(), match.start()
        if any(ch.isupper() for ch in word):  # mixed or upper case: left as it is
            continue
        first = next((i for i, ch in enumerate(word) if ch.isalpha()), None)
        if first is None or not _latin(word[first]):
            continue
        if start and text[start - 1] == "-" and not any(ch.isalpha() for ch in _word_before(text, start - 1)):
            continue  # "07-x": a number's hyphenated tail is not a word
        before = text[:start].rstrip().rstrip("\"'”’»)]")
        opens = index == 0 or before[-1:] in (":", "?", "!")
        compound_head = start + len(word) < len(text) and text[start + len(word)] == "-" and \
            (start == 0 or text[start - 1].isspace())
        stop = cores[index] in STOP_WORDS
        if stop and not opens and not compound_head and index != len(tokens) - 1:
            continue
        _capitalize(chars, start, start + len(word))


def _word_before(text: str, end: int) -> str:
    start = end
    while start and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _sentence(chars: _Chars) -> None:
    text = chars.text
    if text.isupper():
        chars.set(0, text[:1] + text[1:].lower())
    else:
        for match in _TOKEN.finditer(text):
            if not match.group().isupper():
                chars.set(match.start(), match.group().lower())
    _capitalize_first(chars)


def _capitalize_first(chars: _Chars) -> None:
    match = next((m for m in re.finditer(r"\S+", chars.text) if any(ch.isalpha() for ch in m.group())), None)
    if match is not None:
        _capitalize(chars, match.start(), match.end())


def rich_case(text, text_case: str, language, strings):
    """``text`` (a String, NoCase or MixedString with markup) in ``text_case``; ``strings``: the engine's
    string classes."""
    if not isinstance(text, MixedString):
        if isinstance(text, NoCase):
            return text
        if text_case == "lowercase":
            return text.lower()
        if text_case == "uppercase":
            return text.__class__(_upper(str(text), language)) if isinstance(text, String) else _upper(text, language)
        text = strings.MixedString([text if isinstance(text, String) else strings.String(text)])
    chars = _Chars(list(_segments(text)), strings)
    if text_case == "lowercase":
        chars.set(0, chars.text.lower())
    elif text_case == "uppercase":
        upper = _upper(chars.text, language)
        if len(upper) == len(chars.text):
            chars.set(0, upper)
    elif text_case == "capitalize-first":
        _capitalize_first(chars)
    elif text_case == "capitalize-all":
        for match in re.finditer(r"\S+", chars.text):
            if not any(ch.isupper() for ch in match.group()):
                _capitalize(chars, match.start(), match.end())
    elif text_case == "title":
        _title(chars)
    elif text_case == "sentence":
        _sentence(chars)
    return chars.rebuild()


def fix_text_case(layer):
    """``text-case`` keeps the data's markup and ``nocase`` text (``<span class="nocase">``, small caps,
    super- and subscript), and title case follows CSL 1.0.2: stop words stay lowercase except first,
    last and after a colon, ``?`` or ``!``; each part of a hyphenated or dashed compound is capitalised
    (``Out-of-Fashion``, ``Self-Esteem``); name particles (``von``) stay; ``İ`` in Turkish upper case."""

    def case(self, text, language=None):
        text_case = self.get("text-case")
        if text_case is None or text is None:
            return text
        if text_case == "title" and language != "en":
            return text
        return rich_case(text, text_case, language, self.strings)

    layer.replace(model.TextCased, "case", case)
