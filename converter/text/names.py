"""Person and organisation names: display strings to CSL name objects."""
from __future__ import annotations

import re
from functools import lru_cache

from .entities import unescape

Name = dict[str, str]

_SPACES = re.compile(r"\s+")
_AUTHOR_SEPARATOR = re.compile(r",\s+")
_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef·・]+$")
# Han and kana (Japanese names mix them): "西山 友子" is written family first, split at the space.
_HAN_KANA = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef々〆ヶ·・]+$")
_LONGEST_HAN_PERSON = 4  # characters: a compound surname and a two-character given name
_SEVERAL = re.compile(r"\s(?:and|&)\s|;")  # "Ann Lee and Bo Chen": two people in one name
_TRANSCRIBED = re.compile("[·・]")  # a foreign name in Han script (买买提·艾力), which may be longer
_HANGUL = re.compile(r"^[\uac00-\ud7af]+$")
_GLUED_INITIALS = re.compile(r"^((?:[A-Z]\.)+)([A-Z][a-z'\u00c0-\u024f].*)$")

HAN_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 令狐 尉迟 公孙 慕容 长孙 宇文 夏侯 司徒 澹台 轩辕 呼延 端木 南宫 西门 歐陽 諸葛 東方 長孫 司馬".split()
)
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "2nd", "3rd", "4th"})
LOWER_PARTICLES = frozenset(
    "van von der den de del della dello dei degli di da das do dos du la le lo ter ten zu zur vom ibn al el".split()
)
ROMANCE_PARTICLES = frozenset({"Di", "De", "Del", "Della", "Da", "Le", "La", "Van", "Von", "Dos", "Du", "Des", "Vander", "El",
                               "Al", "St.", "St", "Ibn", "Bin", "Abu"})
ORGANISATION_WORDS = frozenset(
    """consortium consortia collaboration collaborative collaborators group groups society association
    institute institution university committee council network team investigators organization
    organisation foundation agency ministry department center centre initiative alliance federation
    board registry program programme project inc inc. ltd ltd. llc corporation corp company laboratory
    laboratories hospital office commission panel taskforce partnership unit service union academy
    school college trialists bank banco banque banca bundesbank fund fondo fundación fundacion instituto
    institut instytut universidad université universite universität universitat università universita
    universiteit grupo gruppo groupe consorcio ministerio ministère ministero""".split()
)
# An organisation in Han script: these words anywhere, or these characters at the end (a group, a
# committee, a hospital…); a Han "name" longer than _LONGEST_HAN_PERSON characters is one too.
HAN_ORGANISATION_WORDS = ("中心", "委员会", "委員会", "研究所", "研究院", "医院", "醫院", "病院", "大学", "大學",
                          "学院", "學院", "学会", "學會", "协会", "協會", "協会", "实验室", "實驗室", "公司", "集团",
                          "协作组", "联盟", "聯盟", "小组", "编辑部", "编委会")
HAN_ORGANISATION_ENDINGS = ("组", "組", "会", "會", "部", "局", "院", "所", "室", "署", "厅")
# Leading words that make a name an organisation ("The Banco de España").
ORGANISATION_ARTICLES = frozenset({"The", "THE"})
_ORGANISATION_PHRASES = ("task force", "working party", "writing committee", "et al")
_ORGANISATION = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted(map(re.escape, ORGANISATION_WORDS | set(_ORGANISATION_PHRASES)), key=len,
                                    reverse=True)) + r")(?![\w-])")


def split_authors(text: str) -> list[str]:
    """Split a booksci ``authors`` string on a comma plus whitespace (``", "`` or ``",&nbsp;"``)."""
    text = unescape(text).replace("\u00a0", " ")
    return [part.strip() for part in _AUTHOR_SEPARATOR.split(text) if part.strip().strip(",")]


def clean_display(text: str) -> str:
    """Decode entities, fold spaces (NBSP included) and drop trailing commas."""
    return " ".join(unescape(text).split()).rstrip(",").strip()


def is_organisation(text: str) -> bool:
    """A name holding an organisation word (Consortium, Group, Bank, University, …) or phrase (Task
    Force), starting with an article ("The …"), or Han text with an organisation word (中心, 委员会, …)."""
    if text.split(" ", 1)[0] in ORGANISATION_ARTICLES and " " in text:
        return True
    if any(word in text for word in HAN_ORGANISATION_WORDS):
        return True
    return _ORGANISATION.search(text.lower()) is not None


@lru_cache(maxsize=4096)
def name_guess(display: str) -> str | None:
    """Why ``display`` was read as a literal by a guess rather than a rule (for a warning), or ``None``."""
    text = clean_display(display)
    if text.count(",") > 1 and not _family_given_suffix(text):
        return f"author {text!r} has {text.count(',')} commas, so it is not one person's name; kept whole"
    if _SEVERAL.search(text) and not is_organisation(text):
        return f"author {text!r} joins more than one name; kept whole"
    compact = text.replace(" ", "")
    if _HAN_KANA.match(compact) and not is_organisation(text) and " " not in text:
        if len(compact) > _LONGEST_HAN_PERSON and not _TRANSCRIBED.search(compact):
            return f"author {text!r} is too long for a personal name in Han script; kept whole"
        if not _HAN.match(compact):
            return f"author {text!r} mixes kana and kanji without a space between family and given name; kept whole"
        if compact.endswith(HAN_ORGANISATION_ENDINGS) and len(compact) > 2:
            return f"author {text!r} ends like an organisation's name; kept whole"
    return None


