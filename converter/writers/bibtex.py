"""BibTeX and BibLaTeX output on bibtexparser v2: its entry model, its enclosing middleware and its writer.

``bibtex`` is classic BibTeX for ``bibtex`` + ``plain``/``plainnat``: ASCII with LaTeX macros, ``year`` and
a bare ``month`` macro, and entries the standard styles typeset without a warning (an entry that lacks a
field its type requires falls back to a type that does not need it, see :data:`FALLBACK`). ``biblatex``
is UTF-8 for biber: ``date``, ``journaltitle``, ``eprint``/``eprinttype``, ``shortjournal``. Both write
``doi``, ``url`` and ``eprint`` verbatim and escape every other field, so no value can reach LaTeX as a
command. The tables in :mod:`converter.writers.bibtex_tables` are the documentation (docs/BIBTEX.md repeats them).
"""
from __future__ import annotations

import gc
import os
import re
from contextlib import contextmanager
from functools import lru_cache, partial
from urllib.parse import quote

import bibtexparser
from bibtexparser.middlewares import AddEnclosingMiddleware
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat

from ..errors import ConversionError, ConversionWarning
from ..text.dates import MONTH_ABBREVIATIONS
from ..text.doi import normalize_doi
from ..text.latex_encode import encode, has_hidden, kept_characters
from ..text.pages import split_range
from . import Stream, register, register_stream
from .bibtex_keys import Keys, existing_bib, item_id, own_key, safe_key, sort_key
from .bibtex_tables import (BIBLATEX, BIBTEX, DEFAULT_TYPES, FALLBACK, LAST_RESORT, MASTERS_THESIS,
                            NO_YEAR, NUMBER_NEEDS_SERIES, NUMBER_NEEDS_VOLUME, PREPRINT_TYPES, RANK, REQUIRED,
                            TEXT_FIELDS, TYPES, Dialect)
from .bibtex_title import title_latex

_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_OLD_ARXIV = re.compile(r"^([a-z-]+(?:\.[A-Z]{2})?)/\d{7}(?:v\d+)?$")
_KEYWORD_SEPARATORS = re.compile(r"\s*[;,]\s*")
# Han, kana and Hangul names are written family name first with no space (刘洋), as one token.
_EAST_ASIAN = re.compile(
    r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ebef·・]+$")
# A name that needs none of the rules of _name: one capitalised ASCII family word and a plain given name.
# "Family, Given" as written, when the family name is one capitalised ASCII word and the given name plain ASCII.
_PLAIN_NAME = re.compile(r"[A-Z][A-Za-z'-]*, (?!(?i:and )|.* (?i:and)(?: |$))[A-Za-z][A-Za-z .'-]*")
_VERBATIM_UNSAFE = {True: re.compile(r"[^!-~]|[\\{}]"), False: re.compile(r"[\x00-\x20\x7f\\{}]")}




def _text(value: object) -> str | None:
    """A CSL string or number as text; anything else (and an empty string) is ``None``."""
    if type(value) is str:
        return value or None
    if type(value) in (int, float):
        return str(value)
    return None


def _verbatim(text: str, ascii_only: bool) -> str:
    """A verbatim value (doi, url, eprint): as given, but percent-encoded where it could break out of the
    field or reach LaTeX as a command (a backslash, braces, whitespace, controls; non-ASCII for BibTeX)."""
    return _VERBATIM_UNSAFE[ascii_only].sub(lambda match: quote(match.group(), safe=""), text.strip())


def _date_parts(date: object) -> list[int]:
    """The numeric parts of a CSL date's first date (year, month, day), as far as they are valid."""
    ranges = date.get("date-parts") if isinstance(date, dict) else None
    first = ranges[0] if isinstance(ranges, list) and ranges and isinstance(ranges[0], list) else ()
    parts: list[int] = []
    for value in first[:3]:
        number = int(value) if isinstance(value, str) and value.strip().isdigit() else value
        if type(number) is not int or (parts and not 1 <= number <= (12 if len(parts) == 1 else 31)):
            break
        parts.append(number)
    return parts


def _iso(parts: list[int]) -> str:
    return "-".join([f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])])


def _arxiv(item: dict) -> str | None:
    """The item's arXiv id: ``custom.arXiv``, a preprint's ``number``, or an arXiv DOI."""
    custom = item.get("custom")
    if isinstance(custom, dict) and (identifier := _text(custom.get("arXiv"))):
        return identifier.strip()
    if str(item.get("publisher", "")).lower() == "arxiv" and (number := _text(item.get("number"))):
        return number.strip()
    match = _ARXIV_DOI.match(str(item.get("DOI", "")))
    return match.group(1) if match else None


