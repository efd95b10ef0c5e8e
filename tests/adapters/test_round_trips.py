"""Round trips: our BibTeX, BibLaTeX and RIS writers, then the readers, give back the same CSL-JSON for
every field the format can hold (:func:`held`), for every fixture item of every input format and for
generated items (hypothesis).

What a format cannot hold is left out of the comparison, and said here:

* all three: line breaks inside a value (folded into a space); a particle kept apart (``non-dropping-particle``) or inside ``family`` (both are written
  ``van der Berg``); ``custom`` except the arXiv id (.bib) and the open-access PDF (RIS); types without a
  type of their own in the format (the writer's tables map several CSL types to one);
* BibTeX and BibLaTeX: an East Asian name is written whole in braces (family, then given, as it is said), so
  it comes back as one name; characters pdfLaTeX cannot set in text are written in their standard ASCII or macro form
  (Greek that looks like Latin letters, primes, Roman numerals, letter-like symbols) and come back as that;
  case protection (a braced word comes back as ``<span class="nocase">``; the writer
  braces words it must protect from BibTeX styles); no ``language`` (see ``FIELDS``); dates as date-parts only (the writers leave out literal dates); BibTeX dates keep year and
  month only, and no ``accessed`` or ``container-title-short``; an entry the BibTeX writer gives a fallback
  type (plain.bst needs fields it lacks: ``@misc``), or whose type has no .bib type of its own, keeps neither
  its type; and an issue is held by an article's ``number`` only (other types' ``number`` is a report or
  series number);
  a URL with non-ASCII characters comes back %-escaped (the same URL);
* RIS: a whole book's ``container-title``, which the writer puts in ``T2``, comes back as its series (what
  ``T2`` means in a ``BOOK`` by the RIS specification); plain-text titles (rich text tags are dropped by the writer); an organisation is a name string
  like any other, so a ``literal`` comes back as the shared display-name rules read it.
"""
import functools
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import converter
from converter.text.markup import plain_title
from converter.text.names import parse_name

ROOT = Path(__file__).parent.parent.parent
COMMON = ("id", "title", "author", "editor", "container-title", "collection-title", "publisher", "publisher-place",
          "volume", "issue", "page", "issued", "DOI", "URL", "ISSN", "ISBN", "PMID", "abstract", "note", "keyword",
          "edition")
FIELDS = {
    "bibtex": COMMON + ("PMCID",),
    "biblatex": COMMON + ("PMCID", "accessed", "container-title-short"),
    "ris": COMMON + ("container-title-short", "language"),
}
# CSL types each format writes as a type of its own (the inverse of the writers' tables).
TYPES = {
    "bibtex": {"article-journal", "paper-conference", "chapter", "book", "thesis", "report", "manuscript"},
    "biblatex": {"article-journal", "paper-conference", "chapter", "book", "thesis", "report", "manuscript",
                 "dataset", "software", "webpage", "patent"},
    "ris": {"article-journal", "paper-conference", "book", "chapter", "thesis", "dataset", "webpage", "report"},
}
NOCASE = re.compile(r'<span class="nocase">((?:(?!</span>).)*)</span>')
KEYWORD_SEPARATOR = re.compile(r"\s*[;,]\s*")


def fixture_items() -> list[dict]:
    """Every fixture's items, ids made unique across fixtures (two fixtures may hold the same paper)."""
    items, seen = [], set()
    for pattern in ("*/*.expected.json", "*/*.golden"):  # the other readers' goldens, and these readers'
        for path in sorted((ROOT / "fixtures").glob(pattern)):
            for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
                if item["id"] in seen:
                    item = {**item, "id": f"{item['id']}-{path.name.split('.')[0]}"}
                seen.add(item["id"])
                items.append(item)
    return items


_EAST_ASIAN = re.compile(r"^[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+$")


def _name(name: dict, to: str) -> dict:
    if to != "ris":  # an East Asian name is written whole in braces (family then given): one literal
        whole = "".join(name.get(part, "") for part in ("family", "given")) or name.get("literal", "")
        if whole and _EAST_ASIAN.match(whole):
            return {"literal": whole}
    if "literal" in name:
        return (parse_name(name["literal"]) or name) if to == "ris" else name
    family = " ".join(filter(None, (name.get("dropping-particle"), name.get("non-dropping-particle"),
                                    name.get("family"))))
    return {key: value for key, value in (("family", family), ("given", name.get("given")),
                                           ("suffix", name.get("suffix"))) if value}


def _date(date: dict, to: str) -> object:
    parts = date.get("date-parts") if isinstance(date, dict) else None
    if not parts or not parts[0]:
        return None
    first = [int(part) for part in parts[0]]
    return first[:2] if to == "bibtex" else first


@functools.lru_cache(maxsize=None)
def _set_as(character: str) -> str:
    """What a character beyond Latin (from the spacing modifiers U+02B0 on: Greek, primes, Roman numerals,
    letter-like symbols) reads back as after the .bib writers set it for pdfLaTeX, which has no Greek text
    font: ``Η`` is written ``H``, ``′`` as ``'``, ``Ⅱ`` as ``II``. Latin letters are not folded, so their
    round trip is tested as it is."""
    if ord(character) < 0x2B0:
        return character
    from converter.text.latex_encode import encode
    from converter.text.latex_text import latex_to_text

    return latex_to_text(encode(character, True)) or character