def _family_given_suffix(text: str) -> bool:
    """``"Smith, John, Jr."``: two commas, a suffix last."""
    parts = [part.strip() for part in text.split(",")]
    return len(parts) == 3 and all(parts) and parts[2].lower() in SUFFIXES


def _han_name(text: str) -> Name:
    family_length = 2 if text[:2] in HAN_COMPOUND_SURNAMES and len(text) > 2 else 1
    return {"family": text[:family_length], "given": text[family_length:]}


def _split_suffix(tokens: list[str]) -> tuple[list[str], str | None]:
    if len(tokens) > 2 and tokens[-1].lower() in SUFFIXES:
        return tokens[:-1], tokens[-1]
    return tokens, None


def _family_start(tokens: list[str]) -> int:
    """Index of the first token of the family name in a display-order name."""
    last = len(tokens) - 1
    for index in range(1, last):
        if tokens[index] in LOWER_PARTICLES:
            return index
    if last >= 2 and tokens[last - 1] in ROMANCE_PARTICLES:
        if last >= 3 and tokens[last - 2] in {"De", "Van"}:
            return last - 2
        return last - 1
    return last


def _with_suffix(name: Name, suffix: str | None) -> Name:
    if suffix:
        name["suffix"] = suffix
    return name


def _inverted(family: str, given: str) -> Name:
    """A ``Family, Given`` name; the suffix may follow the given names."""
    tokens, suffix = _split_suffix(["x", *given.split()])
    given = " ".join(tokens[1:]).strip(" ,")
    name: Name = {"family": family.strip()}
    if given:
        name["given"] = given
    return _with_suffix(name, suffix)


def parse_name(display: str) -> Name | None:
    """Parse one display name (``"Given Family"``, or ``"Family, Given"``) into a CSL name."""
    parsed = _parse_cached(display)
    return dict(parsed) if parsed is not None else None


@lru_cache(maxsize=4096)
def _parse_cached(display: str) -> tuple[tuple[str, str], ...] | None:
    """:func:`_parse` as immutable pairs: authors recur, and each caller gets a fresh dict."""
    name = _parse(display)
    return tuple(name.items()) if name is not None else None


def _parse(display: str) -> Name | None:
    text = clean_display(display)
    suffix: str | None
    if not text:
        return None
    if name_guess(text):
        return {"literal": text}
    if _family_given_suffix(text):
        family, given, suffix = (part.strip() for part in text.split(","))
        return _with_suffix(_inverted(family, given), suffix)
    if "," in text:
        head, _, tail = text.partition(",")
        tail = tail.strip()
        if tail.lower() in SUFFIXES:
            parsed = parse_name(head)
            if parsed and "family" in parsed:
                parsed["suffix"] = tail
            return parsed
        if not is_organisation(text) and head.strip() and tail:
            return _inverted(head, tail)
        text = text.replace(",", " ").strip()
        text = _SPACES.sub(" ", text)
    if is_organisation(text):
        return {"literal": text}
    compact = text.replace(" ", "")
    if compact[:1] >= "\u3040" or compact[:1] in "·・":  # else neither Han, kana nor Hangul can match
        if " " in text and _HAN_KANA.match(compact) and text.count(" ") == 1:
            family, given = text.split(" ")
            return {"family": family, "given": given}
        if _HAN.match(compact):
            return _han_name(compact) if len(compact) > 1 else {"literal": compact}
        if _HANGUL.match(compact) and len(compact) > 1:
            return {"family": compact[0], "given": compact[1:]}
    tokens = text.split(" ")
    if len(tokens) == 1:
        glued = _GLUED_INITIALS.match(text)
        if glued:
            return {"family": glued.group(2), "given": glued.group(1)}
        return {"literal": text}
    tokens, suffix = _split_suffix(tokens)
    glued = _GLUED_INITIALS.match(tokens[-1])
    if glued:
        tokens = [*tokens[:-1], glued.group(1), glued.group(2)]
    start = _family_start(tokens)
    return _with_suffix({"family": " ".join(tokens[start:]), "given": " ".join(tokens[:start])}, suffix)


def parse_names(displays: list[str]) -> list[Name]:
    """Parse many display names, dropping empty ones."""
    return [name for name in map(parse_name, displays) if name]


def family_key(name: Name) -> str:
    """The part of a name that an id or a sort key starts with: family without leading particles."""
    if "literal" in name:
        words = name["literal"].split(" ")
        return words[1] if len(words) > 1 and words[0] in ORGANISATION_ARTICLES else words[0]
    words = name.get("family", "").split(" ")
    while len(words) > 1 and words[0] in LOWER_PARTICLES:
        words.pop(0)
    return "".join(words)
