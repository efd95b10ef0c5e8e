"""Journal-title abbreviation helpers: telling whether a string abbreviates a title, the NLM form of an
abbreviation, and the ISO 4 computation (pyiso4 with its bundled LTWA, no network)."""
from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Words an abbreviation may leave out (ISO 4 §7.1.7 and NLM practice): articles, prepositions, conjunctions.
SKIPPABLE = frozenset("""
a an the and of for in on at to by with from into via its
de des du la le les el los las da do dos di del della delle dell y e et i und fur für zur zum im am aus
""".split())
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_LATIN = re.compile(r"[A-Za-z]")
_LONGEST = 300  # characters; longer "titles" are not journal titles and are not abbreviated
_PART = re.compile(r"^(supplement|supplementum|suppl|series|serie|section|part|volume)\b", re.IGNORECASE)
# Added to pyiso4's own stopword list: foreign prepositions and conjunctions that NLM and ISO 4 drop.
# "za" is deliberately absent: NLM keeps it in "Za Zhi" (杂志, journal).
_EXTRA_STOPWORDS = ("fur", "v", "na", "w", "u", "och", "und", "zur", "zum")


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only, for comparisons."""
    return anyascii(unicodedata.normalize("NFKC", text)).casefold()


def main_title(title: str) -> str:
    """The title without an NLM subtitle (``"Academic medicine : journal of …"``), a ``/`` or ``=``
    parallel part, or a parenthesised qualifier (``"Lancet (London, England)"``)."""
    title = re.split(r"\s+[:/=]\s+", title, maxsplit=1)[0]
    title = re.sub(r"\s*\([^()]*\)\s*", " ", title)
    return " ".join(title.split()).strip(" .,;:")


def nlm_form(abbreviation: str) -> str:
    """An ISO 4 style abbreviation in NLM form: periods, commas and a standalone ``&`` removed (ISO 4 omits
    conjunctions), each word capitalised."""
    text = re.sub(r"[.,]|(?<!\S)&(?!\S)", " ", abbreviation)
    text = re.sub(r"\s*:\s*", " ", text)
    words = [word[0].upper() + word[1:] if word[0].islower() else word for word in text.split()]
    return " ".join(words)


def _words(text: str) -> list[str]:
    return [fold(match.group(0)) for match in _WORD.finditer(text.replace("&", " and "))]


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(char in letters for char in short)


@lru_cache(maxsize=1 << 14)
def abbreviates(candidate: str, title: str) -> bool:
    """Whether ``candidate`` reads as an abbreviation of ``title`` (NLM or ISO 4 style).

    Every candidate word must begin a title word, or continue a compound word ("Euro Surveill" for
    "Eurosurveillance"), and keep its letters in order ("Natl" for "National"); every title word that
    is not an article, preposition or conjunction must be used; at least one word must be shortened,
    and only words of five letters or more are shortened ("Plo ONE" does not abbreviate "PLoS ONE").
    Acronyms ("KJP" for "Korean Journal of Pain") are not abbreviations in this sense.
    """
    if len(candidate) > _LONGEST or len(title) > _LONGEST:
        return False
    tokens = _words(candidate)
    words = _words(title)
    if not tokens or not words or len(tokens) > 2 * len(words):
        return False

    def fresh(position: int) -> list[int]:
        """Title words a token may start at: the next one, or a later one past skippable words."""
        found = []
        while position < len(words):
            found.append(position)
            if words[position] not in SKIPPABLE:
                break
            position += 1
        return found

    @lru_cache(maxsize=None)
    def match(token: int, word: int, offset: int, shortened: bool) -> bool:
        """Tokens from ``token`` on match title words from ``word`` (``offset`` letters of it used)."""
        truncatable = offset == 0 or len(words[word]) >= 5
        if token == len(tokens):
            rest = words[word + 1:] if offset else words[word:]
            return truncatable and (shortened or bool(offset)) and all(w in SKIPPABLE for w in rest)
        text = tokens[token]
        starts = [(word, offset, shortened)] if offset else [(p, 0, shortened) for p in fresh(word)]
        if offset and truncatable:
            starts += [(p, 0, True) for p in fresh(word + 1)]
        for index, start, short_so_far in starts:
            target = words[index][start:]
            if not target or target[0] != text[0]:
                continue
            for end in range(len(text), len(target) + 1):
                piece = target[:end]
                if piece[-1] != text[-1] or not _is_subsequence(text, piece):
                    continue
                inner = len(text) < len(piece)
                if inner and len(words[index]) < 5:
                    continue
                consumed = start + end
                if consumed == len(words[index]):
                    if match(token + 1, index + 1, 0, short_so_far or inner):
                        return True
                elif match(token + 1, index, consumed, short_so_far or inner):
                    return True
        return False

    return match(0, 0, 0, False)


@lru_cache(maxsize=1)
def _iso4():
    """The pyiso4 abbreviator (LTWA 2021-07-02, shipped inside the package), or ``None`` without it."""
    try:
        from pyiso4.ltwa import Abbreviate
    except ImportError:
        return None

    class Abbreviator(Abbreviate):
        """pyiso4 with two fixes: a whole-word LTWA entry beats a prefix entry ("health", not
        abbreviated, over "heal-" → "heal."), and no IndexError when a replacement is longer than the word."""

        def abbreviate(self, sentence, fallback, guide, langs=None):
            patterns = self._potential_matches(sentence, langs)
            word = re.match(r"[a-z0-9']+", sentence)
            word_length = len(word.group(0)) if word else 0
            exact = [p for p in patterns if not p.start_with_dash and not p.end_with_dash
                     and len(p.pattern) == word_length]
            pattern = (exact or patterns or [None])[0]
            if pattern is None or pattern.replacement == "-":
                return fallback, len(fallback)
            return self.match_capitalization_and_diacritic(pattern.replacement, guide), len(pattern.pattern)

        @staticmethod
        def match_capitalization_and_diacritic(abbreviation, original):
            chars = list(unicodedata.normalize("NFKC", abbreviation))
            for index, char in enumerate(chars[: len(original)]):
                if anyascii(char) in (anyascii(original[index]).lower(), anyascii(original[index]).upper()):
                    chars[index] = original[index]
            return "".join(chars)

    from .ltwa_tree import lazy_trees

    prefix, suffix = lazy_trees()
    stopwords = Abbreviate.create(ltwa_file=os.devnull).stopwords  # the LTWA itself is read by lazy_trees
    return Abbreviator(prefix, suffix, list(stopwords) + list(_EXTRA_STOPWORDS))


def _iso4_input(title: str) -> str:
    """The part of an NLM-style title that the abbreviation covers: no subtitle, qualifier or text after
    ``;``; after ``". "`` only a part or supplement designation ("Journal of Chromatography. A",
    "Acta Paediatrica. Supplement"); hyphens between words as spaces ("Tick-borne" → "Tick Borne")."""
    title = main_title(title).split(";")[0]
    title = re.sub(r"\s+[-–—]\s+", " ", title)
    segments = re.split(r"\.\s+", title)
    kept = [segments[0]]
    for segment in segments[1:]:
        if not (_PART.match(segment) or len(segment.split()) <= 1):
            break
        kept.append(segment)
    title = ". ".join(kept)
    title = re.sub(r"(?<=\w)-(?=\w)", " ", title)
    return title.replace("&", " ").replace("+", " ").strip()


@lru_cache(maxsize=1 << 14)
def compute_nlm(title: str) -> str | None:
    """The title abbreviated by ISO 4 rules (LTWA), in NLM form; ``None`` when it cannot be computed
    (no Latin letters, pyiso4 missing or failing)."""
    abbreviator = _iso4()
    if len(title) > _LONGEST:
        return None
    title = _iso4_input(title)
    if abbreviator is None or not _LATIN.search(title):
        return None
    try:
        result = abbreviator(title, remove_part=True)
    except Exception:  # pyiso4 bug on an odd title: no guess
        return None
    result = nlm_form(result)
    return result or None
