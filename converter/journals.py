"""Journal abbreviations: fill ``container-title-short`` when an item has none.

Sources, in order; each abbreviation carries a warning whose code names its source:

1. the input itself (``abbrev-from-input``): an S2 ``journal.name`` that abbreviates the venue, an S2
   ``publicationVenue.alternate_names`` entry that abbreviates the container title, or the booksci
   journal description ``Korean Journal of Pain (Korean J Pain, KJP) …``;
2. an NLM journal list the user provides (``abbrev-from-list``): the NLM catalog's ``J_Medline.txt`` or a
   CSV of title and abbreviation, looked up by ISSN first, then by normalised title; a key that leads to
   two different abbreviations gives no abbreviation (``abbrev-collision``);
3. ISO 4 rules (LTWA, through pyiso4), periods removed for the NLM form (``abbrev-computed``).

When no source gives one the field stays absent (``abbrev-unknown``). Adapters hand over what the input
says under the private key :data:`EVIDENCE_KEY`, which :func:`enrich` always removes.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import cast

from mypy_extensions import mypyc_attr

from .errors import ConversionError, Notes
from .text.abbreviations import abbreviates, compute_nlm, fold, main_title, nlm_form

EVIDENCE_KEY = "_journal"
# Where an abbreviation came from: kept with the warnings (codes in docs/MAPPING.md) but notes, not
# problems, so the command line prints them only with --verbose and read() does not issue them.
NOTE_CODES = frozenset({"abbrev-from-input", "abbrev-from-list", "abbrev-computed"})
ENVIRONMENT_VARIABLE = "CITECONV_JOURNALS"
JOURNAL_TYPES = frozenset({"article-journal", "article-magazine", "article-newspaper", "review", "review-book"})
_ISSN = re.compile(r"\b(\d{4})-?(\d{3}[\dXx])\b")
_DESCRIPTION = re.compile(r"^\s*(?P<title>[^()]{2,200}?)\s*\((?P<inside>[^()]{1,300})\)")


# -- the user's journal list ----------------------------------------------------------------------
def normalize_title(title: str) -> str:
    """The key titles are compared by: ASCII, lower case, ``&`` as ``and``, no leading article,
    punctuation as spaces."""
    text = fold(title).replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^(the|a|an) ", "", text)


def normalize_issns(text: str | None) -> list[str]:
    return [f"{a}-{b.upper()}" for a, b in _ISSN.findall(text or "")]


class JournalList:
    """Journal titles and their NLM abbreviations, indexed by ISSN and by normalised title.

    Titles are indexed exactly and, as a second tier, by their main title (no NLM subtitle after
    ``" : "``, no qualifier in parentheses). A key shared by journals with different abbreviations is a
    collision: :meth:`lookup` then answers ``"collision"`` rather than guess.
    """

    def __init__(self, entries=(), *, source: str = "<list>") -> None:
        self.source = source
        self.by_issn: dict[str, set[str]] = {}
        self.by_title: dict[str, set[str]] = {}
        self.by_main_title: dict[str, set[str]] = {}
        self.size = 0
        for title, abbreviation, issns in entries:
            self.add(title, abbreviation, issns)

    def add(self, title: str, abbreviation: str, issns: list[str] | tuple[str, ...] = ()) -> None:
        abbreviation = " ".join((abbreviation or "").split())
        if not abbreviation or not (title or issns):
            return
        self.size += 1
        for issn in issns:
            self.by_issn.setdefault(issn, set()).add(abbreviation)
        if title:
            self.by_title.setdefault(normalize_title(title), set()).add(abbreviation)
            self.by_main_title.setdefault(normalize_title(main_title(title)), set()).add(abbreviation)

    def __len__(self) -> int:
        return self.size

    @classmethod
    def load(cls, path: str | os.PathLike) -> "JournalList":
        """Read ``J_Medline.txt`` (records of ``JournalTitle:``, ``MedAbbr:``, ``ISSN (Print):`` …
        lines) or a CSV whose first two columns are title and abbreviation (an optional third holds
        ISSNs; a header row is skipped)."""
        try:
            text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
        except OSError as error:
            raise ConversionError(f"cannot read the journal list {str(path)!r}: {error.strerror or error}",
                                  code="usage") from None
        entries = _medline_entries(text) if _is_medline(text) else _csv_entries(text)
        journals = cls(entries, source=str(path))
        if not journals.size:
            raise ConversionError(f"the journal list {str(path)!r} holds no journal (expected J_Medline.txt "
                                  "records or title,abbreviation CSV rows)", code="usage")
        return journals

    def lookup(self, title: str | None, issns: list[str]) -> tuple[str, str | None, str]:
        """``(status, abbreviation, key)`` with status ``"found"``, ``"collision"`` or ``"missing"``;
        ``key`` says what matched (``ISSN 1234-5678`` or ``title …``)."""
        found = {issn: self.by_issn[issn] for issn in issns if issn in self.by_issn}
        if found:
            names = set().union(*found.values())
            keys = "ISSN " + ", ".join(found)
            return ("found", names.pop(), keys) if len(names) == 1 else ("collision", None, keys)
        if title:
            for index, key in ((self.by_title, normalize_title(title)),
                               (self.by_main_title, normalize_title(main_title(title)))):
                if key in index:
                    names = index[key]
                    return ("found", next(iter(names)), f"title {title!r}") if len(names) == 1 else \
                        ("collision", None, f"title {title!r}")
        return "missing", None, ""


def _is_medline(text: str) -> bool:
    head = text.lstrip()[:2000]
    return head.startswith("---") or bool(re.search(r"^(JrId|JournalTitle|MedAbbr):", head, re.MULTILINE))


def _medline_entries(text: str):
    record: dict[str, str] = {}
    for line in text.splitlines() + ["---"]:
        if line.startswith("---"):
            if record:
                issns = normalize_issns(record.get("ISSN (Print)", "") + " " + record.get("ISSN (Online)", ""))
                yield record.get("JournalTitle", ""), record.get("MedAbbr", ""), issns
            record = {}
        elif ":" in line:
            key, _, value = line.partition(":")
            record[key.strip()] = value.strip()


def _csv_entries(text: str):
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else (";" if sample.count(";") > sample.count(",") else ",")
    for position, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter)):
        if len(row) < 2 or row[0].lstrip().startswith("#"):
            continue
        if position == 0 and row[0].strip().casefold() in {"title", "journal", "journal title", "journaltitle", "name"}:
            continue
        yield row[0].strip(), row[1].strip(), normalize_issns(" ".join(row[2:]))


_LOADED: dict[tuple, JournalList] = {}


def load_journal_list(path: str | os.PathLike) -> JournalList:
    """:meth:`JournalList.load`, cached by path, size and modification time (read once per process)."""
    try:
        stat = os.stat(path)
        key = (os.path.abspath(path), stat.st_size, stat.st_mtime_ns)
    except OSError:
        return JournalList.load(path)  # raises the usage error
    if key not in _LOADED:
        _LOADED[key] = JournalList.load(path)
    return _LOADED[key]


# -- settings -------------------------------------------------------------------------------------
@mypyc_attr(native_class=False)  # compiled, a frozen dataclass would not unpickle (in worker processes)
@dataclass(frozen=True)
class AbbreviationSettings:
    """What :func:`enrich` may use: ``enabled`` (off: the field is never filled), the user's ``journals``
    list, and ``compute`` (ISO 4 fallback). Frozen and picklable."""

    enabled: bool = True
    journals: JournalList | None = None
    compute: bool = True


OFF = AbbreviationSettings(enabled=False)


def resolve_settings(abbreviations: bool | AbbreviationSettings = True,
                     journals: str | os.PathLike | JournalList | None = None) -> AbbreviationSettings:
    """Settings from the API options: ``abbreviations`` (``False`` turns the step off) and ``journals``
    (a path or a loaded :class:`JournalList`; when ``None`` the ``CITECONV_JOURNALS`` environment
    variable names the file, if set)."""
    if isinstance(abbreviations, AbbreviationSettings):
        return abbreviations
    if not abbreviations:
        return OFF
    if journals is None:
        journals = os.environ.get(ENVIRONMENT_VARIABLE) or None
    if journals is not None and not isinstance(journals, JournalList):
        journals = load_journal_list(journals)
    return AbbreviationSettings(enabled=True, journals=journals)


def for_output(settings: AbbreviationSettings, printed: bool) -> AbbreviationSettings:
    """The settings an output uses: :data:`OFF` for one that prints no journal abbreviation (``printed``
    false, e.g. BibTeX), where the step's work would show nowhere."""
    return settings if printed else OFF


