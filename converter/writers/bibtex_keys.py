"""Citation keys for .bib output, the ``key`` field (sort key) of author-less entries, and what an existing
.bib already holds (for ``append_to``).

A key is the item's id (``jaffal2025neuroplasticity``, unique within one conversion, see converter/ids.py),
or ``key_pattern`` filled in from the same parts the id is made of:

* ``{auth}``: the first author's family name without particles, ASCII-folded, lower case (``anon``
  when there is no author);
* ``{year}``: the issued year (nothing when there is none);
* ``{title}``: the first significant title word, ASCII-folded, lower case.

So ``{auth}{year}{title}`` gives the default ids, and ``{auth}_{year}`` gives ``jaffal_2025``. Keys keep
only characters every BibTeX and biber accepts (ASCII letters, digits and ``_:.+/-``) and are unique
case-insensitively (BibTeX treats ``Smith2020`` and ``smith2020`` as one entry): a repeated key gets
``a``, ``b``, … as in converter/ids.py, also against the keys of the ``append_to`` file.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import bibtexparser
from anyascii import anyascii

from ..errors import ConversionError
from ..ids import FUNCTION_WORDS, LONGEST_PART, KeyRegistry, base_key
from ..text.doi import normalize_doi
from ..text.latex_encode import encode
from ..text.markup import plain_title
from ..text.names import family_key

PLACEHOLDERS = ("auth", "year", "title")
KEY_LENGTH = 200  # characters of LaTeX in the ``key`` field of an author-less entry
_KEY_PARENTHESES = re.compile(r"[()]")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_UNSAFE = re.compile(r"[^A-Za-z0-9_:.+/-]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _ascii_words(text: str) -> list[str]:
    return [word for word in _NOT_ALNUM.split(anyascii(text).lower()) if word]


def key_parts(item: dict) -> dict[str, str]:
    """The values of the placeholders for one item (the parts of converter.ids.base_key)."""
    authors = item.get("author")
    first = authors[0] if isinstance(authors, list) and authors and isinstance(authors[0], dict) else None
    name = "".join(_ascii_words(family_key(first))) if first else ""
    issued = item.get("issued")
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    year = parts[0][0] if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0] else None
    title = item.get("title")
    words = _ascii_words(plain_title(title)) if isinstance(title, str) else []
    word = next((word for word in words if word not in FUNCTION_WORDS), "")
    return {"auth": name[:LONGEST_PART] or "anon", "year": str(year) if type(year) is int else "",
            "title": word[:LONGEST_PART]}


def check_pattern(pattern: str) -> None:
    """Raise a usage error for a placeholder other than ``{auth}``, ``{year}``, ``{title}``."""
    unknown = [name for name in _PLACEHOLDER.findall(pattern) if name not in PLACEHOLDERS]
    if unknown or not _PLACEHOLDER.search(pattern):
        raise ConversionError(f"key pattern {pattern!r}: use the placeholders "
                              f"{', '.join('{' + name + '}' for name in PLACEHOLDERS)}", code="usage")


def safe_key(text: str) -> str:
    """``text`` with only characters BibTeX and biber accept in a key (non-ASCII folded to ASCII)."""
    return _UNSAFE.sub("", text if text.isascii() else anyascii(text))


def item_id(item: dict) -> str:
    own = item.get("id")
    return str(own) if own is not None else ""


def own_key(item: dict) -> str:
    """The key an item gets with no key pattern: its id as a safe key, else one made from its fields."""
    return safe_key(item_id(item)) or safe_key(base_key(item))


class Keys:
    """Hands out the keys of one output: unique ignoring case, and not among ``taken``."""

    def __init__(self, pattern: str | None, taken: list[str]) -> None:
        if pattern is not None:
            check_pattern(pattern)
        self.pattern = pattern
        self.registry = KeyRegistry()
        for key in taken:
            self.registry.unique(key.lower())

    def key(self, item: dict) -> tuple[str, bool]:
        """The item's key, and whether it differs from the item's id."""
        own = item_id(item)
        if self.pattern is None:
            wanted = own_key(item)
        else:
            parts = key_parts(item)
            wanted = safe_key(_PLACEHOLDER.sub(lambda match: parts[match.group(1)], self.pattern)) or "anon"
        folded = wanted.lower()
        key = wanted + self.registry.unique(folded)[len(folded):]
        return key, self.pattern is None and key != own


def existing_bib(path: str | os.PathLike) -> tuple[str, list[str], dict[str, str]]:
    """The text of an existing .bib, its entry keys, and its DOIs (lower case) with the key holding each."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConversionError(f"cannot read {os.fspath(path)}: {error}", code="usage") from None
    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        raise ConversionError(f"{os.fspath(path)}: does not parse cleanly, so BibTeX would swallow the entries "
                              f"added after it: {_first_problem(library.failed_blocks[0])}; nothing written",
                              code="usage")
    keys = [block.key for block in library.entries if getattr(block, "key", None)]
    dois: dict[str, str] = {}
    for entry in library.entries:
        field = entry.fields_dict.get("doi")
        doi = normalize_doi(str(field.value)) if field is not None else None
        if doi:
            dois.setdefault(doi.lower(), entry.key)
    return text, keys, dois


def _first_problem(block: object) -> str:
    """Where the first block bibtexparser could not parse starts, and its key when it has one."""
    raw = str(getattr(block, "raw", "") or "")
    line = (getattr(block, "start_line", None) or 0) + 1
    head = raw.strip().split("\n", 1)[0][:60]
    return f"the entry at line {line} ({head!r})" if head else f"the block at line {line}"


def sort_key(item: dict) -> str:
    """The ``key`` field of an author-less entry: its title (else its container), cut after whole words to
    at most :data:`KEY_LENGTH` characters as LaTeX. plain and plainnat sort by it and plainnat prints it in
    the author's place, so it stays far below BibTeX's 500-character entry strings, and its parentheses
    are braced: natbib reads a label's last ``(…)`` as the year."""
    for field in ("title", "container-title"):
        text = item.get(field)
        if type(text) is not str or not text:
            continue
        key = ""
        for word in plain_title(text).split():
            longer = f"{key} {word}" if key else word
            if key and len(encode(longer, True)) > KEY_LENGTH:
                break
            key = longer
        key = encode(key, True)
        if len(key) > KEY_LENGTH:  # one long word
            key = encode(anyascii(plain_title(text))[:KEY_LENGTH // 2], True)
        return _KEY_PARENTHESES.sub(r"{\g<0>}", key)
    return ""