def _name_part(text: str, ascii_only: bool, brace: bool = False) -> str:
    """One part of a BibTeX name, braced when asked or when a comma or the word ``and`` would split it."""
    value = encode(text, ascii_only)
    if brace or "," in value or " and " in f" {value.lower()} ":
        return "{" + value + "}"
    return value


def _name(name: dict, ascii_only: bool) -> str | None:
    """``von Last, Jr, First`` (BibTeX's name syntax); a literal (organisation) in braces; a Han, kana or
    Hangul name as one braced token in its own order (``{刘洋}``)."""
    family = name.get("family")
    given = name.get("given")
    if len(name) == 2 and type(family) is str and type(given) is str:
        written = f"{family}, {given}"
        if _PLAIN_NAME.fullmatch(written):
            return written  # the common case, which needs none of the rules below
        return _family_given(family, given, ascii_only)
    return _bibtex_name(name, ascii_only)


@lru_cache(maxsize=1 << 16)  # names recur across a bibliography (an author's papers, common surnames)
def _family_given(family: str, given: str, ascii_only: bool) -> str | None:
    return _bibtex_name({"family": family, "given": given}, ascii_only)


def _bibtex_name(name: dict, ascii_only: bool) -> str | None:
    """:func:`_name` by the rules."""
    family = _text(name.get("family"))
    given = _text(name.get("given"))
    if len(name) == 2 and family and given and " " not in family and family[0].isupper():
        if not _EAST_ASIAN.match(family):  # one capitalised word: no von part, nothing to brace
            return f"{_name_part(family, ascii_only)}, {_name_part(given, ascii_only)}"
    if family and given and _EAST_ASIAN.match(family) and _EAST_ASIAN.match(given):
        return _name_part(family + given, ascii_only, brace=True)
    if not family:
        literal = _text(name.get("literal")) or given
        return _name_part(literal, ascii_only, brace=True) if literal else None
    particles = [part for key in ("dropping-particle", "non-dropping-particle") if (part := _text(name.get(key)))]
    words = " ".join([*particles, family]).split()
    von = 0  # leading lower-case words are BibTeX's von part (van der Berg), the rest the last name
    while von < len(words) - 1 and words[von][:1].islower():
        von += 1
    # A lower-case word inside the last name (Muñoz y Garcia) would make BibTeX split it: brace it.
    last = _name_part(" ".join(words[von:]), ascii_only, any(word[:1].islower() for word in words[von + 1:]))
    parts = [" ".join([*(encode(word, ascii_only) for word in words[:von]), last])]
    suffix = _text(name.get("suffix"))
    if suffix:
        parts += [_name_part(suffix, ascii_only), _name_part(given or "", ascii_only)]
    elif given:
        parts.append(_name_part(given, ascii_only))
    return ", ".join(parts)


def _names(names: object, ascii_only: bool) -> str | None:
    if type(names) is not list:
        return None
    written = [text for name in names if type(name) is dict and (text := _name(name, ascii_only))]
    return " and ".join(written) or None


def _pages(page: str, ascii_only: bool) -> str:
    """``89-102`` → ``89--102``; each range of a list (``1-5, 7-9``) alike."""
    ranges = []
    for piece in page.split(","):
        first, last = split_range(piece.strip())
        ranges.append(f"{encode(first, ascii_only)}--{encode(last, ascii_only)}" if last else
                      encode(first, ascii_only))
    return ", ".join(ranges)