def _as_set(text: str) -> str:
    return "".join(map(_set_as, text)) if not text.isascii() else text


def held(item: dict, to: str, fallback: bool = False) -> dict:
    """The fields of ``item`` the format ``to`` holds, in a canonical form."""
    out: dict = {}
    typed = item.get("type") in TYPES[to] and not fallback
    for field in FIELDS[to]:
        if field == "issue" and to != "ris" and not (typed and item["type"] == "article-journal"):
            continue
        value = item.get(field)
        if value in (None, "", []):
            continue
        if field in ("author", "editor"):
            value = [_name(name, to) for name in value]
            if to != "ris":
                value = [{key: _as_set(part) for key, part in name.items()} for name in value]
        elif field in ("issued", "accessed"):
            value = _date(value, to)
        elif field == "title" or field.startswith("container-title") or field == "collection-title":
            value = plain_title(value) if to == "ris" and "<" in value else NOCASE.sub(r"\1", value)
        elif field == "keyword":
            value = ", ".join(word for word in KEYWORD_SEPARATOR.split(value) if word)
        if isinstance(value, str):
            value = " ".join(value.split())  # line breaks are folded into spaces in both formats
            if to != "ris":
                value = _as_set(value)
        if value is not None:
            out[field] = value
    if to == "ris" and item.get("type") == "book" and "container-title" in out:
        out.setdefault("collection-title", out.pop("container-title"))  # T2 of a BOOK is its series
    custom = item.get("custom") or {}
    if to == "ris" and custom.get("openAccessPdf"):
        out["pdf"] = custom["openAccessPdf"]
    if to != "ris" and custom.get("arXiv"):
        out["arXiv"] = custom["arXiv"]
    if typed:
        out["type"] = item["type"]
    return out


def round_trip(items: list[dict], to: str) -> tuple[list[dict], set]:
    """The items written as ``to`` and read back; the ids the BibTeX writer gave a fallback type."""
    warnings: list = []
    text = converter.write(items, to, warnings=warnings)
    fallback = {warning.record for warning in warnings if warning.code == "bibtex-type"}
    return converter.read(text, to, warnings=[], abbreviations=False), fallback


ITEMS = fixture_items()


def test_there_are_items_of_every_input_format():
    assert len(ITEMS) >= 120


@pytest.mark.parametrize("to", ["bibtex", "biblatex", "ris"])
def test_every_fixture_item_comes_back(to):
    back, fallback = round_trip(ITEMS, to)
    assert len(back) == len(ITEMS)
    for original, read in zip(ITEMS, back):
        expected = held(original, to, original.get("id") in fallback)
        assert held(read, to, original.get("id") in fallback) == expected, original["id"]


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüñçøß0123456789", min_size=1,
                max_size=10)
ascii_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)
phrases = st.lists(words, min_size=1, max_size=6).map(" ".join)
rich = st.lists(st.one_of(words, words.map(lambda w: f"<i>{w}</i>"), st.sampled_from(
    ["&", "%", "$", "#", "_", "—", "α", "DNA", "COVID-19", "“x”", "1–2", "a~b"])), min_size=1, max_size=8).map(" ".join)
persons = st.fixed_dictionaries({"family": words.map(str.capitalize), "given": phrases.map(str.title)})
organisations = phrases.map(lambda text: {"literal": f"{text.title()} Consortium"})
dates = st.lists(st.integers(1, 12), max_size=1).flatmap(
    lambda month: st.tuples(st.integers(1000, 2100), st.just(month), st.integers(1, 28)).map(
        lambda parts: [parts[0], *parts[1], *([parts[2]] if parts[1] else [])]))
items = st.fixed_dictionaries(
    {"id": st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789:-_", min_size=1, max_size=12).map(lambda w: "k" + w), "type": st.sampled_from(sorted(TYPES["bibtex"] | {"dataset", "webpage"})),
     "title": rich},
    optional={
        "author": st.lists(st.one_of(persons, organisations), min_size=1, max_size=4),
        "editor": st.lists(persons, min_size=1, max_size=2),
        "container-title": phrases.map(str.title), "publisher": phrases.map(str.title),
        "publisher-place": phrases.map(str.title), "volume": st.integers(1, 999).map(str),
        "issue": st.integers(1, 99).map(str),
        "page": st.tuples(st.integers(1, 500), st.integers(501, 999)).map(lambda p: f"{p[0]}-{p[1]}"),
        "issued": dates.map(lambda parts: {"date-parts": [parts]}),
        "DOI": words.map(lambda w: f"10.1234/{w.lower()}"), "URL": ascii_words.map(lambda w: f"https://example.org/{w}"),
        "ISSN": st.just("1234-5678"), "ISBN": st.just("978-3-16-148410-0"), "abstract": rich,
        "note": phrases, "keyword": st.lists(phrases, min_size=1, max_size=3).map(", ".join), "edition": st.just("2"),
    })


@pytest.mark.parametrize("to", ["bibtex", "biblatex", "ris"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(item=items)
def test_generated_items_come_back(to, item):
    [read], fallback = round_trip([item], to)
    assert held(read, to, item["id"] in fallback) == held(item, to, item["id"] in fallback)