# -- evidence from the input ----------------------------------------------------------------------
def evidence(names=(), alternates=(), description: str | None = None, issns=()) -> dict:
    """What an adapter hands over: the container's ``names`` (S2 journal.name, venue, venue name),
    ``alternates`` (S2 alternate names), the booksci ``description`` line and any ``issns``."""
    names = [name for name in names if isinstance(name, str) and name.strip()]
    alternates = [name for name in alternates if isinstance(name, str) and name.strip()]
    return {"names": names, "alternates": alternates, "description": description or None,
            "issns": [issn for issn in issns if isinstance(issn, str) and issn.strip()]}


def _description_candidates(description: str | None) -> tuple[list[str], list[str]]:
    """``"Korean Journal of Pain (Korean J Pain, KJP) is …"`` → (["Korean J Pain", "KJP"], ISSNs)."""
    match = _DESCRIPTION.match(description or "")
    if not match:
        return [], []
    inside = match.group("inside")
    return [part.strip() for part in re.split(r"[,;]", inside) if part.strip()], normalize_issns(inside)


def from_input(container: str, found: dict) -> tuple[str | None, str]:
    """The abbreviation the input itself gives for ``container``, and where it was found."""
    return _from_input(container, tuple(found.get("names", [])), tuple(found.get("alternates", [])),
                       found.get("description"))


