"""Text case, quotes and rich text."""
from __future__ import annotations

import re

from citeproc import model
from citeproc.string import String

from .source import smart_quotes


def fix_text_case_language(layer):
    """``text-case="title"`` on a label, name part or date part (no item language given) applies for an
    English style: ``(Eds.)``, not ``(eds.)``."""
    case = layer.current(model.TextCased, "case")  # the "text-case" fix's, when applied

    def case_with_default(self, text, language=None):
        if language is None:
            language = (self.get_root().get("default-locale") or "en")[:2]
        return case(self, text, language)

    layer.replace(model.TextCased, "case", case_with_default)


def fix_capitalize_first(layer):
    """``capitalize-first`` (also used by title case) leaves a word that already has capitals inside alone
    (``arXiv``, ``iPhone``) and capitalises the first letter after a leading quote (``‘Long``)."""
    capitalize = layer.original(String, "capitalize_first")

    def capitalize_first(self):
        text = str(self)
        word = text.split(" ", 1)[0]
        if any(ch.isupper() for ch in word[1:]):
            return self
        start = 0
        while start < len(text) and not text[start].isalnum() and text[start] in "‘“'\"([¿¡":
            start += 1  # a leading quote or bracket: capitalise the letter after it (‘Long COVID’)
        if start == 0 or start >= len(text):
            return capitalize(self)
        return self.__class__(text[:start] + text[start].upper() + text[start + 1:])

    layer.replace(String, "capitalize_first", capitalize_first)


def fix_quotes(layer):
    """``quotes="true"`` with the locale's ``punctuation-in-quote``: a following comma or period moves
    inside the closing quote (``“Title,” 2019``); quotes already inside are flipped to the inner pair."""
    quote = layer.original(model.Quoted, "quote")

    def quote_flipping(self, string):
        if self.get("quotes", "false").lower() != "true":
            return string
        inner_open = str(self.get_single_term(name="open-inner-quote"))
        inner_close = str(self.get_single_term(name="close-inner-quote"))
        outer_open = str(self.get_single_term(name="open-quote"))
        outer_close = str(self.get_single_term(name="close-quote"))
        if len(inner_open) == len(outer_open) == len(inner_close) == len(outer_close) == 1 and outer_open != inner_open:
            table = str.maketrans({outer_open: inner_open, outer_close: inner_close})
            string = string.translate(table) if hasattr(string, "translate") else string
        return quote(self, string)

    layer.replace(model.Quoted, "quote", quote_flipping)


_QUOTE_RUN = re.compile(r"(?P<run>(?:[”’]|</(?:i|b|u|sup|sub|span)>)+)(?P<mark>[.,])")


def punctuation_in_quote(text: str, close_quotes: str = "”’") -> str:
    """Move a comma or period that follows closing quotes (and closing markup) inside them (en-US
    ``punctuation-in-quote``): ``“Title”,`` -> ``“Title,”``, ``‘The One’.”`` -> ``‘The One.’”``,
    ``<i>“Book”</i>.`` -> ``<i>“Book.”</i>``; a period after ``.``, ``?`` or ``!`` goes (``“Why?”``). A
    ``’`` with no ``‘`` before it is an apostrophe (``patients’.`` stays)."""
    if "”" not in text and "’" not in text:
        return text

    def move(match):
        run, mark = match.group("run"), match.group("mark")
        first = next((i for i, ch in enumerate(run) if ch in close_quotes and
                      (ch != "’" or "‘" in text[:match.start() + i])), None)
        if first is None:
            return match.group()
        before = text[match.start() - 1] if match.start() else ""
        if mark == "." and before in ".!?" or mark == "," and before == ",":
            mark = ""
        return run[:first] + mark + run[first:]

    return _QUOTE_RUN.sub(move, text)


def fix_affix_quotes(layer):
    """Straight quotes in a cite's prefix and suffix print as typographic ones, as in the data
    (:func:`.source.smart_quotes`): ``'quote', `` -> ``“quote”, ``, ``, "Hello there".`` -> ``, “Hello
    there”.``, apostrophes as ``’``."""

    def cite_affixes(self, item):
        return smart_quotes(item.get("prefix", "")), smart_quotes(item.get("suffix", ""))

    layer.replace(model.Layout, "cite_affixes", cite_affixes)


def value_quotes(text: str) -> str:
    """:func:`.source.smart_quotes` of a style's own text; an odd double quote stays straight (a lone
    ``"`` as the reference processor prints it), the others as in the data."""
    if text.count('"') % 2:
        return smart_quotes(text.replace('"', "\ue000")).replace("\ue000", '"')
    return smart_quotes(text)


def fix_value_quotes(layer):
    """Straight quotes in the ``value`` of a ``cs:text`` print typographic, as in the data: ``'friend'`` ->
    ``“friend”``, ``d'accord`` -> ``d’accord`` (inside ``quotes="true"`` the inner pair: ``“Speak, ‘friend’
    …”``)."""
    preformat = layer.current(model.Text, "preformat")  # cs:text preformats only its value

    def preformat_quoted(self, text):
        return preformat(self, value_quotes(text))

    layer.replace(model.Text, "preformat", preformat_quoted)