def _fields(item: dict, dialect: Dialect, entry_type: str, arxiv: str | None, preprint: bool) -> dict[str, str]:
    """The .bib fields of an item for an entry type, in BibTeX's names, values ready to enclose (month as
    its macro name); empty values left out."""
    ascii_only = dialect.ascii_only
    get = item.get
    fields: dict[str, str] = {}
    for role in ("author", "editor"):
        if names := _names(get(role), ascii_only):
            fields[role] = names
    if title := _text(get("title")):
        fields["title"] = title_latex(title, ascii_only)
    if container := _text(get("container-title")):
        fields[dialect.containers.get(entry_type, "howpublished")] = encode(container, ascii_only)
    elif preprint and ascii_only and arxiv:
        fields["howpublished"] = "arXiv:" + encode(arxiv, True)  # plain and plainnat do not print eprint
    if not ascii_only and entry_type == "article":
        if short := _text(get("container-title-short")) or _text(get("journalAbbreviation")):
            fields["shortjournal"] = encode(short, False)
    publisher = _text(get("publisher"))
    if publisher and not (preprint and publisher.lower() == "arxiv"):
        fields[dialect.publisher_fields.get(entry_type, "publisher")] = encode(publisher, ascii_only)
    for csl, name in TEXT_FIELDS:
        if (value := get(csl)) is not None and (value := _text(value)):
            fields[name] = encode(value, ascii_only)
    if number := _text(get("issue")) or (None if preprint else _text(get("number"))):
        fields["number"] = encode(number, ascii_only)
    if page := _text(get("page")):
        fields["pages"] = _pages(page, ascii_only)
    if parts := _date_parts(get("issued")):
        if ascii_only:
            fields["year"] = str(parts[0])
            if len(parts) > 1:
                fields["month"] = MONTH_ABBREVIATIONS[parts[1] - 1]
        elif 0 < parts[0] < 10000:
            fields["date"] = _iso(parts)
    if ascii_only and "year" not in fields:
        fields["year"] = NO_YEAR  # plainnat warns about every entry with an empty year
    if not ascii_only and (accessed := _date_parts(get("accessed"))) and 0 < accessed[0] < 10000:
        fields["urldate"] = _iso(accessed)
    if doi := _text(get("DOI")):
        if doi := normalize_doi(doi) or (doi.strip() if doi.startswith("10.") else None):
            fields["doi"] = _verbatim(doi, ascii_only)
    if url := _text(get("URL")):
        fields["url"] = _verbatim(url, ascii_only)
    if arxiv:
        fields["eprint"] = _verbatim(arxiv, ascii_only)
        fields["archiveprefix"] = "arXiv" if ascii_only else "arxiv"
        if old_style := _OLD_ARXIV.match(arxiv):
            fields["primaryclass"] = old_style.group(1)
    if keywords := _text(get("keyword")):
        fields["keywords"] = ", ".join(encode(word, ascii_only) for word in _KEYWORD_SEPARATORS.split(keywords)
                                       if word.strip())
    return {name: value for name, value in fields.items() if value} if "" in fields.values() else fields


# Entry type -> (requirement, the field names that meet it) for each field REQUIRED.
_NEEDS = {entry_type: tuple((need, frozenset(need.split("|"))) for need in needs)
          for entry_type, needs in REQUIRED.items()}


def _missing(fields: dict[str, str], entry_type: str) -> list[str]:
    """The requirements of the entry type that the fields do not meet (``author|editor``)."""
    return [need for need, names in _NEEDS.get(entry_type, ()) if fields.keys().isdisjoint(names)]


def _bibtex_type(entry_type: str, fields: dict[str, str], containers: dict[str, str]) -> str:
    """The type the standard styles typeset without a warning: ``entry_type`` or its fallback. A container
    moves to ``howpublished`` on the way, where misc and booklet print it."""
    while _missing(fields, entry_type):
        entry_type = FALLBACK.get(entry_type, LAST_RESORT)
        if (moved := containers.values() & fields.keys()) and entry_type not in containers:
            fields["howpublished"] = fields.pop(moved.pop())
    if "number" in fields and (
            (entry_type in NUMBER_NEEDS_VOLUME and "volume" not in fields)
            or (entry_type in NUMBER_NEEDS_SERIES and ("volume" in fields or "series" not in fields))):
        fields["issue"] = fields.pop("number")
    return entry_type


def _has_hidden(item: dict) -> bool:
    """Whether a text field or a name of the item holds control or invisible formatting characters (each
    text is looked at alone: what is hidden in one is hidden in them all joined)."""
    texts = [value for value in item.values() if type(value) is str]
    for role in ("author", "editor"):
        if type(names := item.get(role)) is list:
            texts += [part for name in names if type(name) is dict for part in name.values() if type(part) is str]
    return any(not text.isprintable() and has_hidden(text) for text in texts)


def _warn(warnings: list, code: str, message: str, item: dict) -> None:
    warnings.append(ConversionWarning(code, message, None, item.get("id")))