@lru_cache(maxsize=4096)
def _from_input(container: str, names: tuple[str, ...], alternates: tuple[str, ...],
                description: str | None) -> tuple[str | None, str]:
    """:func:`from_input` on hashable evidence, remembered: a journal's records carry the same evidence."""
    full_titles = [container] + [name for name in names if abbreviates(container, name)]
    full_titles += [main_title(title) for title in full_titles if main_title(title) != title]
    candidates: list[tuple[str, str]] = []
    if any(abbreviates(container, title) for title in full_titles[1:]):
        candidates.append((container, "the journal name, next to the venue"))
    candidates += [(name, "a venue name") for name in names]
    candidates += [(name, "the venue's alternate names") for name in alternates]
    candidates += [(name, "the journal description") for name in _description_candidates(description)[0]]
    good: dict[str, str] = {}
    for candidate, where in candidates:
        if any(abbreviates(candidate, title) for title in full_titles):
            good.setdefault(nlm_form(candidate), where)
    if len(good) != 1:  # none, or the input disagrees with itself: no guess
        return None, ""
    return next(iter(good.items()))


# -- the step -------------------------------------------------------------------------------------
def enrich(item: dict, settings: AbbreviationSettings, notes: Notes) -> dict:
    """Remove the adapter's evidence from ``item`` and fill ``container-title-short`` if it is absent."""
    found = item.pop(EVIDENCE_KEY, None) or {}
    container = item.get("container-title")
    if (not settings.enabled or item.get("container-title-short") or not isinstance(container, str)
            or not container.strip() or item.get("type") not in JOURNAL_TYPES):
        return item
    short, where = from_input(container, found)
    if short:
        notes.warn("abbrev-from-input", f"journal abbreviation {short!r} taken from {where}")
        return _with_short(item, short)
    if settings.journals is not None:
        issns = normalize_issns(" ".join([str(item.get("ISSN") or "")] + found.get("issns", [])
                                         + _description_candidates(found.get("description"))[1]))
        status, short, key = settings.journals.lookup(container, issns)
        if status == "found":
            notes.warn("abbrev-from-list", f"journal abbreviation {short!r} from the journal list ({key})")
            return _with_short(item, cast(str, short))
        if status == "collision":
            notes.warn("abbrev-collision", f"the journal list gives different abbreviations for {key}; "
                                           "container-title-short left out")
            return item
    short = compute_nlm(container) if settings.compute else None
    if short:
        notes.warn("abbrev-computed", f"journal abbreviation {short!r} computed by ISO 4 rules "
                                      "(not checked against the NLM catalog)")
        return _with_short(item, short)
    notes.warn("abbrev-unknown", f"no abbreviation known for {container!r}; container-title-short left out")
    return item


