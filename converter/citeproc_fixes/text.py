"""Text case, quotes and rich text."""
from __future__ import annotations

from citeproc import model
from citeproc.string import MixedString, NoCase, String

from . import original, patch


def fix_text_case_language():
    """``text-case="title"`` on a label, name part or date part (no item language given) applies for an
    English style: ``(Eds.)``, not ``(eds.)``."""
    case = original(model.TextCased, "case")

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


def punctuation_in_quote(text: str, close_quotes: str = "”’") -> str:
    """Move a comma or period that follows a closing quote inside it (en-US ``punctuation-in-quote``)."""
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in close_quotes and i + 1 < len(text) and text[i + 1] in ",." and (i == 0 or text[i - 1] not in ",."):
            out.append(text[i + 1] + ch)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


__all__ = ["Markup", "MixedString", "punctuation_in_quote"]