def _typed_fields(item: dict, dialect: Dialect, key: str, warnings: list) -> tuple[str, list[tuple[str, str]]]:
    """One item's entry type and its fields in ORDER (values not yet enclosed; ``month`` a macro name)."""
    csl_type = item.get("type")
    arxiv = _arxiv(item)
    preprint = csl_type == "article" and (arxiv is not None or str(item.get("publisher", "")).lower() == "arxiv")
    if preprint:
        types = PREPRINT_TYPES
    else:
        types = TYPES.get(csl_type, DEFAULT_TYPES) if type(csl_type) is str else DEFAULT_TYPES
    entry_type = types[dialect.type_index]
    if entry_type == "phdthesis" and "master" in str(item.get("genre", "")).lower():
        entry_type = MASTERS_THESIS
    fields = _fields(item, dialect, entry_type, arxiv, preprint)
    if dialect.ascii_only:
        missing = [need.replace("|", " or ") for need in _missing(fields, entry_type)]
        written = _bibtex_type(entry_type, fields, dialect.containers) if missing or "number" in fields \
            else entry_type
        if written != entry_type:
            _warn(warnings, "bibtex-type", f"written as @{written}: plain and plainnat need {' and '.join(missing)}"
                  f" in @{entry_type}", item)
            entry_type = written
        if "author" not in fields:  # plain and plainnat sort by author, else by key
            fields["key"] = sort_key(item) or key
        kept = {name: kept_characters(value) for name, value in fields.items() if not value.isascii()}
        if kept:
            _warn(warnings, "latex-unencodable", "kept as UTF-8, no LaTeX macro exists: " + "; ".join(
                f"{name} {chars}" for name, chars in kept.items()), item)
    else:
        fields = {dialect.renames.get(name, name): value for name, value in fields.items()}
    if _has_hidden(item):
        _warn(warnings, "control-character", "control or invisible formatting characters removed", item)
    return entry_type, [(name, fields[name]) for name in sorted(fields, key=RANK.__getitem__)]