def _with_short(item: dict, short: str) -> dict:
    from .adapters.item import ordered

    return ordered({**item, "container-title-short": short})


# -- the full title an input abbreviation stands for ---------------------------------------------------
_ABBREVIATED = re.compile(r"\w\.(?:\s|$)|^[A-Z&]{2,}(?:\s[A-Z&]{2,})*$")


_MEDIUM = re.compile(r"\s*\((?:Print|Online|Electronic|Internet|Web)\)\s*$", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")


def _only_inflected(name: str, title: str) -> bool:
    """Every word of ``name`` is a word of ``title`` or that word without its plural ``s``: a variant
    spelling of the title ("Journal of Communication" for "Journal of Communications"), not an
    abbreviation."""
    words = set(_WORD.findall(fold(title)))
    return all(word in words or word + "s" in words or word + "es" in words for word in _WORD.findall(fold(name)))


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(name))


def full_title_of(name: str, titles: list[str | None], alternates: list[str] | tuple[str, ...] = ()) -> str | None:
    """The first of ``titles`` that ``name`` abbreviates, or ``None`` (:func:`_full_title_of`, remembered:
    the same journal names and venues recur across records)."""
    return _full_title_of(name, tuple(titles), tuple(alternates))


@lru_cache(maxsize=1 << 12)
def _full_title_of(name: str, titles: tuple[str | None, ...], alternates: tuple[str, ...]) -> str | None:
    """The first of ``titles`` that ``name`` abbreviates, or ``None``.

    ``name`` abbreviates a title when it looks abbreviated (a word cut with a period, or an acronym) and
    is one of the title's ``alternates`` (S2 ``publicationVenue.alternate_names``, which belong to
    ``titles[0]``; S2 merges venues, so a full title there is not taken), when its words are prefixes of
    the title's words in order (``"Artif. Intell. Rev."``, DBLP's ``"Discret. Appl. Math."``), or when it
    is the title's ISO 4 abbreviation. A title no longer than ``name``, one whose main title (without a
    qualifier such as ``(Burbank, Calif.)``) is ``name``, or one that differs from it only by plurals is
    never its expansion. The medium qualifier S2 adds (``(Print)``, ``(Online)``) is dropped.
    """
    wanted = _key(name)
    for position, title in enumerate(titles):
        title = _MEDIUM.sub("", title or "")
        if (not title or len(title) <= len(name) or wanted in (_key(title), _key(main_title(title)))
                or _only_inflected(name, title)):
            continue
        if (position == 0 and _ABBREVIATED.search(name)
                and wanted in {_key(alternate) for alternate in alternates if alternate}):
            return title
        if abbreviates(name, title) or abbreviates(name, main_title(title)):
            return title
        computed = compute_nlm(title)
        if computed and _key(computed) == wanted:
            return title
    return None
