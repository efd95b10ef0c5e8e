"""Text case, quotes and rich text."""
from __future__ import annotations

import re

from citeproc import model
from citeproc.string import MixedString, NoCase, String

from . import original, patch


def fix_text_case_language():
    """``text-case="title"`` on a label, name part or date part (no item language given) applies for an
    English style: ``(Eds.)``, not ``(eds.)``."""
    case = model.TextCased.case  # the "text-case" fix's, when applied

    def case_with_default(self, text, language=None):
        if language is None:
            language = (self.get_root().get("default-locale") or "en")[:2]
        return case(self, text, language)

    patch(model.TextCased, "case", case_with_default)


def fix_capitalize_first():
    """``capitalize-first`` (also used by title case) leaves a word that already has capitals inside alone
    (``arXiv``, ``iPhone``) and capitalises the first letter after a leading quote (``‘Long``)."""
    capitalize = original(String, "capitalize_first")

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

    patch(String, "capitalize_first", capitalize_first)


class Markup(NoCase):
    """A formatting tag from the data (``<i>``, ``</i>``): never case-changed, never counted as a word."""

    def words(self):
        return iter(())


def fix_quotes():
    """``quotes="true"`` with the locale's ``punctuation-in-quote``: a following comma or period moves
    inside the closing quote (``“Title,” 2019``); quotes already inside are flipped to the inner pair."""
    quote = original(model.Quoted, "quote")

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

    patch(model.Quoted, "quote", quote_flipping)


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


__all__ = ["Markup", "MixedString", "punctuation_in_quote"]


from . import flipflop, punctuation, textcase  # noqa: E402  (their fixes are registered through this module)

fix_flip_flop = flipflop.fix_flip_flop
fix_superscript_characters = flipflop.fix_superscript_characters
fix_punctuation_seam = punctuation.fix_punctuation_seam
fix_text_case = textcase.fix_text_case