def format_entry(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    """An entry's text, laid out exactly as bibtexparser's writer lays it out with :data:`BIBTEXPARSER_LAYOUT`
    (two-space indent, values in braces, ``month`` bare); tests/writers/test_bibtex_fixtures.py holds the two
    equal. Formatting here directly is four times faster than building bibtexparser's model and writing it."""
    if not fields:
        return f"@{entry_type}{{{key},\n}}\n"
    body = ",\n  ".join([f"{name} = {value}" if name == "month" else f"{name} = {{{value}}}"
                           for name, value in fields])
    return f"@{entry_type}{{{key},\n  {body}\n}}\n"


def _entry(entry_type: str, key: str, fields: list[tuple[str, str]]) -> Entry:
    """An entry in bibtexparser's model (values not yet enclosed)."""
    return Entry(entry_type, key, [Field(name, value, enclosing="no-enclosing" if name == "month" else None)
                                   for name, value in fields])


# bibtexparser's enclosing and layout that format_entry reproduces.
BIBTEXPARSER_ENCLOSING = AddEnclosingMiddleware(reuse_previous_enclosing=False, enclose_integers=True,
                                                default_enclosing="{", allow_inplace_modification=True)


def _layout() -> BibtexFormat:
    layout = BibtexFormat()
    layout.indent = "  "
    layout.block_separator = "\n"
    return layout


BIBTEXPARSER_LAYOUT = _layout()


def to_library(items: list[dict], to: str = "bibtex", *, warnings: list | None = None,
               key_pattern: str | None = None) -> bibtexparser.Library:
    """The items as a bibtexparser Library (``to``: ``bibtex`` or ``biblatex``), for callers who go on with
    bibtexparser; ``bibtexparser.write_string(library, unparse_stack=[BIBTEXPARSER_ENCLOSING],
    bibtex_format=BIBTEXPARSER_LAYOUT)`` gives the text the writer gives."""
    dialect = {"bibtex": BIBTEX, "biblatex": BIBLATEX}[to]
    _check_options(key_pattern, None)
    blocks = _blocks(items, dialect, [] if warnings is None else warnings, Keys(key_pattern, []), None)
    return bibtexparser.Library([_entry(*block) for block in blocks])


@contextmanager
def _gc_paused():
    """Pause the cycle collector: an output is hundreds of thousands of small objects without cycles, and
    collecting while they are made costs a quarter of the time. Reference counting still frees them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _blocks(items: list[dict], dialect: Dialect, warnings: list, keys: Keys,
            taken_dois: dict[str, str] | None) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(entry type, key, fields) of each item; with ``taken_dois`` (append mode: lower-case DOI -> where it
    is), an item whose DOI is taken is left out."""
    blocks = []
    for item in items:
        doi = normalize_doi(str(item.get("DOI", ""))) if taken_dois is not None else None
        if doi and taken_dois is not None and (holder := taken_dois.get(doi.lower())) is not None:
            _warn(warnings, "duplicate-doi", f"not written: DOI {doi} is already {holder}", item)
            continue
        key, changed = keys.key(item)
        if doi and taken_dois is not None:
            taken_dois[doi.lower()] = f"in this output as {key}"
        blocks.append(_block(item, dialect, warnings, key, changed))
    return blocks


def _block(item: dict, dialect: Dialect, warnings: list, key: str, changed: bool) -> tuple[str, str, list[tuple[str, str]]]:
    """(entry type, key, fields) of one item under ``key``; ``changed``: the key is not the item's id."""
    if changed:
        _warn(warnings, "key-changed", f"written with key {key}", item)
    entry_type, fields = _typed_fields(item, dialect, key, warnings)
    return entry_type, key, fields


def _write(items: list[dict], dialect: Dialect, warnings: list, key_pattern: str | None,
           append_to: str | os.PathLike | None) -> str:
    taken_dois: dict[str, str] | None = None
    taken_keys: list[str]
    existing, taken_keys = "", []
    if append_to is not None:
        existing, taken_keys, dois = existing_bib(append_to)
        taken_dois = {doi: f"in {os.fspath(append_to)} as {key}" for doi, key in dois.items()}
    keys = Keys(key_pattern, taken_keys)
    with _gc_paused():
        text = "\n".join([format_entry(*block) for block in _blocks(items, dialect, warnings, keys, taken_dois)])
    if existing and text:
        return existing + ("\n" if existing.endswith("\n") else "\n\n") + text
    return existing or text


def _check_options(key_pattern: object, append_to: object) -> None:
    if key_pattern is not None and not isinstance(key_pattern, str):
        raise ConversionError("key_pattern must be a string", code="usage")
    if append_to is not None and not isinstance(append_to, (str, os.PathLike)):
        raise ConversionError("append_to must be a path", code="usage")


@register("bibtex")
def write_bibtex(items: list[dict], *, warnings: list, key_pattern: str | None = None,
                 append_to: str | os.PathLike | None = None) -> str:
    """Classic BibTeX (ASCII, LaTeX macros, ``month = apr``); ``key_pattern`` such as ``{auth}{year}`` makes
    the keys (default: the item ids); ``append_to`` is an existing .bib whose text comes first and whose keys
    and DOIs are not repeated."""
    _check_options(key_pattern, append_to)
    return _write(items, BIBTEX, warnings, key_pattern, append_to)


@register("biblatex")
def write_biblatex(items: list[dict], *, warnings: list, key_pattern: str | None = None,
                   append_to: str | os.PathLike | None = None) -> str:
    """BibLaTeX for biber (UTF-8, ``date``, ``journaltitle``, ``eprinttype``); options as for ``bibtex``."""
    _check_options(key_pattern, append_to)
    return _write(items, BIBLATEX, warnings, key_pattern, append_to)


def _stream(dialect: Dialect):
    """Entries one at a time for batches; with a key pattern or an existing .bib the keys and DOIs depend
    on the whole output, so those are not streamed (the batch then collects the items)."""
    def factory(*, key_pattern: str | None = None, append_to: str | os.PathLike | None = None) -> Stream | None:
        if key_pattern is not None or append_to is not None:
            return None
        return Stream(partial(_stream_entry, dialect=dialect), separator="\n", rekey=_rekey)
    return factory


def _stream_entry(item: dict, warnings: list, dialect: Dialect) -> str:
    """One item's entry, as :func:`_write` writes a list of that one item (its key needs no registry)."""
    key = own_key(item)
    return format_entry(*_block(item, dialect, warnings, key, key != item_id(item)))


def _rekey(text: str, old: str, new: str) -> str | None:
    """The entry under key ``new``: when ``old`` is its key as it is, and the key appears in no field
    (``key``, which plain and plainnat sort by when there is no author, falls back to it)."""
    start = text.find("{") + 1
    if not text.startswith(old + ",\n", start) or safe_key(new) != new or f"\n  key = {{{old}}}" in text:
        return None
    return text if new == old else text[:start] + new + text[start + len(old):]


register_stream("bibtex", _stream(BIBTEX))
register_stream("biblatex", _stream(BIBLATEX))
